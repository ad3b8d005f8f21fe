/* store.c -- messages, recipients, sessions and unparsed lines as rows
 * (store.h).  Each row is built from the correlator's accessors into an
 * array of values and written by one prepared statement. */
#include "store.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

uint64_t idx_hash(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i;
    if (!h)
        h = 0xcbf29ce484222325ull;
    for (i = 0; i < n; i++) /* FNV-1a, then mixed below */
        h = (h ^ s[i]) * 0x100000001b3ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h ? h : 1;
}

int idx_fail(idx_writer *w, const char *what)
{
    if (!w->failed)
        fprintf(stderr, "maillog-index: %s: %s\n", what, idx_db_error(w->db));
    w->failed = 1;
    return -1;
}

int idx_tick(idx_writer *w)
{
    if (++w->pending < w->batch)
        return 0;
    w->pending = 0;
    if (idx_db_exec(w->db, "COMMIT") != 0 || idx_db_exec(w->db, "BEGIN") != 0)
        return idx_fail(w, "commit");
    return 0;
}

static int64_t as_int64(uint64_t h)
{
    int64_t v;
    memcpy(&v, &h, sizeof v);
    return v;
}

/* Room for n more bytes of scratch at offset at: 0 or -1. */
static int room(idx_writer *w, size_t need)
{
    char *bigger;
    if (need <= w->scratch_cap)
        return 0;
    if (!(bigger = realloc(w->scratch, need * 2)))
        return -1;
    w->scratch = bigger;
    w->scratch_cap = need * 2;
    return 0;
}

static void text(idx_val *v, int present, const char *p, size_t n)
{
    v->type = present == 1 ? IDX_TEXT : IDX_NULL;
    v->s = p;
    v->n = n;
}

static void num(idx_val *v, int present, int64_t i)
{
    v->type = present == 1 ? IDX_INT : IDX_NULL;
    v->i = i;
}

/* The accessors' results, called before their pointers are read. */
static void mfield(idx_val *v, const maillog_message *m, int32_t id)
{
    const char *p = NULL;
    size_t n = 0;
    int ok = maillog_message_field(m, id, &p, &n);
    text(v, ok, p, n);
}

static void mnum(idx_val *v, const maillog_message *m, int32_t id)
{
    int64_t x = 0;
    int ok = maillog_message_number(m, id, &x);
    num(v, ok, x);
}

static void rfield(idx_val *v, const maillog_message *m, uint32_t i, int32_t id)
{
    const char *p = NULL;
    size_t n = 0;
    int ok = maillog_message_recipient_field(m, i, id, &p, &n);
    text(v, ok, p, n);
}

static void rnum(idx_val *v, const maillog_message *m, uint32_t i, int32_t id)
{
    int64_t x = 0;
    int ok = maillog_message_recipient_number(m, i, id, &x);
    num(v, ok, x);
}

static void sfield(idx_val *v, const maillog_session *s, int32_t id)
{
    const char *p = NULL;
    size_t n = 0;
    int ok = maillog_session_field(s, id, &p, &n);
    text(v, ok, p, n);
}

static void snum(idx_val *v, const maillog_session *s, int32_t id)
{
    int64_t x = 0;
    int ok = maillog_session_number(s, id, &x);
    num(v, ok, x);
}

static void str(idx_val *v, const char *s)
{
    text(v, s != NULL, s, s ? strlen(s) : 0);
}

/* A lower-cased copy of v's text into scratch at *at (searches by
 * address compare lower-cased). */
static void lower(idx_val *out, const idx_val *v, char *scratch, size_t *at)
{
    size_t i;
    *out = *v;
    if (v->type != IDX_TEXT)
        return;
    for (i = 0; i < v->n; i++)
        scratch[*at + i] = (char)tolower((unsigned char)v->s[i]);
    out->s = scratch + *at;
    *at += v->n;
}

/* The message's raw lines, each ended by a newline, into scratch from *at. */
static size_t join_lines(const maillog_message *m, char *o)
{
    uint32_t i;
    size_t at = 0;
    for (i = 0; i < maillog_message_line_count(m); i++) {
        const char *p;
        size_t n;
        maillog_message_line(m, i, &p, &n, NULL);
        memcpy(o + at, p, n);
        at += n;
        o[at++] = '\n';
    }
    return at;
}

/* The recipients, when the row holds this version of the message
 * (version: its key, line count and completeness in v[0], v[24], v[15]). */
static int store_recipients(idx_writer *w, const maillog_message *m, const idx_val *msg)
{
    idx_val v[IDX_RCPT_COLS + 3], d[4];
    uint32_t i;
    int64_t key = msg[0].i;
    int pg = idx_db_is_pg(w->db); /* its statements check the version (schema.c) */
    d[0] = msg[0], d[1] = msg[0], d[2] = msg[24], d[3] = msg[15];
    if (idx_db_run(w->db, ST_RCPT_DEL, d, pg ? 4 : 1, NULL) != 0)
        return idx_fail(w, "recipients");
    for (i = 0; i < maillog_message_recipient_count(m); i++) {
        size_t at = 0;
        int64_t x = 0;
        int k;
        num(&v[0], 1, key);
        num(&v[1], 1, (int64_t)i);
        rfield(&v[2], m, i, MAILLOG_RECIPIENT_F_TO);
        if (room(w, v[2].n + 1) != 0)
            return -1;
        lower(&v[3], &v[2], w->scratch, &at);
        rfield(&v[4], m, i, MAILLOG_RECIPIENT_F_ORIG_TO);
        maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_STATUS, &x);
        str(&v[5], maillog_status_name((int32_t)x));
        str(&v[6], maillog_reason_name(maillog_message_recipient_reason(m, i)));
        for (k = 0; k < 3; k++) {
            static const int32_t nums[] = {MAILLOG_RECIPIENT_N_ATTEMPTS,
                                           MAILLOG_RECIPIENT_N_DELAY_US,
                                           MAILLOG_RECIPIENT_N_LAST_TIME};
            rnum(&v[7 + k], m, i, nums[k]);
        }
        for (k = 0; k < 5; k++) {
            static const int32_t fields[] = {MAILLOG_RECIPIENT_F_RELAY, MAILLOG_RECIPIENT_F_DSN,
                                             MAILLOG_RECIPIENT_F_REPLY,
                                             MAILLOG_RECIPIENT_F_FIRST_REPLY,
                                             MAILLOG_RECIPIENT_F_CHILD};
            rfield(&v[10 + k], m, i, fields[k]);
        }
        v[IDX_RCPT_COLS] = d[1], v[IDX_RCPT_COLS + 1] = d[2], v[IDX_RCPT_COLS + 2] = d[3];
        if (idx_db_run(w->db, ST_RCPT, v, IDX_RCPT_COLS + (pg ? 3 : 0), NULL) != 0)
            return idx_fail(w, "recipients");
        w->st->recipients++;
    }
    return 0;
}

int idx_store_message(void *user, const maillog_message *m)
{
    static const int32_t fields[] = {MAILLOG_MESSAGE_F_HOST,       MAILLOG_MESSAGE_F_INSTANCE,
                                     MAILLOG_MESSAGE_F_QUEUE_ID,   MAILLOG_MESSAGE_F_MESSAGE_ID,
                                     MAILLOG_MESSAGE_F_FROM};
    static const int32_t times[] = {MAILLOG_MESSAGE_N_SIZE, MAILLOG_MESSAGE_N_NRCPT,
                                    MAILLOG_MESSAGE_N_FIRST_TIME, MAILLOG_MESSAGE_N_LAST_TIME,
                                    MAILLOG_MESSAGE_N_ARRIVAL, MAILLOG_MESSAGE_N_COMPLETION};
    idx_writer *w = user;
    idx_val v[IDX_MSG_COLS];
    const char *p;
    size_t n, need = 64, at = 0, json_len = 0;
    uint32_t i, flags = maillog_message_flags(m);
    uint64_t h = 0;
    long changes = 0;
    int k;
    if (w->failed)
        return 1;
    /* scratch: lower-cased sender, children, lines, JSON */
    for (i = 0; i < maillog_message_line_count(m); i++)
        need += (maillog_message_line(m, i, &p, &n, NULL), n + 1);
    for (i = 0; i < maillog_message_child_count(m); i++)
        need += (maillog_message_child(m, i, &p, &n), n + 1);
    if (maillog_message_field(m, MAILLOG_MESSAGE_F_FROM, &p, &n) == 1)
        need += n;
    /* the JSON first, in one pass unless scratch is too small for it */
    if (room(w, need) != 0 ||
        ((maillog_message_to_json(m, w->scratch, w->scratch_cap, &json_len) != MAILLOG_OK ||
          json_len >= w->scratch_cap) &&
         (room(w, json_len + 1) != 0 ||
          maillog_message_to_json(m, w->scratch, w->scratch_cap, &json_len) != MAILLOG_OK)) ||
        room(w, json_len + 1 + need) != 0) {
        fputs("maillog-index: out of memory\n", stderr);
        return w->failed = 1;
    }
    text(&v[26], 1, w->scratch, json_len);
    at = json_len + 1;
    str(&v[1], w->label);
    for (k = 0; k < 5; k++) {
        mfield(&v[2 + k], m, fields[k]);
        if (k < 3) /* the key: host, instance, queue id ... */
            h = idx_hash(idx_hash(h, v[2 + k].s, v[2 + k].type == IDX_TEXT ? v[2 + k].n : 0), "", 1);
    }
    lower(&v[7], &v[6], w->scratch, &at);
    mfield(&v[8], m, MAILLOG_MESSAGE_F_CLIENT_HOST);
    mfield(&v[9], m, MAILLOG_MESSAGE_F_CLIENT_IP);
    mnum(&v[10], m, MAILLOG_MESSAGE_N_CLIENT_PORT);
    mfield(&v[11], m, MAILLOG_MESSAGE_F_SASL_USERNAME);
    mfield(&v[12], m, MAILLOG_MESSAGE_F_PARENT);
    str(&v[13], maillog_end_name(maillog_message_end(m)));
    mfield(&v[14], m, MAILLOG_MESSAGE_F_END_TEXT);
    num(&v[15], 1, (flags & MAILLOG_MSG_COMPLETE) != 0);
    num(&v[16], 1, (flags & MAILLOG_MSG_BOUNCE) != 0);
    for (k = 0; k < 6; k++)
        mnum(&v[17 + k], m, times[k]);
    v[23].type = IDX_TEXT; /* children, space-separated */
    v[23].s = w->scratch + at;
    for (i = 0; i < maillog_message_child_count(m); i++) {
        maillog_message_child(m, i, &p, &n);
        if (i)
            w->scratch[at++] = ' ';
        memcpy(w->scratch + at, p, n);
        at += n;
    }
    v[23].n = (size_t)(w->scratch + at - v[23].s);
    if (!v[23].n)
        v[23].type = IDX_NULL;
    num(&v[24], 1, (int64_t)maillog_message_line_count(m));
    text(&v[25], 1, w->scratch + at, join_lines(m, w->scratch + at));
    at += v[25].n;
    /* ... and the first line: what tells two messages of one queue id apart */
    if (maillog_message_line_count(m) > 0 && maillog_message_line(m, 0, &p, &n, NULL) == 1)
        h = idx_hash(h, p, n);
    num(&v[0], 1, as_int64(h));
    /* PostgreSQL pipelines the statements: the count of rows written is
     * not asked for */
    if (idx_db_run(w->db, ST_MSG, v, IDX_MSG_COLS, idx_db_is_pg(w->db) ? NULL : &changes) != 0)
        return idx_fail(w, "messages"), 1;
    w->st->messages++;
    if (changes > 0) /* new, or knows more than the row did */
        w->st->written++;
    if ((changes > 0 || idx_db_is_pg(w->db)) && store_recipients(w, m, v) != 0)
        return 1;
    return idx_tick(w) != 0;
}

int idx_store_session(void *user, const maillog_session *s)
{
    idx_writer *w = user;
    idx_val v[IDX_SES_COLS];
    const char *p;
    size_t n, at = 0, need = 64;
    uint64_t h = 0;
    int64_t t;
    uint32_t i;
    int k;
    static const int32_t fields[] = {MAILLOG_SESSION_F_HOST, MAILLOG_SESSION_F_PROGRAM,
                                     MAILLOG_SESSION_F_SESSION_ID};
    if (w->failed)
        return 1;
    /* after a replay, a session without its connection is made of replayed
     * lines, or is the rest of one the last run stored: neither is new */
    if (w->replayed && maillog_session_number(s, MAILLOG_SESSION_N_CONNECT_TIME, &t) != 1)
        return 0;
    for (i = 0; i < maillog_session_message_count(s); i++)
        need += (maillog_session_message(s, i, &p, &n), n + 1);
    if (room(w, need) != 0) {
        fputs("maillog-index: out of memory\n", stderr);
        return w->failed = 1;
    }
    str(&v[1], w->label);
    for (k = 0; k < 3; k++) {
        sfield(&v[2 + k], s, fields[k]);
        h = idx_hash(idx_hash(h, v[2 + k].s, v[2 + k].type == IDX_TEXT ? v[2 + k].n : 0), "", 1);
    }
    snum(&v[5], s, MAILLOG_SESSION_N_PID);
    sfield(&v[6], s, MAILLOG_SESSION_F_CLIENT_HOST);
    sfield(&v[7], s, MAILLOG_SESSION_F_CLIENT_IP);
    snum(&v[8], s, MAILLOG_SESSION_N_CONNECT_TIME);
    snum(&v[9], s, MAILLOG_SESSION_N_END_TIME);
    snum(&v[10], s, MAILLOG_SESSION_N_REJECTS);
    snum(&v[11], s, MAILLOG_SESSION_N_AUTH_FAILURES);
    sfield(&v[12], s, MAILLOG_SESSION_F_LAST_REJECT);
    sfield(&v[13], s, MAILLOG_SESSION_F_COUNTERS);
    num(&v[14], 1, (maillog_session_flags(s) & MAILLOG_MSG_COMPLETE) != 0);
    num(&v[15], 1, (int64_t)maillog_session_message_count(s));
    /* the key: host, program, session id, pid, client, connect time */
    for (k = 5; k <= 8; k++) {
        h = idx_hash(h, &v[k].type, sizeof v[k].type);
        h = v[k].type == IDX_INT ? idx_hash(h, &v[k].i, sizeof v[k].i)
                                 : idx_hash(h, v[k].s, v[k].type == IDX_TEXT ? v[k].n : 0);
    }
    num(&v[0], 1, as_int64(h));
    v[16].type = IDX_TEXT;
    v[16].s = w->scratch;
    for (i = 0; i < maillog_session_message_count(s); i++) {
        maillog_session_message(s, i, &p, &n);
        if (i)
            w->scratch[at++] = ' ';
        memcpy(w->scratch + at, p, n);
        at += n;
    }
    v[16].n = at;
    if (!at)
        v[16].type = IDX_NULL;
    if (idx_db_run(w->db, ST_SES, v, IDX_SES_COLS, NULL) != 0)
        return idx_fail(w, "sessions"), 1;
    w->st->sessions++;
    return idx_tick(w) != 0;
}

int idx_store_unparsed(idx_writer *w, const maillog_record *rec)
{
    idx_val v[5];
    size_t n;
    const char *line = maillog_record_line(rec, &n);
    int64_t t = 0;
    str(&v[0], w->label);
    num(&v[1], 1, w->file_id);
    num(&v[2], 1, (int64_t)maillog_record_line_number(rec) - w->line_base);
    int timed = maillog_record_time(rec, &t, NULL, NULL);
    num(&v[3], timed, t);
    text(&v[4], 1, line, n);
    if (idx_db_run(w->db, ST_UNP, v, 5, NULL) != 0)
        return idx_fail(w, "unparsed lines");
    w->st->unparsed++;
    return idx_tick(w);
}
