/* metrics.c -- maillog-exporter's counters (metrics.h): what each record,
 * message and session adds, counted the way maillog-report counts them so
 * that the two tools agree on the same lines. */
#include "metrics.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double ex_bounds[EX_BUCKETS] = {0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 7200, 86400};

static char ex_other[] = "other";

int ex_metrics_init(ex_metrics *m)
{
    size_t i;
    memset(m, 0, sizeof *m);
    m->sets = calloc(EX_MAX_SETS + 1, sizeof *m->sets);
    m->index = malloc(2 * EX_MAX_SETS * sizeof *m->index);
    if (!m->sets || !m->index) {
        ex_metrics_free(m);
        return -1;
    }
    for (i = 0; i < 2 * EX_MAX_SETS; i++)
        m->index[i] = -1;
    /* the overflow set, last in the array, never in the index */
    strcpy(m->sets[EX_MAX_SETS].mta, "other");
    m->sets[EX_MAX_SETS].host = ex_other;
    m->sets[EX_MAX_SETS].instance = ex_other;
    m->sets[EX_MAX_SETS].hlen = m->sets[EX_MAX_SETS].ilen = 5;
    return 0;
}

void ex_metrics_free(ex_metrics *m)
{
    size_t i;
    for (i = 0; m->sets && i < m->nsets; i++) {
        free(m->sets[i].host);
        free(m->sets[i].instance);
    }
    free(m->sets);
    free(m->index);
    memset(m, 0, sizeof *m);
}

static uint64_t ex_hash(const char *h, size_t hn, const char *in, size_t inn)
{
    uint64_t x = 1469598103934665603u;
    size_t i;
    for (i = 0; i < hn; i++)
        x = (x ^ (unsigned char)h[i]) * 1099511628211u;
    x = (x ^ 0xff) * 1099511628211u;
    for (i = 0; i < inn; i++)
        x = (x ^ (unsigned char)in[i]) * 1099511628211u;
    return x;
}

static int ex_same(const ex_set *s, const char *h, size_t hn, const char *in, size_t inn)
{
    return s->hlen == hn && s->ilen == inn && memcmp(s->host, h, hn) == 0 &&
           memcmp(s->instance, in, inn) == 0;
}

static char *ex_dup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

/* The index is keyed by host and instance only, so that a message (which
 * knows no MTA) finds the set its records made; mta NULL asks for that:
 * the first set of that host and instance. */
static ex_set *ex_lookup(ex_metrics *m, const char *mta, const char *h, size_t hn, const char *in,
                         size_t inn, int create)
{
    size_t mask = 2 * EX_MAX_SETS - 1, i = (size_t)ex_hash(h, hn, in, inn) & mask;
    ex_set *s;
    for (; m->index[i] >= 0; i = (i + 1) & mask) {
        s = &m->sets[m->index[i]];
        if (ex_same(s, h, hn, in, inn) && (!mta || strcmp(s->mta, mta) == 0))
            return s;
    }
    if (!create)
        return NULL;
    if (m->nsets == EX_MAX_SETS)
        return &m->sets[EX_MAX_SETS];
    s = &m->sets[m->nsets];
    s->host = ex_dup(h, hn);
    s->instance = ex_dup(in, inn);
    if (!s->host || !s->instance) {
        free(s->host);
        free(s->instance);
        s->host = s->instance = NULL;
        return &m->sets[EX_MAX_SETS];
    }
    s->hlen = hn;
    s->ilen = inn;
    strncpy(s->mta, mta ? mta : "unknown", sizeof s->mta - 1);
    m->index[i] = (int32_t)m->nsets++;
    return s;
}

ex_set *ex_set_get(ex_metrics *m, const char *mta, const char *host, size_t hlen,
                   const char *instance, size_t ilen)
{
    return ex_lookup(m, mta, host, hlen, instance, ilen, 1);
}

static void ex_span(int rc, const char **p, size_t *n)
{
    if (rc != 1) {
        *p = "";
        *n = 0;
    }
}

static void ex_observe(uint64_t *v, int64_t usec)
{
    double s = (double)usec / 1e6;
    int b;
    if (usec < 0)
        usec = 0, s = 0;
    for (b = 0; b < EX_BUCKETS && s > ex_bounds[b]; b++)
        ;
    v[b]++; /* cumulated when written out */
    v[EX_BUCKETS + 1] += (uint64_t)usec;
}

static const char *const ex_part_names[EX_DELAY_PARTS] = {"before_queue", "in_queue", "connection",
                                                          "transmission"};

/* The parts of delays= of a successful attempt, where the MTA logs them:
 * per delivery line (a record cannot tell a hop to a content filter from a
 * final delivery, so those hops count too). */
static void ex_count_parts(ex_set *s, const maillog_record *rec)
{
    static const int32_t ids[EX_DELAY_PARTS] = {MAILLOG_N_DELAY_BEFORE_US, MAILLOG_N_DELAY_QUEUE_US,
                                                MAILLOG_N_DELAY_CONNECT_US, MAILLOG_N_DELAY_XMIT_US};
    int k;
    int64_t us;
    for (k = 0; k < EX_DELAY_PARTS; k++)
        if (maillog_record_number(rec, ids[k], &us) == 1)
            ex_observe(&s->v[S_PARTS + k * (EX_BUCKETS + 2)], us);
}

void ex_count_record(ex_metrics *m, const maillog_record *rec, int count)
{
    const char *h, *in, *mta = maillog_mta_name(maillog_record_mta(rec));
    size_t hn, inn;
    if (!mta || !*mta)
        mta = "unknown";
    uint32_t flags = maillog_record_flags(rec);
    int32_t ev, st;
    ex_set *s;
    ex_span(maillog_record_field(rec, MAILLOG_F_HOST, &h, &hn), &h, &hn);
    ex_span(maillog_record_field(rec, MAILLOG_F_INSTANCE, &in, &inn), &in, &inn);
    s = m->last;
    if (!s || !ex_same(s, h, hn, in, inn) || strcmp(s->mta, mta) != 0)
        s = m->last = ex_set_get(m, mta, h, hn, in, inn);
    if (!count)
        return;
    s->v[S_LINES]++;
    if (flags & MAILLOG_REC_UNPARSED)
        s->v[S_UNPARSED]++;
    if (flags & (MAILLOG_REC_TRUNCATED | MAILLOG_REC_PARTIAL))
        s->v[S_PARSER_ERRORS]++;
    ev = maillog_record_event(rec);
    switch (ev) {
    case MAILLOG_EV_REJECT:
        st = maillog_record_status(rec);
        if (st == MAILLOG_STATUS_REJECTED) {
            s->v[S_OUTCOME + OUT_REJECTED]++;
            s->v[S_REJECT + maillog_record_reason(rec)]++;
        } else if (st == MAILLOG_STATUS_DISCARDED) {
            s->v[S_OUTCOME + OUT_DISCARDED]++;
        }
        break;
    case MAILLOG_EV_DELIVERY:
        st = maillog_record_status(rec);
        if (st == MAILLOG_STATUS_DEFERRED)
            s->v[S_DEFERRAL + maillog_record_reason(rec)]++;
        else if (st == MAILLOG_STATUS_SENT)
            ex_count_parts(s, rec);
        break;
    case MAILLOG_EV_AUTH_FAILED:
        s->v[S_AUTH_FAILURES]++;
        break;
    default:
        break;
    }
}

/* The set of an emitted message or session: the one its records made (the
 * MTA is known from them), else one of MTA "unknown". */
static ex_set *ex_set_of(ex_metrics *m, const char *h, size_t hn, const char *in, size_t inn)
{
    ex_set *s = ex_lookup(m, NULL, h, hn, in, inn, 0);
    return s ? s : ex_set_get(m, "unknown", h, hn, in, inn);
}

/* Each recipient's last status is its outcome; a recipient handed to a
 * content filter or forwarded is counted in the message it went to. */
static void ex_count_recipients(ex_set *s, const maillog_message *msg, int64_t size)
{
    uint32_t i, n = maillog_message_recipient_count(msg);
    int expired = maillog_message_end(msg) == MAILLOG_END_EXPIRED;
    for (i = 0; i < n; i++) {
        int64_t st = 0, delay = 0;
        const char *reply;
        size_t rn;
        maillog_message_recipient_number(msg, i, MAILLOG_RECIPIENT_N_STATUS, &st);
        switch (st) {
        case MAILLOG_STATUS_SENT:
            if (maillog_message_recipient_field(msg, i, MAILLOG_RECIPIENT_F_REPLY, &reply, &rn) == 1 &&
                rn >= 13 && memcmp(reply, "forwarded as ", 13) == 0)
                break;
            if (maillog_message_recipient_field(msg, i, MAILLOG_RECIPIENT_F_CHILD, NULL, NULL) == 1)
                break;
            s->v[S_OUTCOME + OUT_SENT]++;
            s->v[S_DELIVERED_BYTES] += (uint64_t)size;
            maillog_message_recipient_number(msg, i, MAILLOG_RECIPIENT_N_DELAY_US, &delay);
            ex_observe(&s->v[S_DELAY], delay);
            break;
        case MAILLOG_STATUS_DEFERRED:
            s->v[S_OUTCOME + (expired ? OUT_EXPIRED : OUT_DEFERRED)]++;
            break;
        case MAILLOG_STATUS_BOUNCED: s->v[S_OUTCOME + OUT_BOUNCED]++; break;
        case MAILLOG_STATUS_EXPIRED: s->v[S_OUTCOME + OUT_EXPIRED]++; break;
        default: break;
        }
    }
}

void ex_count_message(ex_metrics *m, const maillog_message *msg)
{
    const char *h, *in;
    size_t hn, inn;
    int64_t size = 0, arrival, done;
    uint32_t flags = maillog_message_flags(msg);
    ex_set *s;
    ex_span(maillog_message_field(msg, MAILLOG_MESSAGE_F_HOST, &h, &hn), &h, &hn);
    ex_span(maillog_message_field(msg, MAILLOG_MESSAGE_F_INSTANCE, &in, &inn), &in, &inn);
    s = ex_set_of(m, h, hn, in, inn);
    if (flags & MAILLOG_MSG_EVICTED)
        m->evicted++;
    maillog_message_number(msg, MAILLOG_MESSAGE_N_SIZE, &size);
    /* received: what came from outside, not a content filter's return
     * (it has a parent) nor a notification the MTA made */
    if (!(flags & MAILLOG_MSG_BOUNCE) &&
        maillog_message_field(msg, MAILLOG_MESSAGE_F_PARENT, NULL, NULL) != 1 &&
        maillog_message_number(msg, MAILLOG_MESSAGE_N_ARRIVAL, &arrival) == 1) {
        s->v[S_RECEIVED]++;
        if (maillog_message_number(msg, MAILLOG_MESSAGE_N_SIZE, NULL) == 1 &&
            maillog_message_field(msg, MAILLOG_MESSAGE_F_FROM, NULL, NULL) == 1)
            s->v[S_RECEIVED_BYTES] += (uint64_t)size;
        if (maillog_message_end(msg) == MAILLOG_END_REMOVED &&
            maillog_message_number(msg, MAILLOG_MESSAGE_N_COMPLETION, &done) == 1)
            ex_observe(&s->v[S_LIFETIME], (done - arrival) * 1000000);
    }
    ex_count_recipients(s, msg, size);
}

void ex_count_session(ex_metrics *m, const maillog_session *ses)
{
    const char *h, *prog;
    size_t hn, pn, inn;
    if (maillog_session_flags(ses) & MAILLOG_MSG_EVICTED)
        m->evicted++;
    if (!(maillog_session_flags(ses) & MAILLOG_MSG_COMPLETE) ||
        maillog_session_number(ses, MAILLOG_SESSION_N_CONNECT_TIME, NULL) != 1 ||
        maillog_session_number(ses, MAILLOG_SESSION_N_END_TIME, NULL) != 1)
        return; /* as maillog-report: a connection is a connect with its disconnect */
    ex_span(maillog_session_field(ses, MAILLOG_SESSION_F_HOST, &h, &hn), &h, &hn);
    ex_span(maillog_session_field(ses, MAILLOG_SESSION_F_PROGRAM, &prog, &pn), &prog, &pn);
    /* the instance is the program's first component, as a record's */
    for (inn = 0; inn < pn && prog[inn] != '/'; inn++)
        ;
    ex_set_of(m, h, hn, prog, inn)->v[S_CONNECTIONS]++;
}

/* ------------------------------------------------------------ the text */

typedef struct ex_buf {
    char *p;
    size_t len, cap;
    int oom;
} ex_buf;

static void ex_put(ex_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void ex_put(ex_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    for (;;) {
        if (b->oom)
            return;
        va_start(ap, fmt);
        n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        {
            size_t cap = b->cap * 2 + (n > 0 ? (size_t)n : 0);
            char *q = realloc(b->p, cap);
            if (!q) {
                b->oom = 1;
                return;
            }
            b->p = q;
            b->cap = cap;
        }
    }
}

/* A label value, escaped as the format wants: backslash, quote, newline. */
static void ex_put_value(ex_buf *b, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\' || c == '"')
            ex_put(b, "\\%c", c);
        else if (c == '\n')
            ex_put(b, "\\n");
        else
            ex_put(b, "%c", c);
    }
}

/* The labels without their closing brace (a histogram adds le=). */
static void ex_put_labels(ex_buf *b, const ex_set *s, const char *extra, const char *value)
{
    ex_put(b, "{mta=\"%s\",host=\"", s->mta);
    ex_put_value(b, s->host, s->hlen);
    ex_put(b, "\",instance=\"");
    ex_put_value(b, s->instance, s->ilen);
    ex_put(b, "\"");
    if (extra)
        ex_put(b, ",%s=\"%s\"", extra, value);
}

static void ex_head(ex_buf *b, const char *name, const char *type, const char *help)
{
    ex_put(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static int ex_used(const ex_set *s)
{
    size_t i;
    for (i = 0; i < S_COUNT; i++)
        if (s->v[i])
            return 1;
    return 0;
}

static const struct {
    int slot;
    const char *name, *help;
} ex_plain[] = {
    {S_LINES, "maillog_lines_total", "Log lines read."},
    {S_UNPARSED, "maillog_unparsed_lines_total", "Lines no dialect understood."},
    {S_PARSER_ERRORS, "maillog_parser_errors_total",
     "Lines cut at the parser's longest line, or joined entries whose fragments never came."},
    {S_RECEIVED, "maillog_messages_received_total",
     "Messages received (not counting content-filter returns and notifications)."},
    {S_RECEIVED_BYTES, "maillog_received_bytes_total", "Bytes of the messages received."},
    {S_DELIVERED_BYTES, "maillog_delivered_bytes_total", "Bytes delivered, once per recipient."},
    {S_AUTH_FAILURES, "maillog_auth_failures_total", "SMTP authentication failures."},
    {S_CONNECTIONS, "maillog_connections_total", "SMTP connections (connect and disconnect seen)."},
};

static const char *const ex_outcomes[OUT_COUNT] = {"sent", "deferred", "bounced",
                                                   "expired", "rejected", "discarded"};

static void ex_histogram(ex_buf *b, const ex_set *set, int slot, const char *name,
                         const char *extra, const char *value)
{
    const uint64_t *v = &set->v[slot];
    uint64_t cum = 0;
    char le[32];
    int k;
    for (k = 0; k <= EX_BUCKETS; k++) {
        cum += v[k];
        if (k < EX_BUCKETS)
            snprintf(le, sizeof le, "%g", ex_bounds[k]);
        else
            strcpy(le, "+Inf");
        ex_put(b, "%s_bucket", name);
        ex_put_labels(b, set, extra, value);
        ex_put(b, ",le=\"%s\"} %llu\n", le, (unsigned long long)cum);
    }
    ex_put(b, "%s_sum", name);
    ex_put_labels(b, set, extra, value);
    ex_put(b, "} %.6f\n%s_count", (double)v[EX_BUCKETS + 1] / 1e6, name);
    ex_put_labels(b, set, extra, value);
    ex_put(b, "} %llu\n", (unsigned long long)cum);
}

static void ex_histograms(ex_buf *b, const ex_set *sets, size_t n, int slot, const char *name,
                          const char *help)
{
    size_t i;
    ex_head(b, name, "histogram", help);
    for (i = 0; i < n; i++)
        if (ex_used(&sets[i]))
            ex_histogram(b, &sets[i], slot, name, NULL, NULL);
}

static void ex_by_reason(ex_buf *b, const ex_set *sets, size_t n, int slot, const char *name,
                         const char *help)
{
    size_t i;
    int r;
    ex_head(b, name, "counter", help);
    for (i = 0; i < n; i++)
        for (r = 0; r < MAILLOG_REASON_COUNT; r++)
            if (sets[i].v[slot + r]) {
                ex_put(b, "%s", name);
                ex_put_labels(b, &sets[i], "reason", maillog_reason_name(r));
                ex_put(b, "} %llu\n", (unsigned long long)sets[i].v[slot + r]);
            }
}

char *ex_metrics_text(const ex_metrics *m, size_t *len)
{
    ex_buf b = {NULL, 0, 0, 0};
    size_t n = m->nsets, i, f;
    int k;
    ex_set *sets = m->sets;
    if (!(b.p = malloc(b.cap = 65536)))
        return NULL;
    /* the overflow set is written after the others when it was used */
    if (ex_used(&m->sets[EX_MAX_SETS]) && n < EX_MAX_SETS) {
        /* keep it adjacent: a copy at the end of the used part is simplest */
        sets = malloc((n + 1) * sizeof *sets);
        if (!sets) {
            free(b.p);
            return NULL;
        }
        memcpy(sets, m->sets, n * sizeof *sets);
        sets[n++] = m->sets[EX_MAX_SETS];
    } else if (ex_used(&m->sets[EX_MAX_SETS])) {
        n = EX_MAX_SETS + 1;
    }
    for (f = 0; f < sizeof ex_plain / sizeof ex_plain[0]; f++) {
        ex_head(&b, ex_plain[f].name, "counter", ex_plain[f].help);
        for (i = 0; i < n; i++)
            if (ex_used(&sets[i])) {
                ex_put(&b, "%s", ex_plain[f].name);
                ex_put_labels(&b, &sets[i], NULL, NULL);
                ex_put(&b, "} %llu\n", (unsigned long long)sets[i].v[ex_plain[f].slot]);
            }
    }
    ex_head(&b, "maillog_recipients_total", "counter",
            "Recipients by final outcome (rejected and discarded: refused before or at queueing).");
    for (i = 0; i < n; i++)
        for (k = 0; k < OUT_COUNT && ex_used(&sets[i]); k++) {
            ex_put(&b, "maillog_recipients_total");
            ex_put_labels(&b, &sets[i], "outcome", ex_outcomes[k]);
            ex_put(&b, "} %llu\n", (unsigned long long)sets[i].v[S_OUTCOME + k]);
        }
    ex_by_reason(&b, sets, n, S_REJECT, "maillog_rejects_total", "Rejects by reason class.");
    ex_by_reason(&b, sets, n, S_DEFERRAL, "maillog_deferrals_total",
                 "Deferred delivery attempts by reason class.");
    ex_histograms(&b, sets, n, S_DELAY, "maillog_delivery_delay_seconds",
                  "Delay from arrival to delivery of each recipient sent (delay=).");
    ex_histograms(&b, sets, n, S_LIFETIME, "maillog_queue_lifetime_seconds",
                  "Time from arrival to removal from the queue of each message received.");
    ex_head(&b, "maillog_delivery_delay_parts_seconds", "histogram",
            "The parts of delays= of each successful delivery line (Postfix): before_queue, "
            "in_queue, connection, transmission.");
    for (i = 0; i < n; i++) {
        uint64_t seen = 0; /* only where the MTA logs the parts */
        for (k = 0; k <= EX_BUCKETS; k++)
            seen += sets[i].v[S_PARTS + k];
        for (k = 0; k < EX_DELAY_PARTS && seen; k++)
            ex_histogram(&b, &sets[i], S_PARTS + k * (EX_BUCKETS + 2),
                         "maillog_delivery_delay_parts_seconds", "part", ex_part_names[k]);
    }
    ex_head(&b, "maillog_open_entries", "gauge",
            "Messages and SMTP sessions open in the correlator, waiting for their end.");
    ex_put(&b, "maillog_open_entries %llu\n", (unsigned long long)m->open_entries);
    ex_head(&b, "maillog_evicted_total", "counter",
            "Messages and sessions emitted early because of a memory or idle limit.");
    ex_put(&b, "maillog_evicted_total %llu\n", (unsigned long long)m->evicted);
    if (sets != m->sets)
        free(sets);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    *len = b.len;
    return b.p;
}
