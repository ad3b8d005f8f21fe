/* json_out.h -- a bounded JSON output buffer shared by every JSON writer
 * (records, messages, sessions): it counts what it could not store, so
 * callers learn the size they need. */
#ifndef MAILLOG_JSON_OUT_H
#define MAILLOG_JSON_OUT_H

#include "core/internal.h"

typedef struct ml_out {
    char *buf;
    size_t cap, n; /* cap excludes the NUL's byte */
    int csv;       /* strings are CSV values: "" is written as one quote */
} ml_out;

int ml_out_init(ml_out *o, char *buf, size_t cap);
/* Inline: a record's JSON is dozens of short pieces. */
static inline void ml_out_put(ml_out *o, const char *s, size_t n)
{
    if (o->n < o->cap) {
        size_t room = o->cap - o->n;
        memcpy(o->buf + o->n, s, n < room ? n : room);
    }
    o->n += n;
}
#define ML_OUT_LIT(o, lit) ml_out_put((o), (lit), sizeof(lit) - 1)
/* A short constant piece (a quoted key) in a fixed array: with room, it
 * is copied whole, a constant-size copy, and n bytes of it count.  The
 * bytes past them land in buf's unused room, which the writers may use
 * as scratch (maillog.h says so). */
typedef struct ml_out_piece {
    char s[31];
    uint8_t n;
} ml_out_piece;
static inline void ml_out_piece_put(ml_out *o, const ml_out_piece *p)
{
    if (o->n < o->cap && o->cap - o->n >= sizeof p->s) {
        memcpy(o->buf + o->n, p->s, sizeof p->s);
        o->n += p->n;
    } else {
        ml_out_put(o, p->s, p->n);
    }
}
void ml_out_int(ml_out *o, int64_t v);
/* Microseconds as decimal seconds, trailing zeros trimmed. */
void ml_out_seconds(ml_out *o, int64_t us);
/* A JSON string; invalid UTF-8 becomes U+FFFD.  With o->csv, a doubled
 * quote "" is one quote (only the escaping path sees quotes: clean
 * strings cost nothing more). */
void ml_out_str(ml_out *o, const char *s, size_t n);
/* The same for the n bytes at base + off, where all of base[0, off + n)
 * may be read (a span of a line): a short string is checked with one load
 * that ends where it ends. */
void ml_out_str_at(ml_out *o, const char *base, size_t off, size_t n);
/* ,"key": (first: no comma) */
void ml_out_key(ml_out *o, const char *key, int first);
/* ISO 8601 from Unix seconds + usec and an offset (applied to show local
 * time; printed when has_off). Nothing is written for years past 9999. */
void ml_out_time(ml_out *o, int64_t sec, int32_t usec, int32_t off, int has_frac, int has_off);
/* NUL-terminate; MAILLOG_OK or MAILLOG_E_NOSPC with *written = needed. */
int ml_out_finish(ml_out *o, char *buf, size_t cap, size_t *written);

#endif
