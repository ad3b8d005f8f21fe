/* w3c.c -- MailEnable's W3C log (formats-windows.md 3.5): the activity
 * log's columns in the W3C extended format, space-separated, a space
 * inside a value written '+', '-' for nothing, ISO date and time in two
 * columns, the columns named by a header line
 *
 *   #Fields: date time c-ip agent account s-ip s-port cs-method cs-uristem
 *            cs-uriquery s-computername sc-bytes cs-bytes cs-username
 *
 * (one line; POP and IMAP logs add time-taken and order them otherwise).
 * The header claims the stream and its columns are the stream's state; a
 * row read without it gets the SMTP columns above when it has 14 values.
 * The W3C log has no message file column: its rows correlate by session
 * only.  Other programs' W3C files (IIS) have no "agent" column: their
 * headers are not claimed. */
#include "mta/mailenable/mailenable.h"

static const uint8_t smtp_cols[14] = {
    ME_C_DATE,     ME_C_TIME,     ME_C_IP,       ME_C_AGENT,    ME_C_ACCOUNT,
    ME_C_SERVER_IP, ME_C_SOCKET,  ME_C_VERB,     ME_C_DETAILS,  ME_C_RESPONSE,
    ME_C_COMPUTER, ME_C_SENT,     ME_C_RECEIVED, ME_C_USER};

/* the W3C names of the columns both logs have: a header may use either */
static int32_t column_id(const char *s, uint32_t n)
{
    int i = ml_word_index(s, n, ml_me_names + 1);
    return i < 0 || i + 1 == ME_C_STAMP || i + 1 == ME_C_FILE || i + 1 == ME_C_SUBJECT
               ? ME_C_OTHER
               : i + 1;
}

static int has_word(const char *s, uint32_t p, uint32_t end, const char *w, uint32_t n)
{
    for (;;) {
        uint32_t e = ml_find(s, p, end, ' ');
        if (e - p == n && memcmp(s + p, w, n) == 0)
            return 1;
        if (e >= end)
            return 0;
        p = e + 1;
    }
}

int ml_me_w3c_claim(const me_state *st, const char *s, uint32_t end)
{
    if (ML_AT(s, 0, end, "#Fields: ")) /* MailEnable's: an agent and a method */
        return (has_word(s, 9, end, "agent", 5) && has_word(s, 9, end, "cs-method", 9)) ||
                       (st && st->w3c)
                   ? ML_SNIFF_HEADER
                   : ML_SNIFF_NO;
    if (ML_AT(s, 0, end, "#Software: MailEnable"))
        return ML_SNIFF_HEADER;
    if (st && st->w3c && (ML_AT(s, 0, end, "#Version: ") || ML_AT(s, 0, end, "#Date: ")))
        return ML_SNIFF_HEADER;
    return ML_SNIFF_NO;
}

/* "#Fields: a b c" from p. */
static void fields(me_state *st, const char *s, uint32_t p, uint32_t end)
{
    st->ncol = st->nnames = 0;
    st->gen++;
    while (p < end) {
        uint32_t e = ml_find(s, p, end, ' ');
        if (e > p && st->ncol < ME_MAXCOL) {
            uint32_t i = st->ncol++;
            int32_t c = column_id(s + p, e - p);
            st->col[i] = (uint8_t)c;
            st->name_off[i] = st->name_len[i] = 0;
            if (c == ME_C_OTHER && e - p <= ME_NAMES - st->nnames) { /* else unnamed */
                memcpy(st->names + st->nnames, s + p, e - p);
                st->name_off[i] = (uint16_t)st->nnames;
                st->name_len[i] = (uint16_t)(e - p);
                st->nnames += e - p;
            }
        }
        p = e + 1;
    }
}

int ml_me_w3c_header(me_state *st, maillog_record *r)
{
    const char *s = r->line;
    uint32_t end = r->len;
    if (ml_me_w3c_claim(st, s, end) != ML_SNIFF_HEADER)
        return 0;
    if (ML_AT(s, 0, end, "#Software: ")) {
        st->ncol = 0; /* a new file: its own #Fields will follow */
        st->gen++;
    } else if (ML_AT(s, 0, end, "#Fields: ")) {
        fields(st, s, 9, end);
    }
    st->w3c = 1;
    ml_set(r, MAILLOG_F_BODY, 0, end);
    r->event = MAILLOG_EV_NOTICE;
    return 1;
}

/* YYYY-MM-DD HH:MM:SS at the start of a row. */
static int iso_shape(const char *s, uint32_t end)
{
    return end > 20 && s[4] == '-' && s[7] == '-' && s[10] == ' ' && s[13] == ':' &&
           s[16] == ':' && s[19] == ' ';
}

int ml_me_w3c_sniff(const me_state *st, const maillog_record *r)
{
    const char *s = r->line;
    uint32_t end = r->len, p, e;
    if (!iso_shape(s, end))
        return ML_SNIFF_NO;
    if (st && st->ncol)
        return ML_SNIFF_MAYBE;
    /* without a header: "date time c-ip agent ...", the agent SMTP-IN ... */
    p = ml_find(s, 20, end, ' ') + 1;
    e = p < end ? ml_find(s, p, end, ' ') : end;
    return e < end && e - p >= 6 && (ML_AT(s, e - 3, e, "-IN") || ML_AT(s, e - 3, e, "-OU"))
               ? ML_SNIFF_MAYBE
               : ML_SNIFF_NO;
}

const uint8_t *ml_me_w3c_cols(const me_state *st, const maillog_record *r, uint32_t *n)
{
    if (r->note[3]) {
        *n = 14;
        return smtp_cols;
    }
    if (!st || st->gen != r->note[2] || !st->ncol)
        return NULL; /* the stream has read other columns since */
    *n = st->ncol;
    return st->col;
}

static int w3c_stamp(me_state *st, maillog_record *r, const me_row *row)
{
    const char *s = r->line;
    uint32_t a, t;
    int32_t y, mo, d, h, mi, sec;
    if (row->idx[ME_C_DATE] < 0 || row->idx[ME_C_TIME] < 0)
        return 0;
    a = row->v[row->idx[ME_C_DATE]].off;
    t = row->v[row->idx[ME_C_TIME]].off;
    if (row->v[row->idx[ME_C_DATE]].len != 10 || row->v[row->idx[ME_C_TIME]].len < 8 ||
        s[a + 4] != '-' || s[a + 7] != '-' || s[t + 2] != ':' || s[t + 5] != ':' ||
        !ml_rows_digits(s + a, 4, &y) || !ml_rows_digits(s + a + 5, 2, &mo) ||
        !ml_rows_digits(s + a + 8, 2, &d) || !ml_rows_digits(s + t, 2, &h) ||
        !ml_rows_digits(s + t + 3, 2, &mi) || !ml_rows_digits(s + t + 6, 2, &sec))
        return 0;
    /* the stamp's text: date and time when they stand side by side */
    return ml_me_time(st, r, y, mo, d, h, mi, sec, a, t == a + 11 ? t + 8 : a + 10);
}

int ml_me_w3c(me_state *st, maillog_record *r, me_row *row)
{
    uint32_t n = ml_me_split(r->line, 0, r->len, ' ', row);
    if (st->ncol && n == st->ncol) {
        row->col = st->col;
        row->ncol = st->ncol;
        r->note[2] = st->gen;
    } else if (n == 14 && !st->ncol) {
        row->col = smtp_cols; /* no header: the SMTP columns */
        row->ncol = 14;
        r->note[3] = 1;
    } else {
        return 0;
    }
    ml_me_index(row);
    if (!w3c_stamp(st, r, row))
        return 0;
    row->used |= 1u << row->idx[ME_C_DATE] | 1u << row->idx[ME_C_TIME];
    if (!ml_me_step(st, r, row))
        return 0;
    r->note[1] = ME_FMT_W3C;
    return 1;
}
