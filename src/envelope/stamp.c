/* stamp.c -- the timestamps an envelope starts with: RFC 3164, ISO 8601
 * (RFC 3339, RFC 5424, journald short-iso, MTAs' own files), epoch seconds
 * and TAI64N; and the cache that lets a line repeating the last stamp skip
 * its parse (its lookup, ml_stamp_cached(), is inline in envelope.h).
 * envelope.c decides which stamp to try from the line's first byte. */
#include "envelope/envelope.h"

static int dig(const char *s, uint32_t p, uint32_t end, uint32_t n, int32_t *v)
{
    int32_t x = 0;
    uint32_t i;
    if (end - p < n || p > end)
        return 0;
    for (i = 0; i < n; i++) {
        if (!ml_is((unsigned char)s[p + i], ML_C_DIGIT))
            return 0;
        x = x * 10 + (s[p + i] - '0');
    }
    *v = x;
    return 1;
}

/* Two decimal digits at u, or -1. */
static int32_t two_digits(const unsigned char *u)
{
    unsigned a = (unsigned)u[0] - '0', b = (unsigned)u[1] - '0';
    return a < 10 && b < 10 ? (int32_t)(a * 10 + b) : -1;
}

/* hh:mm:ss[.frac] at *p; frac gives microseconds (extra digits dropped). */
static int clock_time(const char *s, uint32_t *p, uint32_t end, int32_t *secs,
                      int32_t *usec, int *has_frac)
{
    int32_t h, m, sec;
    uint32_t q = *p;
    const unsigned char *u = (const unsigned char *)s + q;
    if (q > end || end - q < 8 || u[2] != ':' || u[5] != ':')
        return 0;
    h = two_digits(u);
    m = two_digits(u + 3);
    sec = two_digits(u + 6);
    if (h < 0 || m < 0 || sec < 0 || h > 23 || m > 59 || sec > 60)
        return 0;
    q += 8;
    *usec = 0;
    *has_frac = 0;
    if (q + 1 < end && s[q] == '.' && ml_is((unsigned char)s[q + 1], ML_C_DIGIT)) {
        int32_t scale = 100000, us = 0;
        q++;
        while (q < end && ml_is((unsigned char)s[q], ML_C_DIGIT)) {
            us += (s[q] - '0') * scale;
            scale /= 10;
            q++;
        }
        *usec = us;
        *has_frac = 1;
    }
    *secs = h * 3600 + m * 60 + sec;
    *p = q;
    return 1;
}

/* Z, +hh:mm, +hhmm (journald short-iso on older systemd), -hh... */
static int utc_offset(const char *s, uint32_t *p, uint32_t end, int32_t *off)
{
    uint32_t q = *p;
    int32_t h, m, sign;
    if (q < end && s[q] == 'Z') {
        *off = 0;
        *p = q + 1;
        return 1;
    }
    if (q >= end || (s[q] != '+' && s[q] != '-'))
        return 0;
    sign = s[q] == '-' ? -1 : 1;
    if (!dig(s, q + 1, end, 2, &h))
        return 0;
    q += 3;
    if (q < end && s[q] == ':')
        q++;
    if (!dig(s, q, end, 2, &m) || h > 23 || m > 59)
        return 0;
    *off = sign * (h * 3600 + m * 60);
    *p = q + 2;
    return 1;
}

/* The day of the last stamp parsed, so a stamp of the same day skips the
 * date checks, the year inference and the calendar arithmetic.  A year-less
 * day gives the same year again: the year state moves only when a stamp of
 * another day is parsed, and that replaces this entry. */
static int day_cached(const ml_ts_cache *c, int kind, int32_t y, int32_t mo, int32_t d)
{
    return c->day_kind == kind && c->day_mo == mo && c->day_d == d &&
           (kind == ML_DAY_3164 || c->day_y == y);
}

static void day_remember(ml_ts_cache *c, int kind, int32_t y, int32_t mo, int32_t d,
                         int64_t year)
{
    c->day_kind = kind;
    c->day_y = y;
    c->day_mo = mo;
    c->day_d = d;
    c->day_sec = ml_days_from_civil(year, mo, d) * 86400;
}

static void set_time(maillog_record *r, const ml_ts_cache *c, int32_t secs, int32_t usec,
                     int has_frac, int has_off, int32_t off)
{
    r->ts_sec = c->day_sec + secs - off;
    r->ts_usec = usec;
    r->ts_off = off;
    r->flags |= MAILLOG_REC_HAS_TIME | (has_off ? MAILLOG_REC_HAS_OFFSET : 0) |
                (has_frac ? ML_REC_HAS_FRAC : 0);
}

/* Month number of an English abbreviation (case as syslog writes it), or
 * 0.  A switch, not a table walk: this runs for every syslog line. */
static int month_of(const char *s)
{
    char a = s[1], b = s[2];
    switch (s[0]) {
    case 'J': return a == 'a' && b == 'n' ? 1 : a != 'u' ? 0 : b == 'n' ? 6 : b == 'l' ? 7 : 0;
    case 'F': return a == 'e' && b == 'b' ? 2 : 0;
    case 'M': return a != 'a' ? 0 : b == 'r' ? 3 : b == 'y' ? 5 : 0;
    case 'A': return a == 'p' && b == 'r' ? 4 : a == 'u' && b == 'g' ? 8 : 0;
    case 'S': return a == 'e' && b == 'p' ? 9 : 0;
    case 'O': return a == 'c' && b == 't' ? 10 : 0;
    case 'N': return a == 'o' && b == 'v' ? 11 : 0;
    case 'D': return a == 'e' && b == 'c' ? 12 : 0;
    default: return 0;
    }
}

/* Mmm dd hh:mm:ss[.frac] -- RFC 3164, MTAs' own log daemons, journald short(-precise).
 * The day is space- or zero-padded. */
int ml_stamp_3164(const ml_parse_ctx *ctx, maillog_record *r, uint32_t *p)
{
    const char *s = r->line;
    uint32_t q = *p, end = r->len;
    int32_t mo, d, secs, usec, y;
    int frac;
    if (end - q < 15 || s[q + 3] != ' ' || !(mo = month_of(s + q)))
        return 0;
    q += 4;
    if (s[q] == ' ' && dig(s, q + 1, end, 1, &d))
        q += 2;
    else if (dig(s, q, end, 2, &d))
        q += 2;
    else if (dig(s, q, end, 1, &d) && s[q + 1] == ' ')
        q += 1;
    else
        return 0;
    if (q >= end || s[q] != ' ')
        return 0;
    q++;
    if (!clock_time(s, &q, end, &secs, &usec, &frac))
        return 0;
    if (!day_cached(ctx->tc, ML_DAY_3164, 0, mo, d)) {
        if (!ml_valid_date(2000, mo, d)) /* a leap year: every day that can exist */
            return 0;
        y = ml_infer_year(ctx->ys, mo, d);
        /* Feb 29 in a year-less stamp names a leap year: take the latest
         * one not after the inferred year (at most 8 years back). */
        while (!ml_valid_date(y, mo, d))
            y--;
        day_remember(ctx->tc, ML_DAY_3164, 0, mo, d, y);
    }
    set_time(r, ctx->tc, secs, usec, frac, 0, ml_local_offset(ctx, ctx->tc->day_sec + secs));
    r->flags |= MAILLOG_REC_YEAR_GUESS;
    ml_set(r, MAILLOG_F_TIMESTAMP, *p, q - *p);
    *p = q;
    return 1;
}

/* YYYY-MM-DD(T| )hh:mm:ss[.frac][Z|+hh:mm|+hhmm| +hhmm] -- RFC 3339,
 * RFC 5424, journald short-iso, and MTAs' own log files (sep = ' '). */
int ml_stamp_iso(const ml_parse_ctx *ctx, maillog_record *r, uint32_t *p, int *space_sep)
{
    const char *s = r->line;
    uint32_t q = *p, end = r->len;
    int32_t y, mo, d, secs, usec, off = 0;
    int frac, has_off;
    if (!dig(s, q, end, 4, &y) || end - q < 19 || s[q + 4] != '-' ||
        !dig(s, q + 5, end, 2, &mo) || s[q + 7] != '-' || !dig(s, q + 8, end, 2, &d) ||
        (s[q + 10] != 'T' && s[q + 10] != ' '))
        return 0;
    *space_sep = s[q + 10] == ' ';
    q += 11;
    if (!clock_time(s, &q, end, &secs, &usec, &frac))
        return 0;
    if (!day_cached(ctx->tc, ML_DAY_ISO, y, mo, d)) {
        if (!ml_valid_date(y, mo, d))
            return 0;
        day_remember(ctx->tc, ML_DAY_ISO, y, mo, d, y);
    }
    has_off = utc_offset(s, &q, end, &off);
    if (!has_off && *space_sep && q + 1 < end && s[q] == ' ' &&
        (s[q + 1] == '+' || s[q + 1] == '-')) {
        uint32_t t = q + 1;
        if (utc_offset(s, &t, end, &off)) {
            has_off = 1;
            q = t;
        }
    }
    if (q < end && s[q] != ' ')
        return 0;
    set_time(r, ctx->tc, secs, usec, frac, has_off,
             has_off ? off : ml_local_offset(ctx, ctx->tc->day_sec + secs));
    ml_set(r, MAILLOG_F_TIMESTAMP, *p, q - *p);
    *p = q;
    return 1;
}

/* 1700000000.123456 -- journald short-unix, and relays that prefix the epoch. */
int ml_stamp_unix(maillog_record *r, uint32_t *p)
{
    const char *s = r->line;
    uint32_t q = *p, end = r->len;
    int64_t sec;
    int32_t usec = 0, scale = 100000;
    if (!ml_uint(s, &q, end, &sec) || q - *p < 9 || q >= end || s[q] != '.' ||
        sec > 253402300799LL) /* 9999-12-31T23:59:59Z */
        return 0;
    q++;
    if (q >= end || !ml_is((unsigned char)s[q], ML_C_DIGIT))
        return 0;
    while (q < end && ml_is((unsigned char)s[q], ML_C_DIGIT)) {
        usec += (s[q] - '0') * scale;
        scale /= 10;
        q++;
    }
    if (q < end && s[q] != ' ')
        return 0;
    r->ts_sec = sec;
    r->ts_usec = usec;
    r->ts_off = 0;
    r->flags |= MAILLOG_REC_HAS_TIME | MAILLOG_REC_HAS_OFFSET | ML_REC_HAS_FRAC;
    ml_set(r, MAILLOG_F_TIMESTAMP, *p, q - *p);
    *p = q;
    return 1;
}

/* @4000000052f4c2a81e4a7a4c -- TAI64N, as djb's log tools write it.  As tai64nlocal does,
 * UTC = TAI - 10 s, later leap seconds ignored. */
int ml_stamp_tai64n(maillog_record *r, uint32_t *p)
{
    const char *s = r->line;
    uint32_t q = *p + 1, i, end = r->len;
    uint64_t label = 0, nano = 0;
    if (end - *p < 25 || s[*p] != '@')
        return 0;
    for (i = 0; i < 24; i++) {
        unsigned char c = (unsigned char)s[q + i];
        uint64_t v;
        if (c >= '0' && c <= '9')
            v = (uint64_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v = (uint64_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v = (uint64_t)(c - 'A' + 10);
        else
            return 0;
        if (i < 16)
            label = label << 4 | v;
        else
            nano = nano << 4 | v;
    }
    q += 24;
    if ((q < end && s[q] != ' ') || label < 4611686018427387914ULL ||
        label - 4611686018427387914ULL > 253402300799ULL || nano > 999999999u)
        return 0;
    r->ts_sec = (int64_t)(label - 4611686018427387914ULL);
    r->ts_usec = (int32_t)(nano / 1000);
    r->ts_off = 0;
    r->flags |= MAILLOG_REC_HAS_TIME | MAILLOG_REC_HAS_OFFSET | ML_REC_HAS_FRAC;
    ml_set(r, MAILLOG_F_TIMESTAMP, *p, q - *p);
    *p = q;
    return 1;
}

/* The stamp just parsed, text and values, for ml_stamp_cached(); a stamp
 * longer than the cache's text is not kept. */
void ml_stamp_remember(const ml_parse_ctx *ctx, const maillog_record *r)
{
    ml_ts_cache *c = ctx->tc;
    const ml_span *t = &r->f[MAILLOG_F_TIMESTAMP];
    if (!c || t->len > sizeof c->text)
        return;
    memcpy(c->text, r->line + t->off, t->len);
    c->len = t->len;
    c->sec = r->ts_sec;
    c->usec = r->ts_usec;
    c->off = r->ts_off;
    c->flags = r->flags & (MAILLOG_REC_HAS_TIME | MAILLOG_REC_HAS_OFFSET |
                           MAILLOG_REC_YEAR_GUESS | ML_REC_HAS_FRAC);
}
