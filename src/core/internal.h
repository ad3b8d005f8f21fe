/* internal.h -- layouts shared by the library's own files; never installed. */
#ifndef MAILLOG_INTERNAL_H
#define MAILLOG_INTERNAL_H

#include "maillog.h"

#include <stdint.h>
#include <string.h>

#define ML_HIDDEN /* everything not MAILLOG_API is hidden by -fvisibility */

/* Inlining forced either way where the per-line count showed it mattered:
 * a call on every line's path, or a large frame kept off it. */
#if defined(__GNUC__) || defined(__clang__)
#define ML_ALWAYS_INLINE __attribute__((always_inline))
#define ML_NOINLINE __attribute__((noinline))
#else
#define ML_ALWAYS_INLINE
#define ML_NOINLINE
#endif

typedef struct ml_span {
    uint32_t off, len;
} ml_span;

struct ml_dialect;

/* Internal-only record flags: the timestamp had a fractional part; the
 * line names several recipients (to_list); the line refuses one recipient
 * of a message that goes on (a RCPT-stage refusal). */
#define ML_REC_HAS_FRAC     0x10000u
#define ML_REC_TO_LIST      0x20000u
#define ML_REC_RCPT_REFUSAL 0x40000u
/* The line starts with an MTA's own stamp and has no syslog tag (Exim's
 * mainlog). */
#define ML_REC_NATIVE_STAMP 0x80000u
/* The line is fragment frag_i of frag_m of one Exim entry split by syslog
 * ("[i/m] " at frag_mark; its text starts at frag_text; frag_nl: the split
 * was at a newline, "[i\\m]"). */
#define ML_REC_FRAGMENT     0x100000u

/* The fields' names in MAILLOG_F_* order, once: maillog_field_name()
 * and the JSON writer's pre-quoted keys are both made from this list
 * (tests/test_api.c checks the order against the header's comments). */
#define ML_FIELD_NAMES(X)                                                                     \
    X("ts_raw") X("host") X("program") X("instance") X("service") X("pid") X("queue_id")      \
    X("client_host") X("client_ip") X("client_port") X("message_id") X("from") X("to")       \
    X("orig_to") X("relay_host") X("relay_ip") X("relay_port") X("conn_use") X("delay")      \
    X("delays") X("dsn") X("status_raw") X("reply") X("reply_code") X("size") X("nrcpt")     \
    X("new_queue_id") X("action") X("stage") X("body") X("parent_id") X("session_id")        \
    X("delivery_id")
/* The same for events, statuses, severities (0..7) and MTAs. */
#define ML_EVENT_NAMES(X)                                                                     \
    X("unknown") X("connect") X("disconnect") X("client") X("pickup") X("message_id")        \
    X("queued") X("delivery") X("removed") X("expired") X("reject") X("action")              \
    X("notification") X("session") X("auth_failed") X("screen") X("dnsbl") X("relay_error")  \
    X("queue_admin") X("statistics") X("daemon") X("notice")
#define ML_STATUS_NAMES(X)                                                                    \
    X("") X("sent") X("deferred") X("bounced") X("expired") X("discarded") X("rejected")     \
    X("held") X("softbounce") X("undeliverable") X("deliverable") X("other")
#define ML_SEVERITY_NAMES(X)                                                                  \
    X("panic") X("alert") X("fatal") X("error") X("warning") X("notice") X("info") X("debug")
#define ML_MTA_NAMES(X) X("") X("postfix") X("sendmail") X("exim") X("opensmtpd") X("qmail")

struct maillog_record {
    const char *line;
    uint32_t len;
    uint32_t flags;
    uint64_t line_no;
    uint64_t fmask; /* bit f set: field f present */
    uint32_t nmask; /* bit n set: number n present */
    int32_t event, status, severity, mta;
    int32_t ts_usec, ts_off;
    int64_t ts_sec;
    /* Region that maillog_record_attr_next() walks, and the dialect that
     * decides which keys are fields rather than attributes. */
    uint32_t kv_off, kv_end;
    uint32_t to_list_off, to_list_end; /* with ML_REC_TO_LIST: "<a>,<b>" */
    uint32_t frag_mark, frag_text;     /* with ML_REC_FRAGMENT */
    uint16_t frag_i, frag_m;
    int32_t frag_nl;
    const struct ml_dialect *dialect;
    ml_span f[MAILLOG_F_COUNT];
    int64_t n[MAILLOG_N_COUNT];
};

/* Only the masks and scalars are reset per line: spans and numbers are read
 * only through their mask bits, so stale values are harmless and the reset
 * stays a few stores. */
static inline void ml_record_clear(maillog_record *r, const char *line, uint32_t len)
{
    r->line = line;
    r->len = len;
    r->flags = 0;
    r->fmask = 0;
    r->nmask = 0;
    r->event = MAILLOG_EV_UNKNOWN;
    r->status = MAILLOG_STATUS_NONE;
    r->severity = MAILLOG_SEV_NONE;
    r->mta = MAILLOG_MTA_UNKNOWN;
    r->ts_sec = 0;
    r->ts_usec = 0;
    r->ts_off = 0;
    r->kv_off = r->kv_end = 0;
    r->dialect = NULL;
}

static inline void ml_set(maillog_record *r, int f, uint32_t off, uint32_t len)
{
    r->f[f].off = off;
    r->f[f].len = len;
    r->fmask |= (uint64_t)1 << f;
}
static inline int ml_has(const maillog_record *r, int f)
{
    return (int)((r->fmask >> f) & 1u);
}
static inline void ml_setn(maillog_record *r, int n, int64_t v)
{
    r->n[n] = v;
    r->nmask |= (uint32_t)1 << n;
}
static inline int ml_hasn(const maillog_record *r, int n)
{
    return (int)((r->nmask >> n) & 1u);
}

/* Year-inference state, kept per parser so a stream's years advance. */
typedef struct ml_year_state {
    int64_t ref_time;
    int32_t year;       /* 0 until the first year-less stamp */
    int32_t last_month; /* 1..12 */
} ml_year_state;

/* The last timestamp parsed: log lines come in bursts that share their
 * stamp text, and equal text gives an equal result (the year state does not
 * move within a month), so the envelope reuses it. */
typedef struct ml_ts_cache {
    char text[40];
    uint32_t len; /* 0: empty */
    uint32_t flags;
    int32_t usec, off;
    int64_t sec;
    /* The day of the last stamp parsed (see envelope.c); day_kind 0: none. */
    int32_t day_kind, day_y, day_mo, day_d;
    int64_t day_sec;
} ml_ts_cache;
#define ML_DAY_3164 1 /* year-less: the year was inferred */
#define ML_DAY_ISO  2

/* Forget cached stamps: the year state or the options changed. */
static inline void ml_ts_cache_reset(ml_ts_cache *c)
{
    c->len = 0;
    c->day_kind = 0;
}

typedef struct ml_parse_ctx {
    ml_year_state *ys;
    ml_ts_cache *tc;
    int32_t default_offset;
    int32_t force_mta;
} ml_parse_ctx;

struct maillog_parser {
    maillog_allocator alloc;
    int32_t owned; /* 1: made by maillog_parser_new */
    int32_t in_callback;
    maillog_record_cb cb;
    void *user;
    ml_parse_ctx ctx;
    ml_year_state ys;
    ml_ts_cache tc;
    int64_t opt_ref_time; /* 0: use creation/reset time */
    uint64_t line_no;
    uint64_t ctr[MAILLOG_CTR_COUNT];
    uint32_t max_line;
    uint32_t carry_len;
    int32_t skipping; /* inside the remainder of an over-long line */
    maillog_record rec;
    char *carry; /* max_line bytes, right after the struct */
    /* Exim's syslog fragments of one entry, joined (stream only): the
     * envelope of the first and every fragment's text, in max_line bytes
     * after carry. */
    char *frag;
    uint32_t frag_len;
    uint16_t frag_next, frag_m; /* frag_next 0: nothing pending */
    int32_t frag_nl, frag_cut;
    int64_t frag_pid;
    uint64_t frag_line_no;
};

/* ------------------------------------------------------------ dialects */
typedef struct ml_dialect {
    int32_t mta;
    /* 1 when the program tag (instance .. service) names this MTA, or, for
     * a line without a tag, when its stamp is this MTA's own. */
    int (*match_tag)(const char *line, const maillog_record *r);
    /* Fill event/status/fields from the body at r->f[MAILLOG_F_BODY];
     * return 0 when the body was not understood. */
    int (*parse_body)(maillog_record *r);
    /* 1 when key is reported as a field, so the attribute iterator skips it. */
    int (*field_key)(const char *key, uint32_t len);
    /* 1 when the MTA logs no line for a message leaving the queue: the
     * correlator ends a message once every recipient has a final status. */
    int32_t implicit_end;
} ml_dialect;

/* The table of dialects (src/dialect.c), ended by NULL. */
ML_HIDDEN extern const ml_dialect *const ml_dialects[];

/* The dialect for a line, searching the table from *pos on (start at 0);
 * *pos moves past the one returned, so a caller may try the next one.
 * Inline: it runs for every line. */
static inline const ml_dialect *ml_dialect_for(const maillog_record *r, int32_t force_mta,
                                               size_t *pos)
{
    size_t i = *pos;
    const ml_dialect *d;
    if (force_mta != MAILLOG_MTA_UNKNOWN) {
        for (; (d = ml_dialects[i]) != NULL; i++)
            if (d->mta == force_mta)
                break;
    } else if (ml_has(r, MAILLOG_F_PROGRAM) || (r->flags & ML_REC_NATIVE_STAMP)) {
        for (; (d = ml_dialects[i]) != NULL; i++)
            if (d->match_tag(r->line, r))
                break;
    } else {
        d = NULL;
        while (ml_dialects[i])
            i++;
    }
    *pos = d ? i + 1 : i;
    return d;
}
extern const ml_dialect ml_dialect_postfix;
extern const ml_dialect ml_dialect_sendmail;
extern const ml_dialect ml_dialect_exim;
extern const ml_dialect ml_dialect_opensmtpd;
extern const ml_dialect ml_dialect_qmail;

/* -------------------------------------------------------------- stages */
ML_HIDDEN void ml_parse(const ml_parse_ctx *ctx, const char *line, uint32_t len,
                        maillog_record *r);
/* Recognise the envelope; sets HOST/PROGRAM/.../BODY and the time.  Returns
 * 1 when a prefix was recognised (BODY always set). */
ML_HIDDEN int ml_envelope(const ml_parse_ctx *ctx, maillog_record *r);
/* Host and tag after a stamp, p at the space that ends it: the general
 * scan, and the fast path for the usual shape, which returns 0 and leaves
 * r untouched when the line has another (tests compare the two). */
ML_HIDDEN int ml_host_tag_general(maillog_record *r, uint32_t p);
ML_HIDDEN int ml_host_tag_fast(maillog_record *r, uint32_t p);
/* Postfix pairs from p: the general walk, and the fixed orders of the
 * delivery and qmgr from= lines (0, r untouched, for any other shape). */
ML_HIDDEN void ml_postfix_kv_fields(maillog_record *r, uint32_t p, uint32_t end);
ML_HIDDEN int ml_postfix_delivery_fast(maillog_record *r, uint32_t p, uint32_t end);
ML_HIDDEN int ml_postfix_queued_fast(maillog_record *r, uint32_t p, uint32_t end);

/* Parse one line for a parser, shared by maillog_parse_line() and the
 * stream: trailing CR/LF dropped, over-long lines cut, line number and
 * counters kept.  Inline: the stream calls it for every line. */
static inline void ml_parse_counted(maillog_parser *p, const char *line, size_t len,
                                    uint32_t extra_flags, maillog_record *r)
{
    uint32_t flags = extra_flags;
    if (len > p->max_line || (flags & MAILLOG_REC_TRUNCATED)) {
        if (len > p->max_line)
            len = p->max_line;
        flags |= MAILLOG_REC_TRUNCATED;
    } else {
        if (len > 0 && line[len - 1] == '\n')
            len--;
        if (len > 0 && line[len - 1] == '\r')
            len--;
    }
    ml_parse(&p->ctx, line, (uint32_t)len, r);
    r->flags |= flags;
    r->line_no = ++p->line_no;
    /* the rare counts only: lines are line_no, parsed lines the rest */
    if (r->flags & (MAILLOG_REC_UNPARSED | MAILLOG_REC_TRUNCATED)) {
        p->ctr[MAILLOG_CTR_UNPARSED] += (r->flags & MAILLOG_REC_UNPARSED) != 0;
        p->ctr[MAILLOG_CTR_TRUNCATED] += (r->flags & MAILLOG_REC_TRUNCATED) != 0;
    }
}

/* -------------------------------------------------------------- time */
ML_HIDDEN int64_t ml_days_from_civil(int64_t y, int32_t m, int32_t d);
ML_HIDDEN void ml_civil_from_days(int64_t z, int64_t *y, int32_t *m, int32_t *d);
ML_HIDDEN int ml_valid_date(int64_t y, int32_t m, int32_t d);
/* Year for a year-less stamp of month/day (see MAILLOG_OPT_REFERENCE_TIME). */
ML_HIDDEN int32_t ml_infer_year(ml_year_state *ys, int32_t month, int32_t day);

#endif
