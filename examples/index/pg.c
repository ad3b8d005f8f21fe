/* pg.c -- the PostgreSQL backend of db.h, through libpq: several hosts'
 * maillog-index write to one database.  Parameters go as text; a text
 * value PostgreSQL would refuse (a NUL byte, or bytes that are not UTF-8
 * in a UTF-8 database) has those bytes replaced by '?', since a log line
 * is stored whatever its bytes (a SQL_ASCII database keeps them all but
 * NUL). */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HAVE_LIBPQ
idx_db *idx_pg_open(const char *conninfo, char *err, size_t errlen)
{
    (void)conninfo;
    snprintf(err, errlen, "this build has no PostgreSQL support (install libpq-dev, so that "
                          "pkg-config finds libpq, and rebuild)");
    return NULL;
}
#else
#include <libpq-fe.h>

#define PG_MAX_PARAMS 40

typedef struct pg_db {
    idx_db base;
    PGconn *c;
    int utf8;                     /* the database checks UTF-8 */
    int prepared[IDX_MAX_STMTS];  /* slot holds a statement */
    int returns[IDX_MAX_STMTS];   /* it returns rows */
    PGresult *res[IDX_MAX_STMTS]; /* its rows, and the current one */
    int row[IDX_MAX_STMTS];
    char *scratch; /* sanitized copies and numbers of one run */
    size_t scratch_cap;
    int piped;     /* in pipeline mode: writes sent, their results unread */
    int pending;   /* how many */
} pg_db;

/* Writes whose answer nobody needs are pipelined (sent without waiting);
 * their results are read, and their first error reported, before any
 * other statement, or after this many (so that neither side's buffers
 * fill up). */
#define PG_MAX_PENDING 500

static int pg_fail(pg_db *d, PGresult *r)
{
    const char *m = r ? PQresultErrorMessage(r) : "";
    snprintf(d->base.err, sizeof d->base.err, "%s", *m ? m : PQerrorMessage(d->c));
    d->base.err[strcspn(d->base.err, "\n")] = '\0';
    if (r)
        PQclear(r);
    return -1;
}

/* Read the results of the pipelined writes: 0, or -1 with the first
 * error. */
static int pg_drain(pg_db *d)
{
    int failed = 0, nulls = 0;
    if (!d->piped)
        return 0;
    d->piped = d->pending = 0;
    if (PQpipelineSync(d->c) != 1)
        return pg_fail(d, NULL);
    for (;;) {
        PGresult *r = PQgetResult(d->c);
        ExecStatusType st;
        if (!r) { /* between two statements' results; twice: nothing left */
            if (++nulls >= 2 || PQstatus(d->c) != CONNECTION_OK)
                break;
            continue;
        }
        nulls = 0;
        st = PQresultStatus(r);
        if (st == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        if (st == PGRES_FATAL_ERROR && !failed) {
            pg_fail(d, r);
            failed = 1;
        } else {
            PQclear(r);
        }
    }
    PQexitPipelineMode(d->c);
    return failed ? -1 : 0;
}

static void pg_close(idx_db *db)
{
    pg_db *d = (pg_db *)db;
    int i;
    for (i = 0; i < IDX_MAX_STMTS; i++)
        PQclear(d->res[i]);
    PQfinish(d->c);
    free(d->scratch);
    free(d);
}

static int pg_exec(idx_db *db, const char *sql)
{
    pg_db *d = (pg_db *)db;
    PGresult *r;
    if (pg_drain(d) != 0)
        return -1;
    r = PQexec(d->c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        return pg_fail(d, r);
    PQclear(r);
    return 0;
}

static int pg_prepare(idx_db *db, int id, const char *sql)
{
    pg_db *d = (pg_db *)db;
    char name[16], *q = malloc(strlen(sql) * 3 + 1), *o = q;
    const char *s;
    int n = 0;
    PGresult *r;
    if (!q || pg_drain(d) != 0) {
        if (!q)
            snprintf(d->base.err, sizeof d->base.err, "out of memory");
        free(q);
        return -1;
    }
    for (s = sql; *s; s++) /* ? -> $1, $2, ...: the statements have no ? in literals */
        o += *s == '?' ? sprintf(o, "$%d", ++n) : (*o = *s, 1);
    *o = '\0';
    snprintf(name, sizeof name, "s%d", id);
    if (d->prepared[id]) {
        char dealloc[40];
        snprintf(dealloc, sizeof dealloc, "DEALLOCATE s%d", id);
        pg_exec(db, dealloc);
    }
    PQclear(d->res[id]);
    d->res[id] = NULL;
    r = PQprepare(d->c, name, q, 0, NULL);
    free(q);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        return pg_fail(d, r);
    PQclear(r);
    d->prepared[id] = 1;
    /* a statement returns rows when it is a SELECT or has RETURNING */
    d->returns[id] = strncmp(sql, "SELECT", 6) == 0 || strstr(sql, "RETURNING") != NULL;
    return 0;
}

/* The length of the valid UTF-8 sequence at s (n bytes left), or 0:
 * no overlong forms, surrogates or code points above U+10FFFF. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] < 0xC2 ? 0 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3
               : s[0] < 0xF5 ? 4 : 0, k;
    if (!len || len > n)
        return 0;
    for (k = 1; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return len;
}

/* Copy s into out (NUL-terminated), each byte PostgreSQL would refuse in
 * text as '?': NUL, and in a UTF-8 database what is not UTF-8. */
static void pg_sanitize(const pg_db *d, const char *s, size_t n, char *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, len;
    while (i < n) {
        if (u[i] == 0 || (d->utf8 && u[i] >= 0x80 && !utf8_len(u + i, n - i))) {
            *out++ = '?';
            i++;
            continue;
        }
        len = d->utf8 && u[i] >= 0x80 ? utf8_len(u + i, n - i) : 1;
        memcpy(out, s + i, len);
        out += len;
        i += len;
    }
    *out = '\0';
}

static int pg_run(idx_db *db, int id, const idx_val *v, int n, long *changes)
{
    pg_db *d = (pg_db *)db;
    const char *vals[PG_MAX_PARAMS];
    size_t need = 0, at = 0;
    char name[16];
    int i;
    PGresult *r;
    if (n > PG_MAX_PARAMS) {
        snprintf(d->base.err, sizeof d->base.err, "too many parameters");
        return -1;
    }
    for (i = 0; i < n; i++) /* every value as NUL-terminated text in scratch */
        need += (v[i].type == IDX_TEXT ? v[i].n : 24) + 1;
    if (need > d->scratch_cap) {
        char *bigger = realloc(d->scratch, need * 2);
        if (!bigger) {
            snprintf(d->base.err, sizeof d->base.err, "out of memory");
            return -1;
        }
        d->scratch = bigger;
        d->scratch_cap = need * 2;
    }
    for (i = 0; i < n; i++) {
        char *o = d->scratch + at;
        vals[i] = o;
        if (v[i].type == IDX_NULL) {
            vals[i] = NULL;
            continue;
        }
        if (v[i].type == IDX_INT) {
            at += (size_t)sprintf(o, "%lld", (long long)v[i].i) + 1;
        } else {
            pg_sanitize(d, v[i].s, v[i].n, o);
            at += strlen(o) + 1;
        }
    }
    snprintf(name, sizeof name, "s%d", id);
    PQclear(d->res[id]);
    d->res[id] = NULL;
    if (!changes && !d->returns[id]) { /* nobody waits for it: pipelined */
        if (!d->piped && PQenterPipelineMode(d->c) != 1)
            return pg_fail(d, NULL);
        d->piped = 1;
        if (PQsendQueryPrepared(d->c, name, n, vals, NULL, NULL, 0) != 1)
            return pg_fail(d, NULL);
        return ++d->pending >= PG_MAX_PENDING ? pg_drain(d) : 0;
    }
    if (pg_drain(d) != 0)
        return -1;
    r = PQexecPrepared(d->c, name, n, vals, NULL, NULL, 0);
    if (PQresultStatus(r) == PGRES_TUPLES_OK && d->returns[id]) {
        d->res[id] = r;
        d->row[id] = -1;
        return 0;
    }
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        return pg_fail(d, r);
    if (changes)
        *changes = atol(PQcmdTuples(r));
    PQclear(r);
    return 0;
}

static int pg_next(idx_db *db, int id)
{
    pg_db *d = (pg_db *)db;
    if (!d->res[id])
        return 0;
    if (++d->row[id] < PQntuples(d->res[id]))
        return 1;
    PQclear(d->res[id]);
    d->res[id] = NULL;
    return 0;
}

static const char *pg_text(idx_db *db, int id, int col, size_t *len)
{
    pg_db *d = (pg_db *)db;
    if (PQgetisnull(d->res[id], d->row[id], col))
        return NULL;
    if (len)
        *len = (size_t)PQgetlength(d->res[id], d->row[id], col);
    return PQgetvalue(d->res[id], d->row[id], col);
}

static int pg_int(idx_db *db, int id, int col, int64_t *out)
{
    pg_db *d = (pg_db *)db;
    if (PQgetisnull(d->res[id], d->row[id], col))
        return 0;
    *out = strtoll(PQgetvalue(d->res[id], d->row[id], col), NULL, 10);
    return 1;
}

static const struct idx_ops pg_ops = {pg_close, pg_exec, pg_prepare, pg_run,
                                      pg_next,  pg_text, pg_int};

idx_db *idx_pg_open(const char *conninfo, char *err, size_t errlen)
{
    pg_db *d = calloc(1, sizeof *d);
    const char *enc;
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    d->base.ops = &pg_ops;
    d->base.pg = 1;
    d->c = PQconnectdb(conninfo);
    if (PQstatus(d->c) != CONNECTION_OK) {
        snprintf(err, errlen, "%s", PQerrorMessage(d->c));
        err[strcspn(err, "\n")] = '\0';
        pg_close(&d->base);
        return NULL;
    }
    enc = PQparameterStatus(d->c, "server_encoding");
    d->utf8 = !enc || strcmp(enc, "SQL_ASCII") != 0;
    /* no conversion: bytes go as they are, checked only by a UTF-8 database */
    if (pg_exec(&d->base, d->utf8 ? "SET client_encoding = 'UTF8'"
                                  : "SET client_encoding = 'SQL_ASCII'") != 0 ||
        pg_exec(&d->base, "SET client_min_messages = warning") != 0) {
        snprintf(err, errlen, "%s", d->base.err);
        pg_close(&d->base);
        return NULL;
    }
    return &d->base;
}
#endif
