/* parallel.h -- many files read on every core: each file read,
 * decompressed and parsed by a worker thread into batches of records,
 * the batches given to the tool's callback on the calling thread in the
 * order of a serial run (parallel.c says how). */
#ifndef MAILLOG_TOOL_PARALLEL_H
#define MAILLOG_TOOL_PARALLEL_H

#include "run.h"

/* Read files (already checked by tool_run) with up to o->threads workers,
 * giving each record to o->run_cb on this thread, file after file in the
 * given order, as tool_run's serial loop does.  Returns like tool_run (0,
 * 1 or 2); -1 when the threads could not be had and nothing was read (the
 * caller reads serially then). */
int tool_run_parallel(tool_opts *o, const char **files, int nfiles);

#endif
