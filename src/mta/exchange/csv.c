/* csv.c -- RFC 4180 fields as Exchange writes them: separated by ',', a
 * field that holds a ',' (or starts with a space) wrapped in '"' with an
 * inner '"' doubled.  A value is a span of the line: the text between the
 * quotes, with "" as written (nothing is copied; the JSON writer writes
 * one quote for it, see ML_REC_CSV).  One row is one line: a quoted field
 * that a line break would continue is not well formed here. */
#include "mta/exchange/exchange.h"

uint32_t ml_xc_csv_field(const char *s, uint32_t p, uint32_t end, ml_span *v)
{
    uint32_t q;
    if (p < end && s[p] == '"') {
        for (q = p + 1;; q += 2) {
            q = ml_find(s, q, end, '"');
            if (q >= end)
                return XC_CSV_BAD; /* never closed */
            if (q + 1 >= end || s[q + 1] != '"')
                break; /* the closing quote; "" goes on */
        }
        if (q + 1 < end && s[q + 1] != ',')
            return XC_CSV_BAD; /* text after the closing quote */
        v->off = p + 1;
        v->len = q - p - 1;
        return q + 1;
    }
    q = ml_find(s, p, end, ','); /* a '"' inside an unquoted value is text */
    v->off = p;
    v->len = q - p;
    return q;
}

/* Bit i set when s[at + i] is a ',', for the 64 bytes from at (fewer
 * near end): a row's ','s four SSE2 loads at a time, else from the
 * shared 16-byte scanner (the same bits). */
static inline uint64_t commas64(const char *s, uint32_t at, uint32_t end)
{
    uint64_t m = 0;
    uint32_t k;
#ifdef ML_SIMD_SSE2
    if (end - at >= 64) {
        const __m128i c = _mm_set1_epi8(',');
        const char *q = s + at;
        uint64_t m0 = (uint32_t)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)q), c));
        uint64_t m1 = (uint32_t)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(q + 16)), c));
        uint64_t m2 = (uint32_t)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(q + 32)), c));
        uint64_t m3 = (uint32_t)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(q + 48)), c));
        return m0 | m1 << 16 | m2 << 32 | m3 << 48;
    }
#endif
    for (k = 0; k < 64 && at + k < end; k += 16)
        m |= (uint64_t)ml_mask_any(s, at + k, end, ',', ',', ',', ',') << k;
    return m;
}

/* Every field of [p,end).  A row is about 30 short values, most of them
 * unquoted: their ','s come from a mask of 64 bytes at a time (m: bit i
 * for s[at + i], each cleared once its field is read), and the inner loop
 * reads a field per bit, instead of a search per field.  A quoted field
 * is read by ml_xc_csv_field, and the mask starts again after it. */
int32_t ml_xc_csv_split(const char *s, uint32_t p, uint32_t end, ml_span *v, uint32_t max,
                        uint32_t limit)
{
    uint32_t n = 0, at = p, e;
    uint64_t m = commas64(s, p, end);
    if (!v)
        max = 0;
    for (;;) {
        for (; m; m &= m - 1) { /* e < end, so s[p] (p <= e) is the line's */
            e = at + ml_ctz64(m);
            if (s[p] == '"')
                break;
            if (n < max) {
                v[n].off = p;
                v[n].len = e - p;
            }
            if (++n > limit)
                return (int32_t)n;
            p = e + 1; /* past the ',': a ',' at the end is one more, empty field */
        }
        if (p < end && s[p] == '"') {
            ml_span x;
            e = ml_xc_csv_field(s, p, end, &x);
            if (e == XC_CSV_BAD)
                return -1;
            if (n < max)
                v[n] = x;
            if (++n > limit || e >= end)
                return (int32_t)n;
            p = at = e + 1;
            m = commas64(s, at, end);
        } else if (end - at > 64) { /* the field goes on past the mask */
            at += 64;
            m = commas64(s, at, end);
        } else { /* no ',' left: the last field */
            if (n < max) {
                v[n].off = p;
                v[n].len = end - p;
            }
            return (int32_t)(n + 1);
        }
    }
}
