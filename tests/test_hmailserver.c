/* test_hmailserver.c -- hMailServer's own log files: every kind of line
 * (the protocol sessions, the delivery vocabulary, DEBUG/ERROR/TCPIP),
 * local time and the default offset, a text cut by a bare LF, the sniff
 * that never claims a syslog line, the attempt's outcome carried from the
 * SMTPC replies to the line that names the message, and the correlation of
 * tests/data/hmailserver-day.log.  Lines follow the format strings of
 * hMailServer's Logger.cpp and the texts of its SMTP sources, with our own
 * names (example.org, 192.0.2.x). */
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef ML_NO_CORRELATE
#include "corr_collect.h"
#endif

#define D "\"SMTPD\"\t3120\t41\t\"2026-12-04 09:00:01.300\"\t\"198.51.100.7\"\t"
#define C "\"SMTPC\"\t3204\t43\t\"2026-12-04 09:05:10.751\"\t\"192.0.2.80\"\t"
#define A "\"APPLICATION\"\t3204\t\"2026-12-04 09:05:10.540\"\t"
#define MSG "\"SMTPDeliverer - Message 5121: "

typedef struct hcase {
    const char *line, *expect;
} hcase;

static const hcase cases[] = {
    {D "\"SENT: 220 mail.example.org ESMTP\"",
     "mta=hmailserver|event=connect|session_id=41|client_ip=198.51.100.7|reply_code=220|"
     "service=SMTPD|ts_raw=2026-12-04 09:00:01.300|!program|!host|!queue_id|severity=info"},
    {D "\"RECEIVED: EHLO client.example.net\"", "event=session|helo=client.example.net"},
    {D "\"RECEIVED: helo [192.0.2.99]\"", "event=session|helo=[192.0.2.99]"},
    {D "\"RECEIVED: MAIL FROM:<carol@example.net> SIZE=2048\"", "event=session|from=carol@example.net|!to"},
    {D "\"RECEIVED: MAIL FROM:<>\"", "event=session|from="},
    {D "\"RECEIVED: RCPT TO:<\"odd local\"@example.org>\"", "event=session|to=\"odd local\"@example.org"},
    {D "\"RECEIVED: RCPT TO:<alice@example.org>\"", "event=session|to=alice@example.org"},
    {D "\"SENT: 250-mail.example.org[nl]250-SIZE 20480000[nl]250 HELP\"",
     "event=session|reply_code=250|reply=250-mail.example.org[nl]250-SIZE 20480000[nl]250 HELP"},
    {D "\"SENT: 550 Unknown user\"", "event=reject|status=rejected|reply_code=550|reply=550 Unknown user"},
    {D "\"SENT: 530 SMTP authentication is required.\"", "event=reject|status=rejected|reply_code=530"},
    {D "\"SENT: 451 Please try again later.\"", "event=reject|status=rejected|reply_code=451"},
    {D "\"SENT: 535 Authentication failed. Restarting authentication process.\"",
     "event=auth_failed|reply_code=535|client_ip=198.51.100.7|!status"},
    {D "\"RECEIVED: AUTH LOGIN\"", "event=session|auth_method=LOGIN"},
    /* the credentials decoded: the name, never the password */
    {D "\"RECEIVED: AUTH PLAIN AGFsaWNlAHNlY3JldA== ***\"", "event=session|auth_method=PLAIN|user=alice"},
    /* as hMailServer logs it: the name alone in base64 */
    {D "\"RECEIVED: AUTH PLAIN YWxpY2VAZXhhbXBsZS5vcmc= ***\"", "event=session|user=alice@example.org"},
    {D "\"RECEIVED: AUTH LOGIN Ym9i\"", "event=session|auth_method=LOGIN|user=bob"},
    {D "\"RECEIVED: AUTH PLAIN ***\"", "event=session|auth_method=PLAIN|!user"},
    {D "\"RECEIVED: AUTH PLAIN AGFsaWNl\"", "event=session|!user"}, /* one NUL: not PLAIN */
    {D "\"SENT: 221 goodbye\"", "event=disconnect|reply_code=221"},
    {D "\"SENT: 421 Connection timeout.\"", "event=disconnect|reply_code=421|session_end=timeout"},
    {D "\"SENT: 221 goodbye\"", "event=disconnect|!session_end"},
    {"\"SMTPC\"\t3204\t0\t\"2026-12-04 09:05:10.751\"\t\"TCP\"\t\"Connection failed\"", "event=session|!relay_ip"},
    {D "\"SENT: 250 Queued (0.016 seconds)\"", "event=session|reply_code=250"},
    {D "\"RECEIVED: DATA\"", "event=session|!reply_code"},
    {D "\"Too many invalid commands. Bye!\"", "event=session|body=Too many invalid commands. Bye!"},
    /* the text is not escaped: quotes and TABs inside it stay */
    {D "\"RECEIVED: HELO \"quoted\"\there\"", "event=session|helo=\"quoted\"\there"},
    {"\"SMTPD\"\t3120\t41\t\"2026-12-04 09:00:01.300\"\t\"2001:db8::25\"\t\"SENT: 220 ok\"",
     "event=connect|client_ip=2001:db8::25"},
    {C "\"SENT: MAIL FROM:<alice@example.org>\"",
     "event=session|from=alice@example.org|relay_ip=192.0.2.80|!client_ip|service=SMTPC"},
    {C "\"SENT: RCPT TO:<dave@example.com>\"", "event=session|to=dave@example.com"},
    {C "\"RECEIVED: 450 4.2.0 Greylisted\"", "event=relay_error|reply_code=450|dsn=4.2.0"},
    {C "\"RECEIVED: 550 5.1.1 User unknown\"", "event=relay_error|reply_code=550|dsn=5.1.1"},
    {C "\"SENT: HELO mail.example.org\"", "event=session|!helo"},
    {A MSG "Delivering message from alice@example.org to dave@example.com, erin@example.com. "
           "File: C:\\Program Files (x86)\\hMailServer\\Data\\{9B8A7C6D}.eml\"",
     "event=client|queue_id=5121|from=alice@example.org|to=dave@example.com|service=APPLICATION"},
    {A MSG "Delivering message from <Empty> to alice@example.org. File: C:\\x.eml\"",
     "event=client|from=|to=alice@example.org"},
    {A MSG "Relaying to host smtp.example.net.\"", "event=notice|queue_id=5121|relay_host=smtp.example.net"},
    {A MSG "No mail servers could be found for the address x@nowhere.example.\"",
     "event=relay_error|to=x@nowhere.example"},
    {A MSG "Message could not be delivered. Scheduling it for later delivery in 60 minutes.\"",
     "event=delivery|status=deferred|queue_id=5121|!to"},
    {A MSG "Message could not be delivered. Greylisting? Scheduling it for quick retry 1 of 2 in 6 minutes.\"",
     "event=delivery|status=deferred"},
    {A MSG "Message could not be delivered. Returning error log to sender.\"", "event=delivery|status=bounced"},
    {A MSG "Message will be deleted (contained virus Eicar-Test-Signature).\"",
     "event=delivery|status=discarded"},
    {A MSG "The message was not delivered to bob@example.org. Delivery to this account was canceled by an account rule Spam.\"",
     "event=delivery|status=discarded|to=bob@example.org|reply=Delivery to this account was canceled by an account rule Spam."},
    /* no Delivering line before it in this parser: nothing known of the attempt */
    {A MSG "Message delivery thread completed.\"", "event=notice|queue_id=5121|!status"},
    {A "\"SMTPDeliverer - Route Message: HOLD for later delivery..\"", "event=notice|!queue_id"},
    {"\"DEBUG\"\t3112\t\"2026-12-04 09:00:01.100\"\t\"Creating session 41\"",
     "event=session|session_id=41|severity=debug|service=DEBUG"},
    {"\"DEBUG\"\t3112\t\"2026-12-04 09:00:01.100\"\t\"Ending session 41\"", "event=session|session_id=41"},
    {"\"DEBUG\"\t3112\t\"2026-12-04 09:00:01.100\"\t\"SMTPDeliverer - Message 77 - Connection failed: "
     "The remote host refused the connection.\"",
     "event=relay_error|queue_id=77|reply=The remote host refused the connection.|severity=debug"},
    {"\"TCPIP\"\t3112\t\"2026-12-04 09:00:01.101\"\t\"TCP - 198.51.100.7 connected to 192.0.2.10:25.\"",
     "event=notice|service=TCPIP|severity=info"},
    {"\"ERROR\"\t3100\t\"2026-12-04 09:40:00.000\"\t\"Severity: 2 (High), Code: HM5000\"",
     "event=notice|severity=error"},
    {"\"IMAPD\"\t3160\t49\t\"2026-12-04 09:30:00.100\"\t\"192.0.2.150\"\t\"RECEIVED: a1 LOGIN \"bob@example.org\" ***\"",
     "event=session|user=bob@example.org"},
    {"\"IMAPD\"\t3160\t49\t\"2026-12-04 09:30:00.100\"\t\"192.0.2.150\"\t\"RECEIVED: a2 login bob ***\"",
     "event=session|user=bob"},
    {"\"POP3D\"\t3164\t50\t\"2026-12-04 09:31:00.100\"\t\"192.0.2.151\"\t\"RECEIVED: USER mallory\"",
     "event=session|user=mallory|client_ip=192.0.2.151"},
    {"\"POP3C\"\t3164\t51\t\"2026-12-04 09:31:00.100\"\t\"192.0.2.152\"\t\"RECEIVED: +OK\"", "event=session"},
    /* not hMailServer's: an unknown type, a broken stamp, a missing column */
    {"\"SMTPX\"\t3120\t41\t\"2026-12-04 09:00:01.300\"\t\"198.51.100.7\"\t\"SENT: 220 x\"", "event=unknown|mta="},
    {"\"SMTPD\"\t3120\t41\t\"2026-13-04 09:00:01.300\"\t\"198.51.100.7\"\t\"SENT: 220 x\"", "event=unknown"},
    {"\"SMTPD\"\t3120\t\"2026-12-04 09:00:01.300\"\t\"198.51.100.7\"\t\"SENT: 220 x\"", "event=unknown"},
    {"\"APPLICATION\"\tx\t\"2026-12-04 09:00:01.300\"\t\"text\"", "event=unknown"},
};

START_TEST(line_kinds) { check_expect(cases[_i].line, cases[_i].expect); }
END_TEST

/* The recipients of a delivery line, and their count. */
START_TEST(recipient_list)
{
    static const char line[] = A MSG "Delivering message from a@example.org to b@example.com, "
                                     "<c@example.com>, d@example.net. File: x.eml\"";
    const maillog_record *r = parse1(line);
    static const char *const want[] = {"b@example.com", "c@example.com", "d@example.net"};
    uint32_t cur = 0, i = 0;
    const char *p;
    size_t n;
    while (maillog_record_recipient_next(r, &cur, &p, &n) == 1) {
        ck_assert_uint_lt(i, 3);
        ck_assert_uint_eq(n, strlen(want[i]));
        ck_assert_int_eq(memcmp(p, want[i], n), 0);
        i++;
    }
    ck_assert_uint_eq(i, 3);
    ck_assert_int_eq(num(r, MAILLOG_N_NRCPT), 3);
}
END_TEST

/* Local time: UTC unless the parser is told the offset. */
START_TEST(local_time_and_offset)
{
    static const char line[] = D "\"SENT: 220 x\"";
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    int64_t sec;
    int32_t usec, off;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, line, sizeof line - 1, r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_time(r, &sec, &usec, &off), 1);
    ck_assert_int_eq(sec, 1796374801LL); /* 2026-12-04T09:00:01Z */
    ck_assert_int_eq(usec, 300000);
    ck_assert_int_eq(off, 0);
    ck_assert_uint_eq(maillog_record_flags(r) & MAILLOG_REC_HAS_OFFSET, 0);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_DEFAULT_OFFSET, 3600), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, line, sizeof line - 1, r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_time(r, &sec, &usec, &off), 1);
    ck_assert_int_eq(sec, 1796374801LL - 3600);
    ck_assert_int_eq(off, 3600);
    ck_assert_ptr_nonnull(strstr(json_of(r), "\"ts\":\"2026-12-04T09:00:01.300000\""));
    ck_assert_ptr_nonnull(strstr(json_of(r), "\"attrs\":{\"thread\":\"3120\"}"));
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

/* A syslog line never goes to hMailServer, even with its text; nor does
 * hMailServer's sniff take an Exchange row or a Postfix line. */
START_TEST(sniff_never_claims_syslog)
{
    check_expect("Dec  4 09:00:01 mx hmailserver[12]: \"SMTPD\"\t3120\t41\t\"2026-12-04 09:00:01.300\"\t"
                 "\"198.51.100.7\"\t\"SENT: 220 x\"",
                 "event=unknown|mta=");
    check_expect("Dec  4 09:00:01 mx postfix/smtpd[12]: connect from unknown[192.0.2.1]",
                 "mta=postfix|event=connect");
    check_expect("\"SMTPD\" is not a log line", "event=unknown|mta=");
}
END_TEST

/* A bare LF a client sent cuts the text: the rest is a continuation (a
 * partial notice), and the stream goes on. */
START_TEST(bare_lf_continuation)
{
    static const char *const lines[] = {
        D "\"RECEIVED: HELO scanner",
        "probe\"",
        D "\"SENT: 250 Hello.\"",
        "probe\"",
    };
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, lines[0], strlen(lines[0]), r), MAILLOG_OK);
    check_record(r, lines[0], "mta=hmailserver|event=session|helo=scanner");
    ck_assert_uint_ne(maillog_record_flags(r) & MAILLOG_REC_PARTIAL, 0);
    ck_assert_int_eq(maillog_parser_parse_line(p, lines[1], strlen(lines[1]), r), MAILLOG_OK);
    check_record(r, lines[1], "mta=hmailserver|event=notice|body=probe\"");
    ck_assert_int_eq(maillog_parser_parse_line(p, lines[2], strlen(lines[2]), r), MAILLOG_OK);
    check_record(r, lines[2], "event=session|reply_code=250");
    ck_assert_uint_eq(maillog_record_flags(r) & MAILLOG_REC_PARTIAL, 0);
    /* the text before it was whole: no continuation expected */
    ck_assert_int_eq(maillog_parser_parse_line(p, lines[3], strlen(lines[3]), r), MAILLOG_OK);
    check_record(r, lines[3], "event=unknown|mta=");
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

/* The attempt's end line names the message; what the SMTPC session on
 * the same thread heard decides its outcome. */
static void attempt(const char *reply_rcpt, const char *reply_dot, const char *expect)
{
    char lines[8][512];
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    int i, n = 0;
    snprintf(lines[n++], 512, A MSG "Delivering message from a@example.org to b@example.com. File: x.eml\"");
    snprintf(lines[n++], 512, C "\"SENT: RCPT TO:<b@example.com>\"");
    snprintf(lines[n++], 512, C "\"RECEIVED: %s\"", reply_rcpt);
    if (reply_dot) {
        snprintf(lines[n++], 512, C "\"SENT: [nl].\"");
        snprintf(lines[n++], 512, C "\"RECEIVED: %s\"", reply_dot);
    }
    snprintf(lines[n++], 512, C "\"SENT: QUIT\"");
    snprintf(lines[n++], 512, C "\"RECEIVED: 221 Bye\"");
    snprintf(lines[n++], 512, A MSG "Message delivery thread completed.\"");
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    for (i = 0; i < n; i++)
        ck_assert_int_eq(maillog_parser_parse_line(p, lines[i], strlen(lines[i]), r), MAILLOG_OK);
    check_record(r, lines[n - 1], expect);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}

/* AUTH LOGIN over several lines: the name step decoded into user, kept by
 * the session for the 535 that refuses it; the password step ("***")
 * names nobody.  The accessors give the decoded text, which is no span
 * of the line, and a copy of the record keeps it. */
START_TEST(auth_login_names_the_user)
{
    static const char *const lines[][2] = {
        {D "\"RECEIVED: AUTH LOGIN\"", "auth_method=LOGIN|!user"},
        {D "\"SENT: 334 VXNlcm5hbWU6\"", "!user"},
        {D "\"RECEIVED: bWFsbG9yeUBleGFtcGxlLm9yZw==\"", "event=session|user=mallory@example.org"},
        {D "\"SENT: 334 UGFzc3dvcmQ6\"", "!user"},
        {D "\"RECEIVED: ***\"", "!user"},
        {D "\"SENT: 535 Authentication failed. Restarting authentication process.\"",
         "event=auth_failed|user=mallory@example.org|reply_code=535"},
        /* another AUTH forgets the name */
        {D "\"RECEIVED: AUTH LOGIN\"", "!user"},
        {D "\"SENT: 535 Authentication failed. Restarting authentication process.\"",
         "event=auth_failed|!user"},
        /* SMTPC: our own account at a smarthost is not a client's login */
        {C "\"SENT: AUTH LOGIN Ym9i\"", "!user"},
    };
    maillog_parser *p = test_parser();
    maillog_record *r = NULL, *copy = NULL;
    char text[512];
    uint32_t off, len;
    size_t i;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_new(NULL, &copy), MAILLOG_OK);
    for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        ck_assert_int_eq(maillog_parser_parse_line(p, lines[i][0], strlen(lines[i][0]), r),
                         MAILLOG_OK);
        check_record(r, lines[i][0], lines[i][1]);
    }
    {
        const char *line = D "\"RECEIVED: AUTH LOGIN bWFsbG9yeUBleGFtcGxlLm9yZw==\"";
        ck_assert_int_eq(maillog_parser_parse_line(p, line, strlen(line), r), MAILLOG_OK);
    }
    ck_assert_int_eq(maillog_record_span(r, MAILLOG_F_USER, &off, &len), 0);
    ck_assert_int_eq(maillog_record_copy(copy, r, text), MAILLOG_OK);
    ck_assert_str_eq(fld(copy, MAILLOG_F_USER), "mallory@example.org");
    ck_assert_ptr_nonnull(strstr(json_of(copy), "\"user\":\"mallory@example.org\""));
    maillog_record_free(copy, NULL);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

START_TEST(attempt_outcome_from_smtpc)
{
    attempt("250 2.1.5 Ok", "250 2.0.0 Ok: queued as 4Q", "event=delivery|status=sent|queue_id=5121");
    attempt("550 5.1.1 User unknown", NULL, "event=delivery|status=bounced|queue_id=5121");
    attempt("250 2.1.5 Ok", "451 4.3.0 Try later", "event=notice|!status");
    attempt("250 2.1.5 Ok", "554 5.7.1 Rejected", "event=delivery|status=bounced");
}
END_TEST

#ifndef ML_NO_CORRELATE
/* The day's log end to end: every recipient with its outcome. */
START_TEST(day_correlates)
{
    maillog_corr *c = NULL;
    collect out;
    memset(&out, 0, sizeof out);
    out.keep_text = 1;
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_set_limit(c, MAILLOG_CORR_GRACE, 0), MAILLOG_OK);
    maillog_corr_set_callbacks(c, corr_on_msg, corr_on_ses, &out);
    corr_run_file("hmailserver-day", c, &out);
    ck_assert_int_eq(maillog_corr_finish(c), MAILLOG_OK);
    maillog_corr_free(c);
    textbuf_add(&out.t, "", 0);
    ck_assert_ptr_nonnull(strstr(out.t.buf, "{\"to\":\"dave@example.com\",\"status\":\"sent\""));
    ck_assert_ptr_nonnull(strstr(out.t.buf, "{\"to\":\"erin@example.com\",\"status\":\"sent\""));
    ck_assert_ptr_nonnull(strstr(out.t.buf, "{\"to\":\"frank@example.com\",\"status\":\"sent\",\"attempts\":2"));
    ck_assert_ptr_nonnull(strstr(out.t.buf, "{\"to\":\"gone@example.net\",\"status\":\"bounced\""));
    ck_assert_ptr_nonnull(strstr(out.t.buf, "{\"to\":\"someone@nowhere.example\",\"status\":\"deferred\""));
    ck_assert_ptr_nonnull(strstr(out.t.buf, "\"session_id\":\"45\""));
    ck_assert_ptr_nonnull(strstr(out.t.buf, "\"auth_failures\":2"));
    ck_assert_ptr_nonnull(strstr(out.t.buf, "\"last_reject\":\"550 Unknown user\""));
    ck_assert_int_eq((int)out.messages, 6);
    free(out.t.buf);
}
END_TEST
#endif

Suite *suite_hmailserver(void)
{
    Suite *s = suite_create("hmailserver");
    TCase *tc = tcase_create("hmailserver");
    tcase_add_loop_test(tc, line_kinds, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, recipient_list);
    tcase_add_test(tc, local_time_and_offset);
    tcase_add_test(tc, sniff_never_claims_syslog);
    tcase_add_test(tc, bare_lf_continuation);
    tcase_add_test(tc, attempt_outcome_from_smtpc);
    tcase_add_test(tc, auth_login_names_the_user);
#ifndef ML_NO_CORRELATE
    tcase_add_test(tc, day_correlates);
#endif
    suite_add_tcase(s, tc);
    return s;
}
