/* test_mailenable.c -- MailEnable's activity and W3C logs: every kind of
 * row (inbound and outbound SMTP steps, AUTH, the banner, IMAP logins,
 * the file markers), local time and MAILLOG_OPT_DEFAULT_OFFSET, the W3C
 * header and its columns, what is never an attribute (credentials, the
 * subject unless asked), and that the sniff claims neither a syslog line
 * nor an Exchange file.  Rows are written from formats-windows.md section
 * 3 with our own names (example.org, 192.0.2.x). */
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T "\t"
#define MAI "5E1A0C3B9F0D4E21A7C6D0E1F2A3B4C5.MAI"
#define IN(stamp, verb, det, resp, user) \
    stamp T "SMTP-IN" T MAI T "1320" T "198.51.100.23" T verb T det T resp T "43" T "28" T user T
#define OUT(verb, det, resp, sent) \
    "12/04/26 09:02:21" T "SMTP-OU" T MAI T "1512" T "203.0.113.25" T verb T det T resp T sent \
    T "14" T T "Minutes of the meeting"

/* ---------------------------------------------------------- activity rows */
START_TEST(inbound_steps)
{
    check_expect(IN("12/04/26 08:15:02", "", "", "220 mail.example.org ESMTP MailEnable Service", ""),
                 "mta=mailenable|event=connect|client_ip=198.51.100.23|session_id=1320|"
                 "reply_code=220|ts_raw=12/04/26 08:15:02|!queue_id|!event_raw");
    check_expect(IN("12/04/26 08:15:02", "EHLO", "EHLO out.example.net", "250-mail.example.org", ""),
                 "event=session|event_raw=EHLO|helo=out.example.net|!queue_id");
    check_expect(IN("12/04/26 08:15:04", "MAIL", "MAIL FROM:<news@example.net> SIZE=18211",
                    "250 Requested mail action okay, completed", ""),
                 "event=client|queue_id=" MAI "|from=news@example.net|size=18211|session_id=1320");
    check_expect(IN("12/04/26 08:15:04", "MAIL", "MAIL FROM:<>", "250 Requested mail action okay, completed", ""),
                 "event=client|from=");
    check_expect(IN("12/04/26 08:15:04", "RCPT", "RCPT TO:<\"a b\"@example.org>",
                    "550 Requested action not taken: mailbox unavailable or not local.", ""),
                 "event=reject|status=rejected|stage=RCPT|to=\"a b\"@example.org|queue_id=" MAI
                 "|reply_code=550");
    check_expect(IN("12/04/26 08:15:04", "MAIL", "MAIL FROM:<x@example.net>",
                    "501 Sender domain is invalid. Could not find DNS record.", ""),
                 "event=reject|stage=MAIL|from=x@example.net|!queue_id");
    check_expect(IN("12/04/26 08:15:04", "RCPT", "RCPT TO:<alice@example.org>",
                    "250 Requested mail action okay, completed", ""),
                 "event=queued|to=alice@example.org|queue_id=" MAI "|!status");
    /* no row follows the end of the data: DATA answered 354 takes it */
    check_expect(IN("12/04/26 08:15:05", "DATA", "DATA", "354 Start mail input; end with <CRLF>.<CRLF>", ""),
                 "event=delivery|status=sent|queue_id=" MAI "|reply_code=354|!to");
    check_expect(IN("12/04/26 08:15:05", "DATA", "DATA", "554 Transaction failed", ""),
                 "event=reject|status=rejected|stage=DATA|queue_id=" MAI);
    check_expect(IN("12/04/26 08:15:06", "QUIT", "QUIT", "221 Service closing transmission channel", "bob"),
                 "event=disconnect|user=bob|!queue_id");
    check_expect(IN("12/04/26 08:31:40", "", "", "530 mail.example.org ESMTP MailEnable Service, "
                    "Version: 10.44-- denied access at 12/04/26 08:31:40", ""),
                 "event=reject|status=rejected|!stage");
    /* STARTTLS's first row: nothing sent, nothing answered */
    check_expect(IN("12/04/26 08:15:03", "", "", "", ""), "event=session|!reply");
}
END_TEST

START_TEST(auth_steps)
{
    check_expect(IN("12/04/26 09:02:11", "AUTH", "AUTH LOGIN", "334 VXNlcm5hbWU6", ""),
                 "event=session|auth_method=LOGIN|!user");
    check_expect(IN("12/04/26 09:02:12", "AUTH", "c2VjcmV0", "235 Authenticated", "carol@example.org"),
                 "event=session|user=carol@example.org|!auth_method");
    check_expect(IN("12/04/26 09:02:12", "AUTH", "MTIzNDU2", "535 Invalid Username or Password", "tci"),
                 "event=auth_failed|user=tci|client_ip=198.51.100.23|reply_code=535");
    /* a row without its last column (hand-edited files) */
    check_expect("03/26/25 00:17:57" T "SMTP-IN" T MAI T "2020" T "2001:db8::7" T "AUTH" T
                 "SW5kaWE=" T "535 Invalid Username or Password" T "34" T "18" T,
                 "event=auth_failed|client_ip=2001:db8::7|!user");
    /* an IMAP login refused: the name from the command */
    check_expect("05/24/21 00:02:38" T "IMAP-IN" T T "3404" T "192.0.2.56" T "LOGIN" T
                 "LOGIN \"user@example.org\" \"********\"" T
                 "001 NO LOGIN Failed - Invalid username or password." T "53" T "42" T T,
                 "event=auth_failed|user=user@example.org|session_id=3404|!queue_id");
    check_expect("05/24/21 00:02:39" T "POP3-IN" T T "3410" T "192.0.2.56" T "USER" T
                 "USER dave" T "+OK" T "5" T "11" T T, "event=session|user=dave");
    /* the mechanism is no user name */
    check_expect("05/24/21 00:02:40" T "IMAP-IN" T T "3412" T "192.0.2.56" T "AUTHENTICATE" T
                 "AUTHENTICATE PLAIN" T "a1 NO AUTHENTICATE failed" T "30" T "20" T T,
                 "event=auth_failed|!user");
}
END_TEST

/* The credentials of an AUTH step and the subject are never attributes. */
START_TEST(no_secrets_in_attributes)
{
    const maillog_record *r =
        parse1(IN("12/04/26 09:02:12", "AUTH", "c2VjcmV0", "535 Invalid Username or Password", "x"));
    const char *j = json_of(r);
    ck_assert_ptr_null(strstr(j, "c2VjcmV0"));
    ck_assert_ptr_nonnull(strstr(j, "\"attrs\":{\"agent\":\"SMTP-IN\",\"message-file\":\"" MAI "\""));
    r = parse1(OUT("DATA", "DATA", "354 go ahead", "6"));
    ck_assert_ptr_null(strstr(json_of(r), "Minutes"));
}
END_TEST

START_TEST(outbound_steps)
{
    check_expect(OUT("CONN", "", "220 mx.example.com ESMTP", "0"),
                 "event=session|event_raw=CONN|relay_ip=203.0.113.25|queue_id=" MAI "|!session_id|!client_ip");
    check_expect(OUT("MAIL", "MAIL FROM:<carol@example.org> SIZE=2048", "250 2.1.0 Ok", "56"),
                 "event=queued|from=carol@example.org|size=2048|queue_id=" MAI);
    /* the recipient accepted opens the tie; DATE's reply is its result */
    check_expect(OUT("RCPT", "RCPT TO:<dave@example.com>", "250 2.1.5 Ok", "36"),
                 "event=session|to=dave@example.com|delivery_id=" MAI "|queue_id=" MAI);
    check_expect(OUT("DATE", ".", "250 2.0.0 Ok: queued as 4Q1xYz0AbC", "2071"),
                 "event=delivery|status=sent|delivery_id=" MAI "|!queue_id|size=2071|dsn=2.0.0");
    check_expect(OUT("DATE", ".", "554 5.7.1 Message rejected as spam", "2071"),
                 "event=delivery|status=bounced|reply_code=554");
    check_expect(OUT("RCPT", "RCPT TO:<erin@example.net>", "452 4.2.2 Mailbox full", "40"),
                 "event=delivery|status=deferred|to=erin@example.net|queue_id=" MAI "|!delivery_id");
    check_expect(OUT("CONN", "", "421 4.3.2 Service not available", "0"), "event=relay_error");
}
END_TEST

START_TEST(markers_and_noise)
{
    check_expect("[12/04/26 00:00:02]****************** LOG FILE STARTED *******************",
                 "mta=mailenable|event=notice|ts_raw=12/04/26 00:00:02");
    check_expect("[12/04/26 23:59:59]****************** LOG FILE CLOSED ********************",
                 "mta=mailenable|event=notice");
    /* not MailEnable's: no agent, a bad date, too few columns */
    check_expect("12/04/26 08:15:02" T "nothing here", "mta=");
    check_expect(IN("13/45/26 08:15:02", "QUIT", "QUIT", "221 Bye", ""), "mta=");
    check_expect("12/04/26 08:15:02" T "SMTP-IN" T MAI T "1" T "192.0.2.1", "mta=");
    check_expect("[12/04/26 00:00:02] hello", "mta=");
}
END_TEST

/* Local time: the caller's offset (MAILLOG_OPT_DEFAULT_OFFSET) places it. */
START_TEST(local_time)
{
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    const char *line = IN("12/04/26 08:15:02", "QUIT", "QUIT", "221 Bye", "");
    int64_t sec;
    int32_t usec, off;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, line, strlen(line), r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_time(r, &sec, &usec, &off), 1);
    ck_assert_int_eq(sec, 1796372102LL); /* 2026-12-04T08:15:02Z */
    ck_assert_uint_eq(maillog_record_flags(r) & MAILLOG_REC_HAS_OFFSET, 0);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_DEFAULT_OFFSET, -5 * 3600), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, line, strlen(line), r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_time(r, &sec, &usec, &off), 1);
    ck_assert_int_eq(sec, 1796372102LL + 5 * 3600);
    ck_assert_int_eq(off, -5 * 3600);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

/* ---------------------------------------------------------- streams */
/* Lines through one parser, each checked against its expectation. */
static void stream(maillog_parser *p, const char *const (*rows)[2], size_t n)
{
    maillog_record *r = NULL;
    size_t i;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    for (i = 0; i < n; i++) {
        ck_assert_int_eq(maillog_parser_parse_line(p, rows[i][0], strlen(rows[i][0]), r), MAILLOG_OK);
        check_record(r, rows[i][0], rows[i][1]);
    }
    maillog_record_free(r, NULL);
}

#define W3C_FIELDS "#Fields: date time c-ip agent account s-ip s-port cs-method cs-uristem " \
                   "cs-uriquery s-computername sc-bytes cs-bytes cs-username"

START_TEST(w3c_header_and_rows)
{
    static const char *const rows[][2] = {
        {W3C_FIELDS, "mta=mailenable|event=notice"},
        {"2024-05-29 05:23:30 192.0.2.9 SMTP-IN example.org 192.0.2.1 1076 AUTH {blank} "
         "235+Authenticated MAIL01 19 14 grace@example.org",
         "mta=mailenable|event=session|reply_code=235|user=grace@example.org|session_id=1076|"
         "client_ip=192.0.2.9|ts_raw=2024-05-29 05:23:30"},
        {"2024-05-29 05:23:31 192.0.2.9 SMTP-IN example.org 192.0.2.1 1076 AUTH {blank} "
         "535+Invalid+Username+or+Password MAIL01 34 14 grace@example.org",
         "event=auth_failed|user=grace@example.org"},
        {"2024-05-29 05:23:32 192.0.2.9 SMTP-IN - 192.0.2.1 1076 MAIL MAIL+FROM:<a@example.net> "
         "250+OK MAIL01 8 30 -", "event=session|from=a@example.net|!user|!queue_id"},
        /* the columns change: another order, an unknown name */
        {"#Fields: time date agent c-ip cs-method cs-uriquery x-extra",
         "mta=mailenable|event=notice"},
        {"05:23:40 2024-05-29 SMTP-IN 192.0.2.10 QUIT 221+Bye x1", "event=disconnect|client_ip=192.0.2.10"},
        {"05:23:40 2024-05-29 SMTP-IN 192.0.2.10 QUIT", "mta=|event=unknown"}, /* too few */
    };
    maillog_parser *p = test_parser();
    int64_t v = 0;
    maillog_record *r = NULL;
    uint32_t cur = 0;
    const char *k, *val;
    size_t kn, vn;
    stream(p, rows, sizeof rows / sizeof rows[0]);
    ck_assert_int_eq(maillog_parser_get_option(p, MAILLOG_OPT_STREAM_DIALECT, &v), MAILLOG_OK);
    ck_assert_int_eq(v, MAILLOG_MTA_MAILENABLE);
    /* the attributes are named by the header */
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, rows[5][0], strlen(rows[5][0]), r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &val, &vn), 1);
    ck_assert(kn == 5 && memcmp(k, "agent", 5) == 0 && vn == 7);
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &val, &vn), 1);
    ck_assert(kn == 7 && memcmp(k, "x-extra", 7) == 0 && vn == 2 && memcmp(val, "x1", 2) == 0);
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &val, &vn), 0);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

/* A row read without its header: the SMTP columns, when it has 14 values
 * and an agent in the fourth. */
START_TEST(w3c_without_header)
{
    check_expect("2024-05-29 05:23:30 192.0.2.9 SMTP-IN example.org 192.0.2.1 1076 AUTH {blank} "
                 "535+Invalid+Username+or+Password MAIL01 34 14 grace@example.org",
                 "mta=mailenable|event=auth_failed|user=grace@example.org");
}
END_TEST

/* The login name of an AUTH step, in base64 in the details, decoded into
 * user when the user column names nobody: the name step (answered by the
 * password prompt), AUTH LOGIN and AUTH PLAIN with their initial
 * response; the socket remembers it for the 535 that refuses it.  The
 * password step is never decoded, and the column wins when it names
 * someone. */
START_TEST(auth_names_decoded)
{
    static const char *const rows[][2] = {
        {IN("12/04/26 09:02:11", "AUTH", "AUTH LOGIN", "334 VXNlcm5hbWU6", ""),
         "auth_method=LOGIN|!user"},
        {IN("12/04/26 09:02:11", "AUTH", "ZXZlQGV4YW1wbGUub3Jn", "334 UGFzc3dvcmQ6", ""),
         "event=session|user=eve@example.org"},
        {IN("12/04/26 09:02:12", "AUTH", "c2VjcmV0", "535 Invalid Username or Password", ""),
         "event=auth_failed|user=eve@example.org"},
        {IN("12/04/26 09:02:13", "AUTH", "AUTH PLAIN AGZyYW5rAHNlY3JldA==",
            "535 Invalid Username or Password", ""),
         "event=auth_failed|auth_method=PLAIN|user=frank"},
        {IN("12/04/26 09:02:14", "AUTH", "AUTH LOGIN Z3JhY2U=", "334 UGFzc3dvcmQ6", ""),
         "auth_method=LOGIN|user=grace"},
        {IN("12/04/26 09:02:15", "AUTH", "c2VjcmV0", "235 Authenticated", ""), "!user"},
        {IN("12/04/26 09:02:16", "AUTH", "ZXZl", "334 UGFzc3dvcmQ6", "carol@example.org"),
         "user=carol@example.org"},
    };
    static const char *const w3c[][2] = {
        {W3C_FIELDS, "event=notice"},
        /* '+' stands for a space, and is a base64 digit too */
        {"2024-05-29 05:23:30 192.0.2.9 SMTP-IN - 192.0.2.1 1076 AUTH AUTH+PLAIN+AGgrawBw "
         "535+Invalid+Username+or+Password MAIL01 34 14 -",
         "event=auth_failed|auth_method=PLAIN|user=h+k"},
    };
    maillog_parser *p = test_parser();
    stream(p, rows, sizeof rows / sizeof rows[0]);
    maillog_parser_free(p);
    p = test_parser();
    stream(p, w3c, sizeof w3c / sizeof w3c[0]);
    maillog_parser_free(p);
}
END_TEST

/* Neither a syslog line, an Exchange file nor an IIS W3C header is
 * MailEnable's; and MailEnable lines leave the Exchange stream alone. */
START_TEST(claims_nothing_else)
{
    static const char *const rows[][2] = {
        {IN("12/04/26 08:15:06", "QUIT", "QUIT", "221 Bye", ""), "mta=mailenable"},
        {"#Software: Microsoft Exchange Server", "mta=exchange|event=notice"},
        {"#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,"
         "remote-endpoint,event,data,context", "mta=exchange"},
        {"2026-12-04T10:00:00.000Z,EX01\\Default,08DC1,0,192.0.2.20:25,192.0.2.9:5000,+,,",
         "mta=exchange|event=connect"},
        {IN("12/04/26 08:15:07", "QUIT", "QUIT", "221 Bye", ""), "mta=mailenable"},
    };
    maillog_parser *p = test_parser();
    char line[1024];
    stream(p, rows, sizeof rows / sizeof rows[0]);
    maillog_parser_free(p);
    snprintf(line, sizeof line, "Dec  4 10:00:00 mx nobody[1]: %s",
             IN("12/04/26 08:15:06", "QUIT", "QUIT", "221 Bye", ""));
    check_expect(line, "mta=");
    check_expect("Dec  4 10:00:00 mx postfix/smtpd[1]: connect from h[192.0.2.1]", "mta=postfix");
    check_expect("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port", "mta=");
    check_expect("2024-05-29 05:23:30 192.0.2.1 GET /index.html - 80", "mta=");
}
END_TEST

/* MAILLOG_OPT_SUBJECT: the outbound rows' subject is a field. */
START_TEST(subject_when_asked)
{
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    const char *line = OUT("QUIT", "QUIT", "221 Bye", "6");
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, line, strlen(line), r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_field(r, MAILLOG_F_SUBJECT, NULL, NULL), 0);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_SUBJECT, 1), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, line, strlen(line), r), MAILLOG_OK);
    check_record(r, line, "subject=Minutes of the meeting");
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

#ifndef ML_NO_CORRELATE
#include <maillog_correlate.h>

typedef struct me_seen {
    int n, open;
    char to[4][64];
    int64_t status[4];
    int32_t end;
    uint32_t nrcpt;
} me_seen;

static int me_on_message(void *user, const maillog_message *m)
{
    me_seen *s = user;
    const char *p;
    size_t n;
    uint32_t i;
    s->n++;
    s->end = maillog_message_end(m);
    s->open += !(maillog_message_flags(m) & MAILLOG_MSG_COMPLETE);
    s->nrcpt = maillog_message_recipient_count(m);
    for (i = 0; i < s->nrcpt && i < 4; i++) {
        ck_assert_int_eq(maillog_message_recipient_field(m, i, MAILLOG_R_TO, &p, &n), 1);
        ck_assert_uint_lt(n, sizeof s->to[i]);
        memcpy(s->to[i], p, n);
        s->to[i][n] = '\0';
        maillog_message_recipient_number(m, i, MAILLOG_RN_STATUS, &s->status[i]);
    }
    return 0;
}

static int me_feed(void *c, const maillog_record *r)
{
    ck_assert_int_eq(maillog_corr_add(c, r), MAILLOG_OK);
    return 0;
}

/* An inbound message ends at its DATA row answered 354: its accepted
 * recipient sent, its refused one rejected, the message removed before
 * the end of the input (complete, not left open). */
START_TEST(inbound_message_ends_at_data)
{
    static const char log[] =
        IN("12/04/26 08:15:04", "MAIL", "MAIL FROM:<news@example.net>", "250 OK", "") "\n"
        IN("12/04/26 08:15:04", "RCPT", "RCPT TO:<alice@example.org>", "250 OK", "") "\n"
        IN("12/04/26 08:15:04", "RCPT", "RCPT TO:<nobody@example.org>",
           "550 Requested action not taken: mailbox unavailable or not local.", "") "\n"
        IN("12/04/26 08:15:05", "DATA", "DATA", "354 Start mail input; end with <CRLF>.<CRLF>", "")
        "\n";
    maillog_parser *p = test_parser();
    maillog_corr *c = NULL;
    me_seen s;
    memset(&s, 0, sizeof s);
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    maillog_corr_set_callbacks(c, me_on_message, NULL, &s);
    maillog_parser_set_callback(p, me_feed, c);
    ck_assert_int_eq(maillog_parser_feed(p, log, sizeof log - 1, NULL), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_finish(p), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_finish(c), MAILLOG_OK);
    ck_assert_int_eq(s.n, 1);
    ck_assert_int_eq(s.open, 0); /* complete: ended at the DATA row, not by the finish */
    ck_assert_int_eq(s.end, MAILLOG_END_REMOVED);
    ck_assert_uint_eq(s.nrcpt, 2);
    ck_assert_str_eq(s.to[0], "alice@example.org");
    ck_assert_int_eq(s.status[0], MAILLOG_STATUS_SENT);
    ck_assert_str_eq(s.to[1], "nobody@example.org");
    ck_assert_int_eq(s.status[1], MAILLOG_STATUS_REJECTED);
    maillog_corr_free(c);
    maillog_parser_free(p);
}
END_TEST
#endif

Suite *suite_mailenable(void)
{
    Suite *s = suite_create("mailenable");
    TCase *tc = tcase_create("mailenable");
    tcase_add_test(tc, inbound_steps);
    tcase_add_test(tc, auth_steps);
    tcase_add_test(tc, no_secrets_in_attributes);
    tcase_add_test(tc, outbound_steps);
    tcase_add_test(tc, markers_and_noise);
    tcase_add_test(tc, local_time);
    tcase_add_test(tc, w3c_header_and_rows);
    tcase_add_test(tc, w3c_without_header);
    tcase_add_test(tc, auth_names_decoded);
    tcase_add_test(tc, claims_nothing_else);
    tcase_add_test(tc, subject_when_asked);
#ifndef ML_NO_CORRELATE
    tcase_add_test(tc, inbound_message_ends_at_data);
#endif
    suite_add_tcase(s, tc);
    return s;
}
