#!/bin/sh
# test_rsyslog.sh BINDIR -- the many-hosts pipeline of docs/RSYSLOG.md with
# Debian's real rsyslogd: two MTA hosts (mx1, mx2), each an rsyslogd with
# examples/rsyslog/mx.conf, get the same Postfix log (so the same queue
# ids) through their local socket and forward it over TCP on loopback to a
# central rsyslogd with examples/rsyslog/central.conf, which pipes it to
# maillog-json --messages.  Passes when the central file holds every line
# of both hosts and the messages are, per host, those maillog-json finds
# in that host's log read directly (timestamps aside: rsyslog guesses the
# year of a year-less stamp itself): nothing lost, nothing merged.
set -eu
BIN=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
LOG=$HERE/data/postfix-loopback.log
command -v rsyslogd >/dev/null || { echo "test_rsyslog: rsyslogd not found (Debian: apt-get install rsyslog)"; exit 1; }
T=$(mktemp -d)
PIDS=""
cleanup() {
  for p in $PIDS; do kill "$p" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] && echo "kept $T" || rm -rf "$T"
}
trap cleanup EXIT INT TERM

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
conf() { # template host -> config on stdout
  sed -e "s|@DIR@|$T|g" -e "s|@ADDR@|127.0.0.1|g" -e "s|@PORT@|$PORT|g" \
      -e "s|@BIN@|$BIN|g" -e "s|@HOST@|$2|g" "$HERE/../examples/rsyslog/$1"
}
start() { # name config
  mkdir -p "$T/$1"
  rsyslogd -n -f "$2" -i "$T/$1.pid" >"$T/$1.out" 2>&1 &
  PIDS="$PIDS $!"
}
wait_for() { # seconds test...
  n=$(($1 * 10)); shift
  while ! "$@"; do
    n=$((n - 1)); [ $n -gt 0 ] || return 1
    sleep 0.1
  done
}
port_open() { python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$PORT),1)" 2>/dev/null; }

conf central.conf central >"$T/central.conf"
start central "$T/central.conf"
wait_for 20 port_open || { echo "test_rsyslog: central rsyslogd did not listen"; cat "$T/central.out"; exit 1; }
for h in mx1 mx2; do
  conf mx.conf $h >"$T/$h.conf"
  start $h "$T/$h.conf"
done
wait_for 20 test -S "$T/mx1.sock" -a -S "$T/mx2.sock" || { echo "test_rsyslog: host rsyslogd did not start"; cat "$T"/mx*.out; exit 1; }

# The MTA's side: each line as syslog(3) sends it to the local socket,
# with its own stamp (made RFC 3164, as syslog(3) writes it), program and
# pid (mail.info), to
# both hosts in turn; and each host's log as it would have written it.
python3 - "$LOG" "$T" mx1 mx2 <<'EOF'
import socket, sys, re
log, t, hosts = sys.argv[1], sys.argv[2], sys.argv[3:]
pat = re.compile(r'^(\w{3} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+) \S+ (.*)$')
conns, files = [], []
for h in hosts:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.connect('%s/%s.sock' % (t, h))
    conns.append(s)
    files.append(open('%s/%s.log' % (t, h), 'w', encoding='utf-8'))
months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split()
for line in open(log, encoding='utf-8'):
    m = pat.match(line.rstrip('\n'))
    if not m:
        sys.exit('test_rsyslog: not a syslog line: ' + line)
    stamp = m.group(1)
    if stamp[0].isdigit():  # syslog(3) writes the RFC 3164 stamp
        stamp = '%s %2d %s' % (months[int(stamp[5:7]) - 1], int(stamp[8:10]), stamp[11:19])
    for h, s, f in zip(hosts, conns, files):
        s.send(('<22>%s %s' % (stamp, m.group(2))).encode())
        f.write('%s %s %s\n' % (stamp, h, m.group(2)))
EOF

N=$(wc -l <"$LOG")
arrived() { [ -f "$T/mail.log" ] && [ "$(grep -c ' mx1 ' "$T/mail.log")" -ge "$N" ] && [ "$(grep -c ' mx2 ' "$T/mail.log")" -ge "$N" ]; }
wait_for 30 arrived || { echo "test_rsyslog: central received $(wc -l <"$T/mail.log" 2>/dev/null || echo 0) of $((2 * N)) lines"; exit 1; }
for h in mx1 mx2 central; do kill "$(cat "$T/$h.pid")"; done
for p in $PIDS; do wait "$p" || true; done
PIDS=""

for h in mx1 mx2; do
  "$BIN/maillog-json" --messages --quiet "$T/$h.log" >"$T/direct-$h.ndjson"
done
python3 - "$T" "$N" <<'EOF'
import json, sys
t, n = sys.argv[1], int(sys.argv[2])
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if not k.endswith('_ts')}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
def load(path):
    return [strip(json.loads(l)) for l in open(path, encoding='utf-8') if l.strip()]
central = load(t + '/messages.ndjson')
bad = 0
for h in ('mx1', 'mx2'):
    lines = sum(1 for l in open(t + '/mail.log', encoding='utf-8') if l.split(' ')[1] == h)
    got = sorted(json.dumps(m, sort_keys=True) for m in central if m.get('host') == h)
    want = sorted(json.dumps(m, sort_keys=True) for m in load('%s/direct-%s.ndjson' % (t, h)))
    print('test_rsyslog: %s: %d of %d lines, %d messages through rsyslog, %d read directly'
          % (h, lines, n, len(got), len(want)))
    if lines != n or not want or got != want:
        bad += 1
        for m in sorted(set(want) - set(got))[:3]:
            print('  missing: ' + m[:300])
        for m in sorted(set(got) - set(want))[:3]:
            print('  unexpected: ' + m[:300])
others = [m for m in central if m.get('host') not in ('mx1', 'mx2')]
if others:
    bad += 1
    print('test_rsyslog: %d messages of no host or another host' % len(others))
sys.exit(1 if bad else 0)
EOF
echo "test_rsyslog: passed"
