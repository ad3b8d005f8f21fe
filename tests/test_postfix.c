/* test_postfix.c -- field-by-field expectations for every kind of Postfix
 * line, checked through the public accessors.  Each case lists
 * "name=value" pairs separated by '|': field names as maillog_field_name()
 * spells them, plus event, status, severity and mta; "!name" asserts that
 * the field is absent. */
#include "tests.h"

#include <stdio.h>
#include <string.h>

typedef struct pcase {
    const char *line;
    const char *expect;
} pcase;

static const pcase cases[] = {
    {"Nov 28 09:00:07 mx1 postfix/smtp[1302]: 4F1A2B3C4D: to=<carol@remote.example>, "
     "orig_to=<c@example.org>, relay=mx.remote.example[2001:db8::1:25]:25, conn_use=2, delay=1.2, "
     "delays=0.3/0/0.5/0.4, dsn=4.7.1, status=deferred (host mx.remote.example[2001:db8::1:25] said: "
     "451 4.7.1 Greylisted (try again later (in 5 minutes)) (in reply to RCPT TO command))",
     "event=delivery|status=deferred|queue_id=4F1A2B3C4D|to=carol@remote.example|orig_to=c@example.org|"
     "relay_host=mx.remote.example|relay_ip=2001:db8::1:25|relay_port=25|conn_use=2|delay=1.2|"
     "delays=0.3/0/0.5/0.4|dsn=4.7.1|reply_code=451|stage=RCPT TO|"
     "reply=host mx.remote.example[2001:db8::1:25] said: 451 4.7.1 Greylisted (try again later (in 5 "
     "minutes)) (in reply to RCPT TO command)|!new_queue_id|severity=info|mta=postfix"},
    {"Nov 28 09:31:01 mx1 postfix-out/smtp[1404]: 3Pt2mN2VXxznjll: to=<erin@far.example>, "
     "relay=127.0.0.1[127.0.0.1]:10025, delay=0.2, delays=0.05/0.01/0.04/0.1, dsn=2.0.0, status=sent "
     "(250 2.0.0 from MTA(smtp:[127.0.0.1]:10026): 250 2.0.0 Ok: queued as 7C1D2E3F4A)",
     "event=delivery|status=sent|queue_id=3Pt2mN2VXxznjll|instance=postfix-out|new_queue_id=7C1D2E3F4A|"
     "reply_code=250"},
    {"Nov 28 09:00:03 mx1 postfix/postscreen[1101]: NOQUEUE: reject: RCPT from [198.51.100.20]:51234: "
     "550 5.7.1 Service unavailable; client [198.51.100.20] blocked using bl.example.net; "
     "from=<spam@spammer.example>, to=<user@example.org>, proto=ESMTP, helo=<spammer.example>",
     "event=reject|status=rejected|!queue_id|!client_host|client_ip=198.51.100.20|client_port=51234|"
     "from=spam@spammer.example|to=user@example.org|dsn=5.7.1|reply_code=550|action=reject|stage=RCPT|"
     "reply=550 5.7.1 Service unavailable; client [198.51.100.20] blocked using bl.example.net"},
    {"Nov 28 09:33:00 mx1 postfix/smtpd[1601]: NOQUEUE: reject: RCPT from unknown[198.51.100.99]: 554 "
     "5.7.1 <victim@example.org>: Relay access denied; from=<> to=<victim@example.org> proto=ESMTP "
     "helo=<[198.51.100.99]>",
     "event=reject|client_host=unknown|client_ip=198.51.100.99|from=|to=victim@example.org"},
    {"Nov 28 09:00:06 mx1 postfix/qmgr[1003]: 4F1A2B3C4D: from=<alice@sender.example>, size=2345, "
     "nrcpt=2 (queue active)",
     "event=queued|from=alice@sender.example|size=2345|nrcpt=2|!status"},
    {"Apr 10 14:50:16 mail postfix/qmgr[3663]: BACE842E73: from=<noreply@domain.com>, "
     "status=force-expired, returned to sender",
     "event=expired|status=expired|status_raw=force-expired|from=noreply@domain.com"},
    {"Nov 28 09:00:06 mx1 postfix/smtpd[1201]: 4F1A2B3C4D: client=mail.sender.example[203.0.113.5]:4711",
     "event=client|client_host=mail.sender.example|client_ip=203.0.113.5|client_port=4711"},
    {"Nov 28 09:00:06 mx1 postfix/cleanup[1202]: 4F1A2B3C4D: message-id=<a b@c>",
     "event=message_id|message_id=a b@c"},
    {"Nov 28 09:00:06 mx1 postfix/cleanup[1202]: 4F1A2B3C4D: message-id==?UTF-8?B?PDE5?=? x",
     "event=message_id|message_id==?UTF-8?B?PDE5?=? x"},
    {"Nov 28 09:00:05 mx1 postfix/smtpd[1201]: connect from unknown[2001:db8::7]",
     "event=connect|client_host=unknown|client_ip=2001:db8::7|!client_port"},
    {"Nov 28 09:32:01 mx1 postfix/submission/smtpd[1501]: warning: unknown[192.0.2.200]: SASL LOGIN "
     "authentication failed: UGFzc3dvcmQ6",
     "event=auth_failed|severity=warning|client_ip=192.0.2.200|service=smtpd"},
    {"Nov 28 09:35:00 mx1 postfix/bounce[1801]: 9FA0B1C2D3: sender non-delivery notification: A0B1C2D3E4",
     "event=notification|queue_id=9FA0B1C2D3|new_queue_id=A0B1C2D3E4|"
     "action=sender non-delivery notification"},
    {"Nov 28 09:36:00 mx1 postfix/smtp[1302]: B1C2D3E4F5: host mx.slow.example[203.0.113.80] said: 450 "
     "4.3.2 try again later (in reply to MAIL FROM command)",
     "event=relay_error|relay_host=mx.slow.example|relay_ip=203.0.113.80|reply_code=450|dsn=4.3.2|"
     "stage=MAIL FROM"},
    {"Nov 28 09:37:00 mx1 postfix/smtpd[1601]: timeout after DATA (7774180 bytes) from unknown[198.51.100.99]",
     "event=session|stage=DATA|client_ip=198.51.100.99"},
    {"Nov 28 09:37:00 mx1 postfix/smtpd[1601]: NOQUEUE: lost connection after CONNECT from unknown[192.0.2.25]",
     "event=session|stage=CONNECT|client_ip=192.0.2.25|!queue_id"},
    {"Nov 28 09:39:01 mx1 postfix/qmgr[1003]: panic: myfree: corrupt or unallocated memory block",
     "event=notice|severity=panic"},
    {"Nov 28 09:36:04 mx1 postfix/verify[2101]: D3E4F5A6B7: to=<nobody@example.org>, relay=none, "
     "delay=0.01, delays=0/0/0/0.01, dsn=5.1.1, status=undeliverable-but-not-cached (User unknown)",
     "event=delivery|status=undeliverable|relay_host=none|!relay_ip"},
    {"Nov 28 09:36:05 mx1 postfix/smtp[1302]: E4F5A6B7C8: to=<i@soft.example>, relay=none, delay=0.5, "
     "delays=0.1/0/0.2/0.2, dsn=5.0.0, status=SOFTBOUNCE (x)",
     "status=softbounce|status_raw=SOFTBOUNCE"},
    {"Nov 28 09:36:05 mx1 postfix/smtp[1302]: E4F5A6B7C8: to=<i@x.example>, relay=none, delay=0.5, "
     "dsn=4.0.0, status=weird (x)",
     "status=other|status_raw=weird"},
    /* Log injection: text inside an address or a reply cannot make fields. */
    {"Nov 28 09:35:00 mx1 postfix/smtp[1302]: 9FA0B1C2D3: to=<\"a, to=<victim@example.org>, "
     "status=sent\"@evil.example>, relay=none, delay=0.1, delays=0.1/0/0/0, dsn=5.1.2, status=bounced "
     "(bad, to=<x@y>, status=sent, relay=evil[6.6.6.6], queued as DEADBEEF1)",
     "status=bounced|to=\"a, to=<victim@example.org>, status=sent\"@evil.example|relay_host=none|"
     "!new_queue_id|!relay_ip"},
    {"Nov 28 09:33:03 mx1 postfix/cleanup[1202]: 6C7D8E9FA0: warning: header Subject: queued as ABC123 "
     "from x[1.2.3.4]; from=<evil@x> from unknown[198.51.100.99]; from=<a@b.example> "
     "to=<c@d.example> proto=ESMTP helo=<h.example>: spam subject",
     "event=action|action=warning|stage=header|client_ip=198.51.100.99|from=a@b.example|"
     "to=c@d.example|reply=spam subject|!new_queue_id"},
    {"Nov 28 09:37:00 mx1 postfix/smtpd[1601]: connect from evil[1.2.3.4] status=sent",
     "event=connect|client_ip=1.2.3.4|!status"},
    {"Nov 28 09:00:02 mx1 postfix/smtpd[1201]: 4F1A2B3C4D: reject: RCPT from h[192.0.2.1]: 550 5.1.1 "
     "<\"x; from=<a@b>\"@c>: Recipient address rejected; from=<s@d> to=<\"x; from=<a@b>\"@c> proto=ESMTP "
     "helo=<h>",
     "event=reject|from=s@d|to=\"x; from=<a@b>\"@c|"
     "reply=550 5.1.1 <\"x; from=<a@b>\"@c>: Recipient address rejected"},
    /* found by fuzz-corr: a repeated relay= mixed the spans of both */
    {"Nov 28 09:36:05 mx1 postfix/smtp[1302]: E4F5A6B7C8: to=<i@x.example>, relay=mx.a.example[192.0.2.1]:25, "
     "relay=mx0, delay=0.5, dsn=4.0.0, status=deferred (x)",
     "relay_host=mx0|!relay_ip|!relay_port"},
    {"Nov 28 09:40:00 mx1 postfix/smtpd[1601]: this line has a shape nobody documented",
     "event=unknown|mta=postfix|service=smtpd"},
    {"Nov 28 09:40:00 mx1 postfix/smtpd[1601]: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA: removed",
     "event=unknown|!queue_id"},
    {"Nov 28 09:36:08 mx1 postfix/postsuper[2201]: F5A6B7C8D9: placed on hold",
     "event=queue_admin|status=held"},
    {"Nov 28 09:36:09 mx1 postfix/postsuper[2201]: F5A6B7C8D9: released from hold",
     "event=queue_admin|!status"},
    /* fields people search by: login, mechanism, HELO, how a session ended */
    {"Oct 30 13:19:26 gw postfix/smtpd[27530]: EB4B2C19E2: client=xxx[1.2.3.4], "
     "sasl_method=PLAIN, sasl_username=user@domain",
     "event=client|user=user@domain|auth_method=PLAIN|client_ip=1.2.3.4|!helo"},
    {"Nov 28 09:33:00 mx1 postfix/smtpd[1601]: NOQUEUE: reject: RCPT from unknown[198.51.100.99]: 554 "
     "5.7.1 <v@example.org>: Relay access denied; from=<> to=<v@example.org> proto=ESMTP "
     "helo=<[198.51.100.99]> sasl_method=LOGIN sasl_username=bob",
     "event=reject|helo=[198.51.100.99]|user=bob|auth_method=LOGIN|to=v@example.org"},
    {"Nov 28 09:37:00 mx1 postfix/smtpd[1601]: timeout after END-OF-MESSAGE from unknown[192.0.2.7]",
     "event=session|session_end=timeout|stage=END-OF-MESSAGE|client_ip=192.0.2.7"},
    {"Nov 28 09:37:00 mx1 postfix/smtpd[1601]: lost connection after DATA (7774180 bytes) from "
     "unknown[192.0.2.7]",
     "event=session|session_end=lost|stage=DATA"},
    {"Nov 28 09:37:00 mx1 postfix/smtpd[1601]: too many errors after RCPT from unknown[192.0.2.7]",
     "event=session|session_end=errors|stage=RCPT"},
    {"Nov 28 09:37:00 mx1 postfix/smtpd[1601]: improper command pipelining after EHLO from "
     "unknown[192.0.2.7]: QUIT",
     "event=session|!session_end|stage=EHLO"},
    {"Nov 28 09:37:01 mx1 postfix/smtpd[1601]: disconnect from unknown[192.0.2.7] ehlo=1 mail=1 "
     "rcpt=1 data=1 quit=1 commands=5",
     "event=disconnect|session_end=quit"},
    {"Nov 28 09:37:01 mx1 postfix/smtpd[1601]: disconnect from unknown[192.0.2.7] ehlo=1 quit=0/1 "
     "commands=1/2",
     "event=disconnect|!session_end"},
    /* cleanup's actions on mail submitted on this host keep from and to */
    {"Nov 28 09:38:00 mx1 postfix/cleanup[1202]: 2A00000003: hold: header Subject: x from local; "
     "from=<root@h.example> to=<u@h.example>",
     "event=reject|status=held|from=root@h.example|to=u@h.example|!client_ip|stage=header"},
    {"Nov 28 09:38:00 mx1 postfix/cleanup[1202]: 2A00000003: warning: header Subject: x from local; "
     "from=<root@h.example> to=<u@h.example>: my text",
     "event=action|from=root@h.example|to=u@h.example|reply=my text"},
    /* Proxmox's pmg-smtp-filter between two Postfix queues */
    {"Dec  2 08:00:02 pmg pmg-smtp-filter[710]: 5F3C2B1A0D9E8F7A6B: accept mail to <bo@in.example> "
     "(2B3C4D5E6F) (rule: default-accept)",
     "event=delivery|status=sent|queue_id=5F3C2B1A0D9E8F7A6B|to=bo@in.example|"
     "new_queue_id=2B3C4D5E6F|action=accept|mta=postfix|!relay_host"},
    {"Dec  2 08:00:02 pmg pmg-smtp-filter[710]: 5F3C2B1A0D9E8F7A6B: moved mail for <cy@in.example> to "
     "spam quarantine - 4C5D6E7F80 (rule: Quarantine)",
     "event=delivery|status=held|to=cy@in.example|!new_queue_id"},
    {"Dec  2 08:00:02 pmg pmg-smtp-filter[710]: 5F3C2B1A0D9E8F7A6B: block mail to <dd@in.example> "
     "(rule: Block)",
     "event=delivery|status=discarded|to=dd@in.example"},
    {"Dec  2 08:00:02 pmg pmg-smtp-filter[710]: 5F3C2B1A0D9E8F7A6B: processing time: 1.2 seconds",
     "event=removed|queue_id=5F3C2B1A0D9E8F7A6B"},
    {"Dec  2 08:00:01 pmg pmg-smtp-filter[710]: 5F3C2B1A0D9E8F7A6B: new mail message-id=<a@b>",
     "event=message_id|message_id=a@b"},
    {"Dec  2 08:00:04 pmg pmg-smtp-filter[710]: starting server", "event=notice|!queue_id"},
    {"Dec  2 08:00:02 pmg postfix/lmtp[730]: 1A2B3C4D5E: to=<bo@in.example>, "
     "relay=127.0.0.1[127.0.0.1]:10024, delay=2, delays=0/0/0/2, dsn=2.5.0, status=sent "
     "(250 2.5.0 OK (5F3C2B1A0D9E8F7A6B))",
     "event=delivery|new_queue_id=5F3C2B1A0D9E8F7A6B"},
    {"Dec  2 08:00:02 pmg postfix/smtp[730]: 1A2B3C4D5E: to=<bo@in.example>, "
     "relay=mx.example[192.0.2.1]:25, delay=2, delays=0/0/0/2, dsn=2.0.0, status=sent "
     "(250 2.0.0 OK (ok))",
     "event=delivery|!new_queue_id"},
    /* Postfix 2.x wordings: no delays= nor dsn=, no command counters */
    {"Jan  5 10:00:00 old postfix/local[300]: 3F2A1B4C5D: to=<u@old.example>, relay=local, delay=0, "
     "status=sent (mailbox)",
     "event=delivery|status=sent|to=u@old.example|relay_host=local|delay=0|!delays|!dsn|reply=mailbox"},
    {"Jan  5 10:00:00 old postfix/smtp[301]: 3F2A1B4C5D: to=<u@far.example>, relay=mx.far.example[192.0.2.9], "
     "delay=3, status=deferred (host mx.far.example[192.0.2.9] said: 450 try later)",
     "event=delivery|status=deferred|relay_ip=192.0.2.9|!relay_port|reply_code=450"},
    {"Jan  5 10:00:00 old postfix/smtpd[302]: disconnect from a.example[192.0.2.1]",
     "event=disconnect|!session_end|client_ip=192.0.2.1"},
    {"Jan  5 10:00:00 old postfix/smtpd[302]: 3F2A1B4C5D: reject: RCPT from a.example[192.0.2.1]: "
     "450 <u@x.example>: User unknown in local recipient table; from=<s@a.example> "
     "to=<u@x.example> proto=SMTP helo=<a.example>",
     "event=reject|queue_id=3F2A1B4C5D|from=s@a.example|to=u@x.example|helo=a.example|stage=RCPT"},
    /* found by fuzz-line: nothing after "QID: " was read past the end */
    {"Nov 28 09:36:04 mx1 postfix/qmgr[1]: D3E4F5A6B7: ", "event=unknown|queue_id=D3E4F5A6B7"},
    {"Oct 31 02:56:34 mx1 postfix/anvil[6002]: statistics: max connection rate 1/60s for "
     "(smtpd:192.0.2.213) at Oct 31 01:53:13",
     "event=statistics"},
    /* Keys Postfix writes are recognised at once; what only looks like
     * one must still go through the generic reading. */
    {"Nov 28 09:41:00 mx1 postfix/smtp[1302]: A1B2C3D4E5: to=<a@x.example>,relay=none,"
     "delays=1/2/3/4 ;dsn=5.0.0, status=bounced (gone)",
     "to=a@x.example|relay_host=none|delays=1/2/3/4|dsn=5.0.0|status=bounced|reply=gone"},
    {"Nov 28 09:41:01 mx1 postfix/smtp[1302]: A1B2C3D4E5: to=<a@x.example>, tox=1, xto=2, "
     "delayed=3, sizes=4, relay =5, status=sent (ok)",
     "to=a@x.example|!delay|!size|!relay_host|status=sent|reply=ok"},
    {"Nov 28 09:41:02 mx1 postfix/smtp[1302]: A1B2C3D4E5: to=<a@x.example>, delay=, delays=, "
     "dsn=, relay=",
     "to=a@x.example|delay=|!delays|dsn=|relay_host=|!status"},
    {"Nov 28 09:41:03 mx1 postfix/qmgr[1]: A1B2C3D4E5: from=<>, size=12, nrcpt=1, conn_use=3 "
     "(queue active)",
     "from=|size=12|nrcpt=1|conn_use=3|event=queued"},
};

START_TEST(line_kinds) { check_expect(cases[_i].line, cases[_i].expect); }
END_TEST

START_TEST(numbers_are_parsed)
{
    const maillog_record *r = parse1(cases[0].line);
    ck_assert_int_eq(num(r, MAILLOG_N_DELAY_US), 1200000);
    ck_assert_int_eq(num(r, MAILLOG_N_DELAY_BEFORE_US), 300000);
    ck_assert_int_eq(num(r, MAILLOG_N_DELAY_QUEUE_US), 0);
    ck_assert_int_eq(num(r, MAILLOG_N_DELAY_CONNECT_US), 500000);
    ck_assert_int_eq(num(r, MAILLOG_N_DELAY_XMIT_US), 400000);
    ck_assert_int_eq(num(r, MAILLOG_N_RELAY_PORT), 25);
    ck_assert_int_eq(num(r, MAILLOG_N_CONN_USE), 2);
    ck_assert_int_eq(num(r, MAILLOG_N_REPLY_CODE), 451);
    ck_assert_int_eq(num(r, MAILLOG_N_PID), 1302);
    r = parse1(cases[4].line);
    ck_assert_int_eq(num(r, MAILLOG_N_SIZE), 2345);
    ck_assert_int_eq(num(r, MAILLOG_N_NRCPT), 2);
    ck_assert_int_eq(num(r, MAILLOG_N_DELAY_US), -1);
}
END_TEST

/* Every status word Postfix writes, in any case, and words that only look
 * like one. */
START_TEST(status_words)
{
    static const struct {
        const char *word;
        int32_t status;
    } words[] = {{"sent", MAILLOG_STATUS_SENT},
                 {"SENT", MAILLOG_STATUS_SENT},
                 {"Sent", MAILLOG_STATUS_SENT},
                 {"deferred", MAILLOG_STATUS_DEFERRED},
                 {"bounced", MAILLOG_STATUS_BOUNCED},
                 {"expired", MAILLOG_STATUS_EXPIRED},
                 {"force-expired", MAILLOG_STATUS_EXPIRED},
                 {"softbounce", MAILLOG_STATUS_SOFTBOUNCE},
                 {"undeliverable", MAILLOG_STATUS_UNDELIVERABLE},
                 {"undeliverable-but-not-cached", MAILLOG_STATUS_UNDELIVERABLE},
                 {"deliverable", MAILLOG_STATUS_DELIVERABLE},
                 {"sen", MAILLOG_STATUS_OTHER},
                 {"sents", MAILLOG_STATUS_OTHER},
                 {"s\xc5nt", MAILLOG_STATUS_OTHER},
                 {"se\x0et", MAILLOG_STATUS_OTHER},
                 {"sen\x54", MAILLOG_STATUS_SENT}, /* 'T' */
                 {"sen4", MAILLOG_STATUS_OTHER}};
    char line[256];
    size_t i;
    for (i = 0; i < sizeof words / sizeof words[0]; i++) {
        const maillog_record *r;
        snprintf(line, sizeof line,
                 "Nov 28 09:00:07 mx1 postfix/smtp[1302]: 4F1A2B3C4D: to=<a@b.example>, "
                 "relay=none, delay=1, delays=0/0/0/1, dsn=5.0.0, status=%s (reply)",
                 words[i].word);
        r = parse1(line);
        ck_assert_msg(maillog_record_status(r) == words[i].status, "status=%s", words[i].word);
    }
}
END_TEST

START_TEST(attribute_iterator)
{
    const maillog_record *r = parse1(
        "Nov 28 09:31:00 mx1 postfix-out/smtpd[1401]: 3Pt2mN2VXxznjll: client=localhost[127.0.0.1], "
        "orig_client=a.example[192.0.2.245], sasl_method=PLAIN, sasl_username=dave@example.org, "
        "sasl_sender=ann@example.org");
    uint32_t cur = 0;
    const char *k, *v;
    size_t kn, vn;
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 1);
    ck_assert_int_eq((int)kn, 11);
    ck_assert(memcmp(k, "orig_client", 11) == 0 && vn == 22);
    /* sasl_method and sasl_username are the fields auth_method and user */
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 1);
    ck_assert(memcmp(k, "sasl_sender", 11) == 0 && memcmp(v, "ann@example.org", vn) == 0);
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 0);
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 0);
    /* the reply of a delivery line is never walked for pairs */
    r = parse1(cases[19].line);
    cur = 0;
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 0);
}
END_TEST

START_TEST(forced_dialect_parses_bare_bodies)
{
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    static const char body[] = "D2FAE20586: uid=0 from=<fail2ban>";
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, body, sizeof body - 1, r), MAILLOG_OK);
    ck_assert(maillog_record_flags(r) & MAILLOG_REC_UNPARSED);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_DIALECT, MAILLOG_MTA_POSTFIX), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, body, sizeof body - 1, r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_event(r), MAILLOG_EV_PICKUP);
    ck_assert_str_eq(fld(r, MAILLOG_F_FROM), "fail2ban");
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

/* The queue id's shape by its plain definition: 6 to 32 bytes of
 * upper-case hex, or 10 to 32 bytes of the long-id alphabet (alphanumerics
 * without vowels) holding the 'z' separator. */
static int ref_qid(const char *id, size_t n)
{
    size_t i;
    int hex = 1, vowel = 0, z = 0;
    if (n > 32)
        return 0;
    for (i = 0; i < n; i++) {
        char c = id[i];
        int digit = c >= '0' && c <= '9', up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
        if (!digit && !up && !lo)
            return 0;
        if (!digit && !(c >= 'A' && c <= 'F'))
            hex = 0;
        vowel |= strchr("AEIOUaeiou", c) != NULL;
        z |= c == 'z';
    }
    return hex ? n >= 6 : n >= 10 && !vowel && z;
}

/* Random ids of every length around the limits, from alphabets that mix
 * hex, vowels, 'z' and bytes no id holds, at the start of a body and at the
 * end of a reply ("queued as ID"): the library agrees with ref_qid(). */
START_TEST(queue_id_shapes)
{
    static const char *const alphabets[] = {"0123456789ABCDEF", "0123456789ABCDEFz",
                                            "BCDFGHJKLMNPQRSTVWXYZbcdfghjkmnpqrstvwxyz0123456789",
                                            "0123456789ABCDEFa", "0123456789ABCDEFe\xC3", "zZ9"};
    uint32_t seed = 12345;
    char id[48], line[256];
    int i;
    maillog_parser *p = test_parser(); /* one parser: a fresh one per line is slow under ASan */
    maillog_record *r = NULL;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    for (i = 0; i < 4000; i++) {
        const char *al = alphabets[i % 6];
        size_t n = (size_t)(i / 6) % 40, k, an = strlen(al);
        const char *want, *got;
        for (k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            id[k] = al[(seed >> 16) % an];
        }
        id[n] = '\0';
        want = ref_qid(id, n) ? id : NULL;
        snprintf(line, sizeof line, "Nov 28 09:36:04 mx1 postfix/qmgr[1]: %s: removed", id);
        ck_assert_int_eq(maillog_parser_parse_line(p, line, strlen(line), r), MAILLOG_OK);
        got = fld(r, MAILLOG_F_QUEUE_ID);
        ck_assert_msg(want ? got && strcmp(got, want) == 0 : got == NULL, "queue id \"%s\"", id);
        snprintf(line, sizeof line,
                 "Nov 28 09:36:04 mx1 postfix/smtp[2]: A1B2C3D4E5: to=<a@b.example>, relay=x[192.0.2.1]:25, "
                 "dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as %s)", id);
        ck_assert_int_eq(maillog_parser_parse_line(p, line, strlen(line), r), MAILLOG_OK);
        got = fld(r, MAILLOG_F_NEW_QUEUE_ID);
        ck_assert_msg(want ? got && strcmp(got, want) == 0 : got == NULL, "new queue id \"%s\"", id);
    }
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

#ifndef ML_TEST_PUBLIC_ONLY
#include "mta/postfix/postfix.h"
#include "scan/scan.h"

/* Lines read in a fixed order (log_adhoc.c's delivery line, qmgr's from=
 * line) against the general pair walk: built from values of every awkward
 * shape, in and out of order, with bytes changed, the fast path either
 * refuses the line and leaves the record untouched or fills what the walk
 * fills. */
typedef int (*fast_fn)(maillog_record *r, uint32_t p, uint32_t end);

static void same_pairs(fast_fn fast, const char *line, size_t n, int *fast_taken)
{
    static maillog_record a, b;
    memset(&a, 0, sizeof a);
    ml_record_clear(&a, line, (uint32_t)n);
    if (!fast(&a, 0, (uint32_t)n)) {
        ck_assert_msg(a.fmask == 0 && a.nmask == 0 && a.status == MAILLOG_STATUS_NONE &&
                          a.kv_off == 0 && a.kv_end == 0,
                      "fast path changed a record it refused: %.*s", (int)n, line);
        return;
    }
    (*fast_taken)++;
    memset(&b, 0, sizeof b);
    ml_record_clear(&b, line, (uint32_t)n);
    ml_postfix_kv_fields(&b, 0, (uint32_t)n);
    same_fields(&a, &b, "pairs", line, n);
    ck_assert_msg(a.status == b.status && a.kv_off == b.kv_off && a.kv_end == b.kv_end &&
                      a.flags == b.flags && a.event == b.event,
                  "status or pair region differs: %.*s", (int)n, line);
}

static uint32_t next_rand(uint32_t *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 8;
}

static uint32_t pick_index(uint32_t *seed, uint32_t n)
{
    uint32_t x = next_rand(seed);
    return x % 8 ? (x >> 3) % 2 : (x >> 3) % n;
}

START_TEST(delivery_fast_path_matches_general)
{
    static const char *const tos[] = {"to=<a@b.example>", "to=<>", "to=<\"a b>\"@c.example>",
                                      "to=<a<b>@c>", "to=<open", "to=<a@b>x", "to=a@b", "to=<a,b>"};
    static const char *const origs[] = {"", ", orig_to=<postmaster+a-long-extension@example.org>",
                                        ", orig_to=<o@example.org>", ", orig_to=<>",
                                        ", orig_to=<x", ",  orig_to=<o@x>", ", orig_to=o@x"};
    static const char *const relays[] = {
        ", relay=mx.example.com[192.0.2.1]:25", ", relay=none", ", relay=local",
        ", relay=private/dovecot-lmtp", ", relay=x[2001:db8::1]:25", ", relay=h[1.2.3.4]",
        ", relay=h[1.2.3.4]:99999", ", relay=[1.2.3.4]:25", ", relay=h[1.2.3.4, x]:25",
        ", relay=\"q\"", ", relay=<x>", ", relay=", ",relay=none", ", relay=h[1.2.3.4]:25x"};
    static const char *const uses[] = {"", ", conn_use=2", ", conn_use=x", ", conn_use=",
                                       ", conn_use=12345678901234567890", ", conn_use=3x"};
    static const char *const delays[] = {", delay=3.5", ", delay=0", ", delay=0.01",
                                         ", delay=12345678901.5", ", delay=123456789012",
                                         ", delay=1.", ", delay=.5", ", delay=1.2345678",
                                         ", delay=x", ", delay=", ", delay=1e5", ", delay=0.5 "};
    static const char *const delayss[] = {
        ", delays=0.5/0.01/0.4/0.9", ", delays=0/0/0/0", ", delays=1/2/3", ", delays=1/2/3/4/5",
        ", delays=a/b/c/d", ", delays=0.1/0.2/0.3/0.4x", ", delays=", ", delays=1//2/3",
        ", delays=0.0000001/1.1234567/22/333"};
    static const char *const dsns[] = {", dsn=2.0.0", ", dsn=5.1.1", ", dsn=", ", dsn=x.y",
                                       ", dsn=2.0.0 ", ", dsn=4.4.1x"};
    static const char *const stats[] = {
        ", status=sent (250 2.0.0 Ok: queued as 7C4E3FA44C)",
        ", status=bounced (unknown user: \"x\")",
        ", status=deferred (connect to x[1.2.3.4]:25: Connection refused)", ", status=sent",
        ", status=expired, returned to sender", ", status=sent(x)", ", status=SENT (250 ok)",
        ", status=sent  (x)", ", status=", ", status=sent (unclosed", ", status=sent\t(x)",
        ", status=deliverable (via smtp (in reply to RCPT TO command))"};
    static const char muts[] = " ,=<>[]:./\"a1\t\0\377";
    /* The first two of each list are usual; they are picked most often so
     * that many lines are whole and the fast path takes them. */
#define PICK(t) (t[pick_index(&seed, sizeof t / sizeof t[0])])
    static const char *const *const parts[] = {tos, origs, relays, uses, delays, delayss, dsns, stats};
    char line[512];
    uint32_t seed = 99;
    int i, k, fast = 0;
    for (i = 0; i < 40000; i++) {
        const char *pick[8];
        int n;
        pick[0] = PICK(tos);
        pick[1] = PICK(origs);
        pick[2] = PICK(relays);
        pick[3] = PICK(uses);
        pick[4] = PICK(delays);
        pick[5] = PICK(delayss);
        pick[6] = PICK(dsns);
        pick[7] = PICK(stats);
        if (i % 50 == 0) { /* two parts swapped: out of order */
            k = (int)(next_rand(&seed) % 7);
            pick[k] = parts[k + 1][0];
            pick[k + 1] = parts[k][0];
        }
        n = snprintf(line, sizeof line, "%s%s%s%s%s%s%s%s", pick[0], pick[1], pick[2], pick[3],
                     pick[4], pick[5], pick[6], pick[7]);
        ck_assert(n > 0 && (size_t)n < sizeof line);
        same_pairs(ml_postfix_delivery_fast, line, (size_t)n, &fast);
        for (k = 0; k < i % 3; k++) /* bytes changed anywhere */
            line[next_rand(&seed) % (uint32_t)n] = muts[next_rand(&seed) % (sizeof muts - 1)];
        if (i % 3)
            same_pairs(ml_postfix_delivery_fast, line, (size_t)n, &fast);
    }
#undef PICK
    ck_assert_int_gt(fast, 10000); /* the comparison ran, not only refusals */
}
END_TEST

START_TEST(queued_fast_path_matches_general)
{
    static const char *const froms[] = {"from=<a@b.example>", "from=<>", "from=<\"a b\"@c>",
                                        "from=<a<b>@c>", "from=<open", "from=a@b",
                                        "from=<a@b>x"};
    static const char *const sizes[] = {", size=58201", ", size=0", ", size=",
                                        ", size=1234567890123456789", ", size=12x",
                                        ",  size=1", ", status=expired"};
    static const char *const nrcpts[] = {", nrcpt=1", ", nrcpt=25", ", nrcpt=", ", nrcpt=x",
                                         ", nrcpt=1,", ", returned to sender"};
    static const char *const tails[] = {" (queue active)", "", " (queue deferred)", " (queue)",
                                        " (queue active) x=1", " (queue Active)",
                                        " (queue active", " (queue (active))", " x=1"};
    static const char muts[] = " ,=<>()a1\t\0\377";
    char line[256];
    uint32_t seed = 5;
    int i, k, fast = 0;
    for (i = 0; i < 20000; i++) {
        int n = snprintf(line, sizeof line, "%s%s%s%s",
                         froms[pick_index(&seed, sizeof froms / sizeof froms[0])],
                         sizes[pick_index(&seed, sizeof sizes / sizeof sizes[0])],
                         nrcpts[pick_index(&seed, sizeof nrcpts / sizeof nrcpts[0])],
                         tails[pick_index(&seed, sizeof tails / sizeof tails[0])]);
        ck_assert(n > 0 && (size_t)n < sizeof line);
        same_pairs(ml_postfix_queued_fast, line, (size_t)n, &fast);
        for (k = 0; k < i % 3; k++)
            line[next_rand(&seed) % (uint32_t)n] = muts[next_rand(&seed) % (sizeof muts - 1)];
        if (i % 3)
            same_pairs(ml_postfix_queued_fast, line, (size_t)n, &fast);
    }
    ck_assert_int_gt(fast, 5000);
}
END_TEST
#endif

Suite *suite_postfix(void)
{
    Suite *s = suite_create("postfix");
    TCase *tc = tcase_create("postfix");
    tcase_set_timeout(tc, 120); /* thousands of random ids, also under ASan */
    tcase_add_loop_test(tc, line_kinds, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, numbers_are_parsed);
    tcase_add_test(tc, status_words);
    tcase_add_test(tc, attribute_iterator);
    tcase_add_test(tc, forced_dialect_parses_bare_bodies);
    tcase_add_test(tc, queue_id_shapes);
#ifndef ML_TEST_PUBLIC_ONLY
    tcase_add_test(tc, delivery_fast_path_matches_general);
    tcase_add_test(tc, queued_fast_path_matches_general);
#endif
    suite_add_tcase(s, tc);
    return s;
}
