/* protocol.c -- a row of an SMTP protocol log (RECV*.LOG, SEND*.LOG):
 *
 *   date-time,connector-id,session-id,sequence-number,local-endpoint,
 *   remote-endpoint,event,data,context
 *
 * One row is one event of one SMTP session: '+' connect, '-' disconnect,
 * '<' received, '>' sent, '*' information.  On a receive log '<' is the
 * client's command and '>' our reply; on a send log the other way round.
 * The session-id is the session key; refusals exist only here (message
 * tracking has no event for a refused RCPT), so a 4xx/5xx reply of a
 * receive session is a reject, 535 an authentication failure.  A 2xx
 * reply's "[InternalId=N, ...]" (the message queued) is new_queue_id. */
#include "mta/exchange/exchange.h"

/* ip:port, [ipv6]:port, or an address alone. */
static void endpoint(maillog_record *r, xc_row *row, int32_t c, int f_ip, int f_port, int n_port)
{
    const char *s = r->line;
    uint32_t a, b, colon, q;
    int64_t port;
    if (c < 0 || !row->v[c].len)
        return;
    a = row->v[c].off;
    b = a + row->v[c].len;
    if (s[a] == '[') {
        uint32_t rb = ml_find(s, a + 1, b, ']');
        if (rb >= b)
            return;
        ml_set(r, f_ip, a + 1, rb - a - 1);
        colon = rb + 1 < b && s[rb + 1] == ':' ? rb + 1 : b;
    } else {
        uint32_t first = ml_find(s, a, b, ':');
        colon = first;
        if (first < b && ml_find(s, first + 1, b, ':') < b)
            colon = b; /* an IPv6 address without a port */
        ml_set(r, f_ip, a, colon - a);
    }
    row->used |= (uint64_t)1 << c;
    q = colon + 1;
    if (colon < b && ml_uint(s, &q, b, &port) && q == b && port <= 65535) {
        ml_set(r, f_port, colon + 1, b - colon - 1);
        ml_setn(r, n_port, port);
    }
}

/* MAIL FROM:<a> ... or RCPT TO:<b> ...: the address as from or to. */
static void command(maillog_record *r, xc_row *row, int32_t c)
{
    ml_rows_command(r, row->v[c].off, row->v[c].off + row->v[c].len);
}

/* A reply: its text, code and enhanced code; what it says happened. */
static void reply(maillog_record *r, xc_row *row, int32_t c, int refusal_event)
{
    const char *s = r->line;
    uint32_t a = row->v[c].off, b = a + row->v[c].len;
    if (!ml_rows_is_reply(s, a, b, 0))
        return;
    ml_set(r, MAILLOG_F_REPLY, a, b - a);
    ml_reply_codes(r, a, b, 1);
    row->used |= (uint64_t)1 << c;
    if (s[a] == '2')
        ml_xc_internal_id(r, a, b); /* "250 2.6.0 <id> [InternalId=N, ...] Queued" */
    if (s[a] != '4' && s[a] != '5')
        return;
    if (refusal_event == MAILLOG_EV_REJECT && s[a] == '5' && s[a + 1] == '3' && s[a + 2] == '5') {
        r->event = MAILLOG_EV_AUTH_FAILED;
        return;
    }
    r->event = refusal_event;
    if (refusal_event == MAILLOG_EV_REJECT)
        r->status = MAILLOG_STATUS_REJECTED;
}

/* A receive session's "*" row that names the client's account: "User
 * Name: X" in the context after a refused AUTH, or "X" in the data with
 * the context "authenticated".  The user is a span of the row; the
 * session keeps it for the 535 reply that refuses the login. */
static void session_user(xc_state *st, maillog_record *r, xc_row *row)
{
    const char *s = r->line;
    int32_t d = row->idx[XC_C_DATA], x = row->idx[XC_C_CONTEXT];
    uint32_t a, b;
    ml_login *l;
    if (x < 0 || !row->v[x].len)
        return;
    a = row->v[x].off;
    b = a + row->v[x].len;
    if (ML_AT(s, a, b, "User Name: ")) {
        a += 11;
    } else if (b - a == 13 && memcmp(s + a, "authenticated", 13) == 0 && d >= 0 &&
               row->v[d].len) {
        a = row->v[d].off;
        b = a + row->v[d].len;
    } else {
        return;
    }
    if (b <= a || b - a > ML_LOGIN_MAX || (r->flags & ML_REC_CSV) ||
        !(l = ml_rows_login_of(&st->logins, r, 1)))
        return; /* a quoted value with "" stays a span, not remembered */
    ml_set(r, MAILLOG_F_USER, a, b - a);
    memcpy(l->name, s + a, b - a);
    l->len = b - a;
}

int ml_xc_protocol(xc_state *st, maillog_record *r, xc_row *row, int32_t family)
{
    const int32_t *idx = row->idx;
    const char *s = r->line;
    int recv = family != XC_FAM_SEND;
    int32_t c = idx[XC_C_DATE_TIME], e = idx[XC_C_EVENT], d = idx[XC_C_DATA];
    ml_login *l;
    char what;
    if (c < 0 || e < 0 || row->v[e].len != 1)
        return 0;
    what = s[row->v[e].off];
    if (what != '+' && what != '-' && what != '<' && what != '>' && what != '*')
        return 0; /* not a protocol log's row */
    if (!ml_xc_stamp(st, r, row->v[c].off, row->v[c].off + row->v[c].len))
        return 0;
    r->event = what == '+' ? MAILLOG_EV_CONNECT
               : what == '-' ? MAILLOG_EV_DISCONNECT
                             : MAILLOG_EV_SESSION;
    row->used |= (uint64_t)1 << c;
    ml_xc_set(r, row, MAILLOG_F_EVENT_RAW, e, 0);
    if ((c = idx[XC_C_SESSION_ID]) >= 0 && row->v[c].len)
        ml_xc_set(r, row, MAILLOG_F_SESSION_ID, c, 0);
    ml_xc_server_protocol(r, row);
    if (recv)
        endpoint(r, row, idx[XC_C_REMOTE_ENDPOINT], MAILLOG_F_CLIENT_IP, MAILLOG_F_CLIENT_PORT,
                 MAILLOG_N_CLIENT_PORT);
    else
        endpoint(r, row, idx[XC_C_REMOTE_ENDPOINT], MAILLOG_F_RELAY_IP, MAILLOG_F_RELAY_PORT,
                 MAILLOG_N_RELAY_PORT);
    if (what == '*' && recv)
        session_user(st, r, row);
    if (d < 0 || !row->v[d].len)
        return 1;
    /* the peer's words and ours: commands one way, replies the other */
    if ((what == '<' && recv) || (what == '>' && !recv)) {
        command(r, row, d);
        if (recv && ML_AT(s, row->v[d].off, row->v[d].off + row->v[d].len, "AUTH") &&
            (l = ml_rows_login_of(&st->logins, r, 0)) != NULL)
            l->len = 0; /* a new login: the last name is not its own */
    } else if (what == '<' || what == '>') {
        reply(r, row, d, recv ? MAILLOG_EV_REJECT : MAILLOG_EV_RELAY_ERROR);
        if (r->event == MAILLOG_EV_AUTH_FAILED &&
            (l = ml_rows_login_of(&st->logins, r, 0)) != NULL && l->len)
            ml_set_text(r, MAILLOG_F_USER, l->name, l->len); /* named by a "*" row */
    }
    return 1;
}
