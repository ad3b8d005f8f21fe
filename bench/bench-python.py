#!/usr/bin/env python3
"""bench-python.py LOG [MAILLOG_JSON] -- `make bench-python`: the maillog
package against what a Python user would write instead, and the
correlation against the C tool, on LOG in one run (best of 3 each,
interleaved).  Run with the Python of the venv the package is installed in.

- lines alone: a loop over the file's lines, the floor of any Python reader;
- regex extractor: queue id, from, to and status of each Postfix line by
  four plain `re` patterns over bytes (no decoding), a tuple per line;
- maillog.parse_file: every field of every line parsed (by C), a Record
  per line, nothing decoded to str;
- the same reading rec.queue_id, rec.from_, rec.to and rec.status of every
  record: the regex's four fields, decoded (the fair comparison);
- maillog.messages: parsed and correlated, a Message or Session each;
- maillog-json --messages --sessions: the C tool doing the same, its JSON
  written to /dev/null.
Each reader's wall time and CPU time (its process's, or the tool's as a
child) are given: on a shared machine the CPU time moves less.
Figures are printed, never checked."""
import os
import re
import resource
import subprocess
import sys
import time

import maillog

log = sys.argv[1]
tool = sys.argv[2] if len(sys.argv) > 2 else None

LINE = re.compile(rb"postfix/[\w/-]+\[\d+\]: ([0-9A-Za-z]{6,}): (.*)")
FROM = re.compile(rb"from=<([^>]*)>")
TO = re.compile(rb"to=<([^>]*)>")
STATUS = re.compile(rb"status=(\w+)")


def lines_only():
    n = 0
    with open(log, "rb") as f:
        for _ in f:
            n += 1
    return n


def regex_extractor():
    n = 0
    line_re, from_re, to_re, status_re = LINE.search, FROM.search, TO.search, STATUS.search
    with open(log, "rb") as f:
        for line in f:
            m = line_re(line)
            if m:
                rest = m[2]
                fr, to, st = from_re(rest), to_re(rest), status_re(rest)
                _ = (m[1], fr and fr[1], to and to[1], st and st[1])
            n += 1
    return n


def parse_file():
    n = 0
    for _ in maillog.parse_file(log, reference_time=1795953600):
        n += 1
    return n


def parse_file_four_fields():
    n = 0
    for rec in maillog.parse_file(log, reference_time=1795953600):
        _ = (rec.queue_id, rec.from_, rec.to, rec.status)
        n += 1
    return n


def messages():
    n = 0
    for _ in maillog.messages(log, reference_time=1795953600):
        n += 1
    return n


def c_tool():
    with open(os.devnull, "wb") as out:
        subprocess.run([tool, "--messages", "--sessions", "--reference-time", "1795953600", log],
                       stdout=out, check=True)
    return 0


runs = {"lines alone": lines_only, "regex extractor (4 fields)": regex_extractor,
        "maillog.parse_file": parse_file, "maillog.parse_file + 4 fields read": parse_file_four_fields}
if maillog._maillog.HAVE_CORRELATE:
    runs["maillog.messages"] = messages
    if tool:
        runs["maillog-json --messages --sessions"] = c_tool
best = {name: float("inf") for name in runs}
cpu = {name: float("inf") for name in runs}
count = {}


def cpu_now():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


for _ in range(3):
    for name, fn in runs.items():
        c0, t0 = cpu_now(), time.perf_counter()
        count[name] = fn()
        best[name] = min(best[name], time.perf_counter() - t0)
        cpu[name] = min(cpu[name], cpu_now() - c0)
size = os.path.getsize(log)
lines = count["lines alone"]
print(f"Python {sys.version.split()[0]}, maillog {maillog.library_version()}, on {lines} lines, "
      f"{size / 1e6:.1f} MB (best of 3, interleaved):")
print(f"{'reader':40} {'seconds':>8} {'CPU s':>8} {'lines/s':>10} {'x lines alone':>14}")
for name in runs:
    print(f"{name:40} {best[name]:8.3f} {cpu[name]:8.3f} {lines / best[name]:10.0f} "
          f"{best[name] / best['lines alone']:14.2f}")


def ratio(a, b):
    return f"{best[a] / best[b]:.2f}x (CPU time: {cpu[a] / cpu[b]:.2f}x)"


rx = "regex extractor (4 fields)"
print(f"maillog.parse_file is {ratio(rx, 'maillog.parse_file')} as fast as the regex extractor "
      f"(target: at least 3x)")
print(f"maillog.parse_file reading the 4 fields is {ratio(rx, 'maillog.parse_file + 4 fields read')} "
      f"as fast as the regex extractor")
if "maillog-json --messages --sessions" in best:
    print(f"maillog.messages takes {ratio('maillog.messages', 'maillog-json --messages --sessions')} "
          f"the time of maillog-json --messages --sessions (target: at most 2x)")
