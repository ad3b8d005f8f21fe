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
/* The line starts with a stamp an MTA writes itself, not syslog, and has
 * no syslog tag (an MTA's own log file). */
#define ML_REC_NATIVE_STAMP 0x80000u
/* The dialect's parse asks its stream hook (ml_dialect.hold) to see this
 * line before the callback does; what the hook needs to know about the
 * line is in the record's note[]. */
#define ML_REC_HOLD         0x100000u
/* With ML_REC_TO_LIST: the list is ';'-separated ("a@x;b@y"), not ','. */
#define ML_REC_TO_SEMI      0x200000u
/* The line's fields are CSV values: inside a value that was quoted, a
 * doubled quote "" stands for one (spans keep it as written; the JSON
 * writer writes one). */
#define ML_REC_CSV          0x400000u
/* With ML_REC_TO_LIST: the list is space-separated ("a@x b@y", an
 * arrival line's recipients), not ','. */
#define ML_REC_TO_SPACE     0x800000u
/* The record was unpacked (maillog_record_unpack): its reason is
 * rec->reason, looked up when it was packed. */
#define ML_REC_REASON       0x80000000u
/* Fields the library keeps for itself after the public ones: no name, no
 * JSON key, not readable through maillog_record_field(); packed, copied
 * and reset as the others.  ML_F_HOP_HOST: the host whose MTA holds a
 * hand-off's new_queue_id when that is another host than the record's own
 * (an organisation's next server), as the records of that host name it. */
#define ML_F_HOP_HOST MAILLOG_F_COUNT
#define ML_F_SLOTS    (MAILLOG_F_COUNT + 1)

/* In a packed record (maillog_record_pack): xmask, xlen and xlen bytes of
 * xbuf follow the numbers. */
#define ML_REC_XTEXT        0x40000000u

/* Parser options a dialect reads (maillog_record.popts). */
#define ML_POPT_SUBJECT 0x1u /* MAILLOG_OPT_SUBJECT */
#define ML_POPT_REASON  0x2u /* MAILLOG_OPT_REASON */

/* The fields' names in MAILLOG_F_* order, once: maillog_field_name()
 * and the JSON writer's pre-quoted keys are both made from this list
 * (tests/test_api.c checks the order against the header's comments). */
#define ML_FIELD_NAMES(X)                                                                     \
    X("ts_raw") X("host") X("program") X("instance") X("service") X("pid") X("queue_id")      \
    X("client_host") X("client_ip") X("client_port") X("message_id") X("from") X("to")       \
    X("orig_to") X("relay_host") X("relay_ip") X("relay_port") X("conn_use") X("delay")      \
    X("delays") X("dsn") X("status_raw") X("reply") X("reply_code") X("size") X("nrcpt")     \
    X("new_queue_id") X("action") X("stage") X("body") X("parent_id") X("session_id")        \
    X("delivery_id") X("event_raw") X("subject") X("user")          \
    X("auth_method") X("helo") X("session_end")
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

/* Bytes of decoded field text one record holds (maillog_record.xbuf). */
#define ML_XBUF 384

struct maillog_record {
    const char *line;
    uint32_t len;
    uint32_t flags;
    uint64_t line_no;
    uint64_t fmask; /* bit f set: field f present */
    uint64_t wmask; /* bit f set: field f is a word of ml_field_words, not
                       a span of the line (ml_set_word) */
    uint32_t nmask; /* bit n set: number n present */
    int32_t event, status, severity, mta;
    int32_t ts_usec, ts_off;
    int32_t reason; /* with ML_REC_REASON: maillog_record_reason(), looked up
                       by maillog_record_pack() (fills what was padding) */
    int64_t ts_sec;
    /* Region that maillog_record_attr_next() walks, and the dialect that
     * decides which keys are fields rather than attributes. */
    uint32_t kv_off, kv_end;
    uint32_t to_list_off, to_list_end; /* with ML_REC_TO_LIST: "<a>,<b>" */
    uint32_t note[4];                  /* the dialect's, for its hold hook or
                                          its attribute iterator */
    uint32_t popts;                    /* ML_POPT_*, set before a dialect parses */
    const struct ml_parse_ctx *pctx;   /* set with popts, valid while a dialect
                                          parses: the zone of its own local-time
                                          stamps (ml_local_offset; the
                                          envelope's are done) */
    const struct ml_dialect *dialect;
    void *dstate;                      /* the dialect's state in this stream */
    ml_span f[ML_F_SLOTS];
    int64_t n[MAILLOG_N_COUNT];
    /* set by maillog_record_new(), so that maillog_record_free() needs
     * nothing from the caller; never touched by a parse */
    maillog_allocator alloc;
    uint8_t owned, own_alloc;
    /* Text a field has that the line does not hold as written (an AUTH
     * user name the line gives in base64): bit f of xmask says field f's
     * span is an offset into xbuf, of which xlen bytes are used
     * (ml_set_text; with xmask 0, xlen means nothing).  Last in the
     * struct, so that maillog_record_copy copies only the bytes used, and
     * the fields before it keep their places. */
    uint64_t xmask;
    uint32_t xlen;
    char xbuf[ML_XBUF];
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
    r->wmask = 0;
    r->xmask = 0; /* xlen is reset by the first ml_set_text */
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
    r->dstate = NULL;
}

static inline void ml_set(maillog_record *r, int f, uint32_t off, uint32_t len)
{
    r->f[f].off = off;
    r->f[f].len = len;
    r->fmask |= (uint64_t)1 << f;
}
/* A field whose value is one word of a fixed vocabulary the line may not
 * spell (session_end: "quit" for "closed by QUIT"): its span is an offset
 * into ml_field_words, and bit f of wmask says so.  Readers of a field go
 * through ml_field_ptr(). */
ML_HIDDEN extern const char ml_field_words[];
#define ML_WORD_QUIT     0, 4
#define ML_WORD_TIMEOUT  5, 7
#define ML_WORD_LOST     13, 4
#define ML_WORD_TLS      18, 3
#define ML_WORD_ERRORS   22, 6
#define ML_WORD_BARE_LF  29, 7
#define ML_WORD_REFUSED  37, 7
#define ML_WORD_OTHER    45, 5
#define ML_FIELD_WORDS   "quit timeout lost tls errors bare_lf refused other"
static inline void ml_set_word(maillog_record *r, int f, uint32_t off, uint32_t len)
{
    r->f[f].off = off;
    r->f[f].len = len;
    r->fmask |= (uint64_t)1 << f;
    r->wmask |= (uint64_t)1 << f;
}
/* A field whose text is not in the line as written (a decoded name): n
 * bytes at p are kept in the record's xbuf, and bit f of xmask says so.
 * Returns 0, leaving the field as it was, when xbuf has no room.  A
 * dialect sets such a field after any ml_set() of it: ml_set() leaves
 * xmask alone, to stay a few stores on every line's path. */
static inline int ml_set_text(maillog_record *r, int f, const char *p, uint32_t n)
{
    if (!r->xmask) /* the first of this line: xlen may be a former line's */
        r->xlen = 0;
    if (n > ML_XBUF - r->xlen)
        return 0;
    memcpy(r->xbuf + r->xlen, p, n);
    r->f[f].off = r->xlen;
    r->f[f].len = n;
    r->xlen += n;
    r->fmask |= (uint64_t)1 << f;
    r->wmask &= ~((uint64_t)1 << f);
    r->xmask |= (uint64_t)1 << f;
    return 1;
}
/* Field f is not a span of the line: a word, or text kept in xbuf. */
static inline int ml_field_not_span(const maillog_record *r, int f)
{
    return (int)(((r->wmask | r->xmask) >> f) & 1u);
}
/* The text of a present field: in the line, a word, or decoded text. */
static inline const char *ml_field_ptr(const maillog_record *r, int f)
{
    if ((r->xmask >> f) & 1u)
        return r->xbuf + r->f[f].off;
    return ((r->wmask >> f) & 1u ? ml_field_words : r->line) + r->f[f].off;
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
    /* The day of the last stamp parsed (see envelope/stamp.c); day_kind 0: none. */
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

/* At most this many dialects in one parser's table. */
#define ML_MAX_DIALECTS 16
/* Untagged lines in a row read by one dialect before the stream is taken
 * to be that dialect's (its parse is then tried first). */
#define ML_LOCK_LINES 8

typedef struct ml_parse_ctx {
    ml_year_state *ys;
    ml_ts_cache *tc;
    int32_t default_offset;
    maillog_zone_fn zone; /* maillog_parser_set_zone, or NULL */
    void *zone_user;
    int32_t force; /* table slot + 1 of the dialect named by the caller; 0: detect */
    /* What the stream has shown it is: slot + 1 of its dialect (0: not
     * known), and the candidate with its run of untagged lines. */
    int32_t lock, cand, run;
    uint32_t popts; /* ML_POPT_*: options the dialects read */
    uint32_t ndialects;
    const struct ml_dialect *const *table;
    void *state[ML_MAX_DIALECTS]; /* each dialect's per-stream state, or NULL */
} ml_parse_ctx;

/* The offset east of UTC of a local wall-clock time (seconds since the
 * epoch read as if the clock were UTC) in a stamp that has none: the
 * caller's zone, else MAILLOG_OPT_DEFAULT_OFFSET.  Every dialect that reads
 * local times goes through here. */
static inline int32_t ml_local_offset(const ml_parse_ctx *ctx, int64_t wall)
{
    int32_t off;
    if (!ctx->zone)
        return ctx->default_offset;
    off = ctx->zone(ctx->zone_user, wall);
    return off > -86400 && off < 86400 ? off : 0;
}

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
    char *carry; /* max_line bytes, right after the struct; then the
                    dialects' states */
};

/* The dialect interface and the table: src/mta/dialect.h. */
struct ml_dialect;

/* -------------------------------------------------------------- stages */
ML_HIDDEN void ml_parse(ml_parse_ctx *ctx, const char *line, uint32_t len,
                        maillog_record *r);
/* Recognise the envelope; sets HOST/PROGRAM/.../BODY and the time.  Returns
 * 1 when a prefix was recognised (BODY always set). */
ML_HIDDEN int ml_envelope(const ml_parse_ctx *ctx, maillog_record *r);
/* MAILLOG_OPT_REASON's lookup, before a record reaches the caller
 * (src/reason/reason.c). */
ML_HIDDEN void ml_record_keep_reason(maillog_record *r);
/* Its parts (stamps, host and tag) are declared in envelope/envelope.h. */

/* Parse one line for a parser, shared by maillog_parser_parse_line() and the
 * stream: trailing CR/LF dropped, lines over limit bytes cut, line number
 * and counters kept.  Inline: the stream calls it for every line. */
static inline void ml_parse_counted(maillog_parser *p, const char *line, size_t len,
                                    size_t limit, uint32_t extra_flags, maillog_record *r)
{
    uint32_t flags = extra_flags;
    /* The stream passes lines without their LF, and cuts them at max_line
     * (its carry buffer) with a CR counted, whether the line came whole in
     * a chunk or through the carry buffer.  maillog_parser_parse_line()
     * may pass the LF, and cuts only where a span's 32 bits end. */
    if (!(flags & MAILLOG_REC_TRUNCATED) && len > 0 && line[len - 1] == '\n')
        len--;
    if (len > limit) {
        len = limit;
        flags |= MAILLOG_REC_TRUNCATED;
    } else if (!(flags & MAILLOG_REC_TRUNCATED) && len > 0 && line[len - 1] == '\r')
        len--;
    /* numbered before the parse: a dialect may tell whether the line
     * comes right after one it remembers (a continuation line) */
    r->line_no = ++p->line_no;
    ml_parse(&p->ctx, line, (uint32_t)len, r);
    r->flags |= flags;
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
