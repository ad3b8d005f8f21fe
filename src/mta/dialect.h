/* dialect.h -- what the library asks of an MTA.  Each MTA is one unit under
 * src/mta/ that fills one ml_dialect; src/mta/table.c lists them.  The
 * core (parser, stream, envelope, record, JSON, correlator) calls these
 * hooks and names no MTA itself, so everything one MTA means lives in its
 * unit: how its lines are recognised, how its text becomes a record, what
 * it keeps across the lines of a stream, and how its records correlate.
 * Checklist for a new MTA: src/mta/README.md. */
#ifndef ML_DIALECT_H
#define ML_DIALECT_H

#include "core/internal.h"

/* How sure a dialect is that a line is its own (ml_dialect.sniff). */
#define ML_SNIFF_NO     0 /* not this dialect's line */
#define ML_SNIFF_MAYBE  1 /* a line it may have written (a bare stamp, a
                             data line of its files): its parse is tried */
#define ML_SNIFF_TAG    2 /* the syslog tag names this dialect's MTA */
#define ML_SNIFF_HEADER 3 /* a header line of this dialect's own files: the
                             stream is this dialect's from here on */

/* ml_dialect.corr_flags */
/* The MTA logs no line when a message leaves its queue: the correlator
 * ends a message once every recipient has a final status, and a message
 * queued with nrcpt 0 (every recipient refused) is dropped at once. */
#define ML_CORR_IMPLICIT_END 0x1u
/* The arrival line lists the recipients (a to list): they wait in the
 * message, without a status, and a delivery line that names no recipient
 * applies to every one of them that has no final status yet. */
#define ML_CORR_LISTED_RCPTS 0x2u
/* A delivery answered with a new queue id hands the message on even when
 * the relay is another host: the MTA's servers log into one view (an
 * organisation's servers, each naming the next one's id in its reply).
 * Linked only on evidence: the id's own lines are seen and name the same
 * message-id (hop.c). */
#define ML_CORR_ORG_HOPS 0x4u
/* The MTA logs a recipient's rewriting on a line of its own: an action
 * line whose to list replaces its orig_to recipient (a group expanded, a
 * recipient redirected or resolved); later lines name the new recipients
 * without orig_to (link.c). */
#define ML_CORR_REWRITES 0x8u
/* The arrival line may list the recipients (a to list): they wait in the
 * message without a status, so that a message held or never delivered
 * still names them; a delivery "addr <orig>" takes over the listed orig
 * still without an attempt.  Unlike ML_CORR_LISTED_RCPTS, a delivery line
 * that names no recipient applies to none of them (Exim's "for" list). */
#define ML_CORR_ARRIVAL_RCPTS 0x10u
/* The MTA logs a recipient discarded at RCPT before the message has a
 * queue id (a reject record with status discarded, a to, the client's
 * address, no queue id): the next arrival from the same client address
 * and sender lists it as a recipient, discarded (discard.c). */
#define ML_CORR_EARLY_DISCARDS 0x20u

/* ml_dialect.link_of: the id by which a record's message meets another
 * message of the log (link.c).  A parent side and a child side of one
 * kind under the same id link the two messages, in either order. */
#define ML_LINK_NONE          0
#define ML_LINK_NOTIFY_PARENT 1 /* a failure naming its notification's message-id */
#define ML_LINK_NOTIFY_CHILD  2 /* a notification, under its own message-id */
#define ML_LINK_THREAD_PARENT 3 /* a hand-off to the next copy of the message, under
                                   the id the MTA keeps across copies */
#define ML_LINK_THREAD_CHILD  4 /* a copy that may continue such a hand-off */

typedef struct ml_dialect {
    int32_t mta;       /* MAILLOG_MTA_*; 0 for a dialect known only to tests */
    const char *name;  /* maillog_mta_name() and the JSON "mta" value */
    uint32_t name_len;

    /* ---- recognising and parsing, per line */
    /* How sure the dialect is that r (its envelope parsed: program tag,
     * stamp, body) is its own.  state: its state in this stream, or NULL. */
    int (*sniff)(const void *state, const maillog_record *r);
    /* Fill event, status and fields from the body at r->f[MAILLOG_F_BODY];
     * 0 when the body is not understood.  Set r->severity only when the
     * line itself says it (a "warning:" prefix): the core takes it from the
     * syslog <PRI> or else "info" otherwise. */
    int (*parse)(void *state, maillog_record *r);
    /* 1 when a key=value key is reported as a field, so that
     * maillog_record_attr_next() skips it. */
    int (*field_key)(const char *key, uint32_t len);

    /* ---- state across the lines of one stream (all may be NULL) */
    /* Bytes of state for a parser with this max_line, 8-aligned by the
     * caller; kept in the parser's memory, so a stream never allocates. */
    size_t (*state_size)(uint32_t max_line);
    /* Start of a stream (parser made or reset). */
    void (*state_reset)(void *state, uint32_t max_line);
    /* A line whose parse set ML_REC_HOLD, in the parser's record: the
     * dialect delivers it, holds it, or joins it with others (through
     * ml_stream_deliver / ml_stream_parse), and returns what the callbacks
     * returned (non-zero: stop). */
    int (*hold)(maillog_parser *p, void *state, const char *line);
    /* End of input: deliver whatever is held. */
    int (*flush)(maillog_parser *p, void *state);

    /* ---- reading aids (may be NULL) */
    /* The reply text written back for people (maillog_record_reply_text):
     * n bytes from in to out. */
    void (*decode)(const char *in, uint32_t n, char *out);
    /* 1 when the token at p is one the MTA writes itself after its own
     * stamp (a message id), so the envelope never takes it for a host. */
    int (*owns_token)(const char *s, uint32_t p, uint32_t end);

    /* ---- correlation rules (used by src/corr/, may be NULL) */
    /* The session a record belongs to when it carries no session_id field:
     * 1 with the key (a span of the line, and a process id), or 0. */
    int (*session_of)(const maillog_record *r, ml_span *id, int64_t *pid);
    uint32_t corr_flags; /* ML_CORR_* */

    /* ---- attributes that are not key=value pairs (may be NULL) */
    /* maillog_record_attr_next() for a record of this dialect, same
     * contract: the attributes of a file whose header names its columns
     * (Exchange's "#Fields:"), keyed by the column names.  Values are spans
     * of the line; a key may point outside it (static text, or the state
     * of r->dstate: valid while the parser lives and until its next line).
     * When NULL, the core walks r's key=value region with field_key. */
    int (*attr_next)(const maillog_record *r, uint32_t *cursor, const char **key,
                     size_t *key_len, const char **val, size_t *val_len);

    /* ---- correlation by other ids (may be NULL) */
    /* The link a record of a message offers (ML_LINK_*), with its id (a
     * span of the line, or of the dialect's state as attr_next's values),
     * or ML_LINK_NONE. */
    int (*link_of)(const maillog_record *r, const char **id, size_t *id_n);
} ml_dialect;

/* An attribute_next() result: the key and value written where the caller
 * asked for them (any pointer may be NULL); returns 1. */
static inline int ml_attr_put(const char **key, size_t *key_len, const char **val,
                              size_t *val_len, const char *k, size_t kn, const char *v, size_t vn)
{
    if (key)
        *key = k;
    if (key_len)
        *key_len = kn;
    if (val)
        *val = v;
    if (val_len)
        *val_len = vn;
    return 1;
}

/* The built-in table (src/mta/table.c), ended by NULL. */
ML_HIDDEN extern const ml_dialect *const ml_dialects[];

/* The built-in dialect of an MTA id, or NULL. */
ML_HIDDEN const ml_dialect *ml_dialect_of(int32_t mta);

/* ---- services of the stream to a dialect's hold and flush hooks */
/* The parser's record, as it stands, to the callback. */
ML_HIDDEN int ml_stream_deliver(maillog_parser *p);
/* Parse text (a joined entry, or a line again) into the parser's record,
 * with extra flags and the given line number; no callback, no counting. */
ML_HIDDEN void ml_stream_parse(maillog_parser *p, const char *text, uint32_t len,
                               uint32_t flags, uint64_t line_no);

/* ---- for tests: a parser over another table of dialects (at most
 * ML_MAX_DIALECTS), so that a dialect can be tried without being built in. */
ML_HIDDEN size_t ml_parser_sizeof_table(uint32_t max_line, const ml_dialect *const *table);
ML_HIDDEN int ml_parser_init_table(void *mem, size_t memlen, uint32_t max_line,
                                   const ml_dialect *const *table, maillog_parser **out);

/* The built-in dialects. */
extern const ml_dialect ml_dialect_postfix;
extern const ml_dialect ml_dialect_sendmail;
extern const ml_dialect ml_dialect_exim;
extern const ml_dialect ml_dialect_opensmtpd;
extern const ml_dialect ml_dialect_qmail;
extern const ml_dialect ml_dialect_exchange;
extern const ml_dialect ml_dialect_mailenable;
extern const ml_dialect ml_dialect_hmailserver;

#endif
