/* schema.h -- the index's tables and the statements that write and read
 * them, the same text for SQLite and PostgreSQL. */
#ifndef MAILLOG_INDEX_SCHEMA_H
#define MAILLOG_INDEX_SCHEMA_H

#include "db.h"

/* Statement slots. */
enum {
    ST_MSG,       /* upsert a message */
    ST_RCPT_DEL,  /* forget a message's recipients before writing them again */
    ST_RCPT,      /* a recipient */
    ST_SES,       /* upsert a session */
    ST_UNP,       /* an unparsed line */
    ST_CP_GET,    /* a file's checkpoint */
    ST_CP_PUT,
    ST_LAST_TIME, /* the newest message time of a label */
    ST_REPLAY,    /* the lines of a label's incomplete messages */
    ST_COUNT_LOAD
};

/* Columns of ST_MSG, ST_RCPT and ST_SES, in order. */
#define IDX_MSG_COLS 27
#define IDX_RCPT_COLS 15
#define IDX_SES_COLS 17

/* Create what is missing (concurrent writers of one PostgreSQL database
 * serialize this on an advisory lock), then prepare the statements that
 * maillog-index uses: 0, or -1 with idx_db_error. */
int idx_schema_load(idx_db *db);

/* The columns query.c reads, SELECTed in this order. */
#define IDX_MSG_SELECT                                                                      \
    "SELECT host, instance, queue_id, end_state, end_text, sender, client_host, client_ip, " \
    "sasl_username, message_id, parent, complete, bounce, first_time, last_time, size, "    \
    "children, json, lines, mkey, seq FROM messages"
#define IDX_RCPT_SELECT \
    "SELECT rcpt, status, reason, relay, reply, child, attempts FROM recipients WHERE mkey = ? ORDER BY idx"

#endif
