/* report_messages.c -- maillog-report's view of each correlated message:
 * its arrival (sender, size, client, instance) and what became of each
 * recipient (delivered, deferred, bounced, handed off, with delays). */
#include <maillog.h>
#include <maillog_correlate.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tool/tally.h"

#include "report_data.h"
#include "report_keys.h"

static int mfield(const maillog_message *m, int32_t f, const char **p, size_t *n)
{
    return rk_present(maillog_message_field(m, f, p, n), p, n);
}

static void on_arrival(report *r, const maillog_message *m, tally_ent *inst)
{
    const char *from = "";
    size_t fn = 0;
    int64_t size = 0, t;
    char key[512], dom[256];
    tally_ent *e;
    int sized = maillog_message_number(m, MAILLOG_MESSAGE_N_SIZE, &size) == 1;
    r->t.received++;
    if (inst)
        inst->v[I_RECEIVED]++;
    if (maillog_message_number(m, MAILLOG_MESSAGE_N_ARRIVAL, &t) == 1)
        rk_count_traffic(r, t, T_RECEIVED);
    if (!sized || !mfield(m, MAILLOG_MESSAGE_F_FROM, &from, &fn))
        return; /* as pflogsumm: senders are known from the queue manager's line */
    r->t.bytes_received += (uint64_t)size;
    if ((e = tally_gets(&r->senders, rk_addr_key(from, fn, key, sizeof key))) != NULL) {
        e->v[0]++;
        e->v[1] += (uint64_t)size;
    }
    rk_domain_of(from, fn, dom, sizeof dom);
    if (!dom[0]) { /* no domain: the client's, as pflogsumm does */
        const char *h = "", *ip = "";
        size_t hn = 0, in = 0;
        mfield(m, MAILLOG_MESSAGE_F_CLIENT_HOST, &h, &hn);
        mfield(m, MAILLOG_MESSAGE_F_CLIENT_IP, &ip, &in);
        if (hn && !(hn == 7 && !memcmp(h, "unknown", 7)))
            rk_span_str(dom, sizeof dom, h, hn);
        else if (in)
            rk_span_str(dom, sizeof dom, ip, in);
        else
            snprintf(dom, sizeof dom, "%s", rk_addr_key(from, fn, key, sizeof key));
    }
    if ((e = tally_gets(&r->sender_domains, dom)) != NULL) {
        e->v[0]++;
        e->v[1] += (uint64_t)size;
    }
}

/* A relay on this host, as the correlator keeps it: host[addr]:port. */
static int on_this_host(const char *relay, size_t n)
{
    const char *a = memchr(relay, '[', n);
    size_t an = a ? n - (size_t)(a + 1 - relay) : 0;
    if (!a)
        return n == 9 && memcmp(relay, "localhost", 9) == 0;
    a++;
    return (an >= 4 && memcmp(a, "127.", 4) == 0) || (an >= 4 && memcmp(a, "::1]", 4) == 0);
}

/* The reply names a queue id the mail got there ("queued as X"). */
static int memmem_queued(const char *p, size_t n)
{
    size_t i;
    for (i = 0; i + 10 <= n; i++)
        if (p[i] == 'q' && memcmp(p + i, "queued as ", 10) == 0)
            return 1;
    return 0;
}

static void on_recipient(report *r, const maillog_message *m, uint32_t i, int64_t size,
                         tally_ent *inst, int *deferred)
{
    const char *to = "", *reply = "", *relay = "", *dsn = "";
    size_t tn = 0, rn = 0, ln = 0, dn = 0;
    int64_t st = 0, att = 0, delay = 0, t;
    char key[512], dom[256];
    tally_ent *e;
    maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_STATUS, &st);
    maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_ATTEMPTS, &att);
    rk_rfield(m, i, MAILLOG_RECIPIENT_F_TO, &to, &tn);
    rk_rfield(m, i, MAILLOG_RECIPIENT_F_REPLY, &reply, &rn);
    /* only deferrals come before another attempt, or before a hold of a
     * recipient whose last attempt was a deferral (a 4.x.x DSN) */
    if (st == MAILLOG_STATUS_DEFERRED || att > 1 ||
        (st == MAILLOG_STATUS_HELD &&
         maillog_message_recipient_field(m, i, MAILLOG_RECIPIENT_F_DSN, &dsn, &dn) == 1 && dn &&
         dsn[0] == '4'))
        *deferred = 1;
    if (st == MAILLOG_STATUS_BOUNCED)
        r->t.bounced++;
    if (st != MAILLOG_STATUS_SENT)
        return;
    if (rn >= 13 && memcmp(reply, "forwarded as ", 13) == 0) {
        r->t.forwarded++;
        return;
    }
    if (maillog_message_recipient_field(m, i, MAILLOG_RECIPIENT_F_CHILD, NULL, NULL) == 1) {
        r->t.handed_off_rcpts++; /* to a content filter: the child counts */
        r->t.handed_off_bytes += (uint64_t)size;
        return;
    }
    r->t.delivered++;
    r->t.bytes_delivered += (uint64_t)size;
    if (rk_rfield(m, i, MAILLOG_RECIPIENT_F_RELAY, &relay, &ln) && on_this_host(relay, ln) &&
        rn >= 10 && memmem_queued(reply, rn))
        r->t.left_view_rcpts++; /* the correlator found no hop: X never appeared */
    if (inst)
        inst->v[I_DELIVERED]++;
    if (maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_LAST_TIME, &t) == 1)
        rk_count_traffic(r, t, T_DELIVERED);
    maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_DELAY_US, &delay);
    if ((e = tally_gets(&r->recipients, rk_addr_key(to, tn, key, sizeof key))) != NULL) {
        e->v[0]++;
        e->v[1] += (uint64_t)size;
    }
    if ((e = tally_gets(&r->recipient_domains, rk_domain_of(to, tn, dom, sizeof dom))) != NULL) {
        e->v[0]++;
        e->v[1] += (uint64_t)size;
        e->v[3] += (uint64_t)(delay / 1000);
        if ((uint64_t)(delay / 1000) > e->v[4])
            e->v[4] = (uint64_t)(delay / 1000);
    }
    if (rk_rfield(m, i, MAILLOG_RECIPIENT_F_RELAY, &relay, &ln) &&
        (e = tally_get(&r->relay_delays, relay, rk_host_len(relay, ln))) != NULL) {
        e->v[0]++;
        tally_sample(&r->relay_delays, e, delay);
    }
}

int report_on_message(void *user, const maillog_message *m)
{
    report *r = user;
    const char *p = "";
    size_t n = 0;
    int64_t size = 0;
    uint32_t i, flags = maillog_message_flags(m);
    int32_t end = maillog_message_end(m);
    int deferred = 0;
    tally_ent *inst;
    mfield(m, MAILLOG_MESSAGE_F_INSTANCE, &p, &n);
    inst = rk_instance(r, p, n);
    r->t.messages++;
    maillog_message_number(m, MAILLOG_MESSAGE_N_SIZE, &size);
    if (flags & MAILLOG_MSG_BOUNCE)
        r->t.notifications++;
    else if (mfield(m, MAILLOG_MESSAGE_F_PARENT, &p, &n))
        r->t.hops++;
    else if (maillog_message_number(m, MAILLOG_MESSAGE_N_ARRIVAL, NULL) == 1)
        on_arrival(r, m, inst);
    for (i = 0; i < maillog_message_recipient_count(m); i++)
        on_recipient(r, m, i, size, inst, &deferred);
    r->t.deferred_msgs += (uint64_t)deferred;
    switch (end) {
    case MAILLOG_END_REJECTED: r->t.msg_rejected++; break;
    case MAILLOG_END_DISCARDED: r->t.msg_discarded++; break;
    case MAILLOG_END_HELD: r->t.msg_held++; break;
    case MAILLOG_END_EXPIRED: r->t.expired++; break;
    case MAILLOG_END_OPEN:
        if (flags & MAILLOG_MSG_EVICTED) {
            r->t.evicted++;
        } else if (maillog_message_number(m, MAILLOG_MESSAGE_N_SIZE, NULL) == 1) {
            /* in the queue manager's hands when the log ends */
            const char *q = "", *f = "", *h = "";
            size_t qn = 0, fl = 0, hn = 0;
            char key[800];
            int64_t first = 0;
            tally_ent *e;
            r->t.queued++;
            mfield(m, MAILLOG_MESSAGE_F_QUEUE_ID, &q, &qn);
            mfield(m, MAILLOG_MESSAGE_F_FROM, &f, &fl);
            maillog_message_number(m, MAILLOG_MESSAGE_N_FIRST_TIME, &first);
            mfield(m, MAILLOG_MESSAGE_F_HOST, &h, &hn);
            /* queue ids are per host */
            snprintf(key, sizeof key, "%.*s\t%.*s\t%.*s", (int)(qn > 200 ? 200 : qn), q,
                     (int)(hn > 200 ? 200 : hn), h, (int)(fl > 300 ? 300 : fl), f);
            if ((e = tally_gets(&r->queued, key)) != NULL) {
                e->v[0] = (uint64_t)first;
                e->v[1] = maillog_message_recipient_count(m);
            }
        }
        break;
    default: break;
    }
    return 0;
}
