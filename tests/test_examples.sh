#!/bin/sh
# test_examples.sh BINDIR [CORRELATE [NOCODEC]] -- end-to-end tests of the
# example programs: golden output, stdin, options, exit statuses and error
# messages, compressed and binary input, the time window.  NOCODEC is
# maillog-json built without any decompressor (make check builds it).
set -u
bin=$(cd "$1" && pwd)
correlate=${2:-1}
nocodec=${3:-}
[ -n "$nocodec" ] && nocodec=$(cd "$(dirname "$nocodec")" && pwd)/$(basename "$nocodec")
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
# two files: each a stream of its own, its line numbers from 1
"$bin/maillog-json" --reference-time 1795953600 tests/data/envelopes.log tests/data/envelopes.log > "$t/out" \
  && [ "$(wc -l < "$t/out")" -eq $((2 * $(wc -l < tests/data/envelopes.log))) ] \
  && [ "$(grep -c '^{"line":1,' "$t/out")" -eq 2 ] && ok || ko "two files"
# a missing file, a directory: the message, status 2 and nothing printed,
# even for the files that could be read
"$bin/maillog-json" tests/data/envelopes.log /nonexistent/x.log > "$t/out" 2> "$t/err"
[ $? -eq 2 ] && grep -q '^maillog-json: /nonexistent/x.log: No such file or directory$' "$t/err" \
  && [ ! -s "$t/out" ] && ok || ko "missing file"
# a directory stands for its files (not hidden ones, not subdirectories)
# in name order, rotated sets oldest first; an empty one is refused
mkdir -p "$t/logdir/sub" "$t/emptydir"
cp tests/data/envelopes.log "$t/logdir/mail.log"
cp tests/data/postfix-kinds.log "$t/logdir/mail.log.1"
gzip -c tests/data/correlate-cases.log > "$t/logdir/mail.log.2.gz"
cp tests/data/qmail-kinds.log "$t/logdir/a.log"
cp tests/data/sendmail-loopback.log "$t/logdir/.hidden.log"
cp tests/data/exim-loopback.log "$t/logdir/sub/x.log"
"$bin/maillog-json" -q "$t/logdir" > "$t/out" 2> "$t/err" \
  && "$bin/maillog-json" -q "$t/logdir/a.log" "$t/logdir/mail.log.2.gz" "$t/logdir/mail.log.1" \
       "$t/logdir/mail.log" > "$t/want" && cmp -s "$t/out" "$t/want" && [ ! -s "$t/err" ] \
  && ok || ko "a directory read as its files in order"
"$bin/maillog-json" "$t/emptydir" > "$t/out" 2> "$t/err"
[ $? -eq 2 ] && grep -q "^maillog-json: $t/emptydir: a directory without log files$" "$t/err" && [ ! -s "$t/out" ] \
  && ok || ko "an empty directory refused"
if [ "$(id -u)" != 0 ]; then
  cp tests/data/envelopes.log "$t/unreadable.log"; chmod 000 "$t/unreadable.log"
  "$bin/maillog-json" "$t/unreadable.log" > "$t/out" 2> "$t/err"
  [ $? -eq 2 ] && grep -q 'Permission denied' "$t/err" && [ ! -s "$t/out" ] && ok || ko "unreadable file"
else
  echo "SKIP: unreadable file (root reads every file)"
fi
# usage errors: status 2, a message naming the option and a hint; --help
# and -h on stdout, status 0
"$bin/maillog-json" --bogus > /dev/null 2> "$t/err"
[ $? -eq 2 ] && grep -q "^maillog-json: unrecognized option '--bogus'" "$t/err" \
  && grep -q "^Try 'maillog-json --help'" "$t/err" && ok || ko "bad option"
"$bin/maillog-json" -z > /dev/null 2> "$t/err"; [ $? -eq 2 ] && grep -q "invalid option -- 'z'" "$t/err" && ok || ko "bad short option"
"$bin/maillog-json" --dialect > /dev/null 2> "$t/err"; [ $? -eq 2 ] && grep -q "'--dialect' requires an argument" "$t/err" && ok || ko "option without its value"
"$bin/maillog-json" --stats=1 < /dev/null > /dev/null 2> "$t/err"; [ $? -eq 2 ] && grep -q "'--stats' doesn't allow an argument" "$t/err" && ok || ko "flag given a value"
"$bin/maillog-json" --dialect nosuch < /dev/null > /dev/null 2> "$t/err"; [ $? -eq 2 ] && grep -q "unknown --dialect 'nosuch'" "$t/err" && ok || ko "bad dialect"
"$bin/maillog-json" --max-line 3 < /dev/null > /dev/null 2>&1; [ $? -eq 2 ] && ok || ko "bad max-line"
"$bin/maillog-json" --reference-time x < /dev/null > /dev/null 2>&1; [ $? -eq 2 ] && ok || ko "bad reference time"
for h in --help -h; do
  "$bin/maillog-json" $h > "$t/out" 2> "$t/err"
  [ $? -eq 0 ] && grep -q '^Usage: maillog-json' "$t/out" && grep -q -- '--since=T' "$t/out" && [ ! -s "$t/err" ] && ok || ko "maillog-json $h"
done
for v in --version -V; do
  "$bin/maillog-json" $v | grep -q '^maillog-json (libmaillog) [0-9]' && ok || ko "maillog-json $v"
done
# --opt=value, options after the files, a unique prefix, and -- before a
# file whose name starts with '-'
"$bin/maillog-json" tests/data/postfix-kinds.log --reference-time=1795953600 > "$t/out" \
  && cmp -s "$t/out" tests/data/postfix-kinds.ndjson && ok || ko "--opt=value after the file"
"$bin/maillog-json" --reference-t 1795953600 tests/data/postfix-kinds.log > "$t/out" \
  && cmp -s "$t/out" tests/data/postfix-kinds.ndjson && ok || ko "unique prefix of an option"
cp tests/data/postfix-kinds.log "$t/-kinds.log"
(cd "$t" && "$bin/maillog-json" --reference-time 1795953600 -- -kinds.log) > "$t/out" \
  && cmp -s "$t/out" tests/data/postfix-kinds.ndjson && ok || ko "-- before a file named -kinds.log"
(cd "$t" && "$bin/maillog-json" -kinds.log) > /dev/null 2> "$t/err"
[ $? -eq 2 ] && grep -q "invalid option -- 'k'" "$t/err" && ok || ko "-kinds.log without --"
# forced dialect on bare bodies, stats on stderr
printf 'D2FAE20586: uid=0 from=<fail2ban>\n' | "$bin/maillog-json" --dialect postfix --stats > "$t/out" 2> "$t/err"
grep -q '"event":"pickup"' "$t/out" && grep -q 'parsed 1 unparsed 0' "$t/err" && ok || ko "--dialect/--stats"
# every byte value survives as valid JSON lines, one per input line
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256))*8)' > "$t/bytes"
"$bin/maillog-json" --text "$t/bytes" > "$t/out" && python3 - "$t/out" <<'PY' && ok || ko "binary input with --text gives valid NDJSON"
import json, sys
n = 0
for line in open(sys.argv[1], "rb"):
    json.loads(line); n += 1
sys.exit(0 if n == 9 else 1)
PY
# binary input is refused (status 2, nothing printed), from a file, from
# standard input and once decompressed; -a/--text reads it; a log with a
# stray NUL byte is still a log
"$bin/maillog-json" "$t/bytes" > "$t/out" 2> "$t/err"
[ $? -eq 2 ] && grep -q 'bytes: binary data, not a log (208 of the first 2048 bytes are NUL or control characters); --text reads it all the same' "$t/err" \
  && [ ! -s "$t/out" ] && ok || ko "binary input refused"
"$bin/maillog-json" tests/data/envelopes.log "$bin/maillog-json" > "$t/out" 2> "$t/err"
[ $? -eq 2 ] && grep -q 'binary data' "$t/err" && [ ! -s "$t/out" ] && ok || ko "an executable refused, nothing printed"
"$bin/maillog-json" < "$t/bytes" > "$t/out" 2> "$t/err"
[ $? -eq 2 ] && grep -q '^maillog-json: -: binary data' "$t/err" && ok || ko "binary standard input refused"
python3 -c 'import random, sys; random.seed(7); sys.stdout.buffer.write(bytes(random.getrandbits(8) for _ in range(65536)))' > "$t/random.bin"
"$bin/maillog-json" "$t/random.bin" > /dev/null 2> "$t/err"
[ $? -eq 2 ] && grep -q 'binary data' "$t/err" && ok || ko "random bytes (an unknown compression) refused"
"$bin/maillog-json" -a "$t/random.bin" > /dev/null 2>&1; [ $? -eq 0 ] && ok || ko "-a reads binary input"
sed '3s/postfix/post\x00fix/' tests/data/postfix-kinds.log > "$t/nul.log"
"$bin/maillog-json" "$t/nul.log" > "$t/out" 2> "$t/err"
[ $? -eq 0 ] && [ ! -s "$t/err" ] && [ "$(wc -l < "$t/out")" -eq "$(wc -l < tests/data/postfix-kinds.log)" ] \
  && ok || ko "a log with a NUL byte is read"
: > "$t/empty.log"
"$bin/maillog-json" "$t/empty.log" > "$t/out" 2> "$t/err" && [ ! -s "$t/out" ] && [ ! -s "$t/err" ] && ok || ko "an empty file"
if command -v gzip > /dev/null; then
  gzip -c "$t/bytes" > "$t/bytes.gz"
  "$bin/maillog-json" "$t/bytes.gz" > /dev/null 2> "$t/err"
  [ $? -eq 2 ] && grep -q 'of the first 2048 bytes once decompressed by gzip are' "$t/err" && ok || ko "binary data inside gzip refused"
fi
# UTF-16 (Windows exports): with or without a byte order mark, either byte
# order, compressed or from standard input, the same records as the UTF-8
# file; a unit cut short or a lone surrogate becomes U+FFFD, nothing lost
"$bin/maillog-json" -q tests/data/exchange-tracking.log > "$t/u8.out"
python3 - tests/data/exchange-tracking.log "$t" <<'PY'
import sys
text = open(sys.argv[1], encoding='utf-8').read()
for name, enc, bom in (('le', 'utf-16-le', b'\xff\xfe'), ('be', 'utf-16-be', b'\xfe\xff'), ('nobom', 'utf-16-le', b'')):
    open('%s/u16-%s.log' % (sys.argv[2], name), 'wb').write(bom + text.encode(enc))
open(sys.argv[2] + '/u16-odd.log', 'wb').write(b'\xff\xfe' + 'Dec  5 06:00:00 mx postfix/smtpd[1]: connect from a\n'.encode('utf-16-le')
                                           + b'\x00\xd8A\x00\n\x00x')
PY
for v in le be nobom; do
  "$bin/maillog-json" -q "$t/u16-$v.log" > "$t/out" 2> "$t/err" && cmp -s "$t/out" "$t/u8.out" && [ ! -s "$t/err" ] \
    && ok || ko "UTF-16 ($v) read as its UTF-8 text"
done
"$bin/maillog-json" -q - < "$t/u16-be.log" > "$t/out" && cmp -s "$t/out" "$t/u8.out" && ok || ko "UTF-16 from standard input"
if command -v gzip > /dev/null; then
  gzip -c "$t/u16-le.log" > "$t/u16.gz"
  "$bin/maillog-json" -q "$t/u16.gz" > "$t/out" && cmp -s "$t/out" "$t/u8.out" && ok || ko "gzip'd UTF-16"
fi
"$bin/maillog-json" -q "$t/u16-odd.log" > "$t/out" 2> "$t/err"
[ $? -eq 0 ] && [ "$(wc -l < "$t/out")" -eq 3 ] && grep -q '"program":"postfix/smtpd"' "$t/out" \
  && [ "$(grep -c "$(printf '\357\277\275')" "$t/out")" -eq 2 ] && ok || ko "UTF-16 cut short or with a lone surrogate"
# every compressed kind, told by its first bytes whatever the name: the
# same records as the plain file, from a file and from standard input,
# concatenated streams, a stream cut short (status 1, what was read is
# printed), one or two threads; skipped when the compressor is absent
for k in gzip xz bzip2 zstd; do
  if ! command -v $k > /dev/null; then echo "SKIP: $k input ($k not installed)"; continue; fi
  $k -c < tests/data/postfix-kinds.log > "$t/kinds.$k.data"
  "$bin/maillog-json" --reference-time 1795953600 "$t/kinds.$k.data" > "$t/out" 2> "$t/err" \
    && cmp -s "$t/out" tests/data/postfix-kinds.ndjson && [ ! -s "$t/err" ] && ok || ko "$k input"
  "$bin/maillog-json" --reference-time 1795953600 < "$t/kinds.$k.data" > "$t/out" \
    && cmp -s "$t/out" tests/data/postfix-kinds.ndjson && ok || ko "$k on standard input"
  { sed -n '1,30p' tests/data/postfix-kinds.log | $k -c; sed -n '31,$p' tests/data/postfix-kinds.log | $k -c; } > "$t/cat.$k"
  "$bin/maillog-json" --reference-time 1795953600 "$t/cat.$k" > "$t/out" \
    && cmp -s "$t/out" tests/data/postfix-kinds.ndjson && ok || ko "$k: two concatenated streams"
  i=0; while [ $i -lt 100 ]; do sed "s/mx1/mx$i/" tests/data/postfix-kinds.log; i=$((i + 1)); done > "$t/var.log"
  $k -c < "$t/var.log" > "$t/var.$k"
  "$bin/maillog-json" --reference-time 1795953600 --threads 1 "$t/var.log" > "$t/plain"
  "$bin/maillog-json" --reference-time 1795953600 --threads 1 "$t/var.$k" > "$t/one" \
    && "$bin/maillog-json" --reference-time 1795953600 --threads 2 "$t/var.$k" > "$t/two" \
    && cmp -s "$t/plain" "$t/one" && cmp -s "$t/plain" "$t/two" && ok || ko "$k: --threads 1 and 2"
  head -c "$(($(wc -c < "$t/var.$k") * 2 / 3))" "$t/var.$k" > "$t/cut.$k"
  "$bin/maillog-json" --threads 1 "$t/cut.$k" > "$t/one" 2> "$t/err1"; s1=$?
  "$bin/maillog-json" --threads 2 "$t/cut.$k" > "$t/two" 2> "$t/err2"; s2=$?
  [ $s1 -eq 1 ] && [ $s2 -eq 1 ] && grep -q "cut.$k: compressed data is truncated" "$t/err1" \
    && cmp -s "$t/err1" "$t/err2" && cmp -s "$t/one" "$t/two" && ok || ko "$k cut short"
  # a build without the decompressor says which package it needs
  if [ -n "$nocodec" ]; then
    case $k in gzip) pkg=zlib1g-dev ;; xz) pkg=liblzma-dev ;; bzip2) pkg=libbz2-dev ;; zstd) pkg=libzstd-dev ;; esac
    "$nocodec" tests/data/envelopes.log "$t/kinds.$k.data" > "$t/out" 2> "$t/err"
    [ $? -eq 2 ] && grep -q "^maillog-json: $t/kinds.$k.data: $k-compressed, but this build has no $k support (install $pkg and rebuild)$" "$t/err" \
      && [ ! -s "$t/out" ] && ok || ko "$k refused by a build without it"
  fi
done
if [ -n "$nocodec" ]; then
  "$nocodec" --reference-time 1795953600 tests/data/postfix-kinds.log > "$t/out" \
    && cmp -s "$t/out" tests/data/postfix-kinds.ndjson && ok || ko "a build without decompressors reads plain files"
fi
# a rotated set compressed with each kind is read oldest first (each file
# numbers its lines from 1: compared without the numbers)
nolines() { sed 's/^{"line":[0-9]*,//' "$@"; }
if command -v xz > /dev/null && command -v bzip2 > /dev/null && command -v zstd > /dev/null; then
  sed -n '1,20p' tests/data/postfix-kinds.log | zstd -q -c > "$t/z.log.4.zst"
  sed -n '21,30p' tests/data/postfix-kinds.log | bzip2 -c > "$t/z.log.3.bz2"
  sed -n '31,40p' tests/data/postfix-kinds.log | xz -c > "$t/z.log.2.xz"
  sed -n '41,60p' tests/data/postfix-kinds.log > "$t/z.log.1"
  sed -n '61,$p' tests/data/postfix-kinds.log > "$t/z.log"
  "$bin/maillog-json" --reference-time 1795953600 "$t/z.log" "$t/z.log.2.xz" "$t/z.log.1" "$t/z.log.4.zst" "$t/z.log.3.bz2" > "$t/out" \
    && nolines "$t/out" > "$t/out.n" && nolines tests/data/postfix-kinds.ndjson | cmp -s "$t/out.n" - \
    && ok || ko "rotated set of .zst, .bz2, .xz"
fi
# gzip-compressed input gives the same records
gzip -c tests/data/postfix-kinds.log > "$t/kinds.log.gz"
"$bin/maillog-json" --reference-time 1795953600 "$t/kinds.log.gz" > "$t/out" \
  && cmp -s "$t/out" tests/data/postfix-kinds.ndjson && ok || ko "gzip input"
# a rotated set given in any order is read oldest first; each file's line
# numbers start from 1
sed -n '1,20p' tests/data/postfix-kinds.log | gzip -c > "$t/m.log.2.gz"
sed -n '21,40p' tests/data/postfix-kinds.log > "$t/m.log.1"
sed -n '41,$p' tests/data/postfix-kinds.log > "$t/m.log"
"$bin/maillog-json" --reference-time 1795953600 "$t/m.log" "$t/m.log.1" "$t/m.log.2.gz" > "$t/out" \
  && nolines "$t/out" > "$t/out.n" && nolines tests/data/postfix-kinds.ndjson | cmp -s "$t/out.n" - \
  && [ "$(grep -c '^{"line":1,' "$t/out")" -eq 3 ] && ok || ko "rotated set order"
# a truncated gzip stream: a clear message, status 1, what was read is kept
head -c 1500 "$t/kinds.log.gz" > "$t/cut.gz"
"$bin/maillog-json" "$t/cut.gz" > "$t/out" 2> "$t/err"
[ $? -eq 1 ] && grep -q 'truncated' "$t/err" && [ -s "$t/out" ] && ok || ko "truncated gzip"
# a corrupt gzip stream: a clear message and status 1
printf '\037\213\010\000garbage-that-is-not-deflate' > "$t/bad.gz"
"$bin/maillog-json" "$t/bad.gz" > /dev/null 2> "$t/err"
[ $? -eq 1 ] && grep -q 'bad.gz' "$t/err" && ok || ko "corrupt gzip"
# a compressed file inflated on a second thread (--threads 2) gives what one
# thread gives, over a ring of 128 KiB blocks used many times over; a stream
# cut short keeps the same records and message; a write error stops both
# threads; --threads takes 1 or 2
i=0; while [ $i -lt 200 ]; do cat tests/data/postfix-kinds.log; i=$((i + 1)); done > "$t/big.log"
gzip -c "$t/big.log" > "$t/big.log.gz"
"$bin/maillog-json" --reference-time 1795953600 --threads 1 "$t/big.log" > "$t/plain" \
  && "$bin/maillog-json" --reference-time 1795953600 --threads 1 "$t/big.log.gz" > "$t/one" \
  && "$bin/maillog-json" --reference-time 1795953600 --threads 2 "$t/big.log.gz" > "$t/two" \
  && [ "$(wc -l < "$t/two")" -eq "$(wc -l < "$t/big.log")" ] \
  && cmp -s "$t/plain" "$t/one" && cmp -s "$t/plain" "$t/two" && ok || ko "--threads 1 and 2 on gzip"
head -c "$(($(wc -c < "$t/big.log.gz") / 2))" "$t/big.log.gz" > "$t/bigcut.gz"
"$bin/maillog-json" --threads 1 "$t/bigcut.gz" > "$t/one" 2> "$t/err1"; s1=$?
"$bin/maillog-json" --threads 2 "$t/bigcut.gz" > "$t/two" 2> "$t/err2"; s2=$?
[ $s1 -eq 1 ] && [ $s2 -eq 1 ] && grep -q truncated "$t/err2" && cmp -s "$t/err1" "$t/err2" \
  && [ "$(wc -l < "$t/two")" -gt 1000 ] && cmp -s "$t/one" "$t/two" && ok || ko "--threads 2 on a truncated gzip"
if [ -w /dev/full ]; then
  timeout 60 "$bin/maillog-json" --threads 2 "$t/big.log.gz" > /dev/full 2> "$t/err"
  [ $? -eq 1 ] && grep -q 'write' "$t/err" && ok || ko "--threads 2 stops on a write error"
  # many files: the workers make the JSON, the calling thread writes it
  timeout 60 "$bin/maillog-json" -j 2 "$t/big.log.gz" "$t/big.log" "$t/big.log.gz" > /dev/full 2> "$t/err"
  [ $? -eq 1 ] && grep -q 'write' "$t/err" && ok || ko "-j 2 on many files stops on a write error"
fi
for n in 0 x 1025 ''; do
  "$bin/maillog-json" --threads "$n" < /dev/null > /dev/null 2> "$t/err"
  [ $? -eq 2 ] && grep -q 'threads' "$t/err" && ok || ko "bad --threads '$n'"
done
# many files read in parallel (-j 4) give what a serial run (-j 1) gives,
# byte for byte, on standard output and standard error, with the same
# status: a rotated set (plain and .gz, a file's records over several
# batches), several MTAs' logs, Exchange logs whose headers change
# mid-file, a truncated .gz in the middle, the time window
split -l 700 "$t/big.log" "$t/rot."
n=0; for f in "$t"/rot.*; do n=$((n + 1)); if [ $((n % 2)) -eq 0 ]; then gzip -c "$f" > "$t/mail.log.$n.gz"; else cp "$f" "$t/mail.log.$n"; fi; done
cp tests/data/postfix-loopback.log "$t/mail.log"
head -c 2000 "$t/mail.log.2.gz" > "$t/cut2.gz"
for args in "$(echo "$t"/mail.log*)" \
    "tests/data/exchange-tracking.log tests/data/exim-loopback.log tests/data/exchange-smtp.log $t/mail.log.2.gz tests/data/exchange-tracking.log tests/data/sendmail-loopback.log tests/data/qmail-kinds.log" \
    "$t/mail.log.1 $t/cut2.gz tests/data/postfix-loopback.log" \
    "--since 2026-11-29T10:00 tests/data/correlate-cases.log tests/data/postfix-loopback.log $t/mail.log.3"; do
  for tool in maillog-json $([ "$correlate" != 0 ] && echo maillog-report maillog-trace); do
    # shellcheck disable=SC2086
    "$bin/$tool" -j 1 --reference-time 1795953600 $args > "$t/s.out" 2> "$t/s.err"; s1=$?
    # shellcheck disable=SC2086
    "$bin/$tool" -j 4 --reference-time 1795953600 $args > "$t/p.out" 2> "$t/p.err"; s2=$?
    [ $s1 -eq $s2 ] && [ -s "$t/s.out" ] && cmp -s "$t/s.out" "$t/p.out" && cmp -s "$t/s.err" "$t/p.err" \
      && ok || ko "$tool -j 4 against -j 1: $args"
  done
  # the report's line tallies are counted by the workers (-j 2 and 4) and
  # added file by file: every table of --json as one thread counts them
  if [ "$correlate" != 0 ]; then
    # shellcheck disable=SC2086
    "$bin/maillog-report" --json --top 0 -j 1 --reference-time 1795953600 $args > "$t/s.out" 2>&1
    for j in 2 4; do
      # shellcheck disable=SC2086
      "$bin/maillog-report" --json --top 0 -j $j --reference-time 1795953600 $args > "$t/p.out" 2>&1
      cmp -s "$t/s.out" "$t/p.out" && ok || ko "maillog-report --json -j $j against -j 1: $args"
    done
  fi
done
# the time window: -d, --since, --until against --reference-time, on two
# days of log (Nov 28: 47 lines, Nov 29: 224)
cat tests/data/correlate-cases.log tests/data/postfix-loopback.log > "$t/2days.log"
lines() { "$bin/maillog-json" --reference-time 2026-11-29 "$@" "$t/2days.log" | wc -l; }
[ "$(lines)" -eq 271 ] && [ "$(lines -d today)" -eq 224 ] && [ "$(lines --day=yesterday)" -eq 47 ] \
  && [ "$(lines --since 2026-11-29)" -eq 224 ] && [ "$(lines --until 2026-11-28)" -eq 47 ] \
  && [ "$(lines --since 2026-11-28T10:20 --until 2026-11-28T10:20)" -eq 37 ] \
  && [ "$(lines --since=2026-11-28T10:10:00Z --until=2026-11-28T10:10:59+00:00)" -eq 1 ] \
  && [ "$(lines --since 2026-11-28T11:20+01:00 --until 2026-11-28T10:20:59)" -eq 37 ] \
  && [ "$(lines --since 1795953600)" -eq 224 ] && [ "$(lines -d yesterday --since 2026-11-28T10:10)" -eq 38 ] \
  && ok || ko "json --since/--until/-d"
# the window is on the clock of --default-offset unless a zone is given
printf 'Nov 28 23:30:00 mx1 postfix/qmgr[1]: 1A2B3C4D5E: removed\nNov 29 00:30:00 mx1 postfix/qmgr[1]: 2A2B3C4D5E: removed\n' \
  > "$t/midnight.log"
mlines() { "$bin/maillog-json" --reference-time 2026-11-29 --default-offset -01:00 "$@" "$t/midnight.log" | wc -l; }
[ "$(mlines -d yesterday)" -eq 1 ] && [ "$(mlines -d today)" -eq 1 ] && [ "$(mlines --since 2026-11-29)" -eq 1 ] \
  && [ "$(mlines --since 2026-11-29T00:00Z)" -eq 2 ] && ok || ko "window on --default-offset's clock"
# --timezone: each stamp at its zone's offset of the day, summer time
# included; the window's local ends too; unknown names and a second
# offset option refused
printf '2026-01-15T12:00:00 mx1 postfix/qmgr[1]: 1A2B3C4D5E: removed\n2026-07-05T12:00:00 mx1 postfix/qmgr[1]: 2A2B3C4D5E: removed\n' \
  > "$t/zones.log"
zlines() { "$bin/maillog-json" --reference-time 2026-11-29 "$@" "$t/zones.log" | wc -l; }
[ -f /usr/share/zoneinfo/Europe/Berlin ] || echo "tzdata missing: the --timezone checks below fail (make deps installs it)"
[ "$(zlines --timezone=Europe/Berlin --since 2026-01-15T11:00Z --until 2026-01-15T11:00Z)" -eq 1 ] \
  && [ "$(zlines --timezone=Europe/Berlin --since 2026-07-05T10:00Z --until 2026-07-05T10:00Z)" -eq 1 ] \
  && [ "$(zlines --timezone=UTC --since 2026-07-05T12:00Z --until 2026-07-05T12:00Z)" -eq 1 ] \
  && [ "$(zlines --timezone=America/New_York --since 2026-07-05T16:00Z --until 2026-07-05T16:00Z)" -eq 1 ] \
  && [ "$(zlines --timezone=Europe/Berlin --since 2026-07-05T12:00 --until 2026-07-05T12:00)" -eq 1 ] \
  && [ "$(zlines --timezone=Europe/Berlin --since 2026-07-05T11:00Z --until 2026-07-05T11:00Z)" -eq 0 ] \
  && [ "$(zlines -j 2 --timezone=Europe/Berlin --since 2026-07-05T10:00Z --until 2026-07-05T10:00Z "$t/zones.log")" -eq 2 ] \
  && ok || ko "--timezone: each stamp at its day's offset"
"$bin/maillog-json" --timezone=Nowhere/Atlantis < /dev/null > /dev/null 2> "$t/err"
[ $? -eq 2 ] && grep -q "unknown time zone 'Nowhere/Atlantis'" "$t/err" && ok || ko "--timezone: unknown zone refused"
"$bin/maillog-json" --timezone=Europe/Berlin --default-offset=+01:00 < /dev/null > /dev/null 2> "$t/err"
[ $? -eq 2 ] && grep -q 'give one' "$t/err" && ok || ko "--timezone with --default-offset refused"
# records without a time follow the one before; before the first, they are
# left out, and counted on stderr
{ echo '1A2B3C4D5E: removed'; cat tests/data/correlate-cases.log; echo '2A2B3C4D5E: removed'; } > "$t/untimed.log"
"$bin/maillog-json" --dialect postfix --since 2026-11-28 --reference-time 2026-11-29 "$t/untimed.log" > "$t/out" 2> "$t/err"
[ $? -eq 0 ] && [ "$(wc -l < "$t/out")" -eq 48 ] && tail -1 "$t/out" | grep -q '"queue_id":"2A2B3C4D5E"' \
  && grep -q '^maillog-json: 1 records without a time, before the first with one, were left out by the time window$' "$t/err" \
  && ok || ko "records without a time in a window"
"$bin/maillog-json" --since 2026-11-29 --until 2026-11-28 < /dev/null > /dev/null 2> "$t/err"
[ $? -eq 2 ] && grep -q 'time window is empty' "$t/err" && ok || ko "empty window"
if [ "$correlate" != 0 ]; then
  "$bin/maillog-trace" --reference-time 2026-11-29 --queue-id 4F1A2B3C4D "$t/kinds.log.gz" > "$t/out" \
    && grep -q '^4F1A2B3C4D on mx1' "$t/out" && ok || ko "trace reads gzip"
fi
if [ "$correlate" != 0 ]; then
  # --messages/--sessions: the reviewed golden file
  for f in correlate-cases postfix-loopback postfix-outcomes postfix-situations pmg-filter sendmail-loopback sendmail-situations exim-loopback exim-situations opensmtpd-loopback opensmtpd-situations qmail-kinds \
      exchange-tracking exchange-org exchange-smtp mailenable-activity mailenable-w3c \
      hmailserver-day; do
    "$bin/maillog-json" --messages --sessions --reference-time 1795953600 tests/data/$f.log > "$t/out" \
      && cmp -s "$t/out" tests/data/$f.messages.ndjson && ok || ko "maillog-json --messages golden ($f)"
  done
  # trace: a bounce chain followed both ways from the original recipient
  "$bin/maillog-trace" --reference-time 2026-11-29 --to gone@test.example --related tests/data/postfix-loopback.log > "$t/out"
  [ $? -eq 0 ] && [ "$(grep -c ' on mx (postfix)' "$t/out")" -eq 3 ] && grep -q 'notification' "$t/out" \
    && grep -q 'handed off from 778AC10219D' "$t/out" && ok || ko "trace --related"
  # trace --lines prints the original lines of one message, in order
  "$bin/maillog-trace" --reference-time 2026-11-29 --queue-id 1A0000000A --lines tests/data/correlate-cases.log > "$t/out"
  [ "$(grep -c 1A0000000A "$t/out")" -eq 9 ] && ok || ko "trace --lines"
  # trace --json: valid JSON, selection by status and domain substring
  "$bin/maillog-trace" --reference-time 2026-11-29 --status deferred --json tests/data/postfix-loopback.log > "$t/out" \
    && python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]; sys.exit(0 if sum(1 for _ in open(sys.argv[1])) >= 2 else 1)' "$t/out" \
    && ok || ko "trace --json --status"
  "$bin/maillog-trace" --reference-time 2026-11-29 --from @CLIENT.TEST tests/data/postfix-loopback.log > "$t/out" \
    && [ -s "$t/out" ] && ok || ko "trace --from substring, case-insensitive"
  # Exchange: one Message-ID, three copies (submission, transport, mailbox
  # delivery), each under its own internal-message-id
  "$bin/maillog-trace" --message-id 5b1d3f7a9c2e4d6f8a0b@EX01.example.com tests/data/exchange-tracking.log > "$t/out" \
    && [ "$(grep -c '^[0-9]* on ' "$t/out")" -eq 3 ] && grep -q 'to <old@example.net>: expired \[expired\] after 2 attempts' "$t/out" \
    && grep -q '^9102 on' "$t/out" && grep -q 'handed off to 3003' "$t/out" \
    && ok || ko "trace an Exchange message by its Message-ID"
  # two servers: the copies of one message on EX01 and EX02, by Message-ID
  # and by recipient, each linked to the next
  "$bin/maillog-trace" --message-id q4-figures.20261204101000@partner.example tests/data/exchange-org.log > "$t/out" \
    && [ "$(grep -c '^[0-9]* on ' "$t/out")" -eq 5 ] && grep -q 'to <zoe@example.com>: sent after 2 attempts .* -> 62005' "$t/out" \
    && grep -q 'handed off from 62005' "$t/out" && ok || ko "trace an Exchange message across two servers"
  "$bin/maillog-trace" --to zoe@example.com tests/data/exchange-org.log > "$t/out" \
    && [ "$(grep -c '^[0-9]* on ' "$t/out")" -eq 3 ] && grep -q '^72005 on' "$t/out" && ok || ko "trace an Exchange recipient across two servers"
  "$bin/maillog-trace" --to cat@example.com --related tests/data/exchange-org.log > "$t/out" \
    && grep -q 'to <cat@example.com>: bounced' "$t/out" && grep -q '^62004 on .*notification' "$t/out" \
    && ok || ko "trace an Exchange group member's bounce and its DSN"
  # MailEnable: the outbound leg by its .MAI name, its recipient's result
  # tied from RCPT to the DATE reply; local time read in the given zone
  "$bin/maillog-trace" --queue-id 7F6E5D4C3B2A41908172635445362718.MAI tests/data/mailenable-activity.log > "$t/out" \
    && grep -q 'to <dave@example.com>: sent' "$t/out" && ok || ko "trace a MailEnable message by its .MAI name"
  "$bin/maillog-json" --messages --default-offset +01:00 tests/data/mailenable-activity.log > "$t/out" \
    && grep -q '"first_ts":"2026-12-04T07:15:04+00:00"' "$t/out" && ok || ko "MailEnable local time with --default-offset"
  # two days' files in a row (the second one's marker claims the stream
  # again): the sessions of both end, the failed logins of both count
  "$bin/maillog-report" --json tests/data/mailenable-activity.log tests/data/mailenable-activity.log > "$t/out" \
    && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if "2001:db8::25" in json.dumps(d) else 1)' "$t/out" \
    && ok || ko "MailEnable report over two files"
  # hMailServer: a greylisted message retried and delivered, under its id
  "$bin/maillog-trace" --to frank@example.com tests/data/hmailserver-day.log > "$t/out" \
    && grep -q '^5122 on ' "$t/out" && grep -q 'frank@example.com>: sent' "$t/out" \
    && grep -q 'after 2 attempts' "$t/out" && ok || ko "trace an hMailServer message by its recipient"
  # hMailServer's rotated files, in name order: a message deferred before
  # midnight and delivered after, and a client's failed logins on both days
  rot="tests/data/hmailserver-rotated/hmailserver_2026-12-04.log tests/data/hmailserver-rotated/hmailserver_2026-12-05.log"
  "$bin/maillog-trace" --queue-id 6000 $rot > "$t/out" \
    && grep -q 'to <ops@example.com>: sent after 2 attempts (Message delivery thread completed.)' "$t/out" \
    && ok || ko "trace an hMailServer message across rotated files"
  "$bin/maillog-report" $rot > "$t/out" && sed -n '/^SASL authentication failures/,/^$/p' "$t/out" \
    | grep -q '^ *2  \[192.0.2.201\]$' && ok || ko "report hMailServer's failed logins across files"
  "$bin/maillog-json" --default-offset=+01:00 $rot | head -1 | grep -q '"ts":"2026-12-04T23:40:00.000000"' \
    && "$bin/maillog-json" --messages --default-offset=+01:00 $rot | grep -q '"first_ts":"2026-12-04T22:50:00+00:00"' \
    && ok || ko "hMailServer's local time with --default-offset"
  # nothing matches: status 1; bad option: status 2; missing file: status 2
  "$bin/maillog-trace" --queue-id NOSUCH tests/data/correlate-cases.log > /dev/null; [ $? -eq 1 ] && ok || ko "trace no match"
  "$bin/maillog-trace" --bogus > /dev/null 2>&1; [ $? -eq 2 ] && ok || ko "trace bad option"
  "$bin/maillog-trace" /nonexistent.log > /dev/null 2> "$t/err"; [ $? -eq 2 ] && grep -q nonexistent "$t/err" && ok || ko "trace missing file"
  "$bin/maillog-trace" tests/data/correlate-cases.log "$t/bytes" > "$t/out" 2> "$t/err"
  [ $? -eq 2 ] && grep -q 'binary data' "$t/err" && [ ! -s "$t/out" ] && ok || ko "trace binary file"
  "$bin/maillog-trace" --queue-id=1A0000000A -- tests/data/correlate-cases.log > "$t/out" \
    && grep -q '^1A0000000A' "$t/out" && ok || ko "trace --queue-id=ID --"
  "$bin/maillog-trace" --since yesterday tests/data/correlate-cases.log > /dev/null 2>&1; [ $? -eq 2 ] && ok || ko "trace bad time"
  # maillog-report: reviewed golden text and JSON, from a file and from stdin
  for f in postfix-loopback postfix-outcomes postfix-situations pmg-filter correlate-cases sendmail-loopback sendmail-situations exim-loopback exim-situations opensmtpd-loopback opensmtpd-situations qmail-kinds \
      exchange-tracking exchange-org exchange-smtp mailenable-activity mailenable-w3c \
      hmailserver-day; do
    "$bin/maillog-report" --reference-time 1795953600 tests/data/$f.log > "$t/out" 2> "$t/err" \
      && cmp -s "$t/out" tests/data/$f.report.txt && [ ! -s "$t/err" ] && ok || ko "report golden text ($f)"
    "$bin/maillog-report" --json --reference-time 1795953600 tests/data/$f.log > "$t/out" \
      && cmp -s "$t/out" tests/data/$f.report.json && ok || ko "report golden JSON ($f)"
  done
  "$bin/maillog-report" --reference-time 1795953600 < tests/data/correlate-cases.log > "$t/out" \
    && diff tests/data/correlate-cases.report.txt "$t/out" | grep -q '^< maillog-report: tests/data/correlate-cases.log$' \
    && [ "$(diff tests/data/correlate-cases.report.txt "$t/out" | grep -c '^[<>]')" -eq 2 ] && ok || ko "report from stdin"
  # the same figures from a gzip-compressed rotated set split anywhere
  sed -n '1,100p' tests/data/postfix-loopback.log | gzip -c > "$t/r.log.1.gz"
  sed -n '101,$p' tests/data/postfix-loopback.log > "$t/r.log"
  "$bin/maillog-report" --json --reference-time 1795953600 "$t/r.log" "$t/r.log.1.gz" > "$t/out" \
    && python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); a.pop("files"); b.pop("files"); sys.exit(a != b)' \
       "$t/out" tests/data/postfix-loopback.report.json && ok || ko "report on a rotated gzip set"
  # --top limits ranked rows
  "$bin/maillog-report" --json --top 1 tests/data/postfix-loopback.log \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(len(d["senders"]) != 1 or len(d["per_hour"]) != 24)' \
    && ok || ko "report --top"
  # domains lowered (local parts kept), reasons cut at ';' and "(in reply to"
  cat > "$t/case.log" <<'LOG'
Nov 28 10:00:00 mx1 postfix/smtpd[100]: 1A2B3C4D5E: client=Client.EXAMPLE.net[192.0.2.9]
Nov 28 10:00:01 mx1 postfix/qmgr[102]: 1A2B3C4D5E: from=<Alice.Sender@Mail.EXAMPLE.Org>, size=1000, nrcpt=2 (queue active)
Nov 28 10:00:02 mx1 postfix/smtp[103]: 1A2B3C4D5E: to=<Bob.Rcpt@Dest.EXAMPLE.COM>, relay=mx.dest.example.com[203.0.113.5]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok)
Nov 28 10:00:03 mx1 postfix/smtp[103]: 1A2B3C4D5E: to=<Carol@Other.Example.NET>, relay=mx.other.example.net[203.0.113.6]:25, delay=2, delays=0.1/0/0.5/1.4, dsn=4.7.1, status=deferred (host mx.other.example.net[203.0.113.6] said: 450 4.7.1 <Carol@Other.Example.NET>: Recipient address rejected: Greylisted for 5 minutes; see https://x (in reply to RCPT TO command))
LOG
  "$bin/maillog-report" --json --reference-time 1795953600 "$t/case.log" \
    | python3 -c '
import json, sys
d = json.load(sys.stdin)
want = [("senders", "address", "Alice.Sender@mail.example.org"),
        ("sender_domains", "domain", "mail.example.org"),
        ("recipients", "address", "Bob.Rcpt@dest.example.com"),
        ("recipient_domains", "domain", "other.example.net")]
bad = [w for w in want if w[2] not in [row.get(w[1]) for row in d[w[0]]]]
r = d["deferral_reasons"]
sys.exit(bool(bad) or r != [{"service": "smtp", "reason": "Recipient address rejected: Greylisted for 5 minutes", "count": 1}])' \
    && ok || ko "report lowers domains and cuts reasons"
  # totals agree with pflogsumm's where pflogsumm is right (skipped without it)
  python3 tests/compare-pflogsumm.py "$bin/maillog-report" tests/data/postfix-*.log > "$t/cmp"
  case $? in 0) ok ;; 77) echo "SKIP: report vs pflogsumm (pflogsumm not installed)" ;;
             *) cat "$t/cmp"; ko "report vs pflogsumm" ;; esac
  # ... and it can fail: a report one received message off is caught
  if command -v pflogsumm > /dev/null 2>&1 || [ -x /usr/sbin/pflogsumm ]; then
    mkdir -p "$t/off" && ln -sf "$(cd "$bin" && pwd)/maillog-json" "$t/off/maillog-json"
    printf '#!/bin/sh\n"%s" "$@" | python3 -c "import json,sys; d=json.load(sys.stdin); d[\\"totals\\"][\\"received\\"]+=1; print(json.dumps(d))"\n' \
      "$(cd "$bin" && pwd)/maillog-report" > "$t/off/maillog-report" && chmod +x "$t/off/maillog-report"
    python3 tests/compare-pflogsumm.py "$t/off/maillog-report" tests/data/postfix-outcomes.log > "$t/cmp"
    [ $? -eq 1 ] && grep -q "received .*FAIL" "$t/cmp" && ok || ko "report vs pflogsumm catches a difference"
  fi
  # error paths: a missing file, a directory, binary data (status 2 and no
  # report, whatever the other files), a truncated gzip (status 1, the
  # report of what was read), bad options
  "$bin/maillog-report" tests/data/correlate-cases.log /nonexistent/x.log > "$t/out" 2> "$t/err"
  [ $? -eq 2 ] && grep -q '^maillog-report: /nonexistent/x.log: No such file or directory$' "$t/err" \
    && [ ! -s "$t/out" ] && ok || ko "report missing file"
  "$bin/maillog-report" "$t/emptydir" > "$t/out" 2> "$t/err"
  [ $? -eq 2 ] && grep -q 'a directory without log files' "$t/err" && [ ! -s "$t/out" ] && ok || ko "report empty directory"
  "$bin/maillog-report" "$t/logdir" > "$t/out" 2> "$t/err" && [ -s "$t/out" ] && ok || ko "report directory"
  "$bin/maillog-report" tests/data/correlate-cases.log "$t/random.bin" > "$t/out" 2> "$t/err"
  [ $? -eq 2 ] && grep -q 'random.bin: binary data' "$t/err" && [ ! -s "$t/out" ] && ok || ko "report binary file"
  "$bin/maillog-report" - < "$t/bytes" > "$t/out" 2> "$t/err"
  [ $? -eq 2 ] && grep -q '^maillog-report: -: binary data' "$t/err" && [ ! -s "$t/out" ] && ok || ko "report binary standard input"
  "$bin/maillog-report" "$t/cut.gz" > "$t/out" 2> "$t/err"
  [ $? -eq 1 ] && grep -q 'truncated' "$t/err" && grep -q 'Grand totals' "$t/out" && ok || ko "report truncated gzip"
  "$bin/maillog-report" --top x < /dev/null > /dev/null 2> "$t/err"; [ $? -eq 2 ] && grep -q "bad --top 'x'" "$t/err" && ok || ko "report bad --top"
  "$bin/maillog-report" --top=-1 < /dev/null > /dev/null 2>&1; [ $? -eq 2 ] && ok || ko "report --top=-1"
  "$bin/maillog-report" --bogus > "$t/out" 2> "$t/err"
  [ $? -eq 2 ] && grep -q "^maillog-report: unrecognized option '--bogus'" "$t/err" && [ ! -s "$t/out" ] && ok || ko "report bad option"
  "$bin/maillog-report" --t 5 < /dev/null > /dev/null 2> "$t/err"; [ $? -eq 2 ] && grep -q "'--t' is ambiguous" "$t/err" && ok || ko "report ambiguous option"
  for h in --help -h; do
    "$bin/maillog-report" $h > "$t/out" 2> "$t/err"
    [ $? -eq 0 ] && grep -q -- '--follow' "$t/out" && grep -q -- '-H, --human' "$t/out" && [ ! -s "$t/err" ] && ok || ko "report $h"
  done
  "$bin/maillog-report" -V | grep -q '^maillog-report (libmaillog) ' && ok || ko "report -V"
  "$bin/maillog-report" --json --top=1 tests/data/postfix-loopback.log \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(len(d["senders"]) != 1)' && ok || ko "report --top=1"
  # every compressed kind gives the golden report
  for k in gzip xz bzip2 zstd; do
    command -v $k > /dev/null || continue
    $k -c < tests/data/correlate-cases.log > "$t/cc.log.1"
    "$bin/maillog-report" --reference-time 1795953600 "$t/cc.log.1" > "$t/out" \
      && diff tests/data/correlate-cases.report.txt "$t/out" | grep -q '^> maillog-report: .*cc.log.1$' \
      && [ "$(diff tests/data/correlate-cases.report.txt "$t/out" | grep -c '^[<>]')" -eq 2 ] && ok || ko "report from $k"
  done
  # --human: byte figures in k and m as pflogsumm prints them, the text
  # only; without it the figures are whole (the golden files above)
  cat > "$t/big.log" <<'LOG'
Nov 28 10:00:00 mx1 postfix/smtpd[100]: 1A2B3C4D5E: client=c.example[192.0.2.9]
Nov 28 10:00:01 mx1 postfix/qmgr[102]: 1A2B3C4D5E: from=<big@a.example>, size=1073741824, nrcpt=1 (queue active)
Nov 28 10:00:02 mx1 postfix/smtp[103]: 1A2B3C4D5E: to=<r@b.example>, relay=mx.b.example[203.0.113.5]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok)
Nov 28 10:00:03 mx1 postfix/qmgr[102]: 1A2B3C4D5E: removed
Nov 28 10:01:00 mx1 postfix/smtpd[100]: 2A2B3C4D5E: client=c.example[192.0.2.9]
Nov 28 10:01:01 mx1 postfix/qmgr[102]: 2A2B3C4D5E: from=<mid@a.example>, size=600000, nrcpt=1 (queue active)
Nov 28 10:01:02 mx1 postfix/smtp[103]: 2A2B3C4D5E: to=<r@b.example>, relay=mx.b.example[203.0.113.5]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok)
Nov 28 10:01:03 mx1 postfix/qmgr[102]: 2A2B3C4D5E: removed
Nov 28 10:02:00 mx1 postfix/smtpd[100]: 3A2B3C4D5E: client=c.example[192.0.2.9]
Nov 28 10:02:01 mx1 postfix/qmgr[102]: 3A2B3C4D5E: from=<small@a.example>, size=4000, nrcpt=1 (queue active)
Nov 28 10:02:02 mx1 postfix/smtp[103]: 3A2B3C4D5E: to=<s@b.example>, relay=mx.b.example[203.0.113.5]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok)
Nov 28 10:02:03 mx1 postfix/qmgr[102]: 3A2B3C4D5E: removed
LOG
  "$bin/maillog-report" --reference-time 1795953600 "$t/big.log" > "$t/plain"
  "$bin/maillog-report" -H --reference-time 1795953600 "$t/big.log" > "$t/human"
  grep -q '^ 1074345824  bytes received$' "$t/plain" && grep -q '^    1024m  bytes received$' "$t/human" \
    && grep -q '^ 1073741824  big@a.example$' "$t/plain" && grep -q '^    1024m  big@a.example$' "$t/human" \
    && grep -q '^     585k  mid@a.example$' "$t/human" && grep -q '^    4000   small@a.example$' "$t/human" \
    && grep -q '^        3        1024m  a.example$' "$t/human" \
    && [ "$(diff "$t/plain" "$t/human" | grep -c '^>')" -eq 10 ] && ok || ko "report --human"
  "$bin/maillog-report" --json --reference-time 1795953600 "$t/big.log" > "$t/plain"
  "$bin/maillog-report" --json --human --reference-time 1795953600 "$t/big.log" > "$t/human"
  cmp -s "$t/plain" "$t/human" && ok || ko "report --human leaves JSON alone"
  # a window that holds the whole log changes no figure; one that holds a
  # day reports that day alone
  "$bin/maillog-report" --reference-time 1795953600 -d yesterday tests/data/correlate-cases.log > "$t/out" \
    && cmp -s "$t/out" tests/data/correlate-cases.report.txt && ok || ko "report -d yesterday on a day's log"
  "$bin/maillog-report" --json --reference-time 2026-11-29 -d today "$t/2days.log" > "$t/out" \
    && python3 - "$t/out" tests/data/postfix-loopback.report.json <<'PY' && ok || ko "report -d today on two days"
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
a.pop("files"); b.pop("files")
sys.exit(a != b)
PY
  # bad windows: a bad time, -d not today/yesterday, --since after --until
  "$bin/maillog-report" --since 2026-13-01 < /dev/null > /dev/null 2> "$t/err"
  [ $? -eq 2 ] && grep -q "bad time for --since: '2026-13-01'" "$t/err" && ok || ko "report bad --since"
  "$bin/maillog-report" -d tomorrow < /dev/null > /dev/null 2> "$t/err"
  [ $? -eq 2 ] && grep -q "today or yesterday, not 'tomorrow'" "$t/err" && ok || ko "report bad -d"
  # maillog-trace: the window selects whole messages (every line is read)
  "$bin/maillog-trace" --reference-time 2026-11-29 -d yesterday --queue-id 1A0000000A --lines "$t/2days.log" > "$t/out"
  [ $? -eq 0 ] && [ "$(grep -c 1A0000000A "$t/out")" -eq 9 ] && ok || ko "trace -d yesterday"
  "$bin/maillog-trace" --reference-time 2026-11-29 -d today --queue-id 1A0000000A "$t/2days.log" > "$t/out"
  [ $? -eq 1 ] && [ ! -s "$t/out" ] && ok || ko "trace -d today selects no message of yesterday"
  "$bin/maillog-trace" --reference-time 2026-11-29 --until 2026-11-28 "$t/2days.log" > "$t/out" \
    && ! grep -q ' on mx ' "$t/out" && grep -q ' on mx1' "$t/out" && ok || ko "trace --until a date includes the day"
  # --follow: a growing file, then rotated, then truncated, like tail -F;
  # each stage waits until the follower has caught up
  wait_lines() { # file count
    i=0; while [ "$(wc -l < "$1")" -lt "$2" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  }
  : > "$t/live.log"
  "$bin/maillog-json" --follow --reference-time 1795953600 "$t/live.log" > "$t/fol" 2> "$t/err" &
  fpid=$!
  sed -n '1,30p' tests/data/postfix-kinds.log >> "$t/live.log"; wait_lines "$t/fol" 30
  mv "$t/live.log" "$t/live.log.1"; sed -n '31,31p' tests/data/postfix-kinds.log >> "$t/live.log.1"
  sleep 0.3; sed -n '32,50p' tests/data/postfix-kinds.log > "$t/live.log"; wait_lines "$t/fol" 50
  : > "$t/live.log"; sleep 0.6
  sed -n '51,$p' tests/data/postfix-kinds.log >> "$t/live.log"; wait_lines "$t/fol" 71
  kill -TERM $fpid; wait $fpid; frc=$?
  [ $frc -eq 0 ] && cmp -s "$t/fol" tests/data/postfix-kinds.ndjson && [ ! -s "$t/err" ] && ok || ko "maillog-json --follow (rc $frc)"
  # the report in follow mode prints its figures when interrupted
  cp tests/data/correlate-cases.log "$t/live2.log"
  "$bin/maillog-report" --follow --reference-time 1795953600 "$t/live2.log" > "$t/fol" 2> "$t/err" &
  fpid=$!
  sleep 0.5; sed -n '1,3p' tests/data/postfix-loopback.log >> "$t/live2.log"; sleep 0.5
  kill -INT $fpid; wait $fpid; frc=$?
  [ $frc -eq 0 ] && grep -q '7  received' "$t/fol" && grep -q '^50 lines' "$t/fol" && ok || ko "report --follow (rc $frc)"
fi
echo "examples: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
