#!/bin/sh
# capture-postfix.sh OUT -- produce a real Postfix log on loopback and keep it
# as OUT (tests/data/postfix-loopback.log).  Run as root on a scratch Debian
# machine: it installs postfix and rsyslog, reconfigures them, and sends
# mail only to 127.0.0.1 (never off 127.0.0.0/8).
#
# Scenarios: local delivery, multi-recipient with mixed outcomes, unknown
# recipient rejected before queue, a content-filter hop (queued as NEWQID),
# a deferred relay to a closed loopback port, a bounce with its
# non-delivery notification, a local submission through sendmail(1), and
# a header_checks WARN action.  rsyslog writes the high-precision RFC 3339
# format, Postfix's own postlogd writes RFC 3164 style: both are kept.
set -eu
out=${1:-tests/data/postfix-loopback.log}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
echo "postfix postfix/mailname string mx.test.example" | debconf-set-selections
if ! command -v postconf >/dev/null 2>&1 || ! command -v rsyslogd >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq postfix rsyslog python3 >/dev/null
fi
id alice >/dev/null 2>&1 || useradd -m alice
id bob >/dev/null 2>&1 || useradd -m bob

postfix stop >/dev/null 2>&1 || true
rm -f /var/log/capture-postfix.log /var/log/capture-rsyslog.log

# rsyslog: mail facility to a file, RFC 3339 high precision; the socket
# inside Postfix's chroot too.
mkdir -p /var/spool/postfix/dev
cat > "$work/rsyslog.conf" <<CONF
module(load="imuxsock")
input(type="imuxsock" Socket="/var/spool/postfix/dev/log")
mail.* action(type="omfile" file="/var/log/capture-rsyslog.log" template="RSYSLOG_FileFormat")
CONF
rsyslogd -f "$work/rsyslog.conf" -i "$work/rsyslogd.pid"

postconf -e "myhostname = mx.test.example" "mydomain = test.example" \
  "mydestination = mx.test.example, test.example, localhost" \
  "inet_interfaces = loopback-only" "inet_protocols = ipv4" \
  "mynetworks = 127.0.0.0/8" "relayhost =" "maillog_file = /var/log/capture-postfix.log" \
  "smtpd_recipient_restrictions = permit_mynetworks, reject" \
  "local_recipient_maps = proxy:unix:passwd.byname \$alias_maps" \
  "header_checks = regexp:/etc/postfix/capture_header_checks" \
  "transport_maps = hash:/etc/postfix/capture_transport" \
  "smtp_connect_timeout = 2s" "bounce_queue_lifetime = 0" \
  "maximal_queue_lifetime = 1d" "alias_maps = hash:/etc/aliases" \
  "alias_database = hash:/etc/aliases"
echo '/^Subject: .*WARNME/ WARN subject flagged by capture test' > /etc/postfix/capture_header_checks
echo 'deferred.test.example smtp:[127.0.0.1]:2599' > /etc/postfix/capture_transport
postmap /etc/postfix/capture_transport
grep -q '^gone:' /etc/aliases || echo 'gone: /nonexistent/dir/mbox' >> /etc/aliases
newaliases
# Content filter: mail from the public port goes through a second smtpd on
# 127.0.0.1:10026 (no filtering there), which re-injects it: a real
# "queued as NEWQID" hand-off.
postconf -M# '127.0.0.1:10026/inet' >/dev/null 2>&1 || true
postconf -M "127.0.0.1:10026/inet=127.0.0.1:10026 inet n - n - - smtpd -o content_filter= -o smtpd_recipient_restrictions=permit_mynetworks,reject -o syslog_name=postfix/reinject"
postconf -P "smtp/inet/content_filter=smtp:[127.0.0.1]:10026"
scenarios() {

python3 - <<'PY'
import smtplib, time
def send(frm, rcpts, subject="test", body="hello\n"):
    msg = "From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%f.capture@client.test>\r\n\r\n%s" % (
        frm, ", ".join(rcpts), subject, time.time(), body)
    s = smtplib.SMTP("127.0.0.1", 25, local_hostname="client.test")
    try:
        s.sendmail(frm, rcpts, msg)
    except smtplib.SMTPRecipientsRefused as e:
        pass
    except smtplib.SMTPException as e:
        print("smtp:", e)
    s.quit()
send("sender@client.test", ["alice@test.example"])                       # delivered
send("sender@client.test", ["alice@test.example", "bob@test.example",
                            "nosuchuser@test.example"])                  # mixed: one rejected
send("sender@client.test", ["carol@deferred.test.example"])              # deferred
send("sender@client.test", ["gone@test.example"])                        # bounce + DSN
send("", ["alice@test.example"], subject="null sender")                  # <> sender
send('"quoted local"@client.test', ["bob@test.example"], subject="WARNME")  # quoted, header warn
s = smtplib.SMTP("127.0.0.1", 25, local_hostname="client.test")
s.ehlo(); s.mail("x@client.test")
code, _ = s.rcpt("alice@outside.example")                               # relay denied
s.quit()
PY
printf 'Subject: local\n\nvia sendmail\n' | /usr/sbin/sendmail -f root bob
  sleep 8
  postqueue -f >/dev/null 2>&1 || true
  sleep 4
}

# Pass 1: Postfix's own postlogd (maillog_file, RFC 3164 style stamps).
postfix start >/dev/null
sleep 2
scenarios
postfix stop >/dev/null
sleep 1
# Pass 2: the same through syslog and rsyslog (RFC 3339 high precision).
postconf -e "maillog_file ="
postfix start >/dev/null
sleep 2
scenarios
postfix stop >/dev/null
kill "$(cat "$work/rsyslogd.pid")" 2>/dev/null || true
sleep 1
cat /var/log/capture-postfix.log /var/log/capture-rsyslog.log > "$out"
echo "captured $(wc -l < "$out") lines into $out"
