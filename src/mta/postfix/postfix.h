/* postfix.h -- the parts of the Postfix unit shared between its files and
 * with its tests.  The unit keeps one family of lines to a file, so that a
 * daemon's format is read in one place:
 *   postfix.c   the dialect's hooks, and the dispatch of every body
 *   queue_id.c  queue ids, with their SIMD path
 *   kv.c        key=value pairs, the fast delivery and qmgr paths, and the
 *               setters other lines share (status, relay, delays, reply)
 *   queue.c     lines after a queue id: notifications, delivery errors,
 *               queue administration
 *   smtpd.c     lines without one: smtpd, postscreen, TLS, anvil, master,
 *               diagnostics, and the access actions both kinds carry
 *   pmg.c       Proxmox's after-queue filter between two Postfix queues
 * Every line passes parse_body, where a call to another file costs about
 * 1.5% of extraction: so the lines every message has are read in postfix.c
 * itself, and the queue id test below is inline. */
#ifndef ML_MTA_POSTFIX_H
#define ML_MTA_POSTFIX_H

#include "mta/dialect.h"
#include "scan/scan.h"

/* ---- queue_id.c */
/* Length of the queue id at p, or 0 (the shapes: queue_id.c). */
ML_HIDDEN uint32_t ml_postfix_qid_len(const char *s, uint32_t p, uint32_t end);

/* Queue id at p followed by ": " (or NOQUEUE). */
static inline uint32_t ml_postfix_queue_id(const char *s, uint32_t p, uint32_t end,
                                           int *is_noqueue)
{
    uint32_t n;
    *is_noqueue = 0;
    if (ML_AT(s, p, end, "NOQUEUE: ")) {
        *is_noqueue = 1;
        return 7;
    }
    n = ml_postfix_qid_len(s, p, end);
    return n && ML_AT(s, p + n, end, ": ") ? n : 0;
}

/* A new queue id at the end of the reply [off,end), after "queued as " or
 * "forwarded as ", into the new_queue_id field. */
ML_HIDDEN void ml_postfix_handoff(maillog_record *r, uint32_t off, uint32_t end);

/* ---- kv.c */
/* The dialect's field_key hook. */
ML_HIDDEN int ml_postfix_field_key(const char *key, uint32_t len);

/* Pairs from p: the general walk, and the fixed orders of the delivery
 * and qmgr from= lines (0, r untouched, for any other shape). */
ML_HIDDEN void ml_postfix_kv_fields(maillog_record *r, uint32_t p, uint32_t end);
ML_HIDDEN int ml_postfix_delivery_fast(maillog_record *r, uint32_t p, uint32_t end);
ML_HIDDEN int ml_postfix_queued_fast(maillog_record *r, uint32_t p, uint32_t end);

/* host[addr]:port at p into the relay fields, or the client's: the offset
 * after it, or p when there is none. */
ML_HIDDEN uint32_t ml_postfix_hostaddr(maillog_record *r, uint32_t p, uint32_t end, int relay);

/* The reply [off,end): with its codes, and its SMTP stage when it names one. */
ML_HIDDEN void ml_postfix_set_reply(maillog_record *r, uint32_t off, uint32_t end);

/* ---- queue.c */
/* A line after "QID: " (or "NOQUEUE: ") other than those postfix.c reads
 * itself: 1 when understood. */
ML_HIDDEN int ml_postfix_queue_other(maillog_record *r, uint32_t p, uint32_t end);

/* A message-id value [v,end): the rest of the line, since message ids may
 * hold spaces or RFC 2047 junk, without its angle brackets. */
static inline void ml_postfix_message_id(maillog_record *r, uint32_t v, uint32_t end)
{
    if (end > v && r->line[v] == '<' && r->line[end - 1] == '>') {
        v++;
        end--;
    }
    r->event = MAILLOG_EV_MESSAGE_ID;
    ml_set(r, MAILLOG_F_MESSAGE_ID, v, end - v);
}

/* ---- pmg.c */
/* A pmg-smtp-filter line (body at the body field): always understood. */
ML_HIDDEN int ml_postfix_pmg_line(maillog_record *r);
/* A sent delivery's reply "... OK (ID)": the filter's id, as the hand-off. */
ML_HIDDEN void ml_postfix_filter_reply(maillog_record *r);

/* ---- smtpd.c */
/* A line without a queue id: 1 when understood. */
ML_HIDDEN int ml_postfix_plain_line(maillog_record *r, uint32_t p, uint32_t end);

/* "ACTION: ..." at p, with or without a queue id: 1 when it is one. */
ML_HIDDEN int ml_postfix_access_action(maillog_record *r, uint32_t p, uint32_t end);

/* The text after a severity prefix that no other reader took. */
ML_HIDDEN void ml_postfix_diagnostic(maillog_record *r, uint32_t p, uint32_t end);

#endif
