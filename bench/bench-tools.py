#!/usr/bin/env python3
"""bench-tools.py REPORT_BIN LOG [LINES [PEAK_RSS]] -- `make bench`'s tool
stage: the wall time (median of 3) and peak RSS of maillog-report on LOG, and of
pflogsumm on the same file when it is installed, measured in this run; then
whether their totals agree (tests/compare-pflogsumm.py).  With valgrind,
also the instructions each executes on the first LINES lines (100000 by
default; 0 skips the count): a ratio that, unlike seconds, is the same on
every run.  Last, the report on LOG gzip-compressed, inflated on one thread
and on a second one (--threads 1 and 2).  Figures are printed, never
checked.  PEAK_RSS is bench/peak-rss.c built: children are run through it,
since a child forked from Python counts Python's pages in its peak RSS."""
import gzip, os, re, shutil, subprocess, sys, tempfile, time

report_bin, log = sys.argv[1], sys.argv[2]
instr_lines = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
peak_rss = sys.argv[4] if len(sys.argv) > 4 else None
size = os.path.getsize(log)
with open(log, "rb") as f:
    lines = sum(1 for _ in f)


def run_once(argv):
    """Wall seconds and peak RSS (KiB) of one child."""
    if peak_rss:
        out = subprocess.run([peak_rss] + argv, capture_output=True, text=True, check=True)
        secs, rss = out.stdout.split()
        return float(secs), int(rss)
    t0 = time.monotonic()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(argv, stdout=null, stderr=null)
        _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = status
    return time.monotonic() - t0, ru.ru_maxrss


def run(argv, runs=3):
    """Median wall seconds of runs, and the largest peak RSS: one run on
    these machines can be off by 1.5x."""
    got = [run_once(argv) for _ in range(runs)]
    return sorted(t for t, _ in got)[runs // 2], max(r for _, r in got)


rows = [("maillog-report", run([report_bin, "--quiet", log]))]
pfl = shutil.which("pflogsumm") or shutil.which("pflogsumm", path="/usr/sbin:/usr/bin")
if pfl:
    rows.append(("pflogsumm", run([pfl, log])))
print(f"tools on {lines} lines, {size / 1e6:.1f} MB (median of 3 runs):")
print(f"{'tool':30} {'seconds':>10} {'MB/s':>10} {'lines/s':>12} {'peak RSS KiB':>14}")
for name, (sec, rss) in rows:
    print(f"{name:30} {sec:10.3f} {size / 1e6 / sec:10.1f} {lines / sec:12.0f} {rss:14d}")
if pfl:
    (_, (ours, ours_rss)), (_, (theirs, theirs_rss)) = rows
    print(f"maillog-report is {theirs / ours:.1f}x faster than pflogsumm, with "
          f"{theirs_rss / max(ours_rss, 1):.1f}x less peak memory")
    cmp = subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "compare-pflogsumm.py"),
                          report_bin, log], capture_output=True, text=True)
    print("totals: " + ("agree with pflogsumm (see compare-pflogsumm.py)" if cmp.returncode == 0
                        else "DIFFER from pflogsumm:\n" + cmp.stdout))
else:
    print("pflogsumm not installed: no comparison")


def instructions(argv):
    """Instructions callgrind counts for one run of argv (the whole program)."""
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"refs:\s+([\d,]+)", run.stderr)
    return int(m.group(1).replace(",", "")) if run.returncode == 0 and m else None


if pfl and instr_lines > 0 and shutil.which("valgrind"):
    with tempfile.TemporaryDirectory() as tmp:
        part = os.path.join(tmp, "head.log")
        with open(log, "rb") as src, open(part, "wb") as dst:
            for i, line in enumerate(src):
                if i >= instr_lines:
                    break
                dst.write(line)
        ours_i = instructions([report_bin, "--quiet", part])
        theirs_i = instructions([pfl, part])
    if ours_i and theirs_i:
        print(f"instructions (callgrind) on the first {instr_lines} lines: maillog-report "
              f"{ours_i}, pflogsumm {theirs_i}: {theirs_i / ours_i:.1f}x fewer")
    else:
        print("instructions: callgrind could not count one of the tools")


# Rotated logs are mostly compressed, and inflating them costs about half
# of what the report does with the bytes: --threads 2 moves that work to a
# second thread.  Interleaved runs, so that drift hits both alike.
with tempfile.TemporaryDirectory() as tmp:
    gz = os.path.join(tmp, "log.gz")
    with open(log, "rb") as src, gzip.open(gz, "wb", compresslevel=6) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    one, two = [], []
    for _ in range(3):
        one.append(run_once([report_bin, "--quiet", "--threads", "1", gz])[0])
        two.append(run_once([report_bin, "--quiet", "--threads", "2", gz])[0])
    one.sort()
    two.sort()
    print(f"maillog-report on the same log gzip-compressed ({os.path.getsize(gz) / 1e6:.1f} MB): "
          f"{one[1]:.3f} s on one thread, {two[1]:.3f} s inflating on a second: "
          f"{one[1] / two[1]:.2f}x (median of 3; fastest {one[0]:.3f} and {two[0]:.3f} s; "
          f"about 1x when the threads do not get a core each)")
