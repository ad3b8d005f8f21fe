#!/usr/bin/env python3
"""maillog-exporter --once beside maillog-json on the same generated Postfix
log (make bench-exporter): wall and CPU seconds, lines per second (of CPU
time: the exporter's target is 100,000 lines/s on one core) and peak RSS,
median of 3 runs.

  bench-exporter.py MAILLOG_JSON MAILLOG_EXPORTER LOG PEAK_RSS

Each tool runs under bench/peak-rss (Linux keeps a child's pages from
before its exec in its peak RSS: forked from Python, each would show
Python's); the CPU time that wait4 gives for peak-rss includes the tool's,
which peak-rss waited for."""
import os
import subprocess
import sys
import time

json_bin, exporter_bin, log, peak_rss = sys.argv[1:5]
size = os.path.getsize(log)
with open(log, "rb") as f:
    lines = sum(1 for _ in f)


def run_once(argv):
    t0 = time.monotonic()
    proc = subprocess.Popen([peak_rss] + argv, stdout=subprocess.PIPE)
    out = proc.stdout.read().decode()
    _, status, ru = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit("%s: exit status %d" % (argv[0], status))
    return time.monotonic() - t0, ru.ru_utime + ru.ru_stime, int(out.split()[1])


def run(argv, runs=3):
    got = [run_once(argv) for _ in range(runs)]
    med = lambda k: sorted(g[k] for g in got)[runs // 2]
    return med(0), med(1), max(g[2] for g in got)


print(f"maillog-exporter --once beside maillog-json on {lines} lines, {size / 1e6:.1f} MB (median of 3 runs):")
print(f"{'tool':32} {'wall s':>8} {'CPU s':>8} {'lines/s (CPU)':>14} {'MB/s (CPU)':>11} {'peak RSS KiB':>13}")
for name, argv in (("maillog-json --threads=1", [json_bin, "--quiet", "--threads=1", log]),
                   ("maillog-exporter --once", [exporter_bin, "--once", log])):
    wall, cpu, rss = run(argv)
    print(f"{name:32} {wall:8.2f} {cpu:8.2f} {lines / cpu:14.0f} {size / 1e6 / cpu:11.1f} {rss:13d}")
