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

int32_t ml_xc_csv_split(const char *s, uint32_t p, uint32_t end, ml_span *v, uint32_t max,
                        uint32_t limit)
{
    uint32_t n = 0;
    for (;;) {
        ml_span x;
        uint32_t e = ml_xc_csv_field(s, p, end, &x);
        if (e == XC_CSV_BAD)
            return -1;
        if (v && n < max)
            v[n] = x;
        if (++n > limit || e >= end)
            return (int32_t)n;
        p = e + 1; /* past the ',': a ',' at the end is one more, empty field */
    }
}
