/* correlate.c -- records to messages and sessions: the index, the order of
 * activity, limits, and what each event does to an entry. */
#include "corr/corr.h"
#include "mta/dialect.h"
#include "scan/scan.h"

#include <stdlib.h>

static const int64_t limit_defaults[8] = {0, 100000, 20000, 256 << 20, 0, 5, 0, 0};

/* ------------------------------------------------------------- handle */
int maillog_corr_new(const maillog_allocator *a, maillog_corr **out)
{
    maillog_corr *c;
    if (!out)
        return MAILLOG_E_INVAL;
    *out = NULL;
    if (a && (!a->alloc || !a->free))
        return MAILLOG_E_INVAL;
    c = a ? a->alloc(a->ctx, sizeof *c) : malloc(sizeof *c);
    if (!c)
        return MAILLOG_E_NOMEM;
    memset(c, 0, sizeof *c);
    if (a)
        c->alloc = *a;
    memcpy(c->limit, limit_defaults, sizeof c->limit);
    c->now = INT64_MIN;
    *out = c;
    return MAILLOG_OK;
}

static void drop_all(maillog_corr *c)
{
    ml_entry *e = c->lru_head, *next;
    for (; e; e = next) {
        next = e->lnext;
        ml_entry_free(c, e);
    }
    c->lru_head = c->lru_tail = NULL;
    c->done_head = c->done_tail = NULL;
    c->memo = c->memo_ses = NULL;
    if (c->buckets)
        memset(c->buckets, 0, c->nbuckets * sizeof *c->buckets);
    c->nentries = c->nmessages = c->nsessions = 0;
}

void maillog_corr_free(maillog_corr *c)
{
    maillog_allocator a;
    if (!c)
        return;
    drop_all(c);
    ml_corr_free_spares(c);
    ml_corr_release(c, c->buckets, c->nbuckets * sizeof *c->buckets);
    a = c->alloc;
    if (a.free)
        a.free(a.ctx, c);
    else
        free(c);
}

int maillog_corr_set_callbacks(maillog_corr *c, maillog_message_cb m, maillog_session_cb s,
                               void *user)
{
    if (!c)
        return MAILLOG_E_INVAL;
    c->on_message = m;
    c->on_session = s;
    c->user = user;
    return MAILLOG_OK;
}

int maillog_corr_set_limit(maillog_corr *c, int32_t which, int64_t v)
{
    if (!c || which < MAILLOG_CORR_MAX_MESSAGES || which > MAILLOG_CORR_KEEP_LINES)
        return MAILLOG_E_INVAL;
    if (v < 0 || (which == MAILLOG_CORR_KEEP_LINES && v > 1))
        return MAILLOG_E_RANGE;
    c->limit[which] = v;
    return MAILLOG_OK;
}

int maillog_corr_counter(const maillog_corr *c, int32_t which, uint64_t *v)
{
    if (!c || !v || which < 0 || which >= MAILLOG_CORR_CTR_COUNT)
        return MAILLOG_E_INVAL;
    if (which == MAILLOG_CORR_CTR_OPEN)
        *v = c->nentries;
    else if (which == MAILLOG_CORR_CTR_MEMORY)
        *v = c->memory;
    else
        *v = c->ctr[which];
    return MAILLOG_OK;
}

const char *maillog_end_name(int32_t end)
{
    static const char *const names[MAILLOG_END_COUNT] = {"open", "removed", "expired",
                                                         "rejected", "discarded", "held"};
    return end >= 0 && end < MAILLOG_END_COUNT ? names[end] : "";
}

/* -------------------------------------------------------------- index */
static uint64_t hash_mix(uint64_t h, uint64_t v)
{
    h = (h ^ v) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

/* Eight bytes a step (the last eight overlap when the length is not a
 * multiple), then the length: queue ids and host names are short, and
 * FNV's byte-at-a-time multiply chain was a tenth of the correlator. */
static inline uint64_t hash_add(uint64_t h, const char *p, size_t n)
{
    uint64_t v = 0;
    size_t i;
    if (n >= 8) {
        for (i = 0; i + 8 < n; i += 8) {
            memcpy(&v, p + i, 8);
            h = hash_mix(h, v);
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
    return hash_mix(hash_mix(h, v), (uint64_t)n);
}

static inline int str_eq(const ml_str *a, const char *p, size_t n)
{
    return a->p && a->n == n && ml_same_bytes(a->p, p, n); /* p may be NULL when n == 0 */
}

/* The pid of the keys of qmail's delivery aliases (see qmail_delivery). */
#define ML_ALIAS_PID (-2)

typedef struct key {
    const char *host, *inst, *id; /* id: queue id, or program for sessions */
    size_t host_n, inst_n, id_n;
    int64_t pid;
    uint64_t hash;
} key;

static void key_hash(key *k, int32_t kind)
{
    /* Messages hash on (host, queue id) so that a hand-off can find the
     * next hop in another instance; the instance is compared on lookup. */
    uint64_t h = 14695981039346656037ULL ^ (uint64_t)kind;
    h = hash_add(h, k->host, k->host_n);
    h = hash_add(h, k->id, k->id_n);
    if (kind == ML_KIND_SESSION)
        h = hash_add(h, (const char *)&k->pid, sizeof k->pid);
    /* a full avalanche (MurmurHash3's finaliser): buckets take the low bits */
    h = (h ^ (h >> 33)) * 0xFF51AFD7ED558CCDULL;
    h = (h ^ (h >> 33)) * 0xC4CEB9FE1A85EC53ULL;
    k->hash = h ^ (h >> 33);
}

/* A session's key is exact, and its parts never change once it is in the
 * index. */
static int session_is(const maillog_session *s, const key *k)
{
    if (!str_eq(&s->f[MAILLOG_S_HOST], k->host, k->host_n) ||
        ((s->e.flags & ML_ENTRY_ALIAS) != 0) != (k->pid == ML_ALIAS_PID))
        return 0;
    return k->pid < 0 ? str_eq(&s->f[MAILLOG_S_SESSION_ID], k->id, k->id_n)
                      : !s->f[MAILLOG_S_SESSION_ID].p && s->n[MAILLOG_SN_PID] == k->pid &&
                            str_eq(&s->f[MAILLOG_S_PROGRAM], k->id, k->id_n);
}

static ml_entry *lookup(maillog_corr *c, const key *k, int32_t kind, int any_instance)
{
    ml_entry *e;
    if (!c->nbuckets)
        return NULL;
    for (e = c->buckets[k->hash & (c->nbuckets - 1)]; e; e = e->hnext) {
        if (e->hash != k->hash || e->kind != kind)
            continue;
        if (kind == ML_KIND_MESSAGE) {
            const maillog_message *m = (const maillog_message *)e;
            if (str_eq(&m->f[MAILLOG_M_HOST], k->host, k->host_n) &&
                str_eq(&m->f[MAILLOG_M_QUEUE_ID], k->id, k->id_n) &&
                (any_instance || !m->f[MAILLOG_M_INSTANCE].p ||
                 str_eq(&m->f[MAILLOG_M_INSTANCE], k->inst, k->inst_n)))
                return e;
        } else if (session_is((const maillog_session *)e, k)) {
            return e;
        }
    }
    return NULL;
}

static void grow_index(maillog_corr *c)
{
    size_t n = c->nbuckets ? c->nbuckets * 2 : 1024, i;
    ml_entry **b = ml_corr_alloc(c, n * sizeof *b), *e, *next;
    if (!b)
        return; /* longer chains, still correct */
    memset(b, 0, n * sizeof *b);
    for (i = 0; i < c->nbuckets; i++) {
        for (e = c->buckets[i]; e; e = next) {
            next = e->hnext;
            e->hnext = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
        }
    }
    ml_corr_release(c, c->buckets, c->nbuckets * sizeof *c->buckets);
    c->buckets = b;
    c->nbuckets = n;
}

static void lru_unlink(maillog_corr *c, ml_entry *e)
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

static void lru_append(maillog_corr *c, ml_entry *e)
{
    e->lprev = c->lru_tail;
    e->lnext = NULL;
    if (c->lru_tail)
        c->lru_tail->lnext = e;
    else
        c->lru_head = e;
    c->lru_tail = e;
}

static void touch(maillog_corr *c, ml_entry *e, int64_t t)
{
    e->last_time = t;
    if (c->lru_tail != e) {
        lru_unlink(c, e);
        lru_append(c, e);
    }
}

static void insert(maillog_corr *c, ml_entry *e, uint64_t hash)
{
    c->memo = c->memo_ses = NULL; /* the new entry may shadow them */
    if (c->nentries >= c->nbuckets)
        grow_index(c);
    e->hash = hash;
    if (c->nbuckets) {
        e->hnext = c->buckets[hash & (c->nbuckets - 1)];
        c->buckets[hash & (c->nbuckets - 1)] = e;
    }
    lru_append(c, e);
    c->nentries++;
    if (e->kind == ML_KIND_MESSAGE)
        c->nmessages++;
    else
        c->nsessions++;
}

static void done_append(maillog_corr *c, ml_entry *e)
{
    e->dprev = c->done_tail;
    e->dnext = NULL;
    if (c->done_tail)
        c->done_tail->dnext = e;
    else
        c->done_head = e;
    c->done_tail = e;
}

static void done_unlink(maillog_corr *c, ml_entry *e)
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

static void unindex(maillog_corr *c, ml_entry *e)
{
    if (c->memo == e)
        c->memo = NULL;
    if (c->memo_ses == e)
        c->memo_ses = NULL;
    if (e->flags & ML_ENTRY_DONE)
        done_unlink(c, e);
    ml_entry **pp = &c->buckets[e->hash & (c->nbuckets - 1)];
    while (*pp && *pp != e)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = e->hnext;
    lru_unlink(c, e);
    c->nentries--;
    if (e->kind == ML_KIND_MESSAGE)
        c->nmessages--;
    else
        c->nsessions--;
}

/* Hand an entry to its callback, then free it. */
static void emit(maillog_corr *c, ml_entry *e, uint32_t extra_flags)
{
    int rc = 0;
    unindex(c, e);
    if (e->flags & ML_ENTRY_ALIAS) { /* internal: no callback, no count */
        ml_entry_free(c, e);
        return;
    }
    e->flags |= extra_flags;
    if (extra_flags & MAILLOG_MSG_EVICTED)
        c->ctr[MAILLOG_CORR_CTR_EVICTED]++;
    c->in_callback = 1;
    if (e->kind == ML_KIND_MESSAGE) {
        c->ctr[MAILLOG_CORR_CTR_MESSAGES]++;
        if (c->on_message)
            rc = c->on_message(c->user, (const maillog_message *)e);
    } else {
        c->ctr[MAILLOG_CORR_CTR_SESSIONS]++;
        if (c->on_session)
            rc = c->on_session(c->user, (const maillog_session *)e);
    }
    c->in_callback = 0;
    if (rc)
        c->stop = 1;
    ml_entry_free(c, e);
}

static ml_entry *oldest_of(maillog_corr *c, int32_t kind)
{
    ml_entry *e = c->lru_head;
    while (e && e->kind != kind)
        e = e->lnext;
    return e;
}

/* Finished entries whose grace has passed, idle entries, and entries over
 * the count and memory limits leave, oldest first.  Every loop stops at the
 * first entry that may stay, so the cost per record is constant. */
static void enforce_limits(maillog_corr *c)
{
    int64_t grace = c->limit[MAILLOG_CORR_GRACE], idle = c->limit[MAILLOG_CORR_MAX_IDLE];
    while (c->done_head && c->done_head->done_time + grace <= c->now)
        emit(c, c->done_head, 0);
    while (idle && c->lru_head && c->lru_head->last_time + idle < c->now)
        emit(c, c->lru_head, c->lru_head->flags & MAILLOG_MSG_COMPLETE ? 0 : MAILLOG_MSG_EVICTED);
    while (c->limit[MAILLOG_CORR_MAX_MESSAGES] &&
           c->nmessages > (size_t)c->limit[MAILLOG_CORR_MAX_MESSAGES])
        emit(c, oldest_of(c, ML_KIND_MESSAGE), MAILLOG_MSG_EVICTED);
    while (c->limit[MAILLOG_CORR_MAX_SESSIONS] &&
           c->nsessions > (size_t)c->limit[MAILLOG_CORR_MAX_SESSIONS])
        emit(c, oldest_of(c, ML_KIND_SESSION), MAILLOG_MSG_EVICTED);
    while (c->limit[MAILLOG_CORR_MAX_MEMORY] && c->lru_head &&
           c->memory > (size_t)c->limit[MAILLOG_CORR_MAX_MEMORY])
        emit(c, c->lru_head, c->lru_head->flags & MAILLOG_MSG_COMPLETE ? 0 : MAILLOG_MSG_EVICTED);
}

/* ------------------------------------------------------------ helpers */
static int span(const maillog_record *r, int f, const char **p, size_t *n)
{
    if (!ml_has(r, f)) {
        *p = NULL;
        *n = 0;
        return 0;
    }
    *p = r->line + r->f[f].off;
    *n = r->f[f].len;
    return 1;
}

/* Copy a record field into an entry's string, unless equal already. */
static int copy_field(maillog_corr *c, ml_entry *e, ml_str *dst, const maillog_record *r, int f)
{
    const char *p;
    size_t n;
    if (!span(r, f, &p, &n) || str_eq(dst, p, n))
        return MAILLOG_OK;
    return ml_str_copy(c, &e->arena, dst, p, n);
}

static void setn_msg(maillog_message *m, int n, int64_t v)
{
    m->n[n] = v;
    m->nmask |= 1u << n;
}

static void setn_ses(maillog_session *s, int n, int64_t v)
{
    s->n[n] = v;
    s->nmask |= 1u << n;
}

/* A new queue id is ours when the hop stayed on this host: a loopback
 * relay (content filters) or local(8) forwarding. */
static int stays_local(const maillog_record *r)
{
    const char *p;
    size_t n;
    if (span(r, MAILLOG_F_RELAY_IP, &p, &n))
        return (n >= 4 && memcmp(p, "127.", 4) == 0) || (n == 3 && memcmp(p, "::1", 3) == 0);
    return span(r, MAILLOG_F_RELAY_HOST, &p, &n) &&
           ((n == 9 && memcmp(p, "localhost", 9) == 0) || (n == 5 && memcmp(p, "local", 5) == 0));
}

static maillog_message *new_message(maillog_corr *c, const key *k, int with_instance)
{
    maillog_message *m = (maillog_message *)ml_entry_new(c, sizeof *m, ML_KIND_MESSAGE);
    if (!m)
        return NULL;
    m->end = MAILLOG_END_OPEN;
    if (ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_HOST], k->host, k->host_n) ||
        ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_QUEUE_ID], k->id, k->id_n) ||
        (with_instance &&
         ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_INSTANCE], k->inst, k->inst_n))) {
        ml_entry_free(c, &m->e);
        return NULL;
    }
    insert(c, &m->e, k->hash);
    return m;
}

static int add_child(maillog_corr *c, maillog_message *m, const char *id, size_t n)
{
    uint32_t i;
    ml_str *arr;
    for (i = 0; i < m->nchild; i++)
        if (str_eq(&m->child[i], id, n))
            return MAILLOG_OK;
    arr = ml_arena_grow(c, &m->e.arena, m->child, m->nchild, &m->child_cap, sizeof *arr, 4);
    if (!arr)
        return MAILLOG_E_NOMEM;
    m->child = arr;
    if (ml_str_copy(c, &m->e.arena, &arr[m->nchild], id, n))
        return MAILLOG_E_NOMEM;
    m->nchild++;
    return MAILLOG_OK;
}

/* The next hop of a hand-off: found in any instance of the host, or opened
 * as a placeholder that the hop's own lines will fill in. */
static int link_child(maillog_corr *c, maillog_message *parent, const key *pk, const char *id,
                      size_t n, uint32_t child_flags, int64_t t)
{
    key k = *pk;
    maillog_message *ch;
    int rc = add_child(c, parent, id, n);
    if (rc)
        return rc;
    k.id = id;
    k.id_n = n;
    key_hash(&k, ML_KIND_MESSAGE);
    ch = (maillog_message *)lookup(c, &k, ML_KIND_MESSAGE, 1);
    if (!ch) {
        ch = new_message(c, &k, 0);
        if (!ch)
            return MAILLOG_E_NOMEM;
        ch->e.last_time = t;
    }
    ch->e.flags |= child_flags;
    if (!ch->f[MAILLOG_M_PARENT].p)
        return ml_str_copy(c, &ch->e.arena, &ch->f[MAILLOG_M_PARENT], pk->id, pk->id_n);
    return MAILLOG_OK;
}

static void finish_message(maillog_corr *c, maillog_message *m, int32_t end, int64_t t)
{
    if (m->end == MAILLOG_END_OPEN || end != MAILLOG_END_REMOVED)
        m->end = end;
    m->e.flags |= MAILLOG_MSG_COMPLETE;
    if (!(m->e.flags & ML_ENTRY_DONE)) {
        m->e.flags |= ML_ENTRY_DONE;
        m->e.done_time = t;
        done_append(c, &m->e);
    }
    setn_msg(m, MAILLOG_MN_COMPLETION, t);
}

/* Slots for a message's first recipient array: as many as qmgr's nrcpt=
 * said, since an arena keeps every array it outgrows. */
static uint32_t rcpt_slots(const maillog_message *m)
{
    int64_t n = m->n[MAILLOG_MN_NRCPT];
    return ((m->nmask >> MAILLOG_MN_NRCPT) & 1u) && n > 0 && n <= 64 ? (uint32_t)n : 2;
}

/* One delivery attempt for one recipient: it keeps count, first and last
 * reply. */
static int delivery_to(maillog_corr *c, maillog_message *m, const maillog_record *r, int64_t t,
                       const char *to, size_t to_n)
{
    const char *orig, *p;
    size_t orig_n, n;
    uint32_t i;
    ml_rcpt *rc;
    int err = MAILLOG_OK;
    span(r, MAILLOG_F_ORIG_TO, &orig, &orig_n);
    for (i = 0; i < m->nrcpt; i++) {
        rc = &m->rcpt[i];
        if (str_eq(&rc->f[MAILLOG_R_TO], to, to_n) &&
            (orig ? str_eq(&rc->f[MAILLOG_R_ORIG_TO], orig, orig_n) : !rc->f[MAILLOG_R_ORIG_TO].p))
            break;
    }
    if (i == m->nrcpt) {
        ml_rcpt *arr = ml_arena_grow(c, &m->e.arena, m->rcpt, m->nrcpt, &m->rcpt_cap, sizeof *arr,
                                     rcpt_slots(m));
        if (!arr)
            return MAILLOG_E_NOMEM;
        m->rcpt = arr;
        rc = &arr[m->nrcpt];
        memset(rc, 0, sizeof *rc);
        if (ml_str_copy(c, &m->e.arena, &rc->f[MAILLOG_R_TO], to, to_n))
            return MAILLOG_E_NOMEM;
        if (orig && ml_str_copy(c, &m->e.arena, &rc->f[MAILLOG_R_ORIG_TO], orig, orig_n))
            return MAILLOG_E_NOMEM;
        m->nrcpt++;
    }
    rc = &m->rcpt[i];
    rc->n[MAILLOG_RN_ATTEMPTS]++;
    rc->n[MAILLOG_RN_STATUS] = r->status;
    rc->n[MAILLOG_RN_LAST_TIME] = t;
    rc->n[MAILLOG_RN_DELAY_US] = ml_hasn(r, MAILLOG_N_DELAY_US) ? r->n[MAILLOG_N_DELAY_US] : 0;
    if (ml_has(r, MAILLOG_F_RELAY_HOST)) { /* relay as logged: host[addr]:port */
        uint32_t a = r->f[MAILLOG_F_RELAY_HOST].off, b = a + r->f[MAILLOG_F_RELAY_HOST].len;
        /* extend only over spans that really follow in the line */
        if (ml_has(r, MAILLOG_F_RELAY_IP) && r->f[MAILLOG_F_RELAY_IP].off == b + 1) {
            b = r->f[MAILLOG_F_RELAY_IP].off + r->f[MAILLOG_F_RELAY_IP].len + 1;
            if (ml_has(r, MAILLOG_F_RELAY_PORT) && r->f[MAILLOG_F_RELAY_PORT].off == b + 1)
                b = r->f[MAILLOG_F_RELAY_PORT].off + r->f[MAILLOG_F_RELAY_PORT].len;
        }
        if (!str_eq(&rc->f[MAILLOG_R_RELAY], r->line + a, b - a))
            err |= ml_str_copy(c, &m->e.arena, &rc->f[MAILLOG_R_RELAY], r->line + a, b - a);
    }
    err |= copy_field(c, &m->e, &rc->f[MAILLOG_R_DSN], r, MAILLOG_F_DSN);
    err |= copy_field(c, &m->e, &rc->f[MAILLOG_R_REPLY], r, MAILLOG_F_REPLY);
    if (rc->n[MAILLOG_RN_ATTEMPTS] == 1)
        rc->f[MAILLOG_R_FIRST_REPLY] = rc->f[MAILLOG_R_REPLY];
    if (r->status == MAILLOG_STATUS_SENT && span(r, MAILLOG_F_NEW_QUEUE_ID, &p, &n) &&
        stays_local(r)) {
        key k;
        k.host = m->f[MAILLOG_M_HOST].p;
        k.host_n = m->f[MAILLOG_M_HOST].n;
        k.inst = m->f[MAILLOG_M_INSTANCE].p;
        k.inst_n = m->f[MAILLOG_M_INSTANCE].n;
        k.id = m->f[MAILLOG_M_QUEUE_ID].p;
        k.id_n = m->f[MAILLOG_M_QUEUE_ID].n;
        err |= ml_str_copy(c, &m->e.arena, &rc->f[MAILLOG_R_CHILD], p, n);
        err |= link_child(c, m, &k, p, n, 0, t);
    }
    return err ? MAILLOG_E_NOMEM : MAILLOG_OK;
}

/* An MTA that logs no removal (Sendmail) is done with a message when every
 * recipient it accepted has a final status. */
static void implicit_end(maillog_corr *c, maillog_message *m, const maillog_record *r, int64_t t)
{
    uint32_t i, final = 0;
    if (!r->dialect || !(r->dialect->corr_flags & ML_CORR_IMPLICIT_END))
        return;
    for (i = 0; i < m->nrcpt; i++) {
        int64_t st = m->rcpt[i].n[MAILLOG_RN_STATUS];
        if (st == MAILLOG_STATUS_REJECTED)
            continue; /* refused before queueing: not in nrcpt */
        if (st != MAILLOG_STATUS_SENT && st != MAILLOG_STATUS_BOUNCED &&
            st != MAILLOG_STATUS_EXPIRED && st != MAILLOG_STATUS_DISCARDED)
            return;
        final++;
    }
    if (final &&
        (!((m->nmask >> MAILLOG_MN_NRCPT) & 1u) || final >= (uint64_t)m->n[MAILLOG_MN_NRCPT]))
        finish_message(c, m, MAILLOG_END_REMOVED, t);
}

/* A delivery line: one attempt for each recipient it names. */
static int delivery(maillog_corr *c, maillog_message *m, const maillog_record *r, int64_t t)
{
    uint32_t cur = 0;
    const char *to;
    size_t to_n;
    int err = MAILLOG_OK, any = 0;
    while (maillog_record_recipient_next(r, &cur, &to, &to_n) == 1) {
        err |= delivery_to(c, m, r, t, to, to_n);
        any = 1;
    }
    if (!any) /* no to= at all: still an attempt, for an unnamed recipient */
        err |= delivery_to(c, m, r, t, NULL, 0);
    implicit_end(c, m, r, t);
    return err;
}

static int sasl_user(maillog_corr *c, maillog_message *m, const maillog_record *r)
{
    uint32_t cur = 0;
    const char *k, *v;
    size_t kn, vn;
    while (maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn) == 1)
        if (kn == 13 && memcmp(k, "sasl_username", 13) == 0)
            return ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_SASL_USERNAME], v, vn);
    return MAILLOG_OK;
}

/* ------------------------------------------------------------ sessions */
static int session_key(const maillog_record *r, key *k)
{
    ml_span id;
    span(r, MAILLOG_F_HOST, &k->host, &k->host_n);
    k->inst = NULL;
    k->inst_n = 0;
    if (span(r, MAILLOG_F_SESSION_ID, &k->id, &k->id_n)) { /* the MTA names it */
        k->pid = -1;
        return 1;
    }
    /* else the dialect's rule, when its MTA keys sessions otherwise */
    if (!r->dialect || !r->dialect->session_of || !r->dialect->session_of(r, &id, &k->pid))
        return 0;
    k->id = r->line + id.off;
    k->id_n = id.len;
    return 1;
}

static maillog_session *open_session(maillog_corr *c, const key *k, const maillog_record *r,
                                     int64_t t)
{
    maillog_session *s = (maillog_session *)ml_entry_new(c, sizeof *s, ML_KIND_SESSION);
    if (!s)
        return NULL;
    /* a host is always stored ("" when the line had none), so lookups of
     * hostless lines find their entry */
    if (ml_str_copy(c, &s->e.arena, &s->f[MAILLOG_S_HOST], k->host, k->host_n) ||
        copy_field(c, &s->e, &s->f[MAILLOG_S_PROGRAM], r, MAILLOG_F_PROGRAM) ||
        (k->pid < 0 && ml_str_copy(c, &s->e.arena, &s->f[MAILLOG_S_SESSION_ID], k->id, k->id_n))) {
        ml_entry_free(c, &s->e);
        return NULL;
    }
    if (ml_hasn(r, MAILLOG_N_PID))
        setn_ses(s, MAILLOG_SN_PID, r->n[MAILLOG_N_PID]);
    setn_ses(s, MAILLOG_SN_REJECTS, 0);
    setn_ses(s, MAILLOG_SN_AUTH_FAILURES, 0);
    if (r->event == MAILLOG_EV_CONNECT)
        setn_ses(s, MAILLOG_SN_CONNECT_TIME, t);
    s->e.last_time = t;
    insert(c, &s->e, k->hash);
    return s;
}

static int session_event(maillog_corr *c, const maillog_record *r, int64_t t,
                         const char *qid, size_t qid_n)
{
    key k;
    maillog_session *s;
    int err = MAILLOG_OK;
    if (!session_key(r, &k))
        return -1;
    /* the memo, as for messages (see memo_of): with an exact key, the
     * first entry that matches is the one lookup() finds */
    s = (maillog_session *)c->memo_ses;
    if (c->no_memo || !s || !session_is(s, &k)) {
        key_hash(&k, ML_KIND_SESSION);
        s = (maillog_session *)lookup(c, &k, ML_KIND_SESSION, 0);
    } else {
        k.hash = s->e.hash;
    }
    if (r->event == MAILLOG_EV_CONNECT && s) { /* pid reused: the old one ends */
        emit(c, &s->e, MAILLOG_MSG_EVICTED);
        s = NULL;
    }
    if (!s) {
        if (r->event != MAILLOG_EV_CONNECT && r->event != MAILLOG_EV_DISCONNECT &&
            r->event != MAILLOG_EV_REJECT && r->event != MAILLOG_EV_AUTH_FAILED &&
            r->event != MAILLOG_EV_CLIENT)
            return -1; /* no session to attach a passing remark to */
        s = open_session(c, &k, r, t);
        if (!s)
            return MAILLOG_E_NOMEM;
    }
    c->memo_ses = &s->e;
    touch(c, &s->e, t);
    if (!s->f[MAILLOG_S_CLIENT_IP].p && ml_has(r, MAILLOG_F_CLIENT_IP)) {
        err |= copy_field(c, &s->e, &s->f[MAILLOG_S_CLIENT_HOST], r, MAILLOG_F_CLIENT_HOST);
        err |= copy_field(c, &s->e, &s->f[MAILLOG_S_CLIENT_IP], r, MAILLOG_F_CLIENT_IP);
    }
    switch (r->event) {
    case MAILLOG_EV_REJECT:
        if (!qid) {
            s->n[MAILLOG_SN_REJECTS]++;
            err |= copy_field(c, &s->e, &s->f[MAILLOG_S_LAST_REJECT], r, MAILLOG_F_REPLY);
        }
        break;
    case MAILLOG_EV_AUTH_FAILED:
        s->n[MAILLOG_SN_AUTH_FAILURES]++;
        break;
    case MAILLOG_EV_CLIENT: {
        ml_str *arr = ml_arena_grow(c, &s->e.arena, s->msg, s->nmsg, &s->msg_cap, sizeof *arr, 4);
        if (!arr)
            return MAILLOG_E_NOMEM;
        s->msg = arr;
        if (ml_str_copy(c, &s->e.arena, &arr[s->nmsg], qid, qid_n))
            return MAILLOG_E_NOMEM;
        s->nmsg++;
        break;
    }
    case MAILLOG_EV_DISCONNECT:
        setn_ses(s, MAILLOG_SN_END_TIME, t);
        if (r->kv_end > r->kv_off) {
            uint32_t a = r->kv_off, b = r->kv_end;
            while (a < b && r->line[a] == ' ')
                a++;
            err |= ml_str_copy(c, &s->e.arena, &s->f[MAILLOG_S_COUNTERS], r->line + a, b - a);
        }
        s->e.flags |= MAILLOG_MSG_COMPLETE;
        emit(c, &s->e, 0);
        return err ? MAILLOG_E_NOMEM : MAILLOG_OK;
    default:
        break;
    }
    setn_ses(s, MAILLOG_SN_END_TIME, t);
    return err ? MAILLOG_E_NOMEM : MAILLOG_OK;
}

/* ------------------------------------------------------------ qmail */
/* "starting delivery D: msg N to X" ties delivery D to message N and
 * recipient X; "delivery D: result" names D only.  The tie is kept in a
 * session-kind entry marked as an alias (its fields reused below) until
 * the result comes. */
#define ALIAS_QID MAILLOG_S_LAST_REJECT
#define ALIAS_TO  MAILLOG_S_COUNTERS
#define ALIAS_INST MAILLOG_S_PROGRAM

static int qmail_delivery(maillog_corr *c, const maillog_record *r, int64_t t)
{
    key k;
    maillog_session *a;
    int err = MAILLOG_OK;
    span(r, MAILLOG_F_HOST, &k.host, &k.host_n);
    span(r, MAILLOG_F_DELIVERY_ID, &k.id, &k.id_n);
    k.inst = NULL;
    k.inst_n = 0;
    k.pid = ML_ALIAS_PID;
    key_hash(&k, ML_KIND_SESSION);
    a = (maillog_session *)lookup(c, &k, ML_KIND_SESSION, 0);
    if (ml_has(r, MAILLOG_F_QUEUE_ID)) { /* the start: remember the tie */
        if (a)
            emit(c, &a->e, 0);
        a = (maillog_session *)ml_entry_new(c, sizeof *a, ML_KIND_SESSION);
        if (!a)
            return MAILLOG_E_NOMEM;
        a->e.flags |= ML_ENTRY_ALIAS;
        a->e.last_time = t;
        if (ml_str_copy(c, &a->e.arena, &a->f[MAILLOG_S_HOST], k.host, k.host_n) ||
            ml_str_copy(c, &a->e.arena, &a->f[MAILLOG_S_SESSION_ID], k.id, k.id_n) ||
            copy_field(c, &a->e, &a->f[ALIAS_QID], r, MAILLOG_F_QUEUE_ID) ||
            copy_field(c, &a->e, &a->f[ALIAS_TO], r, MAILLOG_F_TO) ||
            copy_field(c, &a->e, &a->f[ALIAS_INST], r, MAILLOG_F_INSTANCE)) {
            ml_entry_free(c, &a->e);
            return MAILLOG_E_NOMEM;
        }
        insert(c, &a->e, k.hash);
        return MAILLOG_OK;
    }
    if (a) { /* the result: one attempt for the recipient of that start */
        key mk = k;
        maillog_message *m;
        mk.inst = a->f[ALIAS_INST].p;
        mk.inst_n = a->f[ALIAS_INST].n;
        mk.id = a->f[ALIAS_QID].p;
        mk.id_n = a->f[ALIAS_QID].n;
        mk.pid = 0;
        key_hash(&mk, ML_KIND_MESSAGE);
        m = (maillog_message *)lookup(c, &mk, ML_KIND_MESSAGE, 1);
        if (m) {
            setn_msg(m, MAILLOG_MN_LAST_TIME, t);
            touch(c, &m->e, t);
            err = delivery_to(c, m, r, t, a->f[ALIAS_TO].p, a->f[ALIAS_TO].n);
        }
        emit(c, &a->e, 0);
    }
    return err;
}

/* ------------------------------------------------------------ messages */
static int starts_message(const maillog_record *r)
{
    return r->event == MAILLOG_EV_CLIENT || r->event == MAILLOG_EV_PICKUP;
}

/* A RCPT-stage reject with a queue id refuses one recipient of a message
 * that goes on; any other reject, discard or hold ends the message. */
static int rcpt_stage(const maillog_record *r)
{
    const char *p;
    size_t n;
    return (r->flags & ML_REC_RCPT_REFUSAL) ||
           (span(r, MAILLOG_F_STAGE, &p, &n) && n == 4 && memcmp(p, "RCPT", 4) == 0);
}

/* The memo when k names it, by a test stricter than lookup()'s: the
 * instance must be the same or absent on both sides.  An entry found
 * before the memo in its chain would then have been found for the memo's
 * own line too, so the memo is what lookup() returns. */
static maillog_message *memo_of(const maillog_corr *c, const key *k)
{
    maillog_message *m = (maillog_message *)c->memo;
    if (!m || !str_eq(&m->f[MAILLOG_M_QUEUE_ID], k->id, k->id_n) ||
        !str_eq(&m->f[MAILLOG_M_HOST], k->host, k->host_n))
        return NULL;
    if (m->f[MAILLOG_M_INSTANCE].p ? !str_eq(&m->f[MAILLOG_M_INSTANCE], k->inst, k->inst_n)
                                   : k->inst != NULL)
        return NULL;
    return m;
}

void ml_corr_no_memo(maillog_corr *c) { c->no_memo = 1; }

static int message_event(maillog_corr *c, const maillog_record *r, int64_t t)
{
    key k;
    maillog_message *m;
    int err = MAILLOG_OK;
    const char *p;
    size_t n;
    span(r, MAILLOG_F_HOST, &k.host, &k.host_n);
    span(r, MAILLOG_F_INSTANCE, &k.inst, &k.inst_n);
    span(r, MAILLOG_F_QUEUE_ID, &k.id, &k.id_n);
    k.pid = 0;
    if (c->no_memo || !(m = memo_of(c, &k))) {
        key_hash(&k, ML_KIND_MESSAGE);
        m = (maillog_message *)lookup(c, &k, ML_KIND_MESSAGE, 0);
    } else {
        k.hash = m->e.hash; /* the same host and id: the same hash */
    }
    /* A short queue id comes back once its file is gone: a new arrival for
     * a finished message, or a second arrival, starts a new message. */
    if (m && starts_message(r) &&
        ((m->e.flags & ML_ENTRY_DONE) || ((m->nmask >> MAILLOG_MN_ARRIVAL) & 1u))) {
        emit(c, &m->e, (m->e.flags & ML_ENTRY_DONE) ? 0 : MAILLOG_MSG_EVICTED);
        m = NULL;
    }
    if (!m) {
        m = new_message(c, &k, 1);
        if (!m)
            return MAILLOG_E_NOMEM;
    } else if (!m->f[MAILLOG_M_INSTANCE].p && k.inst) { /* a placeholder gets its instance */
        err |= ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_INSTANCE], k.inst, k.inst_n);
    }
    c->memo = &m->e;
    if (!((m->nmask >> MAILLOG_MN_FIRST_TIME) & 1u))
        setn_msg(m, MAILLOG_MN_FIRST_TIME, t);
    setn_msg(m, MAILLOG_MN_LAST_TIME, t);
    touch(c, &m->e, t);
    if (c->limit[MAILLOG_CORR_KEEP_LINES]) {
        ml_line *arr = ml_arena_grow(c, &m->e.arena, m->lines, m->nlines, &m->lines_cap, sizeof *arr, 4);
        if (!arr)
            return MAILLOG_E_NOMEM;
        m->lines = arr;
        arr[m->nlines].number = r->line_no;
        if (ml_str_copy(c, &m->e.arena, &arr[m->nlines].text, r->line, r->len))
            return MAILLOG_E_NOMEM;
        m->nlines++;
    }
    if (r->event == MAILLOG_EV_CLIENT || r->event == MAILLOG_EV_PICKUP ||
        r->event == MAILLOG_EV_QUEUED) {
        /* an MTA may log sender, size, count and message-id on the arrival
         * line itself (Sendmail's from=): keep what the line has */
        if (ml_has(r, MAILLOG_F_MESSAGE_ID))
            err |= copy_field(c, &m->e, &m->f[MAILLOG_M_MESSAGE_ID], r, MAILLOG_F_MESSAGE_ID);
        if (ml_hasn(r, MAILLOG_N_SIZE))
            setn_msg(m, MAILLOG_MN_SIZE, r->n[MAILLOG_N_SIZE]);
        if (ml_hasn(r, MAILLOG_N_NRCPT))
            setn_msg(m, MAILLOG_MN_NRCPT, r->n[MAILLOG_N_NRCPT]);
        if (r->event != MAILLOG_EV_PICKUP && ml_has(r, MAILLOG_F_FROM))
            err |= copy_field(c, &m->e, &m->f[MAILLOG_M_FROM], r, MAILLOG_F_FROM);
        /* Sendmail logs a message whose every recipient was refused with
         * nrcpts=0, and drops it */
        if (r->dialect && (r->dialect->corr_flags & ML_CORR_IMPLICIT_END) &&
            ml_hasn(r, MAILLOG_N_NRCPT) &&
            r->n[MAILLOG_N_NRCPT] == 0)
            finish_message(c, m, MAILLOG_END_REJECTED, t);
    }
    switch (r->event) {
    case MAILLOG_EV_CLIENT:
        setn_msg(m, MAILLOG_MN_ARRIVAL, t);
        err |= copy_field(c, &m->e, &m->f[MAILLOG_M_CLIENT_HOST], r, MAILLOG_F_CLIENT_HOST);
        err |= copy_field(c, &m->e, &m->f[MAILLOG_M_CLIENT_IP], r, MAILLOG_F_CLIENT_IP);
        if (ml_hasn(r, MAILLOG_N_CLIENT_PORT))
            setn_msg(m, MAILLOG_MN_CLIENT_PORT, r->n[MAILLOG_N_CLIENT_PORT]);
        err |= sasl_user(c, m, r);
        if (!ml_has(r, MAILLOG_F_CLIENT_IP) && ml_has(r, MAILLOG_F_SESSION_ID)) {
            /* OpenSMTPD names the client on the session's connect line */
            key sk;
            maillog_session *s;
            session_key(r, &sk);
            key_hash(&sk, ML_KIND_SESSION);
            s = (maillog_session *)lookup(c, &sk, ML_KIND_SESSION, 0);
            if (s && s->f[MAILLOG_S_CLIENT_IP].p) {
                err |= ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_CLIENT_IP],
                                   s->f[MAILLOG_S_CLIENT_IP].p, s->f[MAILLOG_S_CLIENT_IP].n);
                if (s->f[MAILLOG_S_CLIENT_HOST].p)
                    err |= ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_CLIENT_HOST],
                                       s->f[MAILLOG_S_CLIENT_HOST].p,
                                       s->f[MAILLOG_S_CLIENT_HOST].n);
            }
        }
        break;
    case MAILLOG_EV_PICKUP:
        setn_msg(m, MAILLOG_MN_ARRIVAL, t);
        err |= copy_field(c, &m->e, &m->f[MAILLOG_M_FROM], r, MAILLOG_F_FROM);
        break;
    case MAILLOG_EV_MESSAGE_ID:
        err |= copy_field(c, &m->e, &m->f[MAILLOG_M_MESSAGE_ID], r, MAILLOG_F_MESSAGE_ID);
        break;
    case MAILLOG_EV_QUEUED:
        break;
    case MAILLOG_EV_DELIVERY:
        err |= delivery(c, m, r, t);
        break;
    case MAILLOG_EV_REMOVED:
        finish_message(c, m, MAILLOG_END_REMOVED, t);
        break;
    case MAILLOG_EV_EXPIRED:
        err |= copy_field(c, &m->e, &m->f[MAILLOG_M_FROM], r, MAILLOG_F_FROM);
        m->end = MAILLOG_END_EXPIRED;
        setn_msg(m, MAILLOG_MN_COMPLETION, t);
        break;
    case MAILLOG_EV_REJECT:
        if (rcpt_stage(r) && ml_has(r, MAILLOG_F_TO)) {
            err |= delivery(c, m, r, t); /* the refused recipient, status rejected */
        } else {
            /* cleanup's log names the sender and client: keep them when
             * the message's own lines did not */
            if (!m->f[MAILLOG_M_FROM].p)
                err |= copy_field(c, &m->e, &m->f[MAILLOG_M_FROM], r, MAILLOG_F_FROM);
            if (!m->f[MAILLOG_M_CLIENT_IP].p) {
                err |= copy_field(c, &m->e, &m->f[MAILLOG_M_CLIENT_HOST], r, MAILLOG_F_CLIENT_HOST);
                err |= copy_field(c, &m->e, &m->f[MAILLOG_M_CLIENT_IP], r, MAILLOG_F_CLIENT_IP);
            }
            err |= copy_field(c, &m->e, &m->f[MAILLOG_M_END_TEXT], r, MAILLOG_F_REPLY);
            finish_message(c, m,
                           r->status == MAILLOG_STATUS_DISCARDED ? MAILLOG_END_DISCARDED
                           : r->status == MAILLOG_STATUS_HELD    ? MAILLOG_END_HELD
                                                                 : MAILLOG_END_REJECTED,
                           t);
        }
        break;
    case MAILLOG_EV_NOTIFICATION:
        if (span(r, MAILLOG_F_NEW_QUEUE_ID, &p, &n))
            err |= link_child(c, m, &k, p, n, MAILLOG_MSG_BOUNCE, t);
        break;
    default:
        break;
    }
    if (span(r, MAILLOG_F_PARENT_ID, &p, &n) && starts_message(r)) {
        /* the child names its parent (Exim's "<= <> R=parent"): a
         * notification about that message */
        key pk = k;
        maillog_message *parent;
        pk.id = p;
        pk.id_n = n;
        key_hash(&pk, ML_KIND_MESSAGE);
        parent = (maillog_message *)lookup(c, &pk, ML_KIND_MESSAGE, 0);
        if (parent) {
            err |= link_child(c, parent, &pk, k.id, k.id_n, MAILLOG_MSG_BOUNCE, t);
        } else { /* the parent's lines are not in this log */
            m->e.flags |= MAILLOG_MSG_BOUNCE;
            if (!m->f[MAILLOG_M_PARENT].p)
                err |= ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_PARENT], p, n);
        }
    }
    return err ? MAILLOG_E_NOMEM : MAILLOG_OK;
}

int maillog_corr_add(maillog_corr *c, const maillog_record *r)
{
    int64_t t;
    int rc = MAILLOG_OK, handled = 0;
    const char *qid;
    size_t qid_n;
    if (!c || !r)
        return MAILLOG_E_INVAL;
    if (c->in_callback)
        return MAILLOG_E_STATE;
    c->stop = 0;
    c->ctr[MAILLOG_CORR_CTR_RECORDS]++;
    if (r->flags & MAILLOG_REC_HAS_TIME) {
        t = r->ts_sec;
        if (t > c->now)
            c->now = t;
    } else {
        t = c->now == INT64_MIN ? 0 : c->now;
    }
    if (r->mta != MAILLOG_MTA_UNKNOWN && !(r->flags & MAILLOG_REC_UNPARSED)) {
        int has_qid = span(r, MAILLOG_F_QUEUE_ID, &qid, &qid_n);
        if (ml_has(r, MAILLOG_F_DELIVERY_ID)) {
            handled = 1;
            rc |= qmail_delivery(c, r, t);
        }
        int s = session_event(c, r, t, has_qid ? qid : NULL, qid_n);
        if (s != -1) {
            handled = 1;
            rc = s;
        }
        if (has_qid) {
            handled = 1;
            rc |= message_event(c, r, t);
        }
    }
    if (!handled)
        c->ctr[MAILLOG_CORR_CTR_IGNORED]++;
    enforce_limits(c);
    if (rc)
        return MAILLOG_E_NOMEM;
    return c->stop ? MAILLOG_STOPPED : MAILLOG_OK;
}

int maillog_corr_finish(maillog_corr *c)
{
    if (!c)
        return MAILLOG_E_INVAL;
    if (c->in_callback)
        return MAILLOG_E_STATE;
    c->stop = 0;
    while (c->lru_head)
        emit(c, c->lru_head, 0);
    c->now = INT64_MIN;
    return c->stop ? MAILLOG_STOPPED : MAILLOG_OK;
}
