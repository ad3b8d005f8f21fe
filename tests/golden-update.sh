#!/bin/sh
# golden-update.sh -- rewrite tests/data/*.ndjson from the current build.
# Review `git diff tests/data` line by line before committing: the golden
# files are the reviewed truth, not whatever the code prints today.
set -eu
cd "$(dirname "$0")/.."
make -s build/bin/maillog-json
for log in tests/data/*.log; do
  ./build/bin/maillog-json --reference-time 1795953600 "$log" > "${log%.log}.ndjson"
done
# correlated messages and sessions of the data sets that tell stories
for log in tests/data/postfix-loopback.log tests/data/postfix-outcomes.log tests/data/postfix-situations.log tests/data/pmg-filter.log tests/data/correlate-cases.log tests/data/sendmail-loopback.log tests/data/sendmail-situations.log tests/data/exim-loopback.log tests/data/exim-situations.log \
    tests/data/opensmtpd-loopback.log tests/data/opensmtpd-situations.log tests/data/qmail-kinds.log tests/data/exchange-tracking.log tests/data/exchange-org.log \
    tests/data/exchange-smtp.log tests/data/mailenable-activity.log tests/data/mailenable-w3c.log \
    tests/data/hmailserver-day.log; do
  ./build/bin/maillog-json --messages --sessions --reference-time 1795953600 "$log" \
    > "${log%.log}.messages.ndjson"
done
# maillog-report, text and JSON
make -s build/bin/maillog-report
for log in tests/data/postfix-loopback.log tests/data/postfix-outcomes.log tests/data/postfix-situations.log tests/data/pmg-filter.log tests/data/correlate-cases.log tests/data/sendmail-loopback.log tests/data/sendmail-situations.log tests/data/exim-loopback.log tests/data/exim-situations.log \
    tests/data/opensmtpd-loopback.log tests/data/opensmtpd-situations.log tests/data/qmail-kinds.log tests/data/exchange-tracking.log tests/data/exchange-org.log \
    tests/data/exchange-smtp.log tests/data/mailenable-activity.log tests/data/mailenable-w3c.log \
    tests/data/hmailserver-day.log; do
  ./build/bin/maillog-report --reference-time 1795953600 "$log" > "${log%.log}.report.txt"
  ./build/bin/maillog-report --json --reference-time 1795953600 "$log" > "${log%.log}.report.json"
done
