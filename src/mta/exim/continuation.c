/* continuation.c -- Exim's mainlog writes a multi-line entry as its first
 * line, with the stamp, and continuation lines that start with white space
 * (" Suggested action: ..." after a warning); through syslog the same
 * entry comes as "[i/m] " fragments, joined in fragments.c.
 *
 * Design: the stream's Exim state remembers the line number of the last
 * line that continues an entry: an entry in Exim's own stamp that Exim
 * parsed, or a continuation of one.  A line is a continuation only when it
 * comes right after such a line (line number + 1), has no stamp and no
 * syslog tag, and starts with a space or a tab; so such lines are claimed
 * in no other format and after no other line (a rejectlog's header dump,
 * whose folded headers also start with white space, is read before this).
 * Each continuation is a record of its own, a notice with the text in its
 * body, as a syslog fragment that comes alone: joining the lines would
 * mean holding every entry until the next line comes, delaying every
 * record of a followed log by one line. */
#include "mta/exim/exim.h"

int ml_exim_continues(const void *state, const maillog_record *r)
{
    const ml_span *b = &r->f[MAILLOG_F_BODY];
    uint64_t last = ml_exim_entry_line(state);
    if (!last || r->line_no != last + 1 || ml_has(r, MAILLOG_F_PROGRAM) ||
        (r->flags & (MAILLOG_REC_HAS_TIME | ML_REC_NATIVE_STAMP)))
        return 0;
    /* the body at the line's start: the envelope took nothing away */
    return b->off == 0 && b->len > 1 && (r->line[0] == ' ' || r->line[0] == '\t');
}

int ml_exim_parse(void *state, maillog_record *r)
{
    int ok;
    if (ml_exim_continues(state, r)) {
        r->event = MAILLOG_EV_NOTICE;
        ml_exim_set_entry_line(state, r->line_no);
        return 1;
    }
    ok = ml_exim_parse_line(state, r);
    ml_exim_set_entry_line(state, ok && (r->flags & ML_REC_NATIVE_STAMP) &&
                                          !ml_has(r, MAILLOG_F_PROGRAM)
                                      ? r->line_no
                                      : 0);
    return ok;
}
