/* tally.c -- counting by string key (tally.h).  The tables outgrow the
 * caches on large logs, so a lookup touches little memory: slots hold
 * the hash, so other keys' probes stay in the slot array, and a key is
 * stored in its entry's allocation. */
#include "tally.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__) && defined(__GLIBC__) && \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 25))
#include <sys/random.h>
#define TALLY_GETRANDOM 1
#endif

/* The keys come from the log, so whoever can put lines in it chooses them:
 * with a fixed hash, keys made to share a slot would turn every lookup
 * into a walk of them all.  So the hash is SipHash-1-3 (what Rust's hash
 * tables use against such floods) keyed with 128 random bits per run,
 * drawn once for every thread (parallel reads count in worker threads, and
 * tally_add moves entries with their hashes).  No output depends on the
 * hash: every table is sorted before it is printed, ties by key. */
static uint64_t tally_key[2];
static pthread_once_t tally_keyed = PTHREAD_ONCE_INIT;

static void tally_seed(void)
{
    unsigned char b[16];
    size_t got = 0;
    uint64_t mix = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^ (uint64_t)clock();
#ifdef TALLY_GETRANDOM
    {
        ssize_t n = getrandom(b, sizeof b, GRND_NONBLOCK);
        got = n > 0 ? (size_t)n : 0;
    }
#endif
    if (got < sizeof b) {
        int fd = open("/dev/urandom", O_RDONLY);
        if (fd >= 0) {
            ssize_t n = read(fd, b + got, sizeof b - got);
            got += n > 0 ? (size_t)n : 0;
            close(fd);
        }
    }
    if (got < sizeof b) /* no source of randomness: time, pid and an address */
        memset(b + got, 0, sizeof b - got);
    memcpy(tally_key, b, sizeof b);
    tally_key[0] ^= mix;
    tally_key[1] ^= (uint64_t)(uintptr_t)&got * 0x9E3779B97F4A7C15ull;
}

#define TALLY_ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define TALLY_SIPROUND                                                              \
    do {                                                                            \
        v0 += v1, v1 = TALLY_ROTL(v1, 13), v1 ^= v0, v0 = TALLY_ROTL(v0, 32);       \
        v2 += v3, v3 = TALLY_ROTL(v3, 16), v3 ^= v2;                                \
        v0 += v3, v3 = TALLY_ROTL(v3, 21), v3 ^= v0;                                \
        v2 += v1, v1 = TALLY_ROTL(v1, 17), v1 ^= v2, v2 = TALLY_ROTL(v2, 32);       \
    } while (0)

/* SipHash-1-3 of the n bytes at k (words in the machine's byte order: the
 * values need only be the same within a run). */
static uint64_t tally_hash(const char *k, size_t n)
{
    uint64_t v0 = 0x736F6D6570736575ull ^ tally_key[0], v1 = 0x646F72616E646F6Dull ^ tally_key[1];
    uint64_t v2 = 0x6C7967656E657261ull ^ tally_key[0], v3 = 0x7465646279746573ull ^ tally_key[1];
    uint64_t m, last = (uint64_t)n << 56;
    size_t i, whole = n & ~(size_t)7;
    for (i = 0; i < whole; i += 8) {
        memcpy(&m, k + i, 8);
        v3 ^= m;
        TALLY_SIPROUND;
        v0 ^= m;
    }
    for (i = 0; i < (n & 7); i++)
        last |= (uint64_t)(unsigned char)k[whole + i] << (8 * i);
    v3 ^= last;
    TALLY_SIPROUND;
    v0 ^= last;
    v2 ^= 0xFF;
    TALLY_SIPROUND;
    TALLY_SIPROUND;
    TALLY_SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
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

/* The entry for key k (n bytes) whose hash is h: found, or made. */
static tally_ent *tally_get_hashed(tally *t, const char *k, size_t n, uint64_t h)
{
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

/* A few instructions of the key's length and ends: the front cache's
 * index.  Keys an attacker makes to share it only miss the cache and go
 * through SipHash; a hit saves that hash and the probe, and a report's
 * keys repeat (the same relays, domains and recipients). */
static size_t tally_front_of(const char *k, size_t n)
{
    uint64_t a = 0, b = 0;
    if (n >= 8) {
        memcpy(&a, k, 8);
        memcpy(&b, k + n - 8, 8);
    } else if (n) {
        memcpy(&a, k, n);
    }
    a = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ n) * 0xBF58476D1CE4E5B9ull;
    return (size_t)(a >> 56) & (TALLY_FRONT - 1);
}

tally_ent *tally_get(tally *t, const char *k, size_t n)
{
    size_t f = tally_front_of(k, n);
    tally_ent *e;
    if (t->front && (e = t->front[f]) != NULL && e->klen == n && memcmp(e->key, k, n) == 0)
        return e;
    pthread_once(&tally_keyed, tally_seed);
    if (!(e = tally_get_hashed(t, k, n, tally_hash(k, n))))
        return NULL;
    if (!t->front)
        t->front = calloc(TALLY_FRONT, sizeof *t->front); /* none: no cache */
    if (t->front)
        t->front[f] = e;
    return e;
}

tally_ent *tally_gets(tally *t, const char *k) { return tally_get(t, k, strlen(k)); }

void tally_add(tally *dst, const tally *src)
{
    size_t i, c;
    if (src->oom)
        dst->oom = 1;
    for (i = 0; i < src->cap; i++) {
        const tally_ent *s = src->slots[i].e;
        tally_ent *d;
        if (!s || !(d = tally_get_hashed(dst, s->key, s->klen, src->slots[i].hash)))
            continue;
        for (c = 0; c < TALLY_VALUES; c++)
            d->v[c] += s->v[c];
    }
}

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
    if (quant_add(&e->samples, v) != 0)
        t->oom = 1;
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

int64_t tally_percentile(tally_ent *e, int pct) { return quant_percentile(e->samples, pct); }

void tally_free(tally *t)
{
    size_t i;
    for (i = 0; i < t->cap; i++)
        if (t->slots[i].e) {
            quant_free(t->slots[i].e->samples);
            free(t->slots[i].e);
        }
    free(t->slots);
    free(t->front);
    memset(t, 0, sizeof *t);
}
