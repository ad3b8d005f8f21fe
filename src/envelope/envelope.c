/* envelope.c -- the prefix an MTA's text is wrapped in: timestamp, host,
 * program tag and pid.  Formats are told apart per line by their first
 * bytes, so mixed files need no configuration. */
#include "mta/dialect.h"
#include "scan/scan.h"

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
static int stamp_3164(const ml_parse_ctx *ctx, maillog_record *r, uint32_t *p)
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
    set_time(r, ctx->tc, secs, usec, frac, 0, ctx->default_offset);
    r->flags |= MAILLOG_REC_YEAR_GUESS;
    ml_set(r, MAILLOG_F_TIMESTAMP, *p, q - *p);
    *p = q;
    return 1;
}

/* YYYY-MM-DD(T| )hh:mm:ss[.frac][Z|+hh:mm|+hhmm| +hhmm] -- RFC 3339,
 * RFC 5424, journald short-iso, and MTAs' own log files (sep = ' '). */
static int stamp_iso(const ml_parse_ctx *ctx, maillog_record *r, uint32_t *p, int *space_sep)
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
    set_time(r, ctx->tc, secs, usec, frac, has_off, has_off ? off : ctx->default_offset);
    ml_set(r, MAILLOG_F_TIMESTAMP, *p, q - *p);
    *p = q;
    return 1;
}

/* 1700000000.123456 -- journald short-unix, and relays that prefix the epoch. */
static int stamp_unix(maillog_record *r, uint32_t *p)
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
static int stamp_tai64n(maillog_record *r, uint32_t *p)
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

static uint32_t skip_spaces(const char *s, uint32_t p, uint32_t end)
{
    while (p < end && s[p] == ' ')
        p++;
    return p;
}

static uint32_t token_end(const char *s, uint32_t p, uint32_t end)
{
    return ml_find_any(s, p, end, ' ', ' ', ' ', ' '); /* inline: tokens are short */
}

/* instance = up to the first '/', service = after the last one. */
static void set_program(maillog_record *r, uint32_t a, uint32_t b, uint32_t first_slash,
                        uint32_t after_last_slash)
{
    ml_set(r, MAILLOG_F_PROGRAM, a, b - a);
    ml_set(r, MAILLOG_F_INSTANCE, a, first_slash - a);
    ml_set(r, MAILLOG_F_SERVICE, after_last_slash, b - after_last_slash);
}

static void split_program(maillog_record *r, uint32_t a, uint32_t b)
{
    uint32_t last = b;
    while (last > a && r->line[last - 1] != '/')
        last--;
    set_program(r, a, b, ml_find(r->line, a, b, '/'), last);
}

static void set_pid(maillog_record *r, uint32_t a, uint32_t b)
{
    int64_t v;
    if (ml_uint_span(r->line, a, b, &v)) {
        ml_set(r, MAILLOG_F_PID, a, b - a);
        ml_setn(r, MAILLOG_N_PID, v);
    }
}

/* "[digits]:" at lb, then a space or the end: sets the pid (as set_pid
 * does) and returns the offset after the ':', else 0.  What the full scan
 * of the tag would conclude, without scanning on. */
static inline uint32_t pid_end(maillog_record *r, uint32_t lb)
{
    const char *s = r->line;
    uint32_t end = r->len, q = lb + 1;
    uint64_t v = 0;
    unsigned d;
    while (q < end && (d = (unsigned)(unsigned char)s[q] - '0') < 10) {
        v = v * 10 + d;
        q++;
    }
    if (end - q < 2 || s[q] != ']' || s[q + 1] != ':' || (end - q > 2 && s[q + 2] != ' '))
        return 0;
    if (q > lb + 1 && q - lb - 1 <= 18) {
        ml_set(r, MAILLOG_F_PID, lb + 1, q - lb - 1);
        ml_setn(r, MAILLOG_N_PID, (int64_t)v);
    }
    return q + 2;
}

#ifdef ML_SWAR_LE
/* pid_end when 8 bytes after the '[' are in the line: the digits are
 * found and converted a word at a time (little-endian only).  Eight digits
 * or more go to pid_end. */
ML_ALWAYS_INLINE /* as name_end */
static inline uint32_t pid_end_word(maillog_record *r, uint32_t lb)
{
    const char *s = r->line;
    uint32_t end = r->len, n, q, bad;
    uint64_t x;
    memcpy(&x, s + lb + 1, 8);
    if (!(bad = ml_word_nondigits(x)))
        return pid_end(r, lb);
    n = ml_ctz(bad); /* digits before the first other byte */
    q = lb + 1 + n;
    if (end - q < 2 || s[q] != ']' || s[q + 1] != ':' || (end - q > 2 && s[q + 2] != ' '))
        return 0;
    if (n) {
        ml_set(r, MAILLOG_F_PID, lb + 1, n);
        ml_setn(r, MAILLOG_N_PID, (int64_t)ml_word_digits(x, n));
    }
    return q + 2;
}
#endif

/* The tag's name ends at b, on ':' or '[': the offset after the tag's ':'
 * when "name:" or "name[digits]:" is followed by a space or the end (the
 * pid set), else 0. */
ML_ALWAYS_INLINE /* on every line's path: a call costs ~1% */
static inline uint32_t name_end(maillog_record *r, uint32_t b)
{
    const char *s = r->line;
    uint32_t end = r->len;
    if (s[b] == ':') /* "name]:" has no pid to end */
        return (b + 1 < end && s[b + 1] != ' ') || s[b - 1] == ']' ? 0 : b + 1;
#ifdef ML_SWAR_LE
    if (end - (b + 1) >= 8)
        return pid_end_word(r, b);
#endif
    return pid_end(r, b);
}

/* tag[pid]: or tag: as the space-delimited token at p.  Returns the body
 * offset, or 0 when p holds no tag.  The name runs to the first '[' or ':'
 * and holds no space; masks of 16 bytes give its end and its first and last
 * slash at once, since this runs for every line. */
static uint32_t tag(maillog_record *r, uint32_t p)
{
    const char *s = r->line;
    uint32_t end = r->len, q, b = end, slash1 = UINT32_MAX, after_slash = p, te, i, n;
    for (q = p; q < end; q += 16) {
        uint32_t stop = ml_mask_any(s, q, end, ' ', '[', ':', ':');
        uint32_t sl = ml_mask_any(s, q, end, '/', '/', '/', '/');
        if (stop)
            sl &= (1u << ml_ctz(stop)) - 1u;
        if (sl) {
            if (slash1 == UINT32_MAX)
                slash1 = q + ml_ctz(sl);
            after_slash = q + ml_msb(sl) + 1;
        }
        if (stop) {
            b = q + ml_ctz(stop);
            break;
        }
    }
    if (b == end || b == p || s[b] == ' ')
        return 0;
    if ((te = name_end(r, b)) == 0) {
        if (s[b] == ':')
            return 0;
        /* not "[digits]:": still a tag when the token is "name[...]:" with
         * one '[', though what is inside is no pid */
        te = token_end(s, b, end);
        if (te - b < 3 || s[te - 1] != ':' || s[te - 2] != ']')
            return 0;
        for (i = b, n = 0; i < te; i++)
            n += s[i] == '[';
        if (n != 1)
            return 0;
        set_pid(r, b + 1, te - 2);
    }
    set_program(r, p, b, slash1 == UINT32_MAX ? b : slash1, after_slash);
    return te < end ? te + 1 : end;
}

/* host tag[pid]: body -- or tag[pid]: body when the host is missing. */
int ml_host_tag_general(maillog_record *r, uint32_t p)
{
    const char *s = r->line;
    uint32_t end = r->len, he, body;
    p = skip_spaces(s, p, end);
    /* BSD syslogd -v / -vv: <4.3> or <mail.info> before the host. */
    if (p < end && s[p] == '<') {
        uint32_t q = ml_find(s, p, end, '>');
        if (q < end && q + 1 < end && s[q + 1] == ' ' && q - p < 32)
            p = skip_spaces(s, q + 1, end);
    }
    if (p >= end) { /* a stamp and nothing else */
        ml_set(r, MAILLOG_F_BODY, end, 0);
        return 1;
    }
    he = token_end(s, p, end);
    if (s[he - 1] == ':') {
        body = tag(r, p);
        if (body) {
            ml_set(r, MAILLOG_F_BODY, body, end - body);
            return 1;
        }
    }
    ml_set(r, MAILLOG_F_HOST, p, he - p);
    body = tag(r, skip_spaces(s, he, end));
    if (!body)
        body = skip_spaces(s, he, end);
    ml_set(r, MAILLOG_F_BODY, body, end - body);
    return 1;
}

/* The usual shape after a stamp: one space, the host, one space, then
 * name[pid]: or name: and the body, all within 32 bytes.  Three masks of
 * those 32 bytes (spaces, '[' or ':', slashes) give every boundary at once,
 * where the general path scans the host, then the tag.  Anything else --
 * two spaces, a "<4.3>" prefix, a host ending in ':', a tag that is not
 * one, a short line -- returns 0 with r untouched, for the general path. */
int ml_host_tag_fast(maillog_record *r, uint32_t p)
{
#ifdef ML_SIMD_SSE2
    const char *s = r->line;
    uint32_t end = r->len, q = p + 1, sp, st, sl, he, t, stop, b, names, te, body;
    __m128i x0, x1;
    if (p >= end || end - q < 32 || s[p] != ' ' || s[q] == '<')
        return 0;
    x0 = _mm_loadu_si128((const __m128i *)(const void *)(s + q));
    x1 = _mm_loadu_si128((const __m128i *)(const void *)(s + q + 16));
#define ML_M32(e) ((uint32_t)_mm_movemask_epi8(e(x0)) | (uint32_t)_mm_movemask_epi8(e(x1)) << 16)
#define ML_SP(x) _mm_cmpeq_epi8((x), _mm_set1_epi8(' '))
#define ML_ST(x) _mm_or_si128(_mm_cmpeq_epi8((x), _mm_set1_epi8('[')), \
                              _mm_cmpeq_epi8((x), _mm_set1_epi8(':')))
#define ML_SL(x) _mm_cmpeq_epi8((x), _mm_set1_epi8('/'))
    sp = ML_M32(ML_SP);
    st = ML_M32(ML_ST);
    sl = ML_M32(ML_SL);
#undef ML_M32
#undef ML_SP
#undef ML_ST
#undef ML_SL
    if (sp == 0 || (sp & 1u))
        return 0;
    he = ml_ctz(sp); /* the host is [q, q + he) */
    t = he + 1;      /* the tag starts here */
    if (t > 30 || s[q + he - 1] == ':' || ((sp >> t) & 1u))
        return 0;
    stop = (sp | st) & ~((1u << t) - 1u);
    if (stop == 0)
        return 0;
    b = ml_ctz(stop); /* the name is [q + t, q + b) */
    if (b == t || s[q + b] == ' ' || (te = name_end(r, q + b)) == 0)
        return 0;
    names = sl & ((1u << b) - 1u) & ~((1u << t) - 1u);
    ml_set(r, MAILLOG_F_HOST, q, he);
    set_program(r, q + t, q + b, names ? q + ml_ctz(names) : q + b,
                names ? q + ml_msb(names) + 1 : q + t);
    body = te < end ? te + 1 : end;
    ml_set(r, MAILLOG_F_BODY, body, end - body);
    return 1;
#else
    (void)r;
    (void)p;
    return 0;
#endif
}

static int host_and_tag(maillog_record *r, uint32_t p)
{
    return ml_host_tag_fast(r, p) || ml_host_tag_general(r, p);
}

/* RFC 5424: <PRI>1 TIMESTAMP HOST APP-NAME PROCID MSGID SD MSG; "-" = nil. */
static int rfc5424(const ml_parse_ctx *ctx, maillog_record *r, uint32_t p)
{
    const char *s = r->line;
    uint32_t end = r->len, e, app, app_end;
    int space_sep;
    if (p < end && s[p] == '-')
        p++;
    else if (!stamp_iso(ctx, r, &p, &space_sep) || space_sep)
        return 0;
    if (p >= end || s[p] != ' ')
        return 0;
    p++;
    e = token_end(s, p, end); /* HOSTNAME */
    if (!(e - p == 1 && s[p] == '-'))
        ml_set(r, MAILLOG_F_HOST, p, e - p);
    p = skip_spaces(s, e, end);
    app = p;
    app_end = token_end(s, p, end);
    if (!(app_end - app == 1 && s[app] == '-'))
        split_program(r, app, app_end);
    p = skip_spaces(s, app_end, end);
    e = token_end(s, p, end); /* PROCID */
    set_pid(r, p, e);
    p = skip_spaces(s, e, end);
    p = skip_spaces(s, token_end(s, p, end), end); /* MSGID */
    if (p < end && s[p] == '[') { /* SD-ELEMENTs; values may hold \] */
        while (p < end && s[p] == '[') {
            int quoted = 0;
            for (p++; p < end; p++) {
                if (s[p] == '\\')
                    p++;
                else if (s[p] == '"')
                    quoted = !quoted;
                else if (s[p] == ']' && !quoted)
                    break;
            }
            p = p < end ? p + 1 : end;
        }
    } else {
        p = token_end(s, p, end);
    }
    p = skip_spaces(s, p, end);
    if (end - p >= 3 && memcmp(s + p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    ml_set(r, MAILLOG_F_BODY, p, end - p);
    return 1;
}

/* A stamp at p equal to the cached one, followed by a space. */
static inline int stamp_cached(const ml_parse_ctx *ctx, maillog_record *r, uint32_t *p)
{
    const ml_ts_cache *c = ctx->tc;
    uint32_t q = *p;
    if (!c || c->len == 0 || r->len - q <= c->len || r->line[q + c->len] != ' ' ||
        !ml_same_bytes(r->line + q, c->text, c->len))
        return 0;
    r->ts_sec = c->sec;
    r->ts_usec = c->usec;
    r->ts_off = c->off;
    r->flags |= c->flags;
    ml_set(r, MAILLOG_F_TIMESTAMP, q, c->len);
    *p = q + c->len;
    return 1;
}

static void stamp_remember(const ml_parse_ctx *ctx, const maillog_record *r)
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

/* A dialect's own token at p (see ml_dialect.owns_token). */
static int token_owned(const ml_parse_ctx *ctx, const char *s, uint32_t p, uint32_t end)
{
    uint32_t i;
    for (i = 0; i < ctx->ndialects; i++)
        if (ctx->table[i]->owns_token && ctx->table[i]->owns_token(s, p, end))
            return 1;
    return 0;
}

ML_NOINLINE /* keeps its large frame off the short path */
static int envelope_general(const ml_parse_ctx *ctx, maillog_record *r)
{
    const char *s = r->line;
    uint32_t end = r->len, p = 0;
    int space_sep = 0;
    maillog_record save;

    if (end > 2 && s[0] == '<') {
        int64_t pri;
        p = 1;
        if (ml_uint(s, &p, end, &pri) && p - 1 <= 3 && pri <= 191 && p < end && s[p] == '>') {
            ml_setn(r, MAILLOG_N_PRI, pri);
            p++;
            if (end - p > 2 && s[p] == '1' && s[p + 1] == ' ') {
                save = *r;
                if (rfc5424(ctx, r, p + 2))
                    goto found;
                *r = save;
            }
        } else {
            r->nmask = 0;
            p = 0;
        }
    }
    if (p < end) {
        unsigned char c = (unsigned char)s[p];
        int ok = 0;
        if (stamp_cached(ctx, r, &p))
            ok = 1;
        else if (c >= 'A' && c <= 'S') {
            if ((ok = stamp_3164(ctx, r, &p)) != 0)
                stamp_remember(ctx, r);
        } else if (ml_is(c, ML_C_DIGIT) && (ok = stamp_iso(ctx, r, &p, &space_sep)) != 0) {
            if (!space_sep)
                stamp_remember(ctx, r);
        }
        else if (c == '@')
            ok = stamp_tai64n(r, &p);
        else if (ml_is(c, ML_C_DIGIT))
            ok = stamp_unix(r, &p);
        if (ok) {
            if (space_sep) {
                /* An MTA's own stamp: optionally "[pid] " and then the text,
                 * no host -- unless a syslog host and tag follow. */
                uint32_t q = skip_spaces(s, p, end), e = token_end(s, q, end);
                uint32_t t = skip_spaces(s, e, end), te = token_end(s, t, end);
                /* a tag starts with a letter ("delivery 3714: ..." after
                 * a tai64nlocal stamp is an MTA's text, not host and tag),
                 * and a token an MTA writes itself is no host */
                if (te > t && s[te - 1] == ':' && e > q && s[e - 1] != ':' &&
                    ml_is((unsigned char)s[t], ML_C_ALPHA) && !token_owned(ctx, s, q, end) &&
                    tag(r, t)) {
                    host_and_tag(r, q); /* sets the tag's fields again, with the host */
                } else {
                    if (q < end && s[q] == '[') {
                        uint32_t rb = ml_find(s, q + 1, end, ']');
                        if (rb < end) {
                            set_pid(r, q + 1, rb);
                            q = skip_spaces(s, rb + 1, end);
                        }
                    }
                    ml_set(r, MAILLOG_F_BODY, q, end - q);
                    r->flags |= ML_REC_NATIVE_STAMP;
                }
            } else if (s[r->f[MAILLOG_F_TIMESTAMP].off] == '@') {
                uint32_t q = skip_spaces(s, p, end);
                ml_set(r, MAILLOG_F_BODY, q, end - q);
                r->flags |= ML_REC_NATIVE_STAMP; /* a TAI64N file: no tag */
            } else {
                host_and_tag(r, p);
            }
            goto found;
        }
    }
    ml_set(r, MAILLOG_F_BODY, p, end - p);
    return ml_has(r, MAILLOG_F_PROGRAM);
found:
    r->flags |= MAILLOG_REC_HAS_ENVELOPE;
    return 1;
}

/* Most lines repeat the last stamp and have the usual host and tag: those
 * take this short path, the rest the general one (which redoes the stamp,
 * setting the same values). */
int ml_envelope(const ml_parse_ctx *ctx, maillog_record *r)
{
#ifdef ML_SIMD_SSE2 /* without it, the fast host and tag path is not built */
    uint32_t p = 0;
    if (stamp_cached(ctx, r, &p) && ml_host_tag_fast(r, p)) {
        r->flags |= MAILLOG_REC_HAS_ENVELOPE;
        return 1;
    }
#endif
    return envelope_general(ctx, r);
}
