/* test_sendmail.c -- the Sendmail dialect, field by field: lines in every
 * shape sendmail writes (built from its logging code's formats and the
 * documented samples, with our own names and addresses), including the
 * ugly ones: 15-character queue ids, "(may be forged)", IPv6 relays,
 * comma-joined recipient lists with quoted local parts, [D+]HH:MM:SS
 * delays and replies with parentheses. */
#include "tests.h"
#include "corr_collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct scase {
    const char *line, *expect;
} scase;

static const scase cases[] = {
    {"Apr  2 00:15:25 mta1 sendmail[32300]: u31FFPtp032300: from=<a.sender@example.com>, size=5938, "
     "class=0, nrcpts=7, msgid=<201604011515.u31FFIAj012911@example.com>, proto=ESMTP, daemon=MTA, "
     "relay=[198.51.100.27]",
     "mta=sendmail|event=client|queue_id=u31FFPtp032300|from=a.sender@example.com|size=5938|nrcpt=7|"
     "message_id=201604011515.u31FFIAj012911@example.com|client_ip=198.51.100.27|!client_host"},
    {"Apr  2 00:15:25 mta1 sendmail[32302]: u31FFPtp032300: to=<one@example.org>,<two@example.org>, "
     "delay=00:00:00, xdelay=00:00:00, mailer=esmtp, pri=245938, relay=mx.example.org. [192.0.2.34], "
     "dsn=2.0.0, stat=Sent (ok:  Message 40279894 accepted)",
     "event=delivery|status=sent|to=one@example.org|relay_host=mx.example.org|relay_ip=192.0.2.34|"
     "dsn=2.0.0|delay=00:00:00|reply=ok:  Message 40279894 accepted|!new_queue_id"},
    {"Apr  3 00:15:40 mta1 sendmail[12566]: u31FFPtp032300: to=<later@example.org>, delay=1+00:00:15, "
     "xdelay=00:00:15, mailer=esmtp, pri=34527, relay=[192.0.2.34] [192.0.2.34], dsn=4.3.5, "
     "stat=Deferred: 451 4.3.5 Server configuration problem",
     "event=delivery|status=deferred|to=later@example.org|relay_host=[192.0.2.34]|relay_ip=192.0.2.34|"
     "reply=451 4.3.5 Server configuration problem|reply_code=451|dsn=4.3.5"},
    {"Nov  3 11:35:30 box sendmail[26254]: xA32R2PQ3529566: from=<x@example.net>, size=0, class=0, "
     "nrcpts=0, bodytype=8BITMIME, proto=ESMTP, daemon=MTA, relay=host.example.net [203.0.113.163] "
     "(may be forged)",
     "event=client|queue_id=xA32R2PQ3529566|nrcpt=0|client_host=host.example.net|"
     "client_ip=203.0.113.163"},
    {"Feb 23 21:36:14 gw sm-mta[22248]: s1NLaDQT022248: ruleset=check_rcpt, arg1=<victim@example.org>, "
     "relay=dyn.example.net [198.51.100.119] (may be forged), reject=550 5.7.1 <victim@example.org>... "
     "Relaying denied. IP name possibly forged [198.51.100.119]",
     "mta=sendmail|event=reject|status=rejected|action=reject|stage=check_rcpt|to=victim@example.org|"
     "client_host=dyn.example.net|client_ip=198.51.100.119|reply_code=550|dsn=5.7.1|"
     "reply=550 5.7.1 <victim@example.org>... Relaying denied. IP name possibly forged [198.51.100.119]"},
    {"Feb 24 01:46:44 gw sm-mta[24422]: ruleset=check_relay, arg1=line.example.net, arg2=192.0.2.82, "
     "relay=line.example.net [192.0.2.82], reject=421 4.3.2 Connection rate limit exceeded.",
     "event=reject|!queue_id|stage=check_relay|client_ip=192.0.2.82|reply_code=421|!to"},
    {"Mar  6 16:55:28 s1 sm-mta[20949]: v26LtRA0020949: some-host.example.org [192.0.2.194] did not "
     "issue MAIL/EXPN/VRFY/ETRN during connection to MTA",
     "event=session|client_host=some-host.example.org|client_ip=192.0.2.194"},
    {"Jul 31 13:03:43 pi sm-mta[24291]: 56VFYCxS024291: lost input channel from mail.example.org "
     "[198.51.100.196] to MTA-v4 after rcpt",
     "event=session|client_host=mail.example.org|client_ip=198.51.100.196|stage=rcpt|"
     "session_end=lost"},
    {"Feb 16 23:33:20 smtp1 sm-mta[5133]: s1GNXHYB005133: [192.0.2.178]: possible SMTP attack: "
     "command=AUTH, count=5",
     "event=session|client_ip=192.0.2.178"},
    {"Nov 29 17:42:29 vm sendmail[24322]: 6ATHgTmd024321: 6ATHgTmd024322: DSN: Can't create output",
     "event=notification|queue_id=6ATHgTmd024321|new_queue_id=6ATHgTmd024322|reply=Can't create output"},
    {"Nov 29 17:42:29 vm sendmail[24322]: 6ATHgTmd024322: to=MAILER-DAEMON, delay=00:00:00, "
     "mailer=local, pri=30000, dsn=5.1.1, reply=550 5.1.1 User unknown, stat=User unknown",
     "event=delivery|status=bounced|to=MAILER-DAEMON|reply=550 5.1.1 User unknown|reply_code=550|"
     "status_raw=User unknown"},
    {"Nov 29 17:42:29 vm sendmail[24309]: 6ATHgTWx024309: <nosuchuser@localhost>... User unknown",
     "event=reject|status=rejected|to=nosuchuser@localhost|reply=User unknown"},
    {"Nov 29 17:42:29 vm sendmail[24325]: 6ATHgTvB024325: from=root, size=43, class=0, nrcpts=1, "
     "msgid=<202611291742.6ATHgTvB024325@vm.test.example>, relay=root@localhost",
     "event=pickup|from=root|!client_host|!client_ip"},
    {"Nov 29 17:42:29 vm sendmail[24325]: 6ATHgTvB024325: to=bob@localhost, ctladdr=root (0/0), "
     "delay=00:00:00, xdelay=00:00:00, mailer=relay, pri=30043, relay=[127.0.0.1] [127.0.0.1], "
     "dsn=2.0.0, stat=Sent (6ATHgTUL024326 Message accepted for delivery)",
     "event=delivery|status=sent|to=bob@localhost|new_queue_id=6ATHgTUL024326|relay_ip=127.0.0.1"},
    {"Nov 29 17:37:49 vm sendmail[21666]: 6ATHbno1021661: SYSERR(root): Cannot exec "
     "/usr/sbin/sensible-mda: No such file or directory",
     "severity=error|event=notice|queue_id=6ATHbno1021661"},
    {"Nov 29 17:37:50 vm sendmail[21674]: 6ATHbngB021674: to=<alice@outside.example>, delay=00:00:00, "
     "mailer=esmtp, pri=30136, dsn=4.4.3, stat=queued",
     "event=delivery|status=other|status_raw=queued|!reply"},
    {"Nov 29 17:37:50 vm sendmail[21681]: 6ATHboiv021679: to=/nonexistent/dir/mbox, "
     "ctladdr=<gone@localhost> (8/0), delay=00:00:00, xdelay=00:00:00, mailer=*file*, pri=30366, "
     "dsn=5.0.0, stat=Can't create output",
     "event=delivery|status=bounced|to=/nonexistent/dir/mbox|reply=Can't create output"},
    {"Nov 29 17:38:48 vm sendmail[22234]: gethostbyaddr(192.0.2.2) failed: 1", "event=notice"},
    {"Nov 29 17:38:48 vm sendmail[22235]: starting daemon (8.17.1.9): SMTP+queueing@00:00:15",
     "event=daemon|!queue_id"},
    {"May  1 10:00:00 mx sm-mta[1]: k41A00aa000001: STARTTLS=server, relay=c.example.net [2001:db8::5], "
     "version=TLSv1.3, verify=NO, cipher=TLS_AES_256_GCM_SHA384, bits=256/256",
     "event=session|client_host=c.example.net|client_ip=2001:db8::5"},
    {"May  1 10:00:01 mx sm-mta[1]: k41A00aa000002: done; delay=00:00:01, ntries=2",
     "event=removed|delay=00:00:01"},
    {"May  1 10:00:02 mx sm-msp-queue[7]: k41A00aa000003: to=\"prog, args\",<x@example.org>, "
     "delay=00:00:00, mailer=prog, pri=1, dsn=2.0.0, stat=Sent",
     "mta=sendmail|event=delivery|status=sent|to=\"prog, args\"|!reply"},
    {"May  1 10:00:03 mx sm-mta[1]: k41A00aa000004: Milter: data, reject=554 5.7.1 Virus found (EICAR)",
     "event=reject|status=rejected|reply=554 5.7.1 Virus found (EICAR)|reply_code=554"},
    {"Feb 25 03:01:10 gw sm-acceptingconnections[27713]: s1P819mk027713: ruleset=check_rcpt, "
     "arg1=<x@example.net>, relay=[203.0.113.250], reject=550 5.7.1 <x@example.net>... Rejected: IP in "
     "a blocklist, see: http://bl.example/?ip=203.0.113.250",
     "mta=sendmail|event=reject|to=x@example.net|client_ip=203.0.113.250|!client_host"},
    {"Feb 27 10:53:06 gw sm-mta[44307]: s1R9r60D044307: rejecting commands from  [192.0.2.253] due to "
     "pre-greeting traffic after 0 seconds",
     "event=session|client_ip=192.0.2.253|!client_host"},
    {"Feb 22 14:02:44 gw sm-mta[4030]: s1MD2hsd004030: c.example.net [198.51.100.194]: VRFY root "
     "[rejected]",
     "event=session|client_host=c.example.net|client_ip=198.51.100.194|stage=VRFY|to=root|"
     "action=rejected"},
    {"Feb 24 13:00:17 gw sm-acceptingconnections[1499]: s1OHxxSn001499: d.example.net [192.0.2.192] "
     "(may be forged): possible SMTP attack: command=AUTH, count=6",
     "event=session|client_host=d.example.net|client_ip=192.0.2.192"},
    /* issue 19: the vocabulary of srvrsmtp.c, collect.c, queue.c,
     * savemail.c and daemon.c that was unparsed */
    {"Dec  1 10:00:00 mx sm-mta[901]: wB1A00aa000901: [192.0.2.40]: Possible SMTP RCPT flood, "
     "throttling.",
     "event=session|client_ip=192.0.2.40|stage=RCPT|reply=Possible SMTP RCPT flood, throttling.|"
     "!session_end"},
    {"Dec  1 10:00:01 mx sm-mta[901]: wB1A00aa000901: bad.example [192.0.2.41] (may be forged): "
     "Possible SMTP RCPT flood, shutting down connection.",
     "event=session|client_host=bad.example|client_ip=192.0.2.41|stage=RCPT|session_end=errors"},
    {"Dec  1 10:00:02 mx sm-mta[902]: wB1A00ab000902: probe.example [192.0.2.42]: VRFY "
     "<postmaster@mx.example>",
     "event=session|client_host=probe.example|stage=VRFY|to=postmaster@mx.example|!action"},
    {"Dec  1 10:00:03 mx sm-mta[903]: wB1A00ac000903: proxy.example [192.0.2.43]: probable open "
     "proxy: command=GET / HTTP/1.0\\r\\n",
     "event=session|client_ip=192.0.2.43|stage=GET|session_end=refused"},
    {"Dec  1 10:00:04 mx sm-mta[700]: rejecting connections on daemon MTA-v4: load average: 41",
     "event=daemon|!queue_id|reply=rejecting connections on daemon MTA-v4: load average: 41"},
    {"Dec  1 10:00:05 mx sm-mta[700]: rejecting new messages: min free: 100", "event=daemon"},
    {"Dec  1 10:00:06 mx sm-mta[704]: File descriptors missing on startup: stdin; Bad file "
     "descriptor",
     "event=notice|!queue_id"},
    {"Dec  1 10:00:07 mx sm-mta[905]: wB1A00ae000905: discarded",
     "event=reject|status=discarded|action=discarded|queue_id=wB1A00ae000905"},
    {"Dec  1 10:00:08 mx sm-mta[905]: wB1A00ae000905: Milter: data, discard",
     "event=reject|status=discarded|action=discard"},
    {"Dec  1 10:00:09 mx sendmail[906]: wB1A00af000906: quarantine=suspicious attachment",
     "event=queue_admin|status=held|action=quarantine|reply=suspicious attachment"},
    {"Dec  1 10:00:10 mx sendmail[907]: wB1A00af000906: unquarantine",
     "event=queue_admin|!status|action=unquarantine"},
    {"Dec  1 10:00:11 mx sm-mta[908]: wB1A00ag000908: message size (20480000) exceeds maximum "
     "(10240000)",
     "event=reject|status=rejected|size=20480000|"
     "reply=message size (20480000) exceeds maximum (10240000)"},
    /* the queue lifetime's end (Timeout.queuereturn) expires the message;
     * the queuewarn notice is a delay warning, the message stays queued */
    {"Dec  1 10:04:00 mx sm-mta[909]: wB1A00ah000909: wB1A40ah000910: sender notify: Cannot send "
     "message for 4 minutes",
     "event=expired|status=expired|queue_id=wB1A00ah000909|new_queue_id=wB1A40ah000910|"
     "reply=Cannot send message for 4 minutes"},
    {"Dec  1 14:00:00 mx sm-mta[911]: wB1A00ah000911: wB1E00ah000912: DSN: Warning: could not send "
     "message for past 4 hours",
     "event=notification|status=deferred|action=Warning|new_queue_id=wB1E00ah000912"},
    {"Dec  1 10:00:12 mx sm-mta[913]: wB1A00ai000913: AUTH=server, relay=laptop.example "
     "[192.0.2.50], authid=alice, mech=PLAIN, bits=0",
     "event=session|user=alice|auth_method=PLAIN|client_ip=192.0.2.50"},
    {"Dec  1 10:00:13 mx sm-mta[914]: wB1A00aj000914: AUTH failure (LOGIN): authentication failure "
     "(-13) SASL(-13): authentication failure: checkpass failed, user=bob, relay=[192.0.2.51]",
     "event=auth_failed|user=bob|auth_method=LOGIN|client_ip=192.0.2.51"},
    {"Dec  1 10:00:14 mx sm-mta[915]: wB1A00ak000915: STARTTLS=server, error: accept failed=-1, "
     "reason=unknown protocol, SSL_error=1, errno=0, retry=-1, relay=[192.0.2.52]",
     "event=session|session_end=tls|client_ip=192.0.2.52"},
    {"Dec  1 10:00:15 mx sm-mta[916]: wB1A00al000916: timeout waiting for input from [192.0.2.53] "
     "during server cmd read",
     "event=session|session_end=timeout|client_ip=192.0.2.53"},
    {"May  1 10:00:04 mx sendmail[9]: k41A00aa000005: this is no line sendmail writes", "event=unknown"},
    /* found by fuzzing: a queue id with nothing after it, an empty host */
    {"Nov 29 14:39:33 mx sm-mta[1]: NOQUEUEENOQUEUE: ", "event=unknown|queue_id=NOQUEUEENOQUEUE"},
    {"Nov 29 14:39:33 mx sm-mta[1]:  did not issue MAIL/EXPN/VRFY/ETRN", "event=session|!client_ip"},
};

START_TEST(line_kinds) { check_expect(cases[_i].line, cases[_i].expect); }
END_TEST

/* Every recipient of a to= list, in order, without brackets; a line with
 * one recipient gives it once; a line with none gives nothing. */
START_TEST(recipient_iterator)
{
    const maillog_record *r = parse1(cases[1].line);
    uint32_t cur = 0;
    const char *p;
    size_t n;
    ck_assert_int_eq(maillog_record_recipient_next(r, &cur, &p, &n), 1);
    ck_assert(n == 15 && memcmp(p, "one@example.org", n) == 0);
    ck_assert_int_eq(maillog_record_recipient_next(r, &cur, &p, &n), 1);
    ck_assert(n == 15 && memcmp(p, "two@example.org", n) == 0);
    ck_assert_int_eq(maillog_record_recipient_next(r, &cur, &p, &n), 0);
    ck_assert_int_eq(maillog_record_recipient_next(r, &cur, &p, &n), 0);
    r = parse1(cases[21].line); /* a quoted program with a comma inside, then an address */
    cur = 0;
    ck_assert_int_eq(maillog_record_recipient_next(r, &cur, &p, &n), 1);
    ck_assert(n == 12 && memcmp(p, "\"prog, args\"", n) == 0);
    ck_assert_int_eq(maillog_record_recipient_next(r, &cur, &p, &n), 1);
    ck_assert(n == 13 && memcmp(p, "x@example.org", n) == 0);
    ck_assert_int_eq(maillog_record_recipient_next(r, &cur, NULL, NULL), 0);
    r = parse1(cases[2].line);
    cur = 0;
    ck_assert_int_eq(maillog_record_recipient_next(r, &cur, &p, &n), 1);
    ck_assert_int_eq(maillog_record_recipient_next(r, &cur, &p, &n), 0);
    r = parse1(cases[0].line);
    cur = 0;
    ck_assert_int_eq(maillog_record_recipient_next(r, &cur, &p, &n), 0);
    ck_assert_int_eq(maillog_record_recipient_next(NULL, &cur, &p, &n), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_record_recipient_next(r, NULL, &p, &n), MAILLOG_E_INVAL);
}
END_TEST

START_TEST(delay_with_days)
{
    ck_assert_int_eq(num(parse1(cases[2].line), MAILLOG_N_DELAY_US), (86400LL + 15) * 1000000);
    ck_assert_int_eq(num(parse1(cases[0].line), MAILLOG_N_SIZE), 5938);
}
END_TEST

/* The attribute iterator gives sendmail's other pairs and skips fields. */
START_TEST(attributes)
{
    const maillog_record *r = parse1(cases[1].line);
    uint32_t cur = 0;
    const char *k, *v;
    size_t kn, vn;
    static const char *const want[][2] = {{"xdelay", "00:00:00"}, {"mailer", "esmtp"}, {"pri", "245938"}};
    int i;
    for (i = 0; i < 3; i++) {
        ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 1);
        ck_assert(kn == strlen(want[i][0]) && memcmp(k, want[i][0], kn) == 0);
        ck_assert(vn == strlen(want[i][1]) && memcmp(v, want[i][1], vn) == 0);
    }
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 0);
}
END_TEST

/* A forced dialect parses a bare body; "postfix/sendmail" stays Postfix. */
#ifndef ML_NO_CORRELATE
/* A queue run by "sendmail -q" and the daemon sm-mta work one queue: the
 * same queue id under either tag is one message (issue 19). */
START_TEST(one_message_across_processes)
{
    static const char *const lines[] = {
        "Dec  1 10:00:00 mx sm-mta[100]: wB1A00zz000100: from=<a@client.example>, size=300, "
        "class=0, nrcpts=1, msgid=<m1@client.example>, proto=ESMTP, daemon=MTA-v4, "
        "relay=c.example [192.0.2.60]",
        "Dec  1 10:00:01 mx sm-mta[100]: wB1A00zz000100: to=<b@far.example>, delay=00:00:01, "
        "xdelay=00:00:01, mailer=esmtp, pri=120300, relay=mx.far.example [198.51.100.9], "
        "dsn=4.0.0, stat=Deferred: Connection refused by mx.far.example",
        "Dec  1 10:30:00 mx sendmail[200]: wB1A00zz000100: to=<b@far.example>, delay=00:30:00, "
        "xdelay=00:00:01, mailer=esmtp, pri=210300, relay=mx.far.example [198.51.100.9], "
        "dsn=2.0.0, stat=Sent (ok)",
    };
    maillog_corr *c = NULL;
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    collect out;
    size_t i;
    memset(&out, 0, sizeof out);
    out.keep_text = 1;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    maillog_corr_set_callbacks(c, corr_on_msg, corr_on_ses, &out);
    for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        ck_assert_int_eq(maillog_parser_parse_line(p, lines[i], strlen(lines[i]), r), MAILLOG_OK);
        ck_assert_int_eq(maillog_corr_add(c, r), MAILLOG_OK);
    }
    ck_assert_int_eq(maillog_corr_finish(c), MAILLOG_OK);
    ck_assert_uint_eq(out.messages, 1);
    ck_assert_uint_eq(out.incomplete, 0);
    ck_assert_ptr_nonnull(strstr(out.t.buf, "\"status\":\"sent\""));
    ck_assert_ptr_nonnull(strstr(out.t.buf, "\"attempts\":2"));
    free(out.t.buf);
    maillog_corr_free(c);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST
#endif

/* session_end is a word of a fixed vocabulary, not text of the line: a
 * field, but no span. */
START_TEST(session_end_is_a_word)
{
    const maillog_record *r = parse1("Dec  1 10:00:16 mx sm-mta[917]: wB1A00am000917: lost input "
                                     "channel from [192.0.2.54] to MTA-v4 after data");
    const char *p = NULL;
    size_t n = 0;
    uint32_t off = 1, len = 1;
    ck_assert_int_eq(maillog_record_field(r, MAILLOG_F_SESSION_END, &p, &n), 1);
    ck_assert_uint_eq(n, 4);
    ck_assert_int_eq(memcmp(p, "lost", 4), 0);
    ck_assert_int_eq(maillog_record_span(r, MAILLOG_F_SESSION_END, &off, &len), 0);
    ck_assert_uint_eq(off + len, 0);
    ck_assert_int_eq(maillog_record_span(r, MAILLOG_F_CLIENT_IP, &off, &len), 1);
}
END_TEST

START_TEST(detection)
{
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    static const char body[] = "u31FFPtp032300: from=<a@example.com>, size=1, nrcpts=1, relay=root@localhost";
    static const char pf[] = "Nov 28 09:00:00 mx postfix/sendmail[5]: fatal: usage: sendmail [options]";
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, pf, sizeof pf - 1, r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_mta(r), MAILLOG_MTA_POSTFIX);
    ck_assert_int_eq(maillog_parser_parse_line(p, body, sizeof body - 1, r), MAILLOG_OK);
    ck_assert(maillog_record_flags(r) & MAILLOG_REC_UNPARSED);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_DIALECT, MAILLOG_MTA_SENDMAIL), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, body, sizeof body - 1, r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_event(r), MAILLOG_EV_PICKUP);
    ck_assert_int_eq(maillog_record_mta(r), MAILLOG_MTA_SENDMAIL);
    ck_assert_str_eq(maillog_mta_name(MAILLOG_MTA_SENDMAIL), "sendmail");
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

Suite *suite_sendmail(void)
{
    Suite *s = suite_create("sendmail");
    TCase *tc = tcase_create("sendmail");
    tcase_add_loop_test(tc, line_kinds, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, recipient_iterator);
    tcase_add_test(tc, delay_with_days);
    tcase_add_test(tc, attributes);
    tcase_add_test(tc, detection);
#ifndef ML_NO_CORRELATE
    tcase_add_test(tc, one_message_across_processes);
#endif
    tcase_add_test(tc, session_end_is_a_word);
    suite_add_tcase(s, tc);
    return s;
}
