/* corr_internal.h -- layouts of the correlation module; never installed. */
#ifndef MAILLOG_CORR_INTERNAL_H
#define MAILLOG_CORR_INTERNAL_H

#include "core/internal.h"
#include "maillog_correlate.h"

/* Copied text: pointer into the owner's arena.  p == NULL: absent. */
typedef struct ml_str {
    const char *p;
    uint32_t n;
} ml_str;

/* One bump arena per message or session: a chain of blocks, the first one
 * allocated together with its owner.  Freed in one sweep at emission. */
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

/* Entries (messages and sessions) share the index and the LRU list. */
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
/* Internal entry flag: a session-kind entry that only maps a qmail
 * delivery number to its message (never handed to a callback). */
#define ML_ENTRY_ALIAS 0x20000u

#define ML_KIND_MESSAGE 1
#define ML_KIND_SESSION 2

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

struct maillog_corr {
    maillog_allocator alloc;
    maillog_message_cb on_message;
    maillog_session_cb on_session;
    void *user;
    int64_t limit[8]; /* indexed by MAILLOG_CORR_* */
    uint64_t ctr[MAILLOG_CORR_CTR_COUNT];
    ml_entry **buckets;
    size_t nbuckets, nentries, nmessages, nsessions;
    ml_entry *lru_head, *lru_tail; /* oldest activity first */
    ml_entry *done_head, *done_tail; /* waiting out the grace period */
    int64_t now;                   /* latest log time seen */
    /* The message and the session the last line named: their lines come
     * in runs.  Cleared whenever an entry enters or leaves the index, so
     * each is what lookup() would find (see memo_of). */
    ml_entry *memo;
    ml_entry *memo_ses;
    int32_t no_memo; /* tests: look every message up (ml_corr_no_memo) */
    size_t memory;
    /* Freed entries of each kind (index kind - 1) kept for the next new
     * one: messages and sessions come and go by the thousand, and malloc
     * and free cost more than the rest of an entry's bookkeeping.  Freed
     * blocks of the usual second size (ML_SPARE_BLOCK) too: most messages
     * outgrow their first block once.  Raw memory, linked through its
     * first bytes (corr_store.c); not counted in memory. */
    void *spare[2];
    uint32_t nspare[2];
    void *spare_block;
    uint32_t nspare_block;
    int32_t in_callback;
    int32_t stop; /* a callback asked to stop */
};

/* For tests: never use the memo, so that both ways can be compared. */
ML_HIDDEN void ml_corr_no_memo(maillog_corr *c);

/* corr_store.c: arenas, entries, copies. */
void *ml_corr_alloc(maillog_corr *c, size_t n);
void ml_corr_release(maillog_corr *c, void *p, size_t n);
/* At most this many spare entries of each kind, and spare blocks. */
#define ML_CORR_SPARES 8
/* The capacity of a message's second arena block, the one kept spare. */
#define ML_SPARE_BLOCK 1024u
/* Free the spare entries (maillog_corr_free). */
void ml_corr_free_spares(maillog_corr *c);
/* n bytes (8-aligned) from a new block; NULL on OOM. */
void *ml_arena_take_new(maillog_corr *c, ml_arena *a, size_t n);
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
    return ml_arena_take_new(c, a, n);
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
ml_entry *ml_entry_new(maillog_corr *c, size_t size, int32_t kind);
void ml_entry_free(maillog_corr *c, ml_entry *e);
/* Append to a growable array in the arena (the old copy stays until the
 * arena is freed: arrays are small and grow by doubling from first). */
void *ml_arena_grow(maillog_corr *c, ml_arena *a, void *old, uint32_t count, uint32_t *cap,
                    size_t elem, uint32_t first);

#endif
