/* corr_collect.h -- what the correlator's suites share: messages and
 * sessions collected from the callbacks, and a data file run through a
 * parser and a correlator. */
#ifndef MAILLOG_CORR_COLLECT_H
#define MAILLOG_CORR_COLLECT_H

#include "tests.h"

#include <maillog_correlate.h>

typedef struct collect {
    textbuf t;
    int keep_text;
    int light; /* count only: the hostile streams emit a million messages */
    size_t messages, sessions, evicted, incomplete;
    int stop_every;
} collect;

/* The callbacks: each entry's JSON is checked valid, kept when keep_text,
 * and counted; a stop is asked every stop_every messages. */
int corr_on_msg(void *u, const maillog_message *m);
int corr_on_ses(void *u, const maillog_session *s);
/* tests/data/NAME.log line by line into corr (resuming after stops). */
void corr_run_file(const char *name, maillog_corr *corr, collect *out);

#endif
