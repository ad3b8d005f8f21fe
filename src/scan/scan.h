/* scan.h -- the small scanners every dialect shares: byte classes, and
 * finding bytes, words, numbers and pairs in a line.  Locale-free: byte
 * classes come from one table, never from <ctype.h>.  The SIMD primitives
 * they are built on are in scan/simd.h. */
#ifndef MAILLOG_SCAN_H
#define MAILLOG_SCAN_H

#include "core/internal.h"
#include "scan/simd.h"

#define ML_C_DIGIT 0x01u
#define ML_C_HEXUP 0x02u /* 0-9 A-F */
#define ML_C_ALPHA 0x04u
#define ML_C_KEY   0x08u /* A-Z a-z 0-9 _ . - */
#define ML_C_ALNUM 0x10u /* A-Z a-z 0-9 */
#define ML_C_QIDLG 0x20u /* long queue id alphabet: alnum without vowels */
#define ML_C_SEP   0x40u /* separates key=value pairs: space tab , ; */

extern const uint8_t ml_class[256];

static inline int ml_is(unsigned char c, unsigned cls) { return (ml_class[c] & cls) != 0; }

static inline unsigned char ml_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* s[off..] starts with the literal lit (length n) inside [0,end). */
static inline int ml_at(const char *s, uint32_t off, uint32_t end, const char *lit, uint32_t n)
{
    /* The first-byte test settles most calls without a memcmp. */
    return end >= off && end - off >= n && s[off] == lit[0] && memcmp(s + off, lit, n) == 0;
}
#define ML_AT(s, off, end, lit) ml_at((s), (off), (end), (lit), (uint32_t)(sizeof(lit) - 1))

/* A literal with its length, so table scans need no strlen per line. */
typedef struct ml_word {
    const char *s;
    uint32_t n;
} ml_word;
#define ML_W(lit) {lit, (uint32_t)(sizeof(lit) - 1)}

/* Index of the word in table w (ended by {NULL, 0}) that the span equals,
 * or -1. */
static inline int ml_word_index(const char *p, uint32_t len, const ml_word *w)
{
    int i;
    for (i = 0; w[i].s; i++)
        if (w[i].n == len && memcmp(p, w[i].s, len) == 0)
            return i;
    return -1;
}

/* Index of the word in table w that starts s at off, or -1. */
static inline int ml_word_at(const char *s, uint32_t off, uint32_t end, const ml_word *w)
{
    int i;
    for (i = 0; w[i].s; i++)
        if (ml_at(s, off, end, w[i].s, w[i].n))
            return i;
    return -1;
}

/* End offset of field id's span. */
#define ML_SPAN_END(r, id) ((r)->f[id].off + (r)->f[id].len)

/* Span equals literal, ASCII case-insensitively. */
int ml_eq_nocase(const char *s, uint32_t len, const char *lit);

/* n bytes at a and b equal.  The texts compared on every line (cached
 * stamps, correlation keys, addresses) are short: whole words, the last
 * one overlapping, and no library call. */
static inline int ml_same_bytes(const char *a, const char *b, size_t n)
{
    uint64_t x, y, acc = 0;
    uint32_t u, v;
    size_t i;
    if (n >= 8) {
        for (i = 0; i + 8 < n; i += 8) {
            memcpy(&x, a + i, 8);
            memcpy(&y, b + i, 8);
            acc |= x ^ y;
        }
        memcpy(&x, a + n - 8, 8);
        memcpy(&y, b + n - 8, 8);
        return (acc | (x ^ y)) == 0;
    }
    if (n >= 4) {
        memcpy(&u, a, 4);
        memcpy(&v, b, 4);
        acc = u ^ v;
        memcpy(&u, a + n - 4, 4);
        memcpy(&v, b + n - 4, 4);
        return (acc | (u ^ v)) == 0;
    }
    for (i = 0; i < n; i++)
        acc |= (uint64_t)((unsigned char)a[i] ^ (unsigned char)b[i]);
    return acc == 0;
}

/* Offset of the first byte equal to a, b, c or d in [off,end), or end
 * (repeat a byte for a smaller set).  The long scans of a line -- values,
 * host names, program tags, addresses -- go through here: 16 bytes per step
 * with SSE2, 8 with the portable word-at-a-time test, and byte by byte only
 * for the last few bytes (scan/simd.h decides which are built; the results
 * are the same).  Like every scanner here it takes s as the line's start,
 * with offsets into it: loads stay within s[0, end). */
static inline uint32_t ml_find_any(const char *s, uint32_t off, uint32_t end, char a, char b,
                                   char c, char d)
{
#ifdef ML_SIMD_SSE2
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c),
                  vd = _mm_set1_epi8(d);
    while (off < end && end - off >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + off));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
                                 _mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vd)));
        int bits = _mm_movemask_epi8(m);
        if (bits)
            return off + ml_ctz((uint32_t)bits);
        off += 16;
    }
#endif
#ifdef ML_SWAR_LE
    while (off < end && end - off >= 8) { /* the word's mask gives the byte */
        uint64_t x;
        uint32_t m;
        memcpy(&x, s + off, 8);
        if ((m = ml_word_mask_any(x, a, b, c, d)) != 0)
            return off + ml_ctz(m);
        off += 8;
    }
#else
    while (off < end && end - off >= 8) {
        uint64_t x;
        memcpy(&x, s + off, 8);
        if (ml_zero_byte(x ^ (ML_ONES * (unsigned char)a)) |
            ml_zero_byte(x ^ (ML_ONES * (unsigned char)b)) |
            ml_zero_byte(x ^ (ML_ONES * (unsigned char)c)) |
            ml_zero_byte(x ^ (ML_ONES * (unsigned char)d)))
            break; /* the byte is among these 8: the loop below finds it */
        off += 8;
    }
#endif
    for (; off < end; off++)
        if (s[off] == a || s[off] == b || s[off] == c || s[off] == d)
            return off;
    return end;
}

/* Bit i set when s[off + i] is a, b, c or d, for the 16 bytes from off
 * (fewer when end is nearer): a scanner that stops at several kinds of
 * byte takes them all from one mask.  Near the end, SSE2 loads the 16
 * bytes that end at end (s is the line's start, so they are the line's)
 * and drops those before off. */
static inline uint32_t ml_mask_any(const char *s, uint32_t off, uint32_t end, char a, char b,
                                   char c, char d)
{
    uint32_t m = 0, i, n = end - off < 16 ? end - off : 16;
#ifdef ML_SIMD_SSE2
    if (n == 16 || end >= 16) { /* near the end: the 16 bytes that end there */
        uint32_t at = n == 16 ? off : end - 16;
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + at));
        __m128i e = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(a)), _mm_cmpeq_epi8(x, _mm_set1_epi8(b))),
            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(c)), _mm_cmpeq_epi8(x, _mm_set1_epi8(d))));
        return (uint32_t)_mm_movemask_epi8(e) >> (off - at);
    }
#endif
#ifdef ML_SWAR_LE
    if (n == 16 || end >= 16) { /* as above, two words */
        uint32_t at = n == 16 ? off : end - 16;
        uint64_t x0, x1;
        memcpy(&x0, s + at, 8);
        memcpy(&x1, s + at + 8, 8);
        return (ml_word_mask_any(x0, a, b, c, d) | ml_word_mask_any(x1, a, b, c, d) << 8) >>
               (off - at);
    }
#endif
    for (i = 0; i < n; i++) {
        char x = s[off + i];
        m |= (uint32_t)(x == a || x == b || x == c || x == d) << i;
    }
    return m;
}

/* Offset of the first c in [off,end), or end. */
static inline uint32_t ml_find(const char *s, uint32_t off, uint32_t end, char c)
{
    const void *p = off < end ? memchr(s + off, c, end - off) : NULL;
    return p ? (uint32_t)((const char *)p - s) : end;
}
/* Offset of the first occurrence of lit in [off,end), or end. */
uint32_t ml_find_str(const char *s, uint32_t off, uint32_t end, const char *lit, uint32_t n);
#define ML_FIND(s, off, end, lit) ml_find_str((s), (off), (end), (lit), (uint32_t)(sizeof(lit) - 1))

/* Unsigned decimal of at most 18 digits at s[*pos]; returns 1 and advances
 * *pos, 0 when no digit or too many (then *pos unchanged). */
static inline int ml_uint(const char *s, uint32_t *pos, uint32_t end, int64_t *v)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t p = *pos;
    uint64_t x = 0; /* unsigned: wraps harmlessly on the runs refused below */
    unsigned d;
    while (p < end && (d = u[p] - 48u) < 10) {
        x = x * 10 + d;
        p++;
    }
    if (p == *pos || p - *pos > 18)
        return 0;
    *pos = p;
    *v = (int64_t)x;
    return 1;
}
/* The whole span [off,end) as an unsigned decimal of 1 to 18 digits. */
static inline int ml_uint_span(const char *s, uint32_t off, uint32_t end, int64_t *v)
{
    int64_t x = 0;
    if (end <= off || end - off > 18)
        return 0;
    for (; off < end; off++) {
        unsigned d = (unsigned)(unsigned char)s[off] - '0';
        if (d > 9)
            return 0;
        x = x * 10 + d;
    }
    *v = x;
    return 1;
}
/* Decimal seconds with optional fraction ("6.2", "0", "563") to
 * microseconds; the whole span must be the number. */
int ml_seconds_us(const char *s, uint32_t off, uint32_t len, int64_t *us);
/* The same number at *pos, ended by any other byte: advances *pos.  Every
 * shape, out of line; ml_seconds_at() is the one to call. */
int ml_seconds_scan(const char *s, uint32_t *pos, uint32_t end, int64_t *us);
/* The same.  MTAs write most delays as one digit and at most two
 * decimals ("0", "0.5", "0.08"), five numbers a delivery line: that shape
 * is read here, inline and without loops, and every other by
 * ml_seconds_scan(), with the same results. */
static inline int ml_seconds_at(const char *s, uint32_t *pos, uint32_t end, int64_t *us)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t p = *pos;
    unsigned d;
    if (end > p && end - p >= 4 && (d = u[p] - 48u) < 10) {
        unsigned d1 = u[p + 1] - 48u, d2 = u[p + 2] - 48u, d3 = u[p + 3] - 48u;
        if (d1 >= 10 && u[p + 1] != '.') {
            *us = (int64_t)d * 1000000;
            *pos = p + 1;
            return 1;
        }
        if (u[p + 1] == '.' && d2 < 10) {
            if (d3 >= 10) {
                *us = (int64_t)d * 1000000 + (int64_t)d2 * 100000;
                *pos = p + 3;
                return 1;
            }
            if (end - p == 4 || (unsigned)(u[p + 4] - 48u) >= 10) {
                *us = (int64_t)d * 1000000 + (int64_t)d2 * 100000 + (int64_t)d3 * 10000;
                *pos = p + 4;
                return 1;
            }
        }
    }
    return ml_seconds_scan(s, pos, end, us);
}

/* One key=value pair found by ml_kv_next(). */
typedef struct ml_kv {
    uint32_t k_off, k_len; /* key */
    uint32_t v_off, v_len; /* value, <> or "" stripped */
    uint32_t end;          /* offset after the pair; a " (group)" after it
                              is skipped by the next call, never split */
    uint32_t bracketed;    /* value was in <...> */
} ml_kv;

/* Next key=value pair in [pos,end).  Separators are spaces, commas and
 * semicolons; words that are not key=value are skipped.  A <...> value is
 * read as a whole, honouring nested <> and "quoted" local parts, so text
 * inside an address cannot create pairs.  Returns 0 at the end. */
int ml_kv_next(const char *s, uint32_t pos, uint32_t end, ml_kv *kv);
/* End of a <...> value starting at s[off] == '<': nested brackets and
 * "quoted strings" (with backslash escapes) are inside the value; end when
 * unclosed. */
uint32_t ml_angle_end(const char *s, uint32_t off, uint32_t end);
/* End of a "quoted" value starting at s[off] == '"' (backslash escapes),
 * or end. */
uint32_t ml_quote_end(const char *s, uint32_t off, uint32_t end);
/* The pair whose key starts at k and whose '=' is at eq (the key already
 * known to be one): reads its value exactly as ml_kv_next() does.  Inline:
 * it runs for every pair of every line. */
static inline void ml_kv_value(const char *s, uint32_t k, uint32_t eq, uint32_t end, ml_kv *kv)
{
    uint32_t p = eq + 1, v_end;
    kv->k_off = k;
    kv->k_len = eq - k;
    kv->bracketed = 0;
    if (p < end && s[p] == '<') {
        v_end = ml_angle_end(s, p, end);
        kv->v_off = p + 1;
        kv->v_len = v_end - p - 1;
        kv->bracketed = 1;
        p = v_end < end ? v_end + 1 : end;
    } else if (p < end && s[p] == '"') {
        v_end = ml_quote_end(s, p, end);
        kv->v_off = p + 1;
        kv->v_len = v_end - p - 1;
        p = v_end < end ? v_end + 1 : end;
    } else {
        kv->v_off = p;
        p = ml_find_any(s, p, end, ' ', ',', '\t', '\t');
        kv->v_len = p - kv->v_off;
    }
    kv->end = p;
}

/* host[addr]:port in [off,end): fills spans (host absent when empty) and
 * the port number.  Returns the offset after what was read, or off when the
 * text has no [addr]. */
static inline uint32_t ml_hostaddr(const char *s, uint32_t off, uint32_t end, ml_span *host,
                                   ml_span *addr, ml_span *port, int64_t *portnum)
{
    uint32_t lb = off, rb, p;
    /* The host name ends at the first '[' -- names never contain one, and
     * the address (IPv6 too) never contains ']'. */
    lb = ml_find_any(s, lb, end, ' ', ',', '[', '[');
    if (lb >= end || s[lb] != '[')
        return off;
    rb = ml_find(s, lb + 1, end, ']');
    if (rb >= end)
        return off;
    host->off = off;
    host->len = lb - off;
    addr->off = lb + 1;
    addr->len = rb - lb - 1;
    port->off = port->len = 0;
    *portnum = -1;
    p = rb + 1;
    if (p + 1 < end && s[p] == ':' && ml_is((unsigned char)s[p + 1], ML_C_DIGIT)) {
        uint32_t q = p + 1;
        int64_t v;
        if (ml_uint(s, &q, end, &v) && v <= 65535) {
            port->off = p + 1;
            port->len = q - p - 1;
            *portnum = v;
            p = q;
        }
    }
    return p;
}

/* Store host/addr/port spans from ml_hostaddr() into the record fields. */
static inline void ml_set_hostaddr(maillog_record *r, int fhost, int faddr, int fport, int nport,
                                   const ml_span *host, const ml_span *addr,
                                   const ml_span *port, int64_t portnum)
{
    if (host->len)
        ml_set(r, fhost, host->off, host->len);
    ml_set(r, faddr, addr->off, addr->len);
    if (portnum >= 0) {
        ml_set(r, fport, port->off, port->len);
        ml_setn(r, nport, portnum);
    }
}


/* Field f as [off, off+len), and number n when the span is all digits. */
void ml_set_uint(maillog_record *r, int f, int n, uint32_t off, uint32_t len);

/* A recipient list in [off,end) ("<a>,<b>" or "a@x,b@y"), whose first
 * address ends at first_end: the first address (without < >) becomes the to
 * field, the list is kept for maillog_record_recipient_next(). */
void ml_set_to_list(maillog_record *r, uint32_t off, uint32_t end, uint32_t first_end);


/* The first delim at or after off outside <...> and quotes, or end. */
uint32_t ml_delim_end(const char *s, uint32_t off, uint32_t end, char delim);

/* End of the word that starts at off: the next space outside <...> and
 * quotes, or end (an address may hold spaces inside quotes). */
uint32_t ml_word_end(const char *s, uint32_t off, uint32_t end);

/* First lit at or after off that is outside <...> and quotes, or end: text
 * inside an address cannot pose as the line's own words. */
uint32_t ml_find_outside(const char *s, uint32_t off, uint32_t end, const char *lit, uint32_t n);
#define ML_FIND_OUTSIDE(s, off, end, lit) \
    ml_find_outside((s), (off), (end), (lit), (uint32_t)(sizeof(lit) - 1))

/* End of the list item that starts at off: the next ',' outside <...> and
 * quotes, or end. */
uint32_t ml_list_item_end(const char *s, uint32_t off, uint32_t end);

/* SMTP reply inside text: a 3-digit code at the start or after "said: ",
 * and the enhanced status code right after it.  Sets REPLY_CODE (field and
 * number) and, if dsn_too and DSN is absent, DSN. */
void ml_reply_codes(maillog_record *r, uint32_t off, uint32_t end, int dsn_too);

/* Matching close parenthesis for the '(' at s[off], honouring nesting;
 * end when unbalanced. */
uint32_t ml_paren_end(const char *s, uint32_t off, uint32_t end);

#endif
