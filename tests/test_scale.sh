#!/bin/sh
# test_scale.sh BINDIR PEAK_RSS [RSS_CHECK] -- memory at scale, cheaply:
# maillog-report, maillog-exporter --once and maillog-json --messages on
# 20,000 and on 400,000 generated Postfix lines must peak within
# MARGIN_KIB of each other (issue 23 item 4, issue 21 item 5: memory must
# not grow with the number of lines).  The log's keys (senders,
# recipients, relays, clients, reasons) are a fixed set and every message
# and session ends, so neither the report's tables nor the correlator's
# open set have a reason to grow: whatever grows does so per line.  The
# leak this guards against, 8 bytes of kept delay per delivered recipient,
# added 1.2 to 1.5 MiB between the two sizes; run to run the peaks move by
# about 0.2 MiB.  Then the report's per-relay delay percentiles against exact
# ones computed here: equal while a relay has at most 1,024 deliveries,
# within 1/256 beyond (the histogram of examples/tool/quant.c).
# PEAK_RSS is bench/peak-rss.c built (--cpu: the tool's exit status too).  RSS_CHECK=0 (sanitizer builds,
# whose allocator keeps freed memory in quarantine) skips the RSS part.
set -u
bin=$(cd "$1" && pwd)
peak=$2
rss_check=${3:-1}
small=20000 large=400000 margin_kib=512
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# gen LINES: one message every 3 seconds: connect, sometimes a reject, a
# SASL failure, the queue manager's line, four deliveries to five relays
# (one deferred first), removed, disconnect.
gen() {
  awk -v lines="$1" 'BEGIN {
    for (i = 0; n < lines; i++) {
      sec = i * 3
      st = sprintf("Dec %2d %02d:%02d:%02d", 1 + int(sec / 86400) % 28, int(sec / 3600) % 24,
                   int(sec / 60) % 60, sec % 60)
      q = sprintf("%010X", 1048576 + i)
      k = i % 200; pid = 1000 + i % 30000
      c = "mail" k ".example.net[198.51.100." k "]"
      p = st " mx1 postfix/smtpd[" pid "]: "
      print p "connect from " c; n++
      if (i % 20 == 0) {
        print p "NOQUEUE: reject: RCPT from " c ": 554 5.7.1 <u" k "@example.org>: Relay access denied; from=<s" k "@example.net> to=<u" k "@example.org> proto=ESMTP helo=<mail" k ".example.net>"; n++
      }
      if (i % 50 == 0) {
        print p "warning: " c ": SASL LOGIN authentication failed: UGFzc3dvcmQ6"; n++
      }
      print p q ": client=" c
      print st " mx1 postfix/cleanup[" pid + 1 "]: " q ": message-id=<" i "@mail" k ".example.net>"
      print st " mx1 postfix/qmgr[999]: " q ": from=<sender" i % 500 "@example.net>, size=" 1000 + i % 9000 ", nrcpt=4 (queue active)"
      print p "disconnect from " c " ehlo=1 mail=1 rcpt=4 data=1 quit=1 commands=8"
      n += 4
      for (r = 0; r < 4; r++) {
        d = (i + r) % 5
        to = st " mx1 postfix/smtp[" pid + 2 "]: " q ": to=<rcpt" r "@dest" d ".example.com>, relay=mx.dest" d ".example.com[203.0.113." d "]:25, "
        if (i % 10 == 0 && r == 0) {
          print to "delay=1.5, delays=0.1/0/0.9/0.5, dsn=4.7.1, status=deferred (host mx.dest" d ".example.com[203.0.113." d "] said: 451 4.7.1 Greylisted (in reply to RCPT TO command))"; n++
        }
        print to "delay=" ((i * 7919 + r * 104729) % 5000) / 100 ", delays=0.1/0/0.2/0.3, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as " q ")"; n++
      }
      print st " mx1 postfix/qmgr[999]: " q ": removed"; n++
    }
  }'
}
gen $large > "$t/large.log"
head -n $small "$t/large.log" > "$t/small.log"
[ "$(wc -l < "$t/large.log")" -ge $large ] && ok || ko "the generated log has $large lines"

# peak-RSS growth (KiB) of CMD... from the small log to the large one;
# "failed" when CMD did not exit with status 0 on both
growth() {
  a=$("$peak" --cpu "$@" "$t/small.log") && b=$("$peak" --cpu "$@" "$t/large.log") || { echo failed; return; }
  a=$(echo "$a" | cut -d' ' -f2) b=$(echo "$b" | cut -d' ' -f2)
  echo "$((b - a)) KiB ($a KiB at $small lines, $b KiB at $large)"
}
if [ "$rss_check" = 1 ]; then
  for tool in "maillog-report" "maillog-exporter --once" "maillog-json --messages"; do
    [ "$tool" = "maillog-exporter --once" ] && [ ! -x "$bin/maillog-exporter" ] && continue
    # shellcheck disable=SC2086 # the tool's options are words
    g=$(growth "$bin/"$tool)
    if [ "$g" = failed ]; then ko "$tool failed"
    elif [ "${g%% *}" -le $margin_kib ]; then ok
    else ko "$tool: peak RSS grew by $g, more than $margin_kib KiB"; fi
  done
else
  echo "SKIP: peak RSS (a sanitizer build)"
fi

# percentiles: "sent p50 p90 p99 max" of one relay, from the report's
# text and exactly (nearest rank, as the report) from the log
report_row() {
  "$bin/maillog-report" "$1" | awk -v relay="$2" '
    /^Delivery delay by relay/ { on = 1 } on && $6 == relay { print $1, $2, $3, $4, $5; exit }'
}
exact_row() {
  grep "relay=$2\[.*status=sent" "$1" | sed 's/.* delay=\([0-9.]*\),.*/\1/' | sort -n | awk '
    { v[++n] = $1 }
    function at(p) { return v[int((n * p + 99) / 100)] }
    END { printf "%d %.2f %.2f %.2f %.2f\n", n, at(50), at(90), at(99), v[n] }'
}
relay=mx.dest0.example.com
head -n 5000 "$t/large.log" > "$t/few.log"
got=$(report_row "$t/few.log" $relay) want=$(exact_row "$t/few.log" $relay)
[ -n "$got" ] && [ "${want%% *}" -le 1024 ] && [ "$got" = "$want" ] && ok \
  || ko "exact percentiles ($got, want $want)"
for log in small large; do
  got=$(report_row "$t/$log.log" $relay) want=$(exact_row "$t/$log.log" $relay)
  # shellcheck disable=SC2086 # two rows of five numbers
  echo $got $want | awk '
    NF != 10 || $1 != $6 || $1 <= 1024 || $5 != $10 { exit 1 }
    { for (k = 2; k <= 4; k++) if ($k - $(k + 5) > $(k + 5) / 256 + 0.005 || $(k + 5) - $k > $(k + 5) / 256 + 0.005) exit 1 }' \
    && ok || ko "percentiles within 1/256 at $log ($got, exact $want)"
done

echo "test_scale: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
