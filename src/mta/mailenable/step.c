/* step.c -- one row of a MailEnable log (activity or W3C: the same
 * columns) into a record.  A row is one step of a conversation: the
 * command MailEnable received (SMTP-IN, IMAP-IN, POP3-IN) or sent
 * (SMTP-OU, its own verbs CONN for the connection and DATE for the end of
 * the data) and the first line of the reply.
 *
 * Correlation (formats-windows.md 3.3): a connection is its socket number
 * while it lasts (session_id, inbound); a message is its .MAI file name
 * (queue_id).  Inbound, the name is the message's from MAIL to DATA (the
 * rows before MAIL and after DATA carry names of messages that never
 * come), so only MAIL, RCPT and DATA rows name it.  An accepted RCPT
 * lists its recipient on the message; MailEnable logs no reply at the end
 * of inbound data, so DATA answered 354 (or 250) is the message taken:
 * every recipient listed gets the status sent, and the message ends.
 * Outbound, every row names the
 * message; the RCPT accepted opens a delivery tie (delivery_id = the file
 * name, recipient = to) and the DATE reply is its result, since that row
 * names no recipient (as qmail's "delivery N: success"). */
#include "mta/mailenable/mailenable.h"

enum { V_NONE, V_HELO, V_MAIL, V_RCPT, V_DATA, V_DATE, V_AUTH, V_QUIT, V_CONN,
       V_LOGIN, V_LOGOUT, V_OTHER };
static const ml_word verbs[] = {
    ML_W("EHLO"), ML_W("HELO"), ML_W("MAIL"), ML_W("RCPT"), ML_W("DATA"), ML_W("DATE"),
    ML_W("AUTH"), ML_W("QUIT"), ML_W("CONN"), ML_W("LOGIN"), ML_W("AUTHENTICATE"),
    ML_W("USER"), ML_W("PASS"), ML_W("APOP"), ML_W("LOGOUT"), {NULL, 0}};
static const uint8_t verb_kind[] = {V_HELO, V_HELO, V_MAIL, V_RCPT, V_DATA, V_DATE, V_AUTH,
                                    V_QUIT, V_CONN, V_LOGIN, V_LOGIN, V_LOGIN, V_LOGIN,
                                    V_LOGIN, V_LOGOUT};

/* The value of a known column: 1 with [*a,*b) when present and not empty
 * (a W3C log writes '-' for nothing). */
static int val(const maillog_record *r, const me_row *row, int kind, uint32_t *a, uint32_t *b)
{
    int32_t i = row->idx[kind];
    if (i < 0 || !row->v[i].len)
        return 0;
    *a = row->v[i].off;
    *b = *a + row->v[i].len;
    return !(*b - *a == 1 && r->line[*a] == '-');
}

static void hide(me_row *row, int kind)
{
    if (row->idx[kind] >= 0)
        row->used |= 1u << row->idx[kind];
}

/* Field f from a known column, which is then no attribute. */
static int use(maillog_record *r, me_row *row, int f, int kind)
{
    uint32_t a, b;
    if (!val(r, row, kind, &a, &b))
        return 0;
    ml_set(r, f, a, b - a);
    hide(row, kind);
    return 1;
}

/* What the reply says: '2'..'5' for an SMTP code, 'F' for an IMAP NO/BAD
 * or a POP -ERR, 'K' for their OK, 0 for nothing. */
static char reply_class(maillog_record *r, me_row *row, int smtp)
{
    const char *s = r->line;
    uint32_t a, b, t;
    if (!val(r, row, ME_C_RESPONSE, &a, &b))
        return 0;
    use(r, row, MAILLOG_F_REPLY, ME_C_RESPONSE);
    if (smtp) {
        if (!ml_rows_is_reply(s, a, b, 1))
            return 0;
        ml_reply_codes(r, a, b, 1);
        if (!ml_hasn(r, MAILLOG_N_REPLY_CODE)) /* W3C: "235+Authenticated" */
            ml_set_uint(r, MAILLOG_F_REPLY_CODE, MAILLOG_N_REPLY_CODE, a, 3);
        return s[a];
    }
    if (ML_AT(s, a, b, "-ERR"))
        return 'F';
    if (ML_AT(s, a, b, "+OK"))
        return 'K';
    t = ml_find_any(s, a, b, ' ', '+', ' ', '+'); /* IMAP: "tag NO ..." */
    if (t + 3 <= b && (ML_AT(s, t + 1, b, "NO") || ML_AT(s, t + 1, b, "BAD")))
        return 'F';
    return t + 3 <= b && ML_AT(s, t + 1, b, "OK") ? 'K' : 0;
}

/* The argument after the verb in the details: [*a,*b), quotes removed. */
static int argument(maillog_record *r, me_row *row, uint32_t *a, uint32_t *b)
{
    const char *s = r->line;
    uint32_t p, e;
    if (!val(r, row, ME_C_DETAILS, &p, &e))
        return 0;
    p = ml_find_any(s, p, e, ' ', '+', ' ', '+');
    while (p < e && (s[p] == ' ' || s[p] == '+'))
        p++;
    if (p < e && s[p] == '"') {
        *a = ++p;
        *b = ml_find(s, p, e, '"');
    } else {
        *a = p;
        *b = ml_find_any(s, p, e, ' ', '+', ' ', '+');
    }
    return *b > *a;
}

/* SIZE= of a MAIL command: the size the client declared. */
static void declared_size(maillog_record *r, me_row *row)
{
    const char *s = r->line;
    uint32_t a, b, q, e;
    if (!val(r, row, ME_C_DETAILS, &a, &b) || (q = ML_FIND(s, a, b, "SIZE=")) >= b)
        return;
    q += 5;
    for (e = q; e < b && ml_is((unsigned char)s[e], ML_C_DIGIT); e++)
        ;
    if (e > q && e - q <= 18)
        ml_set_uint(r, MAILLOG_F_SIZE, MAILLOG_N_SIZE, q, e - q);
}

static void refused(maillog_record *r, me_row *row, int verb)
{
    r->event = MAILLOG_EV_REJECT;
    r->status = MAILLOG_STATUS_REJECTED;
    if (verb != V_NONE && row->idx[ME_C_VERB] >= 0)
        ml_set(r, MAILLOG_F_STAGE, row->v[row->idx[ME_C_VERB]].off,
               row->v[row->idx[ME_C_VERB]].len);
    if (verb == V_RCPT)
        r->flags |= ML_REC_RCPT_REFUSAL;
}

/* An inbound AUTH step: the login name, which the details give in base64
 * as the client sent it ("AUTH LOGIN name", "AUTH PLAIN credentials", or
 * the row answered by the password prompt), decoded into user when the
 * user column names nobody; and a refusal, with the name of its AUTH. */
static void auth_step(me_state *st, maillog_record *r, me_row *row, char c)
{
    const char *s = r->line;
    uint32_t a = 0, b = 0, m, e, q, n = 0, rb;
    char name[ML_LOGIN_MAX];
    ml_login *l;
    if (val(r, row, ME_C_DETAILS, &a, &b) && ML_AT(s, a, b, "AUTH") && argument(r, row, &m, &e)) {
        ml_set(r, MAILLOG_F_AUTH_METHOD, m, e - m); /* "AUTH LOGIN" */
        if ((l = ml_rows_login_of(&st->logins, r, 1)) != NULL)
            l->len = 0; /* a new AUTH: the socket's last name is not its own */
        for (q = e; q < b && (s[q] == ' ' || s[q] == '+'); q++) /* W3C: '+' for a space */
            ;
        if (q < b && e - m == 5 && ml_eq_nocase(s + m, 5, "login"))
            n = ml_rows_login_decode(s, q, b, ML_LOGIN_NAME, name);
        else if (q < b && e - m == 5 && ml_eq_nocase(s + m, 5, "plain"))
            n = ml_rows_login_decode(s, q, b, ML_LOGIN_PLAIN, name);
    } else {
        l = ml_rows_login_of(&st->logins, r, 0);
        /* the user name step is the one answered by "Password:" */
        if (a < b && val(r, row, ME_C_RESPONSE, &q, &rb) && ML_AT(s, q, rb, "334") &&
            ML_AT(s, q + 4, rb, "UGFzc3dvcmQ6"))
            n = ml_rows_login_decode(s, a, b, ML_LOGIN_NAME, name);
        else if (a < b) /* AUTH PLAIN's credentials after its own 334 */
            n = ml_rows_login_decode(s, a, b, ML_LOGIN_PLAIN, name);
    }
    if (n && l) {
        memcpy(l->name, name, n);
        l->len = n;
    }
    if (!ml_has(r, MAILLOG_F_USER)) {
        if (n)
            ml_set_text(r, MAILLOG_F_USER, name, n);
        else if (c == '5' && l && l->len)
            ml_set_text(r, MAILLOG_F_USER, l->name, l->len);
    }
    if (ml_hasn(r, MAILLOG_N_REPLY_CODE) && r->n[MAILLOG_N_REPLY_CODE] == 535)
        r->event = MAILLOG_EV_AUTH_FAILED;
}

/* A client's SMTP step (SMTP-IN). */
static void smtp_in(me_state *st, maillog_record *r, me_row *row, int verb, char c)
{
    uint32_t a, b;
    int no = c == '4' || c == '5';
    r->event = MAILLOG_EV_SESSION;
    switch (verb) {
    case V_NONE: /* the banner, or a command MailEnable did not know */
        if (!val(r, row, ME_C_DETAILS, &a, &b)) {
            if (c == '2')
                r->event = MAILLOG_EV_CONNECT;
            else if (no)
                refused(r, row, verb);
        }
        break;
    case V_HELO:
        if (argument(r, row, &a, &b))
            ml_set(r, MAILLOG_F_HELO, a, b - a);
        if (no)
            refused(r, row, verb);
        break;
    case V_AUTH:
        auth_step(st, r, row, c);
        break;
    case V_MAIL:
        declared_size(r, row);
        if (c == '2' && use(r, row, MAILLOG_F_QUEUE_ID, ME_C_FILE)) {
            r->event = MAILLOG_EV_CLIENT; /* a W3C log names no file: no message */
        } else if (no) {
            refused(r, row, verb);
        }
        break;
    case V_RCPT:
        /* an accepted recipient is listed on the message, without an
         * outcome yet (ML_CORR_LISTED_RCPTS) */
        if (use(r, row, MAILLOG_F_QUEUE_ID, ME_C_FILE) && c == '2' && ml_has(r, MAILLOG_F_TO))
            r->event = MAILLOG_EV_QUEUED;
        if (no)
            refused(r, row, verb);
        break;
    case V_DATA:
        /* DATA answered 354 is the last row of an accepted message: no
         * row follows for the end of the data (formats-windows.md 3.3),
         * so the message is taken here, for each recipient listed */
        if (use(r, row, MAILLOG_F_QUEUE_ID, ME_C_FILE) && (c == '3' || c == '2')) {
            r->event = MAILLOG_EV_DELIVERY;
            r->status = MAILLOG_STATUS_SENT;
        }
        if (no)
            refused(r, row, verb);
        break;
    case V_QUIT:
        r->event = MAILLOG_EV_DISCONNECT;
        break;
    default:
        break;
    }
}

/* MailEnable's own SMTP step to another server (SMTP-OU). */
static void smtp_out(maillog_record *r, me_row *row, int verb, char c)
{
    int no = c == '4' || c == '5';
    int32_t st = c == '2' ? MAILLOG_STATUS_SENT : c == '4' ? MAILLOG_STATUS_DEFERRED
                                                            : MAILLOG_STATUS_BOUNCED;
    r->event = MAILLOG_EV_SESSION;
    if ((verb == V_DATE && c) || (verb == V_DATA && no)) {
        /* the result of the tie the RCPT opened: no queue id here */
        use(r, row, MAILLOG_F_DELIVERY_ID, ME_C_FILE);
        if (verb == V_DATE && row->idx[ME_C_SENT] >= 0 && row->v[row->idx[ME_C_SENT]].len &&
            row->v[row->idx[ME_C_SENT]].len <= 18) {
            ml_set_uint(r, MAILLOG_F_SIZE, MAILLOG_N_SIZE, row->v[row->idx[ME_C_SENT]].off,
                        row->v[row->idx[ME_C_SENT]].len);
            hide(row, ME_C_SENT);
        }
        if (c == '2' || no) {
            r->event = MAILLOG_EV_DELIVERY;
            r->status = st;
        }
        return;
    }
    use(r, row, MAILLOG_F_QUEUE_ID, ME_C_FILE);
    if (verb == V_RCPT) {
        if (c == '2') /* the tie: this recipient's result is the DATE reply */
            use(r, row, MAILLOG_F_DELIVERY_ID, ME_C_FILE);
        else if (no) {
            r->event = MAILLOG_EV_DELIVERY;
            r->status = st;
        }
        return;
    }
    if (verb == V_MAIL) {
        declared_size(r, row);
        if (c == '2')
            r->event = MAILLOG_EV_QUEUED;
    }
    if (no)
        r->event = MAILLOG_EV_RELAY_ERROR;
}

/* A mail reader's step (IMAP-IN, POP3-IN): logins and their failures. */
static void login(maillog_record *r, me_row *row, int verb, char c)
{
    uint32_t a, b;
    r->event = MAILLOG_EV_SESSION;
    if (verb == V_LOGOUT || verb == V_QUIT) {
        r->event = MAILLOG_EV_DISCONNECT;
        return;
    }
    if (verb != V_LOGIN && verb != V_AUTH)
        return;
    hide(row, ME_C_DETAILS); /* it holds the password, even masked */
    if (!ml_has(r, MAILLOG_F_USER) && val(r, row, ME_C_VERB, &a, &b) &&
        (ML_AT(r->line, a, b, "LOGIN") || ML_AT(r->line, a, b, "USER") ||
         ML_AT(r->line, a, b, "APOP")) &&
        argument(r, row, &a, &b))
        ml_set(r, MAILLOG_F_USER, a, b - a); /* LOGIN "name" "***", USER name, APOP name */
    if (c == 'F' || c == '5' || c == '4')
        r->event = MAILLOG_EV_AUTH_FAILED;
}

int ml_me_step(me_state *st, maillog_record *r, me_row *row)
{
    const char *s = r->line;
    uint32_t a, b, dash;
    int in, smtp, verb = V_NONE, i;
    char c;
    if (!val(r, row, ME_C_AGENT, &a, &b))
        return 0;
    dash = ml_find(s, a, b, '-');
    if (dash >= b || dash == a)
        return 0;
    in = b - dash == 3 && s[dash + 1] == 'I' && s[dash + 2] == 'N';
    if (!in && !ML_AT(s, dash, b, "-OU"))
        return 0; /* SMTP-OU, or SMTP-OUT should a version write it whole */
    smtp = dash - a == 4 && memcmp(s + a, "SMTP", 4) == 0;
    if (val(r, row, ME_C_VERB, &a, &b)) {
        i = ml_word_index(s + a, b - a, verbs);
        verb = i < 0 ? V_OTHER : verb_kind[i];
        use(r, row, MAILLOG_F_EVENT_RAW, ME_C_VERB);
    }
    use(r, row, in ? MAILLOG_F_CLIENT_IP : MAILLOG_F_RELAY_IP, ME_C_IP);
    if (in)
        use(r, row, MAILLOG_F_SESSION_ID, ME_C_SOCKET);
    use(r, row, MAILLOG_F_USER, ME_C_USER);
    hide(row, ME_C_SUBJECT); /* private unless asked for */
    if (r->popts & ML_POPT_SUBJECT)
        use(r, row, MAILLOG_F_SUBJECT, ME_C_SUBJECT);
    if (val(r, row, ME_C_DETAILS, &a, &b) && ml_rows_command(r, a, b) >= 0)
        hide(row, ME_C_DETAILS);
    if (verb == V_AUTH)
        hide(row, ME_C_DETAILS); /* AUTH LOGIN's base64 name and password */
    c = reply_class(r, row, smtp);
    if (!smtp)
        login(r, row, verb, c);
    else if (in)
        smtp_in(st, r, row, verb, c);
    else
        smtp_out(r, row, verb, c);
    return 1;
}
