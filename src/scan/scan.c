/* scan.c -- shared scanners: byte classes, key=value pairs, host[addr]:port,
 * numbers, SMTP reply codes.  Every dialect goes through these. */
#include "scan/scan.h"

/* Bit per byte: see the ML_C_* values in scan.h.  tests/test_scan.c checks
 * every entry against the class definitions, so the table cannot drift. */
const uint8_t ml_class[256] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x08, 0x08, 0x00,
    0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x00, 0x40,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x1e, 0x3e, 0x3e, 0x3e, 0x1e, 0x3e, 0x3c,
    0x3c, 0x1c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x1c, 0x3c, 0x3c, 0x3c, 0x3c,
    0x3c, 0x1c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x00, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x1c, 0x3c, 0x3c, 0x3c, 0x1c, 0x3c, 0x3c, 0x3c, 0x1c, 0x3c, 0x3c,
    0x3c, 0x3c, 0x3c, 0x1c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x1c, 0x3c, 0x3c,
    0x3c, 0x3c, 0x3c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
};

int ml_eq_nocase(const char *s, uint32_t len, const char *lit)
{
    uint32_t i;
    for (i = 0; i < len; i++) {
        if (lit[i] == '\0' || ml_lower((unsigned char)s[i]) != (unsigned char)lit[i])
            return 0;
    }
    return lit[i] == '\0';
}

uint32_t ml_find_str(const char *s, uint32_t off, uint32_t end, const char *lit, uint32_t n)
{
#ifdef ML_SIMD_SSE2
    /* Sixteen places at a time, each a candidate when its first byte and
     * the byte n - 1 after it are the literal's: the literals searched
     * for (" said: ", " from ", "; ") start with common bytes, which a
     * search for the first byte alone stops at again and again. */
    if (n >= 2) {
        const __m128i first = _mm_set1_epi8(lit[0]), last = _mm_set1_epi8(lit[n - 1]);
        while (off < end && end - off >= n + 15) {
            __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + off));
            __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + off + n - 1));
            uint32_t m = (uint32_t)_mm_movemask_epi8(
                _mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last)));
            for (; m; m &= m - 1) {
                uint32_t p = off + ml_ctz(m);
                if (ml_same_bytes(s + p + 1, lit + 1, n - 2))
                    return p;
            }
            off += 16;
        }
    }
#endif
    while (off < end && end - off >= n) {
        uint32_t p = ml_find(s, off, end - n + 1, lit[0]);
        if (p >= end - n + 1)
            break;
        if (memcmp(s + p, lit, n) == 0)
            return p;
        off = p + 1;
    }
    return end;
}

int ml_seconds_scan(const char *s, uint32_t *pos, uint32_t end, int64_t *us)
{
    /* 10^(6-k): k fraction digits kept (at most six, the rest dropped) */
    static const int32_t pow10_left[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    const unsigned char *u = (const unsigned char *)s;
    uint32_t p = *pos, f, i;
    int64_t whole;
    uint64_t frac = 0; /* unsigned: wraps harmlessly on long runs, recounted below */
    unsigned d;
    if (!ml_uint(s, &p, end, &whole) || whole > 100000000000LL)
        return 0;
    if (p < end && u[p] == '.') {
        f = ++p;
        while (p < end && (d = u[p] - 48u) < 10) {
            frac = frac * 10 + d;
            p++;
        }
        if (p == f)
            return 0;
        if (p - f > 6) /* rare: keep the first six */
            for (frac = 0, i = f; i < f + 6; i++)
                frac = frac * 10 + (u[i] - 48u);
        frac *= (uint64_t)pow10_left[p - f > 6 ? 6 : p - f];
    }
    *us = whole * 1000000 + (int64_t)frac;
    *pos = p;
    return 1;
}

int ml_seconds_us(const char *s, uint32_t off, uint32_t len, int64_t *us)
{
    uint32_t p = off;
    int64_t v;
    if (!ml_seconds_at(s, &p, off + len, &v) || p != off + len)
        return 0;
    *us = v;
    return 1;
}

uint32_t ml_paren_end(const char *s, uint32_t off, uint32_t end)
{
    uint32_t depth = 0, p;
    for (p = off; (p = ml_find_any(s, p, end, '(', ')', ')', ')')) < end; p++) {
        if (s[p] == '(')
            depth++;
        else if (s[p] == ')' && --depth == 0)
            return p;
    }
    return end;
}

/* End of a <...> value starting at s[off] == '<': nested brackets and
 * "quoted strings" (with backslash escapes) are inside the value. */
uint32_t ml_angle_end(const char *s, uint32_t off, uint32_t end)
{
    uint32_t depth = 1, p;
    int quoted = 0;
    for (p = off + 1; p < end; p++) { /* past the '<' at off */
        char c;
        p = ml_find_any(s, p, end, '<', '>', '"', '\\');
        if (p >= end)
            break;
        c = s[p];
        if (quoted) {
            if (c == '\\')
                p++;
            else if (c == '"')
                quoted = 0;
        } else if (c == '"') {
            quoted = 1;
        } else if (c == '<') {
            depth++;
        } else if (c == '>' && --depth == 0) {
            return p;
        }
    }
    return end;
}

uint32_t ml_quote_end(const char *s, uint32_t off, uint32_t end)
{
    uint32_t p;
    for (p = off + 1; (p = ml_find_any(s, p, end, '\\', '"', '"', '"')) < end; p++) {
        if (s[p] == '\\')
            p++;
        else
            return p;
    }
    return end;
}

static int is_sep(char c) { return ml_is((unsigned char)c, ML_C_SEP); }

int ml_kv_next(const char *s, uint32_t pos, uint32_t end, ml_kv *kv)
{
    while (pos < end) {
        uint32_t k;
        while (pos < end && is_sep(s[pos]))
            pos++;
        if (pos >= end)
            return 0;
        k = pos;
        while (pos < end && ml_is((unsigned char)s[pos], ML_C_KEY))
            pos++;
        if (pos == k || pos >= end || s[pos] != '=') {
            /* Not a pair: skip the word, whole groups included, so that
             * "(queue active)" or reply text cannot start a pair. */
            if (pos < end && s[pos] == '(')
                pos = ml_paren_end(s, pos, end);
            else if (pos < end && s[pos] == '<')
                pos = ml_angle_end(s, pos, end);
            while (pos < end && !is_sep(s[pos]))
                pos++;
            continue;
        }
        ml_kv_value(s, k, pos, end, kv);
        return 1;
    }
    return 0;
}

static int is_code(const char *s, uint32_t p, uint32_t end)
{
    return end - p >= 3 && s[p] >= '2' && s[p] <= '5' &&
           ml_is((unsigned char)s[p + 1], ML_C_DIGIT) &&
           ml_is((unsigned char)s[p + 2], ML_C_DIGIT) &&
           (end - p == 3 || s[p + 3] == ' ' || s[p + 3] == '-');
}

void ml_reply_codes(maillog_record *r, uint32_t off, uint32_t end, int dsn_too)
{
    const char *s = r->line;
    uint32_t p = off, q;
    if (!(end > off && is_code(s, p, end))) {
        p = ML_FIND(s, off, end, " said: ");
        if (p >= end)
            return;
        p += 7;
        if (!is_code(s, p, end))
            return;
    }
    ml_set(r, MAILLOG_F_REPLY_CODE, p, 3);
    ml_setn(r, MAILLOG_N_REPLY_CODE,
            (s[p] - '0') * 100 + (s[p + 1] - '0') * 10 + (s[p + 2] - '0'));
    if (!dsn_too || ml_has(r, MAILLOG_F_DSN))
        return;
    /* Enhanced status code: class.subject.detail, e.g. 5.7.1 or 4.7.25. */
    p += 4;
    q = p;
    if (q < end && s[q] >= '2' && s[q] <= '5' && q + 1 < end && s[q + 1] == '.') {
        int64_t v;
        q += 2;
        if (ml_uint(s, &q, end, &v) && q < end && s[q] == '.') {
            q++;
            if (ml_uint(s, &q, end, &v) && (q == end || s[q] == ' '))
                ml_set(r, MAILLOG_F_DSN, p, q - p);
        }
    }
}

void ml_set_uint(maillog_record *r, int f, int n, uint32_t off, uint32_t len)
{
    int64_t v;
    ml_set(r, f, off, len);
    if (ml_uint_span(r->line, off, off + len, &v))
        ml_setn(r, n, v);
}

uint32_t ml_list_item_end(const char *s, uint32_t off, uint32_t end)
{
    return ml_delim_end(s, off, end, ',');
}

void ml_set_to_list(maillog_record *r, uint32_t off, uint32_t end, uint32_t first_end)
{
    uint32_t a = off, b = first_end;
    if (b - a >= 2 && r->line[a] == '<' && r->line[b - 1] == '>')
        a++, b--;
    ml_set(r, MAILLOG_F_TO, a, b - a);
    if (first_end < end) {
        r->flags |= ML_REC_TO_LIST;
        r->to_list_off = off;
        r->to_list_end = end;
    }
}

uint32_t ml_delim_end(const char *s, uint32_t off, uint32_t end, char delim)
{
    uint32_t p;
    for (p = off; (p = ml_find_any(s, p, end, '"', '<', delim, delim)) < end; p++) {
        if (s[p] == '"')
            p = ml_quote_end(s, p, end);
        else if (s[p] == '<')
            p = ml_angle_end(s, p, end);
        else
            return p;
    }
    return end;
}

uint32_t ml_word_end(const char *s, uint32_t off, uint32_t end)
{
    return ml_delim_end(s, off, end, ' ');
}

uint32_t ml_find_outside(const char *s, uint32_t off, uint32_t end, const char *lit, uint32_t n)
{
    uint32_t p;
    for (p = off; (p = ml_find_any(s, p, end, '"', '<', lit[0], lit[0])) < end && p + n <= end;
         p++) {
        if (s[p] == '"')
            p = ml_quote_end(s, p, end);
        else if (s[p] == '<')
            p = ml_angle_end(s, p, end);
        else if (ml_same_bytes(s + p, lit, n))
            return p;
    }
    return end;
}
