#!/bin/sh
# capture-exim-situations.sh OUT -- a real Exim mainlog of the situations
# whose per-recipient outcomes are hard to get right, kept as OUT
# (tests/data/exim-situations.log); tests/data/exim-situations.expect holds
# the outcomes, written by hand from what this script makes happen.  Run as
# root on a scratch Debian machine: it installs exim4-daemon-light (which
# removes another MTA), runs it with a configuration of its own
# (/etc/exim4/exim4.conf, removed at the end) and sends mail only to
# 127.0.0.1.
#
# Situations (by recipient):
#   alice@test.example                 delivered locally
#   alice + discardme@test.example     RCPT ACL discard of one recipient
#   discardme@test.example alone       every recipient discarded
#   devnull@test.example               alias to :blackhole:
#   Subject FREEZEME thaw (alice)      DATA ACL control = freeze, exim -Mt,
#                                      then delivered
#   Subject FREEZEME stays (bob)       frozen at the end
#   tempok@remote.test.example         451 then, after exim -qf, 250 (sink
#                                      on 2526, capture-smtpd.py)
#   tempfail@remote.test.example       451 then 550: bounced, bounce message
#   carol@expire.test.example          closed port 2599, retry rule F,1m,10s:
#                                      retry timeout exceeded, bounced
#   refuse@remote.test.example         550 at once: bounced
set -eu
out=${1:-tests/data/exim-situations.log}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/capture-lib.sh"
capture_cleanup() {
  [ -s "$work/exim.pid" ] && kill "$(cat "$work/exim.pid")" 2>/dev/null || true
  rm -f /etc/exim4/exim4.conf /etc/exim4/capture-aliases
}
capture_start
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q exim4-daemon-light python3 >/dev/null

for u in alice bob; do id "$u" >/dev/null 2>&1 || useradd -m "$u"; done
# a daemon left by the package's own start, by its pid file only
[ -s /run/exim4/exim.pid ] && kill "$(cat /run/exim4/exim.pid)" 2>/dev/null || true
sleep 1
printf 'devnull: :blackhole:\n' > /etc/exim4/capture-aliases
# /etc/exim4/exim4.conf, when it exists, is read instead of Debian's
# generated configuration
cat > /etc/exim4/exim4.conf <<'CONF'
primary_hostname = mx.test.example
qualify_domain = test.example
domainlist local_domains = test.example : mx.test.example : localhost
hostlist relay_from_hosts = 127.0.0.1
local_interfaces = 127.0.0.1
daemon_smtp_ports = 25
exim_user = Debian-exim
exim_group = Debian-exim
never_users = root
host_lookup =
rfc1413_hosts =
log_file_path = /var/log/exim4/%slog
log_selector = +received_recipients
spool_directory = /var/spool/exim4
keep_environment =
tls_advertise_hosts =
acl_smtp_rcpt = acl_rcpt
acl_smtp_data = acl_data

begin acl
acl_rcpt:
  discard local_parts = discardme
  accept  domains = +local_domains
          verify = recipient
  accept  hosts = +relay_from_hosts
  deny    message = relay not permitted

acl_data:
  warn    condition = ${if match{$h_subject:}{FREEZEME}}
          control = freeze/no_tell
  accept

begin routers
remote:
  driver = manualroute
  domains = remote.test.example
  route_list = * 127.0.0.1
  transport = sink_smtp
  self = send
expire:
  driver = manualroute
  domains = expire.test.example
  route_list = * 127.0.0.1
  transport = closed_smtp
  self = send
system_aliases:
  driver = redirect
  domains = +local_domains
  data = ${lookup{$local_part}lsearch{/etc/exim4/capture-aliases}}
  allow_fail
  allow_defer
local_user:
  driver = accept
  domains = +local_domains
  check_local_user
  transport = local_delivery

begin transports
sink_smtp:
  driver = smtp
  port = 2526
closed_smtp:
  driver = smtp
  port = 2599
local_delivery:
  driver = appendfile
  file = /var/mail/$local_part_data
  delivery_date_add
  envelope_to_add
  return_path_add
  group = mail
  mode = 0600
  mode_fail_narrower = false

begin retry
expire.test.example * F,1m,10s
* * F,2h,15m
CONF
exim4 -bV >/dev/null

python3 "$here/capture-smtpd.py" sink 2526 --seconds 300 & pids="$pids $!"
rm -f /var/spool/exim4/input/* /var/spool/exim4/msglog/* /var/spool/exim4/db/*
rm -f /var/log/exim4/mainlog /var/log/exim4/rejectlog /var/log/exim4/paniclog
install -o Debian-exim -g adm -m 640 /dev/null /var/log/exim4/mainlog
exim4 -bd -q10s -oP "$work/exim.pid"
sleep 2

python3 "$here/capture-smtpd.py" send <<'MAIL'
sender@client.test.example | delivered | alice@test.example
sender@client.test.example | one discarded | alice@test.example discardme@test.example
sender@client.test.example | all discarded | discardme@test.example
sender@client.test.example | blackhole | devnull@test.example
sender@client.test.example | FREEZEME thaw | alice@test.example
sender@client.test.example | FREEZEME stays | bob@test.example
bob@test.example | deferred then sent | tempok@remote.test.example
bob@test.example | deferred then bounced | tempfail@remote.test.example
bob@test.example | retry timeout | carol@expire.test.example
bob@test.example | refused | refuse@remote.test.example
MAIL
sleep 5
# the frozen message for alice: thawed, then delivered by a queue run
thaw=$(exim4 -bp | awk '/^ *[0-9]+[smhd] / {id = /frozen/ ? $3 : ""} /^ *alice@test.example$/ && id {print id}' | head -1)
exim4 -Mt "$thaw"
sleep 15
exim4 -qf # retry times aside: the sink now answers the second attempts
# until the closed port's retry rule (1 minute) has run out
queue_settled() { [ "$(exim4 -bpc)" -le 1 ]; }
sleep 50
wait_until 120 queue_settled
sleep 2
kill "$(cat "$work/exim.pid")" 2>/dev/null || true
sleep 1
exim4 -Mrm $(exim4 -bp | awk '/^ *[0-9]+[smhd] / {print $3}') >/dev/null 2>&1 || true
cp /var/log/exim4/mainlog "$out"
echo "captured $(wc -l < "$out") lines into $out"
