/* envelope.c -- the prefix an MTA's text is wrapped in: timestamp, host,
 * program tag and pid.  Formats are told apart per line by their first
 * bytes, so mixed files need no configuration.  Here: the <PRI>, RFC 5424,
 * which stamp to read (stamp.c) and what follows it -- a syslog host and
 * tag (tag.c), or an MTA's own text after its own stamp. */
#include "envelope/envelope.h"
#include "mta/dialect.h"

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
    else if (!ml_stamp_iso(ctx, r, &p, &space_sep) || space_sep)
        return 0;
    if (p >= end || s[p] != ' ')
        return 0;
    p++;
    e = ml_token_end(s, p, end); /* HOSTNAME */
    if (!(e - p == 1 && s[p] == '-'))
        ml_set(r, MAILLOG_F_HOST, p, e - p);
    p = ml_skip_spaces(s, e, end);
    app = p;
    app_end = ml_token_end(s, p, end);
    if (!(app_end - app == 1 && s[app] == '-'))
        ml_split_program(r, app, app_end);
    p = ml_skip_spaces(s, app_end, end);
    e = ml_token_end(s, p, end); /* PROCID */
    ml_set_pid(r, p, e);
    p = ml_skip_spaces(s, e, end);
    p = ml_skip_spaces(s, ml_token_end(s, p, end), end); /* MSGID */
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
        p = ml_token_end(s, p, end);
    }
    p = ml_skip_spaces(s, p, end);
    if (end - p >= 3 && memcmp(s + p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    ml_set(r, MAILLOG_F_BODY, p, end - p);
    return 1;
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
        if (ml_stamp_cached(ctx, r, &p))
            ok = 1;
        else if (c >= 'A' && c <= 'S') {
            if ((ok = ml_stamp_3164(ctx, r, &p)) != 0)
                ml_stamp_remember(ctx, r);
        } else if (ml_is(c, ML_C_DIGIT) && (ok = ml_stamp_iso(ctx, r, &p, &space_sep)) != 0) {
            if (!space_sep)
                ml_stamp_remember(ctx, r);
        }
        else if (c == '@')
            ok = ml_stamp_tai64n(r, &p);
        else if (ml_is(c, ML_C_DIGIT))
            ok = ml_stamp_unix(r, &p);
        if (ok) {
            if (space_sep) {
                /* An MTA's own stamp: optionally "[pid] " and then the text,
                 * no host -- unless a syslog host and tag follow. */
                uint32_t q = ml_skip_spaces(s, p, end), e = ml_token_end(s, q, end);
                uint32_t t = ml_skip_spaces(s, e, end), te = ml_token_end(s, t, end);
                /* a tag starts with a letter ("delivery 3714: ..." after
                 * a tai64nlocal stamp is an MTA's text, not host and tag),
                 * and a token an MTA writes itself is no host */
                if (te > t && s[te - 1] == ':' && e > q && s[e - 1] != ':' &&
                    ml_is((unsigned char)s[t], ML_C_ALPHA) && !token_owned(ctx, s, q, end) &&
                    ml_program_tag(r, t)) {
                    host_and_tag(r, q); /* sets the tag's fields again, with the host */
                } else {
                    if (q < end && s[q] == '[') {
                        /* "[pid] ": digits only; "[192.0.2.1] text" is
                         * the MTA's own text about an address */
                        uint32_t rb = ml_find(s, q + 1, end, ']');
                        if (rb < end) {
                            ml_set_pid(r, q + 1, rb);
                            if (ml_has(r, MAILLOG_F_PID))
                                q = ml_skip_spaces(s, rb + 1, end);
                        }
                    }
                    ml_set(r, MAILLOG_F_BODY, q, end - q);
                    r->flags |= ML_REC_NATIVE_STAMP;
                }
            } else if (s[r->f[MAILLOG_F_TIMESTAMP].off] == '@') {
                uint32_t q = ml_skip_spaces(s, p, end);
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
    if (ml_stamp_cached(ctx, r, &p) && ml_host_tag_fast(r, p)) {
        r->flags |= MAILLOG_REC_HAS_ENVELOPE;
        return 1;
    }
#endif
    return envelope_general(ctx, r);
}
