/* parser.c -- the parser handle: creation in caller or allocated memory,
 * options, counters, and the one-line parse every path goes through. */
#include "mta/dialect.h"
#include "scan/scan.h"

#include <stdlib.h>
#include <time.h>

static size_t header_size(void) { return (sizeof(maillog_parser) + 7u) & ~(size_t)7u; }

static size_t table_len(const ml_dialect *const *table)
{
    size_t n = 0;
    while (table[n])
        n++;
    return n;
}

static size_t state_bytes(const ml_dialect *d, uint32_t max_line)
{
    return d->state_size ? (d->state_size(max_line) + 7u) & ~(size_t)7u : 0;
}

size_t ml_parser_sizeof_table(uint32_t max_line, const ml_dialect *const *table)
{
    size_t need, i;
    if (max_line == 0)
        max_line = MAILLOG_MAX_LINE_DEFAULT;
    if (max_line < MAILLOG_MAX_LINE_MIN || max_line > MAILLOG_MAX_LINE_MAX || !table ||
        table_len(table) > ML_MAX_DIALECTS)
        return 0;
    need = header_size() + ((max_line + 7u) & ~(size_t)7u); /* the carry buffer */
    for (i = 0; table[i]; i++)
        need += state_bytes(table[i], max_line);
    return need;
}

size_t maillog_parser_sizeof(uint32_t max_line)
{
    return ml_parser_sizeof_table(max_line, ml_dialects);
}

static void reset_state(maillog_parser *p)
{
    uint32_t i;
    p->ys.ref_time = p->opt_ref_time ? p->opt_ref_time : (int64_t)time(NULL);
    p->ys.year = 0;
    p->ys.last_month = 0;
    ml_ts_cache_reset(&p->tc);
    p->line_no = 0;
    memset(p->ctr, 0, sizeof p->ctr);
    p->carry_len = 0;
    p->skipping = 0;
    p->ctx.lock = p->ctx.cand = p->ctx.run = 0;
    for (i = 0; i < p->ctx.ndialects; i++)
        if (p->ctx.state[i] && p->ctx.table[i]->state_reset)
            p->ctx.table[i]->state_reset(p->ctx.state[i], p->max_line);
}

int ml_parser_init_table(void *mem, size_t memlen, uint32_t max_line,
                         const ml_dialect *const *table, maillog_parser **out)
{
    maillog_parser *p;
    size_t need = ml_parser_sizeof_table(max_line, table), i;
    char *at;
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
    p->ctx.ys = &p->ys;
    p->ctx.tc = &p->tc;
    p->ctx.table = table;
    p->ctx.ndialects = (uint32_t)table_len(table);
    at = p->carry + ((p->max_line + 7u) & ~7u);
    for (i = 0; table[i]; i++) {
        size_t n = state_bytes(table[i], p->max_line);
        p->ctx.state[i] = n ? at : NULL;
        at += n;
    }
    ml_record_clear(&p->rec, "", 0);
    reset_state(p);
    *out = p;
    return MAILLOG_OK;
}

int maillog_parser_init(void *mem, size_t memlen, uint32_t max_line, maillog_parser **out)
{
    return ml_parser_init_table(mem, memlen, max_line, ml_dialects, out);
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

int maillog_parser_set_zone(maillog_parser *p, maillog_zone_fn zone, void *user)
{
    if (!p)
        return MAILLOG_E_INVAL;
    ml_ts_cache_reset(&p->tc); /* a repeated stamp must ask the new zone */
    p->ctx.zone = zone;
    p->ctx.zone_user = zone ? user : NULL;
    return MAILLOG_OK;
}

/* The table slot + 1 of an MTA's dialect; 0 for none. */
static int32_t slot_of(const maillog_parser *p, int64_t mta)
{
    uint32_t i;
    for (i = 0; mta != MAILLOG_MTA_UNKNOWN && i < p->ctx.ndialects; i++)
        if (p->ctx.table[i]->mta == mta)
            return (int32_t)i + 1;
    return 0;
}

static int32_t mta_of(const maillog_parser *p, int32_t slot)
{
    return slot ? p->ctx.table[slot - 1]->mta : MAILLOG_MTA_UNKNOWN;
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
        if (v != MAILLOG_MTA_UNKNOWN && !slot_of(p, v))
            return MAILLOG_E_RANGE;
        p->ctx.force = slot_of(p, v);
        return MAILLOG_OK;
    case MAILLOG_OPT_STREAM_DIALECT:
        if (v != MAILLOG_MTA_UNKNOWN && !slot_of(p, v))
            return MAILLOG_E_RANGE;
        p->ctx.lock = slot_of(p, v);
        p->ctx.cand = p->ctx.run = 0;
        return MAILLOG_OK;
    case MAILLOG_OPT_SUBJECT:
        if (v != 0 && v != 1)
            return MAILLOG_E_RANGE;
        p->ctx.popts = v ? p->ctx.popts | ML_POPT_SUBJECT : p->ctx.popts & ~ML_POPT_SUBJECT;
        return MAILLOG_OK;
    case MAILLOG_OPT_REASON:
        if (v != 0 && v != 1)
            return MAILLOG_E_RANGE;
        p->ctx.popts = v ? p->ctx.popts | ML_POPT_REASON : p->ctx.popts & ~ML_POPT_REASON;
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
    case MAILLOG_OPT_DIALECT: *v = mta_of(p, p->ctx.force); return MAILLOG_OK;
    case MAILLOG_OPT_STREAM_DIALECT: *v = mta_of(p, p->ctx.lock); return MAILLOG_OK;
    case MAILLOG_OPT_SUBJECT: *v = (p->ctx.popts & ML_POPT_SUBJECT) != 0; return MAILLOG_OK;
    case MAILLOG_OPT_REASON: *v = (p->ctx.popts & ML_POPT_REASON) != 0; return MAILLOG_OK;
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

/* Read r with the dialect in slot i; 1 when it understood the line. */
static int try_dialect(ml_parse_ctx *ctx, uint32_t i, maillog_record *r)
{
    const ml_dialect *d = ctx->table[i];
    r->dialect = d;
    r->dstate = ctx->state[i];
    r->mta = d->mta;
    r->popts = ctx->popts;
    r->pctx = ctx;
    return d->parse(r->dstate, r);
}

/* A line without a syslog tag: an MTA's own file (its stamps, its header
 * lines), or no envelope at all.  The stream's dialect reads it first when
 * the stream has shown what it is; then every dialect that may have written
 * it, in table order.  A header line claims the stream at once; a run of
 * ML_LOCK_LINES lines read by one dialect claims it too. */
ML_NOINLINE
static void parse_untagged(ml_parse_ctx *ctx, maillog_record *r)
{
    uint64_t fmask = r->fmask;
    uint32_t nmask = r->nmask, flags = r->flags, i;
    int32_t sev = r->severity, tried = 0;
    if (ctx->lock && try_dialect(ctx, (uint32_t)ctx->lock - 1, r))
        return;
    for (i = 0; i < ctx->ndialects; i++) {
        int conf;
        if ((int32_t)i + 1 == ctx->lock)
            continue;
        conf = ctx->table[i]->sniff(ctx->state[i], r);
        if (conf == ML_SNIFF_NO)
            continue;
        if (tried || ctx->lock) { /* the next dialect starts from the envelope */
            r->event = MAILLOG_EV_UNKNOWN;
            r->status = MAILLOG_STATUS_NONE;
            r->kv_off = r->kv_end = 0;
            r->fmask = fmask;
            r->wmask = 0; /* the envelope sets no word fields */
            r->xmask = 0; /* nor decoded ones */
            r->nmask = nmask;
            r->flags = flags;
            r->severity = sev;
        }
        tried = 1;
        if (try_dialect(ctx, i, r)) {
            int32_t slot = (int32_t)i + 1;
            if (conf == ML_SNIFF_HEADER) {
                ctx->lock = slot;
                ctx->cand = ctx->run = 0;
            } else if (ctx->cand == slot) {
                if (++ctx->run >= ML_LOCK_LINES)
                    ctx->lock = slot;
            } else { /* another dialect's line: the stream changed */
                ctx->lock = 0;
                ctx->cand = slot;
                ctx->run = 1;
            }
            return;
        }
    }
    /* what the last dialect found stays, flagged unparsed; with no tag, no
     * MTA is named */
    r->event = MAILLOG_EV_UNKNOWN;
    r->status = MAILLOG_STATUS_NONE;
    r->kv_off = r->kv_end = 0;
    r->flags |= MAILLOG_REC_UNPARSED;
    r->dialect = NULL;
    r->dstate = NULL;
    r->mta = MAILLOG_MTA_UNKNOWN;
}

/* bytes -> envelope -> dialect -> record.  A tagged line goes to the first
 * dialect whose MTA the tag names (many programs share one syslog file, so
 * each line is detected afresh); the rest to parse_untagged. */
void ml_parse(ml_parse_ctx *ctx, const char *line, uint32_t len, maillog_record *r)
{
    ml_record_clear(r, line, len);
    ml_envelope(ctx, r);
    if (!ml_has(r, MAILLOG_F_BODY)) /* every path sets it; a dialect must never
                                       read a stale one from the last line */
        ml_set(r, MAILLOG_F_BODY, 0, len);
    if (ctx->force) {
        if (!try_dialect(ctx, (uint32_t)ctx->force - 1, r))
            goto unparsed;
    } else if (ml_has(r, MAILLOG_F_PROGRAM)) {
        uint32_t i;
        for (i = 0; i < ctx->ndialects; i++)
            if (ctx->table[i]->sniff(ctx->state[i], r) >= ML_SNIFF_TAG)
                break;
        if (i == ctx->ndialects)
            r->flags |= MAILLOG_REC_UNPARSED;
        else if (!try_dialect(ctx, i, r))
            goto unparsed;
    } else {
        parse_untagged(ctx, r);
    }
    goto severity;
unparsed:
    r->event = MAILLOG_EV_UNKNOWN;
    r->status = MAILLOG_STATUS_NONE;
    r->kv_off = r->kv_end = 0;
    r->flags |= MAILLOG_REC_UNPARSED;
severity:
    /* The syslog priority says how grave the line is; a dialect refines it
     * only from the line's own words, and a line understood without either
     * is "info". */
    if (r->severity == MAILLOG_SEV_NONE) {
        if (ml_hasn(r, MAILLOG_N_PRI))
            r->severity = (int32_t)(r->n[MAILLOG_N_PRI] & 7);
        else if (!(r->flags & MAILLOG_REC_UNPARSED))
            r->severity = MAILLOG_SEV_INFO;
    }
}

int maillog_parser_parse_line(maillog_parser *p, const char *line, size_t len,
                              maillog_record *rec)
{
    if (!p || !rec || (!line && len))
        return MAILLOG_E_INVAL;
    ml_parse_counted(p, line ? line : "", len, UINT32_MAX - 1u, 0, rec);
    if (p->ctx.popts & ML_POPT_REASON)
        ml_record_keep_reason(rec);
    return MAILLOG_OK;
}
