/* load.h -- maillog-index's loading: files read from their checkpoint,
 * through the parser and the correlator, into the database. */
#ifndef MAILLOG_INDEX_LOAD_H
#define MAILLOG_INDEX_LOAD_H

#include "../tool/run.h"
#include "db.h"

typedef struct idx_stats {
    unsigned long long lines, skipped_bytes, messages, written, recipients, sessions, unparsed;
    int resumed, replayed;
} idx_stats;

/* Index files (rotated sets in order; "-" standard input) into db, as
 * label.  0; 1 when a file could not be read whole (printed; the others
 * are indexed); 2 on a refused input or a database error (printed; the
 * run's last transaction is rolled back). */
int idx_load(tool_opts *o, idx_db *db, const char *label, long batch, const char **files,
             int nfiles, idx_stats *st);

#endif
