/* smtpd.c -- Postfix lines without a queue id: smtpd's and postscreen's
 * sessions, TLS, dnsblog, anvil, master and postsuper, the diagnostics
 * after a severity prefix, and the access actions that smtpd, cleanup and
 * before-queue proxies log with or without an id. */
#include "mta/postfix/postfix.h"
#include "scan/scan.h"

/* Span equals one of the words (table ends with {NULL, 0}). */
static int is_one_of(const char *p, uint32_t len, const ml_word *w)
{
    return ml_word_index(p, len, w) >= 0;
}

/* Start of the key=value tail after an access-action reply: the first "; "
 * followed by key=, outside <...>, so addresses inside the reply cannot
 * move it.  Returns end when there is none. */
static uint32_t kv_tail(const char *s, uint32_t p, uint32_t end)
{
    int depth = 0;
    /* from one '<', '>' or ';' to the next: the reply's text between them
     * is passed over 16 bytes at a time */
    for (; (p = ml_find_any(s, p, end, '<', '>', ';', ';')) + 2 < end; p++) {
        char c = s[p];
        if (c == '<')
            depth++;
        else if (c == '>' && depth > 0)
            depth--;
        else if (c == ';' && depth == 0 && s[p + 1] == ' ') {
            uint32_t k = p + 2;
            while (k < end && ml_is((unsigned char)s[k], ML_C_KEY))
                k++;
            if (k > p + 2 && k < end && s[k] == '=')
                return p;
        }
    }
    return end;
}

/* " from host[addr]" at p: the client, for lines that name one. */
static uint32_t from_client(maillog_record *r, uint32_t p, uint32_t end)
{
    if (ML_AT(r->line, p, end, " from "))
        return ml_postfix_hostaddr(r, p + 6, end, 0);
    return p;
}

static int set_action(maillog_record *r, uint32_t off, uint32_t len)
{
    const char *a = r->line + off;
    ml_set(r, MAILLOG_F_ACTION, off, len);
    static const ml_word rejects[] = {ML_W("reject"), ML_W("milter-reject"),
                                      ML_W("proxy-reject"), ML_W("milter-body-reject"),
                                      ML_W("milter-header-reject"), {NULL, 0}};
    static const ml_word discards[] = {ML_W("discard"), ML_W("milter-discard"), {NULL, 0}};
    static const ml_word holds[] = {ML_W("hold"), ML_W("milter-hold"), {NULL, 0}};
    if (is_one_of(a, len, rejects)) {
        r->status = MAILLOG_STATUS_REJECTED;
    } else if (is_one_of(a, len, discards)) {
        r->status = MAILLOG_STATUS_DISCARDED;
    } else if (is_one_of(a, len, holds)) {
        r->status = MAILLOG_STATUS_HELD;
    } else {
        r->event = MAILLOG_EV_ACTION;
        return 1;
    }
    r->event = MAILLOG_EV_REJECT;
    return 1;
}

/* ACTION: ... -- smtpd/postscreen access actions ("reject: RCPT from
 * h[a]: reply; from=<> to=<> proto= helo=<>"), cleanup header/body actions
 * ("warning: header Subject: text from h[a]; from=<> ...: optional text")
 * and before-queue proxy results ("proxy-reject: END-OF-MESSAGE: reply; ..."). */
int ml_postfix_access_action(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t a = p, st, q, tail;
    while (p < end && (ml_is((unsigned char)s[p], ML_C_ALPHA) || s[p] == '-' || s[p] == '_'))
        p++;
    if (p == a || !ML_AT(s, p, end, ": "))
        return 0;
    set_action(r, a, p - a);
    p += 2;
    st = p;
    if (ML_AT(s, p, end, "header ") || ML_AT(s, p, end, "body ")) {
        /* The header text is client data cut at 200 bytes by cleanup: the
         * real " from h[a];" is the last one that starts within reach. */
        uint32_t text = ml_find(s, p, end, ' ') + 1, lim = text + 201, best = end, c;
        ml_set(r, MAILLOG_F_STAGE, st, text - 1 - st);
        int local = 0;
        for (c = text; c < end && c <= lim; c++) {
            c = ML_FIND(s, c, end, " from ");
            if (c >= end || c > lim)
                break;
            /* mail submitted on this host: "from local;" names no client */
            if (ML_AT(s, c, end, " from local;")) {
                best = c;
                local = 1;
                continue;
            }
            q = from_client(r, c, end);
            if (q != c && q < end && s[q] == ';') {
                best = c;
                local = 0;
            }
        }
        r->fmask &= ~(((uint64_t)1 << MAILLOG_F_CLIENT_HOST) |
                      ((uint64_t)1 << MAILLOG_F_CLIENT_IP) |
                      ((uint64_t)1 << MAILLOG_F_CLIENT_PORT));
        r->nmask &= ~((uint32_t)1 << MAILLOG_N_CLIENT_PORT);
        if (best == end)
            return 1;
        q = local ? best + 12 : from_client(r, best, end) + 1;
        /* kv pairs, then optionally ": text" from the check's action. */
        {
            ml_kv kv;
            uint32_t k = q, last = q;
            while (ml_kv_next(s, k, end, &kv)) {
                last = kv.end;
                k = kv.end;
                if (k < end && s[k] == ':')
                    break;
            }
            ml_postfix_kv_fields(r, q, last);
            if (ML_AT(s, last, end, ": "))
                ml_postfix_set_reply(r, last + 2, end);
        }
        return 1;
    }
    /* STAGE from h[a]: reply  |  STAGE: reply */
    while (p < end && s[p] != ' ' && s[p] != ':')
        p++;
    ml_set(r, MAILLOG_F_STAGE, st, p - st);
    q = from_client(r, p, end);
    if (!ML_AT(s, q, end, ": "))
        return 1;
    q += 2;
    tail = kv_tail(s, q, end);
    ml_postfix_set_reply(r, q, tail);
    if (tail < end)
        ml_postfix_kv_fields(r, tail + 1, end);
    return 1;
}

/* lost connection after DATA (7774180 bytes) from h[a] -- and friends. */
static int session_after(maillog_record *r, uint32_t p, uint32_t end)
{
    static const ml_word heads[] = {ML_W("lost connection after "), ML_W("timeout after "),
                                 ML_W("too many errors after "),
                                 ML_W("improper command pipelining after "),
                                 ML_W("bare <LF> received after "), {NULL, 0}};
    const char *s = r->line;
    size_t i;
    for (i = 0; heads[i].s; i++) {
        uint32_t n = heads[i].n, st, f;
        if (!ml_at(s, p, end, heads[i].s, n))
            continue;
        st = p + n;
        f = ML_FIND(s, st, end, " from ");
        r->event = MAILLOG_EV_SESSION;
        /* how the session ended, as a word of the line: lost, timeout,
         * errors (pipelining and bare LF do not end it by themselves) */
        if (i == 0)
            ml_set(r, MAILLOG_F_SESSION_END, p, 4);
        else if (i == 1)
            ml_set(r, MAILLOG_F_SESSION_END, p, 7);
        else if (i == 2)
            ml_set(r, MAILLOG_F_SESSION_END, p + 9, 6);
        ml_set(r, MAILLOG_F_STAGE, st, (s[f - 1] == ')' ? ml_find(s, st, f, ' ') : f) - st);
        from_client(r, f, end);
        return 1;
    }
    return 0;
}

static const ml_word screen_verbs[] = {
    ML_W("PASS NEW "), ML_W("PASS OLD "), ML_W("WHITELIST VETO "), ML_W("ALLOWLIST VETO "),
    ML_W("WHITELISTED "), ML_W("ALLOWLISTED "), ML_W("BLACKLISTED "), ML_W("DENYLISTED "),
    ML_W("DNSBL rank "), ML_W("PREGREET "), ML_W("HANGUP "), ML_W("COMMAND TIME LIMIT "),
    ML_W("COMMAND COUNT LIMIT "), ML_W("COMMAND LENGTH LIMIT "), ML_W("NON-SMTP COMMAND "),
    ML_W("BARE NEWLINE "), ML_W("COMMAND PIPELINING "), {NULL, 0}};

/* postscreen: verdicts name the client as [addr]:port, after "from " or
 * "for " or directly. */
static int postscreen(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    size_t i;
    if (ML_AT(s, p, end, "CONNECT from [")) {
        r->event = MAILLOG_EV_CONNECT;
        ml_postfix_hostaddr(r, p + 13, end, 0);
        return 1;
    }
    if (ML_AT(s, p, end, "DISCONNECT [")) {
        r->event = MAILLOG_EV_DISCONNECT;
        ml_postfix_hostaddr(r, p + 11, end, 0);
        return 1;
    }
    for (i = 0; screen_verbs[i].s; i++) {
        uint32_t n = screen_verbs[i].n, b;
        if (!ml_at(s, p, end, screen_verbs[i].s, n))
            continue;
        r->event = MAILLOG_EV_SCREEN;
        ml_set(r, MAILLOG_F_ACTION, p, n - 1);
        b = ml_find(s, p + n, end, '[');
        if (b < end && (b == p + n || s[b - 1] == ' ')) {
            b = ml_postfix_hostaddr(r, b, end, 0);
            if (ML_AT(s, b, end, " after ")) { /* "after CONNECT", "after .: text" */
                uint32_t st = b + 7, e = st;
                while (e < end && s[e] != ' ' && !(s[e] == ':' && e > st))
                    e++;
                ml_set(r, MAILLOG_F_STAGE, st, e - st);
            }
        }
        return 1;
    }
    return 0;
}

static int tls_line(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t t = ML_FIND(s, p, end, " TLS connection established ");
    if (t >= end || t - p > 12)
        return 0;
    t += 28;
    r->event = MAILLOG_EV_SESSION;
    if (ML_AT(s, t, end, "from "))
        t = ml_postfix_hostaddr(r, t + 5, end, 0);
    else if (ML_AT(s, t, end, "to "))
        t = ml_postfix_hostaddr(r, t + 3, end, 1);
    if (ML_AT(s, t, end, ": "))
        ml_set(r, MAILLOG_F_REPLY, t + 2, end - t - 2);
    return 1;
}

/* Lines without a queue id. */
int ml_postfix_plain_line(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    if (ML_AT(s, p, end, "connect from ")) {
        r->event = MAILLOG_EV_CONNECT;
        ml_postfix_hostaddr(r, p + 13, end, 0);
        return 1;
    }
    if (ML_AT(s, p, end, "disconnect from ")) {
        uint32_t q = ml_postfix_hostaddr(r, p + 16, end, 0), k = ML_FIND(s, q, end, " quit=");
        r->event = MAILLOG_EV_DISCONNECT;
        r->kv_off = q;
        r->kv_end = end;
        /* the client said QUIT (quit=1; quit=0/1 is a QUIT that failed) */
        if (k < end && k + 7 < end + 1 && s[k + 6] >= '1' && s[k + 6] <= '9')
            ml_set(r, MAILLOG_F_SESSION_END, k + 1, 4);
        return 1;
    }
    if (session_after(r, p, end) || postscreen(r, p, end) || tls_line(r, p, end))
        return 1;
    if (ML_AT(s, p, end, "connect to ")) {
        r->event = MAILLOG_EV_RELAY_ERROR;
        ml_postfix_hostaddr(r, p + 11, end, 1);
        ml_postfix_set_reply(r, p, end);
        return 1;
    }
    if (ML_AT(s, p, end, "SSL_accept error from ")) {
        r->event = MAILLOG_EV_SESSION;
        ml_postfix_hostaddr(r, p + 22, end, 0);
        return 1;
    }
    if (ML_AT(s, p, end, "addr ")) { /* dnsblog: addr A listed by domain D as R */
        uint32_t a = p + 5, e = ml_find(s, a, end, ' ');
        if (!ML_AT(s, e, end, " listed by domain "))
            return 0;
        r->event = MAILLOG_EV_DNSBL;
        ml_set(r, MAILLOG_F_CLIENT_IP, a, e - a);
        return 1;
    }
    if (ML_AT(s, p, end, "statistics: ")) {
        /* anvil: "... for (smtpd:ADDR) at ..." names the client */
        uint32_t f = ML_FIND(s, p, end, " for (");
        r->event = MAILLOG_EV_STATISTICS;
        if (f < end) {
            /* The service may itself hold colons ("127.0.0.1:2525"): an
             * IPv4 client follows the last colon, an IPv6 one the first. */
            uint32_t c = ml_find(s, f + 6, end, ':'), e = ML_FIND(s, f, end, ") at "), l = e;
            while (l > c && s[l - 1] != ':')
                l--;
            if (c < e && e < end)
                ml_set(r, MAILLOG_F_CLIENT_IP, ml_find(s, l, e, '.') < e ? l : c + 1,
                       e - (ml_find(s, l, e, '.') < e ? l : c + 1));
        }
        return 1;
    }
    if (ML_AT(s, p, end, "cache ") && ML_FIND(s, p, end, " cleanup: ") < end) {
        /* postscreen/verify cache cleanup: retained=N dropped=N entries */
        r->event = MAILLOG_EV_STATISTICS;
        r->kv_off = ML_FIND(s, p, end, " cleanup: ") + 10;
        r->kv_end = end;
        return 1;
    }
    if (ML_AT(s, p, end, "certificate verification failed for ") ||
        ML_AT(s, p, end, "SSL_connect error to ")) {
        uint32_t h = ML_AT(s, p, end, "SSL") ? p + 21 : p + 36, q;
        r->event = MAILLOG_EV_SESSION;
        q = ml_postfix_hostaddr(r, h, end, 1);
        if (ML_AT(s, q, end, ": "))
            ml_set(r, MAILLOG_F_REPLY, q + 2, end - q - 2);
        return 1;
    }
    if (ML_AT(s, p, end, "discarding EHLO keywords: ")) {
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    if ((ML_AT(s, p, end, "proxy-accept: ") || ML_AT(s, p, end, "proxy-reject: ")) &&
        ml_postfix_access_action(r, p, end)) {
        if (ML_AT(s, p, end, "proxy-accept") && ml_has(r, MAILLOG_F_REPLY))
            ml_postfix_handoff(r, r->f[MAILLOG_F_REPLY].off, ML_SPAN_END(r, MAILLOG_F_REPLY));
        return 1;
    }
    if (ML_AT(s, p, end, "daemon started") || ML_AT(s, p, end, "reload ") ||
        ML_AT(s, p, end, "terminating on signal") || ML_AT(s, p, end, "starting the Postfix") ||
        ML_AT(s, p, end, "stopping the Postfix") || ML_AT(s, p, end, "refreshing the Postfix") ||
        ML_AT(s, p, end, "table ") || ML_AT(s, p, end, "daemon stopped")) {
        r->event = MAILLOG_EV_DAEMON;
        return 1;
    }
    if (ML_AT(s, p, end, "Deleted: ") || ML_AT(s, p, end, "Requeued: ") ||
        ML_AT(s, p, end, "Placed on hold: ") || ML_AT(s, p, end, "Released from hold: ")) {
        r->event = MAILLOG_EV_QUEUE_ADMIN;
        return 1;
    }
    return 0;
}

/* Diagnostics (after "warning: " and the like): pick out the client where
 * the text names it, and SASL failures. */
void ml_postfix_diagnostic(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q;
    r->event = MAILLOG_EV_NOTICE;
    q = ml_postfix_hostaddr(r, p, end, 0);
    if (q != p && ML_AT(s, q, end, ": SASL ") &&
        ML_FIND(s, q, end, " authentication failed") < end) {
        r->event = MAILLOG_EV_AUTH_FAILED;
        ml_set(r, MAILLOG_F_REPLY, q + 2, end - q - 2);
        return;
    }
    if (ML_AT(s, p, end, "hostname ")) {
        uint32_t h = p + 9, he = ml_find(s, h, end, ' ');
        if (ML_AT(s, he, end, " does not resolve to address ")) {
            /* IPv6 addresses hold ':'; the text after them starts ": ". */
            uint32_t a = he + 29, ae = ML_FIND(s, a, end, ": ");
            ml_set(r, MAILLOG_F_CLIENT_HOST, h, he - h);
            ml_set(r, MAILLOG_F_CLIENT_IP, a, ae - a);
        }
        return;
    }
    if (q == p) {
        uint32_t f = ML_FIND(s, p, end, " from ");
        if (f < end)
            from_client(r, f, end);
    }
}
