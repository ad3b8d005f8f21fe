/* pmg.c -- Proxmox Mail Gateway's after-queue filter, pmg-smtp-filter,
 * which sits between two Postfix queues: Postfix delivers to it (on
 * 127.0.0.1:10024, answered "250 2.5.0 OK (LOGID)"), it logs under its
 * own LOGID, and re-injects accepted mail, logging the new Postfix queue
 * id: "LOGID: accept mail to <rcpt> (NEWQID) (rule: NAME)" (PMG's
 * PMG/RuleDB action code).  LOGID is kept as the line's queue id, so the
 * filter's lines make a message of their own, linked both ways on
 * evidence: the parent's reply names LOGID, the accept line names NEWQID. */
#include "mta/postfix/postfix.h"
#include "scan/scan.h"

/* "<addr>" at p: the address into to, the offset after '>' (p if none). */
static uint32_t angle_to(maillog_record *r, uint32_t p, uint32_t end)
{
    uint32_t e;
    if (p >= end || r->line[p] != '<' || (e = ml_angle_end(r->line, p, end)) >= end)
        return p;
    ml_set(r, MAILLOG_F_TO, p + 1, e - p - 1);
    return e + 1;
}

/* " (ID)" at p, an id of Postfix's shape: into new_queue_id. */
static void paren_id(maillog_record *r, uint32_t p, uint32_t end)
{
    uint32_t n;
    if (!ML_AT(r->line, p, end, " ("))
        return;
    n = ml_postfix_qid_len(r->line, p + 2, end);
    if (n && ML_AT(r->line, p + 2 + n, end, ")"))
        ml_set(r, MAILLOG_F_NEW_QUEUE_ID, p + 2, n);
}

int ml_postfix_pmg_line(maillog_record *r)
{
    const char *s = r->line;
    uint32_t p = r->f[MAILLOG_F_BODY].off, end = r->len, n = p, q;
    while (n < end && ml_is((unsigned char)s[n], ML_C_ALNUM))
        n++;
    r->event = MAILLOG_EV_NOTICE; /* start-up, SA scores, statistics */
    if (n == p || n - p > 32 || !ML_AT(s, n, end, ": "))
        return 1;
    ml_set(r, MAILLOG_F_QUEUE_ID, p, n - p);
    q = n + 2;
    if (ML_AT(s, q, end, "accept mail to ")) {
        r->event = MAILLOG_EV_DELIVERY;
        r->status = MAILLOG_STATUS_SENT;
        ml_set(r, MAILLOG_F_ACTION, q, 6);
        paren_id(r, angle_to(r, q + 15, end), end);
    } else if (ML_AT(s, q, end, "block mail to ")) {
        r->event = MAILLOG_EV_DELIVERY;
        r->status = MAILLOG_STATUS_DISCARDED;
        ml_set(r, MAILLOG_F_ACTION, q, 5);
        angle_to(r, q + 14, end);
    } else if (ML_AT(s, q, end, "moved mail for ")) { /* to a quarantine */
        r->event = MAILLOG_EV_DELIVERY;
        r->status = MAILLOG_STATUS_HELD;
        ml_set(r, MAILLOG_F_ACTION, q, 5);
        angle_to(r, q + 15, end);
    } else if (ML_AT(s, q, end, "processing time: ")) { /* the filter is done */
        r->event = MAILLOG_EV_REMOVED;
    } else if (ML_AT(s, q, end, "new mail message-id=")) {
        ml_postfix_message_id(r, q + 20, end);
    }
    return 1;
}

void ml_postfix_filter_reply(maillog_record *r)
{
    /* "250 2.5.0 OK (LOGID)": the filter's own id, in parentheses */
    uint32_t a = r->f[MAILLOG_F_REPLY].off, e = ML_SPAN_END(r, MAILLOG_F_REPLY), b;
    if (e - a < 12 || r->line[e - 1] != ')')
        return;
    for (b = e - 1; b > a && r->line[b - 1] != '('; b--)
        ;
    if (b >= a + 4 && ML_AT(r->line, b - 4, e, "OK (") &&
        ml_postfix_qid_len(r->line, b, e - 1) == e - 1 - b)
        ml_set(r, MAILLOG_F_NEW_QUEUE_ID, b, e - 1 - b);
}
