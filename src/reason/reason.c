/* reason.c -- why a delivery failed: the enhanced status code where its
 * subject and detail settle it, else the phrase table (match.c), else the
 * code's class and subject, else the reply code.  Every rule is listed in
 * maillog_reason(3). */
#include "reason/reason.h"

#define ML_NAME(s) s,
static const char *const reason_names[MAILLOG_REASON_COUNT] = {ML_REASON_NAMES(ML_NAME)};
#undef ML_NAME

const char *maillog_reason_name(int32_t r)
{
    return r >= 0 && r < MAILLOG_REASON_COUNT ? reason_names[r] : "";
}

int32_t maillog_reason_from_name(const char *name, size_t len)
{
    int32_t r;
    if (!name)
        return -1;
    for (r = 0; r < MAILLOG_REASON_COUNT; r++)
        if (strlen(reason_names[r]) == len && memcmp(reason_names[r], name, len) == 0)
            return r;
    return -1;
}

/* ------------------------------------------------------------ the codes */

typedef struct esc {
    int cls, sub, det; /* cls 0: none */
} esc;

#define DIGIT(c) ((c) >= '0' && (c) <= '9')

/* 1 to 3 digits at s[*i]: their value, or -1. */
static int digits(const char *s, size_t n, size_t *i)
{
    int v = 0, k = 0;
    while (*i < n && DIGIT(s[*i]) && k < 3)
        v = v * 10 + (s[(*i)++] - '0'), k++;
    return k ? v : -1;
}

/* An enhanced status code "4.x.y" or "5.x.y" at s[i], not part of a longer
 * run of digits and dots (an address, a version number). */
static int esc_at(const char *s, size_t n, size_t i, esc *e)
{
    int cls, sub, det;
    if (i + 1 >= n || (s[i] != '4' && s[i] != '5') || s[i + 1] != '.')
        return 0;
    if (i > 0 && (ML_WORDB(ML_FOLD(s[i - 1])) || s[i - 1] == '.'))
        return 0;
    cls = s[i] - '0';
    i += 2;
    if ((sub = digits(s, n, &i)) < 0 || i >= n || s[i] != '.')
        return 0;
    i++;
    if ((det = digits(s, n, &i)) < 0)
        return 0;
    if (i < n && (DIGIT(s[i]) || (s[i] == '.' && i + 1 < n && DIGIT(s[i + 1]))))
        return 0;
    e->cls = cls, e->sub = sub, e->det = det;
    return 1;
}

/* The first enhanced status code in a reply text ("550 5.1.1 ...",
 * "(#4.1.2)"). */
static int esc_in(const char *s, size_t n, esc *e)
{
    size_t i;
    for (i = 0; i + 4 < n; i++)
        if ((s[i] == '4' || s[i] == '5') && s[i + 1] == '.' && esc_at(s, n, i, e))
            return 1;
    return 0;
}

/* The first reply code of a text: three digits, 4xx or 5xx, standing
 * alone ("said: 550 ...", "451-...", "550_..."). */
static int32_t code_in(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i + 2 < n; i++) {
        if ((s[i] != '4' && s[i] != '5') || !DIGIT(s[i + 1]) || !DIGIT(s[i + 2]))
            continue;
        if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '_' && s[i - 1] != ':')
            continue;
        if (i + 3 == n || s[i + 3] == ' ' || s[i + 3] == '-' || s[i + 3] == '_')
            return (s[i] - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    }
    return 0;
}

/* ------------------------------------------------------------ the rules */

/* Codes whose subject and detail say the reason whatever the text
 * (RFC 3463, RFC 5248's registry, RFC 7372). */
static int32_t esc_decisive(const esc *e)
{
    switch (e->sub * 1000 + e->det) {
    case 1001:
    case 1003: return MAILLOG_REASON_USER_UNKNOWN;
    case 1002: return MAILLOG_REASON_HOST_UNKNOWN;
    case 1006: return MAILLOG_REASON_HAS_MOVED;
    case 1007:
    case 1008:
    case 7027: return MAILLOG_REASON_SENDER_REJECTED;
    case 2002: return MAILLOG_REASON_MAILBOX_FULL;
    case 2003:
    case 3004: return MAILLOG_REASON_MESSAGE_TOO_LARGE;
    case 4007: return MAILLOG_REASON_EXPIRED;
    case 5003: return MAILLOG_REASON_RATE_LIMITED;
    case 7008: return MAILLOG_REASON_AUTH_REQUIRED;
    case 7010:
    case 7011:
    case 7030: return MAILLOG_REASON_TLS_FAILURE;
    case 7013: return MAILLOG_REASON_MAILBOX_DISABLED;
    case 7020:
    case 7021:
    case 7022:
    case 7023:
    case 7024:
    case 7026:
    case 7029: return MAILLOG_REASON_AUTH_FAILURE;
    case 7025: return MAILLOG_REASON_REQUIRE_PTR;
    default: return e->sub == 6 ? MAILLOG_REASON_CONTENT_REJECTED : MAILLOG_REASON_NONE;
    }
}

/* What the class, subject and detail say when no phrase did. */
static int32_t esc_fallback(const esc *e)
{
    switch (e->sub) {
    case 1:
        if (e->det == 9)
            return MAILLOG_REASON_SYSTEM_ERROR;
        return e->det == 10 ? MAILLOG_REASON_NOT_ACCEPT : MAILLOG_REASON_NONE;
    case 2:
        if (e->det == 1)
            return MAILLOG_REASON_MAILBOX_DISABLED;
        return e->det == 4 ? MAILLOG_REASON_SYSTEM_ERROR : MAILLOG_REASON_NONE;
    case 3:
        if (e->det == 1)
            return MAILLOG_REASON_SYSTEM_FULL;
        return e->det == 2 ? MAILLOG_REASON_NOT_ACCEPT : MAILLOG_REASON_SYSTEM_ERROR;
    case 4:
        switch (e->det) {
        case 3: return MAILLOG_REASON_DNS_FAILURE;
        case 4: return MAILLOG_REASON_HOST_UNKNOWN;
        case 5: return MAILLOG_REASON_SYSTEM_FULL;
        case 6: return MAILLOG_REASON_SYSTEM_ERROR;
        default: return MAILLOG_REASON_NETWORK_ERROR;
        }
    case 5: return MAILLOG_REASON_SYNTAX_ERROR;
    case 6: return MAILLOG_REASON_CONTENT_REJECTED;
    case 7:
        switch (e->det) {
        case 4:
        case 5:
        case 6: return MAILLOG_REASON_TLS_FAILURE;
        case 7: return MAILLOG_REASON_CONTENT_REJECTED;
        case 9:
        case 12: return MAILLOG_REASON_AUTH_REQUIRED;
        case 28: return MAILLOG_REASON_RATE_LIMITED;
        default: return MAILLOG_REASON_POLICY;
        }
    default: return MAILLOG_REASON_NONE;
    }
}

/* What the reply code alone says (RFC 5321, RFC 4954, RFC 7504). */
static int32_t code_fallback(int32_t code)
{
    switch (code) {
    case 432:
    case 454:
    case 530:
    case 534:
    case 535: return MAILLOG_REASON_AUTH_REQUIRED;
    case 538: return MAILLOG_REASON_TLS_FAILURE;
    case 451: return MAILLOG_REASON_SYSTEM_ERROR;
    case 452: return MAILLOG_REASON_SYSTEM_FULL;
    case 455:
    case 500:
    case 501:
    case 502:
    case 503:
    case 504:
    case 555: return MAILLOG_REASON_SYNTAX_ERROR;
    case 521:
    case 556: return MAILLOG_REASON_NOT_ACCEPT;
    case 551: return MAILLOG_REASON_HAS_MOVED;
    case 552: return MAILLOG_REASON_MAILBOX_FULL;
    case 553: return MAILLOG_REASON_USER_UNKNOWN;
    default: return MAILLOG_REASON_NONE;
    }
}

int32_t maillog_reason_of(const char *dsn, size_t dsn_len, int32_t code, const char *text,
                          size_t text_len)
{
    esc e = {0, 0, 0};
    int32_t r = MAILLOG_REASON_NONE, phrase = MAILLOG_REASON_NONE;
    int w = 0;
    if (!text)
        text_len = 0;
    if (!dsn || !esc_at(dsn, dsn_len, 0, &e))
        esc_in(text, text_len, &e);
    if (code <= 0)
        code = code_in(text, text_len);
    if (!e.cls && code >= 400 && code < 600)
        e.cls = code / 100;
    if (text_len)
        phrase = ml_reason_phrases(text, text_len, &w);
    if (phrase != MAILLOG_REASON_NONE && w >= ML_W_STRONG)
        r = phrase;
    else if (e.sub && (r = esc_decisive(&e)) != MAILLOG_REASON_NONE)
        ;
    else if (phrase != MAILLOG_REASON_NONE)
        r = phrase;
    else if (e.sub && (r = esc_fallback(&e)) != MAILLOG_REASON_NONE)
        ;
    else if ((r = code_fallback(code)) == MAILLOG_REASON_NONE)
        r = MAILLOG_REASON_OTHER;
    /* A host not found for now is a failed lookup, not an unknown host. */
    if (r == MAILLOG_REASON_HOST_UNKNOWN && e.cls == 4)
        r = MAILLOG_REASON_DNS_FAILURE;
    return r;
}

int32_t ml_reason_for(int64_t status, const char *dsn, size_t dsn_len, int32_t code,
                      const char *text, size_t text_len)
{
    if (!ml_status_has_reason(status))
        return MAILLOG_REASON_NONE;
    if (status == MAILLOG_STATUS_EXPIRED)
        return MAILLOG_REASON_EXPIRED;
    return maillog_reason_of(dsn, dsn_len, code, text, text_len);
}

/* MAILLOG_OPT_REASON: the reason kept in the record, on the parsing
 * thread, so that copies carry it (as maillog_record_pack does). */
void ml_record_keep_reason(maillog_record *r)
{
    if (ml_status_has_reason(r->status)) {
        r->reason = maillog_record_reason(r);
        r->flags |= ML_REC_REASON;
    }
}

int32_t maillog_record_reason(const maillog_record *r)
{
    const char *dsn = NULL, *text = NULL;
    size_t dn = 0, tn = 0;
    if (!r || !ml_status_has_reason(r->status))
        return MAILLOG_REASON_NONE;
    if (r->flags & ML_REC_REASON)
        return r->reason;
    if (ml_has(r, MAILLOG_F_DSN))
        dsn = r->line + r->f[MAILLOG_F_DSN].off, dn = r->f[MAILLOG_F_DSN].len;
    if (ml_has(r, MAILLOG_F_REPLY))
        text = r->line + r->f[MAILLOG_F_REPLY].off, tn = r->f[MAILLOG_F_REPLY].len;
    return ml_reason_for(r->status, dsn, dn, ml_hasn(r, MAILLOG_N_REPLY_CODE) ?
                         (int32_t)r->n[MAILLOG_N_REPLY_CODE] : 0, text, tn);
}
