/* tag.c -- what follows the stamp: the host, the program tag ("name:" or
 * "name[pid]:", the name split into instance and service at its slashes)
 * and the body.  The usual shape takes one fast path (SSE2), every other
 * the general scan; tests compare the two. */
#include "envelope/envelope.h"

/* instance = up to the first '/', service = after the last one. */
static void set_program(maillog_record *r, uint32_t a, uint32_t b, uint32_t first_slash,
                        uint32_t after_last_slash)
{
    ml_set(r, MAILLOG_F_PROGRAM, a, b - a);
    ml_set(r, MAILLOG_F_INSTANCE, a, first_slash - a);
    ml_set(r, MAILLOG_F_SERVICE, after_last_slash, b - after_last_slash);
}

void ml_split_program(maillog_record *r, uint32_t a, uint32_t b)
{
    uint32_t last = b;
    while (last > a && r->line[last - 1] != '/')
        last--;
    set_program(r, a, b, ml_find(r->line, a, b, '/'), last);
}

void ml_set_pid(maillog_record *r, uint32_t a, uint32_t b)
{
    int64_t v;
    if (ml_uint_span(r->line, a, b, &v)) {
        ml_set(r, MAILLOG_F_PID, a, b - a);
        ml_setn(r, MAILLOG_N_PID, v);
    }
}

/* "[digits]:" at lb, then a space or the end: sets the pid (as ml_set_pid
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
uint32_t ml_program_tag(maillog_record *r, uint32_t p)
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
        te = ml_token_end(s, b, end);
        if (te - b < 3 || s[te - 1] != ':' || s[te - 2] != ']')
            return 0;
        for (i = b, n = 0; i < te; i++)
            n += s[i] == '[';
        if (n != 1)
            return 0;
        ml_set_pid(r, b + 1, te - 2);
    }
    set_program(r, p, b, slash1 == UINT32_MAX ? b : slash1, after_slash);
    return te < end ? te + 1 : end;
}

/* host tag[pid]: body -- or tag[pid]: body when the host is missing. */
int ml_host_tag_general(maillog_record *r, uint32_t p)
{
    const char *s = r->line;
    uint32_t end = r->len, he, body;
    p = ml_skip_spaces(s, p, end);
    /* BSD syslogd -v / -vv: <4.3> or <mail.info> before the host. */
    if (p < end && s[p] == '<') {
        uint32_t q = ml_find(s, p, end, '>');
        if (q < end && q + 1 < end && s[q + 1] == ' ' && q - p < 32)
            p = ml_skip_spaces(s, q + 1, end);
    }
    if (p >= end) { /* a stamp and nothing else */
        ml_set(r, MAILLOG_F_BODY, end, 0);
        return 1;
    }
    he = ml_token_end(s, p, end);
    if (s[he - 1] == ':') {
        body = ml_program_tag(r, p);
        if (body) {
            ml_set(r, MAILLOG_F_BODY, body, end - body);
            return 1;
        }
    }
    ml_set(r, MAILLOG_F_HOST, p, he - p);
    body = ml_program_tag(r, ml_skip_spaces(s, he, end));
    if (!body)
        body = ml_skip_spaces(s, he, end);
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
