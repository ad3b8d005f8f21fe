/* tally.c -- counting by string key (tally.h).  The tables outgrow the
 * caches on large logs, so a lookup touches little memory: slots hold
 * the hash, so other keys' probes stay in the slot array, and a key is
 * stored in its entry's allocation. */
#include "tally.h"

#include <stdlib.h>
#include <string.h>

/* Keys (addresses, domains, replies) are tens of bytes: eight a step,
 * the last eight overlapping, then a full avalanche for the probe's low
 * bits.  FNV's byte-at-a-time chain was the report's largest cost. */
static uint64_t tally_hash(const char *k, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n, v = 0;
    size_t i;
    if (n >= 8) {
        for (i = 0; i + 8 < n; i += 8) {
            memcpy(&v, k + i, 8);
            h = (h ^ v) * 0xFF51AFD7ED558CCDull;
            h ^= h >> 32;
        }
        memcpy(&v, k + n - 8, 8);
    } else {
        for (i = 0; i < n; i++)
            v = v << 8 | (unsigned char)k[i];
    }
    h = (h ^ v) * 0xFF51AFD7ED558CCDull;
    h = (h ^ (h >> 33)) * 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 33);
}

static int tally_grow(tally *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64, i;
    tally_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (i = 0; i < t->cap; i++) {
        size_t j;
        if (!t->slots[i].e)
            continue;
        for (j = (size_t)t->slots[i].hash & (cap - 1); slots[j].e; j = (j + 1) & (cap - 1))
            ;
        slots[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 0;
}

tally_ent *tally_get(tally *t, const char *k, size_t n)
{
    uint64_t h = tally_hash(k, n);
    size_t j;
    tally_ent *e;
    if ((t->n + 1) * 4 > t->cap * 3 && tally_grow(t) != 0) {
        t->oom = 1;
        return NULL;
    }
    for (j = (size_t)h & (t->cap - 1); (e = t->slots[j].e) != NULL; j = (j + 1) & (t->cap - 1))
        if (t->slots[j].hash == h && e->klen == n && memcmp(e->key, k, n) == 0)
            return e;
    e = calloc(1, sizeof *e + n + 1);
    if (!e) {
        t->oom = 1;
        return NULL;
    }
    if (n)
        memcpy(e->key, k, n);
    e->key[n] = '\0';
    e->klen = n;
    t->slots[j].hash = h;
    t->slots[j].e = e;
    t->n++;
    return e;
}

tally_ent *tally_gets(tally *t, const char *k) { return tally_get(t, k, strlen(k)); }

void tally_count(tally *t, const char *k)
{
    tally_ent *e = tally_gets(t, k);
    if (e)
        e->v[0]++;
}

size_t tally_nonzero(const tally *t, int col)
{
    size_t i, n = 0;
    for (i = 0; i < t->cap; i++)
        n += t->slots[i].e && t->slots[i].e->v[col] != 0;
    return n;
}

void tally_sample(tally *t, tally_ent *e, int64_t v)
{
    if (e->nsamples == e->capsamples) {
        size_t cap = e->capsamples ? e->capsamples * 2 : 16;
        int64_t *s = realloc(e->samples, cap * sizeof *s);
        if (!s) {
            t->oom = 1;
            return;
        }
        e->samples = s;
        e->capsamples = cap;
    }
    e->samples[e->nsamples++] = v;
}

int tally_cmp(const void *a, const void *b)
{
    const tally_ent *x = *(tally_ent *const *)a, *y = *(tally_ent *const *)b;
    uint64_t vx = x->sortkey, vy = y->sortkey;
    if (vx != vy)
        return vx > vy ? -1 : 1;
    return strcmp(x->key, y->key);
}

static int tally_key_cmp(const void *a, const void *b)
{
    return strcmp((*(tally_ent *const *)a)->key, (*(tally_ent *const *)b)->key);
}

tally_ent **tally_sorted(tally *t, int col)
{
    tally_ent **out = malloc((t->n + 1) * sizeof *out);
    size_t i, k = 0;
    if (!out) {
        t->oom = 1;
        return NULL;
    }
    for (i = 0; i < t->cap; i++)
        if (t->slots[i].e) {
            out[k] = t->slots[i].e;
            out[k]->sortkey = col < 0 ? 0 : out[k]->v[col];
            k++;
        }
    qsort(out, k, sizeof *out, col < 0 ? tally_key_cmp : tally_cmp);
    out[k] = NULL;
    return out;
}

static int tally_i64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int64_t tally_percentile(tally_ent *e, int pct)
{
    size_t rank;
    if (!e->nsamples)
        return 0;
    if (e->nsorted != e->nsamples) {
        qsort(e->samples, e->nsamples, sizeof *e->samples, tally_i64_cmp);
        e->nsorted = e->nsamples;
    }
    rank = (e->nsamples * (size_t)pct + 99) / 100;
    return e->samples[rank ? rank - 1 : 0];
}

void tally_free(tally *t)
{
    size_t i;
    for (i = 0; i < t->cap; i++)
        if (t->slots[i].e) {
            free(t->slots[i].e->samples);
            free(t->slots[i].e);
        }
    free(t->slots);
    memset(t, 0, sizeof *t);
}
