/* parser.c -- the parser handle: creation in caller or allocated memory,
 * options, counters, and the one-line parse every path goes through. */
#include "scan/scan.h"

#include <stdlib.h>
#include <time.h>

static size_t header_size(void) { return (sizeof(maillog_parser) + 7u) & ~(size_t)7u; }

size_t maillog_parser_sizeof(uint32_t max_line)
{
    if (max_line == 0)
        max_line = MAILLOG_MAX_LINE_DEFAULT;
    if (max_line < MAILLOG_MAX_LINE_MIN || max_line > MAILLOG_MAX_LINE_MAX)
        return 0;
    return header_size() + 2 * (size_t)max_line; /* carry, and Exim fragments */
}

static void reset_state(maillog_parser *p)
{
    p->ys.ref_time = p->opt_ref_time ? p->opt_ref_time : (int64_t)time(NULL);
    p->ys.year = 0;
    p->ys.last_month = 0;
    ml_ts_cache_reset(&p->tc);
    p->line_no = 0;
    memset(p->ctr, 0, sizeof p->ctr);
    p->carry_len = 0;
    p->skipping = 0;
    p->frag_next = 0;
    p->frag_len = 0;
}

int maillog_parser_init(void *mem, size_t memlen, uint32_t max_line, maillog_parser **out)
{
    maillog_parser *p;
    size_t need = maillog_parser_sizeof(max_line);
    if (!mem || !out)
        return MAILLOG_E_INVAL;
    if (need == 0 || memlen < need)
        return MAILLOG_E_RANGE;
    if (((uintptr_t)mem & 7u) != 0)
        return MAILLOG_E_ALIGN;
    p = (maillog_parser *)mem;
    memset(p, 0, sizeof *p);
    p->max_line = max_line ? max_line : MAILLOG_MAX_LINE_DEFAULT;
    p->carry = (char *)mem + header_size();
    p->frag = p->carry + p->max_line;
    p->ctx.ys = &p->ys;
    p->ctx.tc = &p->tc;
    ml_record_clear(&p->rec, "", 0);
    reset_state(p);
    *out = p;
    return MAILLOG_OK;
}

int maillog_parser_new(const maillog_allocator *a, uint32_t max_line, maillog_parser **out)
{
    size_t need = maillog_parser_sizeof(max_line);
    void *mem;
    int rc;
    if (!out)
        return MAILLOG_E_INVAL;
    *out = NULL;
    if (need == 0)
        return MAILLOG_E_RANGE;
    if (a && (!a->alloc || !a->free))
        return MAILLOG_E_INVAL;
    mem = a ? a->alloc(a->ctx, need) : malloc(need);
    if (!mem)
        return MAILLOG_E_NOMEM;
    rc = maillog_parser_init(mem, need, max_line, out);
    if (rc != MAILLOG_OK) {
        if (a)
            a->free(a->ctx, mem);
        else
            free(mem);
        return rc;
    }
    if (a)
        (*out)->alloc = *a;
    (*out)->owned = 1;
    return MAILLOG_OK;
}

void maillog_parser_free(maillog_parser *p)
{
    if (!p || !p->owned)
        return;
    if (p->alloc.free)
        p->alloc.free(p->alloc.ctx, p);
    else
        free(p);
}

int maillog_parser_reset(maillog_parser *p)
{
    if (!p)
        return MAILLOG_E_INVAL;
    if (p->in_callback)
        return MAILLOG_E_STATE;
    reset_state(p);
    return MAILLOG_OK;
}

int maillog_parser_set_callback(maillog_parser *p, maillog_record_cb cb, void *user)
{
    if (!p)
        return MAILLOG_E_INVAL;
    p->cb = cb;
    p->user = user;
    return MAILLOG_OK;
}

int maillog_parser_set_option(maillog_parser *p, int32_t opt, int64_t v)
{
    if (!p)
        return MAILLOG_E_INVAL;
    ml_ts_cache_reset(&p->tc); /* cached stamps depend on the options */
    switch (opt) {
    case MAILLOG_OPT_REFERENCE_TIME:
        /* Years 1..9999 only, so every inferred date prints. */
        if (v < -62135596800LL + 86400 * 366 || v > 253402300799LL - 86400 * 366)
            return MAILLOG_E_RANGE;
        p->opt_ref_time = v;
        p->ys.ref_time = v;
        p->ys.year = 0;
        return MAILLOG_OK;
    case MAILLOG_OPT_DEFAULT_OFFSET:
        if (v <= -86400 || v >= 86400)
            return MAILLOG_E_RANGE;
        p->ctx.default_offset = (int32_t)v;
        return MAILLOG_OK;
    case MAILLOG_OPT_DIALECT:
        if (v < 0 || v >= MAILLOG_MTA_COUNT)
            return MAILLOG_E_RANGE;
        p->ctx.force_mta = (int32_t)v;
        return MAILLOG_OK;
    default:
        return MAILLOG_E_INVAL;
    }
}

int maillog_parser_get_option(const maillog_parser *p, int32_t opt, int64_t *v)
{
    if (!p || !v)
        return MAILLOG_E_INVAL;
    switch (opt) {
    case MAILLOG_OPT_REFERENCE_TIME: *v = p->ys.ref_time; return MAILLOG_OK;
    case MAILLOG_OPT_DEFAULT_OFFSET: *v = p->ctx.default_offset; return MAILLOG_OK;
    case MAILLOG_OPT_DIALECT: *v = p->ctx.force_mta; return MAILLOG_OK;
    default: return MAILLOG_E_INVAL;
    }
}

int maillog_parser_counter(const maillog_parser *p, int32_t c, uint64_t *v)
{
    if (!p || !v || c < 0 || c >= MAILLOG_CTR_COUNT)
        return MAILLOG_E_INVAL;
    switch (c) {
    case MAILLOG_CTR_LINES: *v = p->line_no; break;
    case MAILLOG_CTR_PARSED: *v = p->line_no - p->ctr[MAILLOG_CTR_UNPARSED]; break;
    default: *v = p->ctr[c]; break;
    }
    return MAILLOG_OK;
}

/* bytes -> envelope -> dialect body -> record. */
void ml_parse(const ml_parse_ctx *ctx, const char *line, uint32_t len, maillog_record *r)
{
    const ml_dialect *d;
    size_t pos = 0;
    ml_record_clear(r, line, len);
    ml_envelope(ctx, r);
    if (!ml_has(r, MAILLOG_F_BODY)) /* every path sets it; a dialect must never
                                       read a stale one from the last line */
        ml_set(r, MAILLOG_F_BODY, 0, len);
    d = ml_dialect_for(r, ctx->force_mta, &pos);
    if (!d) {
        r->flags |= MAILLOG_REC_UNPARSED;
    } else {
        /* A tag names one MTA; a line with only a stamp (Exim's mainlog,
         * qmail's multilog files) may be any MTA that writes such files:
         * each is tried until one understands it. */
        int retry = !ml_has(r, MAILLOG_F_PROGRAM) && !ctx->force_mta;
        uint64_t fmask = r->fmask;
        uint32_t nmask = r->nmask, flags = r->flags;
        int32_t sev = r->severity;
        for (;;) {
            const ml_dialect *next;
            r->dialect = d;
            r->mta = d->mta;
            if (d->parse_body(r))
                break;
            next = retry ? ml_dialect_for(r, ctx->force_mta, &pos) : NULL;
            r->event = MAILLOG_EV_UNKNOWN;
            r->status = MAILLOG_STATUS_NONE;
            r->kv_off = r->kv_end = 0;
            if (!next) { /* what the last dialect found stays, flagged unparsed */
                r->flags |= MAILLOG_REC_UNPARSED;
                if (retry) {
                    r->dialect = NULL; /* no tag, and no MTA knew it */
                    r->mta = MAILLOG_MTA_UNKNOWN;
                }
                break;
            }
            r->fmask = fmask; /* the next dialect starts from the envelope */
            r->nmask = nmask;
            r->flags = flags;
            r->severity = sev;
            d = next;
        }
    }
    if (r->severity == MAILLOG_SEV_NONE && ml_hasn(r, MAILLOG_N_PRI))
        r->severity = (int32_t)(r->n[MAILLOG_N_PRI] & 7);
}

int maillog_parse_line(maillog_parser *p, const char *line, size_t len, maillog_record *rec)
{
    if (!p || !rec || (!line && len))
        return MAILLOG_E_INVAL;
    ml_parse_counted(p, line ? line : "", len, 0, rec);
    return MAILLOG_OK;
}
