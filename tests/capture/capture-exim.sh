#!/bin/sh
# capture-exim.sh OUT -- produce a real Exim log on loopback and keep it as
# OUT (tests/data/exim-loopback.log): Exim's own mainlog, then the same
# events through syslog (rsyslog, RFC 3164).  Run as root on a scratch
# Debian machine: it installs exim4-daemon-light and rsyslog (exim4
# conflicts with postfix and sendmail, which apt removes), reconfigures
# them, and sends mail only to 127.0.0.0/8.
#
# Scenarios: local delivery, two recipients, an unknown recipient refused
# at RCPT, a relay refused (client 127.0.0.3 is not a relay host), a
# deferral (the smarthost 127.0.0.2 refuses connections) with its retry,
# two recipients deferred together, a bounce to a file in a missing
# directory with its bounce message, and a local submission through
# sendmail(1).
set -eu
out=${1:-tests/data/exim-loopback.log}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DEBIAN_FRONTEND=noninteractive
. "$(dirname "$0")/capture-lib.sh"
apt-get install -y -q exim4-daemon-light rsyslog python3 >/dev/null

fqdn_hosts
for u in alice bob; do id "$u" >/dev/null 2>&1 || useradd -m "$u"; done
grep -q '^gone:' /etc/aliases || echo 'gone: /nonexistent/dir/mbox' >> /etc/aliases
sed -i -e "s/^dc_eximconfig_configtype=.*/dc_eximconfig_configtype='smarthost'/" \
       -e "s/^dc_smarthost=.*/dc_smarthost='127.0.0.2::25'/" \
       -e "s/^dc_other_hostnames=.*/dc_other_hostnames='mx.test.example : localhost'/" \
       -e "s/^dc_local_interfaces=.*/dc_local_interfaces='127.0.0.1'/" /etc/exim4/update-exim4.conf.conf
# both Exim's own mainlog and syslog; retry the smarthost soon
cat > /etc/exim4/exim4.conf.localmacros <<'CONF'
log_file_path = syslog : /var/log/exim4/%slog
CONF
update-exim4.conf

rsyslog_start "$work" /var/log/capture-exim-syslog.log
# a daemon left by the package's own start, by its pid file only
[ -s /run/exim4/exim.pid ] && kill "$(cat /run/exim4/exim.pid)" 2>/dev/null || true
sleep 1
rm -f /var/spool/exim4/input/* /var/spool/exim4/msglog/* /var/spool/exim4/db/*
rm -f /var/log/exim4/mainlog; install -o Debian-exim -g adm -m 640 /dev/null /var/log/exim4/mainlog
exim4 -bd -q15s -oP "$work/exim.pid"
sleep 2

python3 "$(dirname "$0")/capture-send.py" --relay-source 127.0.0.3
printf 'Subject: local submission\n\nvia sendmail(1)\n' | /usr/sbin/sendmail -f root bob@localhost
sleep 40 # a queue run retries the deferred messages
kill "$(cat "$work/exim.pid")" 2>/dev/null || true
rsyslog_stop "$work"
cat /var/log/exim4/mainlog /var/log/capture-exim-syslog.log > "$out"
echo "captured $(wc -l < "$out") lines into $out"
