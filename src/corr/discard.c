/* discard.c -- recipients an MTA discards at RCPT before the message has
 * a queue id (ML_CORR_EARLY_DISCARDS).  The discard names the client and
 * the sender but no message; the message's own arrival, a moment later,
 * names no discarded recipient.  Without them a message whose every
 * recipient was discarded has none, and a message with one discarded
 * recipient of two counts one.  So the discard waits, a few at a time,
 * under the client's address and the sender, and the next arrival from
 * both takes it as a recipient, discarded.  Only an arrival within an
 * hour of it: a discard whose transaction never ended must not join a
 * later message of the same client and sender. */
#include "corr/message.h"

#define ML_PENDING_MAX_AGE 3600

static int fits(const char *p, size_t n, size_t cap) { return p && n < cap; }

int ml_corr_pending_discard(maillog_corr *c, const maillog_record *r, int64_t t)
{
    const char *ip, *from = "", *to, *reply = "";
    size_t ip_n, from_n = 0, to_n, reply_n = 0;
    ml_pending *q;
    if (!ml_rec_field(r, MAILLOG_F_CLIENT_IP, &ip, &ip_n) ||
        !ml_rec_field(r, MAILLOG_F_TO, &to, &to_n) || !to_n)
        return 0;
    ml_rec_field(r, MAILLOG_F_FROM, &from, &from_n);
    ml_rec_field(r, MAILLOG_F_REPLY, &reply, &reply_n);
    if (!fits(ip, ip_n, sizeof q->ip) || !fits(from, from_n, sizeof q->from) ||
        !fits(to, to_n, sizeof q->to))
        return 0; /* too long to keep: the recipient stays unknown */
    q = &c->pending[c->pending_next];
    c->pending_next = (c->pending_next + 1) % ML_PENDING_SLOTS;
    if (!q->used)
        c->npending++;
    q->used = 1;
    q->t = t;
    memcpy(q->ip, ip, ip_n);
    q->ip_n = (uint16_t)ip_n;
    if (from_n)
        memcpy(q->from, from, from_n);
    q->from_n = (uint16_t)from_n;
    memcpy(q->to, to, to_n);
    q->to_n = (uint16_t)to_n;
    q->reply_n = fits(reply, reply_n, sizeof q->reply) ? (uint16_t)reply_n : 0;
    if (q->reply_n)
        memcpy(q->reply, reply, reply_n);
    return 1;
}

/* The arrival r of m: every waiting discard of its client and sender. */
int ml_corr_take_discards(maillog_corr *c, maillog_message *m, const maillog_record *r,
                          int64_t t)
{
    const char *ip, *from = "";
    size_t ip_n, from_n = 0;
    uint32_t i;
    int err = MAILLOG_OK;
    if (!c->npending || !ml_rec_field(r, MAILLOG_F_CLIENT_IP, &ip, &ip_n))
        return MAILLOG_OK;
    ml_rec_field(r, MAILLOG_F_FROM, &from, &from_n);
    for (i = 0; i < ML_PENDING_SLOTS; i++) {
        ml_pending *q = &c->pending[i];
        ml_rcpt *rc;
        if (!q->used)
            continue;
        if (q->t > t || t - q->t > ML_PENDING_MAX_AGE) { /* out of date: gone */
            q->used = 0;
            c->npending--;
            continue;
        }
        if (q->ip_n != ip_n || memcmp(q->ip, ip, ip_n) != 0 || q->from_n != from_n ||
            (from_n && memcmp(q->from, from, from_n) != 0))
            continue;
        q->used = 0;
        c->npending--;
        if (ml_rcpt_find(m, q->to, q->to_n) < m->nrcpt)
            continue; /* discarded twice in one transaction */
        if (!(rc = ml_corr_new_rcpt(c, m, q->to, q->to_n))) {
            err = MAILLOG_E_NOMEM;
            continue;
        }
        rc->n[MAILLOG_RN_STATUS] = MAILLOG_STATUS_DISCARDED;
        rc->n[MAILLOG_RN_LAST_TIME] = q->t;
        if (q->reply_n && ml_str_copy(c, &m->e.arena, &rc->f[MAILLOG_R_REPLY], q->reply, q->reply_n))
            err = MAILLOG_E_NOMEM;
    }
    return err;
}

/* A new run of the log: nothing waits from the last one. */
void ml_corr_pending_clear(maillog_corr *c)
{
    memset(c->pending, 0, sizeof c->pending);
    c->pending_next = c->npending = 0;
}
