/* smtp.c -- the conversation lines of hMailServer's sessions.  Each is
 * "RECEIVED: <what the peer sent>" or "SENT: <what we wrote>" (multi-line
 * replies joined by "[nl]"), so a reply line does not say what it
 * answers: the session's slot in the stream state remembers the last
 * command (hm_session.last).
 *
 *   SMTPD  a client talking to us; the IP column is the client.  The
 *          banner (220) opens the session, 221 or 421 ends it; a 4xx/5xx
 *          reply is a refusal (535 an authentication failure).
 *   SMTPC  us delivering a message; the IP column is the remote server.
 *          The session belongs to the attempt its thread is making
 *          (delivery.c), which its replies inform: the server took the
 *          message, or refused it for a while or for good.
 *   POP3D, POP3C, IMAPD  logins only: the user name, and the refusal of
 *          a login (an authentication failure). */
#include "mta/hmailserver/hms.h"

/* 3 digits and then a space, '-' or the end. */
static int is_reply(const char *s, uint32_t a, uint32_t b)
{
    return b - a >= 3 && ml_is((unsigned char)s[a], ML_C_DIGIT) &&
           ml_is((unsigned char)s[a + 1], ML_C_DIGIT) && ml_is((unsigned char)s[a + 2], ML_C_DIGIT) &&
           (b - a == 3 || s[a + 3] == ' ' || s[a + 3] == '-');
}

/* The word at [a, b) equals lit, case aside, and ends there or at a space. */
static int verb(const char *s, uint32_t a, uint32_t b, const char *lit, uint32_t n)
{
    return b - a >= n && ml_eq_nocase(s + a, n, lit) && (b - a == n || s[a + n] == ' ');
}
#define VERB(s, a, b, lit) verb((s), (a), (b), (lit), (uint32_t)(sizeof(lit) - 1))

/* "<addr>" after a MAIL FROM: or RCPT TO: prefix of n bytes: field f. */
static void address(maillog_record *r, uint32_t a, uint32_t b, uint32_t n, int f)
{
    const char *s = r->line;
    uint32_t gt;
    a += n;
    while (a < b && s[a] == ' ')
        a++;
    if (a < b && s[a] == '<' && (gt = ml_angle_end(s, a, b)) < b)
        ml_set(r, f, a + 1, gt - a - 1);
    else if (a < b) /* written without brackets */
        ml_set(r, f, a, ml_find(s, a, b, ' ') - a);
}

/* The word after a command (AUTH mechanism, POP3 user): field f. */
static uint32_t word_after(maillog_record *r, uint32_t a, uint32_t b, int f)
{
    const char *s = r->line;
    uint32_t e;
    while (a < b && s[a] == ' ')
        a++;
    e = ml_find(s, a, b, ' ');
    if (e > a)
        ml_set(r, f, a, e - a);
    return e;
}

/* The login name in base64 at [a, b) of a client's AUTH (how: ML_LOGIN_*)
 * into user, decoded, and kept by the session for the reply that refuses
 * it.  hMailServer logs the name as the client sent it. */
static void login_name(maillog_record *r, hm_session *ss, uint32_t a, uint32_t b, int how)
{
    uint32_t n = ml_rows_login_decode(r->line, a, b, how, ss->user);
    if (n) {
        ss->user_len = n;
        ml_set_text(r, MAILLOG_F_USER, ss->user, n);
    }
}

/* A command the peer (SMTPD) or we (SMTPC) sent: what it names, and what
 * the session now waits the reply to. */
static void command(maillog_record *r, hm_session *ss, uint32_t a, uint32_t b, int inbound)
{
    const char *s = r->line;
    r->event = MAILLOG_EV_SESSION;
    if (VERB(s, a, b, "ehlo") || VERB(s, a, b, "helo")) {
        uint32_t h = a + 4;
        while (h < b && s[h] == ' ')
            h++;
        if (inbound && h < b) /* as the client wrote it, spaces and all */
            ml_set(r, MAILLOG_F_HELO, h, b - h);
        ss->last = HM_C_HELO;
    } else if (b - a >= 10 && ml_eq_nocase(s + a, 10, "mail from:")) {
        address(r, a, b, 10, MAILLOG_F_FROM);
        ss->last = HM_C_MAIL;
    } else if (b - a >= 8 && ml_eq_nocase(s + a, 8, "rcpt to:")) {
        address(r, a, b, 8, MAILLOG_F_TO);
        ss->last = HM_C_RCPT;
    } else if (VERB(s, a, b, "auth")) {
        uint32_t e = word_after(r, a + 4, b, MAILLOG_F_AUTH_METHOD), m = a + 5, q;
        /* AUTH LOGIN with the user name at once, or AUTH PLAIN with its
         * credentials: the password is logged as *** */
        ss->last = e >= b && b - a == 10 && ml_eq_nocase(s + a + 5, 5, "login") ? HM_C_AUTH
                                                                               : HM_C_AUTH_PASS;
        ss->auth = 0;
        ss->user_len = 0;
        if (inbound && e < b && e - m == 5) { /* the initial response */
            q = ml_find(s, e + 1, b, ' ');
            if (ml_eq_nocase(s + m, 5, "login"))
                login_name(r, ss, e + 1, q, ML_LOGIN_NAME);
            else if (ml_eq_nocase(s + m, 5, "plain")) /* the name alone, or all of it */
                login_name(r, ss, e + 1, q, ML_LOGIN_ANY);
        }
    } else if (VERB(s, a, b, "data")) {
        ss->last = HM_C_DATA;
    } else if (VERB(s, a, b, "quit")) {
        ss->last = HM_C_QUIT;
    } else if (b - a == 5 && memcmp(s + a, "[nl].", 5) == 0) {
        ss->last = HM_C_DOT;
    } else if (ss->last == HM_C_AUTH && ss->auth) {
        ss->last = HM_C_AUTH_USER; /* the base64 user name, as the client sent it */
        ss->auth = 0;
        if (inbound)
            login_name(r, ss, a, b, ML_LOGIN_NAME);
    } else if (b - a == 3 && memcmp(s + a, "***", 3) == 0) {
        ss->last = HM_C_AUTH_PASS; /* hMailServer hides the password */
    } else if (ss->last != HM_C_AUTH && ss->last != HM_C_AUTH_USER) {
        ss->last = HM_C_OTHER;
    }
}

/* Our reply to a client (SMTPD). */
static void smtpd_reply(maillog_record *r, hm_session *ss, uint32_t a)
{
    const char *s = r->line;
    char c = s[a];
    r->event = MAILLOG_EV_SESSION;
    if (c == '2' && s[a + 1] == '2' && s[a + 2] == '0')
        r->event = MAILLOG_EV_CONNECT; /* the banner: the session starts */
    else if (c == '2' && s[a + 1] == '2' && s[a + 2] == '1')
        r->event = MAILLOG_EV_DISCONNECT;
    else if (c == '4' && s[a + 1] == '2' && s[a + 2] == '1')
        r->event = MAILLOG_EV_DISCONNECT; /* 421 Connection timeout, too many errors */
    else if (c == '3' && s[a + 1] == '3' && s[a + 2] == '4' && ss->last == HM_C_AUTH)
        ss->auth = 1; /* 334: the next line is the user name, then the password */
    else if (c == '5' && s[a + 1] == '3' && s[a + 2] == '5') {
        r->event = MAILLOG_EV_AUTH_FAILED; /* with the name its AUTH gave */
        if (ss->user_len)
            ml_set_text(r, MAILLOG_F_USER, ss->user, ss->user_len);
    }
    else if (c == '4' || c == '5') {
        r->event = MAILLOG_EV_REJECT;
        r->status = MAILLOG_STATUS_REJECTED;
        if (ss->last == HM_C_RCPT)
            r->flags |= ML_REC_RCPT_REFUSAL;
    }
}

/* A server's reply to us (SMTPC): a refusal is a relay error.  What the
 * replies say of the delivery goes to the attempt of the thread that
 * opened the session; its end line (delivery.c) tells the outcome, since
 * only it names the message. */
static void smtpc_reply(hm_state *st, maillog_record *r, hm_session *ss, uint32_t a)
{
    char c = r->line[a];
    hm_thread *t = ml_hm_thread(st, ss->thread);
    r->event = c == '4' || c == '5' ? MAILLOG_EV_RELAY_ERROR : MAILLOG_EV_SESSION;
    if (!t || t->msg != ss->msg)
        return;
    if (c == '4' && ss->last != HM_C_QUIT)
        t->flags |= HM_T_TEMP;
    else if (c == '5' && ss->last != HM_C_QUIT)
        t->flags |= HM_T_PERM;
    else if (c == '2' && ss->last == HM_C_DOT)
        t->flags |= HM_T_SENT; /* the server took the message */
}

/* POP3 and IMAP: the login name, and a refused login. */
static void mailbox_line(maillog_record *r, hm_session *ss, uint32_t a, uint32_t b, int received)
{
    const char *s = r->line;
    uint32_t p, q;
    r->event = MAILLOG_EV_SESSION;
    if (received) {
        ss->last = HM_C_OTHER;
        if (VERB(s, a, b, "user")) { /* POP3 */
            word_after(r, a + 4, b, MAILLOG_F_USER);
            ss->last = HM_C_AUTH;
            return;
        }
        if (VERB(s, a, b, "pass")) {
            ss->last = HM_C_AUTH_PASS;
            return;
        }
        /* IMAP: tag LOGIN user ***, the user quoted or not */
        p = ml_find(s, a, b, ' ');
        if (p < b && VERB(s, p + 1, b, "login")) {
            p += 7;
            if (p < b && s[p] == '"' && (q = ml_find(s, p + 1, b, '"')) < b)
                ml_set(r, MAILLOG_F_USER, p + 1, q - p - 1);
            else
                word_after(r, p, b, MAILLOG_F_USER);
            ss->last = HM_C_AUTH_PASS;
        }
        return;
    }
    /* our reply to a login: -ERR (POP3) or "tag NO" (IMAP) */
    if (ss->last != HM_C_AUTH_PASS)
        return;
    p = ml_find(s, a, b, ' ');
    if (ML_AT(s, a, b, "-ERR") || (p < b && VERB(s, p + 1, b, "no")))
        r->event = MAILLOG_EV_AUTH_FAILED;
    ss->last = HM_C_OTHER;
}

int ml_hm_session_line(hm_state *st, maillog_record *r, const hm_line *l)
{
    const char *s = r->line;
    uint32_t a = l->text.off, b = l->text.off + l->text.len;
    hm_session *ss = ml_hm_session(st, l->session_n);
    int received;
    hm_thread *t;
    if (ML_AT(s, a, b, "RECEIVED: "))
        received = 1, a += 10;
    else if (ML_AT(s, a, b, "SENT: "))
        received = 0, a += 6;
    else { /* another remark of the session */
        r->event = MAILLOG_EV_SESSION;
        return 1;
    }
    /* older versions log a failed connection as SMTPC with "TCP" for an IP */
    if (l->ip.len && !(l->ip.len == 3 && memcmp(s + l->ip.off, "TCP", 3) == 0)) {
        if (l->kind == HM_K_SMTPC)
            ml_set(r, MAILLOG_F_RELAY_IP, l->ip.off, l->ip.len);
        else
            ml_set(r, MAILLOG_F_CLIENT_IP, l->ip.off, l->ip.len);
    }
    if (l->kind == HM_K_SMTPC) {
        /* the message this session delivers: its thread's, at its start */
        if (ss->msg < 0 && (t = ml_hm_thread(st, l->thread_n)) != NULL) {
            ss->msg = t->msg;
            ss->thread = l->thread_n;
            t->flags |= HM_T_REMOTE;
        }
    }
    if (l->kind == HM_K_POP3D || l->kind == HM_K_IMAPD) {
        mailbox_line(r, ss, a, b, received);
        return 1;
    }
    if (l->kind == HM_K_POP3C) { /* fetching an external account */
        r->event = MAILLOG_EV_SESSION;
        return 1;
    }
    /* SMTP: the peer's commands come in to SMTPD, ours go out of SMTPC */
    if (received == (l->kind == HM_K_SMTPD)) {
        command(r, ss, a, b, l->kind == HM_K_SMTPD);
        return 1;
    }
    if (!is_reply(s, a, b)) {
        r->event = MAILLOG_EV_SESSION;
        return 1;
    }
    /* a reply */
    ml_set(r, MAILLOG_F_REPLY, a, b - a);
    ml_reply_codes(r, a, b, 1);
    if (l->kind == HM_K_SMTPD)
        smtpd_reply(r, ss, a);
    else
        smtpc_reply(st, r, ss, a);
    if (ss->last != HM_C_AUTH)
        ss->last = HM_C_NONE;
    if (r->event == MAILLOG_EV_DISCONNECT) {
        uint32_t q = ML_FIND(s, a, b, "timeout");
        if (q < b) /* "421 Connection timeout.": the word is in the line */
            ml_set(r, MAILLOG_F_SESSION_END, q, 7);
        ss->id = -1; /* the id may come back after a restart */
    } /* the id may come back after a restart */
    return 1;
}
