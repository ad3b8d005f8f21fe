#!/bin/sh
# bench-index.sh BINDIR LOG [POSTGRESQL-URI] -- `make bench-index`:
# maillog-json and maillog-index on the same log, each pinned to one core
# (taskset, when there is one), wall seconds and lines per second; then
# maillog-index run again on the same file (it resumes at the end: the
# cost of a run that finds nothing new).  With a PostgreSQL URI, the same
# into that database (its tables are emptied first).  Figures are printed,
# never checked.
set -eu
bin=$1 log=$2 pg=${3:-}
lines=$(wc -l < "$log")
mb=$(du -m "$log" | cut -f1)
one=
command -v taskset > /dev/null && one="taskset -c 0"
ref="--reference-time 1795953600"
db=$(mktemp -d)/index.sqlite
trap 'rm -rf "$(dirname "$db")"' EXIT
secs() { # secs CMD...: "wall cpu" seconds of CMD (cpu: user + system; on a
  # shared machine the wall time also counts the waits for a core)
  /usr/bin/time -f '%e %U %S' -o "$db.time" "$@" > /dev/null
  awk '{ printf "%.3f %.3f", $1, $2 + $3 }' "$db.time"
}
row() { # a run shorter than the clock's tick (10 ms) has no rate: "-"
  echo "$2" | awk -v n="$lines" -v what="$1" \
    'function rate(s) { return s > 0 ? sprintf("%.0f", n / s) : "-" }
     { printf "%-34s %8.2f s wall %10s lines/s   %8.2f s cpu %10s lines/s\n", what, $1, rate($1), $2, rate($2) }'
}
echo "maillog-index on $lines lines ($mb MB), one core each:"
row "maillog-json" "$(secs $one "$bin/maillog-json" -q $ref "$log")"
row "maillog-index into SQLite" "$(secs $one "$bin/maillog-index" -q $ref --db "$db" "$log")"
echo "  database: $(du -m "$db" | cut -f1) MB, $(sqlite3 "$db" 'SELECT count(*) FROM messages') messages, $(sqlite3 "$db" 'SELECT count(*) FROM recipients') recipients, $(sqlite3 "$db" 'SELECT count(*) FROM sessions') sessions"
row "maillog-index again (nothing new)" "$(secs $one "$bin/maillog-index" -q $ref --db "$db" "$log")"
if [ -n "$pg" ]; then
  psql -X -q -d "$pg" -c 'DROP TABLE IF EXISTS messages, recipients, sessions, unparsed, checkpoints, meta' > /dev/null
  row "maillog-index into PostgreSQL" "$(secs $one "$bin/maillog-index" -q $ref --db "$pg" "$log")"
fi
