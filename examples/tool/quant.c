/* quant.c -- percentiles in bounded memory (quant.h).  maillog-report
 * kept every delivery's delay for its per-relay percentiles: 8 bytes per
 * delivered recipient, the one table of the report that grew with the
 * number of lines rather than of distinct keys. */
#include "quant.h"

#include <stdlib.h>

/* Block 0 counts the values 0..127 one by one; block b >= 1 the values
 * [128 << (b - 1), 256 << (b - 1)) in 128 buckets of width 1 << (b - 1).
 * 57 blocks reach 2^63; a block is allocated when a value first falls in
 * it (delays of one relay span a dozen powers of two at most). */
#define QUANT_SUB_BITS 7
#define QUANT_SUB (1u << QUANT_SUB_BITS)
#define QUANT_BLOCKS 57

struct quant {
    uint64_t n;
    int64_t min, max;
    int64_t *vals; /* the values, while n <= QUANT_EXACT; else NULL */
    size_t cap, nsorted;
    int hist;      /* the values are in the blocks */
    uint64_t *block[QUANT_BLOCKS];
};

static int floor_log2(uint64_t u)
{
    int e = 0, s;
    for (s = 32; s; s >>= 1)
        if (u >> s) {
            u >>= s;
            e += s;
        }
    return e;
}

/* Block and bucket of a value (negative ones count as 0: only the exact
 * minimum keeps them). */
static void bucket_of(int64_t v, int *b, unsigned *sub)
{
    uint64_t u = v < 0 ? 0 : (uint64_t)v;
    int e;
    if (u < QUANT_SUB) {
        *b = 0;
        *sub = (unsigned)u;
        return;
    }
    e = floor_log2(u);
    *b = e - QUANT_SUB_BITS + 1;
    *sub = (unsigned)(u >> (e - QUANT_SUB_BITS)) - QUANT_SUB;
}

/* The middle of a bucket: at most half its width, 1/256 of its values,
 * from any of them. */
static int64_t bucket_mid(int b, unsigned sub)
{
    uint64_t width, low;
    if (b == 0)
        return (int64_t)sub;
    width = (uint64_t)1 << (b - 1);
    low = (uint64_t)(QUANT_SUB + sub) << (b - 1);
    return (int64_t)(low + (width - 1) / 2);
}

static int hist_add(quant *q, int64_t v)
{
    int b;
    unsigned sub;
    bucket_of(v, &b, &sub);
    if (!q->block[b] && !(q->block[b] = calloc(QUANT_SUB, sizeof *q->block[b])))
        return -1;
    q->block[b][sub]++;
    return 0;
}

static void hist_free(quant *q)
{
    int b;
    for (b = 0; b < QUANT_BLOCKS; b++) {
        free(q->block[b]);
        q->block[b] = NULL;
    }
}

/* The kept values into the histogram; on failure nothing changes. */
static int to_hist(quant *q)
{
    uint64_t i;
    for (i = 0; i < q->n; i++)
        if (hist_add(q, q->vals[i]) != 0) {
            hist_free(q);
            return -1;
        }
    free(q->vals);
    q->vals = NULL;
    q->cap = q->nsorted = 0;
    q->hist = 1;
    return 0;
}

int quant_add(quant **qp, int64_t v)
{
    quant *q = *qp;
    if (!q) {
        if (!(q = calloc(1, sizeof *q)))
            return -1;
        *qp = q;
    }
    if (!q->hist && q->n == QUANT_EXACT && to_hist(q) != 0)
        return -1;
    if (q->hist) {
        if (hist_add(q, v) != 0)
            return -1;
    } else {
        if (q->n == q->cap) {
            size_t cap = q->cap ? q->cap * 2 : 16;
            int64_t *s = realloc(q->vals, cap * sizeof *s);
            if (!s)
                return -1;
            q->vals = s;
            q->cap = cap;
        }
        q->vals[q->n] = v;
    }
    if (!q->n || v < q->min)
        q->min = v;
    if (!q->n || v > q->max)
        q->max = v;
    q->n++;
    return 0;
}

uint64_t quant_count(const quant *q) { return q ? q->n : 0; }

static int i64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int64_t quant_percentile(quant *q, int pct)
{
    uint64_t rank, seen = 0;
    int b;
    unsigned sub;
    if (!q || !q->n)
        return 0;
    rank = (q->n * (uint64_t)pct + 99) / 100;
    if (rank <= 1)
        return q->min;
    if (rank >= q->n)
        return q->max;
    if (!q->hist) {
        if (q->nsorted != q->n) { /* once for all the percentiles until the next value */
            qsort(q->vals, (size_t)q->n, sizeof *q->vals, i64_cmp);
            q->nsorted = (size_t)q->n;
        }
        return q->vals[rank - 1];
    }
    for (b = 0; b < QUANT_BLOCKS; b++)
        for (sub = 0; q->block[b] && sub < QUANT_SUB; sub++)
            if ((seen += q->block[b][sub]) >= rank) {
                int64_t mid = bucket_mid(b, sub);
                return mid < q->min ? q->min : mid > q->max ? q->max : mid;
            }
    return q->max;
}

void quant_free(quant *q)
{
    if (!q)
        return;
    hist_free(q);
    free(q->vals);
    free(q);
}
