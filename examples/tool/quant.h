/* quant.h -- percentiles of a stream of values in bounded memory, for the
 * reports' delay columns.  The first QUANT_EXACT values are kept as they
 * are, so that small logs get exact percentiles; from the next one on,
 * they are counted in a log-linear histogram instead: 128 buckets per
 * power of two, each reported at its middle, so a percentile is at most
 * 1/256 (0.4%) off, and the smallest and largest values stay exact.  One
 * stream then holds at most 57 blocks of 1 KiB, whatever the number of
 * values: memory grows with the number of streams (relays), not of lines. */
#ifndef MAILLOG_TOOL_QUANT_H
#define MAILLOG_TOOL_QUANT_H

#include <stddef.h>
#include <stdint.h>

#define QUANT_EXACT 1024

typedef struct quant quant;

/* Add v to *q (created on the first value).  -1 when out of memory: the
 * value is then not counted. */
int quant_add(quant **q, int64_t v);

/* Values added so far. */
uint64_t quant_count(const quant *q);

/* Nearest-rank percentile (0 < pct <= 100); 0 for an empty or NULL q.
 * Exact while the values are kept; pct 100 is always the exact maximum. */
int64_t quant_percentile(quant *q, int pct);

void quant_free(quant *q);

#endif
