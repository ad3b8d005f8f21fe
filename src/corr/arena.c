/* arena.c -- memory of the correlation module: every byte goes through
 * the handle's allocator and is counted; strings live in one arena per
 * entry, whose first block comes with the entry; freed entries and blocks
 * are kept on short spare lists for the next ones. */
#include "corr/corr.h"

#include <stdlib.h>

/* The first arena block comes with the entry.  A session holds at most
 * 248 bytes (bench log); a message with one recipient about 500, and
 * recipient slots are sized from nrcpt= (see rcpt_slots), so most
 * entries need one allocation, and larger first blocks only raised the
 * memory per open entry (measured: 640 bytes, 919 per entry against 832).
 * A delivery tie holds five short strings: host, delivery id, queue id,
 * recipient, instance. */
static size_t first_block(int32_t kind)
{
    return kind == ML_KIND_MESSAGE ? 512u : kind == ML_KIND_SESSION ? 256u : 128u;
}

/* The size of an entry's struct. */
static size_t entry_size(int32_t kind)
{
    return kind == ML_KIND_MESSAGE   ? sizeof(maillog_message)
           : kind == ML_KIND_SESSION ? sizeof(maillog_session)
                                     : sizeof(ml_tie);
}
#define ALIGN8(n) (((n) + 7u) & ~(size_t)7u)

/* n more bytes in use (allocated, or a spare entry taken back). */
static void count_in(maillog_corr *c, size_t n)
{
    c->memory += n;
    if (c->memory > c->ctr[MAILLOG_CORR_CTR_PEAK_MEMORY])
        c->ctr[MAILLOG_CORR_CTR_PEAK_MEMORY] = c->memory;
}

void *ml_corr_alloc(maillog_corr *c, size_t n)
{
    void *p = c->alloc.alloc ? c->alloc.alloc(c->alloc.ctx, n) : malloc(n);
    if (p)
        count_in(c, n);
    return p;
}

static void give_back(const maillog_corr *c, void *p)
{
    if (c->alloc.free)
        c->alloc.free(c->alloc.ctx, p);
    else
        free(p);
}

void ml_corr_release(maillog_corr *c, void *p, size_t n)
{
    if (!p)
        return;
    c->memory -= n;
    give_back(c, p);
}

/* The spare lists: memory kept for the next entry or block of its size,
 * at most ML_CORR_SPARES on each list, outside the memory count. */
static int spare_put(maillog_corr *c, void **list, uint32_t *n, void *p, size_t size)
{
    if (*n >= ML_CORR_SPARES)
        return 0;
    c->memory -= size;
    memcpy(p, list, sizeof *list); /* the link: the old head */
    *list = p;
    (*n)++;
    return 1;
}

static void *spare_take(maillog_corr *c, void **list, uint32_t *n, size_t size)
{
    void *p = *list;
    if (p) {
        memcpy(list, p, sizeof *list);
        (*n)--;
        count_in(c, size);
    }
    return p;
}

static void spare_drop(const maillog_corr *c, void **list, uint32_t *n)
{
    void *p;
    while ((p = *list) != NULL) {
        memcpy(list, p, sizeof *list);
        give_back(c, p);
    }
    *n = 0;
}

void ml_corr_free_spares(maillog_corr *c)
{
    int k;
    for (k = 0; k < ML_KIND_COUNT; k++)
        spare_drop(c, &c->spare[k], &c->nspare[k]);
    spare_drop(c, &c->spare_block, &c->nspare_block);
}

/* A block leaves its arena: kept as a spare when it has the usual second
 * size and there is room, else freed. */
static void block_free(maillog_corr *c, ml_block *b)
{
    size_t size = sizeof(ml_block) + b->cap;
    if (b->cap != ML_SPARE_BLOCK || !spare_put(c, &c->spare_block, &c->nspare_block, b, size))
        ml_corr_release(c, b, size);
}

void *ml_corr_arena_take_new(maillog_corr *c, ml_arena *a, size_t n)
{
    ml_block *b = a->head;
    size_t cap = b ? b->cap * 2 : 512u;
    if (cap < n)
        cap = ALIGN8(n);
    if (cap > 65536 && n <= 65536)
        cap = 65536; /* big arenas grow linearly */
    b = cap == ML_SPARE_BLOCK
            ? spare_take(c, &c->spare_block, &c->nspare_block, sizeof(ml_block) + cap)
            : NULL;
    if (!b && (b = ml_corr_alloc(c, sizeof(ml_block) + cap)) == NULL)
        return NULL;
    b->cap = cap;
    b->used = n;
    b->next = a->head;
    a->head = b;
    a->bytes += sizeof(ml_block) + cap;
    return b + 1;
}

void *ml_corr_arena_grow(maillog_corr *c, ml_arena *a, void *old, uint32_t count,
                         uint32_t *cap, size_t elem, uint32_t first)
{
    uint32_t ncap;
    void *p;
    if (count < *cap)
        return old;
    ncap = *cap ? *cap * 2 : first;
    p = ml_arena_take(c, a, (size_t)ncap * elem);
    if (!p)
        return NULL;
    if (count)
        memcpy(p, old, (size_t)count * elem);
    *cap = ncap;
    return p;
}

/* The entry and its first block are one allocation, a spare one when
 * there is one. */
ml_entry *ml_corr_entry_new(maillog_corr *c, int32_t kind)
{
    size_t size = entry_size(kind), head = ALIGN8(size);
    size_t total = head + sizeof(ml_block) + first_block(kind);
    ml_entry *e = spare_take(c, &c->spare[kind - 1], &c->nspare[kind - 1], total);
    ml_block *b;
    if (!e && (e = ml_corr_alloc(c, total)) == NULL)
        return NULL;
    memset(e, 0, size);
    b = (ml_block *)((char *)e + head);
    b->next = NULL;
    b->cap = first_block(kind);
    b->used = 0;
    e->arena.head = b;
    e->arena.bytes = total;
    e->kind = kind;
    return e;
}

void ml_corr_entry_free(maillog_corr *c, ml_entry *e)
{
    ml_block *b = e->arena.head, *next;
    size_t head = ALIGN8(entry_size(e->kind));
    size_t total = head + sizeof(ml_block) + first_block(e->kind);
    ml_block *embedded = (ml_block *)((char *)e + head);
    int32_t k = e->kind - 1;
    for (; b; b = next) {
        next = b->next;
        if (b != embedded)
            block_free(c, b);
    }
    if (!spare_put(c, &c->spare[k], &c->nspare[k], e, total))
        ml_corr_release(c, e, total);
}
