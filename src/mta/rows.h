/* rows.h -- what the dialects of the Windows MTAs' own files share: files
 * of one row per SMTP step (a command, a reply) with a stamp of the
 * MTA's own.  Exchange's protocol logs and MailEnable's activity and W3C
 * logs read their rows with these, so that the words of an SMTP
 * conversation mean the same in every unit:
 *
 *   ml_day      the day of the last stamp, so a row of the same day skips
 *               the date checks and the calendar arithmetic
 *   ml_rows_*   a reply ("250 ...") and a command's address (MAIL FROM:,
 *               RCPT TO:) in a span of the line; the login name of an
 *               AUTH step, which the logs give in base64 as the client
 *               sent it (hMailServer, MailEnable) */
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

/* How ml_rows_login_name reads the base64 text of an AUTH step. */
enum {
    ML_LOGIN_NAME,  /* AUTH LOGIN's user name step: the whole text, no NUL */
    ML_LOGIN_PLAIN, /* AUTH PLAIN's "authzid NUL authcid NUL password":
                       the authcid (the authzid when it is empty) */
    ML_LOGIN_ANY    /* PLAIN when it has its two NULs, else a name */
};
#define ML_LOGIN_MAX 128 /* bytes of a decoded name kept */

/* The login name in the base64 text [a,b) of s, decoded into out (at
 * least ML_LOGIN_MAX bytes): its length, or 0 when [a,b) is no base64 of
 * a printable name of at most ML_LOGIN_MAX bytes (a masked "***",
 * "{blank}", a password step).  A PLAIN password is never copied. */
ML_HIDDEN uint32_t ml_rows_login_decode(const char *s, uint32_t a, uint32_t b, int how,
                                        char *out);

/* The login names of a few SMTP sessions, kept by a stream for the reply
 * that refuses a login, which names nobody (Exchange's 535 after its "*"
 * rows, MailEnable's password step after AUTH).  A session is the
 * record's session_id; the oldest slot is taken anew when all are used. */
#define ML_LOGIN_SLOTS  8
#define ML_LOGIN_ID_MAX 24 /* bytes of a session id kept (Exchange's are 16) */
typedef struct ml_login {
    uint32_t id_len, len; /* id_len 0: a free slot; len 0: no name yet */
    char id[ML_LOGIN_ID_MAX];
    char name[ML_LOGIN_MAX];
} ml_login;
typedef struct ml_logins {
    ml_login slot[ML_LOGIN_SLOTS];
    uint32_t next; /* the slot a new session takes */
} ml_logins;

/* The slot of r's session, or with take a new one (no name yet) when it
 * has none; NULL without a session_id that fits. */
ML_HIDDEN ml_login *ml_rows_login_of(ml_logins *t, const maillog_record *r, int take);

#endif
