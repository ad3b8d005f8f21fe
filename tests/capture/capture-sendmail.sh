#!/bin/sh
# capture-sendmail.sh OUT -- produce a real Sendmail log on loopback and keep
# it as OUT (tests/data/sendmail-loopback.log).  Run as root on a scratch
# Debian machine: it installs sendmail and rsyslog (sendmail conflicts with
# postfix and exim4, which apt removes), reconfigures them, and sends mail
# only to 127.0.0.0/8.
#
# Scenarios: local delivery, two recipients in one delivery, an unknown
# recipient refused at RCPT, a relay refused by the access map, a deferral
# (mailertable to a closed loopback port) with its retry, two recipients
# deferred in one attempt (one to= list), a bounce after
# queueing (an alias to a file in a missing directory) with its DSN, and a
# local submission through sendmail(1) (sm-msp-queue).
set -eu
out=${1:-tests/data/sendmail-loopback.log}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DEBIAN_FRONTEND=noninteractive
. "$(dirname "$0")/capture-lib.sh"
apt-get install -y -q sendmail-bin sendmail-cf m4 rsyslog sensible-mda procmail python3 >/dev/null

# sendmail wants a fully qualified name and, with no network, no DNS
fqdn_hosts
echo 'hosts files' > /etc/mail/service.switch
grep -q blacklist_recipients /etc/mail/sendmail.mc ||
  sed -i 's/^MAILER_DEFINITIONS/FEATURE(`blacklist_recipients'"'"')dnl\nMAILER_DEFINITIONS/' /etc/mail/sendmail.mc
grep -q accept_unresolvable_domains /etc/mail/sendmail.mc ||
  sed -i 's/^MAILER_DEFINITIONS/FEATURE(`accept_unresolvable_domains'"'"')dnl\nMAILER_DEFINITIONS/' /etc/mail/sendmail.mc
for u in alice bob; do id "$u" >/dev/null 2>&1 || useradd -m "$u"; done
grep -q '^gone:' /etc/mail/aliases || echo 'gone: /nonexistent/dir/mbox' >> /etc/mail/aliases
newaliases >/dev/null 2>&1 || true
# the access map refuses one outside domain; a mailertable sends another
# to a loopback port where nothing listens
grep -q '^To:outside.example' /etc/mail/access || echo 'To:outside.example	REJECT' >> /etc/mail/access
echo 'deferred.test.example	esmtp:[127.0.0.2]' > /etc/mail/mailertable
grep -q mailertable /etc/mail/sendmail.mc ||
  sed -i 's/^MAILER_DEFINITIONS/FEATURE(`mailertable'"'"')dnl\nMAILER_DEFINITIONS/' /etc/mail/sendmail.mc
make -C /etc/mail >/dev/null

rsyslog_start "$work" /var/log/capture-sendmail.log
sm_pidfile=/run/sendmail/mta/sendmail.pid # the daemon's own pid file (first line)
[ -s $sm_pidfile ] && kill "$(head -1 $sm_pidfile)" 2>/dev/null || true
rm -f /var/spool/mqueue/* /var/spool/mqueue-client/* # no leftovers of earlier runs
/usr/sbin/sendmail-mta -bd -q15s
sleep 2

python3 "$(dirname "$0")/capture-send.py"
printf 'Subject: local submission\n\nvia sendmail(1)\n' | /usr/sbin/sendmail -f root bob@localhost
sleep 40 # a queue run retries the deferred message
kill "$(head -1 $sm_pidfile)" 2>/dev/null || true
rsyslog_stop "$work"
cp /var/log/capture-sendmail.log "$out"
echo "captured $(wc -l < "$out") lines into $out"
