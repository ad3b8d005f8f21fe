/* sqlite.c -- the SQLite backend of db.h: one file in WAL mode, so that
 * maillog-trace reads while maillog-index writes; a busy writer is waited
 * for rather than failed. */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HAVE_SQLITE
idx_db *idx_sqlite_open(const char *path, char *err, size_t errlen)
{
    (void)path;
    snprintf(err, errlen, "this build has no SQLite support (install libsqlite3-dev and "
                          "rebuild)");
    return NULL;
}
#else
#include <sqlite3.h>

typedef struct sq_db {
    idx_db base;
    sqlite3 *h;
    sqlite3_stmt *st[IDX_MAX_STMTS];
} sq_db;

static int sq_fail(sq_db *d)
{
    snprintf(d->base.err, sizeof d->base.err, "%s", sqlite3_errmsg(d->h));
    return -1;
}

static void sq_close(idx_db *db)
{
    sq_db *d = (sq_db *)db;
    int i;
    for (i = 0; i < IDX_MAX_STMTS; i++)
        sqlite3_finalize(d->st[i]);
    sqlite3_close(d->h);
    free(d);
}

static int sq_exec(idx_db *db, const char *sql)
{
    sq_db *d = (sq_db *)db;
    return sqlite3_exec(d->h, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : sq_fail(d);
}

static int sq_prepare(idx_db *db, int id, const char *sql)
{
    sq_db *d = (sq_db *)db;
    sqlite3_finalize(d->st[id]);
    d->st[id] = NULL;
    return sqlite3_prepare_v2(d->h, sql, -1, &d->st[id], NULL) == SQLITE_OK ? 0 : sq_fail(d);
}

static int sq_run(idx_db *db, int id, const idx_val *v, int n, long *changes)
{
    sq_db *d = (sq_db *)db;
    sqlite3_stmt *st = d->st[id];
    int i, rc;
    sqlite3_reset(st);
    for (i = 0; i < n; i++) {
        if (v[i].type == IDX_TEXT)
            rc = sqlite3_bind_text(st, i + 1, v[i].s, (int)v[i].n, SQLITE_STATIC);
        else if (v[i].type == IDX_INT)
            rc = sqlite3_bind_int64(st, i + 1, v[i].i);
        else
            rc = sqlite3_bind_null(st, i + 1);
        if (rc != SQLITE_OK)
            return sq_fail(d);
    }
    if (sqlite3_column_count(st) > 0) /* rows: read with sq_next */
        return 0;
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_fail(d);
    if (changes)
        *changes = sqlite3_changes(d->h);
    sqlite3_reset(st);
    return 0;
}

static int sq_next(idx_db *db, int id)
{
    sq_db *d = (sq_db *)db;
    int rc = sqlite3_step(d->st[id]);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE) {
        sqlite3_reset(d->st[id]);
        return 0;
    }
    return sq_fail(d);
}

static const char *sq_text(idx_db *db, int id, int col, size_t *len)
{
    sq_db *d = (sq_db *)db;
    const char *s;
    if (sqlite3_column_type(d->st[id], col) == SQLITE_NULL)
        return NULL;
    s = (const char *)sqlite3_column_text(d->st[id], col);
    if (len)
        *len = (size_t)sqlite3_column_bytes(d->st[id], col);
    return s ? s : "";
}

static int sq_int(idx_db *db, int id, int col, int64_t *out)
{
    sq_db *d = (sq_db *)db;
    if (sqlite3_column_type(d->st[id], col) == SQLITE_NULL)
        return 0;
    *out = sqlite3_column_int64(d->st[id], col);
    return 1;
}

static const struct idx_ops sq_ops = {sq_close, sq_exec, sq_prepare, sq_run,
                                      sq_next,  sq_text, sq_int};

idx_db *idx_sqlite_open(const char *path, char *err, size_t errlen)
{
    sq_db *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    d->base.ops = &sq_ops;
    if (sqlite3_open_v2(path, &d->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, d->h ? sqlite3_errmsg(d->h) : "cannot open");
        sqlite3_close(d->h);
        free(d);
        return NULL;
    }
    sqlite3_busy_timeout(d->h, 30000);
    /* WAL: readers and one writer at once; NORMAL: a crash may lose the
     * last transactions, never corrupt (re-running restores them) */
    /* 64 MiB of page cache: the indexes' pages stay in memory rather than
     * being read back from the file for each row (2 MiB by default, which
     * made loading four times slower); memory stays bounded by it.  16 KiB
     * pages (for a new file) cost a quarter less cpu than 4 KiB ones. */
    if (sq_exec(&d->base, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                          " PRAGMA cache_size=-65536") != 0) {
        snprintf(err, errlen, "%s: %s", path, d->base.err);
        sq_close(&d->base);
        return NULL;
    }
    return &d->base;
}
#endif
