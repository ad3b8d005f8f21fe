#!/bin/sh
# test_examples.sh BINDIR -- end-to-end tests of the example programs:
# golden output, stdin, exit statuses and error messages.
set -u
bin=$1
correlate=${2:-1}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# golden output from a file and from stdin
"$bin/maillog-json" --reference-time 1795953600 tests/data/postfix-kinds.log > "$t/out" 2> "$t/err" \
  && cmp -s "$t/out" tests/data/postfix-kinds.ndjson && ok || ko "maillog-json golden (file)"
"$bin/maillog-json" --reference-time 1795953600 < tests/data/postfix-kinds.log > "$t/out" \
  && cmp -s "$t/out" tests/data/postfix-kinds.ndjson && ok || ko "maillog-json golden (stdin)"
# two files: line numbers continue
"$bin/maillog-json" --reference-time 1795953600 tests/data/envelopes.log tests/data/envelopes.log > "$t/out" \
  && [ "$(wc -l < "$t/out")" -eq $((2 * $(wc -l < tests/data/envelopes.log))) ] && ok || ko "two files"
# missing file: message and status 1, other files still processed
"$bin/maillog-json" tests/data/envelopes.log /nonexistent/x.log > "$t/out" 2> "$t/err"
[ $? -eq 1 ] && grep -q '/nonexistent/x.log' "$t/err" && [ -s "$t/out" ] && ok || ko "missing file"
# unreadable directory given as a file
"$bin/maillog-json" tests/data > "$t/out" 2> "$t/err"
[ $? -eq 1 ] && grep -q 'tests/data' "$t/err" && ok || ko "directory argument"
# usage errors: status 2
"$bin/maillog-json" --bogus > /dev/null 2> "$t/err"; [ $? -eq 2 ] && grep -q bogus "$t/err" && ok || ko "bad option"
"$bin/maillog-json" --dialect nosuch < /dev/null > /dev/null 2>&1; [ $? -eq 2 ] && ok || ko "bad dialect"
"$bin/maillog-json" --max-line 3 < /dev/null > /dev/null 2>&1; [ $? -eq 2 ] && ok || ko "bad max-line"
"$bin/maillog-json" --reference-time x < /dev/null > /dev/null 2>&1; [ $? -eq 2 ] && ok || ko "bad reference time"
"$bin/maillog-json" --help | grep -q Usage && ok || ko "--help"
"$bin/maillog-json" --version | grep -q libmaillog && ok || ko "--version"
# forced dialect on bare bodies, stats on stderr
printf 'D2FAE20586: uid=0 from=<fail2ban>\n' | "$bin/maillog-json" --dialect postfix --stats > "$t/out" 2> "$t/err"
grep -q '"event":"pickup"' "$t/out" && grep -q 'parsed 1 unparsed 0' "$t/err" && ok || ko "--dialect/--stats"
# every byte value survives as valid JSON lines, one per input line
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256))*8)' > "$t/bytes"
"$bin/maillog-json" "$t/bytes" > "$t/out" && python3 - "$t/out" <<'PY' && ok || ko "binary input gives valid NDJSON"
import json, sys
n = 0
for line in open(sys.argv[1], "rb"):
    json.loads(line); n += 1
sys.exit(0 if n == 9 else 1)
PY
# gzip-compressed input gives the same records
gzip -c tests/data/postfix-kinds.log > "$t/kinds.log.gz"
"$bin/maillog-json" --reference-time 1795953600 "$t/kinds.log.gz" > "$t/out" \
  && cmp -s "$t/out" tests/data/postfix-kinds.ndjson && ok || ko "gzip input"
# a rotated set given in any order is read oldest first; line numbers go on
sed -n '1,20p' tests/data/postfix-kinds.log | gzip -c > "$t/m.log.2.gz"
sed -n '21,40p' tests/data/postfix-kinds.log > "$t/m.log.1"
sed -n '41,$p' tests/data/postfix-kinds.log > "$t/m.log"
"$bin/maillog-json" --reference-time 1795953600 "$t/m.log" "$t/m.log.1" "$t/m.log.2.gz" > "$t/out" \
  && cmp -s "$t/out" tests/data/postfix-kinds.ndjson && ok || ko "rotated set order"
# a truncated gzip stream: a clear message, status 1, what was read is kept
head -c 1500 "$t/kinds.log.gz" > "$t/cut.gz"
"$bin/maillog-json" "$t/cut.gz" > "$t/out" 2> "$t/err"
[ $? -eq 1 ] && grep -q 'truncated' "$t/err" && [ -s "$t/out" ] && ok || ko "truncated gzip"
# a corrupt gzip stream: a clear message and status 1
printf '\037\213\010\000garbage-that-is-not-deflate' > "$t/bad.gz"
"$bin/maillog-json" "$t/bad.gz" > /dev/null 2> "$t/err"
[ $? -eq 1 ] && grep -q 'bad.gz' "$t/err" && ok || ko "corrupt gzip"
if [ "$correlate" != 0 ]; then
  "$bin/maillog-trace" --reference-time 2026-11-29 --queue-id 4F1A2B3C4D "$t/kinds.log.gz" > "$t/out" \
    && grep -q '^4F1A2B3C4D on mx1' "$t/out" && ok || ko "trace reads gzip"
fi
if [ "$correlate" != 0 ]; then
  # --messages/--sessions: the reviewed golden file
  "$bin/maillog-json" --messages --sessions --reference-time 1795953600 tests/data/correlate-cases.log > "$t/out" \
    && cmp -s "$t/out" tests/data/correlate-cases.messages.ndjson && ok || ko "maillog-json --messages golden"
  # trace: a bounce chain followed both ways from the original recipient
  "$bin/maillog-trace" --reference-time 2026-11-29 --to gone@test.example --follow tests/data/postfix-loopback.log > "$t/out"
  [ $? -eq 0 ] && [ "$(grep -c ' on mx (postfix)' "$t/out")" -eq 3 ] && grep -q 'notification' "$t/out" \
    && grep -q 'handed off from 778AC10219D' "$t/out" && ok || ko "trace --follow"
  # trace --lines prints the original lines of one message, in order
  "$bin/maillog-trace" --reference-time 2026-11-29 --queue-id 1A0000000A --lines tests/data/correlate-cases.log > "$t/out"
  [ "$(grep -c 1A0000000A "$t/out")" -eq 9 ] && ok || ko "trace --lines"
  # trace --json: valid JSON, selection by status and domain substring
  "$bin/maillog-trace" --reference-time 2026-11-29 --status deferred --json tests/data/postfix-loopback.log > "$t/out" \
    && python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]; sys.exit(0 if sum(1 for _ in open(sys.argv[1])) >= 2 else 1)' "$t/out" \
    && ok || ko "trace --json --status"
  "$bin/maillog-trace" --reference-time 2026-11-29 --from @CLIENT.TEST tests/data/postfix-loopback.log > "$t/out" \
    && [ -s "$t/out" ] && ok || ko "trace --from substring, case-insensitive"
  # nothing matches: status 1; bad option: status 2; missing file: status 2
  "$bin/maillog-trace" --queue-id NOSUCH tests/data/correlate-cases.log > /dev/null; [ $? -eq 1 ] && ok || ko "trace no match"
  "$bin/maillog-trace" --bogus > /dev/null 2>&1; [ $? -eq 2 ] && ok || ko "trace bad option"
  "$bin/maillog-trace" /nonexistent.log > /dev/null 2> "$t/err"; [ $? -eq 2 ] && grep -q nonexistent "$t/err" && ok || ko "trace missing file"
  "$bin/maillog-trace" --since yesterday tests/data/correlate-cases.log > /dev/null 2>&1; [ $? -eq 2 ] && ok || ko "trace bad time"
fi
echo "examples: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
