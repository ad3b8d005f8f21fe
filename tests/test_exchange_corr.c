/* test_exchange_corr.c -- Exchange's messages across their ids: the copies
 * of one message on two servers (SEND answered "[InternalId=N]", N's rows
 * under the same Message-ID), a submission and the transport's copy (the
 * network-message-id), a failure and its DSN (the DSN's Message-ID in
 * reference), a group expanded and a recipient redirected, a deferral
 * followed by a delivery.  tests/data/exchange-org.log is two servers'
 * files merged by time; the same rows are also fed one server after the
 * other, and rows that name another Message-ID must not link. */
#include "tests.h"

#include <stdlib.h>
#include <string.h>

#ifndef ML_NO_CORRELATE
#include <maillog_correlate.h>

#define MAXMSG  32
#define MAXRCPT 8
#define STR     96

typedef struct rcpt_seen {
    char to[STR], orig[STR], child[STR];
    int64_t status, attempts;
} rcpt_seen;

typedef struct msg_seen {
    char qid[STR], host[STR], parent[STR], children[STR * 2];
    uint32_t flags, nrcpt;
    int32_t end;
    rcpt_seen r[MAXRCPT];
} msg_seen;

typedef struct seen {
    msg_seen m[MAXMSG];
    int n;
} seen;

static void copy(char *dst, const char *p, size_t n)
{
    if (!p || n >= STR)
        n = 0;
    if (n)
        memcpy(dst, p, n);
    dst[n] = '\0';
}

static int on_message(void *user, const maillog_message *m)
{
    seen *s = user;
    msg_seen *x;
    const char *p;
    size_t n;
    uint32_t i;
    ck_assert_int_lt(s->n, MAXMSG);
    x = &s->m[s->n++];
    memset(x, 0, sizeof *x);
    maillog_message_field(m, MAILLOG_M_QUEUE_ID, &p, &n);
    copy(x->qid, p, n);
    maillog_message_field(m, MAILLOG_M_HOST, &p, &n);
    copy(x->host, p, n);
    if (maillog_message_field(m, MAILLOG_M_PARENT, &p, &n) == 1)
        copy(x->parent, p, n);
    for (i = 0; i < maillog_message_child_count(m); i++) {
        ck_assert_int_eq(maillog_message_child(m, i, &p, &n), 1);
        strncat(x->children, p, n < STR ? n : 0);
        strcat(x->children, " ");
    }
    x->flags = maillog_message_flags(m);
    x->end = maillog_message_end(m);
    x->nrcpt = maillog_message_recipient_count(m);
    ck_assert_uint_le(x->nrcpt, MAXRCPT);
    for (i = 0; i < x->nrcpt; i++) {
        rcpt_seen *r = &x->r[i];
        if (maillog_message_recipient_field(m, i, MAILLOG_R_TO, &p, &n) == 1)
            copy(r->to, p, n);
        if (maillog_message_recipient_field(m, i, MAILLOG_R_ORIG_TO, &p, &n) == 1)
            copy(r->orig, p, n);
        if (maillog_message_recipient_field(m, i, MAILLOG_R_CHILD, &p, &n) == 1)
            copy(r->child, p, n);
        maillog_message_recipient_number(m, i, MAILLOG_RN_STATUS, &r->status);
        maillog_message_recipient_number(m, i, MAILLOG_RN_ATTEMPTS, &r->attempts);
    }
    return 0;
}

static const msg_seen *msg(const seen *s, const char *qid)
{
    int i;
    for (i = 0; i < s->n; i++)
        if (strcmp(s->m[i].qid, qid) == 0)
            return &s->m[i];
    ck_abort_msg("message %s not emitted", qid);
    return NULL;
}

/* The message qid of server host. */
static const msg_seen *msg_on(const seen *s, const char *host, const char *qid)
{
    int i;
    for (i = 0; i < s->n; i++)
        if (strcmp(s->m[i].qid, qid) == 0 && strcmp(s->m[i].host, host) == 0)
            return &s->m[i];
    ck_abort_msg("message %s of %s not emitted", qid, host);
    return NULL;
}

static const rcpt_seen *rcpt(const msg_seen *m, const char *to)
{
    uint32_t i;
    for (i = 0; i < m->nrcpt; i++)
        if (strcmp(m->r[i].to, to) == 0)
            return &m->r[i];
    return NULL;
}

/* Recipient to of message qid: its status, attempts, orig_to and child
 * ("" for none). */
static void expect_rcpt(const seen *s, const char *qid, const char *to, int64_t status,
                        int64_t attempts, const char *orig, const char *child)
{
    const rcpt_seen *r = rcpt(msg(s, qid), to);
    ck_assert_msg(r != NULL, "%s has no recipient %s", qid, to);
    ck_assert_int_eq(r->status, status);
    ck_assert_int_eq(r->attempts, attempts);
    ck_assert_str_eq(r->orig, orig);
    ck_assert_str_eq(r->child, child);
}

/* A message complete and removed, with its parent and children. */
static void expect_msg(const seen *s, const char *qid, const char *parent, const char *children,
                       uint32_t nrcpt)
{
    const msg_seen *m = msg(s, qid);
    ck_assert_msg(m->flags & MAILLOG_MSG_COMPLETE, "%s incomplete", qid);
    ck_assert_int_eq(m->end, MAILLOG_END_REMOVED);
    ck_assert_str_eq(m->parent, parent);
    ck_assert_str_eq(m->children, children);
    ck_assert_uint_eq(m->nrcpt, nrcpt);
}

static int feed(void *c, const maillog_record *r)
{
    ck_assert_int_eq(maillog_corr_add(c, r), MAILLOG_OK);
    return 0;
}

/* The lines of text through one parser into one correlator, in their
 * order or, with ex02_first 1, EX02's rows before EX01's (2: EX01's
 * first). */
static void run(const char *text, size_t len, int64_t grace, int ex02_first, seen *s)
{
    maillog_parser *p = test_parser();
    maillog_corr *c = NULL;
    int pass;
    memset(s, 0, sizeof *s);
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_set_limit(c, MAILLOG_CORR_GRACE, grace), MAILLOG_OK);
    maillog_corr_set_callbacks(c, on_message, NULL, s);
    maillog_parser_set_callback(p, feed, c);
    /* pass 0: header lines and, with ex02_first, EX02's rows (internal ids
     * 6..., 7..., 8...); pass 1: the others */
    for (pass = 0; pass < 2; pass++) {
        const char *q = text, *end = text + len;
        while (q < end) {
            const char *e = memchr(q, '\n', (size_t)(end - q));
            size_t n = e ? (size_t)(e - q) + 1 : (size_t)(end - q);
            const char *id = NULL;
            int i, commas = 0, quoted = 0, first;
            for (i = 0; (size_t)i < n && !id; i++) { /* the 10th column */
                if (q[i] == '"')
                    quoted = !quoted;
                else if (q[i] == ',' && !quoted && ++commas == 9)
                    id = q + i + 1;
            }
            first = !id || (ex02_first == 1 && *id != '5') || (ex02_first == 2 && *id == '5');
            if (first == (pass == 0))
                ck_assert_int_eq(maillog_parser_feed(p, q, n, NULL), MAILLOG_OK);
            q += n;
        }
    }
    ck_assert_int_eq(maillog_parser_finish(p), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_finish(c), MAILLOG_OK);
    maillog_corr_free(c);
    maillog_parser_free(p);
}

/* What the two servers' log says, however it was read. */
static void check_org(const seen *s)
{
    ck_assert_int_eq(s->n, 12);
    /* one message, two recipients, two hops to EX02; zoe deferred first */
    expect_msg(s, "51001", "", "62001 62005 ", 2);
    expect_rcpt(s, "51001", "bob@example.com", MAILLOG_STATUS_SENT, 1, "", "62001");
    expect_rcpt(s, "51001", "zoe@example.com", MAILLOG_STATUS_SENT, 2, "", "62005");
    expect_msg(s, "62001", "51001", "72001 ", 1);
    expect_msg(s, "62005", "51001", "72005 ", 1);
    expect_rcpt(s, "72005", "zoe@example.com", MAILLOG_STATUS_SENT, 1, "", "");
    expect_msg(s, "72005", "62005", "", 1);
    /* the group: team@ is no recipient, its members are, each handed on */
    expect_msg(s, "51002", "", "62003 ", 3);
    ck_assert_ptr_null(rcpt(msg(s, "51002"), "team@example.com"));
    expect_rcpt(s, "51002", "amy@example.com", MAILLOG_STATUS_SENT, 1, "team@example.com", "62003");
    expect_rcpt(s, "51002", "cat@example.com", MAILLOG_STATUS_SENT, 1, "team@example.com", "62003");
    /* on EX02: ben redirected, cat unknown, and the DSN for cat */
    expect_msg(s, "62003", "51002", "62004 72003 ", 3);
    ck_assert_ptr_null(rcpt(msg(s, "62003"), "ben@example.com"));
    expect_rcpt(s, "62003", "ben.delegate@example.com", MAILLOG_STATUS_SENT, 1, "ben@example.com",
                "72003");
    expect_rcpt(s, "62003", "cat@example.com", MAILLOG_STATUS_BOUNCED, 1, "", "");
    expect_msg(s, "62004", "62003", "", 1);
    ck_assert(msg(s, "62004")->flags & MAILLOG_MSG_BOUNCE);
    expect_msg(s, "72003", "62003", "", 2);
    /* EX02's user: submission, transport, EX01, the Internet */
    expect_msg(s, "82001", "", "62006 ", 1);
    expect_rcpt(s, "82001", "lee@customer.example", MAILLOG_STATUS_SENT, 1, "", "62006");
    expect_msg(s, "62006", "82001", "51003 ", 1);
    expect_msg(s, "51003", "62006", "", 1);
    expect_rcpt(s, "51003", "lee@customer.example", MAILLOG_STATUS_SENT, 1, "", "");
}

/* exchange-org.log read with a grace period, in time order or EX02's
 * rows first. */
static void run_org(int64_t grace, int ex02_first)
{
    size_t len;
    char *text = read_file("data/exchange-org.log", &len);
    seen *s = calloc(1, sizeof *s);
    ck_assert_ptr_nonnull(text);
    run(text, len, grace, ex02_first, s);
    check_org(s);
    free(s);
    free(text);
}

START_TEST(two_servers_merged_by_time)
{
    run_org(5, 0);
}
END_TEST

/* EX02's file before EX01's: every link is made from the other side (the
 * copy seen before the SEND that names it, the transport's copy before
 * EX01 hands it on), given a grace that spans both files. */
START_TEST(one_server_after_the_other)
{
    run_org(86400, 1);
}
END_TEST

/* EX01's file first: its copy of EX02's user's message (an Originating
 * RECEIVE from EX02, sharing the network-message-id) waits for no
 * submission, so EX02's SUBMIT finds EX02's own transport copy. */
START_TEST(the_other_server_first)
{
    run_org(86400, 2);
}
END_TEST

/* A row of 30 columns: the client's and the server's host names as
 * Exchange names them for the event (RECEIVE: the client, then this
 * server; SEND: this server, then the next hop). */
#define ROWH(t, cli, srv, ev, id, mid, rcpt, st, ctx)                                      \
    "2026-12-04T10:00:0" t "Z,192.0.2.21," cli ",192.0.2.22," srv ",\"" ctx "\",,"          \
    "SMTP," ev "," id ",<" mid ">,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3," rcpt "," st      \
    ",5120,1,,,Numbers,alice@example.org,alice@example.org,,Incoming,,,,,Email,"        \
    "11111111-2222-3333-4444-555555555555,15.02.1544.004\n"
/* Who names whom: a RECEIVE on EX01 from the Internet, a SEND from EX01
 * to EX02, a RECEIVE on EX02 from EX01, a SEND from EX02 */
#define IN1  "mx.example.org", "EX01"
#define OUT1 "EX01", "EX02.example.com"
#define IN2  "EX01.example.com", "EX02"
#define OUT2 "EX02", "mx.customer.example"
#define AT1  "", "EX01" /* any other event of EX01 */
#define AT2  "", "EX02"
#define ROW(t, who, ...) ROWH(t, who, __VA_ARGS__)

/* The next hop answers with an id whose rows name another Message-ID (the
 * other server's id space): no hop, the SEND is a delivery there. */
START_TEST(another_message_id_is_no_hop)
{
    static const char log[] =
        ROW("0.100", IN1, "RECEIVE", "4101", "m1@example.org", "bob@example.com", "", "")
        ROW("1.000", OUT1, "SEND", "4101", "m1@example.org", "bob@example.com",
            "250 2.1.5 Recipient OK", ";250 2.6.0 <m1@example.org> [InternalId=4201, "
            "Hostname=EX02.example.com] Queued mail for delivery;ClientSubmitTime:")
        ROW("2.000", IN2, "RECEIVE", "4201", "other@example.org", "carol@example.com", "", "")
        ROW("2.500", OUT2, "SEND", "4201", "other@example.org", "carol@example.com",
            "250 2.1.5 Recipient OK", "");
    seen *s = calloc(1, sizeof *s);
    run(log, sizeof log - 1, 5, 0, s);
    ck_assert_int_eq(s->n, 2);
    expect_msg(s, "4101", "", "", 1);
    expect_rcpt(s, "4101", "bob@example.com", MAILLOG_STATUS_SENT, 1, "", "");
    expect_msg(s, "4201", "", "", 1);
    free(s);
}
END_TEST

/* Internal ids are each server's own counter: the same number on two
 * servers is two messages, each with its own recipients and outcome. */
START_TEST(the_same_id_on_two_servers_is_two_messages)
{
    static const char log[] =
        ROW("0.100", IN1, "RECEIVE", "4401", "m4@example.org", "bob@example.com", "", "")
        ROWH("0.200", "mx.other.example", "EX02", "RECEIVE", "4401", "m5@other.example",
             "carol@example.com", "", "")
        ROW("1.000", AT1, "FAIL", "4401", "m4@example.org", "bob@example.com",
            "550 5.1.1 RESOLVER.ADR.RecipNotFound", "")
        ROW("1.500", AT2, "DELIVER", "4401", "m5@other.example", "carol@example.com", "", "");
    seen *s = calloc(1, sizeof *s);
    const msg_seen *m;
    run(log, sizeof log - 1, 5, 0, s);
    ck_assert_int_eq(s->n, 2);
    m = msg_on(s, "EX01", "4401");
    ck_assert_uint_eq(m->nrcpt, 1);
    ck_assert_str_eq(m->r[0].to, "bob@example.com");
    ck_assert_int_eq(m->r[0].status, MAILLOG_STATUS_BOUNCED);
    m = msg_on(s, "EX02", "4401");
    ck_assert_uint_eq(m->nrcpt, 1);
    ck_assert_str_eq(m->r[0].to, "carol@example.com");
    ck_assert_int_eq(m->r[0].status, MAILLOG_STATUS_SENT);
    ck_assert(m->flags & MAILLOG_MSG_COMPLETE);
    free(s);
}
END_TEST

/* The next hop's reply names it by its DNS name in another case
 * ("ex02.EXAMPLE.com"), its own rows by its server name ("Ex02"): one
 * server, and the id it answered is found under it, in either order. */
START_TEST(a_hop_finds_its_server_however_spelled)
{
    static const char send[] =
        ROW("1.000", OUT1, "SEND", "4501", "m6@example.org", "bob@example.com",
            "250 2.1.5 Recipient OK", ";250 2.6.0 <m6@example.org> [InternalId=4401, "
            "Hostname=ex02.EXAMPLE.com] Queued mail for delivery;ClientSubmitTime:");
    static const char arrive[] =
        ROWH("1.100", "EX01.example.com", "Ex02", "RECEIVE", "4401", "m6@example.org",
             "bob@example.com", "", "")
        ROW("1.500", AT2, "DELIVER", "4401", "m6@example.org", "bob@example.com", "", "");
    /* EX01's own 4401 is another message: the hop must not land there */
    static const char first[] =
        ROW("0.100", IN1, "RECEIVE", "4401", "m7@example.org", "dan@example.com", "", "")
        ROW("0.500", IN1, "RECEIVE", "4501", "m6@example.org", "bob@example.com", "", "");
    char log[sizeof first + sizeof send + sizeof arrive];
    seen *s = calloc(1, sizeof *s);
    int order;
    for (order = 0; order < 2; order++) {
        size_t n = sizeof first - 1;
        memcpy(log, first, n);
        memcpy(log + n, order ? arrive : send, order ? sizeof arrive - 1 : sizeof send - 1);
        n += order ? sizeof arrive - 1 : sizeof send - 1;
        memcpy(log + n, order ? send : arrive, order ? sizeof send - 1 : sizeof arrive - 1);
        n += order ? sizeof send - 1 : sizeof arrive - 1;
        run(log, n, 86400, 0, s);
        ck_assert_int_eq(s->n, 3);
        ck_assert_str_eq(msg_on(s, "EX01", "4501")->children, "4401 ");
        ck_assert_str_eq(msg_on(s, "EX02", "4401")->parent, "4501");
        ck_assert_str_eq(msg_on(s, "EX01", "4401")->parent, "");
        ck_assert_str_eq(rcpt(msg_on(s, "EX01", "4501"), "bob@example.com")->child, "4401");
    }
    free(s);
}
END_TEST

/* A RECEIVE lists its recipients: one without an outcome keeps the message
 * open, however many others are final; a later SEND ends it. */
START_TEST(complete_only_when_every_recipient_is_final)
{
    static const char log[] =
        ROW("0.100", IN1, "RECEIVE", "4301", "m3@example.org", "bob@example.com;eve@example.com", "",
            "")
        ROW("1.000", OUT1, "SEND", "4301", "m3@example.org", "bob@example.com",
            "250 2.1.5 Recipient OK", "");
    static const char more[] =
        ROW("3.000", AT1, "DEFER", "4301", "m3@example.org", "eve@example.com",
            "451 4.4.0 Connection dropped", "")
        ROW("4.000", OUT1, "SEND", "4301", "m3@example.org", "eve@example.com",
            "250 2.1.5 Recipient OK", "");
    seen *s = calloc(1, sizeof *s);
    char both[sizeof log + sizeof more];
    run(log, sizeof log - 1, 5, 0, s);
    ck_assert_int_eq(s->n, 1);
    ck_assert(!(s->m[0].flags & MAILLOG_MSG_COMPLETE));
    ck_assert_int_eq(s->m[0].end, MAILLOG_END_OPEN);
    expect_rcpt(s, "4301", "eve@example.com", MAILLOG_STATUS_NONE, 0, "", "");
    memcpy(both, log, sizeof log - 1);
    memcpy(both + sizeof log - 1, more, sizeof more);
    run(both, sizeof log - 1 + sizeof more - 1, 5, 0, s);
    expect_msg(s, "4301", "", "", 2);
    expect_rcpt(s, "4301", "eve@example.com", MAILLOG_STATUS_SENT, 2, "", "");
    free(s);
}
END_TEST
#endif

Suite *suite_exchange_corr(void)
{
    Suite *s = suite_create("exchange-corr");
    TCase *tc = tcase_create("exchange-corr");
#ifndef ML_NO_CORRELATE
    tcase_add_test(tc, two_servers_merged_by_time);
    tcase_add_test(tc, one_server_after_the_other);
    tcase_add_test(tc, the_other_server_first);
    tcase_add_test(tc, another_message_id_is_no_hop);
    tcase_add_test(tc, complete_only_when_every_recipient_is_final);
    tcase_add_test(tc, the_same_id_on_two_servers_is_two_messages);
    tcase_add_test(tc, a_hop_finds_its_server_however_spelled);
#endif
    suite_add_tcase(s, tc);
    return s;
}
