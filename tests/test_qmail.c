/* test_qmail.c -- the qmail dialect: qmail-send's vocabulary of
 * qmail-log(5) in multilog (TAI64N), tai64nlocal and splogger form, the
 * SMTP side (rblsmtpd, qmail-smtpd, tcpserver), the decoded reply text,
 * and the delivery-number tie in the correlator.  Lines are built from
 * qmail-log(5) with our own numbers and names. */
#include "tests.h"

#include <string.h>
#ifndef ML_NO_CORRELATE
#include <maillog_correlate.h>
#endif

typedef struct qcase {
    const char *line, *expect;
} qcase;

static const qcase cases[] = {
    {"@4000000069290eb20000000a new msg 1234567", "mta=qmail|event=client|queue_id=1234567|!host"},
    {"@4000000069290eb20000000b info msg 1234567: bytes 2311 from <alice@sender.example> qp 40111 uid 1001",
     "event=queued|queue_id=1234567|size=2311|from=alice@sender.example"},
    {"@4000000069290eb20000000c info msg 9: bytes 1500 from <> qp 40201 uid 1003", "event=queued|from="},
    {"@4000000069290eb20000000d starting delivery 17: msg 1234567 to local bob@example.org",
     "event=notice|delivery_id=17|queue_id=1234567|to=bob@example.org|relay_host=local"},
    {"@4000000069290eb20000000e delivery 18: success: 192.0.2.25_accepted_message./Remote_host_said:_250_2.0.0_OK/",
     "event=delivery|status=sent|delivery_id=18|!queue_id|"
     "reply=192.0.2.25_accepted_message./Remote_host_said:_250_2.0.0_OK/"},
    {"@4000000069290eb20000000f delivery 19: failure: Sorry,_no_mailbox_here_by_that_name._(#5.1.1)/",
     "event=delivery|status=bounced"},
    {"@4000000069290eb200000010 delivery 20: deferral: Sorry,_I_couldn't_find_any_host_by_that_name._(#4.1.2)/",
     "event=delivery|status=deferred"},
    {"@4000000069290eb200000011 delivery 23: report mangled, will defer", "event=delivery|status=deferred"},
    {"@4000000069290eb200000012 end msg 1234567", "event=removed|queue_id=1234567"},
    {"@4000000069290eb200000013 bounce msg 1234570 qp 40201", "event=notification|queue_id=1234570"},
    {"@4000000069290eb200000014 status: local 1/10 remote 0/20", "event=statistics"},
    {"@4000000069290eb200000015 triple bounce: discarding bounce/1234572", "event=queue_admin"},
    {"@4000000069290eb200000016 alert: unable to append to bounce message; HELP! sleeping...",
     "event=notice|severity=alert"},
    {"2026-11-28 13:20:01.000000000 delivery 30: success: did_1+0+0/",
     "mta=qmail|event=delivery|delivery_id=30|!host|!program"},
    {"Nov 28 13:30:09 gw qmail: 1795959009.292776 new msg 270182", "event=client|queue_id=270182|host=gw"},
    {"Nov 28 13:31:00 gw qmail: 1795959060.485077 rblsmtpd: 198.51.100.77 pid 19597 bl.example.org: 451 "
     "http://bl.example.org/query?ip=198.51.100.77",
     "event=reject|client_ip=198.51.100.77|reply_code=451"},
    {"Nov 28 13:31:01 gw qmail: 1795959061.633171 qmail-smtpd: 421 badiprbl: ip 198.51.100.54 rbl: r.example",
     "event=reject|client_ip=198.51.100.54|reply_code=421"},
    {"Nov 28 13:31:02 gw tcpserver: pid 4242 from 192.0.2.44", "event=connect|client_ip=192.0.2.44"},
    {"Nov 28 13:31:04 gw rblsmtpd: relays.example.org blocked 192.0.2.107 test.example -",
     "event=reject|client_ip=192.0.2.107"},
    {"@4000000069290eb200000017 something qmail-send never says", "event=unknown|!queue_id"},
};

START_TEST(line_kinds) { check_expect(cases[_i].line, cases[_i].expect); }
END_TEST

START_TEST(reply_text_is_decoded)
{
    char buf[128];
    size_t n = 0;
    const maillog_record *r = parse1(cases[4].line);
    ck_assert_int_eq(maillog_record_reply_text(r, buf, sizeof buf, &n), 1);
    ck_assert_str_eq(buf, "192.0.2.25 accepted message.\nRemote host said: 250 2.0.0 OK\n");
    ck_assert_uint_eq(n, strlen(buf));
    ck_assert_int_eq(maillog_record_reply_text(r, buf, 10, &n), MAILLOG_E_NOSPC);
    ck_assert_uint_eq(n, 60);
    ck_assert_str_eq(buf, "");
    r = parse1(cases[0].line); /* no reply */
    ck_assert_int_eq(maillog_record_reply_text(r, buf, sizeof buf, &n), 0);
    ck_assert_uint_eq(n, 0);
    r = parse1("Nov 28 09:00:07 mx1 postfix/smtp[1302]: 4F1A2B3C4D: to=<a@b.example>, relay=none, "
               "delay=1, delays=1/0/0/0, dsn=4.4.1, status=deferred (connect_to /x)");
    ck_assert_int_eq(maillog_record_reply_text(r, buf, sizeof buf, NULL), 1);
    ck_assert_str_eq(buf, "connect_to /x"); /* Postfix's text is left as it is */
    ck_assert_int_eq(maillog_record_reply_text(NULL, buf, sizeof buf, NULL), MAILLOG_E_INVAL);
    ck_assert_str_eq(maillog_mta_name(MAILLOG_MTA_QMAIL), "qmail");
    ck_assert_str_eq(maillog_field_name(MAILLOG_F_DELIVERY_ID), "delivery_id");
}
END_TEST

#ifndef ML_NO_CORRELATE
static int count_msg(void *user, const maillog_message *m)
{
    int *n = user;
    const char *p;
    size_t len;
    int64_t st = -1, att = 0;
    ck_assert_uint_eq(maillog_message_recipient_count(m), 1);
    ck_assert_int_eq(maillog_message_recipient_field(m, 0, MAILLOG_R_TO, &p, &len), 1);
    ck_assert(len == 15 && memcmp(p, "bob@example.org", 15) == 0);
    maillog_message_recipient_number(m, 0, MAILLOG_RN_STATUS, &st);
    maillog_message_recipient_number(m, 0, MAILLOG_RN_ATTEMPTS, &att);
    ck_assert_int_eq(st, *n == 0 ? MAILLOG_STATUS_SENT : MAILLOG_STATUS_BOUNCED);
    ck_assert_int_eq(att, 1);
    ck_assert_int_eq(maillog_message_end(m), MAILLOG_END_REMOVED);
    (*n)++;
    return 0;
}

static int feed_corr(void *c, const maillog_record *r)
{
    ck_assert_int_eq(maillog_corr_add(c, r), MAILLOG_OK);
    return 0;
}

/* The result line names only the delivery number; the correlator finds
 * its message and recipient, and a reused message number starts anew. */
START_TEST(delivery_number_ties_result_to_message)
{
    static const char log[] =
        "@4000000069290eb200000001 new msg 77\n"
        "@4000000069290eb200000002 info msg 77: bytes 10 from <a@x.example> qp 1 uid 0\n"
        "@4000000069290eb200000003 starting delivery 5: msg 77 to local bob@example.org\n"
        "@4000000069290eb200000004 starting delivery 6: msg 99 to local other@example.org\n"
        "@4000000069290eb200000005 delivery 5: success: did_0+0+1/\n"
        "@4000000069290eb200000006 end msg 77\n"
        "@4000000069290eb200000007 new msg 77\n"
        "@4000000069290eb200000008 starting delivery 7: msg 77 to local bob@example.org\n"
        "@4000000069290eb200000009 delivery 7: failure: Sorry,_no_mailbox_here_by_that_name._(#5.1.1)/\n"
        "@4000000069290eb20000000a end msg 77\n";
    maillog_parser *p = test_parser();
    maillog_corr *c = NULL;
    int n = 0;
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_set_limit(c, MAILLOG_CORR_GRACE, 0), MAILLOG_OK);
    maillog_corr_set_callbacks(c, count_msg, NULL, &n);
    maillog_parser_set_callback(p, feed_corr, c);
    ck_assert_int_eq(maillog_parser_feed(p, log, sizeof log - 1, NULL), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_finish(p), MAILLOG_OK);
    maillog_corr_set_callbacks(c, NULL, NULL, NULL); /* msg 99 never ended: not checked */
    ck_assert_int_eq(maillog_corr_finish(c), MAILLOG_OK);
    ck_assert_int_eq(n, 2);
    maillog_corr_free(c);
    maillog_parser_free(p);
}
END_TEST
#endif

Suite *suite_qmail(void)
{
    Suite *s = suite_create("qmail");
    TCase *tc = tcase_create("qmail");
    tcase_add_loop_test(tc, line_kinds, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, reply_text_is_decoded);
#ifndef ML_NO_CORRELATE
    tcase_add_test(tc, delivery_number_ties_result_to_message);
#endif
    suite_add_tcase(s, tc);
    return s;
}
