/* postfix.c -- the Postfix dialect: every daemon's lines into the shared
 * record vocabulary.  Formats follow Postfix's own sources (log_adhoc.c for
 * delivery lines, smtpd_check.c log_whatsup() for access actions, cleanup's
 * action log, postscreen, bounce notifications). */
#include "mta/postfix/postfix.h"
#include "scan/scan.h"

static const ml_word daemons[] = {
    ML_W("anvil"), ML_W("bounce"), ML_W("cleanup"), ML_W("defer"), ML_W("discard"),
    ML_W("dnsblog"), ML_W("error"), ML_W("flush"), ML_W("lmtp"), ML_W("local"), ML_W("master"),
    ML_W("nqmgr"), ML_W("oqmgr"), ML_W("pickup"), ML_W("pipe"), ML_W("postdrop"),
    ML_W("postlogd"), ML_W("postqueue"), ML_W("postscreen"), ML_W("postsuper"),
    ML_W("proxymap"), ML_W("qmgr"), ML_W("qmqpd"), ML_W("retry"), ML_W("scache"),
    ML_W("sendmail"), ML_W("showq"), ML_W("smtp"), ML_W("smtpd"), ML_W("spawn"), ML_W("tlsmgr"),
    ML_W("tlsproxy"), ML_W("trace"), ML_W("verify"), ML_W("virtual"), {NULL, 0}};

/* Proxmox's filter between two Postfix queues (pmg.c). */
static int is_pmg(const maillog_record *r)
{
    const ml_span *pg = &r->f[MAILLOG_F_PROGRAM];
    /* a line read with MAILLOG_OPT_DIALECT may have no program: its span
     * is then a previous line's */
    return ml_has(r, MAILLOG_F_PROGRAM) && pg->len == 15 &&
           memcmp(r->line + pg->off, "pmg-smtp-filter", 15) == 0;
}

static int sniff(const void *state, const maillog_record *r)
{
    const char *s = r->line;
    const ml_span *in = &r->f[MAILLOG_F_INSTANCE], *sv = &r->f[MAILLOG_F_SERVICE];
    (void)state;
    if (!ml_has(r, MAILLOG_F_PROGRAM))
        return ML_SNIFF_NO;
    if (in->len >= 7 && memcmp(s + in->off, "postfix", 7) == 0 &&
        (in->len == 7 || s[in->off + 7] == '-'))
        return ML_SNIFF_TAG;
    if (is_pmg(r))
        return ML_SNIFF_TAG;
    /* A custom syslog_name ("mx/smtpd"): trust a known daemon name only
     * behind a slash, since OpenSMTPD also logs as plain "smtpd". */
    if (r->f[MAILLOG_F_PROGRAM].len == sv->len)
        return ML_SNIFF_NO;
    return ml_word_index(s + sv->off, sv->len, daemons) >= 0 ? ML_SNIFF_TAG : ML_SNIFF_NO;
}

/* Lines after "QID: " (or "NOQUEUE: ").  Those every message has are read
 * here, beside parse_body, where a call to another file for each of them
 * cost 1.5% of extraction; queue.c reads the others. */
static int queue_line(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    /* the first byte settles the usual lines in a compare or two */
    const char c = p < end ? s[p] : '\0';
    if (c == 't' && ML_AT(s, p, end, "to=")) {
        r->event = MAILLOG_EV_DELIVERY;
        if (!ml_postfix_delivery_fast(r, p, end))
            ml_postfix_kv_fields(r, p, end);
        if (r->status == MAILLOG_STATUS_SENT && ml_has(r, MAILLOG_F_REPLY)) {
            ml_postfix_handoff(r, r->f[MAILLOG_F_REPLY].off, ML_SPAN_END(r, MAILLOG_F_REPLY));
            if (!ml_has(r, MAILLOG_F_NEW_QUEUE_ID))
                ml_postfix_filter_reply(r);
        }
        return ml_has(r, MAILLOG_F_TO);
    }
    if (c == 'f' && ML_AT(s, p, end, "from=")) {
        if (!ml_postfix_queued_fast(r, p, end))
            ml_postfix_kv_fields(r, p, end);
        r->event = r->status == MAILLOG_STATUS_EXPIRED ? MAILLOG_EV_EXPIRED : MAILLOG_EV_QUEUED;
        return 1;
    }
    if (c == 'c' && ML_AT(s, p, end, "client=")) {
        r->event = MAILLOG_EV_CLIENT;
        ml_postfix_kv_fields(r, p, end);
        return 1;
    }
    if ((c == 'm' && ML_AT(s, p, end, "message-id=")) ||
        (c == 'r' && ML_AT(s, p, end, "resent-message-id="))) {
        /* The value is the rest of the line: message ids may hold spaces
         * or RFC 2047 junk. */
        if (ML_AT(s, p, end, "resent-"))
            return r->event = MAILLOG_EV_NOTICE, 1;
        ml_postfix_message_id(r, ml_find(s, p, end, '=') + 1, end);
        return 1;
    }
    if (c == 'u' && ML_AT(s, p, end, "uid=")) {
        r->event = MAILLOG_EV_PICKUP;
        ml_postfix_kv_fields(r, p, end);
        return 1;
    }
    if (c == 'r' && end - p == 7 && ML_AT(s, p, end, "removed")) {
        r->event = MAILLOG_EV_REMOVED;
        return 1;
    }
    return ml_postfix_queue_other(r, p, end);
}

static int severity_prefix(maillog_record *r, uint32_t *p, uint32_t end)
{
    static const ml_word words[] = {ML_W("warning: "), ML_W("error: "), ML_W("fatal: "),
                                    ML_W("panic: ")};
    static const int32_t sev[] = {MAILLOG_SEV_WARNING, MAILLOG_SEV_ERROR, MAILLOG_SEV_FATAL,
                                  MAILLOG_SEV_PANIC};
    size_t i;
    unsigned char c = *p < end ? (unsigned char)r->line[*p] : 0;
    if (c != 'w' && c != 'e' && c != 'f' && c != 'p') /* most lines: no prefix */
        return 0;
    for (i = 0; i < 4; i++) {
        if (ml_at(r->line, *p, end, words[i].s, words[i].n)) {
            r->severity = sev[i];
            *p += words[i].n;
            return 1;
        }
    }
    return 0;
}

static int parse_body(void *state, maillog_record *r)
{
    const char *s = r->line;
    uint32_t p = r->f[MAILLOG_F_BODY].off, end = r->len, n;
    int noq, sev;
    (void)state;
    if (r->f[MAILLOG_F_PROGRAM].len == 15 && is_pmg(r))
        return ml_postfix_pmg_line(r);
    sev = severity_prefix(r, &p, end);
    n = ml_postfix_queue_id(s, p, end, &noq);
    if (n) {
        if (!noq)
            ml_set(r, MAILLOG_F_QUEUE_ID, p, n);
        p += n + 2;
        if (queue_line(r, p, end) || (!sev && ml_postfix_plain_line(r, p, end)))
            goto done;
        if (!sev)
            return 0;
        ml_postfix_diagnostic(r, p, end);
        goto done;
    }
    if (!sev && ml_postfix_plain_line(r, p, end))
        goto done;
    if (!sev)
        return 0;
    ml_postfix_diagnostic(r, p, end);
done:
    return 1;
}

/* Postfix runs one smtpd process per client and names no session: a
 * session is smtpd's program name and pid. */
static int session_of(const maillog_record *r, ml_span *id, int64_t *pid)
{
    const ml_span *sv = &r->f[MAILLOG_F_SERVICE];
    if (!ml_hasn(r, MAILLOG_N_PID) || !ml_has(r, MAILLOG_F_SERVICE) || sv->len != 5 ||
        memcmp(r->line + sv->off, "smtpd", 5) != 0)
        return 0;
    *id = r->f[MAILLOG_F_PROGRAM];
    *pid = r->n[MAILLOG_N_PID];
    return 1;
}

const ml_dialect ml_dialect_postfix = {
    MAILLOG_MTA_POSTFIX, "postfix", 7, sniff, parse_body, ml_postfix_field_key,
    NULL, NULL, NULL, NULL, NULL, NULL, session_of, 0, NULL, NULL,
};
