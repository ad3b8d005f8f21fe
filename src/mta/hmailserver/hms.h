/* hms.h -- what the files of the hMailServer unit share.  hMailServer
 * (Windows) writes its own log files, hmailserver_YYYY-MM-DD.log, one
 * line per event, TAB-separated, without a syslog envelope:
 *
 *   "SMTPD"<TAB>thread<TAB>session<TAB>"local time"<TAB>"remote IP"<TAB>"text"
 *   "APPLICATION"<TAB>thread<TAB>"local time"<TAB>"text"
 *
 * (SMTPC, POP3D, POP3C and IMAPD as SMTPD; DEBUG, ERROR and TCPIP as
 * APPLICATION).  The text is not escaped: it may hold quotes and TABs, so
 * it is everything after the fixed columns, less its outer quotes.
 *
 *   line.c      the columns, the local stamp, sniff, parse dispatch,
 *               the attributes, the ml_dialect
 *   smtp.c      the SMTP conversations: SMTPD (a client talking to us),
 *               SMTPC (us delivering), and the POP3/IMAP logins
 *   delivery.c  the APPLICATION, DEBUG, TCPIP and ERROR vocabulary: a
 *               message's delivery attempts, and what the stream must
 *               remember to tie them together (hm_state)
 *
 * Nothing here allocates: the state is in the parser's memory. */
#ifndef ML_HMS_H
#define ML_HMS_H

#include "mta/dialect.h"
#include "mta/rows.h"
#include "scan/scan.h"

/* The type column (hm_line.kind). */
enum {
    HM_K_SMTPD = 1, /* session kinds: thread, session, time, IP, text */
    HM_K_SMTPC,
    HM_K_POP3D,
    HM_K_POP3C,
    HM_K_IMAPD,
    HM_K_APPLICATION, /* thread, time, text */
    HM_K_DEBUG,
    HM_K_ERROR,
    HM_K_TCPIP
};
#define HM_SESSION_KIND(k) ((k) <= HM_K_IMAPD)

/* One line split into its columns. */
typedef struct hm_line {
    int32_t kind;               /* HM_K_* */
    ml_span type, thread, session, time, ip, text;
    int64_t thread_n, session_n; /* session_n -1: no session column */
    int closed;                 /* the text's closing quote is there */
} hm_line;

/* What one SMTP session (SMTPD or SMTPC) said last: the command a reply
 * answers. */
enum { HM_C_NONE = 0, HM_C_HELO, HM_C_AUTH, HM_C_AUTH_USER, HM_C_AUTH_PASS, HM_C_MAIL,
       HM_C_RCPT, HM_C_DATA, HM_C_DOT, HM_C_QUIT, HM_C_OTHER };

#define HM_SESSIONS 32   /* sessions remembered at once (oldest reused) */
#define HM_THREADS  16   /* delivery threads remembered at once */
#define HM_SEEN     256  /* message ids whose first delivery attempt was seen */

typedef struct hm_session {
    int64_t id;     /* session id, -1: free */
    int64_t msg;    /* SMTPC: the message being delivered, -1: unknown */
    int64_t thread; /* SMTPC: the delivery thread that opened it */
    uint64_t used;  /* stream line number of its last line (for reuse) */
    int32_t last;   /* HM_C_*: the command the next reply answers */
    int32_t auth;   /* an AUTH LOGIN asked for the user name (334 seen) */
    uint32_t user_len;           /* SMTPD: the login name of its last AUTH */
    char user[ML_LOGIN_MAX];     /* (decoded), for the reply refusing it */
} hm_session;

/* A delivery thread's current attempt (APPLICATION "Delivering message"). */
#define HM_T_REMOTE 0x1u /* an SMTPC session or a relay route: not local */
#define HM_T_FAILED 0x2u /* a deferral, bounce or drop was logged */
#define HM_T_SENT   0x4u /* a remote server took the message */
#define HM_T_TEMP   0x8u /* a remote server refused something for a while (4xx) */
#define HM_T_PERM   0x10u /* a remote server refused something for good (5xx) */
typedef struct hm_thread {
    int64_t thread, msg; /* thread -1: free */
    uint32_t flags;      /* HM_T_* */
    uint64_t used;
} hm_thread;

typedef struct hm_state {
    int32_t day_y, day_mo, day_d; /* the day of the last stamp (0: none) */
    int64_t day_sec;
    uint64_t lines;               /* lines read (for least-recent reuse) */
    int open;                     /* the last line's text lacked its closing
                                     quote: a bare LF split it */
    hm_session ses[HM_SESSIONS];
    hm_thread thr[HM_THREADS];
    int64_t seen[HM_SEEN];
    uint32_t seen_pos;
} hm_state;

/* ------------------------------------------------------------ line.c */
/* A decimal number spanning [a, b) exactly: 1 with *v. */
ML_HIDDEN int ml_hm_number(const char *s, uint32_t a, uint32_t b, int64_t *v);

/* ------------------------------------------------------------ smtp.c */
/* An SMTPD, SMTPC, POP3D, POP3C or IMAPD line: 1 when understood. */
ML_HIDDEN int ml_hm_session_line(hm_state *st, maillog_record *r, const hm_line *l);

/* ------------------------------------------------------------ delivery.c */
/* An APPLICATION, DEBUG, ERROR or TCPIP line: 1 when understood. */
ML_HIDDEN int ml_hm_app_line(hm_state *st, maillog_record *r, const hm_line *l);
/* The session slot of id (found, or the least recently used one reset). */
ML_HIDDEN hm_session *ml_hm_session(hm_state *st, int64_t id);
/* The current attempt of a delivery thread, or NULL. */
ML_HIDDEN hm_thread *ml_hm_thread(hm_state *st, int64_t thread);

#endif
