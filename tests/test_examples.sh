#!/bin/sh
# test_examples.sh BINDIR -- end-to-end tests of the example programs:
# golden output, stdin, exit statuses and error messages.
set -u
bin=$1
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
echo "examples: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
