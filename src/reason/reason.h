/* reason.h -- why a delivery failed: the classifier's parts shared by its
 * files, and the one test every caller makes before asking (a failure
 * status), so that a sent line never reaches the text matching. */
#ifndef ML_REASON_H
#define ML_REASON_H

#include "core/internal.h"

/* The names in MAILLOG_REASON_* order, once (tests/test_reason.c checks
 * the order against the header). */
#define ML_REASON_NAMES(X)                                                                    \
    X("none") X("other") X("user_unknown") X("mailbox_full") X("mailbox_disabled")           \
    X("has_moved") X("host_unknown") X("not_accept") X("relay_denied") X("sender_rejected")   \
    X("spam") X("virus") X("blocked") X("bad_reputation") X("require_ptr") X("auth_failure")  \
    X("auth_required") X("policy") X("content_rejected") X("message_too_large")              \
    X("rate_limited") X("greylisted") X("tls_failure") X("dns_failure")                      \
    X("connection_refused") X("timeout") X("network_error") X("syntax_error")                \
    X("system_error") X("system_full") X("mailer_error") X("expired") X("retry_wait")

/* The statuses that have a reason: one bit per MAILLOG_STATUS_*. */
#define ML_REASON_STATUSES                                                                    \
    ((1u << MAILLOG_STATUS_DEFERRED) | (1u << MAILLOG_STATUS_BOUNCED) |                       \
     (1u << MAILLOG_STATUS_EXPIRED) | (1u << MAILLOG_STATUS_REJECTED) |                       \
     (1u << MAILLOG_STATUS_SOFTBOUNCE) | (1u << MAILLOG_STATUS_UNDELIVERABLE))

static inline int ml_status_has_reason(int64_t status)
{
    return status > 0 && status < 32 && ((ML_REASON_STATUSES >> status) & 1u);
}

/* The reason of a failure with this status (MAILLOG_REASON_NONE when the
 * status is not a failure); the text is read only for a failure. */
int32_t ml_reason_for(int64_t status, const char *dsn, size_t dsn_len, int32_t code,
                      const char *text, size_t text_len);

/* Case folding for the matcher: A-Z to a-z, '_' and control bytes to a
 * space; every other byte as it is. */
extern const unsigned char ml_reason_fold[256];
#define ML_FOLD(c) (ml_reason_fold[(unsigned char)(c)])
/* a-z, 0-9 after folding: a word's bytes. */
#define ML_WORDB(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= '0' && (c) <= '9'))

/* One phrase of the table: its text (lower case, '_' never: it folds to a
 * space), its reason, its weight (the strongest phrase found decides),
 * and whether it must end a word (1) or may be a word's start (0).  A
 * phrase that starts with a letter or digit must start a word; one that
 * starts with punctuation may start anywhere. */
typedef struct ml_phrase {
    const char *s;
    uint8_t len, reason, weight, word;
} ml_phrase;

/* The phrases that start with one byte. */
typedef struct ml_bucket {
    const ml_phrase *p;
    size_t n;
} ml_bucket;

/* The table in two halves, by first byte: below 'm', and from 'm' on
 * (src/reason/words_a_l.c, words_m_z.c); each is indexed by the byte. */
extern const ml_bucket ml_reason_words_a_l[256];
extern const ml_bucket ml_reason_words_m_z[256];

/* Weights: a phrase's default is its reason's.  The specific outrank the
 * general: a reply that names a full mailbox and a policy is about the
 * mailbox.  A phrase at ML_W_STRONG or above outranks even a decisive
 * enhanced status code (a provider's own wording for a code it uses in
 * its own way). */
#define ML_W_STRONG 88
#define W_OTHER 0
#define W_USER_UNKNOWN 80
#define W_MAILBOX_FULL 80
#define W_MAILBOX_DISABLED 78
#define W_HAS_MOVED 80
#define W_HOST_UNKNOWN 70
#define W_NOT_ACCEPT 72
#define W_RELAY_DENIED 80
#define W_SENDER_REJECTED 66
#define W_SPAM 75
#define W_VIRUS 85
#define W_BLOCKED 60
#define W_BAD_REPUTATION 74
#define W_REQUIRE_PTR 75
#define W_AUTH_FAILURE 75
#define W_AUTH_REQUIRED 70
#define W_POLICY 40
#define W_CONTENT_REJECTED 55
#define W_MESSAGE_TOO_LARGE 80
#define W_RATE_LIMITED 76
#define W_GREYLISTED 90
#define W_TLS_FAILURE 70
#define W_DNS_FAILURE 68
#define W_CONNECTION_REFUSED 66
#define W_TIMEOUT 64
#define W_NETWORK_ERROR 50
#define W_SYNTAX_ERROR 42
#define W_SYSTEM_ERROR 45
#define W_SYSTEM_FULL 60
#define W_MAILER_ERROR 47
#define W_EXPIRED 66
#define W_RETRY_WAIT 63

/* Table rows: P(text, REASON), PW(text, REASON, weight), and WORD, WORDW
 * for a phrase that must end a word. */
#define ML_PH(s, r, w, word) {s, (uint8_t)(sizeof(s) - 1), MAILLOG_REASON_##r, (uint8_t)(w), word}
#define P(s, r) ML_PH(s, r, W_##r, 0)
#define PW(s, r, w) ML_PH(s, r, w, 0)
#define WORD(s, r) ML_PH(s, r, W_##r, 1)
#define WORDW(s, r, w) ML_PH(s, r, w, 1)
#define ML_BUCKET(c, t) [c] = {t, sizeof t / sizeof t[0]}

/* The phrase table's verdict on a text: the reason of the strongest
 * phrase found, MAILLOG_REASON_NONE when none is. */
int32_t ml_reason_phrases(const char *text, size_t len, int *weight);

/* The phrase table, for the tests: entry i of n (0 when past the end),
 * its text and reason. */
int ml_reason_phrase_at(size_t i, const char **text, int32_t *reason);

#endif
