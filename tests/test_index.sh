#!/bin/sh
# test_index.sh BINDIR -- maillog-index and maillog-trace --db against a
# real SQLite file and a real PostgreSQL server that this script starts
# (initdb + pg_ctl in a temporary directory, listening on a unix socket
# there only; as user postgres, or nobody, when run as root).  Both are
# filled from the same logs and must hold the same rows; running again
# adds nothing; maillog-trace --db prints what maillog-trace prints on the
# files; a file indexed in two runs (cut inside a line), then rotated and
# compressed, gives the same messages as the whole file read at once.
# PG_BIN (default /usr/lib/postgresql/15/bin, else the newest installed)
# names the server's programs; without them the PostgreSQL half is
# skipped, said so.
set -u
bin=$(cd "$1" && pwd)
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
t=$(mktemp -d)
chmod 755 "$t"
pg=
cleanup() {
  [ -n "$pg" ] && as_pg "$PG_BIN/pg_ctl" -D "$t/pg" -m immediate stop > /dev/null 2>&1
  rm -rf "$t"
}
trap cleanup EXIT
ref="--reference-time 2026-11-29"
if ! command -v sqlite3 > /dev/null; then
  echo "SKIP: index tests (no sqlite3 program: apt-get install sqlite3)"
  exit 0
fi
logs=$(ls tests/data/*.log)

# --- PostgreSQL: a server of our own
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$PG_BIN/initdb" ] || PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
pg_user=$(id -un)
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  pg_user=postgres
  id postgres > /dev/null 2>&1 || pg_user=nobody
  as_pg() { runuser -u "$pg_user" -- "$@"; }
fi
if ! command -v psql > /dev/null; then
  echo "SKIP: PostgreSQL half (no psql: apt-get install postgresql)"
elif [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]; then
  mkdir -p "$t/pg" "$t/sock"
  chown "$pg_user" "$t/pg" "$t/sock" 2> /dev/null
  # SQL_ASCII: log lines are stored byte for byte, whatever their encoding
  if as_pg "$PG_BIN/initdb" -D "$t/pg" -A trust -U "$pg_user" -E SQL_ASCII --locale=C > "$t/initdb.log" 2>&1 \
     && as_pg "$PG_BIN/pg_ctl" -D "$t/pg" -l "$t/sock/server.log" -w -t 30 \
          -o "-k $t/sock -c listen_addresses= -c fsync=off -c full_page_writes=off" start > /dev/null 2>&1 \
     && as_pg "$PG_BIN/createdb" -h "$t/sock" -U "$pg_user" idx > /dev/null 2>&1 \
     && as_pg "$PG_BIN/createdb" -h "$t/sock" -U "$pg_user" hosts > /dev/null 2>&1; then
    pg="postgresql:///idx?host=$t/sock&user=$pg_user"
    pg_hosts="postgresql:///hosts?host=$t/sock&user=$pg_user"
  else
    ko "PostgreSQL server did not start"; cat "$t/initdb.log" "$t/sock/server.log" 2> /dev/null | tail -20
  fi
else
  echo "SKIP: PostgreSQL half (no initdb: apt-get install postgresql)"
fi

# The rows, without the order of writing (seq) or the time of the run:
# the same text from sqlite3 and psql.
tables="messages recipients sessions unparsed checkpoints"
dump_sql() {
  case $1 in
  messages) echo "SELECT mkey, label, host, instance, queue_id, message_id, sender, sender_lc, client_host, client_ip, client_port, sasl_username, parent, end_state, end_text, complete, bounce, size, nrcpt, first_time, last_time, arrival, completion, children, nlines, lines, json FROM messages ORDER BY mkey" ;;
  recipients) echo "SELECT * FROM recipients ORDER BY mkey, idx" ;;
  sessions) echo "SELECT skey, label, host, program, session_id, pid, client_host, client_ip, connect_time, end_time, rejects, auth_failures, last_reject, counters, complete, nmessages, messages FROM sessions ORDER BY skey" ;;
  unparsed) echo "SELECT label, file_id, line_no, time, line FROM unparsed ORDER BY file_id, line_no" ;;
  checkpoints) echo "SELECT label, file_id, name, bytes, lines, last_len, last_hash FROM checkpoints ORDER BY file_id" ;;
  order) echo "SELECT mkey FROM messages ORDER BY seq" ;;
  esac
}
dump() { # dump DB NAME -> $t/NAME.TABLE
  for tb in $tables order; do
    if [ "${1#postgresql:}" != "$1" ]; then
      psql -X -q -At -F '|' -d "$1" -c "$(dump_sql $tb)" > "$t/$2.$tb" 2> "$t/$2.err"
    else
      sqlite3 -separator '|' "$1" "$(dump_sql $tb)" > "$t/$2.$tb" 2> "$t/$2.err"
    fi
  done
}
same_dumps() { # same_dumps A B: every table equal
  for tb in $tables order; do cmp -s "$t/$1.$tb" "$t/$2.$tb" || { echo "  $tb differs ($1, $2)"; return 1; }; done
}
index() { "$bin/maillog-index" -q $ref --label test --db "$@"; }

# --- fill both from the same logs
sq="$t/index.sqlite"
index "$sq" $logs && ok || ko "maillog-index into SQLite"
[ "$(sqlite3 "$sq" 'PRAGMA journal_mode')" = wal ] && ok || ko "SQLite in WAL mode"
for ix in messages_first_time messages_sender messages_message_id messages_queue_id \
          messages_client_ip recipients_rcpt; do
  sqlite3 "$sq" "SELECT name FROM sqlite_master WHERE type = 'index'" | grep -qx "$ix" && ok || ko "index $ix"
done
dump "$sq" sq1
[ "$(wc -l < "$t/sq1.order")" -gt 100 ] && [ -s "$t/sq1.recipients" ] && [ -s "$t/sq1.sessions" ] \
  && [ -s "$t/sq1.unparsed" ] && ok || ko "SQLite holds messages, recipients, sessions, unparsed lines"
# every message the file trace shows is stored, with its outcome
"$bin/maillog-trace" -q $ref --json $logs | wc -l > "$t/n.file"
[ "$(cat "$t/n.file")" -eq "$(wc -l < "$t/sq1.order")" ] && ok || ko "as many messages as the file trace"
if [ -n "$pg" ]; then
  index "$pg" $logs && ok || ko "maillog-index into PostgreSQL"
  dump "$pg" pg1
  same_dumps sq1 pg1 && ok || ko "SQLite and PostgreSQL hold the same rows"
fi

# --- again: nothing added, nothing changed (files, then standard input)
index "$sq" $logs 2> "$t/err" && ok || ko "second run"
dump "$sq" sq2
same_dumps sq1 sq2 && ok || ko "SQLite: re-running adds nothing"
"$bin/maillog-index" $ref --label test --db "$sq" $logs 2> "$t/err"
grep -q ' 0 lines read' "$t/err" && grep -q '(0 new or grown)' "$t/err" && ok || ko "re-run reads no line: $(cat "$t/err")"
if [ -n "$pg" ]; then
  index "$pg" $logs && dump "$pg" pg2 && same_dumps pg1 pg2 && ok || ko "PostgreSQL: re-running adds nothing"
  # two hosts' indexers writing their own logs to one database at once
  sed -E 's@ (mx|vm) postfix/@ hosta postfix/@' tests/data/postfix-loopback.log > "$t/hosta.log"
  sed -E 's@ (mx|vm) postfix/@ hostb postfix/@' tests/data/postfix-loopback.log > "$t/hostb.log"
  index "$pg_hosts" "$t/hosta.log" --label hostA & a=$!
  index "$pg_hosts" "$t/hostb.log" --label hostB & b=$!
  wait $a && wait $b && ok || ko "two writers at once"
  [ "$(psql -X -At -d "$pg_hosts" -c "SELECT count(DISTINCT label) FROM checkpoints")" = 2 ] && ok || ko "checkpoints per label"
  # the same queue ids on two hosts: each host's messages, never merged
  n_vm=$("$bin/maillog-trace" -q $ref --json "$t/hosta.log" | wc -l)
  for h in hosta hostb; do
    [ "$(psql -X -At -d "$pg_hosts" -c "SELECT count(*) FROM messages WHERE host = '$h'")" -eq "$n_vm" ] \
      && ok || ko "messages of $h kept apart"
  done
fi
# files that share their first line (every Exchange log starts
# "#Software: ..."): named by their header block, each keeps its own
# checkpoint; files with the same whole header are read again from their
# start, never in a loop
grep '^#' tests/data/exchange-org.log | head -5 | sed 's/^#Date: .*/#Date: 2026-12-05T00:00:00.000Z\r/' > "$t/hdr2"
cp tests/data/exchange-org.log "$t/ex1.log"
{ cat "$t/hdr2"; grep -v '^#' tests/data/exchange-tracking.log; } > "$t/ex2.log"
{ grep '^#' tests/data/exchange-org.log | head -5; grep -v '^#' tests/data/exchange-tracking.log; } > "$t/ex3.log"
timeout 60 "$bin/maillog-index" -q $ref --db "$t/ex.sqlite" "$t/ex1.log" "$t/ex2.log" \
  && [ "$(sqlite3 "$t/ex.sqlite" 'SELECT count(*) FROM checkpoints')" = 2 ] \
  && timeout 60 "$bin/maillog-index" $ref --db "$t/ex.sqlite" "$t/ex1.log" "$t/ex2.log" 2>&1 | grep -q '^maillog-index: 0 lines read' \
  && ok || ko "files with one first line: a checkpoint each"
timeout 60 "$bin/maillog-index" -q $ref --db "$t/ex3.sqlite" "$t/ex1.log" "$t/ex3.log" && dump "$t/ex3.sqlite" ex3a \
  && timeout 60 "$bin/maillog-index" -q $ref --db "$t/ex3.sqlite" "$t/ex1.log" "$t/ex3.log" 2> /dev/null \
  && dump "$t/ex3.sqlite" ex3b && same_dumps ex3a ex3b && ok || ko "files with one whole header: read again, not forever"
cat tests/data/postfix-loopback.log | index "$t/stdin.sqlite" && dump "$t/stdin.sqlite" in1 \
  && index "$t/stdin.sqlite" - < tests/data/postfix-loopback.log && dump "$t/stdin.sqlite" in2 \
  && same_dumps in1 in2 && ok || ko "standard input twice adds nothing"

# --- maillog-trace --db prints what the file trace prints
check_trace() { # check_trace DESCRIPTION OPTIONS...
  what=$1; shift
  "$bin/maillog-trace" -q $ref "$@" $logs > "$t/tf" 2>&1; sf=$?
  for db in "$sq" $pg; do
    "$bin/maillog-trace" -q $ref --db "$db" "$@" > "$t/td" 2>&1; sd=$?
    [ $sf -eq $sd ] && cmp -s "$t/tf" "$t/td" && ok || { ko "trace --db $what (${db%%:*})"; diff "$t/tf" "$t/td" | head -5; }
  done
}
check_trace "every message"
check_trace "--json" --json
check_trace "--lines" --lines
check_trace "--queue-id" --queue-id 1A0000000A --lines
check_trace "--from substring" --from @CLIENT.TEST
check_trace "--from exact" --from "$(sed -n 's/.*"from":"\([^"]*@[^"]*\)".*/\1/p' "$t/sq1.messages" | head -1)"
check_trace "--to --related" --to gone@test.example --related
check_trace "--status" --status deferred --json
check_trace "--reason" --reason user_unknown
check_trace "--message-id" --message-id 5b1d3f7a9c2e4d6f8a0b@EX01.example.com
check_trace "--client" --client "$(sqlite3 "$sq" 'SELECT client_ip FROM messages WHERE client_ip IS NOT NULL ORDER BY seq LIMIT 1')"
check_trace "--since --until" --since 2026-11-28T10:00 --until 2026-11-28T10:05
check_trace "no match" --queue-id NOSUCH

# --- incremental: a file indexed in two runs, cut inside a line, then
# rotated and compressed: the same messages as the whole file at once
log=tests/data/postfix-loopback.log
size=$(wc -c < "$log")
mkdir "$t/inc"
head -c $((size / 2 + 17)) "$log" > "$t/inc/mail.log"
touch -r "$log" "$t/inc/mail.log"
index "$t/inc.sqlite" "$t/inc/mail.log" && ok || ko "first half"
tail -c +$((size / 2 + 18)) "$log" >> "$t/inc/mail.log"
touch -r "$log" "$t/inc/mail.log"
"$bin/maillog-index" $ref --label test --db "$t/inc.sqlite" "$t/inc/mail.log" 2> "$t/err"
grep -q '1 resumed files' "$t/err" && ok || ko "second half resumes: $(cat "$t/err")"
# (without the line numbers in the JSON: those of the run that read the line)
"$bin/maillog-trace" -q $ref --json "$log" | sed 's/"line":[0-9]*,//g' | sort > "$t/whole"
"$bin/maillog-trace" -q --db "$t/inc.sqlite" --json | sed 's/"line":[0-9]*,//g' | sort > "$t/parts"
cmp -s "$t/whole" "$t/parts" && ok || { ko "two runs give the messages of one"; diff "$t/whole" "$t/parts" | head -4; }
mv "$t/inc/mail.log" "$t/inc/mail.log.1" && gzip "$t/inc/mail.log.1"
cp tests/data/exim-loopback.log "$t/inc/mail.log"
"$bin/maillog-index" $ref --label test --db "$t/inc.sqlite" "$t/inc/mail.log" "$t/inc/mail.log.1.gz" 2> "$t/err"
grep -q "^maillog-index: $(wc -l < tests/data/exim-loopback.log) lines read ($size bytes skipped in 1 resumed" "$t/err" \
  && ok || ko "a rotated, compressed file is known by its first line: $(cat "$t/err")"

# --- errors
"$bin/maillog-index" tests/data/envelopes.log > /dev/null 2> "$t/err"; [ $? -eq 2 ] && grep -q 'db is required' "$t/err" && ok || ko "no --db"
"$bin/maillog-index" --db "$t/x.sqlite" --follow x > /dev/null 2>&1; [ $? -eq 2 ] && ok || ko "--follow refused"
"$bin/maillog-index" --db "$t/x.sqlite" /nonexistent.log > /dev/null 2> "$t/err"; [ $? -eq 2 ] && grep -q nonexistent "$t/err" && ok || ko "missing file"
"$bin/maillog-index" --db "postgresql:///nosuch?host=$t/nosock" tests/data/envelopes.log > /dev/null 2> "$t/err"
[ $? -eq 2 ] && grep -q '^maillog-index: ' "$t/err" && ok || ko "unreachable PostgreSQL: $(cat "$t/err")"
"$bin/maillog-trace" --db "$t/none.sqlite" > /dev/null 2> "$t/err"; [ $? -eq 2 ] && grep -q 'no such database' "$t/err" && ok || ko "trace --db missing"
"$bin/maillog-trace" --db "$sq" tests/data/envelopes.log > /dev/null 2>&1; [ $? -eq 2 ] && ok || ko "trace --db with FILE"

echo "index: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
