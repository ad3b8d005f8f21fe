#!/usr/bin/env python3
"""bench-instr.py BENCH [LINES] [--guard BASELINE [--max-growth PCT]]
[--write-baseline FILE] [--read LOG] -- `make bench`'s repeatable figures:
the instructions each stage executes per input byte, counted by valgrind's
callgrind on a synthetic log of LINES lines (100000 by default; 0 skips
the count), or on LOG (bench --read: gen-exchange's log of LINES lines).
Unlike seconds, these counts do not depend on the machine's load.  The
bench is built with -fno-inline so that every stage is one function whose
inclusive count callgrind reports.

With --guard, the figures per byte of extraction, JSON and correlation are
compared with a committed baseline (`make bench-guard`, run by CI), and the
script fails when any grew by more than --max-growth percent (5 by
default): a change that makes the parser slower does not land unseen.
Updating the baseline (--write-baseline) is a deliberate commit that says
why."""
import os, re, shutil, subprocess, sys, tempfile

args = [a for a in sys.argv[1:]]
def option(name, default=None):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value
    return default
guard = option("--guard")
max_growth = float(option("--max-growth", "5"))
write_baseline = option("--write-baseline")
read_log = option("--read")
bench = args[0]
lines = args[1] if len(args) > 1 else "100000"
if int(lines) <= 0:
    print("instructions per byte: not counted (BENCH_INSTR_LINES=0)")
    sys.exit(0)
if not shutil.which("valgrind") or not shutil.which("callgrind_annotate"):
    print("instructions per byte: valgrind is not installed (apt-get install valgrind)")
    sys.exit(0)
STAGES = [("memchr_split", "memchr line split"),
          ("stage_extract", "parse + extract every field"),
          ("stage_json", "parse + JSON of every record"),
          ("stage_correlate", "parse + correlate messages")]
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "callgrind.out")
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
                          bench, "--lines", lines, "--runs", "1"] +
                         (["--read", read_log] if read_log else []),
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("bench-instr: the bench failed under callgrind:\n" + run.stderr[-2000:])
    m = re.search(r"^input: (\d+) lines.*\((\d+) bytes\)", run.stdout, re.M)
    if not m:
        sys.exit("bench-instr: no input line in the bench's output")
    nlines, nbytes = int(m.group(1)), int(m.group(2))
    ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                         capture_output=True, text=True, check=True).stdout
counts = {}
for fn, _ in STAGES:
    m = re.search(r"^\s*([\d,]+) \([ \d.]+%\)\s+\S*:" + fn + r"\b", ann, re.M)
    if not m:
        sys.exit(f"bench-instr: callgrind reported no {fn}")
    counts[fn] = int(m.group(1).replace(",", ""))
print(f"instructions (callgrind) on {nlines} lines, {nbytes} bytes"
      + (f" of {read_log}:" if read_log else ":"))
print(f"{'stage':30} {'instructions':>14} {'per byte':>10} {'per line':>10} {'x memchr':>10}")
base = counts["memchr_split"]
for fn, name in STAGES:
    n = counts[fn]
    print(f"{name:30} {n:14d} {n / nbytes:10.2f} {n / nlines:10.0f} {n / base:10.1f}")

GUARDED = ["stage_extract", "stage_json", "stage_correlate"]
if write_baseline:
    with open(write_baseline, "w") as f:
        f.write("# instructions per byte (callgrind) on %s lines of bench/bench.c's log;\n"
                "# made by bench/bench-instr.py --write-baseline (make bench-baseline)\n" % lines)
        for fn in GUARDED:
            f.write("%s %.4f\n" % (fn, counts[fn] / nbytes))
    print("baseline written to", write_baseline)
if guard:
    want = {}
    for line in open(guard):
        if line.strip() and not line.startswith("#"):
            fn, value = line.split()
            want[fn] = float(value)
    failed = False
    for fn in GUARDED:
        now = counts[fn] / nbytes
        growth = 100.0 * (now / want[fn] - 1.0)
        verdict = "FAIL" if growth > max_growth else "ok"
        failed |= growth > max_growth
        print(f"guard {fn:16} baseline {want[fn]:8.4f} now {now:8.4f} per byte: {growth:+6.2f}% {verdict}")
    if failed:
        sys.exit(f"bench-instr: instructions per byte grew by more than {max_growth}% over {guard}")
    print(f"guard: every stage within {max_growth}% of {guard}")
