/* test_correlate.c -- the correlation module: golden messages and sessions
 * of real and constructed logs, accessors, limits under a hostile stream,
 * stopping, and allocation failures. */
#include "corr_collect.h"

#include <maillog_correlate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const stories[] = {"postfix-loopback", "correlate-cases", "postfix-outcomes",
                                      "pmg-filter"};

START_TEST(golden_messages_and_sessions)
{
    maillog_corr *c = NULL;
    collect out;
    char path[128], *exp;
    size_t exp_len;
    memset(&out, 0, sizeof out);
    out.keep_text = 1;
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    corr_run_file(stories[_i], c, &out);
    snprintf(path, sizeof path, "data/%s.messages.ndjson", stories[_i]);
    exp = read_file(path, &exp_len);
    ck_assert_ptr_nonnull(out.t.buf);
    if (strcmp(out.t.buf, exp) != 0) {
        /* point at the first differing line */
        size_t k = 0, line = 1;
        while (out.t.buf[k] && out.t.buf[k] == exp[k]) {
            if (exp[k] == '\n')
                line++;
            k++;
        }
        ck_abort_msg("%s: messages differ from golden at line %zu", stories[_i], line);
    }
    maillog_corr_free(c);
    free(out.t.buf);
    free(exp);
}
END_TEST

/* Find a message by queue id and host in a run and check its accessors. */
typedef struct probe {
    const char *qid, *host;
    int found;
    int32_t end;
    uint32_t flags, nrcpt, nchild;
    int64_t attempts0, status0, status1;
    char parent[32], child0[32], first_reply0[128], reply0[128];
} probe;

static void copy_out(char *dst, size_t cap, const char *p, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, p, n);
    dst[n] = '\0';
}

static int on_probe(void *u, const maillog_message *m)
{
    probe *pr = u;
    const char *p;
    size_t n;
    if (maillog_message_field(m, MAILLOG_M_QUEUE_ID, &p, &n) != 1 || strlen(pr->qid) != n ||
        memcmp(p, pr->qid, n) != 0)
        return 0;
    if (maillog_message_field(m, MAILLOG_M_HOST, &p, &n) != 1 || strlen(pr->host) != n ||
        memcmp(p, pr->host, n) != 0)
        return 0;
    if (pr->found++) /* the first one of a reused id */
        return 0;
    pr->end = maillog_message_end(m);
    pr->flags = maillog_message_flags(m);
    pr->nrcpt = maillog_message_recipient_count(m);
    pr->nchild = maillog_message_child_count(m);
    if (maillog_message_field(m, MAILLOG_M_PARENT, &p, &n) == 1)
        copy_out(pr->parent, sizeof pr->parent, p, n);
    if (pr->nchild && maillog_message_child(m, 0, &p, &n) == 1)
        copy_out(pr->child0, sizeof pr->child0, p, n);
    if (pr->nrcpt) {
        maillog_message_recipient_number(m, 0, MAILLOG_RN_ATTEMPTS, &pr->attempts0);
        maillog_message_recipient_number(m, 0, MAILLOG_RN_STATUS, &pr->status0);
        if (pr->nrcpt > 1)
            maillog_message_recipient_number(m, 1, MAILLOG_RN_STATUS, &pr->status1);
        if (maillog_message_recipient_field(m, 0, MAILLOG_R_FIRST_REPLY, &p, &n) == 1)
            copy_out(pr->first_reply0, sizeof pr->first_reply0, p, n);
        if (maillog_message_recipient_field(m, 0, MAILLOG_R_REPLY, &p, &n) == 1)
            copy_out(pr->reply0, sizeof pr->reply0, p, n);
    }
    ck_assert_int_eq(maillog_message_field(m, MAILLOG_M_COUNT, &p, &n), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_message_recipient_field(m, pr->nrcpt, MAILLOG_R_TO, &p, &n),
                     MAILLOG_E_INVAL);
    return 0;
}

static probe run_probe(const char *file, const char *qid, const char *host)
{
    maillog_corr *c = NULL;
    probe pr;
    memset(&pr, 0, sizeof pr);
    pr.qid = qid;
    pr.host = host;
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    {
        size_t len, pos = 0;
        char path[128], *in;
        maillog_parser *p = test_parser();
        maillog_record *r = NULL;
        snprintf(path, sizeof path, "data/%s.log", file);
        in = read_file(path, &len);
        ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
        maillog_corr_set_callbacks(c, on_probe, NULL, &pr);
        while (pos < len) {
            char *nl = memchr(in + pos, '\n', len - pos);
            size_t n = nl ? (size_t)(nl - (in + pos)) : len - pos;
            maillog_parser_parse_line(p, in + pos, n, r);
            maillog_corr_add(c, r);
            pos += n + 1;
        }
        maillog_corr_finish(c);
        maillog_record_free(r, NULL);
        maillog_parser_free(p);
        free(in);
    }
    maillog_corr_free(c);
    return pr;
}

START_TEST(scenarios_through_accessors)
{
    probe p = run_probe("correlate-cases", "1A0000000A", "mx1");
    ck_assert_int_eq(p.found, 2); /* the id is reused */
    ck_assert_int_eq(p.end, MAILLOG_END_REMOVED);
    ck_assert(p.flags & MAILLOG_MSG_COMPLETE);
    ck_assert_int_eq(p.attempts0, 3);
    ck_assert(strstr(p.first_reply0, "Greylisted") != NULL);
    ck_assert(strstr(p.reply0, "queued as REMOTE123") != NULL);
    ck_assert_int_eq(p.nchild, 0); /* a remote queue id is not a hand-off */

    p = run_probe("correlate-cases", "2B0000000B", "mx1");
    ck_assert_int_eq(p.nrcpt, 2); /* the delivery logged after "removed" */

    p = run_probe("correlate-cases", "5E0000000E", "mx1");
    ck_assert_str_eq(p.parent, "4D0000000D"); /* across instances */
    ck_assert(!(p.flags & MAILLOG_MSG_COMPLETE)); /* cut at end of input */

    p = run_probe("correlate-cases", "3C0000000C", "mx1");
    ck_assert_int_eq(p.end, MAILLOG_END_REJECTED);
    p = run_probe("correlate-cases", "3C0000000C", "mx2");
    ck_assert_int_eq(p.end, MAILLOG_END_REMOVED);

    p = run_probe("correlate-cases", "8B0000001B", "mx1");
    ck_assert(p.flags & MAILLOG_MSG_BOUNCE);
    ck_assert_str_eq(p.parent, "7A0000001A");
    p = run_probe("correlate-cases", "7A0000001A", "mx1");
    ck_assert_int_eq(p.end, MAILLOG_END_EXPIRED);
    ck_assert_str_eq(p.child0, "8B0000001B");
    p = run_probe("correlate-cases", "6F0000000F", "mx1");
    ck_assert_int_eq(p.end, MAILLOG_END_HELD);
    ck_assert(!(p.flags & MAILLOG_MSG_COMPLETE)); /* a hold is a state, not an end */
    p = run_probe("correlate-cases", "9C0000001C", "mx1"); /* local(8) forwarding */
    ck_assert_str_eq(p.child0, "AD0000001D");
    p = run_probe("correlate-cases", "AD0000001D", "mx1");
    ck_assert_str_eq(p.parent, "9C0000001C");
}
END_TEST

/* Per-recipient outcomes and hand-offs on evidence (postfix-outcomes.log). */
START_TEST(outcomes_and_hops)
{
    probe p = run_probe("postfix-outcomes", "1E00000001", "mx3");
    ck_assert_int_eq(p.end, MAILLOG_END_EXPIRED); /* the deferred recipient expires too */
    ck_assert_int_eq(p.status0, MAILLOG_STATUS_EXPIRED);
    ck_assert_int_eq(p.attempts0, 2);
    ck_assert_int_eq(p.status1, MAILLOG_STATUS_SENT);
    ck_assert(p.flags & MAILLOG_MSG_COMPLETE);

    p = run_probe("postfix-outcomes", "2A00000003", "mx3");
    ck_assert_int_eq(p.found, 1); /* released from hold: the same message */
    ck_assert_int_eq(p.end, MAILLOG_END_REMOVED);
    ck_assert_int_eq(p.status0, MAILLOG_STATUS_SENT);

    p = run_probe("postfix-outcomes", "6A0000000B", "mx3"); /* postsuper -h, never released */
    ck_assert_int_eq(p.end, MAILLOG_END_HELD);
    ck_assert(!(p.flags & MAILLOG_MSG_COMPLETE));
    ck_assert_int_eq(p.status0, MAILLOG_STATUS_HELD); /* deferred, then held with it */
    ck_assert_int_eq(p.attempts0, 1);

    p = run_probe("postfix-outcomes", "2B00000004", "mx3");
    ck_assert_int_eq(p.status0, MAILLOG_STATUS_BOUNCED); /* after a deferral */
    ck_assert_int_eq(p.attempts0, 2);
    ck_assert_str_eq(p.child0, "2C00000005");

    p = run_probe("postfix-outcomes", "5A0000000A", "mx3");
    ck_assert_int_eq(p.end, MAILLOG_END_DISCARDED);

    /* a loopback relay whose "queued as" ids never appear: delivered there */
    p = run_probe("postfix-outcomes", "3A00000006", "mx3");
    ck_assert_int_eq(p.nchild, 0);
    ck_assert_int_eq(p.status0, MAILLOG_STATUS_SENT);
    p = run_probe("postfix-outcomes", "99AA00001", "mx3");
    ck_assert_int_eq(p.found, 0); /* no placeholder */

    /* the filter's re-injection logged after the parent's delivery line */
    p = run_probe("postfix-outcomes", "3B00000007", "mx3");
    ck_assert_str_eq(p.child0, "3C00000008");
    p = run_probe("postfix-outcomes", "3C00000008", "mx3");
    ck_assert_str_eq(p.parent, "3B00000007");
    ck_assert(!(p.flags & MAILLOG_MSG_BOUNCE));

    /* Proxmox: Postfix -> pmg-smtp-filter (its own id) -> Postfix */
    p = run_probe("pmg-filter", "1A2B3C4D5E", "pmg");
    ck_assert_str_eq(p.child0, "5F3C2B1A0D9E8F7A6B");
    p = run_probe("pmg-filter", "5F3C2B1A0D9E8F7A6B", "pmg");
    ck_assert_str_eq(p.parent, "1A2B3C4D5E");
    ck_assert_str_eq(p.child0, "2B3C4D5E6F");
    ck_assert_int_eq(p.status1, MAILLOG_STATUS_HELD); /* quarantined */
    ck_assert_int_eq(p.end, MAILLOG_END_REMOVED);
    p = run_probe("pmg-filter", "2B3C4D5E6F", "pmg");
    ck_assert_str_eq(p.parent, "5F3C2B1A0D9E8F7A6B");
}
END_TEST

/* Lines through a parser into a new correlator (MAX_MESSAGES max_msgs
 * when not 0), collected into out. */
static void run_lines(const char *const *lines, size_t n, int64_t max_msgs, collect *out)
{
    maillog_corr *c = NULL;
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    size_t i;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    if (max_msgs)
        maillog_corr_set_limit(c, MAILLOG_CORR_MAX_MESSAGES, max_msgs);
    maillog_corr_set_callbacks(c, corr_on_msg, corr_on_ses, out);
    for (i = 0; i < n; i++) {
        ck_assert_int_eq(maillog_parser_parse_line(p, lines[i], strlen(lines[i]), r), MAILLOG_OK);
        ck_assert_int_eq(maillog_corr_add(c, r), MAILLOG_OK);
    }
    ck_assert_int_eq(maillog_corr_finish(c), MAILLOG_OK);
    maillog_corr_free(c);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}

/* A loopback relay answering with the message's own queue id, and a hop
 * whose child turns up only after many other hops: no self-link, and the
 * late child is still found. */
START_TEST(hops_need_their_own_evidence)
{
    static const char *const lines[] = {
        "Dec  1 10:00:00 mx postfix/qmgr[9]: AAAA00001: from=<a@b>, size=1, nrcpt=1 (queue active)",
        "Dec  1 10:00:01 mx postfix/smtp[8]: AAAA00001: to=<x@y>, relay=127.0.0.1[127.0.0.1]:10025, "
        "delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as AAAA00001)",
        "Dec  1 10:00:01 mx postfix/qmgr[9]: AAAA00001: removed",
        "Dec  1 10:00:02 mx postfix/qmgr[9]: BBBB00002: from=<a@b>, size=1, nrcpt=1 (queue active)",
        "Dec  1 10:00:03 mx postfix/smtp[8]: BBBB00002: to=<x@y>, relay=127.0.0.1[127.0.0.1]:10025, "
        "delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as CCCC00003)",
        "Dec  1 10:00:03 mx postfix/qmgr[9]: BBBB00002: removed",
        "Dec  1 10:00:04 mx postfix/smtpd[7]: CCCC00003: client=localhost[127.0.0.1]",
    };
    collect out;
    memset(&out, 0, sizeof out);
    out.keep_text = 1;
    run_lines(lines, sizeof lines / sizeof lines[0], 0, &out);
    ck_assert_uint_eq(out.messages, 3);
    ck_assert_ptr_nonnull(out.t.buf);
    ck_assert(strstr(out.t.buf, "\"queue_id\":\"AAAA00001\"") != NULL);
    ck_assert(strstr(out.t.buf, "\"children\":[\"AAAA00001\"]") == NULL); /* no self-link */
    ck_assert(strstr(out.t.buf, "\"children\":[\"CCCC00003\"]") != NULL); /* the late child */
    ck_assert(strstr(out.t.buf, "\"parent\":\"BBBB00002\"") != NULL);
    free(out.t.buf);
}
END_TEST

/* Found by CI's fuzz run: a message finished at a negative log time
 * (year 1013) was taken for unfinished, freed while still on the list of
 * finished entries, and read after free. */
START_TEST(negative_times_are_times)
{
    static const char *const lines[] = {
        "1013-07-25T14:32:10Z mx1 postfix/qmgr[99]: ABCDEF1: from=<a@b>, size=1, nrcpt=1 (queue active)",
        "1013-07-25T14:32:10Z mx1 postfix/qmgr[99]: ABCDEF1: removed",
        "1013-07-25T14:32:11Z mx1 postfix/qmgr[99]: ABCDEF2: from=<a@b>, size=1, nrcpt=1 (queue active)",
        "1013-07-25T14:32:12Z mx1 postfix/qmgr[99]: ABCDEF3: from=<a@b>, size=1, nrcpt=1 (queue active)",
        "1013-07-25T14:32:30Z mx1 postfix/qmgr[99]: ABCDEF2: removed",
    };
    collect out;
    memset(&out, 0, sizeof out);
    run_lines(lines, sizeof lines / sizeof lines[0], 1, &out);
    ck_assert_uint_eq(out.messages, 4); /* ABCDEF1, 3 evicted, 2, and 2's late start */
    ck_assert_uint_ge(out.messages - out.incomplete, 1);
}
END_TEST

START_TEST(corr_api_contract)
{
    maillog_corr *c = NULL;
    uint64_t v;
    ck_assert_int_eq(maillog_corr_new(NULL, NULL), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_set_limit(c, 99, 1), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_corr_set_limit(c, MAILLOG_CORR_MAX_IDLE, -1), MAILLOG_E_RANGE);
    ck_assert_int_eq(maillog_corr_set_limit(c, MAILLOG_CORR_KEEP_LINES, 2), MAILLOG_E_RANGE);
    ck_assert_int_eq(maillog_corr_counter(c, MAILLOG_CORR_CTR_COUNT, &v), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_corr_add(c, NULL), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_corr_finish(c), MAILLOG_OK);
    ck_assert_str_eq(maillog_end_name(MAILLOG_END_EXPIRED), "expired");
    ck_assert_str_eq(maillog_end_name(99), "");
    maillog_corr_free(c);
    maillog_corr_free(NULL);
}
END_TEST

#ifndef ML_TEST_PUBLIC_ONLY
#include "corr/corr.h"

/* The memo of the last message named against looking every line up: a
 * random log of two hosts, two instances and a few queue ids reused all
 * the time (hand-offs, bounces, removals, arrivals again) gives the same
 * messages and sessions both ways. */
START_TEST(memo_matches_lookup)
{
    static const char *const progs[] = {"postfix/smtpd", "postfix-out/smtp", "postfix/qmgr",
                                        "postfix/cleanup", "postfix-out/qmgr", "postfix/smtp",
                                        "postfix/local", "postfix/bounce", "mx/smtpd"};
    static const char *const ids[] = {"ABCDEF01", "ABCDEF02", "4F1A2B3C4D", "ABCDEF03"};
    maillog_parser *p = test_parser();
    maillog_corr *a, *b;
    collect ca, cb;
    maillog_record *r = NULL;
    uint32_t seed = 3, t = 0;
    char line[400], body[300];
    int i;
    memset(&ca, 0, sizeof ca);
    memset(&cb, 0, sizeof cb);
    ca.keep_text = cb.keep_text = 1;
    ck_assert_int_eq(maillog_corr_new(NULL, &a), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_new(NULL, &b), MAILLOG_OK);
    ml_corr_no_memo(b);
    maillog_corr_set_callbacks(a, corr_on_msg, corr_on_ses, &ca);
    maillog_corr_set_callbacks(b, corr_on_msg, corr_on_ses, &cb);
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    for (i = 0; i < 20000; i++) {
        uint32_t x[6], k;
        const char *id, *id2;
        int n;
        for (k = 0; k < 6; k++) {
            seed = seed * 1103515245u + 12345u;
            x[k] = seed >> 8;
        }
        t += (uint32_t[]){0, 0, 0, 1, 30, 400}[x[0] % 6];
        id = ids[x[1] % 4];
        id2 = ids[(x[1] >> 4) % 4];
        n = (int)(x[3] % 9);
        switch (x[2] % 10) {
        case 0: snprintf(body, sizeof body, "%s: client=h%d.example[192.0.2.%d]", id, n, n); break;
        case 1: snprintf(body, sizeof body, "%s: message-id=<%d@x>", id, n); break;
        case 2:
            snprintf(body, sizeof body, "%s: from=<s%d@x>, size=%d, nrcpt=2 (queue active)", id, n, n);
            break;
        case 3: /* a local hand-off: the next hop's id may be any, this one too */
            snprintf(body, sizeof body,
                     "%s: to=<r%d@y>, relay=127.0.0.1[127.0.0.1]:10025, delay=1, "
                     "delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok queued as %s)", id, n, id2);
            break;
        case 4:
            snprintf(body, sizeof body,
                     "%s: to=<r%d@y>, orig_to=<o%d@y>, relay=local, delay=1, delays=0/0/0/1, "
                     "dsn=2.0.0, status=sent (delivered)", id, n, n);
            break;
        case 5:
            snprintf(body, sizeof body,
                     "%s: to=<r%d@y>, relay=y[192.0.2.%d]:25, delay=1, delays=0/0/0/1, "
                     "dsn=4.0.0, status=deferred (later)", id, n, n);
            break;
        case 6: snprintf(body, sizeof body, "%s: removed", id); break;
        case 7: snprintf(body, sizeof body, "%s: sender non-delivery notification: %s", id, id2); break;
        case 8: snprintf(body, sizeof body, "connect from h%d[192.0.2.%d]", n, n); break;
        default: snprintf(body, sizeof body, "disconnect from h%d[192.0.2.%d] commands=1", n, n); break;
        }
        snprintf(line, sizeof line, "Nov %2u %02u:%02u:%02u mx%u %s[%u]: %s", 1 + t / 86400 % 28,
                 t / 3600 % 24, t / 60 % 60, t % 60, 1 + x[4] % 2,
                 progs[x[5] % (sizeof progs / sizeof progs[0])], 1 + (x[5] >> 8) % 5, body);
        ck_assert_int_eq(maillog_parser_parse_line(p, line, strlen(line), r), MAILLOG_OK);
        ck_assert_int_eq(maillog_corr_add(a, r), MAILLOG_OK);
        ck_assert_int_eq(maillog_corr_add(b, r), MAILLOG_OK);
    }
    ck_assert_int_eq(maillog_corr_finish(a), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_finish(b), MAILLOG_OK);
    ck_assert_uint_gt(ca.messages, 1000);
    ck_assert_uint_eq(ca.messages, cb.messages);
    ck_assert_uint_eq(ca.sessions, cb.sessions);
    ck_assert(ca.t.len == cb.t.len && memcmp(ca.t.buf, cb.t.buf, ca.t.len) == 0);
    free(ca.t.buf);
    free(cb.t.buf);
    maillog_record_free(r, NULL);
    maillog_corr_free(a);
    maillog_corr_free(b);
    maillog_parser_free(p);
}
END_TEST
#endif

Suite *suite_correlate(void)
{
    Suite *s = suite_create("correlate");
    TCase *tc = tcase_create("correlate");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, golden_messages_and_sessions, 0, (int)(sizeof stories / sizeof stories[0]));
    tcase_add_test(tc, scenarios_through_accessors);
    tcase_add_test(tc, outcomes_and_hops);
    tcase_add_test(tc, hops_need_their_own_evidence);
    tcase_add_test(tc, negative_times_are_times);
    tcase_add_test(tc, corr_api_contract);
#ifndef ML_TEST_PUBLIC_ONLY
    tcase_add_test(tc, memo_matches_lookup);
#endif
    suite_add_tcase(s, tc);
    return s;
}
