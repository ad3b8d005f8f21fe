/* test_opensmtpd.c -- the OpenSMTPD dialect, field by field: session,
 * message and envelope lines, quoted (mta) and unquoted (mda) delivery
 * lines with every result, failed commands, authentication, TLS and the
 * lines without a session.  Built from OpenSMTPD's formats with our own
 * names. */
#include "tests.h"

#include <stdio.h>
#include <string.h>

typedef struct ocase {
    const char *line, *expect;
} ocase;

static const ocase cases[] = {
    {"Jul  6 06:01:40 ams smtpd[75295]: 5df87c903d709659 smtp connected address=192.0.2.8 "
     "host=c.example.org",
     "mta=opensmtpd|event=connect|session_id=5df87c903d709659|client_ip=192.0.2.8|"
     "client_host=c.example.org"},
    {"Jul  6 06:01:40 ams smtpd[75295]: 5df87c903d709659 smtp connected address=local host=poolp.example",
     "event=connect|!client_ip|client_host=poolp.example"},
    {"Jul  6 06:01:40 ams smtpd[75295]: 5df87c903d709659 smtp message msgid=c405e39a size=303 nrcpt=1 "
     "proto=ESMTP",
     "event=client|queue_id=c405e39a|size=303|nrcpt=1"},
    {"Jul  6 06:01:40 ams smtpd[75295]: 5df87c903d709659 smtp envelope evpid=c405e39ad6bbc64f "
     "from=<g@poolp.example> to=<h@poolp.example>",
     "event=queued|queue_id=c405e39a|from=g@poolp.example|to=h@poolp.example"},
    {"Jul  6 06:01:40 ams smtpd[75295]: 5df87c9250bba470 mda delivery evpid=c405e39ad6bbc64f "
     "from=<g@poolp.example> to=<h@poolp.example> rcpt=<alias@poolp.example> user=h delay=0s "
     "result=Ok stat=Delivered",
     "event=delivery|status=sent|queue_id=c405e39a|to=h@poolp.example|orig_to=alias@poolp.example|"
     "reply=Delivered|delay=0s"},
    {"Jul  6 06:01:48 ams smtpd[75295]: 5df87c9ffd0e785d mta delivery evpid=f6e94209918f7e7b "
     "from=<g@poolp.example> to=<x@mail.example> rcpt=<-> source=\"192.0.2.132\" "
     "relay=\"198.51.100.27 (mx-in.example.net)\" delay=2s result=\"Ok\" stat=\"250 2.0.0 OK  1562 "
     "z11si - gsmtp\"",
     "event=delivery|status=sent|queue_id=f6e94209|!orig_to|relay_ip=198.51.100.27|"
     "relay_host=mx-in.example.net|reply_code=250|dsn=2.0.0|delay=2s"},
    {"Jul  6 06:02:00 ams smtpd[1]: 4b3a6c195c1f6010 mta delivery evpid=8f26ea98359eccea from=<b@list.example> "
     "to=<u@isp.example> rcpt=<-> source=\"192.0.2.201\" relay=\"203.0.113.32 (smtp.isp.example)\" "
     "delay=0s result=\"TempFail\" stat=\"421 <u@isp.example> Service not available - too busy\"",
     "event=delivery|status=deferred|reply_code=421|reply=421 <u@isp.example> Service not available - too busy"},
    {"Jul  6 06:02:01 ams smtpd[1]: 4b3a6c195c1f6011 mda delivery evpid=8f26ea98359eccea from=<a@b.example> "
     "to=<c@d.example> rcpt=<c@d.example> user=c delay=1s result=PermFail stat=Error (no such user)",
     "event=delivery|status=bounced|!orig_to|reply=Error (no such user)"},
    {"Jul  6 06:02:02 ams smtpd[1]: 4b3a6c195c1f6012 mda delivery evpid=8f26ea98359eccea from=<a@b.example> "
     "to=<c@d.example> rcpt=<c@d.example> user=c delay=1s result=Loop stat=Loop detected",
     "event=delivery|status=bounced"},
    {"Nov 29 18:00:49 vm smtpd[19932]: 5e0c52ac7c72f2b0 smtp failed-command command=\"rcpt "
     "TO:<nosuchuser@localhost>\" result=\"550 Invalid recipient: <nosuchuser@localhost>\"",
     "event=reject|status=rejected|to=nosuchuser@localhost|stage=rcpt|reply_code=550|"
     "reply=550 Invalid recipient: <nosuchuser@localhost>"},
    {"Jul  6 06:03:00 ams smtpd[1]: 5df87c903d709660 smtp authentication user=bob result=permfail",
     "event=auth_failed"},
    {"Jul  6 06:03:01 ams smtpd[1]: 5df87c903d709661 smtp authentication user=bob result=ok",
     "event=session"},
    {"Jul  6 06:03:02 ams smtpd[1]: 5df87c903d709662 smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256",
     "event=session|session_id=5df87c903d709662"},
    {"Jul  6 06:03:03 ams smtpd[1]: 5df87c903d709663 smtp disconnected reason=tls-accept-failed",
     "event=disconnect|reply=tls-accept-failed"},
    {"Nov 29 18:00:49 vm smtpd[19932]: 5e0c52b304086658 mta error reason=IO Error: Connection refused",
     "event=relay_error|reply=IO Error: Connection refused"},
    {"Nov 29 18:00:46 vm smtpd[19926]: info: OpenSMTPD 6.8.0p2 starting", "event=daemon|!session_id"},
    {"Nov 29 18:00:51 vm smtpd[19932]: smtp-out: No valid route for [connector:[]->[relay:127.0.0.2]]",
     "event=notice"},
    {"Nov 29 18:00:51 vm smtpd[19932]: warn: queue: something odd", "event=notice|severity=warning"},
    {"Nov 29 18:00:51 vm smtpd[19932]: 5e0c52b304086658 pony express arrived", "event=unknown"},
    /* issue 19: the queue's own lines (queue.c queue_log()) and how
     * sessions end */
    {"Jul  6 06:04:00 ams smtpd[1]: relay: Expire for c405e39ad6bbc64f: from=<g@poolp.example>, "
     "to=<h@far.example>, rcpt=<->, delay=4d, stat=Envelope expired",
     "event=expired|status=expired|queue_id=c405e39a|from=g@poolp.example|to=h@far.example|"
     "!orig_to|reply=Envelope expired|action=Expire"},
    {"Jul  6 06:04:01 ams smtpd[1]: delivery: Remove for c405e39ad6bbc650: from=<g@poolp.example>, "
     "to=<u@poolp.example>, rcpt=<alias@poolp.example>, delay=2h3m, stat=Removed by "
     "administrator",
     "event=removed|!status|queue_id=c405e39a|orig_to=alias@poolp.example|action=Remove"},
    {"Jul  6 06:04:02 ams smtpd[1]: relay: Expire for c405e39a: short id", "event=unknown"},
    {"Jul  6 06:04:03 ams smtpd[1]: 5df87c903d709662 smtp disconnected reason=timeout",
     "event=disconnect|session_end=timeout"},
    {"Jul  6 06:04:04 ams smtpd[1]: 5df87c903d709663 smtp disconnected reason=\"io-error: "
     "Connection reset by peer\"",
     "event=disconnect|session_end=lost"},
    {"Jul  6 06:04:05 ams smtpd[1]: 5df87c903d709664 smtp disconnected reason=tls-accept-failed",
     "event=disconnect|session_end=tls"},
    {"Jul  6 06:04:06 ams smtpd[1]: 5df87c903d709665 smtp authentication user=gilles result=ok",
     "event=session|user=gilles|!status"},
    {"Jul  6 06:04:07 ams smtpd[1]: 5df87c903d709666 mda delivery evpid=c405e39ad6bbc64f "
     "from=<g@poolp.example> to=<h@poolp.example> rcpt=<-> user=h delay=0s result=Ok "
     "stat=Delivered",
     "event=delivery|!user"},
};

START_TEST(line_kinds) { check_expect(cases[_i].line, cases[_i].expect); }
END_TEST

START_TEST(numbers_and_names)
{
    ck_assert_int_eq(num(parse1(cases[5].line), MAILLOG_N_DELAY_US), 2000000);
    ck_assert_int_eq(num(parse1(cases[2].line), MAILLOG_N_NRCPT), 1);
    ck_assert_str_eq(maillog_mta_name(MAILLOG_MTA_OPENSMTPD), "opensmtpd");
    ck_assert_str_eq(maillog_field_name(MAILLOG_F_SESSION_ID), "session_id");
}
END_TEST

/* Session ids and envelope ids of every length around 16, from alphabets
 * that mix lower-case hex with upper case, 'g' and bytes above 0x7F: the
 * session id is taken when it is exactly 16 lower-case hex digits and a
 * space, and an evpid= of 16 such digits gives its first 8 as the queue id. */
START_TEST(hex_ids_of_every_shape)
{
    static const char *const alphabets[] = {"0123456789abcdef", "0123456789abcdefA",
                                            "0123456789abcdefg", "abcdef\xC3\xA9"};
    uint32_t seed = 777;
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    char id[48], line[256];
    int i;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    for (i = 0; i < 3000; i++) {
        const char *al = alphabets[i % 4], *got;
        size_t n = 8 + (size_t)(i / 4) % 20, k, an = strlen(al);
        int hex = 1;
        for (k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            id[k] = al[(seed >> 16) % an];
            hex &= (id[k] >= '0' && id[k] <= '9') || (id[k] >= 'a' && id[k] <= 'f');
        }
        id[n] = '\0';
        snprintf(line, sizeof line,
                 "Nov 29 18:00:49 vm smtpd[1]: %s smtp connected address=127.0.0.1 host=h", id);
        ck_assert_int_eq(maillog_parser_parse_line(p, line, strlen(line), r), MAILLOG_OK);
        got = fld(r, MAILLOG_F_SESSION_ID);
        ck_assert_msg(hex && n == 16 ? got && strcmp(got, id) == 0 : got == NULL, "session id %s", id);
        snprintf(line, sizeof line,
                 "Nov 29 18:00:49 vm smtpd[1]: 5e0c52a5abe64abd smtp envelope evpid=%s from=<a@b>",
                 id);
        ck_assert_int_eq(maillog_parser_parse_line(p, line, strlen(line), r), MAILLOG_OK);
        got = fld(r, MAILLOG_F_QUEUE_ID);
        ck_assert_msg(hex && n == 16 ? got && strncmp(got, id, 8) == 0 && strlen(got) == 8
                                     : got == NULL,
                      "evpid %s", id);
    }
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

Suite *suite_opensmtpd(void)
{
    Suite *s = suite_create("opensmtpd");
    TCase *tc = tcase_create("opensmtpd");
    tcase_add_loop_test(tc, line_kinds, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, numbers_and_names);
    tcase_add_test(tc, hex_ids_of_every_shape);
    suite_add_tcase(s, tc);
    return s;
}
