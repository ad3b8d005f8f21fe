/* json_out.c -- bounded JSON output: strings, numbers, times. */
#include "json/json_out.h"
#include "scan/simd.h"

int ml_out_init(ml_out *o, char *buf, size_t cap)
{
    if (!buf && cap)
        return MAILLOG_E_INVAL;
    o->buf = buf;
    o->cap = cap ? cap - 1 : 0; /* room for the NUL */
    o->n = 0;
    o->csv = 0;
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

/* "00" to "99": numbers are written two digits a step. */
static const char two_digits[] =
    "00010203040506070809101112131415161718192021222324"
    "25262728293031323334353637383940414243444546474849"
    "50515253545556575859606162636465666768697071727374"
    "75767778798081828384858687888990919293949596979899";

/* u's decimal digits ending at d (exactly ndig of them). */
static inline void put_digits(char *d, uint64_t u, int ndig)
{
    while (ndig >= 2) {
        unsigned x = (unsigned)(u % 100) * 2;
        u /= 100;
        d[--ndig] = two_digits[x + 1];
        d[--ndig] = two_digits[x];
    }
    if (ndig)
        d[0] = (char)('0' + u);
}

void ml_out_int(ml_out *o, int64_t v)
{
    /* Digits end at 24 and the copy is a constant 24 bytes: tmp is zeroed
     * so the bytes past the number are defined. */
    char tmp[48] = {0};
    int i = 24;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    while (u >= 100) {
        unsigned d = (unsigned)(u % 100) * 2;
        u /= 100;
        tmp[--i] = two_digits[d + 1];
        tmp[--i] = two_digits[d];
    }
    if (u >= 10) {
        tmp[--i] = two_digits[u * 2 + 1];
        tmp[--i] = two_digits[u * 2];
    } else {
        tmp[--i] = (char)('0' + u);
    }
    if (v < 0)
        tmp[--i] = '-';
    if (o->n < o->cap && o->cap - o->n >= 24) {
        memcpy(o->buf + o->n, tmp + i, 24);
        o->n += (size_t)(24 - i);
    } else {
        ml_out_put(o, tmp + i, (size_t)(24 - i));
    }
}

/* Microseconds as decimal seconds, trailing zeros trimmed: 6200000 -> 6.2 */
void ml_out_seconds(ml_out *o, int64_t us)
{
    uint64_t u = us < 0 ? (uint64_t)0 - (uint64_t)us : (uint64_t)us, frac = u % 1000000;
    if (us < 0)
        ML_OUT_LIT(o, "-");
    ml_out_int(o, (int64_t)(u / 1000000));
    if (frac) {
        char tmp[7];
        int n = 7;
        tmp[0] = '.';
        put_digits(tmp + 1, frac, 6);
        while (tmp[n - 1] == '0')
            n--;
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

#ifdef ML_SIMD_SSE2
/* Of the 16 bytes at p, the last n (from skip = 16 - n on): the index of
 * the first that JSON must escape, or n. */
static uint32_t dirty_ahead(const char *p, uint32_t skip, uint32_t n)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    /* signed: bytes >= 0x80 are negative, so "< 0x20" takes them too */
    __m128i m = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
                             _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                                          _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
    uint32_t bits = (uint32_t)_mm_movemask_epi8(m) >> skip;
    return bits ? ml_ctz(bits) : n;
}
#endif

/* End of the run of bytes from i that JSON takes as they are (printable
 * ASCII but '"' and backslash): 16 bytes a step with SSE2, 8 with the
 * portable word test, then byte by byte.  Most text is such a run. */
static size_t clean_run(const char *str, size_t i, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
#ifdef ML_SIMD_SSE2
    while (n - i >= 16) {
        uint32_t k = dirty_ahead(str + i, 0, 16);
        if (k < 16)
            return i + k;
        i += 16;
    }
    if (i < n && n >= 16) /* the tail: the string's last 16 bytes, those before i dropped */
        return i + dirty_ahead(str + n - 16, 16 - (uint32_t)(n - i), (uint32_t)(n - i));
#endif
    while (n - i >= 8) {
        uint64_t x;
        memcpy(&x, str + i, 8);
        /* a byte below 0x20 or from 0x80 up, or '"' or backslash */
        if ((((x - ML_ONES * 0x20) | x) & ML_HIGHS) | ml_zero_byte(x ^ (ML_ONES * '"')) |
            ml_zero_byte(x ^ (ML_ONES * '\\')))
            break;
        i += 8;
    }
    while (i < n && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' && s[i] != '\\')
        i++;
    return i;
}

/* n bytes that need no escaping, quoted, in one copy (the caller checked
 * the room). */
static void put_clean(ml_out *o, const char *str, size_t n)
{
    char *d = o->buf + o->n;
    d[0] = '"';
    memcpy(d + 1, str, n);
    d[n + 1] = '"';
    o->n += n + 2;
}

void ml_out_str_at(ml_out *o, const char *base, size_t off, size_t n)
{
#ifdef ML_SIMD_SSE2
    /* A short string with 16 readable bytes ending where it ends: one
     * load tells whether it is clean. */
    if (n < 16 && off + n >= 16 && o->n < o->cap && o->cap - o->n >= n + 2 &&
        dirty_ahead(base + off + n - 16, 16 - (uint32_t)n, (uint32_t)n) == n) {
        put_clean(o, base + off, n);
        return;
    }
#endif
    ml_out_str(o, base + off, n);
}

void ml_out_str(ml_out *o, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, run = 0;
    if (clean_run(str, 0, n) == n && o->n < o->cap && o->cap - o->n >= n + 2) {
        put_clean(o, str, n); /* the common case */
        return;
    }
    ML_OUT_LIT(o, "\"");
    while (i < n) {
        unsigned char c;
        size_t clean = clean_run(str, i, n);
        run += clean - i;
        i = clean;
        if (i >= n)
            break;
        c = s[i];
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
        case '"':
            ML_OUT_LIT(o, "\\\"");
            if (o->csv && i + 1 < n && s[i + 1] == '"')
                i++; /* a CSV value's "" */
            break;
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
    size_t n = strlen(k);
    char tmp[40];
    if (n > sizeof tmp - 4) {
        ml_out_put(o, first ? "\"" : ",\"", first ? 1 : 2);
        ml_out_put(o, k, n);
        ML_OUT_LIT(o, "\":");
        return;
    }
    /* one piece: ,"key": */
    tmp[0] = ',';
    tmp[1] = '"';
    memcpy(tmp + 2, k, n);
    tmp[n + 2] = '"';
    tmp[n + 3] = ':';
    ml_out_put(o, tmp + (first ? 1 : 0), n + (first ? 3 : 4));
}

/* v as width decimal digits at d (zero-padded); the end of them. */
static char *digits(char *d, int64_t v, int width)
{
    put_digits(d, (uint64_t)v, width);
    return d + width;
}

void ml_out_time(ml_out *o, int64_t sec, int32_t usec, int32_t off, int has_frac, int has_off)
{
    int64_t local = sec + off, days, y;
    int64_t secs;
    int32_t m, d;
    char tmp[40], *p = tmp; /* "YYYY-MM-DDThh:mm:ss.uuuuuu+hh:mm", one put */
    if (local >= 0 && local < INT64_C(86400) * 4000000) { /* unsigned: no sign fix-ups */
        days = (int64_t)((uint64_t)local / 86400u);
        secs = (int64_t)((uint32_t)((uint64_t)local - (uint64_t)days * 86400u));
    } else {
        days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
        secs = local - days * 86400;
    }
    ml_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        ML_OUT_LIT(o, "null");
        return;
    }
    *p++ = '"';
    p = digits(p, y, 4);
    *p++ = '-';
    p = digits(p, m, 2);
    *p++ = '-';
    p = digits(p, d, 2);
    *p++ = 'T';
    p = digits(p, secs / 3600, 2);
    *p++ = ':';
    p = digits(p, secs / 60 % 60, 2);
    *p++ = ':';
    p = digits(p, secs % 60, 2);
    if (has_frac) {
        *p++ = '.';
        p = digits(p, usec, 6);
    }
    if (has_off) {
        int32_t a = off < 0 ? -off : off;
        *p++ = off < 0 ? '-' : '+';
        p = digits(p, a / 3600, 2);
        *p++ = ':';
        p = digits(p, a / 60 % 60, 2);
    }
    *p++ = '"';
    ml_out_put(o, tmp, (size_t)(p - tmp));
}
