/* test_exim.c -- the Exim dialect, field by field: mainlog and syslog
 * lines of every flag, old (16) and new (23 character) message ids,
 * millisecond stamps, zones and [pid], H= in all its shapes, quoted C=,
 * QT=, rejections without an id, connections, authenticator failures,
 * syslog fragments, and addresses that try to pose as the line's words.
 * Lines follow the Exim specification's formats with our own names. */
#include "tests.h"

#include <stdio.h>
#include <string.h>

/* What a stream delivered, line by line. */
typedef struct collected {
    int n;
    int32_t event[16];
    int unparsed[16];
    char from[16][32], to[16][32];
} collected;

static void copy_field(const maillog_record *r, int32_t f, char *out)
{
    const char *v;
    size_t n;
    out[0] = '\0';
    if (maillog_record_field(r, f, &v, &n) == 1 && n < 32) {
        memcpy(out, v, n);
        out[n] = '\0';
    }
}

static int on_record(void *user, const maillog_record *r)
{
    collected *c = user;
    if (c->n < 16) {
        c->event[c->n] = maillog_record_event(r);
        c->unparsed[c->n] = (maillog_record_flags(r) & MAILLOG_REC_UNPARSED) != 0;
        copy_field(r, MAILLOG_F_FROM, c->from[c->n]);
        copy_field(r, MAILLOG_F_TO, c->to[c->n]);
    }
    c->n++;
    return 0;
}

static void feed_all(maillog_parser *p, const char *text, collected *c)
{
    ck_assert_int_eq(maillog_parser_set_callback(p, on_record, c), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_feed(p, text, strlen(text), NULL), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_finish(p), MAILLOG_OK);
}

/* The same, on a parser of its own. */
static void feed_new(const char *text, collected *c)
{
    maillog_parser *p = test_parser();
    memset(c, 0, sizeof *c);
    feed_all(p, text, c);
    maillog_parser_free(p);
}

typedef struct ecase {
    const char *line, *expect;
} ecase;

static const ecase cases[] = {
    {"2002-10-31 08:57:53 16ZCW1-0005MB-00 <= kryten@dwarf.example H=mailer.dwarf.example "
     "[192.0.2.123] U=exim P=smtp S=5678 id=incoming.1@dwarf.example",
     "mta=exim|event=client|queue_id=16ZCW1-0005MB-00|from=kryten@dwarf.example|"
     "client_host=mailer.dwarf.example|client_ip=192.0.2.123|size=5678|"
     "message_id=incoming.1@dwarf.example|!host|!program"},
    {"2024-01-15 10:20:30.123 +0100 [4711] 1rPeDb-000000005vi-0000 => monk@holistic.example "
     "<m@holistic.example> R=dnslookup T=remote_smtp H=mx.holistic.example [2001:db8::25]:25 "
     "X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes C=\"250 2.0.0 OK (queued as 1234)\" QT=2m3s DT=1s",
     "event=delivery|status=sent|queue_id=1rPeDb-000000005vi-0000|pid=4711|to=monk@holistic.example|"
     "orig_to=m@holistic.example|relay_host=mx.holistic.example|relay_ip=2001:db8::25|relay_port=25|"
     "reply=250 2.0.0 OK (queued as 1234)|reply_code=250|dsn=2.0.0|delay=2m3s"},
    {"2002-12-19 16:20:23 16aiQz-0002Q5-00 == marvin@endrest.example R=dnslookup T=smtp defer (146): "
     "Connection refused",
     "event=delivery|status=deferred|to=marvin@endrest.example|reply=Connection refused"},
    {"2002-07-11 07:14:17 17SXDU-000189-00 ** ace400@pb.example R=dnslookup T=remote_smtp: SMTP error "
     "from remote mailer after pipelined RCPT TO:<ace400@pb.example>: host mail3.pb.example "
     "[192.0.2.111]: 553 5.3.0 <ace400@pb.example>...Addressee unknown",
     "event=delivery|status=bounced|to=ace400@pb.example|"
     "reply=SMTP error from remote mailer after pipelined RCPT TO:<ace400@pb.example>: host "
     "mail3.pb.example [192.0.2.111]: 553 5.3.0 <ace400@pb.example>...Addressee unknown"},
    {"2002-10-31 09:00:11 16ZCW1-0005MB-00 Completed", "event=removed|queue_id=16ZCW1-0005MB-00"},
    {"2017-07-30 18:51:05.712 10HmaZ-000000005vi-0000 Completed QT=0.123s",
     "event=removed|delay=0.123s"},
    {"1999-03-02 09:44:33 10HmbD-000000005vi-0000 <= <> R=10HmaY-000000005vi-0000 U=EXIMUSER P=local "
     "S=1234",
     "event=pickup|from=|parent_id=10HmaY-000000005vi-0000|size=1234"},
    {"1999-03-02 09:44:33 10HmbN-000000005vi-0000 -> ok2 <ok2@test.example> R=r0 T=t2",
     "event=delivery|status=sent|to=ok2|orig_to=ok2@test.example"},
    {"2013-06-10 18:33:32 [10099] H=(yakult.example) [198.51.100.178]:3755 I=[192.0.2.4]:25 "
     "F=<menace@list.example> rejected RCPT <dir@ml.example>: relay not permitted",
     "event=reject|status=rejected|!queue_id|client_ip=198.51.100.178|client_port=3755|!client_host|"
     "from=menace@list.example|to=dir@ml.example|stage=RCPT|reply=relay not permitted"},
    {"2024-03-21 19:26:06 dovecot_login authenticator failed for (User) [192.0.2.1]:21298 "
     "I=[192.0.2.55]:465 Ci=30416: 535 Incorrect authentication data (set_id=u@example.com)",
     "event=auth_failed|severity=warning|client_ip=192.0.2.1|client_port=21298|reply_code=535"},
    {"1999-03-02 09:44:33 SMTP connection from [127.0.0.1]:10004 I=[127.0.0.1]:25 Ci=p1240 (TCP/IP "
     "connection count = 1)",
     "event=connect|client_ip=127.0.0.1|client_port=10004"},
    {"2013-06-02 09:22:05 [19591] SMTP call from pc12.example.edu [198.51.100.161]:3767 "
     "I=[192.0.2.4]:25 dropped: too many nonmail commands (last was \"RSET\")",
     "event=session|client_host=pc12.example.edu|client_ip=198.51.100.161"},
    {"Nov 29 17:52:08 vm exim[10408]: 2026-11-29 17:52:08 1xXj4K-0002hs-12 <= sender@client.test "
     "H=(client.test) [127.0.0.1] P=esmtp S=363 id=a@client.test",
     "mta=exim|event=client|host=vm|queue_id=1xXj4K-0002hs-12|client_ip=127.0.0.1|!client_host"},
    {"Nov 29 17:52:05 vm exim[10360]: [1\\2] 2026-11-29 17:52:05 Warning: No server certificate "
     "defined; will use a selfsigned one.",
     "event=notice|severity=warning"},
    {"Nov 29 17:52:05 vm exim[10360]: [2/2]  Suggested action: either install a certificate",
     "event=notice|!queue_id"},
    {"Jan  5 10:00:00 mx exim4[77]: 1rPeDb-000000005vi-0000 <= \"a b\"@quoted.example "
     "H=c.example [192.0.2.9] P=esmtps S=10",
     "mta=exim|event=client|from=\"a b\"@quoted.example|client_host=c.example|client_ip=192.0.2.9"},
    /* an address that poses as the line's own words gives no forged field */
    {"2024-01-01 00:00:00 H=(x) [192.0.2.1] F=<\"a rejected RCPT <v@forged.example>: z\"@evil.example> "
     "rejected RCPT <victim@example.org>: relay not permitted",
     "event=reject|to=victim@example.org|from=\"a rejected RCPT <v@forged.example>: z\"@evil.example|"
     "reply=relay not permitted|client_ip=192.0.2.1"},
    {"2024-01-01 00:00:01 1rPeDb-000000005vi-0000 <= \"x H=[6.6.6.6] S=1\"@evil.example "
     "H=real.example [192.0.2.7] S=99",
     "event=client|client_ip=192.0.2.7|client_host=real.example|size=99"},
    {"2024-01-01 00:00:02 1rPeDb-000000005vi-0000 Message is frozen", "event=queue_admin"},
    {"2024-01-01 00:00:03 1rPeDb-000000005vi-0000 H=mx.example [192.0.2.2] Connection refused",
     "event=relay_error|relay_host=mx.example|relay_ip=192.0.2.2|reply=Connection refused"},
    /* a 4xx refusal: rejected, as Postfix's 450 rejects are */
    {"2024-01-01 00:00:06 H=c.example [192.0.2.9] F=<a@x.example> temporarily rejected "
     "RCPT <b@y.example>: greylisted",
     "event=reject|status=rejected|action=temporarily rejected|stage=RCPT|to=b@y.example|"
     "reply=greylisted"},
    {"2024-01-01 00:00:06 H=c.example [192.0.2.9] temporarily rejected connection in "
     "\"connect\" ACL: too busy",
     "event=reject|status=rejected|action=temporarily rejected|client_ip=192.0.2.9"},
    /* before Exim 4.85, no H= */
    {"2012-01-01 00:00:03 1rPeDb-0005vi-00 mx.example [192.0.2.2] Network Error",
     "event=relay_error|relay_host=mx.example|relay_ip=192.0.2.2|reply=Network Error|!status"},
    {"2012-01-01 00:00:03 1rPeDb-0005vi-00 mx.example [192.0.2.2]:2525 Connection refused",
     "event=relay_error|relay_ip=192.0.2.2|relay_port=2525|reply=Connection refused"},
    {"2012-01-01 00:00:03 1rPeDb-0005vi-00 lowest numbered MX record points to local host",
     "!relay_host"},
    /* a cutthrough delivery refused by its target after DATA: 4xx, 5xx */
    {"2024-01-01 00:00:04 1rPeDb-000000005vi-0000 U=alice bob@y.example F=<alice@x.example> "
     "P=<alice@x.example> tmp-reject from cutthrough after DATA: R=all T=smtp H=mx.y.example "
     "[192.0.2.7] C=\"451 try later\"",
     "event=reject|status=rejected|action=tmp-reject|stage=DATA|to=bob@y.example|"
     "from=alice@x.example|relay_host=mx.y.example|relay_ip=192.0.2.7|reply=451 try later|"
     "reply_code=451"},
    {"2024-01-01 00:00:05 1rPeDb-000000005vi-0000 H=c.example (helo) [192.0.2.9] U=u "
     "bob@y.example <list@y.example> F=<a@x.example> rejected after DATA: R=all T=smtp "
     "H=mx.y.example [192.0.2.7] C=\"550 no\"",
     "event=reject|status=rejected|action=rejected|stage=DATA|to=bob@y.example|"
     "orig_to=list@y.example|client_ip=192.0.2.9|relay_ip=192.0.2.7|reply_code=550"},
    {"2024-01-01 00:00:04 Start queue run: pid=10445", "event=daemon"},
    /* issue 19: the vocabulary of deliver.c, receive.c, smtp_in.c, acl.c
     * and verify.c that was unparsed */
    {"2024-01-02 00:00:00 1rPeDb-000000005vi-0000 frozen by ACL",
     "event=queue_admin|status=held|action=frozen|reply=by ACL"},
    {"2024-01-02 00:00:01 1rPeDb-000000005vi-0000 Frozen (delivery error message)",
     "event=queue_admin|status=held|action=Frozen|reply=(delivery error message)"},
    {"2024-01-02 00:00:02 1rPeDb-000000005vi-0000 Message is frozen",
     "event=queue_admin|status=held|action=frozen"},
    {"2024-01-02 00:00:03 1rPeDb-000000005vi-0000 unfrozen by root",
     "event=queue_admin|!status|action=unfrozen|reply=by root"},
    {"2024-01-02 00:00:04 H=(laptop) [192.0.2.70] F=<ok@x.example> RCPT <trap@y.example>: discarded "
     "by RCPT ACL: spamtrap",
     "event=reject|status=discarded|action=discarded|stage=RCPT|to=trap@y.example|from=ok@x.example|"
     "helo=laptop|client_ip=192.0.2.70|reply=spamtrap|!queue_id"},
    {"2024-01-02 00:00:05 H=(laptop) [192.0.2.70] F=<bulk@x.example> RCPT <a@y.example>: discarded "
     "by MAIL ACL",
     "event=reject|status=discarded|to=a@y.example|!reply"},
    {"2024-01-02 00:00:06 unqualified sender rejected: <root> H=(box) [192.0.2.71]",
     "event=reject|status=rejected|from=root|client_ip=192.0.2.71|helo=box"},
    {"2024-01-02 00:00:07 unqualified recipient rejected: <postmaster> H=(box) [192.0.2.71]",
     "event=reject|status=rejected|to=postmaster|!from"},
    {"2024-01-02 00:00:08 H=(laptop) [192.0.2.72] Warning: listed at bl.example",
     "event=notice|severity=warning|client_ip=192.0.2.72|reply=listed at bl.example"},
    {"2024-01-02 00:00:09 1rPeDb-000000005vi-0000 root@x.example <postmaster@x.example>: error "
     "ignored",
     "event=notice|to=root@x.example|orig_to=postmaster@x.example|action=error ignored"},
    {"2024-01-02 00:00:10 1rPeDb-000000005vi-0000 no immediate delivery: load average 4.00",
     "event=notice|reply=load average 4.00"},
    {"2024-01-02 00:00:11 1rPeDb-000000005vi-0000 DKIM: d=example.org s=sel c=relaxed/relaxed "
     "a=rsa-sha256 b=1024 [verification succeeded]",
     "event=notice|reply=verification succeeded"},
    {"2024-01-02 00:00:12 TLS error on connection from (laptop) [192.0.2.73] (SSL_accept): "
     "error:0A000416:SSL routines::sslv3 alert certificate unknown",
     "event=session|session_end=tls|client_ip=192.0.2.73|helo=laptop"},
    {"2024-01-02 00:00:13 1rPeDb-000000005vi-0000 H=mx.example [192.0.2.74]: DANE error: tlsa "
     "lookup DEFER",
     "event=relay_error|relay_host=mx.example|reply=DANE error: tlsa lookup DEFER"},
    {"2024-01-02 00:00:14 1rPeDb-000000005vi-0000 OCSP dates invalid", "event=notice"},
    {"2024-01-02 00:00:15 1rPeDb-000000005vi-0000 spam acl condition: error reading from spamd "
     "socket: Connection timed out",
     "event=notice|reply=error reading from spamd socket: Connection timed out"},
    {"2024-01-02 00:00:16 H=(laptop) [192.0.2.75] sender verify defer for <a@slow.example>: host "
     "lookup did not complete",
     "event=session|status=deferred|from=a@slow.example|reply=host lookup did not complete"},
    {"2024-01-02 00:00:17 H=(laptop) [192.0.2.75] recipient verify defer for <b@slow.example>: "
     "Could not complete recipient verify callout",
     "event=session|status=deferred|to=b@slow.example|!from"},
    {"2024-01-02 00:00:18 1rPeDb-000000005vi-0000 SMTP connection lost after final dot "
     "H=(laptop) [192.0.2.76] P=esmtps",
     "event=session|session_end=lost|client_ip=192.0.2.76|helo=laptop"},
    {"2024-01-02 00:00:19 1rPeDb-000000005vi-0000 qualify/rewrite: domain missing or malformed",
     "event=notice|reply=domain missing or malformed"},
    /* thrown away on purpose: the address is the one in brackets */
    {"2024-01-02 00:00:20 1rPeDb-000000005vi-0000 => :blackhole: <nobody@x.example> R=blackhole",
     "event=delivery|status=discarded|to=nobody@x.example|!orig_to|action=blackhole"},
    /* a pipe command with spaces stays whole */
    {"2024-01-02 00:00:21 1rPeDb-000000005vi-0000 => |/bin/sh -c \"cat >/tmp/f\" <pipe@x.example> "
     "R=alias T=pipe",
     "event=delivery|status=sent|orig_to=pipe@x.example"}, /* to: pipe_commands */
    {"2024-01-02 00:00:22 1rPeDb-000000005vi-0000 ** |/usr/bin/procmail -d u <u@x.example> "
     "R=r1 T=t2: Child process of t2 transport returned 75",
     "event=delivery|status=bounced|orig_to=u@x.example"},
    /* not tried: the host's retry time has not come, so no attempt */
    {"2024-01-02 00:00:23 1rPeDb-000000005vi-0000 == bob@slow.example R=dnslookup routing defer "
     "(-52): retry time not reached",
     "event=notice|status=deferred|to=bob@slow.example|reply=retry time not reached"},
    {"2024-01-02 00:00:24 1rPeDb-000000005vi-0000 <= alice@x.example H=mua.example (laptop) "
     "[192.0.2.77] P=esmtpsa A=dovecot_plain:alice S=300",
     "event=client|user=alice|auth_method=dovecot_plain|helo=laptop|client_host=mua.example"},
    {"2024-01-02 00:00:25 1rPeDb-000000005vi-0000 => u@far.example R=smarthost T=remote_smtp "
     "H=relay.example [192.0.2.78] A=login:mailer:alice@x.example C=\"250 OK\"",
     "event=delivery|auth_method=login|user=mailer|!helo"},
    {"2024-01-02 00:00:26 SMTP connection from (laptop) [192.0.2.77] closed by QUIT",
     "event=disconnect|session_end=quit"},
    {"2024-01-02 00:00:27 SMTP command timeout on connection from (laptop) [192.0.2.77]",
     "event=session|session_end=timeout"},
    {"2024-01-02 00:00:28 SMTP call from (laptop) [192.0.2.77] dropped: too many syntax or "
     "protocol errors (last command was \"xx\")",
     "event=session|session_end=errors"},
    {"2024-01-02 00:00:29 unexpected disconnection while reading SMTP command from (laptop) "
     "[192.0.2.77] D=10s",
     "event=session|session_end=lost"},
    {"2024-01-02 00:00:30 refused connection from [192.0.2.79] (host_reject_connection)",
     "event=session|session_end=refused|client_ip=192.0.2.79"},
    {"2024-01-02 00:00:31 H=[192.0.2.80] rejected connection in \"connect\" ACL: 550 go away",
     "event=reject|session_end=refused"},
    /* an ACL's warn verb in the DATA ACL, with the message's id: its
     * client, not a relay */
    {"2024-01-02 00:00:32 1rPeDb-000000005vi-0000 H=(laptop) [2001:db8::77] Warning: message has "
     "3 recipients",
     "event=notice|severity=warning|client_ip=2001:db8::77|helo=laptop|!relay_ip|"
     "reply=message has 3 recipients"},
    /* sa-exim (local_scan): the verdict, score, Message-Id, sender,
     * client and recipients; with or without the message id */
    {"2024-01-02 00:00:33 1rPeDb-000000005vi-0000 SA: Action: scanned but message isn't spam: "
     "score=1.2 required=5.0 (scanned in 2/2 secs | Message-Id: m1@x.example). From "
     "<a@x.example> (host=mx.x.example [2001:db8::78]) for b@y.example, c@y.example",
     "event=notice|action=scanned but message isn't spam|reply=score=1.2 required=5.0|"
     "message_id=m1@x.example|from=a@x.example|client_host=mx.x.example|"
     "client_ip=2001:db8::78|to=b@y.example|!status"},
    {"2024-01-02 00:00:34 SA: Action: permanently rejected message: hits=12.3 required=5.0 "
     "trigger=12.0 (scanned in 3/3 secs | Message-Id: m2@x.example). From <> (local) for "
     "root@y.example",
     "event=notice|action=permanently rejected message|from=|to=root@y.example|!client_ip|"
     "!queue_id"},
    {"2024-01-02 00:00:35 SA: Action: SA didn't successfully run against message, accepting "
     "(time: 0/0 secs | Message-Id: m3@x.example). From <a@x.example> (host=(null) "
     "[192.0.2.79]) for b@y.example",
     "event=notice|action=SA didn't successfully run against message, accepting|"
     "client_ip=192.0.2.79|!client_host|!reply"},
    {"2024-01-02 00:00:36 SA: Debug: SAEximRunCond expand returned: '1'",
     "event=notice|severity=debug|reply=SAEximRunCond expand returned: '1'"},
    {"2024-01-02 00:00:37 SA: PANIC: Unexpected error on spamc (but message was accepted)",
     "event=notice|severity=error"},
    /* the rarer lines (session.c) */
    {"2024-01-02 00:00:38 U=CALLER Warning: some other warning",
     "event=notice|severity=warning|reply=some other warning|!host"},
    {"2024-01-02 00:00:39 ETRN #one received from (rhu.barb) [2001:db8::80]",
     "event=session|helo=rhu.barb|client_ip=2001:db8::80"},
    {"2024-01-02 00:00:40 VRFY failed for <\"b c\"@y.example> H=(test) [192.0.2.81] U=CALLER",
     "event=session|to=\"b c\"@y.example|client_ip=192.0.2.81"},
    {"2024-01-02 00:00:41 1rPeDb-000000005vi-0000 PRDR R=<u@y.example> temporary refusal",
     "event=notice|to=u@y.example|reply=temporary refusal"},
    {"2024-01-02 00:00:42 1rPeDb-000000005vi-0000 plain authenticator failed H=relay.example "
     "[192.0.2.82] 535 Sorry, authentication failed",
     "event=relay_error|relay_ip=192.0.2.82|reply_code=535|!client_ip"},
    {"2024-01-02 00:00:43 1rPeDb-000000005vi-0000 Tainted filename '/var/mail/x'",
     "event=notice|severity=error"},
    {"2024-01-02 00:00:44 [192.0.2.83] SSL verify error: depth=0 error=self signed certificate "
     "cert=/CN=mx.example",
     "event=notice|severity=warning|reply=SSL verify error: depth=0 error=self signed certificate "
     "cert=/CN=mx.example"},
    {"2024-01-02 00:00:45 spool directory space check failed: space=10 inodes=10",
     "event=notice|severity=warning|reply=space=10 inodes=10"},
    {"2024-01-02 00:00:46 ignoring AUTH=x@y from U=CALLER (client not authenticated)",
     "event=notice"},
    {"2024-01-02 00:00:47 Start ODMR queue run: pid=1235 -qq", "event=daemon"},
    {"2024-01-02 00:00:48 SMTP connection Ci=p1234 from (tester) [192.0.2.84]:52100 lost while "
     "reading message data",
     "event=session|session_end=lost|client_ip=192.0.2.84|helo=tester"},
    {"2024-01-02 00:00:49 Start 'lowpri' queue run: pid=1239", "event=daemon"},
    {"2024-01-02 00:00:50 1rPeDb-000000005vi-0000 r1 router: skipped error: domain missing or "
     "malformed",
     "event=notice|severity=warning|reply=domain missing or malformed"},
    {"2024-01-02 00:00:51 1rPeDb-000000005vi-0000 <|/usr/bin/x>: address_pipe transport output: "
     "hello",
     "event=notice|reply=hello"},
    {"2024-01-02 00:00:51 1rPeDb-000000005vi-0000 appendfile transport process returned non-zero "
     "status 0x0100: exit code 1",
     "event=notice|reply=transport process returned non-zero status 0x0100: exit code 1"},
    {"2024-01-02 00:00:52 1rPeDb-000000005vi-0000 moved from input, msglog to (third) input, "
     "msglog",
     "event=queue_admin|action=moved|!status"},
    {"2024-01-02 00:00:53 1rPeDb-000000005vi-0000 tainted search query is not properly quoted "
     "(router r1, /etc/exim4/exim4.conf 69): select 1",
     "event=notice|severity=warning"},
    {"2024-01-01 00:00:05 some words no Exim writes", "event=unknown"},
    {"2024-01-01 00:00:06 1rPeDb-000000005vi-0000", "event=unknown"}, /* an id ending the line */
    /* every unit, and times too large to hold or with a fraction off
     * seconds: the text stays, the number is dropped */
    {"2024-01-01 00:00:07 1rPeDb-000000005vi-0000 Completed QT=1w2d3h4m5.5s",
     "event=removed|delay=1w2d3h4m5.5s"},
    {"2024-01-01 00:00:08 1rPeDb-000000005vi-0000 Completed QT=100000000w",
     "event=removed|delay=100000000w"},
    {"2024-01-01 00:00:09 1rPeDb-000000005vi-0000 Completed QT=1.5m", "event=removed|delay=1.5m"},
};

START_TEST(line_kinds) { check_expect(cases[_i].line, cases[_i].expect); }
END_TEST

START_TEST(numbers)
{
    const maillog_record *r = parse1(cases[1].line);
    int64_t sec;
    int32_t usec, off;
    ck_assert_int_eq(num(r, MAILLOG_N_DELAY_US), 123000000);
    ck_assert_int_eq(maillog_record_time(r, &sec, &usec, &off), 1);
    ck_assert_int_eq(usec, 123000);
    ck_assert_int_eq(off, 3600);
    ck_assert_int_eq(num(parse1(cases[5].line), MAILLOG_N_DELAY_US), 123000);
    ck_assert_int_eq(num(parse1(cases[0].line), MAILLOG_N_SIZE), 5678);
    ck_assert_int_eq(num(parse1("2024-01-01 00:00:07 1rPeDb-000000005vi-0000 Completed "
                                "QT=1w2d3h4m5.5s"),
                         MAILLOG_N_DELAY_US),
                     (((7LL + 2) * 24 + 3) * 60 + 4) * 60000000LL + 5500000LL);
    /* 1e8 weeks overflowed int64 before (found by reading, UBSan agreed) */
    ck_assert_int_eq(num(parse1("2024-01-01 00:00:08 1rPeDb-000000005vi-0000 Completed "
                                "QT=100000000w"),
                         MAILLOG_N_DELAY_US),
                     -1);
    ck_assert_int_eq(num(parse1("2024-01-01 00:00:09 1rPeDb-000000005vi-0000 Completed QT=1.5m"),
                         MAILLOG_N_DELAY_US),
                     -1);
}
END_TEST

/* The rejectlog's header dump after a rejection: unstamped lines read as
 * notices while the dump lasts, on a stream detected line by line. */
START_TEST(rejectlog_dump)
{
    static const char text[] =
        "2024-01-03 10:00:00 1rPeDb-000000005vi-0000 H=(laptop) [192.0.2.90] F=<a@x.example> "
        "rejected after DATA: spam score too high\n"
        "Envelope-from: <a@x.example>\n"
        "Envelope-to: <b@y.example>\n"
        "P Received: from [192.0.2.90] (helo=laptop)\n"
        "\tby mx.y.example with esmtp id 1rPeDb-000000005vi-0000\n"
        "I Message-Id: <m1@x.example>\n"
        "  Subject: cheap\n"
        "this line is nobody's\n"
        "\tnor this one\n";
    collected c;
    feed_new(text, &c);
    ck_assert_int_eq(c.n, 9);
    ck_assert_int_eq(c.event[0], MAILLOG_EV_REJECT);
    ck_assert_int_eq(c.event[1], MAILLOG_EV_NOTICE);
    ck_assert_str_eq(c.from[1], "a@x.example");
    ck_assert_str_eq(c.to[2], "b@y.example");
    ck_assert_int_eq(c.event[3], MAILLOG_EV_NOTICE);
    ck_assert_int_eq(c.event[4], MAILLOG_EV_NOTICE);
    ck_assert_int_eq(c.event[5], MAILLOG_EV_NOTICE);
    ck_assert_int_eq(c.event[6], MAILLOG_EV_NOTICE);
    ck_assert(c.unparsed[7]);
    ck_assert(c.unparsed[8]); /* the dump ended with the line before */
}
END_TEST

/* A mainlog entry's continuation lines (white space first) right after
 * it are its own: notices; the same lines elsewhere are nobody's. */
START_TEST(continuations)
{
    static const char text[] =
        "2024-01-03 10:00:00 Warning: No server certificate defined; will use a selfsigned one.\n"
        " Suggested action: either install a certificate or change tls_advertise_hosts option\n"
        "\tand a second one\n"
        "not a continuation\n"
        " nor this, after an unparsed line\n"
        "Jan  3 10:00:01 mx exim[7]: 2024-01-03 10:00:01 Start queue run: pid=7\n"
        " nor this, after a syslog line\n";
    /* each line: a notice (n), another record (r), unparsed (u) */
    static const char want[] = "nnnuuru";
    collected c;
    int i;
    feed_new(text, &c);
    ck_assert_int_eq(c.n, 7);
    for (i = 0; i < 7; i++) {
        ck_assert_int_eq(c.unparsed[i], want[i] == 'u');
        if (want[i] == 'n')
            ck_assert_int_eq(c.event[i], MAILLOG_EV_NOTICE);
    }
}
END_TEST

/* A pipe's command runs to its " <address>", spaces and quotes included
 * (the expectations above cannot hold a '|'). */
START_TEST(pipe_commands)
{
    ck_assert_str_eq(fld(parse1("2024-01-02 00:00:21 1rPeDb-000000005vi-0000 => |/bin/sh -c "
                                "\"cat >/tmp/f\" <pipe@x.example> R=alias T=pipe"),
                         MAILLOG_F_TO),
                     "|/bin/sh -c \"cat >/tmp/f\"");
    ck_assert_str_eq(fld(parse1("2024-01-02 00:00:22 1rPeDb-000000005vi-0000 ** |/usr/bin/procmail "
                                "-d u <u@x.example> R=r1 T=t2: Child process of t2 transport "
                                "returned 75"),
                         MAILLOG_F_TO),
                     "|/usr/bin/procmail -d u");
    ck_assert_str_eq(fld(parse1("2024-01-02 00:00:23 1rPeDb-000000005vi-0000 => |/usr/bin/true "
                                "R=alias T=pipe"),
                         MAILLOG_F_TO),
                     "|/usr/bin/true");
}
END_TEST

/* The recipients of an arrival's "for" list (+received_recipients), one
 * by one; "a@x b@y" as recipient_next gives them, joined by '|'. */
static const char *for_list(const char *line)
{
    static char out[256];
    const maillog_record *r = parse1(line);
    uint32_t cur = 0;
    const char *v;
    size_t n;
    out[0] = '\0';
    while (maillog_record_recipient_next(r, &cur, &v, &n) == 1) {
        if (out[0])
            strcat(out, "|");
        strncat(out, v, n);
    }
    return out;
}

START_TEST(for_lists)
{
    /* IPv6 client, two recipients, one a quoted local part with a space */
    ck_assert_str_eq(for_list("2024-01-04 09:00:00 1rPeDb-000000005vi-0000 <= a@x.example "
                              "H=mx.x.example [2001:db8::25]:41234 P=esmtps S=900 "
                              "id=m2@x.example for b@y.example \"john doe\"@y.example"),
                     "b@y.example|\"john doe\"@y.example");
    /* the null sender, one recipient: the to field */
    check_expect("2024-01-04 09:00:01 1rPeDb-000000005vi-0001 <= <> R=1rPeDa-000000005vh-0000 "
                 "U=Debian-exim P=local S=1958 for bob@y.example",
                 "event=pickup|from=|to=bob@y.example|parent_id=1rPeDa-000000005vh-0000");
    /* a HELO that says "for": the last " for " starts the list */
    ck_assert_str_eq(for_list("2024-01-04 09:00:02 1rPeDb-000000005vi-0002 <= a@x.example "
                              "H=(for.example) [192.0.2.91] P=esmtp S=10 for c@y.example "
                              "SRS0=ab=cd=x.example=u@y.example"),
                     "c@y.example|SRS0=ab=cd=x.example=u@y.example");
    /* no list: no recipient, and the field letters as before */
    check_expect("2024-01-04 09:00:03 1rPeDb-000000005vi-0003 <= a@x.example H=(laptop) "
                 "[192.0.2.92] P=esmtp S=10 id=m3@x.example",
                 "event=client|!to|size=10|message_id=m3@x.example");
    ck_assert_str_eq(for_list("2024-01-04 09:00:04 1rPeDb-000000005vi-0004 <= a@x.example "
                              "H=(laptop) [192.0.2.92] P=esmtp S=10 for "),
                     "");
}
END_TEST

/* The mainlog has no tag: its own stamp picks the dialect; a forced
 * dialect reads bare bodies. */
START_TEST(detection)
{
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    static const char body[] = "16ZCW1-0005MB-00 Completed";
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, body, sizeof body - 1, r), MAILLOG_OK);
    ck_assert(maillog_record_flags(r) & MAILLOG_REC_UNPARSED);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_DIALECT, MAILLOG_MTA_EXIM), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, body, sizeof body - 1, r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_event(r), MAILLOG_EV_REMOVED);
    ck_assert_str_eq(maillog_mta_name(MAILLOG_MTA_EXIM), "exim");
    ck_assert_str_eq(maillog_field_name(MAILLOG_F_PARENT_ID), "parent_id");
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

Suite *suite_exim(void)
{
    Suite *s = suite_create("exim");
    TCase *tc = tcase_create("exim");
    tcase_add_loop_test(tc, line_kinds, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, numbers);
    tcase_add_test(tc, detection);
    tcase_add_test(tc, pipe_commands);
    tcase_add_test(tc, for_lists);
    tcase_add_test(tc, rejectlog_dump);
    tcase_add_test(tc, continuations);
    suite_add_tcase(s, tc);
    return s;
}
