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

/* exim.c: H= values (host, HELO, address, port) into the client's
 * (client) or the relay's fields, returning the offset after them; the
 * field letters of a line (arrival: an arrival's letters). */
uint32_t ml_exim_host(maillog_record *r, uint32_t v, uint32_t end, int client);
void ml_exim_fields(maillog_record *r, uint32_t p, uint32_t end, int arrival);

/* words.c: the vocabulary beyond arrivals and deliveries, for lines with
 * a message id (after it, at p) and without one; 1 when understood. */
int ml_exim_message_words(maillog_record *r, uint32_t p, uint32_t end);
int ml_exim_other_words(maillog_record *r, uint32_t p, uint32_t end);
/* session_end from the words of a session's last line */
void ml_exim_session_end(maillog_record *r, uint32_t p, uint32_t end);

/* session.c: rarer lines (ETRN, VRFY, PRDR, TLS certificates, taint and
 * expansion errors), tried last; 1 when understood. */
int ml_exim_session_words(maillog_record *r, uint32_t p, uint32_t end);

/* attempts.c: a cutthrough delivery's refusal, a host's error during a
 * delivery (with H= or, before 4.85, without); 1 when understood. */
int ml_exim_attempt_words(maillog_record *r, uint32_t p, uint32_t end);

/* sa.c: sa-exim's "SA: ..." lines; 1 when p starts one. */
int ml_exim_sa(maillog_record *r, uint32_t p, uint32_t end);

/* fragments.c: whether the stream is in a rejectlog's header dump (the
 * unstamped lines after "Envelope-from:"); state may be NULL. */
int ml_exim_dump(const void *state);
void ml_exim_set_dump(void *state, int on);
/* words.c: a line of that dump; 1 when it is one. */
int ml_exim_dump_line(void *state, maillog_record *r);

/* fragments.c: the line number of the last line of an entry in Exim's
 * own stamp or of its continuation (0: none); state may be NULL. */
uint64_t ml_exim_entry_line(const void *state);
void ml_exim_set_entry_line(void *state, uint64_t line_no);
/* continuation.c: whether r continues the entry before it (a mainlog's
 * lines that start with white space); the parse hook, which reads them
 * and otherwise calls ml_exim_parse_line (exim.c). */
int ml_exim_continues(const void *state, const maillog_record *r);
int ml_exim_parse(void *state, maillog_record *r);
int ml_exim_parse_line(void *state, maillog_record *r);

size_t ml_exim_join_size(uint32_t max_line);
void ml_exim_join_reset(void *state, uint32_t max_line);
int ml_exim_join_hold(maillog_parser *p, void *state, const char *line);
int ml_exim_join_flush(maillog_parser *p, void *state);

#endif
