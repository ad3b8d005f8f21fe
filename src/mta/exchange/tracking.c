/* tracking.c -- a message tracking row (MSGTRK, MSGTRKMA, MSGTRKMD,
 * MSGTRKMS files) into a record.  One row is one event of one copy of a
 * message on the server that wrote it; its internal-message-id is that
 * copy's id there, so it is the queue id.  The event-id says what
 * happened; recipient-address lists the recipients it happened to, and
 * recipient-status their statuses in the same order, both ';'-separated.
 *
 * Mapped columns become fields; the others (source, connector-id,
 * source-context, network-message-id, return-path, reference,
 * message-info, custom-data, ...) stay attributes under their names.  The
 * subject is a field only when the caller asks (MAILLOG_OPT_SUBJECT). */
#include "mta/exchange/exchange.h"

/* The row's other party: on SEND the server-* columns name the next hop
 * and the client-* ones this server, so they are the relay, not a client. */
#define XE_RELAY  0x1u
#define XE_WARN   0x2u /* the event is a warning (severity) */
#define XE_STORE  0x4u /* RECEIVE: pickup when the source is STOREDRIVER */
#define XE_EXPIRY 0x8u /* FAIL: expired when the status says QUEUE.Expired */
#define XE_REWRITE 0x10u /* the recipients replace related-recipient-address (orig_to) */
/* Which column names the server that wrote the row (server.c): on
 * XE_RELAY client-hostname, else server-hostname; XE_SURE: the event's
 * own transport wrote it, so the name is the file's server; XE_CLIENT:
 * client-hostname when server-hostname is empty. */
#define XE_SURE   0x20u
#define XE_CLIENT 0x40u
/* Exchange 2007/2010's hub writes DELIVER naming the mailbox server it
 * delivered to in server-hostname: the row is the stream's server's. */
#define XE_HUB    0x80u

typedef struct xc_event {
    ml_word id;
    int8_t event, status;
    uint8_t flags;
} xc_event;

#define EV(name, ev, st, fl) {ML_W(name), MAILLOG_EV_##ev, MAILLOG_STATUS_##st, fl}
/* MSDOC message-tracking.md "Event types", and SENDEXTERNAL (real, not
 * documented).  Informational ids not listed here are notices too. */
static const xc_event events[] = {
    EV("RECEIVE", CLIENT, NONE, XE_STORE | XE_SURE | XE_CLIENT),
    EV("CLIENTSUBMISSION", CLIENT, NONE, 0),
    EV("HARECEIVE", CLIENT, NONE, 0),
    EV("SUBMIT", DELIVERY, SENT, 0), /* handed from the mailbox to transport */
    EV("SEND", DELIVERY, SENT, XE_RELAY | XE_SURE),
    EV("SENDEXTERNAL", DELIVERY, SENT, XE_RELAY | XE_SURE),
    EV("DELIVER", DELIVERY, SENT, XE_HUB),
    EV("DUPLICATEDELIVER", DELIVERY, SENT, 0),
    EV("DEFER", DELIVERY, DEFERRED, 0),
    EV("SUBMITDEFER", DELIVERY, DEFERRED, 0),
    EV("RESUBMITDEFER", DELIVERY, DEFERRED, 0),
    EV("THROTTLE", DELIVERY, DEFERRED, 0),
    EV("FAIL", DELIVERY, BOUNCED, XE_EXPIRY),
    EV("DELIVERFAIL", DELIVERY, BOUNCED, 0),
    EV("SUBMITFAIL", DELIVERY, BOUNCED, 0),
    EV("RESUBMITFAIL", DELIVERY, BOUNCED, 0),
    EV("MODERATORREJECT", DELIVERY, BOUNCED, 0),
    EV("MODERATORSALLNDR", DELIVERY, BOUNCED, 0),
    EV("MODERATIONEXPIRE", DELIVERY, EXPIRED, 0),
    EV("DROP", DELIVERY, DISCARDED, 0),
    EV("SUPPRESSED", DELIVERY, DISCARDED, 0),
    EV("BADMAIL", DELIVERY, DISCARDED, 0),
    EV("DSN", NOTIFICATION, NONE, 0),
    EV("EXPAND", ACTION, NONE, XE_REWRITE), /* a group into its members */
    EV("RESOLVE", ACTION, NONE, XE_REWRITE), /* an address into the mailbox's own */
    EV("REDIRECT", ACTION, NONE, XE_REWRITE), /* to an alternate recipient */
    EV("TRANSFER", ACTION, NONE, 0),
    EV("DUPLICATEEXPAND", ACTION, NONE, 0),
    EV("DUPLICATEREDIRECT", ACTION, NONE, 0),
    EV("MODERATORAPPROVE", ACTION, NONE, 0),
    EV("PROCESS", ACTION, NONE, 0),
    EV("PROCESSMEETINGMESSAGE", ACTION, NONE, 0),
    EV("POISONMESSAGE", QUEUE_ADMIN, HELD, XE_WARN),
    EV("RESUBMIT", QUEUE_ADMIN, NONE, 0),
    EV("LOAD", QUEUE_ADMIN, NONE, 0),
    EV("HADISCARD", REMOVED, NONE, 0),
    EV("HAREDIRECTFAIL", NOTICE, NONE, XE_WARN),
    EV("HAREDIRECT", NOTICE, NONE, XE_SURE),   /* a shadow copy sent, not a hop */
    EV("AGENTINFO", NOTICE, NONE, XE_SURE | XE_CLIENT),
    {{NULL, 0}, 0, 0, 0},
};
#undef EV

/* NOTIFYMAPI, NOTIFYSHADOW, INITMESSAGECREATED, an id this table does
 * not know, or none. */
static const xc_event notice = {{NULL, 0}, MAILLOG_EV_NOTICE, MAILLOG_STATUS_NONE, 0};

static const xc_event *event_of(const char *s, uint32_t n)
{
    int i;
    for (i = 0; n && events[i].id.s; i++)
        if (events[i].id.n == n && memcmp(events[i].id.s, s, n) == 0)
            return &events[i];
    return &notice;
}

/* The host: the server that wrote the row, by the column its event names
 * it in.  A mailbox's pickup (RECEIVE from STOREDRIVER) is not sure, and
 * names the mailbox server in client-hostname. */
static void server(xc_state *st, maillog_record *r, const xc_row *row, const xc_event *ev)
{
    int32_t c = row->idx[XC_C_SERVER_HOSTNAME];
    int sure = (ev->flags & XE_SURE) && r->event != MAILLOG_EV_PICKUP;
    if ((ev->flags & XE_HUB) && st->legacy && st->server_n)
        ml_xc_server_tracking(st, r, row, XC_C_COUNT, 0);
    else if (ev->flags & XE_RELAY)
        ml_xc_server_tracking(st, r, row, XC_C_CLIENT_HOSTNAME, sure);
    else if ((ev->flags & XE_CLIENT) && (c < 0 || !row->v[c].len))
        ml_xc_server_tracking(st, r, row, XC_C_CLIENT_HOSTNAME, 0);
    else
        ml_xc_server_tracking(st, r, row, XC_C_SERVER_HOSTNAME, sure);
}

/* A piece of recipient-status that starts a recipient's status (an SMTP
 * reply, a header role, or nothing); any other piece continues the one
 * before it ("550 4.4.7 QUEUE.Expired;message expired"). */
static int status_start(const char *s, uint32_t a, uint32_t b)
{
    uint32_t n = b - a;
    if (n == 0)
        return 1;
    if (n >= 3 && ml_is((unsigned char)s[a], ML_C_DIGIT) &&
        ml_is((unsigned char)s[a + 1], ML_C_DIGIT) && ml_is((unsigned char)s[a + 2], ML_C_DIGIT) &&
        (n == 3 || s[a + 3] == ' ' || s[a + 3] == '.'))
        return 1;
    return (n == 2 && (memcmp(s + a, "To", 2) == 0 || memcmp(s + a, "Cc", 2) == 0)) ||
           (n == 3 && memcmp(s + a, "Bcc", 3) == 0);
}

static uint32_t count_items(const char *s, uint32_t a, uint32_t b)
{
    uint32_t n = 1;
    while ((a = ml_find(s, a, b, ';')) < b)
        n++, a++;
    return n;
}

/* Compare a recipient's status with the first one's (kept in *first). */
static void status_seen(const char *s, ml_span x, ml_span *first, int *nseen, int *differ)
{
    if (!(*nseen)++)
        *first = x;
    else if (x.len != first->len || memcmp(s + x.off, s + first->off, x.len) != 0)
        *differ = 1;
}

/* The status every recipient shares, when they share one: *out gets its
 * span (reply and codes come from it).  Pieces pair with the recipients
 * by position; when there are more pieces than recipients, a piece that
 * starts no status continues the one before. */
static int shared_status(const char *s, ml_span col, uint32_t nrcpt, ml_span *out)
{
    uint32_t a = col.off, end = col.off + col.len, pieces = count_items(s, a, end);
    ml_span first = {0, 0}, cur = {0, 0};
    int nseen = 0, differ = 0, open = 0;
    if (nrcpt <= 1) { /* one recipient: the whole column is its status */
        *out = col;
        return 1;
    }
    for (;;) {
        uint32_t e = ml_find(s, a, end, ';');
        if (open && pieces > nrcpt && !status_start(s, a, e)) {
            cur.len = e - cur.off; /* the status goes on */
        } else {
            if (open)
                status_seen(s, cur, &first, &nseen, &differ);
            cur.off = a;
            cur.len = e - a;
            open = 1;
        }
        if (e >= end)
            break;
        a = e + 1;
    }
    status_seen(s, cur, &first, &nseen, &differ);
    if (differ || (uint32_t)nseen != nrcpt)
        return 0;
    *out = first;
    return 1;
}

static void recipients(maillog_record *r, xc_row *row, int32_t col, uint32_t *nrcpt)
{
    uint32_t a, b, first_end;
    *nrcpt = 0;
    if (col < 0 || !row->v[col].len)
        return;
    a = row->v[col].off;
    b = a + row->v[col].len;
    first_end = ml_delim_end(r->line, a, b, ';');
    ml_set_to_list(r, a, b, first_end);
    if (r->flags & ML_REC_TO_LIST)
        r->flags |= ML_REC_TO_SEMI;
    row->used |= (uint64_t)1 << col;
    *nrcpt = count_items(r->line, a, b);
}

/* recipient-status: the reply, its code and enhanced code, when one
 * status applies to every recipient and it is an SMTP reply (not a header
 * role such as "To"); else the column stays an attribute. */
static void status_column(maillog_record *r, xc_row *row, int32_t col, uint32_t nrcpt)
{
    const char *s = r->line;
    ml_span st;
    if (col < 0 || !row->v[col].len || !shared_status(s, row->v[col], nrcpt, &st) ||
        st.len < 3 || !ml_is((unsigned char)s[st.off], ML_C_DIGIT) ||
        !ml_is((unsigned char)s[st.off + 1], ML_C_DIGIT) ||
        !ml_is((unsigned char)s[st.off + 2], ML_C_DIGIT) ||
        (st.len > 3 && ml_is((unsigned char)s[st.off + 3], ML_C_DIGIT)))
        return; /* no reply: a header role ("To"), or statuses that differ */
    ml_set(r, MAILLOG_F_REPLY, st.off, st.len);
    ml_reply_codes(r, st.off, st.off + st.len, 1);
    row->used |= (uint64_t)1 << col;
}

int ml_xc_tracking(xc_state *st, maillog_record *r, xc_row *row)
{
    const int32_t *idx = row->idx;
    const char *s = r->line;
    const xc_event *ev;
    uint32_t nrcpt;
    int32_t c;
    if ((c = idx[XC_C_DATE_TIME]) < 0 ||
        !ml_xc_stamp(st, r, row->v[c].off, row->v[c].off + row->v[c].len))
        return 0;
    row->used |= (uint64_t)1 << c;
    c = idx[XC_C_EVENT_ID];
    ev = c >= 0 ? event_of(s + row->v[c].off, row->v[c].len) : &notice;
    if (c >= 0 && row->v[c].len)
        ml_xc_set(r, row, MAILLOG_F_EVENT_RAW, c, 0);
    r->event = ev->event;
    r->status = ev->status;
    if (ev->flags & XE_WARN)
        r->severity = MAILLOG_SEV_WARNING;
    if (ev->flags & XE_STORE && (c = idx[XC_C_SOURCE]) >= 0 && row->v[c].len == 11 &&
        memcmp(s + row->v[c].off, "STOREDRIVER", 11) == 0)
        r->event = MAILLOG_EV_PICKUP; /* a mailbox user's message, not a client's */
    server(st, r, row, ev);
    /* who: the client, or on SEND the next hop */
#define NONEMPTY(id) ((c = idx[id]) >= 0 && row->v[c].len)
    if (ev->flags & XE_RELAY) {
        if (NONEMPTY(XC_C_SERVER_HOSTNAME))
            ml_xc_set(r, row, MAILLOG_F_RELAY_HOST, c, 0);
        if (NONEMPTY(XC_C_SERVER_IP))
            ml_xc_set(r, row, MAILLOG_F_RELAY_IP, c, 0);
        /* the next hop's final reply: its id there is the hand-off target */
        if (NONEMPTY(XC_C_SOURCE_CONTEXT) &&
            ml_xc_internal_id(r, row->v[c].off, row->v[c].off + row->v[c].len))
            ml_xc_hop_host(r, row->v[c].off, row->v[c].off + row->v[c].len);
    } else {
        if (NONEMPTY(XC_C_CLIENT_HOSTNAME))
            ml_xc_set(r, row, MAILLOG_F_CLIENT_HOST, c, 0);
        if (NONEMPTY(XC_C_CLIENT_IP))
            ml_xc_set(r, row, MAILLOG_F_CLIENT_IP, c, 0);
    }
    /* the message */
    if (NONEMPTY(XC_C_INTERNAL_MESSAGE_ID))
        ml_xc_set(r, row, MAILLOG_F_QUEUE_ID, c, 0);
    if (NONEMPTY(XC_C_MESSAGE_ID))
        ml_xc_set(r, row, MAILLOG_F_MESSAGE_ID, c, 1);
    if (NONEMPTY(XC_C_SENDER_ADDRESS))
        ml_xc_set(r, row, MAILLOG_F_FROM, c, 1); /* "<>": the null sender, "" */
    if (NONEMPTY(XC_C_TOTAL_BYTES)) {
        ml_set_uint(r, MAILLOG_F_SIZE, MAILLOG_N_SIZE, row->v[c].off, row->v[c].len);
        row->used |= (uint64_t)1 << c;
    }
    if (NONEMPTY(XC_C_RECIPIENT_COUNT)) {
        ml_set_uint(r, MAILLOG_F_NRCPT, MAILLOG_N_NRCPT, row->v[c].off, row->v[c].len);
        row->used |= (uint64_t)1 << c;
    }
    if ((c = idx[XC_C_MESSAGE_SUBJECT]) >= 0) { /* a field when asked, never an attribute */
        if ((r->popts & ML_POPT_SUBJECT) && row->v[c].len)
            ml_set(r, MAILLOG_F_SUBJECT, row->v[c].off, row->v[c].len);
        row->used |= (uint64_t)1 << c;
    }
    /* the recipients and their statuses; what a rewrite replaced */
    recipients(r, row, idx[XC_C_RECIPIENT_ADDRESS], &nrcpt);
    if ((ev->flags & XE_REWRITE) && NONEMPTY(XC_C_RELATED_RECIPIENT_ADDRESS) &&
        ml_find(s, row->v[c].off, row->v[c].off + row->v[c].len, ';') ==
            row->v[c].off + row->v[c].len)
        ml_xc_set(r, row, MAILLOG_F_ORIG_TO, c, 1);
    status_column(r, row, idx[XC_C_RECIPIENT_STATUS], nrcpt);
    if ((ev->flags & XE_EXPIRY) && (c = idx[XC_C_RECIPIENT_STATUS]) >= 0 &&
        ML_FIND(s, row->v[c].off, row->v[c].off + row->v[c].len, "QUEUE.Expired") <
            row->v[c].off + row->v[c].len)
        r->status = MAILLOG_STATUS_EXPIRED;
#undef NONEMPTY
    return 1;
}
