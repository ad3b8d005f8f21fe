/* session.c -- Exim's rarer lines about a connection, a queue run or the
 * configuration, tried last (exim.c's other_line): ETRN/ATRN and VRFY,
 * AUTH= ignored, PRDR refusals, a client-side authenticator failure, TLS
 * certificate trouble, taint and expansion errors, resource checks.  Most
 * are notices; the words after the first ": " are the reply.  Wordings
 * follow Exim's smtp_in.c, receive.c, deliver.c, transport.c, tls*.c and
 * the specification's "Log files" chapter. */
#include "mta/exim/exim.h"
#include "scan/scan.h"

/* Lines known by their first words: a notice of that severity (-1: the
 * core's own) whose reply is what follows the first ": ", if any. */
static const struct {
    ml_word w;
    int32_t severity;
} notices[] = {
    {ML_W("Tainted filename "), MAILLOG_SEV_ERROR},
    {ML_W("Tainted "), MAILLOG_SEV_ERROR},
    {ML_W("tainted search query is not properly quoted"), MAILLOG_SEV_WARNING},
    {ML_W("Failed to "), MAILLOG_SEV_ERROR},
    {ML_W("failed to "), MAILLOG_SEV_ERROR},
    {ML_W("unable to set gid="), MAILLOG_SEV_ERROR},
    {ML_W("re-exec of exim "), MAILLOG_SEV_ERROR},
    {ML_W("exec of "), MAILLOG_SEV_ERROR},
    {ML_W("bind of ["), MAILLOG_SEV_ERROR},
    {ML_W("User 0 set for "), MAILLOG_SEV_ERROR},
    {ML_W("remote host address is the local host"), MAILLOG_SEV_ERROR},
    {ML_W("no recipients found in headers"), -1},
    {ML_W("too many recipients: "), -1},
    {ML_W("ridiculously long message header received from "), -1},
    {ML_W("EHLO/HELO response must not contain newlines"), MAILLOG_SEV_WARNING},
    {ML_W("DNS list lookup for "), MAILLOG_SEV_WARNING},
    {ML_W("Daemon cannot be run "), MAILLOG_SEV_ERROR},
    {ML_W("ARC: "), -1},
    {ML_W("home directory "), MAILLOG_SEV_ERROR},
    {ML_W("Error while reading message "), MAILLOG_SEV_ERROR},
    {ML_W("spool directory space check failed"), MAILLOG_SEV_WARNING},
    {ML_W("log directory space check failed"), MAILLOG_SEV_WARNING},
    {ML_W("overlong message header line received from "), -1},
    {ML_W("timed out while reading local message"), -1},
    {ML_W("Required TLS certificate status not received"), MAILLOG_SEV_WARNING},
    {ML_W("Server certificate revoked"), MAILLOG_SEV_WARNING},
    {ML_W("WARNING: "), MAILLOG_SEV_WARNING},
    {ML_W("ACL \"warn\" with \"message\" setting found"), MAILLOG_SEV_WARNING},
    {ML_W("configured error code starts with incorrect digit"), MAILLOG_SEV_ERROR},
    {ML_W("invalid message_size_limit"), MAILLOG_SEV_ERROR},
    {ML_W("invalid value for "), MAILLOG_SEV_ERROR},
    {ML_W("ignoring AUTH="), -1},
    {ML_W("Start ODMR queue run"), -1},
};

/* "[addr] SSL verify error: depth=0 error=... cert=..." (OpenSSL builds):
 * the peer's certificate failed; the address is the peer's, client or
 * server, so it stays in the reply's words. */
static int ssl_verify(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q;
    if (p >= end || s[p] != '[' || (q = ML_FIND(s, p, end, "] SSL verify error: ")) >= end)
        return 0;
    ml_set(r, MAILLOG_F_REPLY, q + 2, end - q - 2);
    r->severity = MAILLOG_SEV_WARNING;
    r->event = MAILLOG_EV_NOTICE;
    return 1;
}

int ml_exim_session_words(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t i, q, c;
    /* "ETRN #queue received from (helo) [addr]", "ATRN '' received from" */
    if ((ML_AT(s, p, end, "ETRN ") || ML_AT(s, p, end, "ATRN ")) &&
        (q = ML_FIND(s, p, end, " received from ")) < end) {
        ml_exim_host(r, q + 15, end, 1);
        r->event = MAILLOG_EV_SESSION;
        return 1;
    }
    /* "VRFY failed for <a> H=... U=...": the address did not verify */
    if (ML_AT(s, p, end, "VRFY failed for <") && (q = ml_find(s, p + 17, end, '>')) < end) {
        ml_set(r, MAILLOG_F_TO, p + 17, q - p - 17);
        if (q + 1 < end)
            ml_exim_fields(r, q + 1, end, 1);
        r->event = MAILLOG_EV_SESSION;
        return 1;
    }
    /* "ID PRDR R=<r> refusal" / "temporary refusal": one recipient of a
     * PRDR transaction refused after the data */
    if (ML_AT(s, p, end, "PRDR R=<") && (q = ml_find(s, p + 8, end, '>')) < end &&
        ml_has(r, MAILLOG_F_QUEUE_ID)) {
        ml_set(r, MAILLOG_F_TO, p + 8, q - p - 8);
        if (q + 1 < end)
            ml_set(r, MAILLOG_F_REPLY, q + 2, end - q - 2);
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    /* "ID plain authenticator failed H=h [a] 535 why": our AUTH to a
     * relay was refused */
    if ((q = ML_FIND(s, p, end, " authenticator failed H=")) < end) {
        c = ml_exim_host(r, q + 24, end, 0);
        if (c + 1 < end && s[c] == ' ') {
            ml_set(r, MAILLOG_F_REPLY, c + 1, end - c - 1);
            ml_reply_codes(r, c + 1, end, 1);
        }
        r->event = MAILLOG_EV_RELAY_ERROR;
        return 1;
    }
    if (ssl_verify(r, p, end))
        return 1;
    /* "ID r1 router: skipped error: ...": a router's error ignored (its
     * "more" or an error in a filter file) */
    if ((q = ML_FIND(s, p, end, " router: skipped error: ")) < end && ml_find(s, p, q, ' ') == q) {
        ml_set(r, MAILLOG_F_REPLY, q + 24, end - q - 24);
        r->severity = MAILLOG_SEV_WARNING;
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    /* "ID <|cmd>: address_pipe transport output: text" (log_output), "ID
     * appendfile transport process returned non-zero status 0x0100: ..." */
    if ((q = ML_FIND(s, p, end, " transport output: ")) < end ||
        (q = ML_FIND(s, p, end, " transport process returned ")) < end) {
        c = s[q + 11] == 'o' ? q + 19 : q + 1; /* the output, or what returned */
        ml_set(r, MAILLOG_F_REPLY, c, end - c);
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    /* "ID moved from input, msglog to (third) input, msglog" (exim -MG):
     * the message went to another named queue */
    if (ML_AT(s, p, end, "moved from ") && ml_has(r, MAILLOG_F_QUEUE_ID)) {
        ml_set(r, MAILLOG_F_ACTION, p, 5);
        r->event = MAILLOG_EV_QUEUE_ADMIN;
        return 1;
    }
    for (i = 0; i < sizeof notices / sizeof notices[0]; i++) {
        if (!ml_at(s, p, end, notices[i].w.s, notices[i].w.n))
            continue;
        c = ML_FIND(s, p + notices[i].w.n, end, ": ");
        if (c < end)
            ml_set(r, MAILLOG_F_REPLY, c + 2, end - c - 2);
        if (notices[i].severity >= 0)
            r->severity = notices[i].severity;
        r->event = s[p] == 'S' && s[p + 1] == 't' ? MAILLOG_EV_DAEMON : MAILLOG_EV_NOTICE;
        return 1;
    }
    return 0;
}
