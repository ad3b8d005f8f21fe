#!/bin/sh
# capture-opensmtpd-situations.sh OUT -- a real OpenSMTPD log of the
# situations whose per-recipient outcomes are hard to get right, kept as OUT
# (tests/data/opensmtpd-situations.log); tests/data/opensmtpd-situations.expect
# holds the outcomes, written by hand from what this script makes happen.
# Run as root on a scratch Debian machine: it installs opensmtpd and rsyslog
# (opensmtpd removes another MTA), runs smtpd with its own smtpd.conf and
# sends mail only to 127.0.0.1.
#
# Situations (by recipient):
#   alice@test.example             delivered locally
#   tempok@remote.test.example     TempFail, then (smtpctl schedule all)
#                                  delivered to the sink on 2526
#   tempfail@remote.test.example   TempFail, then PermFail: bounced
#   refuse@remote.test.example     PermFail at once: bounced
#   defer@expire.test.example      451 from the sink at every attempt until
#                                  `queue ttl 1m` runs out: expired, bounce
#   alice + defer@expire.test.example one message, sent and expired
set -eu
out=${1:-tests/data/opensmtpd-situations.log}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/capture-lib.sh"
capture_start
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q opensmtpd rsyslog python3 >/dev/null

for u in alice bob; do id "$u" >/dev/null 2>&1 || useradd -m "$u"; done
cat > "$work/smtpd.conf" <<'CONF'
queue ttl 1m
table aliases file:/etc/aliases
listen on 127.0.0.1
action "local" mbox alias <aliases>
action "sink" relay host smtp://127.0.0.1:2526
match from local for domain "remote.test.example" action "sink"
match from local for domain "expire.test.example" action "sink"
match from any for domain "test.example" action "local"
match for local action "local"
CONF
smtpd -n -f "$work/smtpd.conf"
sleep 1
rsyslog_start "$work" /var/log/capture-opensmtpd-situations.log
python3 "$here/capture-smtpd.py" sink 2526 --seconds 300 & pids="$pids $!"
rm -rf /var/spool/smtpd/queue/* /var/spool/smtpd/incoming/* 2>/dev/null || true
# -F: in the foreground (still logging to syslog), so that its pid is ours
smtpd -F -f "$work/smtpd.conf" & pids="$pids $!"
sleep 2

python3 "$here/capture-smtpd.py" send <<'MAIL'
sender@client.test.example | delivered | alice@test.example
bob@test.example | deferred then sent | tempok@remote.test.example
bob@test.example | deferred then bounced | tempfail@remote.test.example
bob@test.example | refused | refuse@remote.test.example
bob@test.example | expires | defer@expire.test.example
bob@test.example | mixed | alice@test.example defer@expire.test.example
MAIL
sleep 15
smtpctl schedule all >/dev/null # the second attempts, before their backoff
# until the 1 minute queue lifetime has run out for the deferred ones
queue_settled() { [ -z "$(smtpctl show queue 2>/dev/null)" ]; }
sleep 50
wait_until 150 queue_settled
sleep 2
kill $pids 2>/dev/null || true
sleep 1
rsyslog_stop "$work"
cp /var/log/capture-opensmtpd-situations.log "$out"
echo "captured $(wc -l < "$out") lines into $out"
