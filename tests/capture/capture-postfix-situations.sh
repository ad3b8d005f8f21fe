#!/bin/sh
# capture-postfix-situations.sh OUT -- a real Postfix log of the situations
# whose per-recipient outcomes are hard to get right, kept as OUT
# (tests/data/postfix-situations.log); tests/data/postfix-situations.expect
# holds the outcomes, written by hand from what this script makes happen.
# Run as root on a scratch Debian machine: it installs postfix and rsyslog,
# reconfigures them, and sends mail only to 127.0.0.1.
#
# Every message from the SMTP port and from sendmail(1) first goes through
# an after-queue content filter on 127.0.0.1:10025 (capture-smtpd.py
# filter), which re-injects it into a second smtpd on 127.0.0.1:10026 and
# answers with that smtpd's "queued as CHILD": each message is a parent
# handed to the filter and a child that carries the real outcome.
# Situations (by recipient):
#   alice@test.example                 delivered locally
#   carol@expire.test.example          deferred (closed port 2599) until the
#                                      90 s queue lifetime ends: expired, DSN
#   dave@expire.test.example, <> from  the same with a null sender
#                                      (bounce_queue_lifetime): no DSN
#   frank@expire.test.example          deferred, postsuper -h, postsuper -H,
#                                      deferred again, expired
#   tempok@remote.test.example         451 then 250 from a sink on 2526
#   tempfail@remote.test.example       451 then 550: bounced, DSN
#   alice + refuse@remote + gina@expire  one message, three outcomes
#   Subject HOLDME release  (alice)    header_checks HOLD, postsuper -H, sent
#   Subject HOLDME stays    (postmaster) HOLD, still held at the end
#   Subject HOLDME delete   (bob)      HOLD, then postsuper -d
#   Subject DISCARDME       (alice)    header_checks DISCARD
#   sendmail -f bob alice              local submission, sent
set -eu
out=${1:-tests/data/postfix-situations.log}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/capture-lib.sh"
capture_start
export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
echo "postfix postfix/mailname string mx.test.example" | debconf-set-selections
apt-get install -y -q postfix rsyslog python3 >/dev/null

for u in alice bob; do id "$u" >/dev/null 2>&1 || useradd -m "$u"; done
postfix stop >/dev/null 2>&1 || true
postsuper -d ALL >/dev/null 2>&1 || true # no leftovers of earlier runs

postconf -e "myhostname = mx.test.example" "mydomain = test.example" \
  "mydestination = mx.test.example, test.example, localhost" \
  "inet_interfaces = loopback-only" "inet_protocols = ipv4" \
  "mynetworks = 127.0.0.0/8" "relayhost =" "maillog_file =" \
  "smtpd_recipient_restrictions = permit_mynetworks, reject" \
  "header_checks = regexp:/etc/postfix/capture_header_checks" \
  "transport_maps = hash:/etc/postfix/capture_transport" \
  "smtp_dns_support_level = disabled" "smtp_host_lookup = native" \
  "content_filter = scan:[127.0.0.1]:10025" \
  "maximal_queue_lifetime = 90s" "bounce_queue_lifetime = 90s" \
  "queue_run_delay = 10s" "minimal_backoff_time = 10s" "maximal_backoff_time = 20s" \
  "smtp_connect_timeout = 2s" "alias_maps = hash:/etc/aliases" "alias_database = hash:/etc/aliases"
printf '%s\n' '/^Subject: .*HOLDME/ HOLD held by capture test' \
  '/^Subject: .*DISCARDME/ DISCARD discarded by capture test' > /etc/postfix/capture_header_checks
printf '%s\n' 'expire.test.example smtp:[127.0.0.1]:2599' \
  'remote.test.example smtp:[127.0.0.1]:2526' > /etc/postfix/capture_transport
postmap /etc/postfix/capture_transport
newaliases
# the filter's transport, and the re-injection smtpd (no filter, no header
# checks a second time), as in amavisd-new's README.postfix
postconf -M# '127.0.0.1:10026/inet' >/dev/null 2>&1 || true
postconf -M# 'scan/unix' >/dev/null 2>&1 || true
postconf -M "scan/unix=scan unix - - n - 2 smtp"
postconf -P "scan/unix/smtp_send_xforward_command=yes"
postconf -M "127.0.0.1:10026/inet=127.0.0.1:10026 inet n - n - - smtpd"
postconf -P "127.0.0.1:10026/inet/content_filter=" \
  "127.0.0.1:10026/inet/receive_override_options=no_unknown_recipient_checks,no_header_body_checks,no_milters" \
  "127.0.0.1:10026/inet/smtpd_recipient_restrictions=permit_mynetworks,reject"

rsyslog_start "$work" /var/log/capture-postfix-situations.log /var/spool/postfix/dev/log
python3 "$here/capture-smtpd.py" filter 10025 10026 --seconds 400 & pids="$pids $!"
python3 "$here/capture-smtpd.py" sink 2526 --seconds 400 & pids="$pids $!"
postfix start >/dev/null
sleep 2

python3 "$here/capture-smtpd.py" send <<'MAIL'
sender@client.test.example | delivered | alice@test.example
bob@test.example | expires | carol@expire.test.example
 | null sender expires | dave@expire.test.example
bob@test.example | held by postsuper -h | frank@expire.test.example
bob@test.example | deferred then sent | tempok@remote.test.example
bob@test.example | deferred then bounced | tempfail@remote.test.example
bob@test.example | mixed | alice@test.example refuse@remote.test.example gina@expire.test.example
sender@client.test.example | HOLDME release | alice@test.example
sender@client.test.example | HOLDME stays | postmaster@test.example
sender@client.test.example | HOLDME delete | bob@test.example
sender@client.test.example | DISCARDME | alice@test.example
MAIL
printf 'Subject: local submission\n\nvia sendmail(1)\n' | /usr/sbin/sendmail -f bob alice
sleep 4

# qid QUEUE RCPT: the queue ID of the message in QUEUE for RCPT
qid() {
  postqueue -j | python3 -c 'import json, sys
for l in sys.stdin:
    m = json.loads(l)
    if m["queue_name"] == sys.argv[1] and any(r["address"] == sys.argv[2] for r in m["recipients"]):
        print(m["queue_id"]); break' "$1" "$2"
}
postsuper -H "$(qid hold alice@test.example)"
postsuper -d "$(qid hold bob@test.example)"
postsuper -h "$(qid deferred frank@expire.test.example)"
sleep 15
postsuper -H "$(qid hold frank@expire.test.example)"
# until only the message left on hold is queued (the lifetimes are 90 s)
queue_settled() { [ "$(postqueue -j | grep -vc '"queue_name": *"hold"')" -eq 0 ]; }
sleep 60
wait_until 180 queue_settled
sleep 2
postfix stop >/dev/null
rsyslog_stop "$work"
postsuper -d ALL >/dev/null 2>&1 || true
cp /var/log/capture-postfix-situations.log "$out"
echo "captured $(wc -l < "$out") lines into $out"
