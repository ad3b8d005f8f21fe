#!/bin/sh
# capture-opensmtpd.sh OUT -- produce a real OpenSMTPD log on loopback and
# keep it as OUT (tests/data/opensmtpd-loopback.log).  Run as root on a
# scratch Debian machine: it installs opensmtpd and rsyslog (opensmtpd
# conflicts with the other MTAs, which apt removes), writes its own
# smtpd.conf and sends mail only to 127.0.0.0/8.  Scenarios: those of
# tests/capture/capture-send.py (the relay attempt comes from 127.0.0.3, which is
# not local), with a smarthost at 127.0.0.2 that refuses connections, then
# a local submission through sendmail(1).
set -eu
out=${1:-tests/data/opensmtpd-loopback.log}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DEBIAN_FRONTEND=noninteractive
. "$(dirname "$0")/capture-lib.sh"
apt-get install -y -q opensmtpd rsyslog python3 >/dev/null

fqdn_hosts
for u in alice bob; do id "$u" >/dev/null 2>&1 || useradd -m "$u"; done
grep -q '^gone:' /etc/aliases || echo 'gone: /nonexistent/dir/mbox' >> /etc/aliases
cat > "$work/smtpd.conf" <<'CONF'
table aliases file:/etc/aliases
listen on 127.0.0.1
action "local" mbox alias <aliases>
action "relay" relay host smtp://127.0.0.2:25
match from any for domain "localhost" action "local"
match for local action "local"
match from local for any action "relay"
CONF
rsyslog_start "$work" /var/log/capture-opensmtpd.log
sleep 1
rm -rf /var/spool/smtpd/queue/* /var/spool/smtpd/incoming/* 2>/dev/null || true
# -F: in the foreground (still logging to syslog), so that its pid is ours
smtpd -F -f "$work/smtpd.conf" & smtpd_pid=$!
sleep 2
python3 "$(dirname "$0")/capture-send.py" --relay-source 127.0.0.3
printf 'Subject: local submission\n\nvia sendmail(1)\n' | /usr/sbin/sendmail -f root bob@localhost
sleep 10
smtpctl schedule all >/dev/null 2>&1 || true # retry the deferred ones now
sleep 5
kill "$smtpd_pid" 2>/dev/null || true
rsyslog_stop "$work"
cp /var/log/capture-opensmtpd.log "$out"
echo "captured $(wc -l < "$out") lines into $out"
