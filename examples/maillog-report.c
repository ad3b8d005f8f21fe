/* maillog-report -- a summary of mail logs for troubleshooting and
 * monitoring: what pflogsumm reports, counted by message (content-filter
 * hops and notifications once), with per-instance figures, delay
 * percentiles per relay and the failing relays; text or --json.
 *
 * Two sources feed it: each record (line-level events: deferrals,
 * rejects, warnings, connections, authentication failures) and each
 * correlated message (what arrived and what became of each recipient).
 * Nothing here knows a dialect: it reads the shared vocabulary only.
 */
#include <maillog.h>
#include <maillog_correlate.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tool/rotated.h"
#include "tool/run.h"
#include "tool/tally.h"

#include "report_data.h"
#include "report_out.h"

static void usage(FILE *f)
{
    fputs("Usage: maillog-report [OPTION]... [FILE]...\n"
          "Summarise mail logs (FILEs or standard input): totals, traffic per hour and\n"
          "day, senders and recipients, deferral, bounce and reject reasons, connections,\n"
          "authentication failures, problems and the messages still queued.\n"
          TOOL_FILES_HELP "\n"
          "  --json              one JSON object instead of text\n"
          "  --top=N             rows in each ranked table (default 10; 0 = all)\n"
          "  -H, --human         byte figures of the text in k and m (1024 and 1024^2\n"
          "                      bytes) above 512k and 512m, as pflogsumm prints them\n"
          TOOL_COMMON_HELP TOOL_WINDOW_HELP
          "  -h, --help          show this help\n"
          "  -V, --version       show the library version\n\n"
          "With --follow the report is printed when interrupted (SIGINT, SIGTERM).\n"
          "Exit status: 0 on success; 1 when a file could not be read to its end (the\n"
          "report covers what could be read); 2 on usage errors and refused input (no\n"
          "report).\n",
          f);
}

/* ------------------------------------------------------------ helpers */

/* Field getters that leave "" (never NULL) behind for an absent field, so
 * that every span can go to memcpy and printf as it is. */
static int present(int rc, const char **p, size_t *n)
{
    if (rc == 1)
        return 1;
    *p = "";
    *n = 0;
    return 0;
}

static int get(const maillog_record *r, int32_t f, const char **p, size_t *n)
{
    return present(maillog_record_field(r, f, p, n), p, n);
}

static int rfield(const maillog_message *m, uint32_t i, int32_t f, const char **p, size_t *n)
{
    return present(maillog_message_recipient_field(m, i, f, p, n), p, n);
}

static int sfield(const maillog_session *ses, int32_t f, const char **p, size_t *n)
{
    return present(maillog_session_field(ses, f, p, n), p, n);
}

/* ASCII only, as pflogsumm's lc() on bytes, and without a call per byte. */
static char lower_c(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static void lower(char *s)
{
    for (; *s; s++)
        *s = lower_c(*s);
}

/* Lower-case the n bytes at s in place, eight at a time: in each byte's
 * low seven bits, adding 0x3F carries into the top bit from 'A' up, and
 * adding 0x25 from '[' up; an ASCII byte between gets its 0x20 bit. */
static void lower_n(char *s, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, low;
        memcpy(&x, s + i, 8);
        low = x & 0x7F7F7F7F7F7F7F7FULL;
        x |= ((low + 0x3F3F3F3F3F3F3F3FULL) & ~(low + 0x2525252525252525ULL) & ~x &
              0x8080808080808080ULL) >> 2;
        memcpy(s + i, &x, 8);
    }
    for (; i < n; i++)
        s[i] = lower_c(s[i]);
}

/* The domain of an address, lower-cased, into buf; "" when it has none. */
static const char *domain_of(const char *a, size_t n, char *buf, size_t cap)
{
    const char *at = NULL;
    size_t i, k;
    for (i = n; i > 0; i--)
        if (a[i - 1] == '@') {
            at = a + i;
            break;
        }
    k = at ? n - (size_t)(at - a) : 0;
    if (k >= cap)
        k = cap - 1;
    if (k)
        memcpy(buf, at, k);
    buf[k] = '\0';
    lower_n(buf, k);
    return buf;
}

/* An address with its domain lower-cased (as pflogsumm does), "from=<>"
 * for the null sender: copied whole, then the part after the first '@'
 * lowered. */
static const char *addr_key(const char *a, size_t n, char *buf, size_t cap)
{
    const char *at;
    if (n == 0)
        return "from=<>";
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, a, n);
    buf[n] = '\0';
    if ((at = memchr(buf, '@', n)) != NULL)
        lower_n(buf + (at - buf) + 1, n - (size_t)(at - buf) - 1);
    return buf;
}

/* The host part of "host[addr]:port" (relay), or the whole text. */
static size_t host_len(const char *p, size_t n)
{
    const char *b = memchr(p, '[', n);
    return b ? (size_t)(b - p) : n;
}

/* A reply reduced to its reason, so that like replies group together:
 * without "host X said: ", the SMTP and enhanced codes, a leading <addr>:,
 * "connect to ", "(in reply to ...)" and anything after ';'. */
static const char *reason_of(const char *p, size_t n, char *buf, size_t cap)
{
    const char *said = NULL, *e = p + n, *s, *semi, *cut;
    size_t k;
    for (s = p; s < e && (s = memchr(s, ':', (size_t)(e - s))) != NULL; s++) /* the last one */
        if (s - p >= 5 && e - s >= 2 && s[1] == ' ' && memcmp(s - 5, " said", 5) == 0)
            said = s + 2;
    if (said)
        p = said;
    if (e - p >= 4 && isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
        isdigit((unsigned char)p[2]) && (p[3] == ' ' || p[3] == '-'))
        p += 4;
    if (e - p >= 6 && isdigit((unsigned char)p[0]) && p[1] == '.') {
        s = memchr(p, ' ', (size_t)(e - p));
        if (s)
            p = s + 1;
    }
    if (p < e && *p == '<') {
        s = memchr(p, '>', (size_t)(e - p));
        if (s && s + 2 <= e && s[1] == ':')
            p = s + 2 < e && s[2] == ' ' ? s + 3 : s + 2;
    }
    if (e - p > 11 && memcmp(p, "connect to ", 11) == 0)
        p += 11;
    /* up to the first ';' or " (in reply to " */
    semi = memchr(p, ';', (size_t)(e - p));
    cut = semi ? semi : e;
    for (s = p + 1; s < cut && (s = memchr(s, '(', (size_t)(cut - s))) != NULL; s++)
        if (s[-1] == ' ' && e - s > 13 && memcmp(s - 1, " (in reply to ", 14) == 0) {
            cut = s - 1;
            break;
        }
    e = cut;
    while (e > p && e[-1] == ' ')
        e--;
    k = (size_t)(e - p);
    if (k >= cap)
        k = cap - 1;
    memcpy(buf, p, k);
    buf[k] = '\0';
    return buf;
}

/* The n bytes at p as a string in buf, cut to fit: snprintf's "%.*s" at
 * a tenth of its cost, for keys made per message and session. */
static const char *span_str(char *buf, size_t cap, const char *p, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

/* Join parts with tabs into buf (keys of two-level tables), cut to fit as
 * snprintf's "%.*s\t%s" would cut them, at a tenth of its cost: a key is
 * made for every deferral and bounce. */
static const char *key2(char *buf, size_t cap, const char *a, size_t an, const char *b)
{
    const char *nul = memchr(a, '\0', an); /* "%.*s" stops at a NUL */
    size_t k = nul ? (size_t)(nul - a) : an, bn = strlen(b);
    if (k > cap - 1)
        k = cap - 1;
    memcpy(buf, a, k);
    if (k < cap - 1)
        buf[k++] = '\t';
    if (bn > cap - 1 - k)
        bn = cap - 1 - k;
    memcpy(buf + k, b, bn);
    buf[k + bn] = '\0';
    return buf;
}

static void local_tm(int64_t t, int32_t off, struct tm *tm)
{
    time_t x = (time_t)(t + off);
    gmtime_r(&x, tm);
}

/* Traffic by local hour and day.  Lines come in time order, so the day's
 * entry is kept from one call to the next instead of formatted and looked
 * up each time. */
static void count_traffic(report *r, int64_t t, int col)
{
    int64_t local = t + r->offset, day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    r->hour[(local - day * 86400) / 3600][col]++;
    if (!r->day_ent || day != r->day_num) {
        struct tm tm;
        char name[16];
        local_tm(t, r->offset, &tm);
        strftime(name, sizeof name, "%Y-%m-%d", &tm);
        r->day_ent = tally_gets(&r->days, name);
        r->day_num = day;
    }
    if (r->day_ent)
        r->day_ent->v[col]++;
}

/* The instance's entry; the last one is kept, as most lines share it. */
static tally_ent *instance(report *r, const char *p, size_t n)
{
    if (!n)
        p = "-", n = 1;
    if (!r->inst_ent || r->inst_ent->klen != n || memcmp(r->inst_ent->key, p, n) != 0)
        r->inst_ent = tally_get(&r->instances, p, n);
    return r->inst_ent;
}

/* ------------------------------------------------------------ records */

/* Deferrals, bounces, rejects and expiries by reason: the reason is
 * asked for only for those statuses, never for a sent line. */
static void count_reason(report *r, const maillog_record *rec, int32_t ev)
{
    int col;
    switch (maillog_record_status(rec)) {
    case MAILLOG_STATUS_DEFERRED: col = R_DEFERRALS; break;
    case MAILLOG_STATUS_BOUNCED: col = R_BOUNCES; break;
    case MAILLOG_STATUS_REJECTED: col = R_REJECTS; break;
    case MAILLOG_STATUS_EXPIRED: col = R_EXPIRED; break;
    default: return;
    }
    if (ev == MAILLOG_EV_DELIVERY || ev == MAILLOG_EV_REJECT || ev == MAILLOG_EV_EXPIRED)
        r->by_reason[maillog_record_reason(rec)][col]++;
}

static void on_reject(report *r, const maillog_record *rec, tally_ent *inst, int64_t t)
{
    const char *p = "", *stage = "";
    size_t n = 0, sn = 0;
    char reason[128], key[256];
    tally *tab;
    get(rec, MAILLOG_F_STAGE, &stage, &sn);
    get(rec, MAILLOG_F_REPLY, &p, &n);
    switch (maillog_record_status(rec)) {
    case MAILLOG_STATUS_HELD:
        r->t.held++;
        tab = &r->hold_reasons;
        break;
    case MAILLOG_STATUS_DISCARDED:
        r->t.discarded++;
        tab = &r->discard_reasons;
        break;
    case MAILLOG_STATUS_REJECTED:
        r->t.rejected++;
        tab = &r->reject_reasons;
        break;
    default:
        return; /* proxy-accept and the like: not a refusal */
    }
    if (inst)
        inst->v[I_REJECTED]++;
    if (t != INT64_MIN)
        count_traffic(r, t, T_REJECTED);
    reason_of(p, n, reason, sizeof reason);
    tally_count(tab, key2(key, sizeof key, sn ? stage : "-", sn ? sn : 1, reason));
}

static void on_delivery(report *r, const maillog_record *rec, tally_ent *inst, int64_t t)
{
    int32_t st = maillog_record_status(rec);
    const char *p = "", *relay = "", *svc = "", *to = "";
    size_t n = 0, rn = 0, sn = 0, tn = 0;
    char reason[128], key[256], dom[256];
    tally_ent *e;
    if (st != MAILLOG_STATUS_DEFERRED && st != MAILLOG_STATUS_BOUNCED)
        return;
    get(rec, MAILLOG_F_REPLY, &p, &n);
    get(rec, MAILLOG_F_RELAY_HOST, &relay, &rn);
    get(rec, MAILLOG_F_SERVICE, &svc, &sn);
    get(rec, MAILLOG_F_TO, &to, &tn);
    reason_of(p, n, reason, sizeof reason);
    if (!rn)
        relay = "none", rn = 4;
    e = tally_get(&r->failing_relays, relay, rn);
    if (st == MAILLOG_STATUS_DEFERRED) {
        r->t.deferrals++;
        if (inst)
            inst->v[I_DEFERRALS]++;
        if (e)
            e->v[0]++;
        if (t != INT64_MIN)
            count_traffic(r, t, T_DEFERRED);
        tally_count(&r->defer_reasons, key2(key, sizeof key, svc, sn, reason));
        if ((e = tally_gets(&r->recipient_domains, domain_of(to, tn, dom, sizeof dom))) != NULL)
            e->v[2]++;
    } else {
        if (inst)
            inst->v[I_BOUNCED]++;
        if (e)
            e->v[1]++;
        if (t != INT64_MIN)
            count_traffic(r, t, T_BOUNCED);
        tally_count(&r->bounce_reasons, key2(key, sizeof key, relay, rn, reason));
    }
}

/* pflogsumm's host/domain of a client: the IP for unknown hosts, else the
 * last two labels. */
static const char *client_domain(const char *h, size_t hn, const char *ip, size_t in, char *buf,
                                 size_t cap)
{
    size_t dots = 0, i, start = 0;
    if (hn == 0 || (hn == 7 && memcmp(h, "unknown", 7) == 0)) {
        span_str(buf, cap, ip, in);
        return buf;
    }
    for (i = hn; i > 0; i--)
        if (h[i - 1] == '.' && ++dots == 2) {
            start = i;
            break;
        }
    span_str(buf, cap, h + start, hn - start);
    lower(buf);
    return buf;
}

/* SMTP connections come from the correlator's sessions, which already
 * pair each connect with its disconnect. */
static int on_session(void *user, const maillog_session *ses)
{
    report *r = user;
    const char *h = "", *ip = "";
    size_t hn = 0, in = 0;
    int64_t t0, t1;
    uint64_t secs;
    char dom[256];
    tally_ent *e;
    if (!(maillog_session_flags(ses) & MAILLOG_MSG_COMPLETE) ||
        maillog_session_number(ses, MAILLOG_SESSION_N_CONNECT_TIME, &t0) != 1 ||
        maillog_session_number(ses, MAILLOG_SESSION_N_END_TIME, &t1) != 1)
        return 0;
    secs = t1 > t0 ? (uint64_t)(t1 - t0) : 0;
    r->t.connections++;
    r->t.conn_seconds += secs;
    if (secs > r->t.conn_max)
        r->t.conn_max = secs;
    sfield(ses, MAILLOG_SESSION_F_CLIENT_HOST, &h, &hn);
    sfield(ses, MAILLOG_SESSION_F_CLIENT_IP, &ip, &in);
    if ((e = tally_gets(&r->conn_clients, client_domain(h, hn, ip, in, dom, sizeof dom))) != NULL) {
        e->v[0]++;
        e->v[1] += secs;
        if (secs > e->v[2])
            e->v[2] = secs;
    }
    return 0;
}

/* Warnings, errors, fatal and panic lines grouped by their text after the
 * severity word. */
static void on_problem(report *r, const maillog_record *rec, int32_t sev)
{
    static const char *const words[] = {"warning: ", "error: ", "fatal: ", "panic: "};
    const char *body = "", *svc = "", *s;
    size_t bn = 0, sn = 0, k, w;
    char key[300];
    get(rec, MAILLOG_F_BODY, &body, &bn);
    get(rec, MAILLOG_F_SERVICE, &svc, &sn);
    for (s = body; s < body + bn; s++) {
        for (w = 0; w < 4; w++) {
            size_t wl = strlen(words[w]);
            if ((size_t)(body + bn - s) >= wl && memcmp(s, words[w], wl) == 0)
                break;
        }
        if (w < 4) {
            s += strlen(words[w]);
            bn -= (size_t)(s - body);
            body = s;
            break;
        }
    }
    k = bn > 100 ? 100 : bn;
    snprintf(key, sizeof key, "%s\t%.*s\t%.*s%s", maillog_severity_name(sev), (int)sn, svc,
             (int)k, body, bn > k ? "..." : "");
    tally_count(&r->problems, key);
}

static int on_record(void *user, const maillog_record *rec)
{
    report *r = user;
    int64_t t = INT64_MIN;
    int32_t off = 0, ev = maillog_record_event(rec), sev = maillog_record_severity(rec);
    const char *ip = "", *p;
    size_t n = 0;
    tally_ent *inst = NULL;
    int rc;
    r->lines++;
    if (maillog_record_flags(rec) & MAILLOG_REC_UNPARSED)
        r->unparsed++;
    if (maillog_record_time(rec, &t, NULL, &off) == 1) {
        r->offset = off;
        if (!r->have_ts || t < r->first_ts)
            r->first_ts = t;
        if (!r->have_ts || t > r->last_ts)
            r->last_ts = t;
        r->have_ts = 1;
    }
    if (maillog_record_mta(rec) != MAILLOG_MTA_UNKNOWN) {
        get(rec, MAILLOG_F_INSTANCE, &p, &n);
        if ((inst = instance(r, p, n)) != NULL)
            inst->v[I_LINES]++;
    }
    count_reason(r, rec, ev);
    switch (ev) {
    case MAILLOG_EV_DELIVERY:
        on_delivery(r, rec, inst, t);
        break;
    case MAILLOG_EV_REJECT:
        on_reject(r, rec, inst, t);
        break;
    case MAILLOG_EV_ACTION:
        if (get(rec, MAILLOG_F_ACTION, &p, &n) &&
            ((n == 7 && !memcmp(p, "warning", 7)) || (n == 14 && !memcmp(p, "reject_warning", 14)))) {
            const char *stage = "-", *reply = "";
            size_t sn = 1, rn = 0;
            char reason[128], key[256];
            r->t.warned++;
            get(rec, MAILLOG_F_STAGE, &stage, &sn);
            get(rec, MAILLOG_F_REPLY, &reply, &rn);
            reason_of(reply, rn, reason, sizeof reason);
            tally_count(&r->warn_reasons, key2(key, sizeof key, stage, sn, reason));
        }
        break;
    case MAILLOG_EV_AUTH_FAILED: {
        const char *h = "";
        size_t hn = 0;
        char key[300];
        get(rec, MAILLOG_F_CLIENT_HOST, &h, &hn);
        get(rec, MAILLOG_F_CLIENT_IP, &ip, &n);
        snprintf(key, sizeof key, "%.*s[%.*s]", (int)hn, h, (int)n, ip);
        tally_count(&r->sasl_failures, key);
        break;
    }
    default:
        break;
    }
    if (sev >= MAILLOG_SEV_PANIC && sev <= MAILLOG_SEV_WARNING)
        on_problem(r, rec, sev);
    rc = maillog_corr_add(r->corr, rec);
    if (rc < 0) {
        fprintf(stderr, "maillog-report: %s\n", maillog_strerror(rc));
        return 1;
    }
    return rc == MAILLOG_STOPPED;
}

/* ------------------------------------------------------------ messages */

static int mfield(const maillog_message *m, int32_t f, const char **p, size_t *n)
{
    return present(maillog_message_field(m, f, p, n), p, n);
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
        count_traffic(r, t, T_RECEIVED);
    if (!sized || !mfield(m, MAILLOG_MESSAGE_F_FROM, &from, &fn))
        return; /* as pflogsumm: senders are known from the queue manager's line */
    r->t.bytes_received += (uint64_t)size;
    if ((e = tally_gets(&r->senders, addr_key(from, fn, key, sizeof key))) != NULL) {
        e->v[0]++;
        e->v[1] += (uint64_t)size;
    }
    domain_of(from, fn, dom, sizeof dom);
    if (!dom[0]) { /* no domain: the client's, as pflogsumm does */
        const char *h = "", *ip = "";
        size_t hn = 0, in = 0;
        mfield(m, MAILLOG_MESSAGE_F_CLIENT_HOST, &h, &hn);
        mfield(m, MAILLOG_MESSAGE_F_CLIENT_IP, &ip, &in);
        if (hn && !(hn == 7 && !memcmp(h, "unknown", 7)))
            span_str(dom, sizeof dom, h, hn);
        else if (in)
            span_str(dom, sizeof dom, ip, in);
        else
            snprintf(dom, sizeof dom, "%s", addr_key(from, fn, key, sizeof key));
    }
    if ((e = tally_gets(&r->sender_domains, dom)) != NULL) {
        e->v[0]++;
        e->v[1] += (uint64_t)size;
    }
}

static void on_recipient(report *r, const maillog_message *m, uint32_t i, int64_t size,
                         tally_ent *inst, int *deferred)
{
    const char *to = "", *reply = "", *relay = "";
    size_t tn = 0, rn = 0, ln = 0;
    int64_t st = 0, att = 0, delay = 0, t;
    char key[512], dom[256];
    tally_ent *e;
    maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_STATUS, &st);
    maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_ATTEMPTS, &att);
    rfield(m, i, MAILLOG_RECIPIENT_F_TO, &to, &tn);
    rfield(m, i, MAILLOG_RECIPIENT_F_REPLY, &reply, &rn);
    /* only deferrals come before another attempt */
    if (st == MAILLOG_STATUS_DEFERRED || att > 1)
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
    if (inst)
        inst->v[I_DELIVERED]++;
    if (maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_LAST_TIME, &t) == 1)
        count_traffic(r, t, T_DELIVERED);
    maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_DELAY_US, &delay);
    if ((e = tally_gets(&r->recipients, addr_key(to, tn, key, sizeof key))) != NULL) {
        e->v[0]++;
        e->v[1] += (uint64_t)size;
    }
    if ((e = tally_gets(&r->recipient_domains, domain_of(to, tn, dom, sizeof dom))) != NULL) {
        e->v[0]++;
        e->v[1] += (uint64_t)size;
        e->v[3] += (uint64_t)(delay / 1000);
        if ((uint64_t)(delay / 1000) > e->v[4])
            e->v[4] = (uint64_t)(delay / 1000);
    }
    if (rfield(m, i, MAILLOG_RECIPIENT_F_RELAY, &relay, &ln) &&
        (e = tally_get(&r->relay_delays, relay, host_len(relay, ln))) != NULL) {
        e->v[0]++;
        tally_sample(&r->relay_delays, e, delay);
    }
}

static int on_message(void *user, const maillog_message *m)
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
    inst = instance(r, p, n);
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

enum { OPT_JSON = TOOL_OPT_OWN, OPT_TOP };

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        TOOL_LONG_OPTS,
        {"json", no_argument, NULL, OPT_JSON},
        {"top", required_argument, NULL, OPT_TOP},
        {"human", no_argument, NULL, 'H'},
        {NULL, 0, NULL, 0}};
    static char name[] = "maillog-report";
    report *r = calloc(1, sizeof *r);
    maillog_parser *p = NULL;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, status = 0, rc, c;

    if (!r || !files) {
        fputs("maillog-report: out of memory\n", stderr);
        return 1;
    }
    tool_opts_init(&r->o, name);
    argv[0] = name; /* getopt_long's messages name the tool, not its path */
    r->top = 10;
    while (!status && (c = getopt_long(argc, argv, TOOL_SHORT_OPTS "H", longopts, NULL)) != -1) {
        if ((rc = tool_common_option(&r->o, c, optarg)) != 0) {
            if (rc < 0)
                status = 2;
            continue;
        }
        switch (c) {
        case 'h':
            usage(stdout);
            goto out;
        case 'V':
            printf("maillog-report (libmaillog) %s\n", maillog_version_string());
            goto out;
        case OPT_JSON:
            r->json = 1;
            break;
        case 'H':
            r->human = 1;
            break;
        case OPT_TOP: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0 || v > 1000000 || end == optarg) {
                fprintf(stderr, "maillog-report: bad --top '%s' (want 0 to 1000000)\n", optarg);
                status = 2;
            }
            r->top = (int)v;
            break;
        }
        default: /* getopt_long said what */
            status = tool_usage_error(&r->o);
        }
    }
    if (status || tool_opts_finish(&r->o) != 0) {
        status = 2;
        goto out;
    }
    while (optind < argc)
        files[nfiles++] = argv[optind++];
    if (!nfiles)
        files[nfiles++] = "-";
    tool_sort_rotated(files, nfiles);
    if (!(p = tool_parser(&r->o, on_record, r))) {
        status = 1;
        goto out;
    }
    if ((rc = maillog_corr_new(NULL, &r->corr)) != MAILLOG_OK) {
        fprintf(stderr, "maillog-report: %s\n", maillog_strerror(rc));
        status = 1;
        goto out;
    }
    maillog_corr_set_callbacks(r->corr, on_message, on_session, r);
    status = tool_run(&r->o, p, files, nfiles);
    if (status == 2) /* an input was refused: no report */
        goto out;
    maillog_corr_finish(r->corr);
    if (report_oom(r)) {
        fputs("maillog-report: out of memory: the report is incomplete\n", stderr);
        status = 1;
    }
    if (r->json)
        report_print_json(r, files, nfiles);
    else
        report_print_text(r, files, nfiles);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "maillog-report: write error: %s\n", strerror(errno));
        status = 1;
    }
out:
    maillog_corr_free(r->corr);
    maillog_parser_free(p);
    report_free(r);
    free(files);
    return status;
}
