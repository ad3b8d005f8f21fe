/* envelope.h -- what the envelope's files share: envelope.c (the
 * dispatch: <PRI>, RFC 5424, which stamp, lines with a native stamp),
 * stamp.c (the timestamps and their cache) and tag.c (host, program tag
 * and pid).  ml_envelope() itself is declared in core/internal.h. */
#ifndef MAILLOG_ENVELOPE_H
#define MAILLOG_ENVELOPE_H

#include "scan/scan.h"

/* -------------------------------------------------------------- stamps */
/* Each reads its stamp at *p: on success it sets the time and TIMESTAMP,
 * moves *p past the stamp and returns 1; else returns 0 with r and *p
 * untouched.  ml_stamp_iso() also tells whether the date and time are
 * separated by a space (an MTA's own log file) rather than a 'T'. */
ML_HIDDEN int ml_stamp_3164(const ml_parse_ctx *ctx, maillog_record *r, uint32_t *p);
ML_HIDDEN int ml_stamp_iso(const ml_parse_ctx *ctx, maillog_record *r, uint32_t *p,
                           int *space_sep);
ML_HIDDEN int ml_stamp_unix(maillog_record *r, uint32_t *p);
ML_HIDDEN int ml_stamp_tai64n(maillog_record *r, uint32_t *p);
/* Keep r's stamp, text and values, for ml_stamp_cached(). */
ML_HIDDEN void ml_stamp_remember(const ml_parse_ctx *ctx, const maillog_record *r);

/* A stamp at *p equal to the cached one, followed by a space: sets what
 * the stamp's own parse would and moves *p past it.  Inline: it starts
 * every line's short path. */
static inline int ml_stamp_cached(const ml_parse_ctx *ctx, maillog_record *r, uint32_t *p)
{
    const ml_ts_cache *c = ctx->tc;
    uint32_t q = *p;
    if (!c || c->len == 0 || r->len - q <= c->len || r->line[q + c->len] != ' ' ||
        !ml_same_bytes(r->line + q, c->text, c->len))
        return 0;
    r->ts_sec = c->sec;
    r->ts_usec = c->usec;
    r->ts_off = c->off;
    r->flags |= c->flags;
    ml_set(r, MAILLOG_F_TIMESTAMP, q, c->len);
    *p = q + c->len;
    return 1;
}

/* -------------------------------------------------------------- tokens */
static inline uint32_t ml_skip_spaces(const char *s, uint32_t p, uint32_t end)
{
    while (p < end && s[p] == ' ')
        p++;
    return p;
}

/* End of the space-delimited token at p. */
static inline uint32_t ml_token_end(const char *s, uint32_t p, uint32_t end)
{
    return ml_find_any(s, p, end, ' ', ' ', ' ', ' '); /* inline: tokens are short */
}

/* ---------------------------------------------------- host and tag */
/* PID from [a,b) when it is all digits (1 to 18 of them). */
ML_HIDDEN void ml_set_pid(maillog_record *r, uint32_t a, uint32_t b);
/* PROGRAM [a,b), with INSTANCE up to its first '/' and SERVICE after its
 * last one. */
ML_HIDDEN void ml_split_program(maillog_record *r, uint32_t a, uint32_t b);
/* tag[pid]: or tag: as the space-delimited token at p: sets the program
 * and pid fields and returns the body offset, or 0 when p holds no tag. */
ML_HIDDEN uint32_t ml_program_tag(maillog_record *r, uint32_t p);
/* Host and tag after a stamp, p at the space that ends it: the general
 * scan, and the fast path for the usual shape, which returns 0 and leaves
 * r untouched when the line has another (tests compare the two). */
ML_HIDDEN int ml_host_tag_general(maillog_record *r, uint32_t p);
ML_HIDDEN int ml_host_tag_fast(maillog_record *r, uint32_t p);

#endif
