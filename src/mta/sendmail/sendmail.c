/* sendmail.c -- the Sendmail dialect (sendmail, sm-mta, sm-msp-queue):
 * envelope lines (from=, to=), DSN children, ruleset rejects and the
 * session lines, in the shared vocabulary.  Formats follow sendmail's own
 * logging (srvrsmtp.c, deliver.c logdelivery(), savemail.c). */
#include "mta/sendmail/sendmail.h"
#include "scan/scan.h"

static int sniff(const void *state, const maillog_record *r)
{
    const ml_span *sv = &r->f[MAILLOG_F_SERVICE];
    const char *p = r->line + sv->off;
    (void)state;
    if (!ml_has(r, MAILLOG_F_PROGRAM))
        return ML_SNIFF_NO;
    /* sendmail sets its process title as the tag: sm-mta, sm-msp-queue,
     * sm-acceptingconnections ... */
    return (sv->len == 8 && memcmp(p, "sendmail", 8) == 0) ||
                   (sv->len > 3 && memcmp(p, "sm-", 3) == 0)
               ? ML_SNIFF_TAG
               : ML_SNIFF_NO;
}

enum { K_NONE, K_TO, K_FROM, K_SIZE, K_NRCPTS, K_MSGID, K_RELAY, K_DELAY, K_DSN, K_STAT,
       K_REJECT, K_REPLY, K_AUTHID, K_MECH, K_USER };

static int key_id(const char *k, uint32_t n)
{
#define K(lit, id) return memcmp(k, lit, n) == 0 ? id : K_NONE
    switch (n) {
    case 2: K("to", K_TO);
    case 3: K("dsn", K_DSN);
    case 4:
        if (k[0] == 'f')
            K("from", K_FROM);
        if (k[0] == 's' && k[1] == 'i')
            K("size", K_SIZE);
        if (k[0] == 'm')
            K("mech", K_MECH);
        if (k[0] == 'u')
            K("user", K_USER);
        K("stat", K_STAT);
    case 5:
        if (k[0] == 'r' && k[2] == 'l')
            K("relay", K_RELAY);
        if (k[0] == 'r')
            K("reply", K_REPLY);
        if (k[0] == 'm')
            K("msgid", K_MSGID);
        K("delay", K_DELAY);
    case 6:
        if (k[0] == 'n')
            K("nrcpts", K_NRCPTS);
        if (k[0] == 'a')
            K("authid", K_AUTHID);
        K("reject", K_REJECT);
    default: return K_NONE;
    }
#undef K
}

static int field_key(const char *k, uint32_t n) { return key_id(k, n) != K_NONE; }

/* A queue id: sendmail's are 12 to 15 characters of [0-9A-Za-z] (a
 * timestamp, a sequence letter pair and the pid); allow a little more. */
static uint32_t qid_len(const char *s, uint32_t p, uint32_t end)
{
    uint32_t q = p;
    while (q < end && q - p <= 20 && ml_is((unsigned char)s[q], ML_C_ALPHA | ML_C_DIGIT))
        q++;
    return q - p >= 8 && q - p <= 20 && ML_AT(s, q, end, ": ") ? q - p : 0;
}

/* relay=host [addr] (may be forged) | [addr] [addr] | user@host | host.
 * Sets host/ip into the client or relay fields and returns 1 when an
 * address was found. */
int ml_sendmail_relay(maillog_record *r, uint32_t v, uint32_t end, int client)
{
    const char *s = r->line;
    int fh = client ? MAILLOG_F_CLIENT_HOST : MAILLOG_F_RELAY_HOST;
    int fa = client ? MAILLOG_F_CLIENT_IP : MAILLOG_F_RELAY_IP;
    uint32_t h = v, he, a, ae;
    int named;
    he = ml_find_any(s, h, end, ' ', ',', ' ', ',');
    if (he == h) /* an empty value */
        return 0;
    named = !(he - h >= 2 && s[h] == '[' && s[he - 1] == ']');
    a = he;
    if (a < end && s[a] == ' ')
        a++;
    if (a < end && s[a] == '[')
        ae = ml_find(s, a, end, ']');
    else if (!named) /* [addr] alone */
        a = h, ae = he - 1;
    else
        ae = end;
    if ((named && (ae < end || !client)) || (!named && !client && he > h)) {
        /* a client without an address is a local user; a relay named
         * only by [addr] keeps that as its name, as logged */
        uint32_t e = he;
        if (s[e - 1] == '.') /* the canonical name's root dot */
            e--;
        ml_set(r, fh, h, e - h);
    }
    if (ae >= end)
        return 0;
    a++;
    if (ae - a > 5 && memcmp(s + a, "IPv6:", 5) == 0)
        a += 5;
    ml_set(r, fa, a, ae - a);
    return 1;
}

/* Days+HH:MM:SS into microseconds. */
static void set_delay(maillog_record *r, uint32_t off, uint32_t len)
{
    const char *s = r->line;
    uint32_t p = off, end = off + len;
    int64_t d = 0, h, m, sec;
    ml_set(r, MAILLOG_F_DELAY, off, len);
    if (!ml_uint(s, &p, end, &h))
        return;
    if (p < end && s[p] == '+') {
        d = h;
        p++;
        if (!ml_uint(s, &p, end, &h))
            return;
    }
    if (p >= end || s[p++] != ':' || !ml_uint(s, &p, end, &m) || p >= end || s[p++] != ':' ||
        !ml_uint(s, &p, end, &sec) || p != end || d > 100000 || h > 99 || m > 59 || sec > 60)
        return;
    ml_setn(r, MAILLOG_N_DELAY_US, (((d * 24 + h) * 60 + m) * 60 + sec) * 1000000);
}

/* stat= runs to the end of the line: "Sent (reply)", "Deferred: reason",
 * or a failure text ("User unknown", "Host unknown (...)"). */
static void set_stat(maillog_record *r, uint32_t off, uint32_t end)
{
    const char *s = r->line;
    uint32_t w = off;
    int had_reply = ml_has(r, MAILLOG_F_REPLY);
    while (w < end && ml_is((unsigned char)s[w], ML_C_ALPHA))
        w++;
    ml_set(r, MAILLOG_F_STATUS, off, w - off);
    if (w - off == 4 && memcmp(s + off, "Sent", 4) == 0) {
        r->status = MAILLOG_STATUS_SENT;
        if (!had_reply && ML_AT(s, w, end, " (") && s[end - 1] == ')') {
            uint32_t q = w + 2, n;
            ml_set(r, MAILLOG_F_REPLY, q, end - 1 - q);
            /* the next sendmail took it: "(QID Message accepted for
             * delivery)", e.g. the submission queue handing to the MTA */
            n = q;
            while (n < end && ml_is((unsigned char)s[n], ML_C_ALPHA | ML_C_DIGIT))
                n++;
            if (n - q >= 8 && n - q <= 20 && ML_AT(s, n, end, " Message accepted for delivery)"))
                ml_set(r, MAILLOG_F_NEW_QUEUE_ID, q, n - q);
        }
    } else if (w - off == 8 && memcmp(s + off, "Deferred", 8) == 0) {
        r->status = MAILLOG_STATUS_DEFERRED;
        if (!had_reply && ML_AT(s, w, end, ": "))
            ml_set(r, MAILLOG_F_REPLY, w + 2, end - (w + 2));
    } else if (w - off == 6 && memcmp(s + off, "queued", 6) == 0 && w == end) {
        r->status = MAILLOG_STATUS_OTHER; /* accepted for a later queue run, not an attempt */
    } else {
        /* a failure text: its class comes from dsn= when there is one */
        const ml_span *dsn = &r->f[MAILLOG_F_DSN];
        r->status = ml_has(r, MAILLOG_F_DSN) && dsn->len && s[dsn->off] == '4'
                        ? MAILLOG_STATUS_DEFERRED
                        : MAILLOG_STATUS_BOUNCED;
        ml_set(r, MAILLOG_F_STATUS, off, end - off);
        if (!had_reply) /* reply= (the remote's words) is worth more */
            ml_set(r, MAILLOG_F_REPLY, off, end - off);
    }
    if (ml_has(r, MAILLOG_F_REPLY) && !had_reply)
        ml_reply_codes(r, r->f[MAILLOG_F_REPLY].off, ML_SPAN_END(r, MAILLOG_F_REPLY), 1);
}

/* The value of to=: one address or a comma-joined list ("<a>,<b>" or
 * "a@x,b@y"), ending at ", " outside <...> and quotes. */
static uint32_t to_list(maillog_record *r, uint32_t v, uint32_t end)
{
    const char *s = r->line;
    uint32_t first_end = ml_list_item_end(s, v, end), p = first_end;
    /* the list goes on at ",<next>" and ends at ", key=" */
    while (p < end && !(p + 1 < end && s[p + 1] == ' '))
        p = ml_list_item_end(s, p + 1, end);
    if (p > v)
        ml_set_to_list(r, v, p, first_end);
    return p;
}

/* Walk key=value pairs of an envelope line into fields.  Sendmail writes
 * stat= (or reject=) last, and its text may hold anything. */
void ml_sendmail_kv(maillog_record *r, uint32_t p, uint32_t end, int client_relay)
{
    const char *s = r->line;
    ml_kv kv;
    r->kv_off = p;
    r->kv_end = end;
    while (ml_kv_next(s, p, end, &kv)) {
        p = kv.end;
        switch (key_id(s + kv.k_off, kv.k_len)) {
        case K_TO:
            p = to_list(r, kv.k_off + 3, end);
            break;
        case K_FROM: ml_set(r, MAILLOG_F_FROM, kv.v_off, kv.v_len); break;
        case K_SIZE: ml_set_uint(r, MAILLOG_F_SIZE, MAILLOG_N_SIZE, kv.v_off, kv.v_len); break;
        case K_NRCPTS: ml_set_uint(r, MAILLOG_F_NRCPT, MAILLOG_N_NRCPT, kv.v_off, kv.v_len); break;
        case K_MSGID: ml_set(r, MAILLOG_F_MESSAGE_ID, kv.v_off, kv.v_len); break;
        case K_RELAY: {
            /* the value runs to the next ", key=" (it holds spaces) */
            uint32_t e = ML_FIND(s, kv.v_off, end, ", ");
            ml_sendmail_relay(r, kv.v_off, e, client_relay);
            p = e;
            break;
        }
        case K_DELAY: set_delay(r, kv.v_off, kv.v_len); break;
        case K_DSN: ml_set(r, MAILLOG_F_DSN, kv.v_off, kv.v_len); break;
        /* AUTH=server lines name the login (authid=) and mechanism
         * (mech=); an AUTH failure its user= */
        case K_AUTHID:
        case K_USER: ml_set(r, MAILLOG_F_USER, kv.v_off, kv.v_len); break;
        case K_MECH: ml_set(r, MAILLOG_F_AUTH_METHOD, kv.v_off, kv.v_len); break;
        case K_REPLY: { /* the remote reply (8.17): it runs to ", stat=" */
            uint32_t e = ML_FIND(s, kv.v_off, end, ", stat=");
            ml_set(r, MAILLOG_F_REPLY, kv.v_off, e - kv.v_off);
            ml_reply_codes(r, kv.v_off, e, 1);
            p = e;
            break;
        }
        case K_STAT:
            r->kv_end = kv.k_off;
            set_stat(r, kv.v_off, end);
            return;
        case K_REJECT:
            r->kv_end = kv.k_off;
            ml_set(r, MAILLOG_F_REPLY, kv.v_off, end - kv.v_off);
            ml_reply_codes(r, kv.v_off, end, 1);
            return;
        default:
            break;
        }
    }
}

/* "ruleset=check_rcpt, arg1=<x>, relay=..., reject=550 ..." */
static void ruleset(maillog_record *r, uint32_t p, uint32_t end)
{
    /* the rulesets, and the field their arg1 names */
    static const ml_word sets[] = {ML_W("check_rcpt"), ML_W("check_mail"), ML_W("check_relay"),
                                   ML_W("check_compat"), ML_W("check_data"), {NULL, 0}};
    static const int32_t arg1[] = {MAILLOG_F_TO, MAILLOG_F_FROM, -1, -1, -1};
    const char *s = r->line;
    uint32_t n = p + 8, ne = ml_find(s, n, end, ',');
    int i;
    ml_kv kv;
    ml_sendmail_kv(r, p, end, 1);
    r->event = MAILLOG_EV_REJECT;
    r->status = MAILLOG_STATUS_REJECTED;
    if ((i = ml_word_index(s + n, ne - n, sets)) >= 0) {
        /* fields are spans of the line, so the stage is the ruleset's own
         * name (check_rcpt), not the SMTP command */
        ml_set(r, MAILLOG_F_STAGE, n, ne - n);
        if (arg1[i] == MAILLOG_F_TO)
            r->flags |= ML_REC_RCPT_REFUSAL;
        if (arg1[i] >= 0 && ml_kv_next(s, ne, end, &kv) && kv.k_len == 4 &&
            memcmp(s + kv.k_off, "arg1", 4) == 0)
            ml_set(r, arg1[i], kv.v_off, kv.v_len);
    }
    if (!ml_has(r, MAILLOG_F_REPLY)) { /* "discard", "quarantine" ... */
        r->event = MAILLOG_EV_ACTION;
        r->status = MAILLOG_STATUS_NONE;
    } else {
        ml_set(r, MAILLOG_F_ACTION, r->f[MAILLOG_F_REPLY].off - 7, 6); /* "reject" */
    }
}

/* "NEWQID: DSN: text", "NEWQID: return to sender: text", "NEWQID:
 * postmaster notify: text", "NEWQID: sender notify: text": a notification
 * the MTA created under a new queue id.  Its text says why: "Cannot send
 * message for 5 days" is the queue lifetime's end (Timeout.queuereturn),
 * so the record is the message's expiry; "Warning: could not send message
 * for past 4 hours" (Timeout.queuewarn) a delay warning, the message still
 * queued (status deferred); anything else a bounce. */
static int notification(maillog_record *r, uint32_t p, uint32_t end)
{
    static const ml_word kinds[] = {ML_W("DSN: "), ML_W("return to sender: "),
                                    ML_W("postmaster notify: "), ML_W("sender notify: "),
                                    {NULL, 0}};
    const char *s = r->line;
    uint32_t n = qid_len(s, p, end), q, k;
    int i;
    if (!n)
        return 0;
    q = p + n + 2;
    if ((i = ml_word_at(s, q, end, kinds)) < 0)
        return 0;
    k = kinds[i].n;
    ml_set(r, MAILLOG_F_NEW_QUEUE_ID, p, n);
    ml_set(r, MAILLOG_F_REPLY, q + k, end - q - k);
    r->event = MAILLOG_EV_NOTIFICATION;
    if (ML_AT(s, q + k, end, "Cannot send message for ")) {
        r->event = MAILLOG_EV_EXPIRED;
        r->status = MAILLOG_STATUS_EXPIRED;
    } else if (ML_AT(s, q + k, end, "Warning: could not send message for past ")) {
        r->status = MAILLOG_STATUS_DEFERRED;
        ml_set(r, MAILLOG_F_ACTION, q + k, 7); /* Warning */
    }
    return 1;
}

/* What happened to the message as a whole: "discarded" (a ruleset's or a
 * milter's $#discard), "quarantine=reason" and "unquarantine" (-Q, a
 * milter's quarantine: the message is held), "message size (N) exceeds
 * maximum (M)" (refused at the end of DATA). */
static int message_fate(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    if (end - p == 9 && ML_AT(s, p, end, "discarded")) {
        ml_set(r, MAILLOG_F_ACTION, p, 9);
        r->event = MAILLOG_EV_REJECT;
        r->status = MAILLOG_STATUS_DISCARDED;
        return 1;
    }
    if (ML_AT(s, p, end, "quarantine=")) {
        ml_set(r, MAILLOG_F_ACTION, p, 10);
        ml_set(r, MAILLOG_F_REPLY, p + 11, end - p - 11);
        r->event = MAILLOG_EV_QUEUE_ADMIN;
        r->status = MAILLOG_STATUS_HELD;
        return 1;
    }
    if (end - p == 12 && ML_AT(s, p, end, "unquarantine")) {
        ml_set(r, MAILLOG_F_ACTION, p, 12);
        r->event = MAILLOG_EV_QUEUE_ADMIN;
        return 1;
    }
    if (ML_AT(s, p, end, "message size (")) {
        uint32_t n = p + 14, e = n;
        while (e < end && ml_is((unsigned char)s[e], ML_C_DIGIT))
            e++;
        if (e == n || !ML_AT(s, e, end, ") exceeds maximum"))
            return 0;
        ml_set_uint(r, MAILLOG_F_SIZE, MAILLOG_N_SIZE, n, e - n);
        ml_set(r, MAILLOG_F_REPLY, p, end - p);
        r->event = MAILLOG_EV_REJECT;
        r->status = MAILLOG_STATUS_REJECTED;
        return 1;
    }
    return 0;
}

static int queue_line(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    if (p >= end) /* "QID: " and nothing more */
        return 0;
    if (ML_AT(s, p, end, "from=")) {
        ml_sendmail_kv(r, p, end, 1);
        /* relay=[addr] marks a network client; relay=user@localhost a
         * local submission */
        r->event = ml_has(r, MAILLOG_F_CLIENT_IP) ? MAILLOG_EV_CLIENT
                   : ML_FIND(s, p, end, ", relay=") < end ? MAILLOG_EV_PICKUP
                                                           : MAILLOG_EV_QUEUED;
        return 1;
    }
    if (ML_AT(s, p, end, "to=")) {
        ml_sendmail_kv(r, p, end, 0);
        r->event = MAILLOG_EV_DELIVERY;
        return 1;
    }
    if (ML_AT(s, p, end, "ruleset=")) {
        ruleset(r, p, end);
        return 1;
    }
    if (ML_AT(s, p, end, "Milter")) {
        uint32_t rj = ML_FIND(s, p, end, "reject=");
        if (rj < end) {
            ml_set(r, MAILLOG_F_ACTION, rj, 6);
            ml_set(r, MAILLOG_F_REPLY, rj + 7, end - rj - 7);
            ml_reply_codes(r, rj + 7, end, 1);
            r->event = MAILLOG_EV_REJECT;
            r->status = MAILLOG_STATUS_REJECTED;
        } else if (end - p > 7 && memcmp(s + end - 7, "discard", 7) == 0) {
            ml_set(r, MAILLOG_F_ACTION, end - 7, 7); /* "Milter: data, discard" */
            r->event = MAILLOG_EV_REJECT;
            r->status = MAILLOG_STATUS_DISCARDED;
        } else if ((rj = ML_FIND(s, p, end, "quarantine=")) < end) {
            ml_set(r, MAILLOG_F_ACTION, rj, 10);
            ml_set(r, MAILLOG_F_REPLY, rj + 11, end - rj - 11);
            r->event = MAILLOG_EV_QUEUE_ADMIN;
            r->status = MAILLOG_STATUS_HELD;
        } else {
            r->event = MAILLOG_EV_NOTICE;
        }
        return 1;
    }
    if (ML_AT(s, p, end, "done; ")) {
        ml_sendmail_kv(r, p + 6, end, 0);
        r->event = MAILLOG_EV_REMOVED;
        return 1;
    }
    if (s[p] == '<') { /* "<addr>... User unknown": refused at RCPT */
        uint32_t e = ML_FIND(s, p, end, ">... ");
        if (e < end) {
            ml_set(r, MAILLOG_F_TO, p + 1, e - p - 1);
            ml_set(r, MAILLOG_F_REPLY, e + 5, end - e - 5);
            r->event = MAILLOG_EV_REJECT;
            r->status = MAILLOG_STATUS_REJECTED;
            r->flags |= ML_REC_RCPT_REFUSAL;
            return 1;
        }
    }
    return message_fate(r, p, end) || notification(r, p, end) || ml_sendmail_session(r, p, end);
}

static int plain_line(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    if (ML_AT(s, p, end, "starting daemon") || ML_AT(s, p, end, "restarting ") ||
        ML_AT(s, p, end, "stopping daemon") || ML_AT(s, p, end, "alias database ") ||
        ML_AT(s, p, end, "gethostbyaddr(")) {
        r->event = ML_AT(s, p, end, "alias") || s[p] == 'g' ? MAILLOG_EV_NOTICE
                                                            : MAILLOG_EV_DAEMON;
        return 1;
    }
    if (ML_AT(s, p, end, "ruleset=")) {
        ruleset(r, p, end);
        return 1;
    }
    return ml_sendmail_session(r, p, end);
}

static int parse_body(void *state, maillog_record *r)
{
    const char *s = r->line;
    uint32_t p = r->f[MAILLOG_F_BODY].off, end = r->len, n;
    (void)state;
    /* One queue, many process titles: "sendmail -q" runs, sm-mta and
     * sm-acceptingconnections work the same mqueue (sm-msp-queue's
     * clientmqueue ids never meet them), so the tag is no instance: a
     * message is keyed by host and queue id alone, whichever process
     * logs it.  The program field keeps the tag. */
    r->fmask &= ~((uint64_t)1 << MAILLOG_F_INSTANCE);
    if (ML_AT(s, p, end, "NOQUEUE: ")) {
        p += 9;
        n = 0;
    } else if ((n = qid_len(s, p, end)) != 0) {
        ml_set(r, MAILLOG_F_QUEUE_ID, p, n);
        p += n + 2;
    }
    if (ML_AT(s, p, end, "SYSERR")) { /* "SYSERR(user): text" */
        uint32_t c = ML_FIND(s, p, end, ": ");
        r->severity = MAILLOG_SEV_ERROR;
        r->event = MAILLOG_EV_NOTICE;
        if (c < end)
            ml_set(r, MAILLOG_F_REPLY, c + 2, end - c - 2);
        return 1;
    }
    if (ML_AT(s, p, end, "Warning: ") || ML_AT(s, p, end, "Authentication-Warning: ")) {
        r->severity = MAILLOG_SEV_WARNING;
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    return n ? queue_line(r, p, end) : plain_line(r, p, end);
}

const ml_dialect ml_dialect_sendmail = {
    MAILLOG_MTA_SENDMAIL, "sendmail", 8, sniff, parse_body, field_key,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, ML_CORR_IMPLICIT_END, NULL, NULL,
};
