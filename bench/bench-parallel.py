#!/usr/bin/env python3
"""bench-parallel.py REPORT_BIN LOG [RUNS] -- `make bench-parallel`: LOG split
into a rotated set of 8 gzip-compressed files (mail.log.gz ...
mail.log.7.gz, written beside it), then maillog-report on the set with
-j 1, 2, 4, 8 and 16, alternating (1 2 4 8 16 1 2 ...) so that a drift of
the machine's speed falls on every count alike.  Prints the median wall
and CPU seconds of each and its speed-up over -j 1 (issue 23's target: at
least 1.8 with 2 threads on 2 cores), and checks that every count printed
the same report.  The speed-up cannot exceed the CPUs available (printed):
a shared machine gives less."""
import gzip, os, resource, statistics, subprocess, sys, time

report_bin, log = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
counts = [1, 2, 4, 8, 16]
d = log + ".rotated"
os.makedirs(d, exist_ok=True)
names = [os.path.join(d, "mail.log.gz")] + [os.path.join(d, "mail.log.%d.gz" % k) for k in range(1, 8)]
if not all(os.path.exists(n) and os.path.getmtime(n) >= os.path.getmtime(log) for n in names):
    with open(log, "rb") as f:
        lines = f.readlines()
    per = (len(lines) + 7) // 8
    for k, name in enumerate(reversed(names)):  # the oldest (mail.log.7.gz) first
        with gzip.open(name, "wb", compresslevel=6) as out:
            out.writelines(lines[k * per:(k + 1) * per])
    del lines


def run_once(j):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    out = subprocess.run([report_bin, "-q", "-j", str(j)] + names, stdout=subprocess.PIPE,
                         check=True).stdout
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), out


first = {j: run_once(j)[2] for j in counts}  # warm-up, and the outputs
same = all(first[j] == first[1] for j in counts)
res = {j: [] for j in counts}
for _ in range(runs):
    for j in counts:
        w, c, _ = run_once(j)
        res[j].append((w, c))
med = statistics.median
base = med(w for w, _ in res[1])
print("maillog-report on 8 rotated .gz files (%.1f MB, %.1f MB compressed), median of %d;"
      % (os.path.getsize(log) / 1e6, sum(os.path.getsize(n) for n in names) / 1e6, runs))
print("CPUs available: %d; load average %.1f" % (len(os.sched_getaffinity(0)), os.getloadavg()[0]))
print("%8s %10s %10s %10s" % ("threads", "wall s", "cpu s", "speed-up"))
for j in counts:
    w = med(x for x, _ in res[j])
    print("%8d %10.3f %10.3f %10.2f" % (j, w, med(c for _, c in res[j]), base / w))
print("outputs identical for every count: %s" % ("yes" if same else "NO"))
sys.exit(0 if same else 1)
