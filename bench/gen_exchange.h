/* gen_exchange.h -- what the two files of the Exchange log generator
 * share (`make bench`'s gen-exchange):
 *
 *   gen_exchange.c       the writer (header blocks, CSV rows, CRLF), the
 *                        clock and random numbers, the messages, the
 *                        traffic mix and main
 *   gen_exchange_rows.c  one function per event row (RECEIVE, SEND, ...)
 *
 * The columns are the 30 of Exchange 2016/2019 (docs formats-windows.md
 * 1.5), in their #Fields order. */
#ifndef GEN_EXCHANGE_H
#define GEN_EXCHANGE_H

#include <stddef.h>

#define NCOL    30
#define TS      48 /* room for a stamp */
#define SCHEMA  "15.02.1544.004"
#define DOMAIN  "contoso.com"
#define HOST    "EX01"
#define HOST_IP "10.0.0.5"

enum { C_TIME, C_CIP, C_CHOST, C_SIP, C_SHOST, C_CONTEXT, C_CONNECTOR, C_SOURCE, C_EVENT,
       C_IID, C_MSGID, C_NETID, C_RCPT, C_RSTATUS, C_BYTES, C_NRCPT, C_RELATED, C_REF,
       C_SUBJECT, C_SENDER, C_RETPATH, C_INFO, C_DIR, C_TENANT, C_OCIP, C_OSIP, C_CUSTOM,
       C_TRAFFIC, C_LOGID, C_SCHEMA };

/* Where a message comes from and goes to. */
enum { GX_INBOUND, GX_OUTBOUND, GX_INTERNAL };

typedef struct gx_msg {
    unsigned long long iid; /* internal-message-id on this server */
    unsigned long long t0;  /* when it arrived (ms) */
    char msgid[96], netid[40], sender[80], subject[128], size[16], nrcpt[8];
    char rcpt[512]; /* ';'-separated */
    unsigned nr;    /* recipients */
    int kind;       /* GX_* */
} gx_msg;

/* gen_exchange.c */
extern unsigned long long gx_now; /* the log's clock, ms since the epoch */
unsigned gx_rnd(unsigned n);
void gx_stamp(char *s, size_t n, unsigned long long ms);
void gx_guid(char *s, size_t n);
void gx_user(char *s, size_t n, int internal);
unsigned long long gx_next_iid(void); /* a new internal-message-id */
void gx_new_msg(gx_msg *m, int kind);
void gx_row(const char *const v[NCOL]); /* one row, quoted as RFC 4180 wants */

/* gen_exchange_rows.c: one row of the message's event each */
void gx_receive_smtp(const gx_msg *m); /* from the Internet, or from mailbox submission */
void gx_agentinfo(const gx_msg *m);
void gx_haredirect(const gx_msg *m);
void gx_expand(gx_msg *m); /* adds the group's members to m's recipients */
void gx_notifymapi(const gx_msg *m);
void gx_submit(const gx_msg *m);
void gx_receive_store(const gx_msg *m);
void gx_send(const gx_msg *m, int internal);
void gx_deliver(const gx_msg *m);
void gx_defer(const gx_msg *m);
void gx_fail_dsn(const gx_msg *m, const char *status, const char *source);

#endif
