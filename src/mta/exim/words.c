/* words.c -- Exim's lines beyond arrivals, deliveries and rejections: a
 * message frozen and thawed, errors ignored, deliveries put off, DKIM
 * verdicts, TLS, DANE and OCSP trouble, content-scan conditions, verify
 * deferrals, ACL discards, unqualified addresses, warnings, sessions lost
 * or timed out.  Wordings follow Exim's deliver.c, receive.c, smtp_in.c,
 * acl.c, verify.c and the specification's "Log files" chapter. */
#include "mta/exim/exim.h"
#include "scan/scan.h"

/* How a session ended, from the words of its last line. */
static void session_end(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    if (ML_FIND(s, p, end, " closed by QUIT") < end)
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_QUIT);
    else if (ML_FIND(s, p, end, "timeout") < end)
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_TIMEOUT);
    else if (ML_FIND(s, p, end, " lost") < end || ML_AT(s, p, end, "unexpected disconnection"))
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_LOST);
    else if (ML_AT(s, p, end, "TLS error"))
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_TLS);
    else if (ML_FIND(s, p, end, " dropped: too many ") < end)
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_ERRORS);
    else if (ML_FIND(s, p, end, "bare LF") < end || ML_FIND(s, p, end, "bare CR") < end)
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_BARE_LF);
    else if (end - p > 5 && memcmp(s + end - 5, ",QUIT", 5) == 0) /* C=EHLO,QUIT */
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_QUIT);
    else if (ML_AT(s, p, end, "no MAIL in SMTP connection") ||
             ML_AT(s, p, end, "SMTP connection from "))
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_OTHER);
}

/* Text after a prefix that runs to the end: the reply. */
static void rest(maillog_record *r, uint32_t p, uint32_t end)
{
    if (p < end)
        ml_set(r, MAILLOG_F_REPLY, p, end - p);
}

/* "DKIM: d=example.com s=sel c=relaxed/relaxed a=rsa-sha256 b=1024
 * [verification succeeded]": the pairs are attributes, the verdict in
 * brackets the reply. */
static void dkim(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t b = end;
    if (end > p && s[end - 1] == ']') {
        uint32_t q = end - 1;
        while (q > p && s[q] != '[')
            q--;
        if (s[q] == '[') {
            b = q;
            ml_set(r, MAILLOG_F_REPLY, q + 1, end - q - 2);
        }
    } else {
        rest(r, p, end);
    }
    r->kv_off = p;
    r->kv_end = b;
}

/* Notices with or without a message id: DKIM verdicts; TLS, DANE and OCSP
 * trouble of a delivery; content scanning, address rewriting, filters.
 * The text after the prefix is the reply. */
static int notice_words(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t c;
    if (ML_AT(s, p, end, "DKIM: ")) {
        dkim(r, p + 6, end);
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    if (!(ML_AT(s, p, end, "DANE error: ") || ML_AT(s, p, end, "DANE attempt failed") ||
          ML_AT(s, p, end, "OCSP ") || ML_AT(s, p, end, "TLS error ") ||
          ML_AT(s, p, end, "TLS session: ") || ML_AT(s, p, end, "spam acl condition: ") ||
          ML_AT(s, p, end, "malware acl condition: ") || ML_AT(s, p, end, "qualify/rewrite: ") ||
          ML_AT(s, p, end, "original recipients ignored") ||
          ML_AT(s, p, end, "Error in system filter: ") || ML_AT(s, p, end, "Error while running ")))
        return 0;
    c = ML_FIND(s, p, end, ": ");
    rest(r, c < end ? c + 2 : p, end);
    if (s[p] == 'E')
        r->severity = MAILLOG_SEV_ERROR;
    r->event = MAILLOG_EV_NOTICE;
    return 1;
}

int ml_exim_message_words(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q;
    /* held: "Frozen", "Frozen (delivery error message)", "frozen by ACL",
     * "frozen by root", "Message is frozen" (a queue run passing it by) */
    if (ML_AT(s, p, end, "Frozen") || ML_AT(s, p, end, "frozen by ") ||
        ML_AT(s, p, end, "Message is frozen")) {
        ml_set(r, MAILLOG_F_ACTION, s[p] == 'M' ? p + 11 : p, 6);
        rest(r, s[p] == 'M' ? end : p + 6 + (p + 6 < end), end);
        r->event = MAILLOG_EV_QUEUE_ADMIN;
        r->status = MAILLOG_STATUS_HELD;
        return 1;
    }
    if (ML_AT(s, p, end, "Unfrozen by ") || ML_AT(s, p, end, "unfrozen by ")) {
        ml_set(r, MAILLOG_F_ACTION, p, 8); /* released: "by forced delivery", "by root" */
        rest(r, p + 9, end);
        r->event = MAILLOG_EV_QUEUE_ADMIN;
        return 1;
    }
    if (ML_AT(s, p, end, "removed by ") || ML_AT(s, p, end, "cancelled by ")) {
        ml_set(r, MAILLOG_F_ACTION, p, s[p] == 'r' ? 7 : 9);
        r->event = MAILLOG_EV_QUEUE_ADMIN;
        return 1;
    }
    /* "addr <parent>: error ignored": the failure is not reported to a
     * sender (errors_to empty, a bounce's own bounce) */
    if ((q = ML_FIND(s, p, end, ": error ignored")) < end && q > p) {
        uint32_t a = ml_word_end(s, p, q);
        ml_set(r, MAILLOG_F_TO, p, a - p);
        if (a + 2 < q && s[a + 1] == '<' && s[q - 1] == '>')
            ml_set(r, MAILLOG_F_ORIG_TO, a + 2, q - a - 3);
        ml_set(r, MAILLOG_F_ACTION, q + 2, 13);
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    if (ML_AT(s, p, end, "error ignored")) {
        ml_set(r, MAILLOG_F_ACTION, p, 13);
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    /* "no immediate delivery: queued by ACL", "...: load average 4.00",
     * "...: more than 10 messages received in one connection": the message
     * waits for a queue run */
    if (ML_AT(s, p, end, "no immediate delivery: ")) {
        rest(r, p + 23, end);
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    /* "SMTP connection lost after final dot H=... P=...": received, but
     * the client may not know it (a duplicate may follow) */
    if (ML_AT(s, p, end, "SMTP connection lost after final dot")) {
        ml_exim_fields(r, p + 36, end, 1);
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_LOST);
        r->event = MAILLOG_EV_SESSION;
        return 1;
    }
    return notice_words(r, p, end);
}

/* "H=... F=<s> RCPT <r>: discarded by RCPT ACL: why", "... discarded by
 * MAIL ACL": the recipient (or every one) accepted and thrown away. */
static int acl_discard(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q = ML_FIND_OUTSIDE(s, p, end, "discarded by "), a, c;
    if (q >= end || q < p + 2 || s[q - 2] != ':')
        return 0;
    a = ML_FIND_OUTSIDE(s, p, q, " RCPT ");
    ml_exim_fields(r, p, a < q ? a : q - 2, 1);
    if (a < q) {
        uint32_t b = a + 6, e = q - 2;
        if (e > b + 1 && s[b] == '<' && s[e - 1] == '>')
            b++, e--;
        ml_set(r, MAILLOG_F_TO, b, e - b);
        ml_set(r, MAILLOG_F_STAGE, a + 1, 4);
    } else if (ML_AT(s, q + 13, end, "MAIL ")) {
        ml_set(r, MAILLOG_F_STAGE, q + 13, 4);
    }
    ml_set(r, MAILLOG_F_ACTION, q, 9);
    c = ML_FIND(s, q, end, " ACL: ");
    if (c < end)
        rest(r, c + 6, end);
    r->event = MAILLOG_EV_REJECT;
    r->status = MAILLOG_STATUS_DISCARDED;
    return 1;
}

/* "sender verify defer for <a>: why", "recipient verify defer for <a>",
 * "sender verify defer (making callout connection): T=smtp why" */
static int verify_defer(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q = ML_FIND_OUTSIDE(s, p, end, "verify defer"), a, c;
    int snd;
    if (q >= end)
        return 0;
    snd = q >= p + 7 && ML_AT(s, q - 7, end, "sender ");
    if (!snd && !(q >= p + 10 && ML_AT(s, q - 10, end, "recipient ")))
        return 0;
    ml_exim_fields(r, p, q - (snd ? 7 : 10), 1);
    a = q + 12;
    c = ML_FIND_OUTSIDE(s, a, end, ": ");
    if (ML_AT(s, a, end, " for <") && c < end && s[c - 1] == '>')
        ml_set(r, snd ? MAILLOG_F_FROM : MAILLOG_F_TO, a + 6, c - a - 7);
    rest(r, c < end ? c + 2 : a, end);
    r->event = MAILLOG_EV_SESSION;
    r->status = MAILLOG_STATUS_DEFERRED;
    return 1;
}

int ml_exim_other_words(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q;
    if (acl_discard(r, p, end) || verify_defer(r, p, end))
        return 1;
    /* "unqualified sender rejected: <a> H=...", "unqualified recipient
     * rejected: <a> ..." */
    if (ML_AT(s, p, end, "unqualified ") && (q = ML_FIND(s, p, end, " rejected: <")) < end) {
        uint32_t a = q + 12, e = ml_find(s, a, end, '>');
        int snd = ML_AT(s, p + 12, end, "sender");
        ml_set(r, snd ? MAILLOG_F_FROM : MAILLOG_F_TO, a, e - a);
        ml_set(r, MAILLOG_F_ACTION, q + 1, 8);
        ml_set(r, MAILLOG_F_REPLY, p, q + 9 - p);
        if (e + 1 < end)
            ml_exim_fields(r, e + 1, end, 1);
        if (!snd)
            r->flags |= ML_REC_RCPT_REFUSAL;
        r->event = MAILLOG_EV_REJECT;
        r->status = MAILLOG_STATUS_REJECTED;
        return 1;
    }
    /* an ACL's warn verb: "H=(helo) [a] U=x Warning: text" */
    if ((ML_AT(s, p, end, "H=") || ML_AT(s, p, end, "U=")) &&
        (q = ML_FIND_OUTSIDE(s, p, end, " Warning: ")) < end) {
        ml_exim_fields(r, p, q, 1);
        rest(r, q + 10, end);
        r->severity = MAILLOG_SEV_WARNING;
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    return notice_words(r, p, end);
}

/* The rejectlog writes, after a rejection that names a message, its
 * envelope and headers without a stamp: "Envelope-from: <a>",
 * "Envelope-to: <b>", then each header with its flag letter ("P
 * Received: ...", "I Message-Id: ...", "  Subject: ...", "* X-Gone: ...")
 * and its continuation lines (a leading space or tab).  They are notices
 * of the rejection above; from and to are fields. */
int ml_exim_dump_line(void *state, maillog_record *r)
{
    const char *s = r->line;
    uint32_t p = r->f[MAILLOG_F_BODY].off, end = r->len, q;
    int env = ML_AT(s, p, end, "Envelope-from: <") || ML_AT(s, p, end, "Envelope-to: <");
    if (env) {
        uint32_t a = ml_find(s, p, end, '<') + 1, e = ml_find(s, a, end, '>');
        if (e < end)
            ml_set(r, s[p + 9] == 'f' ? MAILLOG_F_FROM : MAILLOG_F_TO, a, e - a);
        ml_exim_set_dump(state, 1);
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    if (!ml_exim_dump(state) || p >= end)
        return 0;
    if (s[p] == ' ' || s[p] == '\t') { /* a continuation, or a plain header */
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    /* a flag letter, a space, a header name and its colon */
    if (end - p > 3 && s[p + 1] == ' ' && (ml_is((unsigned char)s[p], ML_C_ALPHA) || s[p] == '*')) {
        for (q = p + 2; q < end && s[q] != ':' && s[q] != ' '; q++)
            ;
        if (q < end && s[q] == ':' && q > p + 2) {
            r->event = MAILLOG_EV_NOTICE;
            return 1;
        }
    }
    ml_exim_set_dump(state, 0);
    return 0;
}

/* For exim.c's session lines: how the session ended. */
void ml_exim_session_end(maillog_record *r, uint32_t p, uint32_t end) { session_end(r, p, end); }
