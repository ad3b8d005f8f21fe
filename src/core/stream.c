/* stream.c -- chunks of any size to lines.  Complete lines are parsed in
 * place; only a line split across chunks is copied, into the carry buffer
 * of max_line bytes fixed at creation, so memory never grows.  A dialect
 * that joins or holds lines (ml_dialect.hold) keeps them in its own state,
 * also fixed at creation. */
#include "mta/dialect.h"

static int callback(maillog_parser *p)
{
    int rc = 0;
    if (p->cb) {
        if (p->ctx.popts & ML_POPT_REASON)
            ml_record_keep_reason(&p->rec);
        p->in_callback = 1;
        rc = p->cb(p->user, &p->rec);
        p->in_callback = 0;
    }
    return rc;
}

int ml_stream_deliver(maillog_parser *p) { return callback(p); }

/* A line parsed again, or an entry joined from lines already parsed, tells
 * nothing new about the stream: what it has shown stays as it was, so the
 * stream and a line-by-line parse of the same bytes agree. */
void ml_stream_parse(maillog_parser *p, const char *text, uint32_t len, uint32_t flags,
                     uint64_t line_no)
{
    int32_t lock = p->ctx.lock, cand = p->ctx.cand, run = p->ctx.run;
    p->rec.line_no = line_no; /* as ml_parse_counted: known to the dialect */
    ml_parse(&p->ctx, text, len, &p->rec);
    p->ctx.lock = lock;
    p->ctx.cand = cand;
    p->ctx.run = run;
    p->rec.flags |= flags;
}

/* Inline into the loop's usual case, a whole line in the chunk: the
 * call was ~2% of a line's cost. */
ML_ALWAYS_INLINE
static inline int deliver_inline(maillog_parser *p, const char *line, size_t len, uint32_t flags)
{
    ml_parse_counted(p, line, len, p->max_line, flags, &p->rec);
    if ((p->rec.flags & ML_REC_HOLD) && !(p->rec.flags & MAILLOG_REC_TRUNCATED))
        return p->rec.dialect->hold(p, p->rec.dstate, line);
    return callback(p);
}

static int deliver(maillog_parser *p, const char *line, size_t len, uint32_t flags)
{
    return deliver_inline(p, line, len, flags);
}

int maillog_parser_feed(maillog_parser *p, const char *buf, size_t len, size_t *consumed)
{
    size_t pos = 0;
    int stop = 0;
    if (consumed)
        *consumed = 0;
    if (!p || (!buf && len))
        return MAILLOG_E_INVAL;
    if (p->in_callback)
        return MAILLOG_E_STATE;
    while (pos < len && !stop) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t take = nl ? (size_t)(nl - (buf + pos)) : len - pos;
        if (p->skipping) {
            /* The rest of an over-long line already delivered. */
            pos = nl ? pos + take + 1 : len;
            p->skipping = nl == NULL;
            continue;
        }
        if (p->carry_len == 0 && nl) {
            stop = deliver_inline(p, buf + pos, take, 0);
            pos += take + 1;
        } else if (p->carry_len + take <= p->max_line) {
            memcpy(p->carry + p->carry_len, buf + pos, take);
            p->carry_len += (uint32_t)take;
            pos += take + (nl != NULL);
            if (nl) {
                uint32_t n = p->carry_len;
                p->carry_len = 0;
                stop = deliver(p, p->carry, n, 0);
            }
        } else {
            /* More than max_line bytes without a newline: deliver what fits
             * now, flagged, and skip the rest of the line. */
            size_t fill = p->max_line - p->carry_len;
            const char *line = buf + pos;
            if (p->carry_len) {
                memcpy(p->carry + p->carry_len, buf + pos, fill);
                line = p->carry;
            }
            p->carry_len = 0;
            pos = nl ? pos + take + 1 : len;
            p->skipping = nl == NULL;
            stop = deliver(p, line, p->max_line, MAILLOG_REC_TRUNCATED);
        }
    }
    p->ctr[MAILLOG_CTR_BYTES] += pos;
    if (consumed)
        *consumed = pos;
    return stop ? MAILLOG_STOPPED : MAILLOG_OK;
}

int maillog_parser_finish(maillog_parser *p)
{
    uint32_t n, i;
    if (!p)
        return MAILLOG_E_INVAL;
    if (p->in_callback)
        return MAILLOG_E_STATE;
    p->skipping = 0;
    if (p->carry_len) {
        n = p->carry_len;
        p->carry_len = 0;
        if (deliver(p, p->carry, n, MAILLOG_REC_NO_NEWLINE))
            return MAILLOG_STOPPED;
    }
    for (i = 0; i < p->ctx.ndialects; i++)
        if (p->ctx.state[i] && p->ctx.table[i]->flush &&
            p->ctx.table[i]->flush(p, p->ctx.state[i]))
            return MAILLOG_STOPPED;
    return MAILLOG_OK;
}
