/* line.c -- hMailServer's log lines: the columns, the local stamp, sniff
 * and parse.  A line is
 *
 *   "TYPE"\tthread\t[session\t]"yyyy-mm-dd hh:mm:ss.mmm"\t["IP"\t]"text"
 *
 * with the session and IP columns for the protocol types (SMTPD, SMTPC,
 * POP3D, POP3C, IMAPD) only.  The stamp is local time without a zone: the
 * parser's MAILLOG_OPT_DEFAULT_OFFSET says which (UTC by default).  The
 * text is not escaped (hMailServer replaces only CR LF, by "[nl]"): it is
 * everything after the last fixed column less its outer quotes.  A bare LF
 * a client sent breaks a line in two; the second part is a continuation
 * of the first (a notice), never another line's start.
 *
 * The sniff claims only lines that start with a quoted type this unit
 * knows, a TAB and a digit, or a continuation right after a broken line:
 * never a syslog line (those have a tag), nor another MTA's file. */
#include "mta/hmailserver/hms.h"

static const struct {
    const char *name;
    uint32_t n;
    int32_t kind;
} types[] = {
    {"SMTPD", 5, HM_K_SMTPD}, {"SMTPC", 5, HM_K_SMTPC},   {"POP3D", 5, HM_K_POP3D},
    {"POP3C", 5, HM_K_POP3C}, {"IMAPD", 5, HM_K_IMAPD},   {"APPLICATION", 11, HM_K_APPLICATION},
    {"DEBUG", 5, HM_K_DEBUG}, {"ERROR", 5, HM_K_ERROR},   {"TCPIP", 5, HM_K_TCPIP},
};

int ml_hm_number(const char *s, uint32_t a, uint32_t b, int64_t *v)
{
    uint32_t q = a;
    return a < b && b - a <= 18 && ml_uint(s, &q, b, v) && q == b;
}

/* The quoted type at the start of the line: its kind, or 0. */
static int32_t type_of(const char *s, uint32_t end)
{
    size_t i;
    if (end < 8 || s[0] != '"')
        return 0;
    for (i = 0; i < sizeof types / sizeof types[0]; i++) {
        uint32_t n = types[i].n;
        if (end > n + 3 && s[n + 1] == '"' && s[n + 2] == '\t' &&
            memcmp(s + 1, types[i].name, n) == 0)
            return types[i].kind;
    }
    return 0;
}

/* A number column ending at a TAB: its span; the offset after the TAB. */
static uint32_t number_col(const char *s, uint32_t p, uint32_t end, ml_span *sp, int64_t *v)
{
    uint32_t t = ml_find(s, p, end, '\t');
    if (t >= end || !ml_hm_number(s, p, t, v))
        return 0;
    sp->off = p;
    sp->len = t - p;
    return t + 1;
}

/* A quoted column ending at a TAB: its span inside the quotes. */
static uint32_t quoted_col(const char *s, uint32_t p, uint32_t end, ml_span *sp)
{
    uint32_t q;
    if (p >= end || s[p] != '"')
        return 0;
    q = ml_find(s, p + 1, end, '"');
    if (q + 1 >= end || s[q + 1] != '\t')
        return 0;
    sp->off = p + 1;
    sp->len = q - p - 1;
    return q + 2;
}

/* The columns of a line, 1 when it has them all. */
static int split(const char *s, uint32_t end, hm_line *l)
{
    uint32_t p;
    l->kind = type_of(s, end);
    if (!l->kind)
        return 0;
    l->type.off = 1;
    l->type.len = ml_find(s, 1, end, '"') - 1;
    p = l->type.len + 3;
    if (!(p = number_col(s, p, end, &l->thread, &l->thread_n)))
        return 0;
    l->session_n = -1;
    l->session.off = l->session.len = 0;
    l->ip.off = l->ip.len = 0;
    if (HM_SESSION_KIND(l->kind) && !(p = number_col(s, p, end, &l->session, &l->session_n)))
        return 0;
    if (!(p = quoted_col(s, p, end, &l->time)))
        return 0;
    if (HM_SESSION_KIND(l->kind) && !(p = quoted_col(s, p, end, &l->ip)))
        return 0;
    if (p >= end || s[p] != '"')
        return 0;
    l->closed = end - p >= 2 && s[end - 1] == '"';
    l->text.off = p + 1;
    l->text.len = end - p - 1 - (uint32_t)l->closed;
    return 1;
}

static int two(const char *s, uint32_t p, int32_t *v)
{
    unsigned a = (unsigned)(unsigned char)s[p] - '0', b = (unsigned)(unsigned char)s[p + 1] - '0';
    if (a > 9 || b > 9)
        return 0;
    *v = (int32_t)(a * 10 + b);
    return 1;
}

/* yyyy-mm-dd hh:mm:ss[.mmm], local time: the parser's default offset. */
static int stamp(hm_state *st, maillog_record *r, ml_span t)
{
    const char *s = r->line;
    uint32_t a = t.off, b = t.off + t.len, q = a + 19;
    int32_t y1, y2, mo, d, h, mi, sec, usec = 0, scale = 100000, off;
    int frac = 0;
    if (t.len < 19 || s[a + 4] != '-' || s[a + 7] != '-' || s[a + 10] != ' ' ||
        s[a + 13] != ':' || s[a + 16] != ':' || !two(s, a, &y1) || !two(s, a + 2, &y2) ||
        !two(s, a + 5, &mo) || !two(s, a + 8, &d) || !two(s, a + 11, &h) ||
        !two(s, a + 14, &mi) || !two(s, a + 17, &sec) || h > 23 || mi > 59 || sec > 60)
        return 0;
    if (q < b && s[q] == '.') {
        for (q++; q < b && ml_is((unsigned char)s[q], ML_C_DIGIT); q++, frac = 1) {
            usec += (s[q] - '0') * scale; /* digits past the sixth are dropped */
            scale /= 10;
        }
        if (!frac)
            return 0;
    }
    if (q != b)
        return 0;
    if (st->day_y != y1 * 100 + y2 || st->day_mo != mo || st->day_d != d) {
        if (!ml_valid_date(y1 * 100 + y2, mo, d))
            return 0;
        st->day_y = y1 * 100 + y2;
        st->day_mo = mo;
        st->day_d = d;
        st->day_sec = ml_days_from_civil(st->day_y, mo, d) * 86400;
    }
    /* local time: the caller's zone (maillog_parser_set_zone, or
     * MAILLOG_OPT_DEFAULT_OFFSET) */
    off = r->pctx ? ml_local_offset(r->pctx, st->day_sec + h * 3600 + mi * 60 + sec) : 0;
    r->ts_sec = st->day_sec + h * 3600 + mi * 60 + sec - off;
    r->ts_usec = usec;
    r->ts_off = off;
    r->flags |= MAILLOG_REC_HAS_TIME | (frac ? ML_REC_HAS_FRAC : 0);
    ml_set(r, MAILLOG_F_TIMESTAMP, a, t.len);
    return 1;
}

/* ---------------------------------------------------------- sniff */
static int sniff(const void *stv, const maillog_record *r)
{
    const hm_state *st = (const hm_state *)stv;
    uint32_t end = r->len;
    if (ml_has(r, MAILLOG_F_PROGRAM))
        return ML_SNIFF_NO; /* a syslog line: never hMailServer's */
    if (end && r->line[0] == '"' && type_of(r->line, end) &&
        ml_is((unsigned char)r->line[ml_find(r->line, 1, end, '"') + 2], ML_C_DIGIT))
        return ML_SNIFF_MAYBE;
    /* the rest of a line a bare LF broke */
    return st && st->open ? ML_SNIFF_MAYBE : ML_SNIFF_NO;
}

/* ---------------------------------------------------------- parse */
static int parse(void *stv, maillog_record *r)
{
    hm_state *st = (hm_state *)stv;
    hm_line l;
    int was_open = st->open, ok;
    r->note[0] = r->note[1] = 0;
    st->lines++;
    if (!split(r->line, r->len, &l)) {
        if (!was_open || (r->len && r->line[0] == '"' && type_of(r->line, r->len)))
            return 0;
        /* text after a bare LF: the continuation of the line before,
         * closed when it ends with the quote */
        st->open = !(r->len && r->line[r->len - 1] == '"');
        ml_set(r, MAILLOG_F_BODY, 0, r->len);
        r->event = MAILLOG_EV_NOTICE;
        r->flags |= MAILLOG_REC_PARTIAL;
        return 1;
    }
    if (!stamp(st, r, l.time))
        return 0;
    st->open = !l.closed;
    ml_set(r, MAILLOG_F_SERVICE, l.type.off, l.type.len);
    ml_set(r, MAILLOG_F_BODY, l.text.off, l.text.len);
    r->note[0] = l.thread.off;
    r->note[1] = l.thread.len;
    if (l.session_n >= 0)
        ml_set(r, MAILLOG_F_SESSION_ID, l.session.off, l.session.len);
    ok = HM_SESSION_KIND(l.kind) ? ml_hm_session_line(st, r, &l) : ml_hm_app_line(st, r, &l);
    if (!l.closed)
        r->flags |= MAILLOG_REC_PARTIAL; /* a bare LF cut the text */
    return ok;
}

static int field_key(const char *k, uint32_t n)
{
    (void)k;
    (void)n;
    return 0; /* no key=value pairs */
}

/* The one attribute: the Windows thread that wrote the line (it changes
 * within a session, so it is no key of anything). */
static int attr_next(const maillog_record *r, uint32_t *cursor, const char **key,
                     size_t *key_len, const char **val, size_t *val_len)
{
    if (*cursor || !r->note[1])
        return 0;
    *cursor = 1;
    *key = "thread";
    *key_len = 6;
    *val = r->line + r->note[0];
    *val_len = r->note[1];
    return 1;
}

static size_t state_size(uint32_t max_line)
{
    (void)max_line;
    return sizeof(hm_state);
}

static void state_reset(void *stv, uint32_t max_line)
{
    hm_state *st = (hm_state *)stv;
    size_t i;
    (void)max_line;
    memset(st, 0, sizeof *st);
    for (i = 0; i < HM_SESSIONS; i++)
        st->ses[i].id = -1;
    for (i = 0; i < HM_THREADS; i++)
        st->thr[i].thread = -1;
    for (i = 0; i < HM_SEEN; i++)
        st->seen[i] = -1;
}

/* hMailServer logs no line when a message leaves its queue: a message
 * ends when every recipient has a final status; the recipients its
 * delivery line lists wait for the outcomes that name none. */
const ml_dialect ml_dialect_hmailserver = {
    MAILLOG_MTA_HMAILSERVER, "hmailserver", 11, sniff, parse, field_key,
    state_size, state_reset, NULL, NULL, NULL, NULL, NULL,
    ML_CORR_IMPLICIT_END | ML_CORR_LISTED_RCPTS, attr_next, NULL,
};
