/* mailenable.c -- MailEnable's own log files (mailenable.h): sniff, the
 * local stamp, parse dispatch, the attributes, the ml_dialect.  Neither
 * file has a syslog envelope; the dialect is the last row of the table, so
 * its sniff says no at once to a tagged line. */
#include "mta/mailenable/mailenable.h"

/* Attribute names: the W3C log's names for the columns both logs have. */
const ml_word ml_me_names[ME_C_COUNT + 1] = {
    ML_W(""), ML_W("date"), ML_W("time"), ML_W("stamp"), ML_W("agent"), ML_W("message-file"),
    ML_W("s-port"), ML_W("c-ip"), ML_W("cs-method"), ML_W("cs-uristem"), ML_W("cs-uriquery"),
    ML_W("sc-bytes"), ML_W("cs-bytes"), ML_W("cs-username"), ML_W("subject"), ML_W("account"),
    ML_W("s-ip"), ML_W("s-computername"), ML_W("time-taken"), {NULL, 0},
};

int ml_me_time(me_state *st, maillog_record *r, int32_t y, int32_t mo, int32_t d, int32_t h,
               int32_t mi, int32_t sec, uint32_t a, uint32_t b)
{
    int64_t day, wall;
    int32_t off;
    if (h > 23 || mi > 59 || sec > 60 || !ml_day_sec(&st->day, y, mo, d, &day))
        return 0;
    /* local time: the zone is the caller's (maillog_parser_set_zone, or
     * MAILLOG_OPT_DEFAULT_OFFSET) */
    wall = day + h * 3600 + mi * 60 + sec;
    off = r->pctx ? ml_local_offset(r->pctx, wall) : 0;
    r->ts_sec = wall - off;
    r->ts_usec = 0;
    r->ts_off = off;
    r->flags |= MAILLOG_REC_HAS_TIME;
    ml_set(r, MAILLOG_F_TIMESTAMP, a, b - a);
    return 1;
}

uint32_t ml_me_split(const char *s, uint32_t p, uint32_t end, char sep, me_row *row)
{
    uint32_t n = 0;
    for (;;) {
        uint32_t e = ml_find(s, p, end, sep);
        if (n < ME_MAXCOL) {
            row->v[n].off = p;
            row->v[n].len = e - p;
        }
        n++;
        if (e >= end)
            break;
        p = e + 1;
    }
    row->n = n < ME_MAXCOL ? n : ME_MAXCOL;
    row->used = 0;
    return n;
}

void ml_me_index(me_row *row)
{
    uint32_t i;
    for (i = 0; i < ME_C_COUNT; i++)
        row->idx[i] = -1;
    for (i = 0; i < row->ncol && i < row->n; i++)
        if (row->col[i] != ME_C_OTHER && row->idx[row->col[i]] < 0)
            row->idx[row->col[i]] = (int32_t)i;
}

/* ---------------------------------------------------------- sniff, parse */
static int sniff(const void *stv, const maillog_record *r)
{
    const me_state *st = (const me_state *)stv;
    const char *s = r->line;
    uint32_t end = r->len;
    if (ml_has(r, MAILLOG_F_PROGRAM) || end < 3)
        return ML_SNIFF_NO; /* a syslog line: never MailEnable's */
    if (s[0] == '#')
        return ml_me_w3c_claim(st, s, end);
    if (s[0] == '[' || s[2] == '/')
        return ml_me_activity_sniff(s, end);
    if (ml_is((unsigned char)s[0], ML_C_DIGIT))
        return ml_me_w3c_sniff(st, r);
    return ML_SNIFF_NO;
}

static int parse(void *stv, maillog_record *r)
{
    me_state *st = (me_state *)stv;
    const char *s = r->line;
    me_row row;
    int ok;
    r->note[0] = r->note[1] = r->note[2] = r->note[3] = 0;
    if (r->len < 3)
        return 0;
    if (s[0] == '#')
        return ml_me_w3c_header(st, r);
    ok = s[0] == '[' || s[2] == '/' ? ml_me_activity(st, r, &row) : ml_me_w3c(st, r, &row);
    if (ok && r->note[1] != ME_FMT_NONE) {
        r->note[0] = row.used;
        ml_set(r, MAILLOG_F_BODY, 0, r->len);
    }
    return ok;
}

/* The columns that became no field, under their W3C names; the cursor is
 * the next column.  The details of an AUTH or login step (credentials)
 * and the subject (unless asked for) are never attributes. */
static int attr_next(const maillog_record *r, uint32_t *cursor, const char **key,
                     size_t *key_len, const char **val, size_t *val_len)
{
    const me_state *st = (const me_state *)r->dstate;
    const uint8_t *cols = NULL;
    uint32_t ncol = 0, i;
    me_row row;
    if (r->note[1] == ME_FMT_ACTIVITY) {
        cols = ml_me_activity_cols;
        ncol = 12;
        ml_me_split(r->line, 0, r->len, '\t', &row);
    } else if (r->note[1] == ME_FMT_W3C && (cols = ml_me_w3c_cols(st, r, &ncol)) != NULL) {
        ml_me_split(r->line, 0, r->len, ' ', &row);
    }
    for (i = *cursor; cols && i < row.n && i < ncol; i++) {
        const ml_span *v = &row.v[i];
        const char *k = ml_me_names[cols[i]].s;
        size_t kn = ml_me_names[cols[i]].n;
        if (cols[i] == ME_C_OTHER) {
            k = st->names + st->name_off[i];
            kn = st->name_len[i];
        }
        if (!kn || !v->len || ((r->note[0] >> i) & 1u) || (v->len == 1 && r->line[v->off] == '-'))
            continue;
        *cursor = i + 1;
        return ml_attr_put(key, key_len, val, val_len, k, kn, r->line + v->off, v->len);
    }
    *cursor = ME_MAXCOL;
    return 0;
}

static size_t state_size(uint32_t max_line)
{
    (void)max_line;
    return sizeof(me_state);
}

static void state_reset(void *st, uint32_t max_line)
{
    (void)max_line;
    memset(st, 0, sizeof(me_state));
}

/* MailEnable logs no line when a message leaves its queue: a message ends
 * when every recipient has a final status (ML_CORR_IMPLICIT_END).  An
 * inbound message's accepted RCPTs list its recipients and its DATA row
 * names none (ML_CORR_LISTED_RCPTS); .MAI names are never reused. */
const ml_dialect ml_dialect_mailenable = {
    MAILLOG_MTA_MAILENABLE, "mailenable", 10, sniff, parse, ml_rows_field_key,
    state_size, state_reset, NULL, NULL, NULL, NULL, NULL,
    ML_CORR_IMPLICIT_END | ML_CORR_LISTED_RCPTS,
    attr_next, NULL,
};
