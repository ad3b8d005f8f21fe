/* db.h -- the two databases maillog-index writes, behind one small
 * interface: SQLite (sqlite.c) for a file name, PostgreSQL (pg.c, through
 * libpq) for a postgresql:// or postgres:// connection string.  Statements
 * are written once, with ? placeholders (pg.c numbers them $1, $2, ...),
 * in the SQL both understand (INSERT ... ON CONFLICT ... DO UPDATE). */
#ifndef MAILLOG_INDEX_DB_H
#define MAILLOG_INDEX_DB_H

#include <stddef.h>
#include <stdint.h>

typedef struct idx_db idx_db;

/* A parameter: NULL, text (s, n bytes) or an integer. */
enum { IDX_NULL, IDX_TEXT, IDX_INT };
typedef struct idx_val {
    int type;
    const char *s;
    size_t n;
    int64_t i;
} idx_val;

/* Statement slots (idx_db_prepare's id). */
#define IDX_MAX_STMTS 24

/* 1 when spec names a PostgreSQL database. */
int idx_db_is_pg_spec(const char *spec);

/* Open (an SQLite file is created).  NULL with the reason in err. */
idx_db *idx_db_open(const char *spec, char *err, size_t errlen);
void idx_db_close(idx_db *db);
int idx_db_is_pg(const idx_db *db);
/* The last error's text. */
const char *idx_db_error(const idx_db *db);

/* Run statements without parameters (several, ;-separated): 0 or -1. */
int idx_db_exec(idx_db *db, const char *sql);
/* Prepare sql in slot id (replacing what it held): 0 or -1. */
int idx_db_prepare(idx_db *db, int id, const char *sql);
/* Run a prepared statement; *changes (may be NULL) gets the rows it wrote.
 * A statement that returns rows is read with idx_db_next: 0 or -1. */
int idx_db_run(idx_db *db, int id, const idx_val *v, int n, long *changes);
/* The next row of the statement run last in slot id: 1, 0 at the end, -1. */
int idx_db_next(idx_db *db, int id);
/* Column col of the current row: NULL when it is NULL. */
const char *idx_db_text(idx_db *db, int id, int col, size_t *len);
/* 1 and *out, or 0 when NULL. */
int idx_db_int(idx_db *db, int id, int col, int64_t *out);

/* The backends (sqlite.c, pg.c), each behind its own build flag. */
struct idx_ops {
    void (*close)(idx_db *);
    int (*exec)(idx_db *, const char *);
    int (*prepare)(idx_db *, int, const char *);
    int (*run)(idx_db *, int, const idx_val *, int, long *);
    int (*next)(idx_db *, int);
    const char *(*text)(idx_db *, int, int, size_t *);
    int (*get_int)(idx_db *, int, int, int64_t *);
};

struct idx_db {
    const struct idx_ops *ops;
    int pg;
    char err[512];
};

idx_db *idx_sqlite_open(const char *path, char *err, size_t errlen);
idx_db *idx_pg_open(const char *conninfo, char *err, size_t errlen);

#endif
