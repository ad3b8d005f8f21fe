/* exim.h -- the parts of the Exim unit shared between its files. */
#ifndef ML_MTA_EXIM_H
#define ML_MTA_EXIM_H

#include "mta/dialect.h"

/* Syslog splits a long or multi-line Exim entry into "[i/m] " fragments:
 * the parse notes where the mark and the text are (fragment i of m, nl:
 * split at a newline), and the stream's hold hook joins them
 * (fragments.c). */
static inline void ml_exim_fragment_note(maillog_record *r, uint32_t mark, uint32_t text,
                                         uint32_t i, uint32_t m, int nl)
{
    r->note[0] = mark;
    r->note[1] = text;
    r->note[2] = i | m << 16;
    r->note[3] = (uint32_t)nl;
}

size_t ml_exim_join_size(uint32_t max_line);
void ml_exim_join_reset(void *state, uint32_t max_line);
int ml_exim_join_hold(maillog_parser *p, void *state, const char *line);
int ml_exim_join_flush(maillog_parser *p, void *state);

#endif
