/* store.h -- rows from the correlator's messages and sessions, and from
 * unparsed lines (the writer load.c drives). */
#ifndef MAILLOG_INDEX_STORE_H
#define MAILLOG_INDEX_STORE_H

#include <maillog.h>
#include <maillog_correlate.h>

#include "db.h"
#include "load.h"

typedef struct idx_writer {
    idx_db *db;
    const char *label;
    idx_stats *st;
    long batch, pending; /* rows a transaction holds; rows written in this one */
    int failed;          /* a database error was printed */
    int replayed;        /* open messages' lines were read again (load.c) */
    char *scratch;       /* lower-cased addresses, joined queue ids */
    size_t scratch_cap;
    /* the file being read: unparsed lines are keyed by its id and their
     * line number in it (record line number - line_base) */
    int64_t file_id;
    long long line_base;
} idx_writer;

/* 64-bit hash of n bytes, continuing from h (0 to start). */
uint64_t idx_hash(uint64_t h, const void *p, size_t n);

int idx_store_message(void *user, const maillog_message *m);
int idx_store_session(void *user, const maillog_session *s);
/* An unparsed record: 0, or -1 after a database error. */
int idx_store_unparsed(idx_writer *w, const maillog_record *rec);

/* Count a row; past the batch, commit and begin again: 0 or -1. */
int idx_tick(idx_writer *w);

/* Print a database error once (and remember it): returns -1. */
int idx_fail(idx_writer *w, const char *what);

#endif
