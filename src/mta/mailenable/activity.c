/* activity.c -- MailEnable's activity log (SMTP-Activity-YYMMDD.log,
 * formats-windows.md 3.2): one row per step, 12 TAB-separated columns
 *
 *   MM/DD/YY HH:MM:SS  agent  file.MAI  socket  ip  verb  details
 *   response  bytes-sent  bytes-received  account  subject
 *
 * in local time with a two-digit year, no quoting; a row ends with a TAB
 * when the subject is empty, and hand-edited files drop it (11 columns).
 * "[MM/DD/YY HH:MM:SS]*** LOG FILE STARTED ***" (and CLOSED) marks where
 * the service opened or closed the file: it claims the stream. */
#include "mta/mailenable/mailenable.h"

const uint8_t ml_me_activity_cols[12] = {
    ME_C_STAMP,    ME_C_AGENT, ME_C_FILE,     ME_C_SOCKET,   ME_C_IP,   ME_C_VERB,
    ME_C_DETAILS,  ME_C_RESPONSE, ME_C_SENT,  ME_C_RECEIVED, ME_C_USER, ME_C_SUBJECT};

/* MM/DD/YY HH:MM:SS at p (17 bytes within end). */
static int us_shape(const char *s, uint32_t p, uint32_t end)
{
    return end - p >= 17 && s[p + 2] == '/' && s[p + 5] == '/' && s[p + 8] == ' ' &&
           s[p + 11] == ':' && s[p + 14] == ':';
}

static int us_stamp(me_state *st, maillog_record *r, uint32_t a, uint32_t b)
{
    const char *s = r->line + a;
    int32_t mo, d, y, h, mi, sec;
    if (b - a != 17 || !us_shape(r->line, a, b) || !ml_rows_digits(s, 2, &mo) ||
        !ml_rows_digits(s + 3, 2, &d) || !ml_rows_digits(s + 6, 2, &y) ||
        !ml_rows_digits(s + 9, 2, &h) || !ml_rows_digits(s + 12, 2, &mi) ||
        !ml_rows_digits(s + 15, 2, &sec))
        return 0;
    return ml_me_time(st, r, 2000 + y, mo, d, h, mi, sec, a, b);
}

/* "[stamp]***...LOG FILE STARTED|CLOSED ***..." */
static int marker(const char *s, uint32_t end)
{
    return end > 20 && s[0] == '[' && us_shape(s, 1, end) && s[18] == ']' && s[19] == '*' &&
           (ML_FIND(s, 19, end, "LOG FILE STARTED") < end ||
            ML_FIND(s, 19, end, "LOG FILE CLOSED") < end);
}

int ml_me_activity_sniff(const char *s, uint32_t end)
{
    uint32_t e;
    if (s[0] == '[')
        return marker(s, end) ? ML_SNIFF_HEADER : ML_SNIFF_NO;
    /* a stamp, a TAB and an agent: a word, '-', a word, TAB */
    if (end < 20 || !us_shape(s, 0, end) || s[17] != '\t' ||
        !ml_is((unsigned char)s[0], ML_C_DIGIT))
        return ML_SNIFF_NO;
    e = ml_find(s, 18, end, '\t');
    return e < end && ml_find(s, 18, e, '-') < e ? ML_SNIFF_MAYBE : ML_SNIFF_NO;
}

int ml_me_activity(me_state *st, maillog_record *r, me_row *row)
{
    const char *s = r->line;
    uint32_t end = r->len, n;
    if (end && s[0] == '[') {
        if (!marker(s, end) || !us_stamp(st, r, 1, 18))
            return 0;
        ml_set(r, MAILLOG_F_BODY, 19, end - 19);
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    n = ml_me_split(s, 0, end, '\t', row);
    if (n < 11 || n > 12 || !us_stamp(st, r, row->v[0].off, row->v[0].off + row->v[0].len))
        return 0;
    row->col = ml_me_activity_cols;
    row->ncol = 12;
    ml_me_index(row);
    row->used |= 1u; /* the stamp */
    if (!ml_me_step(st, r, row))
        return 0;
    r->note[1] = ME_FMT_ACTIVITY;
    return 1;
}
