/* readahead.h -- decompress a file on a second thread while the parser
 * works on the bytes before (readahead.c says why and when). */
#ifndef MAILLOG_TOOL_READAHEAD_H
#define MAILLOG_TOOL_READAHEAD_H

#include <pthread.h>

#include "input.h"

#define TOOL_RA_SLOTS 4
#define TOOL_RA_SIZE (1u << 17)

typedef struct tool_ra {
    tool_in *in;              /* the reader thread's alone until joined */
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;        /* signalled whenever head, tail or stop change */
    unsigned long head, tail; /* blocks filled and blocks given back */
    int stop;                 /* the consumer is done: the reader ends */
    long n[TOOL_RA_SLOTS];    /* each block's bytes: 0 at the end, -1 on an error */
    long long off[TOOL_RA_SLOTS]; /* compressed bytes read when the block was */
    char err[256];            /* with n == -1 */
    char *buf;                /* TOOL_RA_SLOTS blocks of TOOL_RA_SIZE bytes */
} tool_ra;

/* Start reading in on a thread: 0, or -1 when no thread could be had (the
 * caller reads in itself then; nothing was read). */
int tool_ra_start(tool_ra *ra, tool_in *in);

/* The next block, in order: its bytes (*n: 0 at the end, -1 on an error,
 * with the reason in err) and the compressed offset after it.  Give it back
 * with tool_ra_done() before asking for the next. */
const char *tool_ra_next(tool_ra *ra, long *n, long long *off, char *err, size_t errlen);

void tool_ra_done(tool_ra *ra);

/* Stop the reader, wherever it is, and wait for it.  in is the caller's
 * again afterwards. */
void tool_ra_end(tool_ra *ra);

#endif
