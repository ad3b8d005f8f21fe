/* links.c -- Exchange's correlation rules beyond the internal-message-id
 * (ml_dialect.link_of).  One message has an internal id per server and per
 * copy; what ties its copies and its notifications together is logged in
 * columns of their own (MSDOC message-tracking.md, "reference" and
 * "network-message-id"):
 *
 *   a failure (FAIL, DELIVERFAIL...) names in reference the Message-ID of
 *   the DSN it caused; the DSN row is logged under that Message-ID:
 *   the failure is the notification's parent side, the DSN its child side;
 *
 *   SUBMIT hands a mailbox's message to the transport service, which
 *   RECEIVEs it over SMTP under a new internal id; both rows carry the
 *   network-message-id, which Exchange keeps across the copies of one
 *   message: SUBMIT is the parent side, an SMTP RECEIVE of a message sent
 *   from inside the organisation (directionality Originating) by the
 *   server itself (client-ip = server-ip) the child side.  An Incoming
 *   RECEIVE, or one from another server, never continues a submission, so
 *   it waits for none.
 *
 * A SEND to a next hop that answers "[InternalId=N, ...]" is the third tie
 * (ML_CORR_ORG_HOPS, through new_queue_id): the correlator links it once
 * N's own rows are seen under the same Message-ID. */
#include "mta/exchange/exchange.h"

/* The value of the attribute (column) called name; 0 when absent. */
static int column(const maillog_record *r, const char *name, size_t name_n, const char **v,
                  size_t *vn)
{
    uint32_t cur = 0;
    const char *k;
    size_t kn;
    while (ml_xc_attr_next(r, &cur, &k, &kn, v, vn) == 1)
        if (kn == name_n && memcmp(k, name, kn) == 0)
            return *vn > 0;
    return 0;
}

#define COLUMN(r, name, v, vn) column(r, name, sizeof name - 1, v, vn)

static int raw_event_is(const maillog_record *r, const char *w, size_t n)
{
    return ml_has(r, MAILLOG_F_EVENT_RAW) && r->f[MAILLOG_F_EVENT_RAW].len == n &&
           memcmp(r->line + r->f[MAILLOG_F_EVENT_RAW].off, w, n) == 0;
}

/* A RECEIVE whose client is the server itself (client-ip = server-ip):
 * the submission service handing over a mailbox's message.  A copy that
 * came from another server of the organisation (sharing the
 * network-message-id too) is that server's hop, linked by its SEND. */
static int from_itself(const maillog_record *r)
{
    const char *v;
    size_t vn;
    return ml_has(r, MAILLOG_F_CLIENT_IP) && COLUMN(r, "server-ip", &v, &vn) &&
           vn == r->f[MAILLOG_F_CLIENT_IP].len &&
           memcmp(v, r->line + r->f[MAILLOG_F_CLIENT_IP].off, vn) == 0;
}

int ml_xc_link_of(const maillog_record *r, const char **id, size_t *id_n)
{
    const char *v;
    size_t vn;
    if (!(r->flags & ML_REC_CSV) || r->note[2] == XC_SET_PROTO)
        return ML_LINK_NONE;
    if (r->event == MAILLOG_EV_NOTIFICATION) { /* DSN: under its own Message-ID */
        if (!ml_has(r, MAILLOG_F_MESSAGE_ID))
            return ML_LINK_NONE;
        *id = r->line + r->f[MAILLOG_F_MESSAGE_ID].off;
        *id_n = r->f[MAILLOG_F_MESSAGE_ID].len;
        return ML_LINK_NOTIFY_CHILD;
    }
    if (r->event == MAILLOG_EV_DELIVERY &&
        (r->status == MAILLOG_STATUS_BOUNCED || r->status == MAILLOG_STATUS_EXPIRED))
        return COLUMN(r, "reference", id, id_n) ? ML_LINK_NOTIFY_PARENT : ML_LINK_NONE;
    if (r->event == MAILLOG_EV_DELIVERY && raw_event_is(r, "SUBMIT", 6))
        return COLUMN(r, "network-message-id", id, id_n) ? ML_LINK_THREAD_PARENT
                                                         : ML_LINK_NONE;
    if (r->event == MAILLOG_EV_CLIENT && COLUMN(r, "directionality", &v, &vn) && vn == 11 &&
        memcmp(v, "Originating", 11) == 0 && from_itself(r))
        return COLUMN(r, "network-message-id", id, id_n) ? ML_LINK_THREAD_CHILD : ML_LINK_NONE;
    return ML_LINK_NONE;
}
