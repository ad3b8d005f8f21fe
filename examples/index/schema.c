/* schema.c -- the index's tables (schema.h).
 *
 * A message is keyed by a hash of its host, instance, queue id and first
 * line, so that reading the same lines again finds the same row: a write
 * replaces a row only when it knows more (more lines, or the end where
 * the row had none), which makes re-reading idempotent and a partial
 * re-read harmless.  Recipients hang off that key.  seq keeps the order in
 * which rows were first written: maillog-trace --db prints in that order,
 * as the file-based trace prints in the order messages end. */
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ddl =
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);"
    "INSERT INTO meta VALUES ('schema', '1') ON CONFLICT (key) DO NOTHING;"
    "CREATE TABLE IF NOT EXISTS messages ("
    " seq @SEQ@, mkey BIGINT NOT NULL UNIQUE, label TEXT, host TEXT, instance TEXT,"
    " queue_id TEXT, message_id TEXT, sender TEXT, sender_lc TEXT, client_host TEXT,"
    " client_ip TEXT, client_port BIGINT, sasl_username TEXT, parent TEXT, end_state TEXT,"
    " end_text TEXT, complete INTEGER, bounce INTEGER, size BIGINT, nrcpt BIGINT,"
    " first_time BIGINT, last_time BIGINT, arrival BIGINT, completion BIGINT, children TEXT,"
    " nlines INTEGER, lines TEXT, json TEXT);"
    "CREATE INDEX IF NOT EXISTS messages_first_time ON messages (first_time);"
    "CREATE INDEX IF NOT EXISTS messages_sender ON messages (sender_lc);"
    "CREATE INDEX IF NOT EXISTS messages_message_id ON messages (message_id);"
    "CREATE INDEX IF NOT EXISTS messages_queue_id ON messages (queue_id, host);"
    "CREATE INDEX IF NOT EXISTS messages_parent ON messages (parent);"
    "CREATE INDEX IF NOT EXISTS messages_client_ip ON messages (client_ip);"
    "CREATE INDEX IF NOT EXISTS messages_open ON messages (label) WHERE complete = 0;"
    "CREATE TABLE IF NOT EXISTS recipients ("
    " mkey BIGINT NOT NULL, idx INTEGER NOT NULL, rcpt TEXT, rcpt_lc TEXT, orig_to TEXT,"
    " status TEXT, reason TEXT, attempts BIGINT, delay_us BIGINT, last_time BIGINT,"
    " relay TEXT, dsn TEXT, reply TEXT, first_reply TEXT, child TEXT,"
    " PRIMARY KEY (mkey, idx));"
    "CREATE INDEX IF NOT EXISTS recipients_rcpt ON recipients (rcpt_lc);"
    "CREATE TABLE IF NOT EXISTS sessions ("
    " seq @SEQ@, skey BIGINT NOT NULL UNIQUE, label TEXT, host TEXT, program TEXT,"
    " session_id TEXT, pid BIGINT, client_host TEXT, client_ip TEXT, connect_time BIGINT,"
    " end_time BIGINT, rejects BIGINT, auth_failures BIGINT, last_reject TEXT, counters TEXT,"
    " complete INTEGER, nmessages INTEGER, messages TEXT);"
    "CREATE INDEX IF NOT EXISTS sessions_connect_time ON sessions (connect_time);"
    "CREATE INDEX IF NOT EXISTS sessions_client_ip ON sessions (client_ip);"
    "CREATE TABLE IF NOT EXISTS unparsed ("
    " seq @SEQ@, label TEXT NOT NULL, file_id BIGINT NOT NULL, line_no BIGINT NOT NULL,"
    " time BIGINT, line TEXT, UNIQUE (label, file_id, line_no));"
    "CREATE INDEX IF NOT EXISTS unparsed_time ON unparsed (time);"
    "CREATE TABLE IF NOT EXISTS checkpoints ("
    " label TEXT NOT NULL, file_id BIGINT NOT NULL, name TEXT, bytes BIGINT, lines BIGINT,"
    " last_len BIGINT, last_hash BIGINT, updated BIGINT, PRIMARY KEY (label, file_id));";

static const char *const stmts[ST_COUNT_LOAD] = {
    "INSERT INTO messages (mkey, label, host, instance, queue_id, message_id, sender,"
    " sender_lc, client_host, client_ip, client_port, sasl_username, parent, end_state,"
    " end_text, complete, bounce, size, nrcpt, first_time, last_time, arrival, completion,"
    " children, nlines, lines, json)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT (mkey) DO UPDATE SET label = excluded.label, host = excluded.host,"
    " instance = excluded.instance, queue_id = excluded.queue_id,"
    " message_id = excluded.message_id, sender = excluded.sender,"
    " sender_lc = excluded.sender_lc, client_host = excluded.client_host,"
    " client_ip = excluded.client_ip, client_port = excluded.client_port,"
    " sasl_username = excluded.sasl_username, parent = excluded.parent,"
    " end_state = excluded.end_state, end_text = excluded.end_text,"
    " complete = excluded.complete, bounce = excluded.bounce, size = excluded.size,"
    " nrcpt = excluded.nrcpt, first_time = excluded.first_time,"
    " last_time = excluded.last_time, arrival = excluded.arrival,"
    " completion = excluded.completion, children = excluded.children,"
    " nlines = excluded.nlines, lines = excluded.lines, json = excluded.json"
    " WHERE excluded.nlines > messages.nlines"
    " OR (excluded.nlines = messages.nlines AND excluded.complete > messages.complete)",
    /* PostgreSQL: a message's recipients are written when the row holds
     * this version of it (written now, or an equal one), so that no
     * statement needs the answer of the one before and all are pipelined.
     * SQLite answers at once: its plain statements (sq_rcpt) are run only
     * when the message's row was written. */
    "DELETE FROM recipients WHERE mkey = ? AND EXISTS (SELECT 1 FROM messages"
    " WHERE mkey = ? AND nlines = ? AND complete = ?)",
    "INSERT INTO recipients (mkey, idx, rcpt, rcpt_lc, orig_to, status, reason, attempts,"
    " delay_us, last_time, relay, dsn, reply, first_reply, child)"
    " SELECT CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT),"
    " CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT),"
    " CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),"
    " CAST(? AS TEXT) WHERE EXISTS (SELECT 1 FROM messages"
    " WHERE mkey = ? AND nlines = ? AND complete = ?)",
    "INSERT INTO sessions (skey, label, host, program, session_id, pid, client_host,"
    " client_ip, connect_time, end_time, rejects, auth_failures, last_reject, counters,"
    " complete, nmessages, messages) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT (skey) DO UPDATE SET end_time = excluded.end_time,"
    " rejects = excluded.rejects, auth_failures = excluded.auth_failures,"
    " last_reject = excluded.last_reject, counters = excluded.counters,"
    " complete = excluded.complete, nmessages = excluded.nmessages,"
    " messages = excluded.messages"
    " WHERE excluded.complete > sessions.complete OR excluded.nmessages > sessions.nmessages",
    "INSERT INTO unparsed (label, file_id, line_no, time, line) VALUES (?,?,?,?,?)"
    " ON CONFLICT (label, file_id, line_no) DO NOTHING",
    "SELECT bytes, lines, last_len, last_hash FROM checkpoints WHERE label = ? AND file_id = ?",
    "INSERT INTO checkpoints (label, file_id, name, bytes, lines, last_len, last_hash, updated)"
    " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (label, file_id) DO UPDATE SET"
    " name = excluded.name, bytes = excluded.bytes, lines = excluded.lines,"
    " last_len = excluded.last_len, last_hash = excluded.last_hash, updated = excluded.updated",
    "SELECT max(last_time) FROM messages WHERE label = ?",
    "SELECT lines FROM messages WHERE label = ? AND complete = 0 AND last_time >= ?"
    " ORDER BY seq"};

static const char *const sq_rcpt[2] = {
    "DELETE FROM recipients WHERE mkey = ?",
    "INSERT INTO recipients (mkey, idx, rcpt, rcpt_lc, orig_to, status, reason, attempts,"
    " delay_us, last_time, relay, dsn, reply, first_reply, child)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"};

/* 1 when a PostgreSQL database already holds the whole schema (the
 * last object the DDL creates is there), 0 when not, -1 on error. */
static int pg_schema_done(idx_db *db)
{
    int rc = idx_db_prepare(db, ST_COUNT_LOAD, "SELECT to_regclass('checkpoints') IS NOT NULL"
                                               " AND to_regclass('unparsed_time') IS NOT NULL");
    const char *t;
    if (rc == 0)
        rc = idx_db_run(db, ST_COUNT_LOAD, NULL, 0, NULL);
    if (rc != 0 || idx_db_next(db, ST_COUNT_LOAD) != 1)
        return -1;
    t = idx_db_text(db, ST_COUNT_LOAD, 0, NULL);
    return t && t[0] == 't';
}

int idx_schema_load(idx_db *db)
{
    const char *seq = idx_db_is_pg(db) ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY";
    size_t n = strlen(ddl) + 3 * strlen(seq) + 64;
    char *sql = malloc(n), *o = sql;
    const char *s = ddl, *at;
    int i, rc;
    if (!sql)
        return -1;
    while ((at = strstr(s, "@SEQ@")) != NULL) {
        memcpy(o, s, (size_t)(at - s));
        o += at - s;
        o += sprintf(o, "%s", seq);
        s = at + 5;
    }
    strcpy(o, s);
    /* several hosts may create the tables of one PostgreSQL database at
     * once: CREATE ... IF NOT EXISTS is not safe against that, a lock is.
     * Once they exist, the DDL is not run again: CREATE INDEX IF NOT EXISTS
     * still takes a share lock on its table, which waits for another
     * host's open load and, holding the locks taken before it, deadlocks
     * with that load (seen in CI with two hosts started together). */
    rc = idx_db_exec(db, "BEGIN");
    if (rc == 0 && idx_db_is_pg(db)) {
        rc = idx_db_exec(db, "SELECT pg_advisory_xact_lock(7438211)");
        if (rc == 0)
            rc = pg_schema_done(db);
        if (rc == 1) {
            free(sql);
            sql = NULL;
            rc = 0;
        }
    }
    if (rc == 0 && sql)
        rc = idx_db_exec(db, sql);
    free(sql);
    if (rc != 0) {
        char keep[sizeof db->err];
        memcpy(keep, db->err, sizeof keep);
        idx_db_exec(db, "ROLLBACK");
        memcpy(db->err, keep, sizeof keep);
        return -1;
    }
    if (idx_db_exec(db, "COMMIT") != 0)
        return -1;
    for (i = 0; i < ST_COUNT_LOAD; i++) {
        const char *st = stmts[i];
        if (!idx_db_is_pg(db) && (i == ST_RCPT_DEL || i == ST_RCPT))
            st = sq_rcpt[i == ST_RCPT];
        if (idx_db_prepare(db, i, st) != 0)
            return -1;
    }
    return 0;
}
