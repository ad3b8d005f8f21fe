/* stream.c -- chunks of any size to lines.  Complete lines are parsed in
 * place; only a line split across chunks is copied, into the carry buffer
 * of max_line bytes fixed at creation, so memory never grows.  Exim's
 * syslog fragments of one entry are joined in a second such buffer. */
#include "core/internal.h"

static int callback(maillog_parser *p)
{
    int rc = 0;
    if (p->cb) {
        p->in_callback = 1;
        rc = p->cb(p->user, &p->rec);
        p->in_callback = 0;
    }
    return rc;
}

/* Append text to the joined entry, as much as fits. */
static void frag_add(maillog_parser *p, const char *s, uint32_t n)
{
    uint32_t room = p->max_line - p->frag_len;
    if (n > room) {
        n = room;
        p->frag_cut = 1;
    }
    memcpy(p->frag + p->frag_len, s, n);
    p->frag_len += n;
}

/* Deliver the joined entry (partial when fragments are missing). */
static int frag_flush(maillog_parser *p, uint32_t extra)
{
    maillog_record *r = &p->rec;
    uint32_t n = p->frag_len;
    p->frag_next = 0;
    p->frag_len = 0;
    ml_parse(&p->ctx, p->frag, n, r);
    r->flags |= MAILLOG_REC_JOINED | extra | (p->frag_cut ? MAILLOG_REC_TRUNCATED : 0u);
    r->line_no = p->frag_line_no;
    return callback(p);
}

/* Exim through syslog splits a long or multi-line entry into "[i/m] "
 * fragments (at most 870 bytes each).  The stream joins them into one
 * record; other lines in between pass as they come.  A fragment out of
 * turn ends the entry early, flagged partial: nothing is lost. */
static int fragment(maillog_parser *p, const char *line)
{
    maillog_record *r = &p->rec;
    int64_t pid = ml_hasn(r, MAILLOG_N_PID) ? r->n[MAILLOG_N_PID] : -1;
    uint32_t text = r->frag_text;
    int rc = 0;
    if (p->frag_next && r->frag_i == p->frag_next && r->frag_m == p->frag_m && pid == p->frag_pid) {
        if (p->frag_nl) /* the split was at a newline */
            frag_add(p, "\n", 1);
        frag_add(p, line + text, r->len - text);
        p->frag_nl = r->frag_nl;
        if (++p->frag_next > p->frag_m)
            return frag_flush(p, 0);
        return 0;
    }
    if (p->frag_next) { /* the pending entry will not be completed */
        uint64_t no = r->line_no;
        uint32_t n = r->len, flags = r->flags & (MAILLOG_REC_TRUNCATED | MAILLOG_REC_NO_NEWLINE);
        /* a stop asked for here still lets this line be handled: the
         * stream stops after the line, and it made two records */
        rc = frag_flush(p, MAILLOG_REC_PARTIAL);
        ml_parse(&p->ctx, line, n, r); /* this line again, into the record */
        r->flags |= flags;
        r->line_no = no;
    }
    if (r->frag_i != 1)
        return callback(p) | rc; /* a stray continuation: delivered as it is */
    p->frag_next = 2;
    p->frag_m = r->frag_m;
    p->frag_nl = r->frag_nl;
    p->frag_cut = 0;
    p->frag_pid = pid;
    p->frag_line_no = r->line_no;
    p->frag_len = 0;
    frag_add(p, line, r->frag_mark);
    frag_add(p, line + text, r->len - text);
    return rc;
}

/* Inline into the loop's usual case, a whole line in the chunk: the
 * call was ~2% of a line's cost. */
ML_ALWAYS_INLINE
static inline int deliver_inline(maillog_parser *p, const char *line, size_t len, uint32_t flags)
{
    ml_parse_counted(p, line, len, flags, &p->rec);
    if ((p->rec.flags & ML_REC_FRAGMENT) && p->rec.frag_m > 1 &&
        !(p->rec.flags & MAILLOG_REC_TRUNCATED))
        return fragment(p, line);
    return callback(p);
}

static int deliver(maillog_parser *p, const char *line, size_t len, uint32_t flags)
{
    return deliver_inline(p, line, len, flags);
}

int maillog_feed(maillog_parser *p, const char *buf, size_t len, size_t *consumed)
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

int maillog_finish(maillog_parser *p)
{
    uint32_t n;
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
    if (p->frag_next && frag_flush(p, MAILLOG_REC_PARTIAL))
        return MAILLOG_STOPPED;
    return MAILLOG_OK;
}
