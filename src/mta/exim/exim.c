/* exim.c -- the Exim dialect: its own mainlog (no host, no tag) and Exim
 * through syslog (tag exim or exim4, with or without Exim's own stamp in
 * the text).  Message ids old (16 characters) and new (23, Exim 4.97),
 * the flags <= (= => -> >> *> ** == and Completed, the field letters, and
 * the lines without a message id (rejections, connections).  Formats
 * follow the Exim specification, chapter "Log files". */
#include "mta/exim/exim.h"
#include "scan/scan.h"

/* A message id: 6-6-2 (before 4.97) or 6-11-4 characters of [A-Za-z0-9]. */
static uint32_t exim_id_len(const char *s, uint32_t p, uint32_t end)
{
    static const uint8_t shapes[2][3] = {{6, 6, 2}, {6, 11, 4}};
    uint32_t i, k;
    for (i = 0; i < 2; i++) {
        uint32_t q = p;
        for (k = 0; k < 3; k++) {
            uint32_t e = q + shapes[i][k], x;
            if (e > end)
                break;
            for (x = q; x < e && ml_is((unsigned char)s[x], ML_C_ALPHA | ML_C_DIGIT); x++)
                ;
            if (x != e || (k < 2 && (e >= end || s[e] != '-')))
                break;
            q = e + (k < 2);
        }
        if (k == 3 && (q == end || s[q] == ' '))
            return q - p;
    }
    return 0;
}

static int sniff(const void *state, const maillog_record *r)
{
    const char *s = r->line;
    const ml_span *sv = &r->f[MAILLOG_F_SERVICE];
    if (!ml_has(r, MAILLOG_F_PROGRAM)) { /* Exim's own mainlog */
        const char *b = s + r->f[MAILLOG_F_BODY].off;
        uint32_t n = r->f[MAILLOG_F_BODY].len;
        if ((r->flags & ML_REC_NATIVE_STAMP) || ml_exim_continues(state, r))
            return ML_SNIFF_MAYBE;
        /* the rejectlog's header dump after a rejection (words.c) */
        return !(r->flags & MAILLOG_REC_HAS_TIME) &&
                       (ml_exim_dump(state) || (n > 14 && memcmp(b, "Envelope-", 9) == 0))
                   ? ML_SNIFF_MAYBE
                   : ML_SNIFF_NO;
    }
    return (sv->len == 4 && memcmp(s + sv->off, "exim", 4) == 0) ||
                   (sv->len == 5 && memcmp(s + sv->off, "exim4", 5) == 0)
               ? ML_SNIFF_TAG
               : ML_SNIFF_NO;
}

/* Field letters reported as fields (the attribute iterator skips them). */
static int field_key(const char *k, uint32_t n)
{
    switch (n) {
    case 1: return k[0] == 'H' || k[0] == 'S' || k[0] == 'C' || k[0] == 'F' || k[0] == 'A';
    case 2: return (k[0] == 'i' && k[1] == 'd') || (k[0] == 'Q' && k[1] == 'T');
    default: return 0;
    }
}

/* Exim's own stamp inside a syslog line's text (syslog_timestamp):
 * "YYYY-MM-DD hh:mm:ss[.fff][ +hhmm][ [pid]] ".  Returns the offset after
 * it, or p. */
static uint32_t skip_own_stamp(const char *s, uint32_t p, uint32_t end)
{
    uint32_t q = p + 19;
    if (end - p < 20 || s[p + 4] != '-' || s[p + 7] != '-' || s[p + 10] != ' ' ||
        s[p + 13] != ':' || s[p + 16] != ':' || !ml_is((unsigned char)s[p], ML_C_DIGIT))
        return p;
    if (q < end && s[q] == '.')
        for (q++; q < end && ml_is((unsigned char)s[q], ML_C_DIGIT); q++)
            ;
    if (q + 6 < end && s[q] == ' ' && (s[q + 1] == '+' || s[q + 1] == '-') &&
        ml_is((unsigned char)s[q + 2], ML_C_DIGIT))
        q += 6;
    if (q + 1 < end && s[q] == ' ' && s[q + 1] == '[') {
        uint32_t rb = ml_find(s, q + 2, end, ']');
        if (rb < end)
            q = rb + 1;
    }
    return q < end && s[q] == ' ' ? q + 1 : p;
}

/* H=name (helo) [addr]:port, H=(helo) [addr], H=[addr], H=name [addr]:
 * into the client or relay fields.  Returns the offset after the value. */
uint32_t ml_exim_host(maillog_record *r, uint32_t v, uint32_t end, int client)
{
    const char *s = r->line;
    int fh = client ? MAILLOG_F_CLIENT_HOST : MAILLOG_F_RELAY_HOST;
    int fa = client ? MAILLOG_F_CLIENT_IP : MAILLOG_F_RELAY_IP;
    int fp = client ? MAILLOG_F_CLIENT_PORT : MAILLOG_F_RELAY_PORT;
    int np = client ? MAILLOG_N_CLIENT_PORT : MAILLOG_N_RELAY_PORT;
    uint32_t p = v, e;
    if (p < end && s[p] != '(' && s[p] != '[') { /* verified name */
        e = ml_find(s, p, end, ' ');
        ml_set(r, fh, p, e - p);
        p = e < end ? e + 1 : e;
    }
    if (p < end && s[p] == '(') { /* HELO name, as the client said it */
        e = ml_paren_end(s, p, end);
        if (client && e < end && e > p + 1)
            ml_set(r, MAILLOG_F_HELO, p + 1, e - p - 1);
        p = e < end ? e + 1 : e;
        if (p < end && s[p] == ' ')
            p++;
    }
    if (p < end && s[p] == '[') { /* [addr]:port, as every dialect reads it */
        ml_span h, a, pt;
        int64_t port;
        uint32_t q = ml_hostaddr(s, p, end, &h, &a, &pt, &port);
        if (q != p) {
            ml_set_hostaddr(r, fh, fa, fp, np, &h, &a, &pt, port);
            p = q;
        }
    }
    return p;
}

/* QT=/DT= times: 1d2h3m4s, 2m23s or 0.123s (a fraction only on seconds).
 * Each part is read by the shared seconds reader; the total stays below
 * 1e17 microseconds (about 3000 years), so nothing can overflow. */
static int exim_time_us(const char *s, uint32_t p, uint32_t end, int64_t *us)
{
    static const int64_t cap = 100000000000000000LL;
    int64_t total = 0;
    if (p >= end)
        return 0;
    while (p < end) {
        uint32_t start = p;
        int64_t v, mult;
        if (!ml_seconds_at(s, &p, end, &v) || p >= end)
            return 0;
        switch (s[p++]) {
        case 'w': mult = 604800; break;
        case 'd': mult = 86400; break;
        case 'h': mult = 3600; break;
        case 'm': mult = 60; break;
        case 's': mult = 1; break;
        default: return 0;
        }
        if ((mult != 1 && ml_find(s, start, p, '.') < p) || v > (cap - total) / mult)
            return 0;
        total += v * mult;
    }
    *us = total;
    return 1;
}

/* The field letters after the flag and address. */
void ml_exim_fields(maillog_record *r, uint32_t p, uint32_t end, int arrival)
{
    const char *s = r->line;
    ml_kv kv;
    r->kv_off = p;
    r->kv_end = end;
    while (ml_kv_next(s, p, end, &kv)) {
        const char *k = s + kv.k_off;
        p = kv.end;
        if (kv.k_len == 1) {
            switch (k[0]) {
            case 'H':
                p = ml_exim_host(r, kv.v_off, end, arrival);
                break;
            case 'S': ml_set_uint(r, MAILLOG_F_SIZE, MAILLOG_N_SIZE, kv.v_off, kv.v_len); break;
            case 'F': ml_set(r, MAILLOG_F_FROM, kv.v_off, kv.v_len); break;
            case 'C':
                ml_set(r, MAILLOG_F_REPLY, kv.v_off, kv.v_len);
                ml_reply_codes(r, kv.v_off, kv.v_off + kv.v_len, 1);
                break;
            case 'R':
                if (arrival && exim_id_len(s, kv.v_off, kv.v_off + kv.v_len) == kv.v_len)
                    ml_set(r, MAILLOG_F_PARENT_ID, kv.v_off, kv.v_len);
                break;
            case 'A': { /* A=authenticator:set_id; a delivery's
                           A=authenticator:id:sender names the id we gave */
                uint32_t ve = kv.v_off + kv.v_len, c = ml_find(s, kv.v_off, ve, ':');
                ml_set(r, MAILLOG_F_AUTH_METHOD, kv.v_off, c - kv.v_off);
                if (c + 1 < ve) {
                    uint32_t c2 = arrival ? ve : ml_find(s, c + 1, ve, ':');
                    ml_set(r, MAILLOG_F_USER, c + 1, c2 - c - 1);
                }
                break;
            }
            default: break;
            }
        } else if (kv.k_len == 2 && k[0] == 'i' && k[1] == 'd') {
            ml_set(r, MAILLOG_F_MESSAGE_ID, kv.v_off, kv.v_len);
        } else if (kv.k_len == 2 && k[0] == 'Q' && k[1] == 'T') {
            int64_t us;
            ml_set(r, MAILLOG_F_DELAY, kv.v_off, kv.v_len);
            if (exim_time_us(s, kv.v_off, kv.v_off + kv.v_len, &us))
                ml_setn(r, MAILLOG_N_DELAY_US, us);
        }
    }
}

/* "addr <orig>" after a delivery flag: the address delivered to (to) and,
 * in angle brackets, the address it came from (orig_to), as Postfix's
 * to= and orig_to=.  A pipe's command runs to the " <" of its address, as
 * it may hold spaces ("|/bin/sh -c \"cat >f\" <pipe@x>").  Returns the
 * offset after them. */
static uint32_t addresses(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t e = ml_word_end(s, p, end);
    if (p < end && s[p] == '|') {
        uint32_t lt = ML_FIND_OUTSIDE(s, p, end, " <");
        if (lt < end)
            e = lt;
        else if ((lt = ML_FIND_OUTSIDE(s, p, end, " R=")) < end ||
                 (lt = ML_FIND_OUTSIDE(s, p, end, " T=")) < end)
            e = lt;
    }
    if (e > p && s[e - 1] == ':' && s[p] != ':') /* "** addr: reason" */
        e--;
    if (e > p + 1 && s[p] == '<' && s[e - 1] == '>')
        ml_set(r, MAILLOG_F_TO, p + 1, e - p - 2);
    else
        ml_set(r, MAILLOG_F_TO, p, e - p);
    if (e + 1 < end && s[e] == ' ' && s[e + 1] == '<') {
        uint32_t q = ml_find(s, e + 2, end, '>');
        if (q < end) {
            ml_set(r, MAILLOG_F_ORIG_TO, e + 2, q - e - 2);
            e = q + 1;
        }
    }
    return e;
}

/* A delivery line: => -> >> *> ** ==. */
static int delivery(maillog_record *r, uint32_t p, uint32_t end, char f0, char f1)
{
    const char *s = r->line;
    uint32_t e = addresses(r, p, end), t;
    r->event = MAILLOG_EV_DELIVERY;
    ml_set(r, MAILLOG_F_STATUS, p - 3, 2);
    if (f0 == '*' && f1 == '*') {
        /* "** addr <orig> R=x T=y: reason" or "** addr: reason" */
        t = ML_FIND_OUTSIDE(s, e, end, ": ");
        r->status = MAILLOG_STATUS_BOUNCED;
        if (t < end) {
            ml_exim_fields(r, e, t, 0);
            ml_set(r, MAILLOG_F_REPLY, t + 2, end - t - 2);
            ml_reply_codes(r, t + 2, end, 1);
            /* "** addr: retry timeout exceeded": the retry rule's cutoff
             * passed with the address still deferred, Exim's expiry */
            if (ML_AT(s, t + 2, end, "retry timeout exceeded"))
                r->status = MAILLOG_STATUS_EXPIRED;
        }
        return 1;
    }
    if (f0 == '=' && f1 == '=') {
        /* "== addr <orig> R=x T=y defer (errno): reason" */
        t = ML_FIND_OUTSIDE(s, e, end, " defer (");
        r->status = MAILLOG_STATUS_DEFERRED;
        if (t < end) {
            uint32_t c = ML_FIND(s, t, end, "): ");
            ml_exim_fields(r, e, t, 0);
            if (c < end) {
                ml_set(r, MAILLOG_F_REPLY, c + 3, end - c - 3);
                ml_reply_codes(r, c + 3, end, 1);
                /* "routing defer (-52): retry time not reached": not
                 * tried at all, so no attempt: a notice */
                if (ML_AT(s, c + 3, end, "retry time not reached"))
                    r->event = MAILLOG_EV_NOTICE;
            }
        } else {
            ml_exim_fields(r, e, end, 0);
        }
        return 1;
    }
    r->status = f0 == '*' ? MAILLOG_STATUS_OTHER : MAILLOG_STATUS_SENT; /* *> suppressed */
    if (r->f[MAILLOG_F_TO].len == 9 && memcmp(s + r->f[MAILLOG_F_TO].off, "blackhole", 9) == 0 &&
        e + 2 < end && s[e] == ' ' && s[e + 1] == '(' && s[end - 1] == ')' &&
        ML_FIND(s, e, end, " discarded recipients)") < end) {
        /* "=> blackhole (RCPT ACL discarded recipients)": an ACL threw
         * every recipient away; the line names none of them */
        r->event = MAILLOG_EV_REJECT;
        r->status = MAILLOG_STATUS_DISCARDED;
        r->fmask &= ~((uint64_t)1 << MAILLOG_F_TO);
        ml_set(r, MAILLOG_F_REPLY, e + 2, end - e - 3);
        return 1;
    }
    if (r->f[MAILLOG_F_TO].len == 11 && memcmp(s + r->f[MAILLOG_F_TO].off, ":blackhole:", 11) == 0) {
        /* "=> :blackhole: <addr> R=r": thrown away on purpose, the
         * address is the one in brackets */
        r->status = MAILLOG_STATUS_DISCARDED;
        ml_set(r, MAILLOG_F_ACTION, r->f[MAILLOG_F_TO].off + 1, 9);
        if (ml_has(r, MAILLOG_F_ORIG_TO)) {
            r->f[MAILLOG_F_TO] = r->f[MAILLOG_F_ORIG_TO];
            r->fmask &= ~((uint64_t)1 << MAILLOG_F_ORIG_TO);
        }
    }
    ml_exim_fields(r, e, end, 0);
    return 1;
}

static int other_line(maillog_record *r, uint32_t p, uint32_t end);

/* "<= ... for a@x b@y" (log_selector +received_recipients, on by
 * default in Debian's configuration): the recipients the message was
 * accepted for, space-separated at the end of the line, so that a message
 * frozen or never delivered still names them.  The last " for " outside
 * quotes and brackets starts them (a HELO name in H=(...) may say "for");
 * returns where the field letters end. */
static uint32_t arrival_rcpts(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q = end, f, first;
    for (f = ML_FIND_OUTSIDE(s, p, end, " for "); f < end;
         f = ML_FIND_OUTSIDE(s, f + 1, end, " for "))
        q = f;
    if (q >= end || q + 5 >= end)
        return end;
    first = ml_word_end(s, q + 5, end);
    if (first == q + 5)
        return end;
    ml_set_to_list(r, q + 5, end, first);
    r->flags |= ML_REC_TO_SPACE;
    return q;
}

/* Lines that carry a message id after it. */
static int message_line(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    if (p >= end)
        return 0;
    if (end - p >= 3 && s[p + 2] == ' ') {
        char f0 = s[p], f1 = s[p + 1];
        if ((f0 == '<' || f0 == '(') && f1 == '=') { /* arrival; (= is a fakereject */
            uint32_t a = p + 3, e = ml_word_end(s, a, end);
            if (e - a == 2 && s[a] == '<' && s[a + 1] == '>')
                ml_set(r, MAILLOG_F_FROM, a + 1, 0); /* the null sender */
            else
                ml_set(r, MAILLOG_F_FROM, a, e - a);
            ml_exim_fields(r, e, arrival_rcpts(r, e, end), 1);
            r->event = ml_has(r, MAILLOG_F_CLIENT_IP) ? MAILLOG_EV_CLIENT : MAILLOG_EV_PICKUP;
            return 1;
        }
        if ((f0 == '=' && f1 == '>') || (f0 == '-' && f1 == '>') || (f0 == '>' && f1 == '>') ||
            (f0 == '*' && f1 == '>') || (f0 == '*' && f1 == '*') || (f0 == '=' && f1 == '='))
            return delivery(r, p + 3, end, f0, f1);
    }
    if (ML_AT(s, p, end, "Completed")) {
        ml_exim_fields(r, p + 9, end, 0);
        r->event = MAILLOG_EV_REMOVED;
        return 1;
    }
    if (ml_exim_message_words(r, p, end))
        return 1;
    if (ml_exim_attempt_words(r, p, end)) /* cutthrough, host errors */
        return 1;
    if (ML_AT(s, p, end, "SMTP error from remote mail")) { /* mail server / mailer */
        ml_set(r, MAILLOG_F_REPLY, p, end - p);
        r->event = MAILLOG_EV_RELAY_ERROR;
        return 1;
    }
    if (ML_AT(s, p, end, "Spool file is locked") || ML_AT(s, p, end, "spool file locked") ||
        ML_AT(s, p, end, "retry time not reached")) {
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    /* connection-level lines that name the message being received */
    return other_line(r, p, end);
}

/* "H=... rejected RCPT <to>: reason", "... rejected MAIL <from>: ...",
 * "rejected EHLO from ...", "rejected connection from ..." */
static int rejection(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q = ML_FIND_OUTSIDE(s, p, end, " rejected "), st, c;
    if (q >= end && ML_AT(s, p, end, "rejected "))
        q = p - 1;
    if (q >= end)
        return 0;
    ml_exim_fields(r, p, q, 1); /* H= F= P= ... before the verb */
    st = q + 10;
    if (ML_AT(s, st, end, "after ")) /* "rejected after DATA: ..." */
        st += 6;
    else if (ML_AT(s, st, end, "by ")) /* "rejected by local_scan(): ..." */
        st += 3;
    c = ML_FIND_OUTSIDE(s, st, end, ": ");
    r->event = MAILLOG_EV_REJECT;
    r->status = MAILLOG_STATUS_REJECTED;
    /* "temporarily rejected" (a 4xx, which Exim does not log): the status
     * stays rejected, as for Postfix's 450 rejects; the action tells */
    if (q >= p + 11 && memcmp(s + q - 11, "temporarily", 11) == 0)
        ml_set(r, MAILLOG_F_ACTION, q - 11, 20);
    else
        ml_set(r, MAILLOG_F_ACTION, q + 1, 8);
    if (c < end) {
        uint32_t w = st;
        while (w < c && s[w] != ' ')
            w++;
        ml_set(r, MAILLOG_F_STAGE, st, w - st);
        if (w + 1 < c && (ML_AT(s, st, end, "RCPT ") || ML_AT(s, st, end, "MAIL "))) {
            int f = s[st] == 'R' ? MAILLOG_F_TO : MAILLOG_F_FROM;
            if (s[w + 1] == '<' && s[c - 1] == '>') /* older Exim: no brackets */
                ml_set(r, f, w + 2, c - w - 3);
            else
                ml_set(r, f, w + 1, c - w - 1);
            if (f == MAILLOG_F_TO)
                r->flags |= ML_REC_RCPT_REFUSAL;
        }
        ml_set(r, MAILLOG_F_REPLY, c + 2, end - c - 2);
        ml_reply_codes(r, c + 2, end, 1);
    }
    return 1;
}

/* Lines without a message id. */
static int other_line(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q = p;
    if (ML_AT(s, p, end, "SMTP connection from ") ||
        (ML_AT(s, p, end, "SMTP connection Ci=") && /* +connection_id, 4.98 */
         (q = ML_FIND(s, p + 19, end, " from ")) < end && ml_find(s, p + 19, q, ' ') == q)) {
        ml_exim_host(r, s[p + 16] == 'f' ? p + 21 : q + 6, end, 1);
        r->event = ML_FIND(s, p, end, " closed by QUIT") < end ? MAILLOG_EV_DISCONNECT
                   : ML_FIND(s, p, end, "(TCP/IP connection count") < end ? MAILLOG_EV_CONNECT
                                                                            : MAILLOG_EV_SESSION;
        if (r->event != MAILLOG_EV_CONNECT)
            ml_exim_session_end(r, p, end);
        return 1;
    }
    if (ML_AT(s, p, end, "H=") && (q = ML_FIND_OUTSIDE(s, p, end, " dropped by ")) < end) {
        uint32_t c = ML_FIND_OUTSIDE(s, q, end, ": ");
        ml_exim_fields(r, p, q, 1);
        ml_set(r, MAILLOG_F_ACTION, q + 1, 7);
        if (c < end)
            ml_set(r, MAILLOG_F_REPLY, c + 2, end - c - 2);
        r->event = MAILLOG_EV_REJECT;
        r->status = MAILLOG_STATUS_REJECTED;
        return 1;
    }
    if ((q = ML_FIND_OUTSIDE(s, p, end, " sender verify fail for ")) < end) {
        uint32_t a = q + 24, c = ML_FIND_OUTSIDE(s, a, end, ": ");
        ml_exim_fields(r, p, q, 1);
        if (c < end && s[a] == '<' && s[c - 1] == '>')
            ml_set(r, MAILLOG_F_FROM, a + 1, c - a - 2);
        if (c < end)
            ml_set(r, MAILLOG_F_REPLY, c + 2, end - c - 2);
        r->event = MAILLOG_EV_SESSION;
        return 1;
    }
    if (ML_AT(s, p, end, "SMTP call from ") || ML_AT(s, p, end, "SMTP command timeout on") ||
        ML_AT(s, p, end, "no MAIL in SMTP connection from ") ||
        ML_AT(s, p, end, "SMTP protocol synchronization error") ||
        ML_AT(s, p, end, "unexpected disconnection while reading") ||
        ML_AT(s, p, end, "TLS error on connection from ") ||
        ML_AT(s, p, end, "SMTP data timeout") || ML_AT(s, p, end, "SMTP syntax error") ||
        ML_AT(s, p, end, "SMTP protocol error")) {
        q = ML_FIND(s, p, end, " from ");
        if (q < end)
            ml_exim_host(r, q + 6, end, 1);
        else if ((q = ML_FIND_OUTSIDE(s, p, end, " H=")) < end)
            ml_exim_host(r, q + 3, end, 1);
        ml_exim_session_end(r, p, end);
        r->event = MAILLOG_EV_SESSION;
        return 1;
    }
    if ((q = ML_FIND(s, p, end, " authenticator failed for ")) < end) {
        uint32_t c = ML_FIND(s, q, end, ": ");
        ml_exim_host(r, q + 26, c, 1);
        if (c < end) {
            ml_set(r, MAILLOG_F_REPLY, c + 2, end - c - 2);
            ml_reply_codes(r, c + 2, end, 1);
        }
        r->event = MAILLOG_EV_AUTH_FAILED;
        r->severity = MAILLOG_SEV_WARNING;
        return 1;
    }
    if (ml_exim_sa(r, p, end) || ml_exim_other_words(r, p, end))
        return 1;
    if (rejection(r, p, end)) {
        if (ML_FIND_OUTSIDE(s, p, end, "rejected connection") < end)
            ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_REFUSED);
        return 1;
    }
    if (ML_AT(s, p, end, "refused connection from ")) { /* host_reject_connection */
        ml_exim_host(r, p + 24, end, 1);
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_REFUSED);
        r->event = MAILLOG_EV_SESSION;
        return 1;
    }
    if (ML_AT(s, p, end, "no host name found for IP address ")) {
        ml_set(r, MAILLOG_F_CLIENT_IP, p + 34, end - p - 34);
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    if (ML_AT(s, p, end, "no IP address found for host ") ||
        ML_AT(s, p, end, "Warning: ") || ML_AT(s, p, end, "Connection from ")) {
        r->event = MAILLOG_EV_NOTICE;
        if (s[p] == 'W')
            r->severity = MAILLOG_SEV_WARNING;
        return 1;
    }
    if (ML_AT(s, p, end, "Start queue run") || ML_AT(s, p, end, "End queue run") ||
        /* a named queue's run: "Start 'lowpri' queue run: pid=..." */
        ((ML_AT(s, p, end, "Start '") || ML_AT(s, p, end, "End '")) &&
         ML_FIND(s, p, end, "' queue run") < end) ||
        ML_AT(s, p, end, "exim ") || ML_AT(s, p, end, "pid ")) {
        r->event = MAILLOG_EV_DAEMON;
        return 1;
    }
    return ml_exim_session_words(r, p, end);
}

int ml_exim_parse_line(void *state, maillog_record *r)
{
    const char *s = r->line;
    uint32_t p = r->f[MAILLOG_F_BODY].off, end = r->len, n;
    int ok;
    if (!(r->flags & (MAILLOG_REC_HAS_TIME | ML_REC_NATIVE_STAMP)) &&
        !ml_has(r, MAILLOG_F_PROGRAM) && ml_exim_dump_line(state, r))
        return 1;
    ml_exim_set_dump(state, 0);
    /* syslog fragments of a long or multi-line entry: "[n/m] " or "[n\m] " */
    if (p + 5 < end && s[p] == '[' && ml_is((unsigned char)s[p + 1], ML_C_DIGIT)) {
        uint32_t q = p + 1;
        int64_t i, m;
        int nl = 0;
        if (ml_uint(s, &q, end, &i) && q < end && (s[q] == '/' || s[q] == '\\') &&
            (nl = s[q] == '\\', ++q) && ml_uint(s, &q, end, &m) && q + 1 < end && s[q] == ']' &&
            s[q + 1] == ' ' && i >= 1 && i <= m && m <= 9999) {
            if (m > 1) { /* the stream joins the fragments (fragments.c) */
                r->flags |= ML_REC_HOLD;
                ml_exim_fragment_note(r, p, q + 2, (uint32_t)i, (uint32_t)m, nl);
            }
            if (i > 1) { /* a continuation: not a line of its own */
                r->event = MAILLOG_EV_NOTICE;
                return 1;
            }
            p = q + 2;
        }
    }
    if (ml_has(r, MAILLOG_F_PROGRAM)) {
        p = skip_own_stamp(s, p, end);
        if (p < end && s[p] == '[') { /* "[pid] " after the stamp (+pid) */
            uint32_t q = p + 1;
            int64_t pid;
            if (ml_uint(s, &q, end, &pid) && q + 1 < end && s[q] == ']' && s[q + 1] == ' ')
                p = q + 2;
        }
    }
    if ((n = exim_id_len(s, p, end)) != 0) {
        ml_set(r, MAILLOG_F_QUEUE_ID, p, n);
        ok = message_line(r, p + n < end ? p + n + 1 : end, end); /* the id may end the line */
    } else {
        ok = other_line(r, p, end);
    }
    return ok;
}

/* A message id, a field letter ("U=CALLER Warning: ...", "H=..."): a
 * host name never holds '='; or an [address] ("[192.0.2.1] SSL verify
 * error: ..."), which a [pid] never looks like. */
static int owns_token(const char *s, uint32_t p, uint32_t end)
{
    uint32_t e = ml_find(s, p, end, ' ');
    if (exim_id_len(s, p, end) != 0 || (e > p + 1 && ml_find(s, p, e, '=') < e))
        return 1;
    return e > p + 2 && s[p] == '[' && s[e - 1] == ']' &&
           (ml_find(s, p, e, '.') < e || ml_find(s, p, e, ':') < e);
}

const ml_dialect ml_dialect_exim = {
    MAILLOG_MTA_EXIM, "exim", 4, sniff, ml_exim_parse, field_key,
    ml_exim_join_size, ml_exim_join_reset, ml_exim_join_hold, ml_exim_join_flush,
    NULL, owns_token, NULL, ML_CORR_ARRIVAL_RCPTS | ML_CORR_EARLY_DISCARDS, NULL, NULL,
};
