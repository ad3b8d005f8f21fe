/* test_exim_corr.c -- Exim's messages through the correlator: the
 * recipients an arrival's "for" list names (+received_recipients) wait in
 * the message, so one frozen and removed still has them; a delivery
 * "local <addr>" takes the listed address over; recipients discarded by
 * an ACL before the message had an id join the arrival that follows from
 * the same client and sender.  Lines in the shapes of
 * tests/data/exim-situations.log, with our own names. */
#include "tests.h"

#include <stdlib.h>
#include <string.h>

#ifndef ML_NO_CORRELATE
#include "corr_collect.h"

/* The messages' JSON, one per line, of a mainlog text. */
static const char *messages_of(const char *text)
{
    static char out[16384];
    maillog_parser *p = test_parser();
    maillog_corr *corr = NULL;
    maillog_record *r = NULL;
    collect c;
    const char *s = text;
    memset(&c, 0, sizeof c);
    c.keep_text = 1;
    ck_assert_int_eq(maillog_corr_new(NULL, &corr), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    maillog_corr_set_callbacks(corr, corr_on_msg, corr_on_ses, &c);
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        ck_assert_int_eq(maillog_parser_parse_line(p, s, n, r), MAILLOG_OK);
        ck_assert(!(maillog_record_flags(r) & MAILLOG_REC_UNPARSED));
        ck_assert_int_eq(maillog_corr_add(corr, r), MAILLOG_OK);
        s += n + (nl != NULL);
    }
    ck_assert_int_eq(maillog_corr_finish(corr), MAILLOG_OK);
    ck_assert_uint_lt(c.t.len, sizeof out);
    memcpy(out, c.t.buf ? c.t.buf : "", c.t.len);
    out[c.t.len] = '\0';
    free(c.t.buf);
    maillog_record_free(r, NULL);
    maillog_corr_free(corr);
    maillog_parser_free(p);
    return out;
}

/* The number of times needle occurs in hay. */
static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (; (hay = strstr(hay, needle)) != NULL; hay++)
        n++;
    return n;
}

/* Frozen by the DATA ACL and never thawed: the for list's recipients end
 * held, not absent. */
START_TEST(frozen_keeps_listed)
{
    const char *m = messages_of(
        "2024-02-01 10:00:00 1rPeDb-000000005vi-0000 <= s@x.example H=(laptop) [2001:db8::7] "
        "P=esmtp S=370 id=f1@x.example for bob@y.example \"a b\"@y.example\n"
        "2024-02-01 10:00:00 1rPeDb-000000005vi-0000 frozen by ACL\n"
        "2024-02-01 10:00:10 1rPeDb-000000005vi-0000 Message is frozen\n"
        "2024-02-01 10:01:00 1rPeDb-000000005vi-0000 removed by root\n"
        "2024-02-01 10:01:00 1rPeDb-000000005vi-0000 Completed\n");
    ck_assert_ptr_nonnull(strstr(m, "{\"to\":\"bob@y.example\",\"status\":\"held\""));
    ck_assert_ptr_nonnull(strstr(m, "{\"to\":\"\\\"a b\\\"@y.example\",\"status\":\"held\""));
    ck_assert_int_eq(count(m, "\"status\":\"held\""), 2);
}
END_TEST

/* "=> bob <bob@y.example>": the listed bob@y.example is the one delivered,
 * not a second recipient; an alias's second target is one of its own;
 * a listed recipient deferred by address stays one. */
START_TEST(delivery_takes_over)
{
    const char *m = messages_of(
        "2024-02-01 11:00:00 1rPeDb-000000005vi-0001 <= <> H=(laptop) [192.0.2.10] P=esmtp S=10 "
        "for bob@y.example list@y.example far@z.example\n"
        "2024-02-01 11:00:00 1rPeDb-000000005vi-0001 => bob <bob@y.example> R=local_user "
        "T=local_delivery\n"
        "2024-02-01 11:00:00 1rPeDb-000000005vi-0001 => ann <list@y.example> R=local_user "
        "T=local_delivery\n"
        "2024-02-01 11:00:00 1rPeDb-000000005vi-0001 -> cid <list@y.example> R=local_user "
        "T=local_delivery\n"
        "2024-02-01 11:00:01 1rPeDb-000000005vi-0001 == far@z.example R=dnslookup T=remote_smtp "
        "defer (-44) H=mx.z.example [192.0.2.20]: SMTP error from remote mail server after RCPT "
        "TO:<far@z.example>: 451 4.3.0 try later\n");
    ck_assert_int_eq(count(m, "\"to\":"), 4);
    ck_assert_ptr_nonnull(strstr(m, "{\"to\":\"bob\",\"orig_to\":\"bob@y.example\",\"status\":"
                                    "\"sent\""));
    ck_assert_ptr_nonnull(strstr(m, "{\"to\":\"ann\",\"orig_to\":\"list@y.example\""));
    ck_assert_ptr_nonnull(strstr(m, "{\"to\":\"cid\",\"orig_to\":\"list@y.example\""));
    ck_assert_ptr_nonnull(strstr(m, "{\"to\":\"far@z.example\",\"status\":\"deferred\""));
}
END_TEST

/* Discarded at RCPT before the message had an id: the arrival that
 * follows from the same client and sender lists the recipient,
 * discarded; one of another client, or an hour later, does not. */
START_TEST(early_discards)
{
    const char *m = messages_of(
        /* one of two recipients discarded; IPv6 client */
        "2024-02-01 12:00:00 H=(laptop) [2001:db8::9] F=<s@x.example> RCPT <trap@y.example>: "
        "discarded by RCPT ACL: spamtrap\n"
        "2024-02-01 12:00:01 1rPeDb-000000005vi-0002 <= s@x.example H=(laptop) [2001:db8::9] "
        "P=esmtp S=397 for ok@y.example\n"
        "2024-02-01 12:00:01 1rPeDb-000000005vi-0002 => ok <ok@y.example> R=local_user "
        "T=local_delivery\n"
        "2024-02-01 12:00:01 1rPeDb-000000005vi-0002 Completed\n"
        /* every recipient discarded, null sender, a quoted local part */
        "2024-02-01 12:00:02 H=(laptop) [192.0.2.30] F=<> RCPT <\"x y\"@y.example>: discarded by "
        "MAIL ACL\n"
        "2024-02-01 12:00:03 1rPeDb-000000005vi-0003 <= <> H=(laptop) [192.0.2.30] P=esmtp S=353\n"
        "2024-02-01 12:00:03 1rPeDb-000000005vi-0003 => blackhole (MAIL ACL discarded "
        "recipients)\n"
        "2024-02-01 12:00:03 1rPeDb-000000005vi-0003 Completed\n"
        /* another client's arrival, and one after an hour: nothing joins */
        "2024-02-01 12:00:04 H=(laptop) [192.0.2.31] F=<s@x.example> RCPT <gone@y.example>: "
        "discarded by RCPT ACL\n"
        "2024-02-01 12:00:05 1rPeDb-000000005vi-0004 <= s@x.example H=(laptop) [192.0.2.32] "
        "P=esmtp S=10 for ok@y.example\n"
        "2024-02-01 13:00:05 1rPeDb-000000005vi-0005 <= s@x.example H=(laptop) [192.0.2.31] "
        "P=esmtp S=10 for ok@y.example\n");
    const char *m2 = strstr(m, "1rPeDb-000000005vi-0002"), *m3 = strstr(m, "1rPeDb-000000005vi-0003");
    ck_assert_ptr_nonnull(m2);
    ck_assert_ptr_nonnull(m3);
    ck_assert_ptr_nonnull(strstr(m2, "{\"to\":\"trap@y.example\",\"status\":\"discarded\""));
    ck_assert_ptr_nonnull(strstr(m2, "\"reply\":\"spamtrap\""));
    ck_assert_ptr_nonnull(strstr(m3, "{\"to\":\"\\\"x y\\\"@y.example\",\"status\":"
                                     "\"discarded\""));
    ck_assert_ptr_nonnull(strstr(m3, "\"end\":\"discarded\""));
    ck_assert_ptr_null(strstr(m, "gone@y.example"));
    ck_assert_int_eq(count(m, "\"status\":\"discarded\""), 2);
}
END_TEST

Suite *suite_exim_corr(void)
{
    Suite *s = suite_create("exim_corr");
    TCase *tc = tcase_create("exim_corr");
    tcase_add_test(tc, early_discards);
    tcase_add_test(tc, frozen_keeps_listed);
    tcase_add_test(tc, delivery_takes_over);
    suite_add_tcase(s, tc);
    return s;
}
#else
Suite *suite_exim_corr(void)
{
    return suite_create("exim_corr");
}
#endif
