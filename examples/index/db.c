/* db.c -- the database interface's dispatch (db.h). */
#include "db.h"

#include <stdio.h>
#include <string.h>

int idx_db_is_pg_spec(const char *spec)
{
    return strncmp(spec, "postgresql://", 13) == 0 || strncmp(spec, "postgres://", 11) == 0;
}

idx_db *idx_db_open(const char *spec, char *err, size_t errlen)
{
    if (idx_db_is_pg_spec(spec))
        return idx_pg_open(spec, err, errlen);
    return idx_sqlite_open(spec, err, errlen);
}

void idx_db_close(idx_db *db)
{
    if (db)
        db->ops->close(db);
}

int idx_db_is_pg(const idx_db *db)
{
    return db->pg;
}

const char *idx_db_error(const idx_db *db)
{
    return db->err;
}

int idx_db_exec(idx_db *db, const char *sql)
{
    return db->ops->exec(db, sql);
}

int idx_db_prepare(idx_db *db, int id, const char *sql)
{
    if (id < 0 || id >= IDX_MAX_STMTS) {
        snprintf(db->err, sizeof db->err, "statement slot %d out of range", id);
        return -1;
    }
    return db->ops->prepare(db, id, sql);
}

int idx_db_run(idx_db *db, int id, const idx_val *v, int n, long *changes)
{
    return db->ops->run(db, id, v, n, changes);
}

int idx_db_next(idx_db *db, int id)
{
    return db->ops->next(db, id);
}

const char *idx_db_text(idx_db *db, int id, int col, size_t *len)
{
    return db->ops->text(db, id, col, len);
}

int idx_db_int(idx_db *db, int id, int col, int64_t *out)
{
    return db->ops->get_int(db, id, col, out);
}
