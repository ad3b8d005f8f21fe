/* query.c -- maillog-trace --db (query.h).  SQL narrows the rows by the
 * indexed columns (exact ids, lower-cased exact addresses, times, a
 * recipient's status or reason); trace_match then applies the selection
 * exactly as on files, so both give the same messages. */
#include "query.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "schema.h"

enum { Q_MSG, Q_RCPT };

typedef struct qrow {
    int64_t seq, mkey;
    trace_msg m;
} qrow;

typedef struct query {
    idx_db *db;
    qrow *rows;
    size_t n, cap;
    int oom;
    int dedupe; /* following hand-offs: a row may come twice */
} query;

static char *col(idx_db *db, int id, int c, int *oom)
{
    size_t n = 0;
    const char *s = idx_db_text(db, id, c, &n);
    char *d;
    if (!s)
        return NULL;
    if (!(d = trace_strndup(s, n)))
        *oom = 1;
    return d;
}

/* Split space-separated queue ids. */
static int split(trace_msg *x, const char *s)
{
    const char *p = s, *e;
    size_t n = 1;
    for (e = s; *e; e++)
        n += *e == ' ';
    if (!(x->children = calloc(n + 1, sizeof *x->children)))
        return -1;
    while (*p) {
        e = strchr(p, ' ');
        if (!e)
            e = p + strlen(p);
        if (!(x->children[x->nchildren++] = trace_strndup(p, (size_t)(e - p))))
            return -1;
        p = *e ? e + 1 : e;
    }
    return 0;
}

static int load_recipients(query *q, trace_msg *x, int64_t mkey)
{
    idx_val v;
    size_t cap = 4;
    int rc;
    v.type = IDX_INT, v.i = mkey;
    if (!(x->rcpt = calloc(cap, sizeof *x->rcpt)) || idx_db_run(q->db, Q_RCPT, &v, 1, NULL) != 0)
        return -1;
    while ((rc = idx_db_next(q->db, Q_RCPT)) == 1) {
        trace_rcpt *r;
        if (x->nrcpt == cap) {
            trace_rcpt *bigger = realloc(x->rcpt, cap * 2 * sizeof *bigger);
            if (!bigger)
                return -1;
            x->rcpt = bigger;
            cap *= 2;
        }
        r = &x->rcpt[x->nrcpt++];
        memset(r, 0, sizeof *r);
        r->to = col(q->db, Q_RCPT, 0, &q->oom);
        r->status = col(q->db, Q_RCPT, 1, &q->oom);
        r->reason = col(q->db, Q_RCPT, 2, &q->oom);
        r->relay = col(q->db, Q_RCPT, 3, &q->oom);
        r->reply = col(q->db, Q_RCPT, 4, &q->oom);
        r->child = col(q->db, Q_RCPT, 5, &q->oom);
        idx_db_int(q->db, Q_RCPT, 6, &r->attempts);
        if (!r->status || !r->reason)
            q->oom = 1;
    }
    return rc;
}

/* The rows of the statement run in Q_MSG (when following, those not held
 * yet). */
static int read_rows(query *q)
{
    int rc;
    while ((rc = idx_db_next(q->db, Q_MSG)) == 1) {
        trace_msg *x;
        char *children;
        int64_t seq = 0, mkey = 0;
        size_t i;
        idx_db_int(q->db, Q_MSG, 19, &mkey);
        idx_db_int(q->db, Q_MSG, 20, &seq);
        for (i = 0; q->dedupe && i < q->n && q->rows[i].mkey != mkey; i++)
            ;
        if (q->dedupe && i < q->n)
            continue;
        if (q->n == q->cap) {
            size_t cap = q->cap ? q->cap * 2 : 64;
            qrow *bigger = realloc(q->rows, cap * sizeof *bigger);
            if (!bigger)
                return -1;
            q->rows = bigger;
            q->cap = cap;
        }
        q->rows[q->n].seq = seq;
        q->rows[q->n].mkey = mkey;
        x = &q->rows[q->n].m;
        memset(x, 0, sizeof *x);
        q->n++;
        {
            char **dst[] = {&x->host,      &x->instance,  &x->qid,       &x->end,
                            &x->end_text,  &x->from,      &x->client_host, &x->client_ip,
                            &x->sasl,      &x->msgid,     &x->parent};
            int64_t v = 0;
            for (i = 0; i < sizeof dst / sizeof *dst; i++)
                *dst[i] = col(q->db, Q_MSG, (int)i, &q->oom);
            x->complete = idx_db_int(q->db, Q_MSG, 11, &v) && v;
            x->bounce = idx_db_int(q->db, Q_MSG, 12, &v) && v;
        }
        x->have_first = idx_db_int(q->db, Q_MSG, 13, &x->first_time);
        x->have_last = idx_db_int(q->db, Q_MSG, 14, &x->last_time);
        x->have_size = idx_db_int(q->db, Q_MSG, 15, &x->size);
        children = col(q->db, Q_MSG, 16, &q->oom);
        x->json = col(q->db, Q_MSG, 17, &q->oom);
        x->lines = col(q->db, Q_MSG, 18, &q->oom);
        if (split(x, children ? children : "") != 0)
            q->oom = 1;
        free(children);
        if (!x->end)
            q->oom = 1;
    }
    return rc;
}

/* A lower-cased copy (SQL holds addresses lower-cased beside them). */
static char *lowered(const char *s)
{
    char *d = trace_strndup(s, strlen(s));
    size_t i;
    for (i = 0; d && d[i]; i++)
        d[i] = (char)tolower((unsigned char)d[i]);
    return d;
}

/* An exact address (not a substring search, trace_addr_match). */
static int exact(const char *a)
{
    const char *at = strchr(a, '@');
    return at && at != a;
}

static int by_seq(const void *a, const void *b)
{
    const qrow *x = a, *y = b;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The hand-off families of the rows held, until no more are found. */
static int follow(query *q)
{
    size_t i, k, done = 0;
    while (done < q->n) {
        size_t upto = q->n;
        for (i = done; i < upto; i++) {
            trace_msg *x = &q->rows[i].m;
            const char *ask[2];
            idx_val v;
            int w;
            if (!x->qid)
                continue;
            /* messages it came from or went to, and those that came from it */
            for (k = 0; k <= x->nchildren; k++) {
                const char *id = k < x->nchildren ? x->children[k] : x->parent;
                for (w = 0; w < 2; w++) {
                    ask[0] = IDX_MSG_SELECT " WHERE queue_id = ? ORDER BY seq";
                    ask[1] = IDX_MSG_SELECT " WHERE parent = ? ORDER BY seq";
                    if (w == 0 ? !id : k > 0)
                        continue;
                    v.type = IDX_TEXT, v.s = w ? x->qid : id, v.n = strlen(v.s);
                    if (idx_db_prepare(q->db, Q_MSG, ask[w]) != 0 ||
                        idx_db_run(q->db, Q_MSG, &v, 1, NULL) != 0 || read_rows(q) < 0)
                        return -1;
                    x = &q->rows[i].m; /* rows may have moved */
                }
            }
        }
        done = upto;
    }
    return 0;
}

int index_query(const char *spec, const trace_filter *f, int related, trace_msg **msgs, size_t *n,
                char *err, size_t errlen)
{
    char sql[2048], *lc[3] = {NULL, NULL, NULL};
    idx_val v[10];
    int nv = 0, rc = -1;
    struct stat sb;
    query q;
    size_t i;
    memset(&q, 0, sizeof q);
    *msgs = NULL;
    *n = 0;
    if (!idx_db_is_pg_spec(spec) && stat(spec, &sb) != 0) {
        snprintf(err, errlen, "%s: no such database", spec);
        return -1;
    }
    if (!(q.db = idx_db_open(spec, err, errlen)))
        return -1;
    snprintf(sql, sizeof sql, "%s WHERE 1 = 1", IDX_MSG_SELECT);
#define WHERE(cond, value)                                                         \
    do {                                                                           \
        strcat(sql, " AND " cond);                                                 \
        v[nv].type = IDX_TEXT, v[nv].s = (value), v[nv].n = strlen(value), nv++;  \
    } while (0)
    if (f->qid)
        WHERE("queue_id = ?", f->qid);
    if (f->msgid)
        WHERE("message_id = ?", f->msgid);
    if (f->client)
        WHERE("client_ip = ?", f->client);
    if (f->from && exact(f->from) && (lc[0] = lowered(f->from)))
        WHERE("sender_lc = ?", lc[0]);
    if (f->to && exact(f->to) && (lc[1] = lowered(f->to)))
        WHERE("mkey IN (SELECT mkey FROM recipients WHERE rcpt_lc = ?)", lc[1]);
    if (f->status && (lc[2] = lowered(f->status)))
        WHERE("mkey IN (SELECT mkey FROM recipients WHERE status = ?)", lc[2]);
    if (f->have_since) {
        strcat(sql, " AND (last_time IS NULL OR last_time >= ?)");
        v[nv].type = IDX_INT, v[nv++].i = f->since;
    }
    if (f->have_until) {
        strcat(sql, " AND (first_time IS NULL OR first_time <= ?)");
        v[nv].type = IDX_INT, v[nv++].i = f->until;
    }
#undef WHERE
    strcat(sql, " ORDER BY seq");
    if (idx_db_prepare(q.db, Q_MSG, sql) != 0 || idx_db_prepare(q.db, Q_RCPT, IDX_RCPT_SELECT) != 0 ||
        idx_db_run(q.db, Q_MSG, v, nv, NULL) != 0 || read_rows(&q) < 0)
        goto out;
    /* recipients, then the exact selection */
    for (i = 0; i < q.n; i++)
        if (load_recipients(&q, &q.rows[i].m, q.rows[i].mkey) < 0)
            goto out;
    for (i = 0; i < q.n;) {
        if ((q.rows[i].m.matched = trace_match(f, &q.rows[i].m)) != 0) {
            i++;
            continue;
        }
        trace_msg_free(&q.rows[i].m);
        q.rows[i] = q.rows[--q.n];
    }
    if (related) {
        size_t had = q.n;
        q.dedupe = 1;
        if (follow(&q) != 0)
            goto out;
        for (i = had; i < q.n; i++)
            if (load_recipients(&q, &q.rows[i].m, q.rows[i].mkey) < 0)
                goto out;
    }
    if (q.n > 1)
        qsort(q.rows, q.n, sizeof *q.rows, by_seq);
    rc = 0;
out:
    if (rc != 0)
        snprintf(err, errlen, "%s: %s", spec, idx_db_error(q.db));
    if (q.oom && rc == 0) {
        snprintf(err, errlen, "out of memory");
        rc = -1;
    }
    if (rc == 0 && (*msgs = calloc(q.n + 1, sizeof **msgs)) != NULL) {
        for (i = 0; i < q.n; i++)
            (*msgs)[i] = q.rows[i].m;
        *n = q.n;
    } else {
        for (i = 0; i < q.n; i++)
            trace_msg_free(&q.rows[i].m);
        if (rc == 0) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        }
    }
    free(q.rows);
    for (i = 0; i < 3; i++)
        free(lc[i]);
    idx_db_close(q.db);
    return rc;
}
