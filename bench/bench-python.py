#!/usr/bin/env python3
"""bench-python.py LIBRARY LOG [LINES] -- `make bench`'s Python stage: the
binding (bindings/python) against what a Python user would write instead, on
the first LINES lines of LOG (200000 by default) in the same run (best of 3
each, interleaved):
- a loop over the lines alone, the floor of any Python reader;
- a regex extractor: the syslog prefix and queue id by one pattern, and
  every key=value pair by another, into a dict per line -- fewer fields
  than the binding gives (no reply, status text, delays split, numbers);
- maillog.parse_file(): a dict of every field per line.
Figures are printed, never checked."""
import os, re, sys, tempfile, time

lib, whole = sys.argv[1], sys.argv[2]
want = int(sys.argv[3]) if len(sys.argv) > 3 else 200000
os.environ["MAILLOG_LIBRARY"] = os.path.abspath(lib)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings", "python"))
import maillog  # noqa: E402

PREFIX = re.compile(rb"^(\w{3} +\d+ [\d:]+) (\S+) ([^\s\[:]+)(?:\[(\d+)\])?: "
                    rb"(?:([0-9A-Za-z]{6,}|NOQUEUE): )?(.*)$")
PAIR = re.compile(rb"([\w-]+)=(<[^>]*>|[^,\s]*)")


def lines_only():
    n = 0
    with open(log, "rb") as f:
        for _ in f:
            n += 1
    return n


def regex_extractor():
    n = 0
    with open(log, "rb") as f:
        for line in f:
            m = PREFIX.match(line.rstrip(b"\n"))
            if m:
                d = {"ts": m[1], "host": m[2], "program": m[3], "pid": m[4], "queue_id": m[5]}
                d.update(PAIR.findall(m[6]))
            n += 1
    return n


def binding():
    n = 0
    for _ in maillog.parse_file(log, reference_time=1795953600):
        n += 1
    return n


tmp = tempfile.TemporaryDirectory()
log = os.path.join(tmp.name, "head.log")
with open(whole, "rb") as src, open(log, "wb") as dst:
    for i, line in enumerate(src):
        if i >= want:
            break
        dst.write(line)

runs = {"lines alone": lines_only, "regex extractor": regex_extractor, "maillog.parse_file": binding}
best = {name: float("inf") for name in runs}
count = {}
for _ in range(3):
    for name, fn in runs.items():
        t0 = time.monotonic()
        count[name] = fn()
        best[name] = min(best[name], time.monotonic() - t0)
size = os.path.getsize(log)
print(f"Python {sys.version.split()[0]} on {count['lines alone']} lines, {size / 1e6:.1f} MB (best of 3):")
print(f"{'reader':30} {'seconds':>10} {'lines/s':>12} {'x lines alone':>14}")
for name in runs:
    print(f"{name:30} {best[name]:10.3f} {count[name] / best[name]:12.0f} "
          f"{best[name] / best['lines alone']:14.1f}")
print(f"maillog.parse_file takes {best['maillog.parse_file'] / best['regex extractor']:.2f}x the time "
      f"of the regex extractor")
tmp.cleanup()
