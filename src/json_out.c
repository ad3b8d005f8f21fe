/* json_out.c -- bounded JSON output: strings, numbers, times. */
#include "json_out.h"

int ml_out_init(ml_out *o, char *buf, size_t cap)
{
    if (!buf && cap)
        return MAILLOG_E_INVAL;
    o->buf = buf;
    o->cap = cap ? cap - 1 : 0; /* room for the NUL */
    o->n = 0;
    return MAILLOG_OK;
}

int ml_out_finish(ml_out *o, char *buf, size_t cap, size_t *written)
{
    if (written)
        *written = o->n;
    if (cap)
        buf[o->n < o->cap ? o->n : o->cap] = '\0';
    return o->n <= o->cap && cap ? MAILLOG_OK : MAILLOG_E_NOSPC;
}

void ml_out_put(ml_out *o, const char *s, size_t n)
{
    if (o->n < o->cap) {
        size_t room = o->cap - o->n;
        memcpy(o->buf + o->n, s, n < room ? n : room);
    }
    o->n += n;
}

void ml_out_int(ml_out *o, int64_t v)
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
    ml_out_put(o, tmp + i, (size_t)(24 - i));
}

static void put_pad(ml_out *o, int64_t v, int width)
{
    char tmp[8];
    int i;
    for (i = width - 1; i >= 0; i--) {
        tmp[i] = (char)('0' + v % 10);
        v /= 10;
    }
    ml_out_put(o, tmp, (size_t)width);
}

/* Microseconds as decimal seconds, trailing zeros trimmed: 6200000 -> 6.2 */
void ml_out_seconds(ml_out *o, int64_t us)
{
    int64_t frac = us % 1000000;
    ml_out_int(o, us / 1000000);
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
        ML_OUT_LIT(o, ".");
        ml_out_put(o, tmp, (size_t)n);
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

void ml_out_str(ml_out *o, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, run = 0;
    ML_OUT_LIT(o, "\"");
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            run++;
            continue;
        }
        ml_out_put(o, str + i - run, run);
        run = 0;
        if (c >= 0x80) {
            size_t k = utf8_len(s + i, n - i);
            if (k) {
                ml_out_put(o, str + i, k);
                i += k;
            } else {
                ML_OUT_LIT(o, "\xEF\xBF\xBD");
                i++;
            }
            continue;
        }
        switch (c) {
        case '"': ML_OUT_LIT(o, "\\\""); break;
        case '\\': ML_OUT_LIT(o, "\\\\"); break;
        case '\n': ML_OUT_LIT(o, "\\n"); break;
        case '\r': ML_OUT_LIT(o, "\\r"); break;
        case '\t': ML_OUT_LIT(o, "\\t"); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            ml_out_put(o, u, 6);
        }
        }
        i++;
    }
    ml_out_put(o, str + i - run, run);
    ML_OUT_LIT(o, "\"");
}

void ml_out_key(ml_out *o, const char *k, int first)
{
    if (first)
        ML_OUT_LIT(o, "\"");
    else
        ML_OUT_LIT(o, ",\"");
    ml_out_put(o, k, strlen(k));
    ML_OUT_LIT(o, "\":");
}

void ml_out_time(ml_out *o, int64_t sec, int32_t usec, int32_t off, int has_frac, int has_off)
{
    int64_t local = sec + off, days, y;
    int64_t secs;
    int32_t m, d;
    days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    secs = local - days * 86400;
    ml_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        ML_OUT_LIT(o, "null");
        return;
    }
    ML_OUT_LIT(o, "\"");
    put_pad(o, y, 4);
    ML_OUT_LIT(o, "-");
    put_pad(o, m, 2);
    ML_OUT_LIT(o, "-");
    put_pad(o, d, 2);
    ML_OUT_LIT(o, "T");
    put_pad(o, secs / 3600, 2);
    ML_OUT_LIT(o, ":");
    put_pad(o, secs / 60 % 60, 2);
    ML_OUT_LIT(o, ":");
    put_pad(o, secs % 60, 2);
    if (has_frac) {
        ML_OUT_LIT(o, ".");
        put_pad(o, usec, 6);
    }
    if (has_off) {
        int32_t a = off < 0 ? -off : off;
        ml_out_put(o, off < 0 ? "-" : "+", 1);
        put_pad(o, a / 3600, 2);
        ML_OUT_LIT(o, ":");
        put_pad(o, a / 60 % 60, 2);
    }
    ML_OUT_LIT(o, "\"");
}
