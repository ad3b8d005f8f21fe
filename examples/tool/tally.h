/* tally.h -- counting by string key for the example tools' reports: an
 * open-addressing hash of copied keys, each with a few counters and an
 * optional set of samples (for percentiles, in bounded memory: quant.h).
 * The report copies keys because records' spans die with their callback. */
#ifndef MAILLOG_TOOL_TALLY_H
#define MAILLOG_TOOL_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "quant.h"

#define TALLY_VALUES 6

typedef struct tally_ent {
    size_t klen;
    uint64_t v[TALLY_VALUES]; /* meaning set by each table's user */
    uint64_t sortkey;         /* the column being sorted (qsort has no context) */
    quant *samples;           /* NULL until the first sample */
    char key[];     /* NUL-terminated, in the entry's allocation */
} tally_ent;

typedef struct tally_slot {
    uint64_t hash;
    tally_ent *e; /* NULL: empty */
} tally_slot;

#define TALLY_FRONT 256

typedef struct tally {
    tally_slot *slots;
    size_t cap, n;
    int oom; /* an allocation failed: counts are incomplete */
    /* The entries last found, by a cheap hash of the key (tally.c): made
     * with the first lookup */
    tally_ent **front;
} tally;

/* The entry for key (created with zero counters), or NULL when out of
 * memory (t->oom is then set). */
tally_ent *tally_get(tally *t, const char *k, size_t n);
tally_ent *tally_gets(tally *t, const char *k);

/* src's counters added to dst's entries of the same keys (made where
 * dst has none); src's samples are not (a table that samples is merged
 * by its user).  An allocation failure sets dst->oom. */
void tally_add(tally *dst, const tally *src);

/* One more of key: v[0]++. */
void tally_count(tally *t, const char *k);

/* Entries whose counter col is not zero. */
size_t tally_nonzero(const tally *t, int col);

void tally_sample(tally *t, tally_ent *e, int64_t v);

/* qsort's order for an array of entries: sortkey, largest first, ties by
 * key. */
int tally_cmp(const void *a, const void *b);

/* Entries sorted by counter col, largest first, ties by key; col < 0
 * sorts by key.  The caller frees the array (not the entries). */
tally_ent **tally_sorted(tally *t, int col);

/* Nearest-rank percentile (0 < pct <= 100) of an entry's samples: exact
 * up to QUANT_EXACT samples, within 0.4% beyond (quant.h). */
int64_t tally_percentile(tally_ent *e, int pct);

void tally_free(tally *t);

#endif
