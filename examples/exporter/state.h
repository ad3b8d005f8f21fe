/* state.h -- maillog-exporter's state file: the counters, and for each
 * followed file its identity (inode), the offset of the end of the last
 * line read, that line's hash and how many messages and sessions its
 * correlator had emitted.  Written to a temporary file, synced and
 * renamed over the old one, so that a crash leaves either the old state
 * or the new one, each consistent: the counters are those of the lines
 * before the offsets. */
#ifndef MAILLOG_EXPORTER_STATE_H
#define MAILLOG_EXPORTER_STATE_H

#include "follow.h"
#include "metrics.h"

/* 0, or -1 after printing why not. */
int ex_state_save(const char *path, const ex_metrics *m, ex_source *src, int n);

/* Load a state file into m (which must be empty) and resume each source
 * named in it (ex_source_resume).  0 when there is none yet or it was
 * loaded; -1 when it cannot be read or is not one (printed). */
int ex_state_load(const char *path, ex_metrics *m, ex_source *src, int n);

#endif
