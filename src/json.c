/* json.c -- one record as one JSON object: the schema every consumer
 * (tools, bindings, pipelines) shares.  Output is valid JSON and UTF-8
 * whatever bytes the line holds. */
#include "scan.h"

typedef struct out {
    char *buf;
    size_t cap, n;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->n < o->cap) {
        size_t room = o->cap - o->n;
        memcpy(o->buf + o->n, s, n < room ? n : room);
    }
    o->n += n;
}
#define PUTS(o, lit) put((o), (lit), sizeof(lit) - 1)

static void put_int(out *o, int64_t v)
{
    char tmp[24];
    int i = 24;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[--i] = '-';
    put(o, tmp + i, (size_t)(24 - i));
}

static void put_pad(out *o, int64_t v, int width)
{
    char tmp[8];
    int i;
    for (i = width - 1; i >= 0; i--) {
        tmp[i] = (char)('0' + v % 10);
        v /= 10;
    }
    put(o, tmp, (size_t)width);
}

/* Microseconds as decimal seconds, trailing zeros trimmed: 6200000 -> 6.2 */
static void put_seconds(out *o, int64_t us)
{
    int64_t frac = us % 1000000;
    put_int(o, us / 1000000);
    if (frac) {
        char tmp[7];
        int n = 6;
        int i;
        for (i = 5; i >= 0; i--) {
            tmp[i] = (char)('0' + frac % 10);
            frac /= 10;
        }
        while (n > 0 && tmp[n - 1] == '0')
            n--;
        PUTS(o, ".");
        put(o, tmp, (size_t)n);
    }
}

/* Length of a valid UTF-8 sequence at s (RFC 3629: no overlongs, no
 * surrogates, max U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return n >= 3 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return n >= 4 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 &&
                       (s[3] & 0xC0) == 0x80
                   ? 4
                   : 0;
    }
    return 0;
}

static void put_str(out *o, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, run = 0;
    PUTS(o, "\"");
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            run++;
            continue;
        }
        put(o, str + i - run, run);
        run = 0;
        if (c >= 0x80) {
            size_t k = utf8_len(s + i, n - i);
            if (k) {
                put(o, str + i, k);
                i += k;
            } else {
                PUTS(o, "\xEF\xBF\xBD");
                i++;
            }
            continue;
        }
        switch (c) {
        case '"': PUTS(o, "\\\""); break;
        case '\\': PUTS(o, "\\\\"); break;
        case '\n': PUTS(o, "\\n"); break;
        case '\r': PUTS(o, "\\r"); break;
        case '\t': PUTS(o, "\\t"); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(o, u, 6);
        }
        }
        i++;
    }
    put(o, str + i - run, run);
    PUTS(o, "\"");
}

static void key(out *o, const char *k)
{
    PUTS(o, ",\"");
    put(o, k, strlen(k));
    PUTS(o, "\":");
}

static void field(out *o, const maillog_record *r, int f)
{
    if (!ml_has(r, f))
        return;
    key(o, maillog_field_name(f));
    put_str(o, r->line + r->f[f].off, r->f[f].len);
}

static void number(out *o, const maillog_record *r, int f, int n)
{
    if (!ml_hasn(r, n))
        return;
    key(o, maillog_field_name(f));
    put_int(o, r->n[n]);
}

static void timestamp(out *o, const maillog_record *r)
{
    int64_t local = r->ts_sec + r->ts_off, days, y;
    int64_t secs;
    int32_t m, d;
    days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    secs = local - days * 86400;
    ml_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        return;
    key(o, "ts");
    PUTS(o, "\"");
    put_pad(o, y, 4);
    PUTS(o, "-");
    put_pad(o, m, 2);
    PUTS(o, "-");
    put_pad(o, d, 2);
    PUTS(o, "T");
    put_pad(o, secs / 3600, 2);
    PUTS(o, ":");
    put_pad(o, secs / 60 % 60, 2);
    PUTS(o, ":");
    put_pad(o, secs % 60, 2);
    if (r->flags & ML_REC_HAS_FRAC) {
        PUTS(o, ".");
        put_pad(o, r->ts_usec, 6);
    }
    if (r->flags & MAILLOG_REC_HAS_OFFSET) {
        int32_t off = r->ts_off < 0 ? -r->ts_off : r->ts_off;
        put(o, r->ts_off < 0 ? "-" : "+", 1);
        put_pad(o, off / 3600, 2);
        PUTS(o, ":");
        put_pad(o, off / 60 % 60, 2);
    }
    PUTS(o, "\"");
}

static void attrs(out *o, const maillog_record *r)
{
    uint32_t cur = 0;
    const char *k, *v;
    size_t kn, vn;
    int first = 1;
    while (maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn) == 1) {
        if (first)
            key(o, "attrs"), PUTS(o, "{");
        else
            PUTS(o, ",");
        first = 0;
        put_str(o, k, kn);
        PUTS(o, ":");
        put_str(o, v, vn);
    }
    if (!first)
        PUTS(o, "}");
}

int maillog_record_to_json(const maillog_record *r, char *buf, size_t cap, size_t *written)
{
    out o;
    int i;
    if (!r || (!buf && cap))
        return MAILLOG_E_INVAL;
    o.buf = buf;
    o.cap = cap ? cap - 1 : 0; /* room for the NUL */
    o.n = 0;
    PUTS(&o, "{\"line\":");
    put_int(&o, (int64_t)r->line_no);
    if (r->flags & MAILLOG_REC_HAS_TIME)
        timestamp(&o, r);
    field(&o, r, MAILLOG_F_HOST);
    field(&o, r, MAILLOG_F_PROGRAM);
    number(&o, r, MAILLOG_F_PID, MAILLOG_N_PID);
    if (r->mta != MAILLOG_MTA_UNKNOWN)
        key(&o, "mta"), put_str(&o, maillog_mta_name(r->mta), strlen(maillog_mta_name(r->mta)));
    field(&o, r, MAILLOG_F_INSTANCE);
    field(&o, r, MAILLOG_F_SERVICE);
    if (r->severity != MAILLOG_SEV_NONE) {
        const char *sv = maillog_severity_name(r->severity);
        key(&o, "severity"), put_str(&o, sv, strlen(sv));
    }
    if (!(r->flags & MAILLOG_REC_UNPARSED)) {
        const char *ev = maillog_event_name(r->event);
        key(&o, "event"), put_str(&o, ev, strlen(ev));
    }
    for (i = MAILLOG_F_QUEUE_ID; i <= MAILLOG_F_RELAY_PORT; i++) {
        if (i == MAILLOG_F_CLIENT_PORT)
            number(&o, r, i, MAILLOG_N_CLIENT_PORT);
        else if (i == MAILLOG_F_RELAY_PORT)
            number(&o, r, i, MAILLOG_N_RELAY_PORT);
        else
            field(&o, r, i);
    }
    number(&o, r, MAILLOG_F_CONN_USE, MAILLOG_N_CONN_USE);
    if (ml_hasn(r, MAILLOG_N_DELAY_US))
        key(&o, "delay"), put_seconds(&o, r->n[MAILLOG_N_DELAY_US]);
    if (ml_has(r, MAILLOG_F_DELAYS)) {
        key(&o, "delays");
        for (i = 0; i < 4; i++) {
            put(&o, i ? "," : "[", 1);
            put_seconds(&o, r->n[MAILLOG_N_DELAY_BEFORE_US + i]);
        }
        PUTS(&o, "]");
    }
    field(&o, r, MAILLOG_F_DSN);
    if (r->status != MAILLOG_STATUS_NONE) {
        const char *st = maillog_status_name(r->status);
        key(&o, "status"), put_str(&o, st, strlen(st));
        if (r->status == MAILLOG_STATUS_OTHER)
            field(&o, r, MAILLOG_F_STATUS);
    }
    field(&o, r, MAILLOG_F_REPLY);
    number(&o, r, MAILLOG_F_REPLY_CODE, MAILLOG_N_REPLY_CODE);
    number(&o, r, MAILLOG_F_SIZE, MAILLOG_N_SIZE);
    number(&o, r, MAILLOG_F_NRCPT, MAILLOG_N_NRCPT);
    field(&o, r, MAILLOG_F_NEW_QUEUE_ID);
    field(&o, r, MAILLOG_F_ACTION);
    field(&o, r, MAILLOG_F_STAGE);
    attrs(&o, r);
    if (r->flags & MAILLOG_REC_TRUNCATED)
        PUTS(&o, ",\"truncated\":true");
    if (r->flags & MAILLOG_REC_UNPARSED) {
        PUTS(&o, ",\"unparsed\":true,\"raw\":");
        put_str(&o, r->line, r->len);
    }
    PUTS(&o, "}");
    if (written)
        *written = o.n;
    if (cap)
        buf[o.n < o.cap ? o.n : o.cap] = '\0';
    return o.n <= o.cap && cap ? MAILLOG_OK : MAILLOG_E_NOSPC;
}
