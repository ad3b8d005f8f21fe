/* query.h -- maillog-trace --db: the messages maillog-index stored. */
#ifndef MAILLOG_INDEX_QUERY_H
#define MAILLOG_INDEX_QUERY_H

#include <stddef.h>

#include "../tool/trace.h"

/* The messages of db (an SQLite file, or postgresql://...) that f may
 * select, in the order they were stored, each marked matched as
 * trace_match says; with related, also the messages of their hand-off
 * families (not marked: trace_follow marks them).  0, or -1 with the reason
 * in err. */
int index_query(const char *db, const trace_filter *f, int related, trace_msg **msgs, size_t *n,
                char *err, size_t errlen);

#endif
