/* index.h -- the correlator's index of open entries: keys and their hash,
 * lookup, the order of activity (LRU) and the list of finished entries.
 * Every record hashes a key, looks it up and touches what it found, so
 * those parts are inline here; growing and removal are in index.c. */
#ifndef ML_CORR_INDEX_H
#define ML_CORR_INDEX_H

#include "corr/corr.h"

/* What an entry is found by.  Messages: host, queue id and instance.
 * Sessions: host and the MTA's session id (pid -1), or host, program and
 * process id (a dialect's session_of).  Delivery ties: host and delivery
 * id. */
typedef struct ml_key {
    const char *host, *inst, *id;
    size_t host_n, inst_n, id_n;
    int64_t pid;
    uint64_t hash;
} ml_key;

static inline uint64_t ml_hash_mix(uint64_t h, uint64_t v)
{
    h = (h ^ v) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

/* Eight bytes a step (the last eight overlap when the length is not a
 * multiple), then the length: queue ids and host names are short, and
 * FNV's byte-at-a-time multiply chain was a tenth of the correlator. */
static inline uint64_t ml_hash_add(uint64_t h, const char *p, size_t n)
{
    uint64_t v = 0;
    size_t i;
    if (n >= 8) {
        for (i = 0; i + 8 < n; i += 8) {
            memcpy(&v, p + i, 8);
            h = ml_hash_mix(h, v);
        }
        memcpy(&v, p + n - 8, 8);
    } else if (n >= 4) { /* two overlapping 4-byte loads */
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + n - 4, 4);
        v = (uint64_t)a << 32 | b;
    } else if (n) { /* 1 to 3 bytes: first, middle, last */
        v = (uint64_t)(unsigned char)p[0] << 16 | (uint64_t)(unsigned char)p[n / 2] << 8 |
            (unsigned char)p[n - 1];
    }
    return ml_hash_mix(ml_hash_mix(h, v), (uint64_t)n);
}

static inline void ml_key_hash(ml_key *k, int32_t kind)
{
    /* Messages hash on (host, queue id) so that a hand-off can find the
     * next hop in another instance; the instance is compared on lookup. */
    uint64_t h = 14695981039346656037ULL ^ (uint64_t)kind;
    h = ml_hash_add(h, k->host, k->host_n);
    h = ml_hash_add(h, k->id, k->id_n);
    if (kind == ML_KIND_SESSION)
        h = ml_hash_add(h, (const char *)&k->pid, sizeof k->pid);
    /* a full avalanche (MurmurHash3's finaliser): buckets take the low bits */
    h = (h ^ (h >> 33)) * 0xFF51AFD7ED558CCDULL;
    h = (h ^ (h >> 33)) * 0xC4CEB9FE1A85EC53ULL;
    k->hash = h ^ (h >> 33);
}

/* A session's key is exact, and its parts never change once it is in the
 * index. */
static inline int ml_session_is(const maillog_session *s, const ml_key *k)
{
    if (!ml_str_eq(&s->f[MAILLOG_S_HOST], k->host, k->host_n))
        return 0;
    return k->pid < 0 ? ml_str_eq(&s->f[MAILLOG_S_SESSION_ID], k->id, k->id_n)
                      : !s->f[MAILLOG_S_SESSION_ID].p && s->n[MAILLOG_SN_PID] == k->pid &&
                            ml_str_eq(&s->f[MAILLOG_S_PROGRAM], k->id, k->id_n);
}

/* The entry of a kind that k names, or NULL.  A message matches in any
 * instance of its host with any_instance, else in k's instance or when it
 * has none yet (a placeholder). */
static inline ml_entry *ml_lookup(const maillog_corr *c, const ml_key *k, int32_t kind,
                                  int any_instance)
{
    ml_entry *e;
    if (!c->nbuckets)
        return NULL;
    for (e = c->buckets[k->hash & (c->nbuckets - 1)]; e; e = e->hnext) {
        if (e->hash != k->hash || e->kind != kind)
            continue;
        if (kind == ML_KIND_MESSAGE) {
            const maillog_message *m = (const maillog_message *)e;
            if (ml_str_eq(&m->f[MAILLOG_M_HOST], k->host, k->host_n) &&
                ml_str_eq(&m->f[MAILLOG_M_QUEUE_ID], k->id, k->id_n) &&
                (any_instance || !m->f[MAILLOG_M_INSTANCE].p ||
                 ml_str_eq(&m->f[MAILLOG_M_INSTANCE], k->inst, k->inst_n)))
                return e;
        } else if (kind == ML_KIND_SESSION) {
            if (ml_session_is((const maillog_session *)e, k))
                return e;
        } else {
            const ml_tie *d = (const ml_tie *)e;
            if (ml_str_eq(&d->host, k->host, k->host_n) && ml_str_eq(&d->id, k->id, k->id_n))
                return e;
        }
    }
    return NULL;
}

/* ---- the order of activity, oldest first */
static inline void ml_lru_unlink(maillog_corr *c, ml_entry *e)
{
    if (e->lprev)
        e->lprev->lnext = e->lnext;
    else
        c->lru_head = e->lnext;
    if (e->lnext)
        e->lnext->lprev = e->lprev;
    else
        c->lru_tail = e->lprev;
    e->lprev = e->lnext = NULL;
}

static inline void ml_lru_append(maillog_corr *c, ml_entry *e)
{
    e->lprev = c->lru_tail;
    e->lnext = NULL;
    if (c->lru_tail)
        c->lru_tail->lnext = e;
    else
        c->lru_head = e;
    c->lru_tail = e;
}

/* A line for e at log time t: e becomes the most recently active. */
static inline void ml_touch(maillog_corr *c, ml_entry *e, int64_t t)
{
    e->last_time = t;
    if (c->lru_tail != e) {
        ml_lru_unlink(c, e);
        ml_lru_append(c, e);
    }
}

/* ---- finished entries, in finishing order (they wait out the grace) */
static inline void ml_done_append(maillog_corr *c, ml_entry *e)
{
    e->dprev = c->done_tail;
    e->dnext = NULL;
    if (c->done_tail)
        c->done_tail->dnext = e;
    else
        c->done_head = e;
    c->done_tail = e;
}

static inline void ml_done_unlink(maillog_corr *c, ml_entry *e)
{
    if (e->dprev)
        e->dprev->dnext = e->dnext;
    else
        c->done_head = e->dnext;
    if (e->dnext)
        e->dnext->dprev = e->dprev;
    else
        c->done_tail = e->dprev;
}

/* ---- index.c */
/* Put a new entry (ml_corr_entry_new) in the index under hash, as the most
 * recently active. */
ML_HIDDEN void ml_corr_insert(maillog_corr *c, ml_entry *e, uint64_t hash);
/* Take an entry out of the index and its lists; the caller frees it. */
ML_HIDDEN void ml_corr_unindex(maillog_corr *c, ml_entry *e);
/* Free every entry without emitting it; the index stays, empty. */
ML_HIDDEN void ml_corr_drop_all(maillog_corr *c);

#endif
