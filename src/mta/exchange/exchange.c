/* exchange.c -- Microsoft Exchange's own log files: message tracking
 * (MSGTRK*.LOG) and the SMTP protocol logs (RECV*.LOG, SEND*.LOG).  They
 * are CSV files without a syslog envelope, written in UTC with
 * milliseconds, UTF-8 with a byte order mark at the start of a file, CRLF
 * line ends.  Their '#' header claims the stream (ML_SNIFF_HEADER) and
 * names the columns, which the stream's state keeps (header.c); a row
 * read without its header is recognised by its shape: an ISO stamp with
 * 'Z', a ',', and the field count of a known column set.
 *
 * Exchange is among the last rows of the dialect table: its sniff runs for
 * every tagged line no other dialect claimed, and says no at once. */
#include "mta/exchange/exchange.h"

#define BOM "\xEF\xBB\xBF"

/* Where the row starts: after a byte order mark (a file's first line). */
static uint32_t row_start(const char *s, uint32_t end)
{
    return end >= 3 && memcmp(s, BOM, 3) == 0 ? 3 : 0;
}

/* yyyy-mm-ddThh:mm:ss at p, with [p, end) at least 19 bytes. */
static int iso_shape(const char *s, uint32_t p, uint32_t end)
{
    return end - p >= 20 && s[p + 4] == '-' && s[p + 7] == '-' && s[p + 10] == 'T' &&
           s[p + 13] == ':' && s[p + 16] == ':';
}

int ml_xc_stamp(xc_state *st, maillog_record *r, uint32_t a, uint32_t b)
{
    const char *s = r->line;
    int32_t y, mo, d, h, mi, sec, usec = 0, scale = 100000;
    int64_t day;
    uint32_t q = a + 19;
    int frac = 0;
    if (b < a || !iso_shape(s, a, b) || !ml_rows_digits(s + a, 4, &y) ||
        !ml_rows_digits(s + a + 5, 2, &mo) || !ml_rows_digits(s + a + 8, 2, &d) ||
        !ml_rows_digits(s + a + 11, 2, &h) || !ml_rows_digits(s + a + 14, 2, &mi) ||
        !ml_rows_digits(s + a + 17, 2, &sec) || h > 23 || mi > 59 || sec > 60)
        return 0;
    if (q < b && s[q] == '.') {
        for (q++; q < b && ml_is((unsigned char)s[q], ML_C_DIGIT); q++) {
            usec += (s[q] - '0') * scale; /* digits past the sixth are dropped */
            scale /= 10;
            frac = 1;
        }
        if (!frac)
            return 0;
    }
    if (q + 1 != b || s[q] != 'Z' || !ml_day_sec(&st->day, y, mo, d, &day))
        return 0;
    r->ts_sec = day + h * 3600 + mi * 60 + sec;
    r->ts_usec = usec;
    r->ts_off = 0;
    r->flags |= MAILLOG_REC_HAS_TIME | MAILLOG_REC_HAS_OFFSET | (frac ? ML_REC_HAS_FRAC : 0);
    ml_set(r, MAILLOG_F_TIMESTAMP, a, b - a);
    return 1;
}

void ml_xc_set(maillog_record *r, xc_row *row, int32_t f, int32_t col, int strip)
{
    uint32_t a, b;
    if (col < 0 || (uint32_t)col >= row->n)
        return;
    a = row->v[col].off;
    b = a + row->v[col].len;
    if (strip && b - a >= 2 && r->line[a] == '<' && r->line[b - 1] == '>')
        a++, b--;
    ml_set(r, f, a, b - a);
    row->used |= (uint64_t)1 << col;
}

int ml_xc_internal_id(maillog_record *r, uint32_t a, uint32_t b)
{
    const char *s = r->line;
    uint32_t q = ML_FIND(s, a, b, "[InternalId=");
    if (q >= b)
        return 0;
    a = q += 12;
    while (q < b && ml_is((unsigned char)s[q], ML_C_DIGIT))
        q++;
    if (q > a && q < b && (s[q] == ',' || s[q] == ']')) {
        ml_set(r, MAILLOG_F_NEW_QUEUE_ID, a, q - a);
        return 1;
    }
    return 0;
}

/* Last column first, so that the first of two columns of one name wins
 * without a test per column; unknown names all land in idx[XC_C_OTHER],
 * which is then cleared (nothing reads it). */
void ml_xc_index(xc_row *row, const xc_cols *c)
{
    uint32_t i = c->n < row->n ? c->n : row->n;
    memset(row->idx, 0xFF, sizeof row->idx); /* every one -1 */
    while (i-- > 0)
        row->idx[c->col[i]] = (int32_t)i;
    row->idx[XC_C_OTHER] = -1;
    row->used = 0;
}

/* ---------------------------------------------------------- sniff */
static int known_count(const xc_state *st, int32_t n)
{
    return (st && st->ndecl && (uint32_t)n == st->ndecl) || n == 26 || n == 27 || n == 30 ||
           n == 9;
}

static int sniff(const void *stv, const maillog_record *r)
{
    const xc_state *st = (const xc_state *)stv;
    const char *s = r->line;
    uint32_t end = r->len, p;
    int32_t n;
    if (ml_has(r, MAILLOG_F_PROGRAM))
        return ML_SNIFF_NO; /* a syslog line: never Exchange's */
    p = row_start(s, end);
    if (p >= end)
        return ML_SNIFF_NO;
    if (s[p] == '#')
        return ml_xc_header_claim(st, s, p, end);
    /* a row: 2024-03-01T10:00:00.100Z, and a known number of fields */
    if (!ml_is((unsigned char)s[p], ML_C_DIGIT) || !iso_shape(s, p, end))
        return ML_SNIFF_NO;
    p += 19;
    if (s[p] == '.')
        while (++p < end && ml_is((unsigned char)s[p], ML_C_DIGIT))
            ;
    if (end - p < 2 || s[p] != 'Z' || s[p + 1] != ',')
        return ML_SNIFF_NO;
    n = ml_xc_csv_split(s, row_start(s, end), end, NULL, 0, 2 * XC_MAXCOL);
    if (n < 0)
        return ML_SNIFF_NO;
    if (known_count(st, n) || (s[end - 1] == ',' && known_count(st, n - 1)))
        return ML_SNIFF_MAYBE; /* with one ',' too many at the end, as parse takes it */
    return ML_SNIFF_NO;
}

/* ---------------------------------------------------------- parse */
/* A row of another Exchange log (HttpProxy, Rps...): a notice, with its
 * time when its first value is a stamp and its columns as attributes when
 * its header named as many. */
static int other_row(xc_state *st, maillog_record *r, xc_row *row, const xc_cols *c)
{
    if (row->n)
        ml_xc_stamp(st, r, row->v[0].off, row->v[0].off + row->v[0].len);
    r->event = MAILLOG_EV_NOTICE;
    r->note[2] = c ? (uint32_t)c->set : XC_SET_NONE;
    return 1;
}

static int parse(void *stv, maillog_record *r)
{
    xc_state *st = (xc_state *)stv;
    const char *s = r->line;
    uint32_t end = r->len, p = row_start(s, end);
    int32_t n;
    int ok, trailing;
    xc_row row;
    xc_cols c;
    r->note[0] = r->note[1] = r->note[2] = 0;
    r->note[3] = st->gen;
    if (p < end && s[p] == '#')
        return ml_xc_header(st, r, p);
    n = ml_xc_csv_split(s, p, end, row.v, XC_MAXCOL, 0x7FFFFFFF);
    if (n < 1)
        return 0;
    row.n = (uint32_t)n < XC_MAXCOL ? (uint32_t)n : XC_MAXCOL;
    ml_set(r, MAILLOG_F_BODY, p, end - p);
    /* one ',' too many at the end (a hand-made file): the columns of the
     * count without it, unless the count with it is a known one */
    trailing = n > 1 && (uint32_t)n <= XC_MAXCOL && row.v[n - 1].len == 0;
    if (!ml_xc_columns(st, (uint32_t)n, &c) &&
        !(trailing && ml_xc_columns(st, (uint32_t)n - 1, &c))) {
        if (st->family != XC_FAM_OTHER)
            return 0;
        ok = other_row(st, r, &row, NULL);
    } else {
        ml_xc_index(&row, &c);
        if (c.family == XC_FAM_TRACKING)
            ok = ml_xc_tracking(st, r, &row);
        else if (c.family == XC_FAM_RECV || c.family == XC_FAM_SEND)
            ok = ml_xc_protocol(st, r, &row, c.family);
        else
            ok = other_row(st, r, &row, &c);
        r->note[2] = (uint32_t)c.set;
    }
    if (!ok)
        return 0;
    r->note[0] = (uint32_t)row.used;
    r->note[1] = (uint32_t)(row.used >> 32);
    r->flags |= ML_REC_CSV;
    return 1;
}

static size_t state_size(uint32_t max_line)
{
    (void)max_line;
    return sizeof(xc_state);
}

static void state_reset(void *st, uint32_t max_line)
{
    (void)max_line;
    memset(st, 0, sizeof(xc_state));
}

/* Exchange logs no line when a message leaves a server: a message ends
 * when every recipient has a final status (ML_CORR_IMPLICIT_END).  Its
 * RECEIVE lists the recipients, which wait for their outcomes
 * (ML_CORR_LISTED_RCPTS); EXPAND, REDIRECT and RESOLVE rewrite them
 * (ML_CORR_REWRITES); a SEND's next hop in the organisation answers with
 * its internal id (ML_CORR_ORG_HOPS); links.c ties DSNs and submissions. */
const ml_dialect ml_dialect_exchange = {
    MAILLOG_MTA_EXCHANGE, "exchange", 8, sniff, parse, ml_rows_field_key,
    state_size, state_reset, NULL, NULL, NULL, NULL, NULL,
    ML_CORR_IMPLICIT_END | ML_CORR_LISTED_RCPTS | ML_CORR_REWRITES | ML_CORR_ORG_HOPS,
    ml_xc_attr_next, ml_xc_link_of,
};
