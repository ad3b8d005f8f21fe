#!/bin/sh
# capture-sendmail-situations.sh OUT -- a real Sendmail log of quarantine
# and queue runs, kept as OUT (tests/data/sendmail-situations.log);
# tests/data/sendmail-situations.expect holds the outcomes, written by hand
# from what this script makes happen.  Run as root on a scratch Debian
# machine: it installs sendmail and rsyslog (sendmail removes another MTA),
# changes /etc/mail (restored at the end) and sends mail only to 127.0.0.1.
#
# Situations (by recipient):
#   alice@test.example            delivered locally
#   tempok@remote.test.example    451 from the sink on 2526 (queued),
#                                 quarantined (-Q), a queue run passes it
#                                 by, unquarantined (-qQ -Q), a queue run
#                                 (-q -v) delivers it
#   tempfail@remote.test.example  451 (queued), quarantined, still
#                                 quarantined at the end
#   refuse@remote.test.example    550 at once: bounced, with its DSN
set -eu
out=${1:-tests/data/sendmail-situations.log}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/capture-lib.sh"
capture_cleanup() {
  [ -s /run/sendmail/mta/sendmail.pid ] && kill "$(head -1 /run/sendmail/mta/sendmail.pid)" 2>/dev/null
  for f in sendmail.mc mailertable local-host-names service.switch; do
    if [ -e "$work/etc/$f" ]; then cp -p "$work/etc/$f" /etc/mail/; else rm -f "/etc/mail/$f"; fi
  done
  make -C /etc/mail >/dev/null 2>&1 || true
}
capture_start
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q sendmail-bin sendmail-cf m4 sensible-mda rsyslog python3 >/dev/null

fqdn_hosts # sendmail wants a qualified name for itself
for u in alice bob; do id "$u" >/dev/null 2>&1 || useradd -m "$u"; done
mkdir -p "$work/etc"
for f in sendmail.mc mailertable local-host-names service.switch; do
  [ -e "/etc/mail/$f" ] && cp -p "/etc/mail/$f" "$work/etc/"
done
# no DNS: hosts from /etc/hosts, the sink's domain by mailertable, and the
# ESMTP mailer's port the sink's
echo 'hosts files' > /etc/mail/service.switch
echo 'test.example' >> /etc/mail/local-host-names
echo 'remote.test.example	esmtp:[127.0.0.1]' > /etc/mail/mailertable
sed -i 's/^MAILER_DEFINITIONS/define(`confDOMAIN_NAME'"'"', `mx.test.example'"'"')dnl\
define(`ESMTP_MAILER_ARGS'"'"', `TCP $h 2526'"'"')dnl\
define(`confDONT_PROBE_INTERFACES'"'"', `True'"'"')dnl\
FEATURE(`mailertable'"'"')dnl\
FEATURE(`accept_unresolvable_domains'"'"')dnl\
MAILER_DEFINITIONS/' /etc/mail/sendmail.mc
make -C /etc/mail >/dev/null

rsyslog_start "$work" /var/log/capture-sendmail-situations.log
python3 "$here/capture-smtpd.py" sink 2526 --seconds 200 & pids="$pids $!"
rm -f /var/spool/mqueue/* # no leftovers of earlier runs
mkdir -p /run/sendmail/mta
/usr/sbin/sendmail-mta -bd # no periodic queue runs: the script runs them
sleep 3

python3 "$here/capture-smtpd.py" send <<'MAIL'
sender@client.test.example | delivered | alice@test.example
bob@test.example | quarantined then sent | tempok@remote.test.example
bob@test.example | quarantined | tempfail@remote.test.example
bob@test.example | refused | refuse@remote.test.example
MAIL
sleep 5
/usr/sbin/sendmail-mta -qRtempok@ -Q'capture hold' >/dev/null
/usr/sbin/sendmail-mta -qRtempfail@ -Q'capture hold' >/dev/null
/usr/sbin/sendmail-mta -q -v >/dev/null 2>&1 # the quarantined are passed by
sleep 2
/usr/sbin/sendmail-mta -qQ -qRtempok@ -Q >/dev/null # unquarantine
/usr/sbin/sendmail-mta -q -v >/dev/null 2>&1
sleep 3
kill "$(head -1 /run/sendmail/mta/sendmail.pid)" 2>/dev/null || true
rsyslog_stop "$work"
rm -f /var/spool/mqueue/*
cp /var/log/capture-sendmail-situations.log "$out"
echo "captured $(wc -l < "$out") lines into $out"
