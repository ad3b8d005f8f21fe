#!/usr/bin/env python3
"""bench-inflate.py REPORT_BIN LOG [RUNS] -- `make bench-inflate`: maillog-report
on LOG and on LOG gzip-compressed (written beside it), both on one core
(CPU 0, as `taskset -c 0`), alternating A B A B so that a drift of the
machine's speed falls on both; prints the median wall and CPU seconds of
each and the ratio .gz / plain, pair by pair (issue 23's target: at most
1.2).  Figures are printed, never checked: the machine may be shared."""
import gzip, os, resource, shutil, statistics, subprocess, sys, time

report_bin, log = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
gz = log + ".gz"
if not os.path.exists(gz) or os.path.getmtime(gz) < os.path.getmtime(log):
    with open(log, "rb") as src, gzip.open(gz, "wb", compresslevel=6) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)


def pin():
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def run_once(path):
    """Wall and CPU (user + system) seconds of one report on one core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run([report_bin, "-q", path], stdout=subprocess.DEVNULL, check=True,
                   preexec_fn=pin)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


run_once(log), run_once(gz)  # warm the page cache
plain, comp = [], []
for _ in range(runs):
    plain.append(run_once(log))
    comp.append(run_once(gz))
med = statistics.median
print("maillog-report on one core, median of %d (%.1f MB plain, %.1f MB .gz):"
      % (runs, os.path.getsize(log) / 1e6, os.path.getsize(gz) / 1e6))
print("  plain  wall %.3f s  cpu %.3f s" % (med(w for w, _ in plain), med(c for _, c in plain)))
print("  .gz    wall %.3f s  cpu %.3f s" % (med(w for w, _ in comp), med(c for _, c in comp)))
print("  ratio .gz/plain: wall %.2f  cpu %.2f (target <= 1.2)"
      % (med(a[0] / b[0] for a, b in zip(comp, plain)),
         med(a[1] / b[1] for a, b in zip(comp, plain))))
