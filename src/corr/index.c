/* index.c -- the correlator's index of open entries: a power-of-two table
 * of hash chains that doubles as entries come, and the counts of each
 * kind that the limits read.  Lookup and the activity order are inline in
 * index.h. */
#include "corr/index.h"

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

/* The count of open entries of e's kind. */
static size_t *count_of(maillog_corr *c, const ml_entry *e)
{
    return e->kind == ML_KIND_MESSAGE   ? &c->nmessages
           : e->kind == ML_KIND_SESSION ? &c->nsessions
                                        : &c->nties;
}

void ml_corr_insert(maillog_corr *c, ml_entry *e, uint64_t hash)
{
    c->memo = c->memo_ses = NULL; /* the new entry may shadow them */
    if (c->nentries >= c->nbuckets)
        grow_index(c);
    e->hash = hash;
    if (c->nbuckets) {
        e->hnext = c->buckets[hash & (c->nbuckets - 1)];
        c->buckets[hash & (c->nbuckets - 1)] = e;
    }
    ml_lru_append(c, e);
    c->nentries++;
    (*count_of(c, e))++;
}

void ml_corr_unindex(maillog_corr *c, ml_entry *e)
{
    ml_entry **pp;
    if (c->memo == e)
        c->memo = NULL;
    if (c->memo_ses == e)
        c->memo_ses = NULL;
    if (e->flags & ML_ENTRY_DONE)
        ml_done_unlink(c, e);
    pp = &c->buckets[e->hash & (c->nbuckets - 1)];
    while (*pp && *pp != e)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = e->hnext;
    ml_lru_unlink(c, e);
    c->nentries--;
    (*count_of(c, e))--;
}

void ml_corr_drop_all(maillog_corr *c)
{
    ml_entry *e = c->lru_head, *next;
    for (; e; e = next) {
        next = e->lnext;
        ml_corr_entry_free(c, e);
    }
    c->lru_head = c->lru_tail = NULL;
    c->done_head = c->done_tail = NULL;
    c->memo = c->memo_ses = NULL;
    if (c->buckets)
        memset(c->buckets, 0, c->nbuckets * sizeof *c->buckets);
    c->nentries = c->nmessages = c->nsessions = c->nties = 0;
}
