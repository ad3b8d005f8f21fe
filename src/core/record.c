/* record.c -- the public view of a parsed line: accessors, names and the
 * attribute iterator. */
#include "mta/dialect.h"
#include "scan/scan.h"

#include <stddef.h>
#include <stdlib.h>

#define ML_NAME(s) s,
static const char *const field_names[MAILLOG_F_COUNT] = {ML_FIELD_NAMES(ML_NAME)};
static const char *const event_names[MAILLOG_EV_COUNT] = {ML_EVENT_NAMES(ML_NAME)};
static const char *const status_names[MAILLOG_STATUS_COUNT] = {ML_STATUS_NAMES(ML_NAME)};
static const char *const severity_names[8] = {ML_SEVERITY_NAMES(ML_NAME)};
#undef ML_NAME

#define NAME(tab, i, n) ((i) >= 0 && (i) < (n) ? (tab)[i] : "")

const char *maillog_field_name(int32_t f) { return NAME(field_names, f, MAILLOG_F_COUNT); }
const char *maillog_event_name(int32_t e) { return NAME(event_names, e, MAILLOG_EV_COUNT); }
const char *maillog_status_name(int32_t s) { return NAME(status_names, s, MAILLOG_STATUS_COUNT); }
const char *maillog_severity_name(int32_t s) { return NAME(severity_names, s, 8); }
const char *maillog_mta_name(int32_t m)
{
    const ml_dialect *d = m > MAILLOG_MTA_UNKNOWN ? ml_dialect_of(m) : NULL;
    return d ? d->name : "";
}

size_t maillog_record_sizeof(void) { return (sizeof(maillog_record) + 7u) & ~(size_t)7u; }

int maillog_record_init(void *mem, size_t memlen, maillog_record **out)
{
    if (!mem || !out)
        return MAILLOG_E_INVAL;
    if (memlen < maillog_record_sizeof())
        return MAILLOG_E_RANGE;
    if (((uintptr_t)mem & 7u) != 0)
        return MAILLOG_E_ALIGN;
    memset(mem, 0, sizeof(maillog_record));
    *out = (maillog_record *)mem;
    ml_record_clear(*out, "", 0);
    return MAILLOG_OK;
}

int maillog_record_new(const maillog_allocator *a, maillog_record **out)
{
    maillog_record *r;
    if (!out)
        return MAILLOG_E_INVAL;
    *out = NULL;
    if (a && (!a->alloc || !a->free)) /* a half-set allocator would mismatch */
        return MAILLOG_E_INVAL;
    r = a ? a->alloc(a->ctx, sizeof *r) : malloc(sizeof *r);
    if (!r)
        return MAILLOG_E_NOMEM;
    maillog_record_init(r, maillog_record_sizeof(), out);
    r->owned = 1;
    if (a) {
        r->alloc = *a;
        r->own_alloc = 1;
    }
    return MAILLOG_OK;
}

void maillog_record_free(maillog_record *rec, const maillog_allocator *a)
{
    (void)a; /* the record remembers its allocator since 0.5.0 */
    if (!rec || !rec->owned)
        return; /* caller memory (maillog_record_init) is the caller's */
    if (rec->own_alloc)
        rec->alloc.free(rec->alloc.ctx, rec);
    else
        free(rec);
}

const char *maillog_record_line(const maillog_record *r, size_t *len)
{
    if (len)
        *len = r ? r->len : 0;
    return r ? r->line : NULL;
}

uint64_t maillog_record_line_number(const maillog_record *r) { return r ? r->line_no : 0; }
uint32_t maillog_record_flags(const maillog_record *r)
{
    return r ? r->flags & 0xFFFFu : 0;
}
int32_t maillog_record_event(const maillog_record *r) { return r ? r->event : 0; }
int32_t maillog_record_status(const maillog_record *r) { return r ? r->status : 0; }
int32_t maillog_record_severity(const maillog_record *r)
{
    return r ? r->severity : MAILLOG_SEV_NONE;
}
int32_t maillog_record_mta(const maillog_record *r) { return r ? r->mta : 0; }

const char ml_field_words[] = ML_FIELD_WORDS;

/* A word field (ml_set_word) or a decoded one (ml_set_text) is no span of
 * the line: absent here, present to maillog_record_field(). */
int maillog_record_span(const maillog_record *r, int32_t f, uint32_t *off, uint32_t *len)
{
    int has;
    if (!r || f < 0 || f >= MAILLOG_F_COUNT)
        return MAILLOG_E_INVAL;
    has = ml_has(r, f) && !ml_field_not_span(r, f);
    if (off)
        *off = has ? r->f[f].off : 0;
    if (len)
        *len = has ? r->f[f].len : 0;
    return has;
}

int maillog_record_field(const maillog_record *r, int32_t f, const char **ptr, size_t *len)
{
    uint32_t off, n;
    int has = maillog_record_span(r, f, &off, &n);
    if (has < 0)
        return has;
    if (!has && ml_has(r, f)) { /* a word, or decoded text */
        if (ptr)
            *ptr = ml_field_ptr(r, f);
        if (len)
            *len = r->f[f].len;
        return 1;
    }
    if (ptr)
        *ptr = has ? r->line + off : NULL;
    if (len)
        *len = n;
    return has;
}

int maillog_record_number(const maillog_record *r, int32_t n, int64_t *v)
{
    int has;
    if (!r || n < 0 || n >= MAILLOG_N_COUNT)
        return MAILLOG_E_INVAL;
    has = ml_hasn(r, n);
    if (v)
        *v = has ? r->n[n] : 0;
    return has;
}

int maillog_record_time(const maillog_record *r, int64_t *sec, int32_t *usec, int32_t *off)
{
    int has = r && (r->flags & MAILLOG_REC_HAS_TIME);
    if (sec)
        *sec = has ? r->ts_sec : 0;
    if (usec)
        *usec = has ? r->ts_usec : 0;
    if (off)
        *off = has ? r->ts_off : 0;
    return has;
}

int maillog_record_attr_next(const maillog_record *r, uint32_t *cursor, const char **key,
                             size_t *key_len, const char **val, size_t *val_len)
{
    ml_kv kv;
    uint32_t p;
    if (!r || !cursor)
        return MAILLOG_E_INVAL;
    if (r->dialect && r->dialect->attr_next) /* columns named by a header */
        return r->dialect->attr_next(r, cursor, key, key_len, val, val_len);
    p = *cursor < r->kv_off ? r->kv_off : *cursor;
    while (p < r->kv_end && ml_kv_next(r->line, p, r->kv_end, &kv)) {
        p = kv.end;
        if (r->dialect && r->dialect->field_key(r->line + kv.k_off, kv.k_len))
            continue;
        *cursor = p;
        return ml_attr_put(key, key_len, val, val_len, r->line + kv.k_off, kv.k_len,
                           r->line + kv.v_off, kv.v_len);
    }
    *cursor = r->kv_end;
    return 0;
}

int maillog_record_recipient_next(const maillog_record *r, uint32_t *cursor, const char **ptr,
                                  size_t *len)
{
    uint32_t p, e, a, b;
    if (!r || !cursor)
        return MAILLOG_E_INVAL;
    if (!(r->flags & ML_REC_TO_LIST)) { /* the to field, once */
        if (*cursor != 0 || !ml_has(r, MAILLOG_F_TO))
            return 0;
        *cursor = 1;
        if (ptr)
            *ptr = r->line + r->f[MAILLOG_F_TO].off;
        if (len)
            *len = r->f[MAILLOG_F_TO].len;
        return 1;
    }
    for (p = *cursor < r->to_list_off ? r->to_list_off : *cursor; p < r->to_list_end; p = e + 1) {
        e = r->flags & ML_REC_TO_SEMI    ? ml_delim_end(r->line, p, r->to_list_end, ';')
            : r->flags & ML_REC_TO_SPACE ? ml_word_end(r->line, p, r->to_list_end)
                                         : ml_list_item_end(r->line, p, r->to_list_end);
        a = p;
        b = e;
        while (a < b && r->line[a] == ' ') /* "a@x, b@y" */
            a++;
        if (b - a >= 2 && r->line[a] == '<' && r->line[b - 1] == '>')
            a++, b--;
        if (a == b) /* an empty item: ",," */
            continue;
        *cursor = e + 1;
        if (ptr)
            *ptr = r->line + a;
        if (len)
            *len = b - a;
        return 1;
    }
    *cursor = r->to_list_end;
    return 0;
}

int maillog_record_reply_text(const maillog_record *r, char *buf, size_t cap, size_t *written)
{
    const char *p;
    uint32_t n;
    if (!r)
        return MAILLOG_E_INVAL;
    n = ml_has(r, MAILLOG_F_REPLY) ? r->f[MAILLOG_F_REPLY].len : 0;
    if (written)
        *written = n;
    if (!buf || cap < (size_t)n + 1) {
        if (buf && cap)
            buf[0] = '\0';
        return MAILLOG_E_NOSPC;
    }
    p = r->line + r->f[MAILLOG_F_REPLY].off;
    if (r->dialect && r->dialect->decode) /* the MTA's own encoding */
        r->dialect->decode(p, n, buf);
    else if (n)
        memcpy(buf, p, n);
    buf[n] = '\0';
    return ml_has(r, MAILLOG_F_REPLY);
}
