/* corr.h -- layouts of the correlation module, and the helpers its files
 * share; never installed.  Which file does what:
 *   handle.c   the handle, limits, counters, emission, maillog_corr_add
 *   index.c    the index: keys, lookup, activity order (inline in index.h),
 *              buckets, insertion and removal
 *   message.c  a message's life cycle (its per-record path inline in
 *              message.h)
 *   session.c  a session's life cycle (its per-record path inline in
 *              session.h)
 *   tie.c      delivery ties (records with a delivery id)
 *   hop.c      hand-offs to a local relay, linked on evidence
 *   arena.c    memory: entries, arenas, spare lists
 *   access.c   the public getters of messages and sessions
 *   json.c     messages and sessions as JSON
 * Nothing here names an MTA: what an MTA means comes through its dialect
 * (mta/dialect.h: session_of, corr_flags). */
#ifndef MAILLOG_CORR_INTERNAL_H
#define MAILLOG_CORR_INTERNAL_H

#include "core/internal.h"
#include "maillog_correlate.h"
#include "scan/scan.h"

/* Copied text: pointer into the owner's arena.  p == NULL: absent. */
typedef struct ml_str {
    const char *p;
    uint32_t n;
} ml_str;

/* One bump arena per entry: a chain of blocks, the first one allocated
 * together with its owner.  Freed in one sweep at emission. */
typedef struct ml_block {
    struct ml_block *next;
    size_t cap, used;
} ml_block; /* data follows the header */

typedef struct ml_arena {
    ml_block *head; /* current block (newest first) */
    size_t bytes;   /* all blocks, headers included */
} ml_arena;

typedef struct ml_rcpt {
    ml_str f[MAILLOG_R_COUNT];
    int64_t n[MAILLOG_RN_COUNT];
} ml_rcpt;

typedef struct ml_line {
    uint64_t number;
    ml_str text;
} ml_line;

/* Entries (messages, sessions, delivery ties) share the index and the LRU
 * list. */
typedef struct ml_entry {
    struct ml_entry *hnext;            /* hash chain */
    struct ml_entry *lprev, *lnext;    /* activity order, oldest first */
    struct ml_entry *dprev, *dnext;    /* finished entries, in finishing order */
    uint64_t hash;
    int32_t kind;                      /* ML_KIND_* */
    uint32_t flags;                    /* MAILLOG_MSG_* */
    int64_t last_time;                 /* log time of the last line */
    int64_t done_time;                 /* when finished (grace starts); valid with
                                          ML_ENTRY_DONE -- log times may be negative */
    ml_arena arena;
} ml_entry;

/* Internal entry flag, above the public MAILLOG_MSG_* bits: finished and
 * on the done list. */
#define ML_ENTRY_DONE 0x10000u

#define ML_KIND_MESSAGE 1
#define ML_KIND_SESSION 2
#define ML_KIND_TIE     3 /* a delivery tie (tie.c): never handed to a callback */
#define ML_KIND_COUNT   3

struct maillog_message {
    ml_entry e;
    ml_str f[MAILLOG_M_COUNT];
    int64_t n[MAILLOG_MN_COUNT];
    uint32_t nmask;
    int32_t end;
    ml_rcpt *rcpt;
    uint32_t nrcpt, rcpt_cap;
    ml_str *child;
    uint32_t nchild, child_cap;
    ml_line *lines;
    uint32_t nlines, lines_cap;
};

struct maillog_session {
    ml_entry e;
    ml_str f[MAILLOG_S_COUNT];
    int64_t n[MAILLOG_SN_COUNT];
    uint32_t nmask;
    ml_str *msg;
    uint32_t nmsg, msg_cap;
};

/* A delivery tie: an MTA that numbers its deliveries logs "starting
 * delivery D: msg N to X" (delivery D is message N's attempt for
 * recipient X), then results that name D only.  The tie is kept, under
 * (host, D), from the start to the result. */
typedef struct ml_tie {
    ml_entry e;
    ml_str host;
    ml_str id;   /* the delivery id D */
    ml_str qid;  /* the queue id N */
    ml_str to;   /* the recipient X */
    ml_str inst; /* the instance of the start's line */
    ml_str mid;   /* a pending hop that needs it: the parent's message-id */
    ml_str phost; /* a pending hop to another host (host): the parent's */
    ml_str *more; /* a pending hop of a line naming several recipients: the
                     others (ML_TIE_HOP_MID) */
    uint32_t nmore, more_cap;
    int32_t hop; /* ML_TIE_*: a pending hand-off (hop.c): id is the new queue
                    id, qid the parent's, to its recipient; a meeting by
                    another id (link.c): qid the parent's, to the child's */
} ml_tie;
#define ML_TIE_DELIVERY 0 /* a delivery tie */
#define ML_TIE_HOP      1 /* a pending hop */
#define ML_TIE_HOP_MID  2 /* a pending hop that the child's message-id must confirm */
#define ML_TIE_NOTIFY   3 /* link.c: a failure and its notification */
#define ML_TIE_THREAD   4 /* link.c: a hand-off and the next copy of the message */

/* A recipient discarded before its message had a queue id (discard.c):
 * the client's address, the sender and the recipient, copied while they
 * fit.  used 0: a free slot. */
#define ML_PENDING_SLOTS 8
typedef struct ml_pending {
    int64_t t;
    uint16_t ip_n, from_n, to_n, reply_n;
    int32_t used;
    char ip[64], from[256], to[256], reply[128];
} ml_pending;

struct maillog_corr {
    maillog_allocator alloc;
    maillog_message_cb on_message;
    maillog_session_cb on_session;
    void *user;
    int64_t limit[8]; /* indexed by MAILLOG_CORR_* */
    uint64_t ctr[MAILLOG_CORR_CTR_COUNT];
    ml_entry **buckets;
    size_t nbuckets, nentries, nmessages, nsessions, nties;
    ml_entry *lru_head, *lru_tail; /* oldest activity first */
    ml_entry *done_head, *done_tail; /* waiting out the grace period */
    int64_t now;                   /* latest log time seen */
    /* The message and the session the last line named: their lines come
     * in runs.  Cleared whenever an entry enters or leaves the index, so
     * each is what the index's lookup would find (see ml_message_memo). */
    ml_entry *memo;
    ml_entry *memo_ses;
    int32_t no_memo; /* tests: look every message up (ml_corr_no_memo) */
    size_t memory;
    /* Freed entries of each kind (index kind - 1) kept for the next new
     * one: entries come and go by the thousand, and malloc and free cost
     * more than the rest of an entry's bookkeeping.  Freed blocks of the
     * usual second size (ML_SPARE_BLOCK) too: most messages outgrow their
     * first block once.  Raw memory, linked through its first bytes
     * (arena.c); not counted in memory. */
    void *spare[ML_KIND_COUNT];
    uint32_t nspare[ML_KIND_COUNT];
    void *spare_block;
    uint32_t nspare_block;
    int32_t in_callback;
    int32_t stop; /* a callback asked to stop */
    /* discard.c: recipients discarded before their message had an id,
     * waiting for its arrival (ML_CORR_EARLY_DISCARDS); a ring, the
     * oldest overwritten */
    ml_pending pending[ML_PENDING_SLOTS];
    uint32_t pending_next, npending;
};

/* For tests: never use the memo, so that both ways can be compared. */
ML_HIDDEN void ml_corr_no_memo(maillog_corr *c);

/* ---- arena.c: arenas, entries, copies */
ML_HIDDEN void *ml_corr_alloc(maillog_corr *c, size_t n);
ML_HIDDEN void ml_corr_release(maillog_corr *c, void *p, size_t n);
/* At most this many spare entries of each kind, and spare blocks. */
#define ML_CORR_SPARES 8
/* The capacity of a message's second arena block, the one kept spare. */
#define ML_SPARE_BLOCK 1024u
/* Free the spare entries (maillog_corr_free). */
ML_HIDDEN void ml_corr_free_spares(maillog_corr *c);
/* n bytes (8-aligned) from a new block; NULL on OOM. */
ML_HIDDEN void *ml_corr_arena_take_new(maillog_corr *c, ml_arena *a, size_t n);
/* Inline: a message takes a dozen copies, nearly all from the block in
 * hand. */
static inline void *ml_arena_take(maillog_corr *c, ml_arena *a, size_t n) /* NULL on OOM */
{
    ml_block *b = a->head;
    n = (n + 7u) & ~(size_t)7u;
    if (b && b->cap - b->used >= n) {
        void *p = (char *)(b + 1) + b->used;
        b->used += n;
        return p;
    }
    return ml_corr_arena_take_new(c, a, n);
}
static inline int ml_str_copy(maillog_corr *c, ml_arena *a, ml_str *dst, const char *src,
                              size_t n)
{
    char *p = (char *)ml_arena_take(c, a, n ? n : 1);
    if (!p)
        return MAILLOG_E_NOMEM;
    if (n)
        memcpy(p, src, n);
    dst->p = p;
    dst->n = (uint32_t)n;
    return MAILLOG_OK;
}
/* A new entry of a kind (its struct: maillog_message, maillog_session or
 * ml_tie), zeroed, with its first arena block; NULL on OOM.  Not in the
 * index yet. */
ML_HIDDEN ml_entry *ml_corr_entry_new(maillog_corr *c, int32_t kind);
ML_HIDDEN void ml_corr_entry_free(maillog_corr *c, ml_entry *e);
/* Append to a growable array in the arena (the old copy stays until the
 * arena is freed: arrays are small and grow by doubling from first). */
ML_HIDDEN void *ml_corr_arena_grow(maillog_corr *c, ml_arena *a, void *old, uint32_t count,
                                   uint32_t *cap, size_t elem, uint32_t first);

/* Append a copy of (p, n) to an entry's array of strings (*arr, *count,
 * *cap): MAILLOG_OK or MAILLOG_E_NOMEM. */
static inline int ml_str_append(maillog_corr *c, ml_entry *e, ml_str **arr, uint32_t *count,
                                uint32_t *cap, const char *p, size_t n)
{
    ml_str *a = ml_corr_arena_grow(c, &e->arena, *arr, *count, cap, sizeof *a, 4);
    if (!a)
        return MAILLOG_E_NOMEM;
    *arr = a;
    if (ml_str_copy(c, &e->arena, &a[*count], p, n))
        return MAILLOG_E_NOMEM;
    (*count)++;
    return MAILLOG_OK;
}

/* ---- strings and record fields, on every record's path */
static inline int ml_str_eq(const ml_str *a, const char *p, size_t n)
{
    return a->p && a->n == n && ml_same_bytes(a->p, p, n); /* p may be NULL when n == 0 */
}

/* Field f of r as (p, n): 1, or 0 with (NULL, 0) when r has none. */
static inline int ml_rec_field(const maillog_record *r, int f, const char **p, size_t *n)
{
    if (!ml_has(r, f)) {
        *p = NULL;
        *n = 0;
        return 0;
    }
    /* a span of the line: a field a dialect may decode (user) is read
     * with ml_copy_text; going through ml_field_ptr here cost the
     * correlator 2.4% more instructions a line (make bench's syslog log) */
    *p = r->line + r->f[f].off;
    *n = r->f[f].len;
    return 1;
}

/* Copy a record field into an entry's string, unless equal already. */
static inline int ml_copy_field(maillog_corr *c, ml_entry *e, ml_str *dst,
                                const maillog_record *r, int f)
{
    const char *p;
    size_t n;
    if (!ml_rec_field(r, f, &p, &n) || ml_str_eq(dst, p, n))
        return MAILLOG_OK;
    return ml_str_copy(c, &e->arena, dst, p, n);
}

/* ml_rec_field() for a field whose text may not be in the line: the host
 * a dialect names for a format that does not write one on each line
 * (ml_set_text), the host of a hop to another server. */
static inline int ml_rec_text(const maillog_record *r, int f, const char **p, size_t *n)
{
    /* never a word (ml_set_word), so one mask decides; written out rather
     * than through ml_has/ml_field_ptr: this runs for every record */
    if (!((r->fmask >> f) & 1u)) {
        *p = NULL;
        *n = 0;
        return 0;
    }
    *p = r->line + r->f[f].off;
    *n = r->f[f].len;
    if (r->xmask & ((uint64_t)1 << f)) /* rare: a host no line spells */
        *p = r->xbuf + r->f[f].off;
    return 1;
}

/* ml_copy_field() for a field whose text may not be in the line
 * (ml_set_text: the user name a log gives in base64, decoded). */
static inline int ml_copy_text(maillog_corr *c, ml_entry *e, ml_str *dst,
                               const maillog_record *r, int f)
{
    const char *p;
    size_t n;
    if (!ml_rec_text(r, f, &p, &n) || ml_str_eq(dst, p, n))
        return MAILLOG_OK;
    return ml_str_copy(c, &e->arena, dst, p, n);
}

static inline void ml_msg_setn(maillog_message *m, int n, int64_t v)
{
    m->n[n] = v;
    m->nmask |= 1u << n;
}

/* ---- handle.c */
/* Take an entry out of the index and hand it to its callback (a delivery
 * tie: none, and uncounted), then free it.  extra_flags: MAILLOG_MSG_*
 * added first (MAILLOG_MSG_EVICTED counts an eviction). */
ML_HIDDEN void ml_corr_emit(maillog_corr *c, ml_entry *e, uint32_t extra_flags);

/* ---- tie.c: a record with a delivery id; MAILLOG_OK or MAILLOG_E_NOMEM. */
ML_HIDDEN int ml_corr_tie_event(maillog_corr *c, const maillog_record *r, int64_t t);

#endif
