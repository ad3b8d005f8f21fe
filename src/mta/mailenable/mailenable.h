/* mailenable.h -- what the files of the MailEnable unit share.
 * MailEnable (Windows) writes, per service and local day, an activity log
 * (SMTP-Activity-YYMMDD.log: one TAB-separated row per SMTP step, a
 * "[stamp]*** LOG FILE STARTED ***" marker where the service started) and
 * a W3C variant of it (ex*.log: space-separated, its columns named by a
 * "#Fields:" header).  Both carry the same columns, so both are read into
 * one row of column spans and mapped by one function:
 *
 *   activity.c   the activity log: sniff, its 12 columns, the marker
 *   w3c.c        the W3C log: its header (the stream's state), its rows
 *   step.c       a row's columns into a record: the SMTP step and its
 *                reply, sessions by socket, messages by .MAI file name
 *   mailenable.c the stamp, parse dispatch, attributes, the ml_dialect
 *
 * Times are local (no zone in either file): MAILLOG_OPT_DEFAULT_OFFSET
 * gives the zone.  Nothing here allocates; values are spans of the line. */
#ifndef ML_MAILENABLE_H
#define ML_MAILENABLE_H

#include "mta/dialect.h"
#include "mta/rows.h"
#include "scan/scan.h"

/* The columns this unit knows; their W3C names are ml_me_names[]. */
enum {
    ME_C_OTHER = 0, /* a W3C column it does not know: an attribute */
    ME_C_DATE,      /* W3C date, YYYY-MM-DD */
    ME_C_TIME,      /* W3C time, HH:MM:SS */
    ME_C_STAMP,     /* activity: MM/DD/YY HH:MM:SS */
    ME_C_AGENT,     /* SMTP-IN, SMTP-OU, IMAP-IN, POP3-IN */
    ME_C_FILE,      /* the message file, <32 hex>.MAI */
    ME_C_SOCKET,    /* the local socket number (W3C: s-port) */
    ME_C_IP,        /* the remote address */
    ME_C_VERB,      /* the command verb (CONN, DATE: outbound's own) */
    ME_C_DETAILS,   /* the command line */
    ME_C_RESPONSE,  /* the reply's first line */
    ME_C_SENT,      /* bytes sent for this step */
    ME_C_RECEIVED,  /* bytes received */
    ME_C_USER,      /* the authenticated account */
    ME_C_SUBJECT,   /* the message's subject (outbound) */
    ME_C_ACCOUNT,   /* W3C: the post office (domain) */
    ME_C_SERVER_IP, /* W3C s-ip */
    ME_C_COMPUTER,  /* W3C s-computername */
    ME_C_TIME_TAKEN, /* W3C time-taken (POP, IMAP) */
    ME_C_COUNT
};

#define ME_MAXCOL 32  /* columns kept (a row's mask of used columns fits 32 bits) */
#define ME_NAMES  512 /* bytes for the names of W3C columns this unit does not know */

/* What a record was read as (maillog_record.note[1]). */
#define ME_FMT_NONE     0 /* a marker or header line: no columns */
#define ME_FMT_ACTIVITY 1
#define ME_FMT_W3C      2 /* with the stream's #Fields of generation note[2] */

typedef struct me_state {
    ml_day day;      /* the day of the last stamp */
    /* the login name an inbound AUTH gave on a socket (session_id), for
     * the row that refuses its password (which names it only when
     * MailEnable does) */
    ml_logins logins;
    int32_t w3c;     /* a MailEnable W3C header was seen */
    uint32_t ncol;   /* columns the last #Fields declared (0: none) */
    uint32_t gen;    /* +1 at every #Fields */
    uint32_t nnames; /* bytes of names[] used */
    uint8_t col[ME_MAXCOL];
    uint16_t name_off[ME_MAXCOL], name_len[ME_MAXCOL];
    char names[ME_NAMES];
} me_state;

/* A row split into its values, and which column holds each known one. */
typedef struct me_row {
    ml_span v[ME_MAXCOL];
    uint32_t n;
    const uint8_t *col; /* ME_C_* of each value */
    uint32_t ncol;      /* entries of col */
    int32_t idx[ME_C_COUNT]; /* -1: absent */
    uint32_t used;           /* bit i: value i became a field (or is hidden) */
} me_row;

/* ------------------------------------------------------------ mailenable.c */
ML_HIDDEN extern const ml_word ml_me_names[ME_C_COUNT + 1];
/* A local stamp (y m d h mi s) into r's time, [a,b) its text. */
ML_HIDDEN int ml_me_time(me_state *st, maillog_record *r, int32_t y, int32_t mo, int32_t d,
                         int32_t h, int32_t mi, int32_t sec, uint32_t a, uint32_t b);
/* Split [p,end) at sep into row (at most ME_MAXCOL values kept); returns
 * the number of values, counting past ME_MAXCOL. */
ML_HIDDEN uint32_t ml_me_split(const char *s, uint32_t p, uint32_t end, char sep, me_row *row);
/* idx of row from its col[]. */
ML_HIDDEN void ml_me_index(me_row *row);

/* ------------------------------------------------------------ activity.c */
ML_HIDDEN extern const uint8_t ml_me_activity_cols[12];
ML_HIDDEN int ml_me_activity_sniff(const char *s, uint32_t end);
ML_HIDDEN int ml_me_activity(me_state *st, maillog_record *r, me_row *row);

/* ------------------------------------------------------------ w3c.c */
ML_HIDDEN int ml_me_w3c_claim(const me_state *st, const char *s, uint32_t end);
ML_HIDDEN int ml_me_w3c_sniff(const me_state *st, const maillog_record *r);
ML_HIDDEN int ml_me_w3c_header(me_state *st, maillog_record *r);
ML_HIDDEN int ml_me_w3c(me_state *st, maillog_record *r, me_row *row);
/* The columns of a W3C record (the stream's, or the default ones). */
ML_HIDDEN const uint8_t *ml_me_w3c_cols(const me_state *st, const maillog_record *r,
                                        uint32_t *n);

/* ------------------------------------------------------------ step.c */
/* The row's columns into r's event, status and fields: 1 when understood.
 * The stream state keeps the login names of AUTH steps. */
ML_HIDDEN int ml_me_step(me_state *st, maillog_record *r, me_row *row);

#endif
