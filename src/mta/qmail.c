/* qmail.c -- the qmail dialect: qmail-send's vocabulary (qmail-log(5)),
 * qmail-smtpd, rblsmtpd and tcpserver lines; through splogger ("qmail:
 * EPOCH.USEC text") or multilog files (TAI64N or tai64nlocal stamps, no
 * tag).  A message is numbered by its queue file's inode (reused at
 * once), a delivery by its own number; "starting delivery D: msg N to ..."
 * ties the two, and the result line names D only. */
#include "mta/dialect.h"
#include "scan/scan.h"

static int sniff(const void *state, const maillog_record *r)
{
    static const ml_word tags[] = {ML_W("qmail"), ML_W("qmail-send"), ML_W("qmail-smtpd"),
                                   ML_W("qmail-remote"), ML_W("qmail-local"), ML_W("rblsmtpd"),
                                   ML_W("tcpserver"), ML_W("splogger"), {NULL, 0}};
    const ml_span *sv = &r->f[MAILLOG_F_SERVICE];
    (void)state;
    if (!ml_has(r, MAILLOG_F_PROGRAM)) /* a multilog file: its own stamps */
        return (r->flags & ML_REC_NATIVE_STAMP) ? ML_SNIFF_MAYBE : ML_SNIFF_NO;
    return ml_word_index(r->line + sv->off, sv->len, tags) >= 0 ? ML_SNIFF_TAG : ML_SNIFF_NO;
}

static int field_key(const char *k, uint32_t n)
{
    (void)k;
    (void)n;
    return 0; /* no key=value pairs */
}

/* A decimal number at p: its end, or p. */
static uint32_t number_end(const char *s, uint32_t p, uint32_t end)
{
    while (p < end && ml_is((unsigned char)s[p], ML_C_DIGIT))
        p++;
    return p;
}

/* "msg N" or "delivery D" followed by ": " or " ": the number's span. */
static uint32_t numbered(maillog_record *r, uint32_t p, uint32_t end, int field)
{
    uint32_t e = number_end(r->line, p, end);
    if (e == p)
        return p;
    ml_set(r, field, p, e - p);
    return e;
}

static int send_line(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t e, q;
    if (ML_AT(s, p, end, "new msg ")) {
        if (numbered(r, p + 8, end, MAILLOG_F_QUEUE_ID) == p + 8)
            return 0;
        r->event = MAILLOG_EV_CLIENT; /* the message enters the queue */
        return 1;
    }
    if (ML_AT(s, p, end, "info msg ")) {
        /* "info msg N: bytes B from <S> qp Q uid U" */
        e = numbered(r, p + 9, end, MAILLOG_F_QUEUE_ID);
        if (!ML_AT(s, e, end, ": bytes "))
            return 0;
        q = number_end(s, e + 8, end);
        ml_set_uint(r, MAILLOG_F_SIZE, MAILLOG_N_SIZE, e + 8, q - e - 8);
        if (ML_AT(s, q, end, " from <")) {
            uint32_t a = q + 7, b = ml_delim_end(s, q + 6, end, ' ');
            if (b > a && s[b - 1] == '>')
                ml_set(r, MAILLOG_F_FROM, a, b - 1 - a);
        }
        r->event = MAILLOG_EV_QUEUED;
        return 1;
    }
    if (ML_AT(s, p, end, "starting delivery ")) {
        /* "starting delivery D: msg N to local|remote ADDR" */
        e = numbered(r, p + 18, end, MAILLOG_F_DELIVERY_ID);
        if (!ML_AT(s, e, end, ": msg "))
            return 0;
        e = numbered(r, e + 6, end, MAILLOG_F_QUEUE_ID);
        if (ML_AT(s, e, end, " to local ") || ML_AT(s, e, end, " to remote ")) {
            uint32_t w = e + 4, a = ml_find(s, w, end, ' ') + 1;
            ml_set(r, MAILLOG_F_RELAY_HOST, w, a - 1 - w); /* local or remote */
            ml_set(r, MAILLOG_F_TO, a, end - a);
        }
        r->event = MAILLOG_EV_NOTICE; /* the attempt's result comes later */
        return 1;
    }
    if (ML_AT(s, p, end, "delivery ")) {
        /* "delivery D: success|failure|deferral: TEXT" */
        static const struct {
            ml_word w;
            int32_t st;
        } res[] = {{ML_W("success: "), MAILLOG_STATUS_SENT},
                   {ML_W("failure: "), MAILLOG_STATUS_BOUNCED},
                   {ML_W("deferral: "), MAILLOG_STATUS_DEFERRED},
                   {ML_W("report mangled, will defer"), MAILLOG_STATUS_DEFERRED}};
        uint32_t i;
        e = numbered(r, p + 9, end, MAILLOG_F_DELIVERY_ID);
        if (!ML_AT(s, e, end, ": "))
            return 0;
        e += 2;
        for (i = 0; i < 4; i++)
            if (ml_at(s, e, end, res[i].w.s, res[i].w.n)) {
                uint32_t t = i < 3 ? e + res[i].w.n : e;
                r->status = res[i].st;
                ml_set(r, MAILLOG_F_STATUS, e, res[i].w.n - (i < 3 ? 2 : 0));
                ml_set(r, MAILLOG_F_REPLY, t, end - t);
                ml_reply_codes(r, t, end, 1);
                r->event = MAILLOG_EV_DELIVERY;
                return 1;
            }
        return 0;
    }
    if (ML_AT(s, p, end, "end msg ")) {
        if (numbered(r, p + 8, end, MAILLOG_F_QUEUE_ID) == p + 8)
            return 0;
        r->event = MAILLOG_EV_REMOVED;
        return 1;
    }
    if (ML_AT(s, p, end, "bounce msg ")) {
        if (numbered(r, p + 11, end, MAILLOG_F_QUEUE_ID) == p + 11)
            return 0;
        r->event = MAILLOG_EV_NOTIFICATION;
        return 1;
    }
    if (ML_AT(s, p, end, "status: local ")) {
        r->event = MAILLOG_EV_STATISTICS;
        return 1;
    }
    if (ML_AT(s, p, end, "triple bounce: ")) {
        r->event = MAILLOG_EV_QUEUE_ADMIN;
        return 1;
    }
    if (ML_AT(s, p, end, "alert: ") || ML_AT(s, p, end, "warning: ") ||
        ML_AT(s, p, end, "unable to ")) {
        r->severity = s[p] == 'a' ? MAILLOG_SEV_ALERT : MAILLOG_SEV_WARNING;
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    return 0;
}

/* The program's name, either as the syslog tag or as "name: " in the text
 * (through splogger): the offset after it, or 0. */
static uint32_t program_is(const maillog_record *r, uint32_t p, uint32_t end, const char *name,
                           uint32_t n)
{
    const ml_span *sv = &r->f[MAILLOG_F_SERVICE];
    if (ml_has(r, MAILLOG_F_SERVICE) && sv->len == n && memcmp(r->line + sv->off, name, n) == 0)
        return p;
    if (ml_at(r->line, p, end, name, n) && ML_AT(r->line, p + n, end, ": "))
        return p + n + 2;
    return 0;
}
#define PROGRAM_IS(r, p, end, lit) program_is((r), (p), (end), (lit), (uint32_t)(sizeof(lit) - 1))

/* qmail-smtpd, rblsmtpd and tcpserver lines. */
static int smtp_line(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q, t;
    if ((t = PROGRAM_IS(r, p, end, "rblsmtpd")) != 0) {
        /* "rblsmtpd: IP pid P ZONE: 451 text" or "ZONE blocked IP ..." */
        uint32_t a = t, b = ml_find(s, a, end, ' ');
        if (ML_AT(s, b, end, " pid ")) {
            ml_set(r, MAILLOG_F_CLIENT_IP, a, b - a);
            q = ML_FIND(s, b, end, ": ");
            if (q < end) {
                ml_set(r, MAILLOG_F_REPLY, q + 2, end - q - 2);
                ml_reply_codes(r, q + 2, end, 1);
            }
        } else if ((q = ML_FIND(s, a, end, " blocked ")) < end) {
            uint32_t c = q + 9, d = ml_find(s, c, end, ' ');
            ml_set(r, MAILLOG_F_CLIENT_IP, c, d - c);
            ml_set(r, MAILLOG_F_REPLY, a, end - a);
        }
        r->event = MAILLOG_EV_REJECT;
        r->status = MAILLOG_STATUS_REJECTED;
        return 1;
    }
    if ((t = PROGRAM_IS(r, p, end, "qmail-smtpd")) != 0) {
        if ((q = ML_FIND(s, t, end, " ip ")) < end) {
            uint32_t d = ml_find(s, q + 4, end, ' ');
            ml_set(r, MAILLOG_F_CLIENT_IP, q + 4, d - q - 4);
        }
        ml_set(r, MAILLOG_F_REPLY, t, end - t);
        ml_reply_codes(r, t, end, 1);
        if (ml_has(r, MAILLOG_F_REPLY_CODE) && s[t] >= '4') {
            r->event = MAILLOG_EV_REJECT;
            r->status = MAILLOG_STATUS_REJECTED;
        } else {
            r->event = MAILLOG_EV_SESSION;
        }
        return 1;
    }
    if ((t = PROGRAM_IS(r, p, end, "tcpserver")) != 0) {
        if (ML_AT(s, t, end, "pid ") && (q = ML_FIND(s, t, end, " from ")) < end) {
            ml_set(r, MAILLOG_F_CLIENT_IP, q + 6, end - q - 6);
            r->event = MAILLOG_EV_CONNECT;
        } else if (ML_AT(s, t, end, "end ")) {
            r->event = MAILLOG_EV_DISCONNECT;
        } else {
            r->event = MAILLOG_EV_SESSION;
        }
        return 1;
    }
    return 0;
}

static int parse_body(void *state, maillog_record *r)
{
    const char *s = r->line;
    uint32_t p = r->f[MAILLOG_F_BODY].off, end = r->len, e;
    (void)state;
    /* splogger: "EPOCH.USEC " before the text */
    e = number_end(s, p, end);
    if (e > p && e < end && s[e] == '.') {
        uint32_t f = number_end(s, e + 1, end);
        if (f > e + 1 && f < end && s[f] == ' ')
            p = f + 1;
    }
    return send_line(r, p, end) || smtp_line(r, p, end);
}

/* qmail writes its results with '_' for spaces and '/' for line breaks
 * ("Remote_host_said:_250_ok/"). */
static void decode(const char *in, uint32_t n, char *out)
{
    uint32_t i;
    for (i = 0; i < n; i++)
        out[i] = in[i] == '_' ? ' ' : in[i] == '/' ? '\n' : in[i];
}

const ml_dialect ml_dialect_qmail = {
    MAILLOG_MTA_QMAIL, "qmail", 5, sniff, parse_body, field_key,
    NULL, NULL, NULL, NULL, decode, NULL, NULL, 0, NULL, NULL,
};
