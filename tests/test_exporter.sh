#!/bin/sh
# maillog-exporter against the real thing: Debian's prometheus scrapes it
# every second while real log lines are appended to a followed file, the
# exporter is killed (SIGKILL) in the middle and restarted from its state
# file, and the file is rotated by rename and by copytruncate; then
# Prometheus's HTTP query API must give the totals maillog-report --json
# gives on the same lines (no line lost, none counted twice), and promtool
# must accept the exposition.
# Usage: tests/test_exporter.sh BINDIR   (skipped, status 77, without prometheus)
set -eu
bin=$1
data=$(dirname "$0")/data
compare=$(dirname "$0")/exporter-compare.py
PROMETHEUS=${PROMETHEUS:-/usr/bin/prometheus}
PROMTOOL=${PROMTOOL:-/usr/bin/promtool}
if [ ! -x "$PROMETHEUS" ] || [ ! -x "$PROMTOOL" ]; then
  echo "test_exporter: SKIP: $PROMETHEUS or $PROMTOOL missing (Debian package prometheus)"
  exit 77
fi
t=$(mktemp -d)
exporter_pid= prom_pid=
cleanup() {
  [ -z "$exporter_pid" ] || kill "$exporter_pid" 2>/dev/null || true
  [ -z "$prom_pid" ] || kill "$prom_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$t"
}
trap cleanup EXIT
fail() { echo "test_exporter: FAIL: $*"; [ ! -f "$t/exporter.err" ] || cat "$t/exporter.err"; exit 1; }

# two free loopback ports
set -- $(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
ep=$1 pp=$2

if command -v curl > /dev/null 2>&1; then
  get() { curl -sf --max-time 5 "$1"; }
else
  get() { python3 -c 'import sys,urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' "$1"; }
fi
# deadlines in wall-clock seconds: the machine may be loaded
deadline() { echo $(($(date +%s) + $1)); }
late() { [ "$(date +%s)" -gt "$1" ]; }
# the exporter's own sum of maillog_lines_total
lines_now() { get "http://127.0.0.1:$ep/metrics" 2>/dev/null | awk '/^maillog_lines_total/ {s += $2} END {print s + 0}'; }
wait_lines() { # N: until the exporter has read N lines (20 s at most)
  d=$(deadline 20)
  while [ "$(lines_now)" != "$1" ]; do
    ! late "$d" || fail "the exporter read $(lines_now) lines, not $1"; sleep 0.1
  done
}
start_exporter() {
  "$bin/maillog-exporter" --listen "127.0.0.1:$ep" --state "$t/state" --checkpoint 1 -q "$t/mail.log" \
    2>> "$t/exporter.err" &
  exporter_pid=$!
  d=$(deadline 20)
  until get "http://127.0.0.1:$ep/metrics" > /dev/null 2>&1; do
    ! late "$d" || fail "the exporter does not answer on 127.0.0.1:$ep"; sleep 0.1
  done
}

: > "$t/mail.log"
start_exporter
cat > "$t/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: maillog
    static_configs:
      - targets: ['127.0.0.1:$ep']
YML
"$PROMETHEUS" --config.file="$t/prometheus.yml" --storage.tsdb.path="$t/tsdb" \
  --web.listen-address="127.0.0.1:$pp" --log.level=warn > "$t/prometheus.log" 2>&1 &
prom_pid=$!
d=$(deadline 60)
until get "http://127.0.0.1:$pp/-/ready" > /dev/null 2>&1; do
  ! late "$d" || { cat "$t/prometheus.log"; fail "prometheus not ready"; }; sleep 0.2
done

# The same lines, in the order the exporter gets them: the first part of
# the Postfix capture; while the exporter is down (killed), the rest of it
# and Sendmail's, then a rotation (the exporter must find the old file as
# mail.log.1 by its inode, or it would lose those lines); OpenSMTPD's
# after the restart; a rotation by rename while it runs, and qmail's;
# then a copytruncate, written again at once with Exchange's lines, more
# than the file held (the exporter must see that its last line is gone).
head -n 120 "$data/postfix-loopback.log" > "$t/part1"
{ tail -n +121 "$data/postfix-loopback.log"; cat "$data/sendmail-loopback.log"; } > "$t/part2"
cat "$data/opensmtpd-loopback.log" > "$t/part3"
cat "$data/qmail-kinds.log" > "$t/part4"
cat "$data/exchange-smtp.log" > "$t/part5"
n1=$(wc -l < "$t/part1") n2=$(wc -l < "$t/part2") n3=$(wc -l < "$t/part3") n4=$(wc -l < "$t/part4")
n5=$(wc -l < "$t/part5")

cat "$t/part1" >> "$t/mail.log"
wait_lines "$n1"
sleep 1.5 # a scrape of the first part, and a checkpoint
kill -9 "$exporter_pid"; wait "$exporter_pid" 2>/dev/null || true; exporter_pid=
cat "$t/part2" >> "$t/mail.log"
mv "$t/mail.log" "$t/mail.log.1"
: > "$t/mail.log"
start_exporter
wait_lines $((n1 + n2))
cat "$t/part3" >> "$t/mail.log"
wait_lines $((n1 + n2 + n3))
sleep 1.5
mv "$t/mail.log" "$t/mail.log.1"
cat "$t/part4" > "$t/mail.log"
wait_lines $((n1 + n2 + n3 + n4))
cp "$t/mail.log" "$t/mail.log.1"
: > "$t/mail.log"
cat "$t/part5" >> "$t/mail.log"
wait_lines $((n1 + n2 + n3 + n4 + n5))

# The expected totals: maillog-report on the same lines, on each file the
# exporter read (each one a stream of its own, as after a rotation).
cat "$t/part1" "$t/part2" > "$t/before.log"
reports=
for f in before.log part3 part4 part5; do
  "$bin/maillog-report" --json "$t/$f" > "$t/$f.json"
  reports=${reports:+$reports,}$t/$f.json
done

# Prometheus has them once it scraped after the last line.
total=$((n1 + n2 + n3 + n4 + n5)) d=$(deadline 30)
until [ "$(python3 - "$pp" <<'PY'
import json, sys, urllib.request, urllib.parse
q = urllib.parse.urlencode({'query': 'sum(maillog_lines_total{job="maillog"})'})
r = json.load(urllib.request.urlopen('http://127.0.0.1:%s/api/v1/query?%s' % (sys.argv[1], q)))['data']['result']
print(int(float(r[0]['value'][1])) if r else 0)
PY
)" = "$total" ]; do
  ! late "$d" || fail "prometheus never saw $total lines"; sleep 0.5
done
python3 "$compare" "$reports" prometheus "http://127.0.0.1:$pp" || fail "Prometheus's totals differ from maillog-report's"

get "http://127.0.0.1:$ep/metrics" > "$t/metrics.txt"
"$PROMTOOL" check metrics < "$t/metrics.txt" || fail "promtool check metrics"
python3 "$compare" "$reports" text "$t/metrics.txt" > /dev/null || fail "/metrics differs from maillog-report"
grep -q '^maillog_recipients_total{mta="postfix",host="mx",instance="postfix",outcome="sent"} 6$' "$t/metrics.txt" ||
  fail "no per-host recipients series"

# --once on the same files equals maillog-report too; SIGTERM writes the
# state file.
"$bin/maillog-exporter" --once "$t/before.log" "$t/part3" "$t/part4" "$t/part5" > "$t/once.txt"
python3 "$compare" "$reports" text "$t/once.txt" > /dev/null || fail "--once differs from maillog-report"
kill "$exporter_pid"; wait "$exporter_pid" 2>/dev/null || true; exporter_pid=
grep -q "^source .* $t/mail.log\$" "$t/state" || fail "no source line in the state file"
echo "test_exporter: $total lines through a SIGKILL restart across a rotation, a rename and a copytruncate: Prometheus's totals equal maillog-report's"
