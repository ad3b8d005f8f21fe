#!/bin/sh
# bench-scale.sh BINDIR BENCH_GEN PEAK_RSS N [DIR] -- `make bench-scale`:
# memory at scale (issue 23 item 4, issue 21 item 5).  For N/100, N/10
# and N lines of the bench's generated Postfix log (bench/bench.c
# --write), the wall and CPU seconds and the peak RSS of maillog-report,
# maillog-exporter --once (with a state file) and maillog-index (into a
# new SQLite file), each run once through PEAK_RSS (bench/peak-rss.c
# --cpu: the child's own figures from wait4), with the machine's load
# average when it started.  If the peak RSS grew in proportion to the
# lines, a tool would keep something per line; what it may keep is set by
# the correlator's limits (docs/PERFORMANCE.md, "Memory at scale").
# Files go to a temporary directory under DIR (default: the system's),
# deleted when each size is done.  Figures are printed, never checked:
# tests/test_scale.sh is the check.
set -eu
bin=$1 gen=$2 peak=$3 n=$4 dir=${5:-${TMPDIR:-/tmp}}
ref="--reference-time 1795953600"
# the log (135 bytes a line) and the index (about 520) of the largest size
need_kib=$((n / 1024 * 700))
avail_kib=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
if [ "$avail_kib" -lt "$need_kib" ]; then
  echo "bench-scale: $n lines need about $((need_kib / 1024)) MiB in $dir, which has $((avail_kib / 1024)) MiB free" >&2
  exit 1
fi
t=$(mktemp -d "$dir/bench-scale.XXXXXX")
trap 'rm -rf "$t"' EXIT INT TERM
load() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo -; }
# row NAME CMD...: the figures of one run of CMD
row() {
  what=$1
  shift
  l=$(load)
  out=$("$peak" --cpu "$@") || { echo "bench-scale: $what failed (status $?)" >&2; exit 1; }
  set -- $out
  awk -v what="$what" -v n="$lines" -v mb="$mb" -v wall="$1" -v rss="$2" -v cpu="$3" -v l="$l" \
    'BEGIN { r = cpu > 0 ? sprintf("%.0f", n / cpu) : "-"  # no rate under the clock tick
             printf "%-24s %10d %8d %8.2f %8.2f %12s %12.1f %6s\n", what, n, mb, wall, cpu, r, rss / 1024, l }'
}
printf '%-24s %10s %8s %8s %8s %12s %12s %6s\n' tool lines MB 'wall s' 'CPU s' 'lines/CPU s' 'peak RSS MiB' load
for k in 100 10 1; do
  log=$t/scale.log
  "$gen" --lines $((n / k)) --runs 0 --write "$log"
  lines=$(wc -l < "$log")
  mb=$(($(wc -c < "$log") / 1000000))
  row maillog-report "$bin/maillog-report" $ref "$log"
  [ -x "$bin/maillog-exporter" ] && row "maillog-exporter --once" \
    "$bin/maillog-exporter" --once --state "$t/exporter.state" $ref "$log"
  [ -x "$bin/maillog-index" ] && row "maillog-index (SQLite)" \
    "$bin/maillog-index" -q $ref --db "$t/index.sqlite" "$log" \
    && echo "  (index: $(($(cat "$t"/index.sqlite* | wc -c) / 1000000)) MB)"
  rm -f "$t"/*
done
