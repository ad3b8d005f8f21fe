/* opensmtpd.c -- the OpenSMTPD dialect (tag smtpd, 6.x/7.x "brief"
 * logging): "SESSIONID subsystem event key=value ...", where the message
 * id is 8 hex digits and each recipient's envelope id (evpid) starts with
 * it.  mta delivery lines quote their values, mda delivery lines do not;
 * result= Ok/TempFail/PermFail/Loop maps to sent/deferred/bounced.
 * Formats follow OpenSMTPD's smtp_session.c, mta.c and mda.c. */
#include "mta/dialect.h"
#include "scan/scan.h"

static int sniff(const void *state, const maillog_record *r)
{
    const ml_span *pg = &r->f[MAILLOG_F_PROGRAM];
    (void)state;
    /* plain "smtpd": Postfix's smtpd always has a postfix/ prefix or a
     * syslog_name with a slash (see postfix/postfix.c) */
    return ml_has(r, MAILLOG_F_PROGRAM) && pg->len == 5 &&
                   memcmp(r->line + pg->off, "smtpd", 5) == 0
               ? ML_SNIFF_TAG
               : ML_SNIFF_NO;
}

enum { K_NONE, K_ADDRESS, K_HOST, K_MSGID, K_SIZE, K_NRCPT, K_EVPID, K_FROM, K_TO, K_RCPT,
       K_DELAY, K_RESULT, K_STAT, K_RELAY, K_COMMAND, K_USER };

static int key_id(const char *k, uint32_t n)
{
#define K(lit, id) return memcmp(k, lit, n) == 0 ? id : K_NONE
    switch (n) {
    case 2: K("to", K_TO);
    case 4:
        if (k[0] == 'f')
            K("from", K_FROM);
        if (k[0] == 'h')
            K("host", K_HOST);
        if (k[0] == 's' && k[1] == 'i')
            K("size", K_SIZE);
        if (k[0] == 'r')
            K("rcpt", K_RCPT);
        if (k[0] == 'u')
            K("user", K_USER);
        K("stat", K_STAT);
    case 5:
        if (k[0] == 'm')
            K("msgid", K_MSGID);
        if (k[0] == 'n')
            K("nrcpt", K_NRCPT);
        if (k[0] == 'e')
            K("evpid", K_EVPID);
        if (k[0] == 'd')
            K("delay", K_DELAY);
        K("relay", K_RELAY);
    case 6: K("result", K_RESULT);
    case 7:
        if (k[0] == 'a')
            K("address", K_ADDRESS);
        K("command", K_COMMAND);
    default: return K_NONE;
    }
#undef K
}

/* user= stays an attribute too: mda's names the local account, only the
 * authentication line's is the user field */
static int field_key(const char *k, uint32_t n)
{
    int id = key_id(k, n);
    return id != K_NONE && id != K_USER;
}

/* Length of the run of lower-case hex at p.  Every session line starts
 * with a 16-digit session id: one load measures it. */
static uint32_t hex_run(const char *s, uint32_t p, uint32_t end)
{
    uint32_t q = p;
#ifdef ML_SIMD_SSE2
    while (q < end && end - q >= 16) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + q));
        uint32_t other = ~(uint32_t)_mm_movemask_epi8(_mm_or_si128(
                             ml_in_range16(x, '0', '9'), ml_in_range16(x, 'a', 'f'))) &
                         0xFFFFu;
        if (other)
            return q + ml_ctz(other) - p;
        q += 16;
    }
#endif
    while (q < end && ((s[q] >= '0' && s[q] <= '9') || (s[q] >= 'a' && s[q] <= 'f')))
        q++;
    return q - p;
}

static void set_result(maillog_record *r, uint32_t off, uint32_t len)
{
    const char *v = r->line + off;
    ml_set(r, MAILLOG_F_STATUS, off, len);
    if (len == 2 && memcmp(v, "Ok", 2) == 0)
        r->status = MAILLOG_STATUS_SENT;
    else if (len == 8 && memcmp(v, "TempFail", 8) == 0)
        r->status = MAILLOG_STATUS_DEFERRED;
    else if ((len == 8 && memcmp(v, "PermFail", 8) == 0) || (len == 4 && memcmp(v, "Loop", 4) == 0))
        r->status = MAILLOG_STATUS_BOUNCED;
    else
        r->status = MAILLOG_STATUS_OTHER;
}

/* relay="addr (name)" or relay="addr" */
static void set_relay(maillog_record *r, uint32_t off, uint32_t len)
{
    const char *s = r->line;
    uint32_t end = off + len, sp = ml_find(s, off, end, ' ');
    ml_set(r, MAILLOG_F_RELAY_IP, off, sp - off);
    if (sp + 2 < end && s[sp + 1] == '(' && s[end - 1] == ')')
        ml_set(r, MAILLOG_F_RELAY_HOST, sp + 2, end - sp - 3);
}

/* The queue's delays: "4d", "2h3m", "1d2h3m4s" (duration_to_text()). */
static int duration_us(const char *s, uint32_t p, uint32_t end, int64_t *us)
{
    int64_t total = 0;
    if (p >= end)
        return 0;
    while (p < end) {
        int64_t v, mult;
        if (!ml_uint(s, &p, end, &v) || p >= end || v > 100000000)
            return 0;
        switch (s[p++]) {
        case 'd': mult = 86400; break;
        case 'h': mult = 3600; break;
        case 'm': mult = 60; break;
        case 's': mult = 1; break;
        default: return 0;
        }
        total += v * mult;
        if (total > 100000000000LL) /* 3000 years: no overflow below */
            return 0;
    }
    *us = total * 1000000;
    return 1;
}

static void fields(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    ml_kv kv;
    r->kv_off = p;
    r->kv_end = end;
    while (ml_kv_next(s, p, end, &kv)) {
        uint32_t v = kv.v_off, n = kv.v_len;
        p = kv.end;
        switch (key_id(s + kv.k_off, kv.k_len)) {
        case K_ADDRESS:
            if (!(n == 5 && memcmp(s + v, "local", 5) == 0))
                ml_set(r, MAILLOG_F_CLIENT_IP, v, n);
            break;
        case K_HOST: ml_set(r, MAILLOG_F_CLIENT_HOST, v, n); break;
        case K_MSGID: ml_set(r, MAILLOG_F_QUEUE_ID, v, n); break;
        case K_SIZE: ml_set_uint(r, MAILLOG_F_SIZE, MAILLOG_N_SIZE, v, n); break;
        case K_NRCPT: ml_set_uint(r, MAILLOG_F_NRCPT, MAILLOG_N_NRCPT, v, n); break;
        case K_EVPID: /* the message id is the envelope id's first 8 digits */
            if (n == 16 && hex_run(s, v, v + n) == 16)
                ml_set(r, MAILLOG_F_QUEUE_ID, v, 8);
            break;
        case K_FROM: ml_set(r, MAILLOG_F_FROM, v, n); break;
        case K_TO: ml_set(r, MAILLOG_F_TO, v, n); break;
        case K_RCPT:
            if (!(n == 1 && s[v] == '-') &&
                !(ml_has(r, MAILLOG_F_TO) && r->f[MAILLOG_F_TO].len == n &&
                  memcmp(s + r->f[MAILLOG_F_TO].off, s + v, n) == 0))
                ml_set(r, MAILLOG_F_ORIG_TO, v, n);
            break;
        case K_DELAY: {
            int64_t us;
            ml_set(r, MAILLOG_F_DELAY, v, n);
            if ((n > 1 && s[v + n - 1] == 's' && ml_seconds_us(s, v, n - 1, &us)) ||
                duration_us(s, v, v + n, &us))
                ml_setn(r, MAILLOG_N_DELAY_US, us);
            break;
        }
        case K_RESULT:
            if (n && ml_is((unsigned char)s[v], ML_C_DIGIT)) { /* failed-command: a reply */
                ml_set(r, MAILLOG_F_REPLY, v, n);
                ml_reply_codes(r, v, v + n, 1);
            } else {
                set_result(r, v, n);
            }
            break;
        case K_STAT:
            if (s[v - 1] != '"') { /* mda's unquoted stat= is last: it runs to the end */
                n = end - v;
                r->kv_end = kv.k_off;
                p = end;
            }
            ml_set(r, MAILLOG_F_REPLY, v, n);
            ml_reply_codes(r, v, v + n, 1);
            break;
        case K_RELAY: set_relay(r, v, n); break;
        case K_USER: /* a login; mda's user= is the local account delivered as */
            if (r->event == MAILLOG_EV_SESSION)
                ml_set(r, MAILLOG_F_USER, v, n);
            break;
        case K_COMMAND: { /* "rcpt TO:<x>": the stage is the command word */
            uint32_t w = ml_find(s, v, v + n, ' ');
            ml_set(r, MAILLOG_F_STAGE, v, w - v);
            break;
        }
        default: break;
        }
    }
}

/* smtp disconnected reason=quit|timeout|disconnect|tls-accept-failed|
 * "io-error: text" (smtp_session.c) as session_end. */
static void disconnect_reason(maillog_record *r, uint32_t v, uint32_t end)
{
    const char *s = r->line;
    if (ML_AT(s, v, end, "quit"))
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_QUIT);
    else if (ML_AT(s, v, end, "timeout"))
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_TIMEOUT);
    else if (ML_AT(s, v, end, "tls"))
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_TLS);
    else if (ML_AT(s, v, end, "disconnect") || ML_AT(s, v, end, "\"io-error"))
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_LOST);
    else
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_OTHER);
}

/* The queue's own lines about one envelope (queue.c queue_log()):
 * "relay: Expire for EVPID: from=<a>, to=<b>, rcpt=<->, delay=4d,
 * stat=Envelope expired" when its lifetime ends, "Remove for" when the
 * administrator removed it (smtpctl remove); "delivery:" for local
 * ones.  The message id is the envelope id's first 8 digits. */
static int queue_log(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q = p + (s[p] == 'r' ? 7 : 10), id;
    int expire;
    if (!ML_AT(s, q, end, "Expire for ") && !ML_AT(s, q, end, "Remove for "))
        return 0;
    expire = s[q] == 'E';
    id = q + 11;
    if (hex_run(s, id, end) != 16 || !ML_AT(s, id + 16, end, ": "))
        return 0;
    ml_set(r, MAILLOG_F_QUEUE_ID, id, 8);
    ml_set(r, MAILLOG_F_ACTION, q, 6);
    fields(r, id + 18, end);
    if (expire) {
        r->event = MAILLOG_EV_EXPIRED;
        r->status = MAILLOG_STATUS_EXPIRED;
    } else {
        r->event = MAILLOG_EV_REMOVED;
    }
    return 1;
}

/* "subsystem event" after the session id. */
static int session_line(maillog_record *r, uint32_t p, uint32_t end)
{
    /* "subsystem event ": the first match wins, so the catch-alls are last */
    static const ml_word kinds[] = {
        ML_W("smtp connected "), ML_W("smtp message "), ML_W("smtp envelope "),
        ML_W("smtp disconnected "), ML_W("smtp failed-command "), ML_W("smtp authentication "),
        ML_W("mda delivery "), ML_W("mta delivery "), ML_W("mta error "), ML_W("smtp "),
        ML_W("mta "), ML_W("mda "), {NULL, 0}};
    static const int32_t events[] = {
        MAILLOG_EV_CONNECT, MAILLOG_EV_CLIENT, MAILLOG_EV_QUEUED, MAILLOG_EV_DISCONNECT,
        MAILLOG_EV_REJECT, MAILLOG_EV_SESSION, MAILLOG_EV_DELIVERY, MAILLOG_EV_DELIVERY,
        MAILLOG_EV_RELAY_ERROR, MAILLOG_EV_SESSION, MAILLOG_EV_SESSION, MAILLOG_EV_SESSION};
    const char *s = r->line;
    uint32_t w;
    int i = ml_word_at(s, p, end, kinds);
    if (i < 0)
        return 0;
    w = p + kinds[i].n;
    r->event = events[i];
    if (kinds[i].n == 5 || kinds[i].n == 4) /* "smtp ", "mta ", "mda ": skip the event word */
        w = ml_find(s, w, end, ' ');
    fields(r, w, end);
    if (r->event == MAILLOG_EV_RELAY_ERROR || r->event == MAILLOG_EV_DISCONNECT ||
        r->event == MAILLOG_EV_SESSION) { /* reason= is last and holds spaces */
        uint32_t q = ML_FIND(s, p, end, " reason=");
        if (q < end) {
            ml_set(r, MAILLOG_F_REPLY, q + 8, end - q - 8);
            if (r->kv_end > q)
                r->kv_end = q;
            if (r->event == MAILLOG_EV_DISCONNECT)
                disconnect_reason(r, q + 8, end);
        }
    }
    if (r->event == MAILLOG_EV_REJECT) {
        r->status = MAILLOG_STATUS_REJECTED;
        if (ml_has(r, MAILLOG_F_STAGE) && r->f[MAILLOG_F_STAGE].len == 4 &&
            ml_eq_nocase(s + r->f[MAILLOG_F_STAGE].off, 4, "rcpt")) {
            uint32_t a = ML_FIND(s, r->f[MAILLOG_F_STAGE].off, end, "<"), b;
            b = a < end ? ml_find(s, a, end, '>') : end;
            if (b < end)
                ml_set(r, MAILLOG_F_TO, a + 1, b - a - 1);
        }
    } else if (ML_AT(s, p, end, "smtp authentication ")) {
        uint32_t res = ML_FIND(s, p, end, " result=");
        if (res < end && !ML_AT(s, res + 8, end, "ok"))
            r->event = MAILLOG_EV_AUTH_FAILED;
        r->status = MAILLOG_STATUS_NONE; /* result= is the login's, not a delivery's */
    }
    return 1;
}

static int parse_body(void *state, maillog_record *r)
{
    const char *s = r->line;
    uint32_t p = r->f[MAILLOG_F_BODY].off, end = r->len;
    int ok = 0;
    (void)state;
    if (hex_run(s, p, end) == 16 && p + 16 < end && s[p + 16] == ' ') {
        ml_set(r, MAILLOG_F_SESSION_ID, p, 16);
        ok = session_line(r, p + 17, end);
    } else if ((ML_AT(s, p, end, "relay: ") || ML_AT(s, p, end, "delivery: ")) &&
               queue_log(r, p, end)) {
        ok = 1;
    } else if (ML_AT(s, p, end, "info: ") || ML_AT(s, p, end, "Exiting") ||
               ML_AT(s, p, end, "debug: ")) {
        r->event = MAILLOG_EV_DAEMON;
        ok = 1;
    } else if (ML_AT(s, p, end, "warn: ") || ML_AT(s, p, end, "smtp-out: ") ||
               ML_AT(s, p, end, "smtp-in: ")) {
        r->event = MAILLOG_EV_NOTICE;
        if (s[p] == 'w')
            r->severity = MAILLOG_SEV_WARNING;
        ok = 1;
    }
    return ok;
}

const ml_dialect ml_dialect_opensmtpd = {
    MAILLOG_MTA_OPENSMTPD, "opensmtpd", 9, sniff, parse_body, field_key,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, ML_CORR_IMPLICIT_END, NULL, NULL,
};
