/* session.c -- Sendmail's lines about an SMTP session rather than a
 * message: lost and timed-out connections, clients that never sent mail,
 * RCPT floods, VRFY and EXPN, open proxies, SMTP attacks, pre-greeting
 * traffic, the daemon's refusals under load, TLS and AUTH.  Wordings
 * follow sendmail's srvrsmtp.c, daemon.c and usersmtp.c. */
#include "mta/sendmail/sendmail.h"
#include "scan/scan.h"

/* "client: text" lines, the client first as sendmail names it ("host
 * [addr]", "[addr]", "host [addr] (may be forged)"): RCPT floods, VRFY and
 * EXPN, open proxies, SMTP attacks.  stage: the command; reply: the text. */
static int client_said(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q = ML_FIND(s, p, end, "] (may be forged): "), t = q + 19;
    if (q >= end) {
        q = ML_FIND(s, p, end, "]: ");
        t = q + 3;
    }
    if (q >= end)
        return 0;
    if (ML_AT(s, t, end, "Possible SMTP RCPT flood, ")) {
        ml_set(r, MAILLOG_F_STAGE, t + 14, 4); /* RCPT */
        if (ML_AT(s, t + 26, end, "shutting down"))
            ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_ERRORS);
    } else if ((ML_AT(s, t, end, "VRFY ") || ML_AT(s, t, end, "EXPN ")) && t + 5 < end) {
        uint32_t a = t + 5, e = end; /* the address asked about */
        if (e - a > 11 && memcmp(s + e - 11, " [rejected]", 11) == 0) {
            e -= 11;
            ml_set(r, MAILLOG_F_ACTION, e + 2, 8);
        }
        ml_set(r, MAILLOG_F_STAGE, t, 4);
        if (s[a] == '<' && s[e - 1] == '>' && e - a >= 2)
            a++, e--;
        ml_set(r, MAILLOG_F_TO, a, e - a);
        r->event = MAILLOG_EV_SESSION;
        ml_sendmail_relay(r, p, q + 1, 1);
        return 1;
    } else if (ML_AT(s, t, end, "probable open proxy: ")) {
        uint32_t c = ML_FIND(s, t, end, "command="); /* the command: an HTTP request */
        if (c < end)
            ml_set(r, MAILLOG_F_STAGE, c + 8, ml_find(s, c + 8, end, ' ') - c - 8);
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_REFUSED);
    } else if (ML_AT(s, t, end, "possible SMTP attack: ")) {
        uint32_t c = t + 22;
        if (ML_AT(s, c, end, "command="))
            ml_set(r, MAILLOG_F_STAGE, c + 8, ml_find_any(s, c + 8, end, ',', ' ', ',', ' ') - c - 8);
    } else if (end - t > 11 && memcmp(s + end - 11, " [rejected]", 11) == 0) {
        ml_set(r, MAILLOG_F_STAGE, t, end - 11 - t); /* "ETRN x [rejected]" */
        ml_set(r, MAILLOG_F_ACTION, end - 9, 8);
    } else {
        return 0;
    }
    ml_sendmail_relay(r, p, q + 1, 1);
    ml_set(r, MAILLOG_F_REPLY, t, end - t);
    r->event = MAILLOG_EV_SESSION;
    return 1;
}

/* Lines about an SMTP session: "lost input channel from H [A] to MTA
 * after rcpt", "H [A] did not issue MAIL/EXPN/VRFY/ETRN during connection
 * to MTA", "timeout waiting for input from H during ...", the client's own
 * words (client_said), "rejecting commands from H [A] due to pre-greeting
 * traffic", TLS and AUTH lines.  How the session ended goes to
 * session_end. */
int ml_sendmail_session(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q;
    if (ML_AT(s, p, end, "lost input channel from ") ||
        ML_AT(s, p, end, "timeout waiting for input from ")) {
        uint32_t h = p + (s[p] == 'l' ? 24 : 31), e = ML_FIND(s, h, end, " to ");
        if (s[p] == 't')
            e = ML_FIND(s, h, end, " during ");
        ml_sendmail_relay(r, h, e, 1);
        q = ML_FIND(s, e, end, " after ");
        if (q < end)
            ml_set(r, MAILLOG_F_STAGE, q + 7, end - q - 7);
        if (s[p] == 'l')
            ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_LOST);
        else
            ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_TIMEOUT);
        r->event = MAILLOG_EV_SESSION;
        return 1;
    }
    q = ML_FIND(s, p, end, " did not issue ");
    if (q < end) {
        ml_sendmail_relay(r, p, q, 1);
        ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_OTHER);
        r->event = MAILLOG_EV_SESSION;
        return 1;
    }
    if (client_said(r, p, end))
        return 1;
    if (ML_AT(s, p, end, "rejecting ")) {
        /* "rejecting commands from H [A] due to pre-greeting traffic after
         * N seconds"; the load and disk space refusals of the daemon,
         * "rejecting connections on daemon MTA: load average: 40",
         * "rejecting new messages: min free: 100" */
        uint32_t h = ML_FIND(s, p, end, " from "), e;
        ml_set(r, MAILLOG_F_REPLY, p, end - p);
        if (h < end) {
            h += 6;
            while (h < end && s[h] == ' ')
                h++;
            e = ML_FIND(s, h, end, " due to ");
            ml_sendmail_relay(r, h, e, 1);
            if (ML_AT(s, p, end, "rejecting commands"))
                ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_REFUSED);
            r->event = MAILLOG_EV_SESSION;
        } else {
            r->event = MAILLOG_EV_DAEMON;
        }
        return 1;
    }
    if (ML_AT(s, p, end, "SMTP outgoing connect on ") ||
        ML_AT(s, p, end, "File descriptors missing on startup")) {
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    if (ML_AT(s, p, end, "STARTTLS=") || ML_AT(s, p, end, "AUTH=") ||
        ML_AT(s, p, end, "ALERT: ") || ML_AT(s, p, end, "collect: ")) {
        int server = ML_AT(s, p, end, "STARTTLS=server") || ML_AT(s, p, end, "AUTH=server");
        ml_sendmail_kv(r, p, end, server);
        if (server && s[p] == 'S' && ML_FIND(s, p, end, ", error: ") < end)
            ml_set_word(r, MAILLOG_F_SESSION_END, ML_WORD_TLS);
        r->event = MAILLOG_EV_SESSION;
        return 1;
    }
    if (ML_AT(s, p, end, "AUTH failure")) {
        /* "AUTH failure (LOGIN): text, user=x, relay=h [a]" */
        uint32_t u = ML_FIND(s, p, end, ", user=");
        if (ML_AT(s, p + 12, end, " (")) {
            uint32_t c = ml_find(s, p + 14, end, ')');
            if (c < end)
                ml_set(r, MAILLOG_F_AUTH_METHOD, p + 14, c - p - 14);
        }
        ml_sendmail_kv(r, u < end ? u : ML_FIND(s, p, end, ", relay="), end, 1);
        ml_set(r, MAILLOG_F_REPLY, p, end - p);
        r->event = MAILLOG_EV_AUTH_FAILED;
        r->severity = MAILLOG_SEV_WARNING;
        return 1;
    }
    return 0;
}
