/* rows.h -- what the dialects of the Windows MTAs' own files share: files
 * of one row per SMTP step (a command, a reply) with a stamp of the
 * MTA's own.  Exchange's protocol logs and MailEnable's activity and W3C
 * logs read their rows with these, so that the words of an SMTP
 * conversation mean the same in every unit:
 *
 *   ml_day      the day of the last stamp, so a row of the same day skips
 *               the date checks and the calendar arithmetic
 *   ml_rows_*   a reply ("250 ...") and a command's address (MAIL FROM:,
 *               RCPT TO:) in a span of the line */
#ifndef ML_ROWS_H
#define ML_ROWS_H

#include "core/internal.h"

typedef struct ml_day {
    int32_t y, mo, d; /* 0: none yet */
    int64_t sec;      /* its midnight, UTC seconds */
} ml_day;

/* The midnight of y-mo-d in *sec (through the cache c): 1, or 0 when the
 * date does not exist. */
ML_HIDDEN int ml_day_sec(ml_day *c, int32_t y, int32_t mo, int32_t d, int64_t *sec);

/* ml_dialect.field_key of a dialect whose attributes are columns
 * (attr_next), not key=value pairs: no key is a field. */
ML_HIDDEN int ml_rows_field_key(const char *k, uint32_t n);

/* n decimal digits at s: 1 with the value, or 0. */
ML_HIDDEN int ml_rows_digits(const char *s, uint32_t n, int32_t *v);

/* [a,b) is an SMTP reply: three digits alone or followed by ' ', '-' or
 * (with plus) '+', the space of a W3C log. */
ML_HIDDEN int ml_rows_is_reply(const char *s, uint32_t a, uint32_t b, int plus);

/* "MAIL FROM:<a> ..." or "RCPT TO:<b> ..." in [a,b) (any case, spaces
 * after the colon): sets from or to, without the brackets, and returns
 * MAILLOG_F_FROM or MAILLOG_F_TO; -1 when it is another command. */
ML_HIDDEN int ml_rows_command(maillog_record *r, uint32_t a, uint32_t b);

#endif
