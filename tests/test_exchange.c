/* test_exchange.c -- Exchange's own logs beyond single rows (those are in
 * test_exchange_rows.c): time, a byte order mark, attributes, every
 * recipient; then streams with their headers (a byte order mark,
 * CRLF, a second #Fields mid-stream, the other Exchange logs, the SMTP
 * protocol logs), the attributes named by the columns, the subject
 * option, and the correlation of a message.  The rows are built from
 * Microsoft's documentation of the formats, with our own names (example.com,
 * 192.0.2.x). */
#include "tests.h"
#include "exchange_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ML_NO_CORRELATE
#include <maillog_correlate.h>
#endif

#define FIELDS30 "#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version"


/* ---------------------------------------------------------- one row */
START_TEST(time_is_utc_with_milliseconds)
{
    const maillog_record *r = parse1(cases[0].line);
    int64_t sec;
    int32_t usec, off;
    ck_assert_int_eq(maillog_record_time(r, &sec, &usec, &off), 1);
    ck_assert_int_eq(sec, 1796378400LL); /* 2026-12-04T10:00:00Z */
    ck_assert_int_eq(usec, 123000);
    ck_assert_int_eq(off, 0);
    ck_assert_uint_eq(maillog_record_flags(r) & (MAILLOG_REC_HAS_TIME | MAILLOG_REC_HAS_OFFSET),
                      MAILLOG_REC_HAS_TIME | MAILLOG_REC_HAS_OFFSET);
    ck_assert_str_eq(fld(r, MAILLOG_F_TIMESTAMP), "2026-12-04T10:00:00.123Z");
    ck_assert_ptr_nonnull(strstr(json_of(r), "\"ts\":\"2026-12-04T10:00:00.123000+00:00\""));
    ck_assert_str_eq(maillog_mta_name(MAILLOG_MTA_EXCHANGE), "exchange");
    ck_assert_str_eq(maillog_field_name(MAILLOG_F_EVENT_RAW), "event_raw");
    ck_assert_str_eq(maillog_field_name(MAILLOG_F_SUBJECT), "subject");
}
END_TEST

/* A byte order mark before a row (a file's first line) is skipped. */
START_TEST(bom_before_a_row)
{
    char line[1024];
    snprintf(line, sizeof line, "\xEF\xBB\xBF%s", cases[0].line);
    check_expect(line, "mta=exchange|event=client|queue_id=4101|ts_raw=2026-12-04T10:00:00.123Z");
}
END_TEST

/* The attributes of a row read without a header: the columns that are not
 * fields, non-empty, in order, under their names; <...> loses its
 * brackets.  The subject is neither. */
START_TEST(attributes_of_a_row)
{
    static const char *const want[][2] = {
        {"server-ip", "192.0.2.20"},
        {"server-hostname", "EX01"},
        {"source-context", "08DC39E1A2B3C4D5;2026-12-04T10:00:00.050Z;0"},
        {"connector-id", "EX01\\Default Frontend EX01"},
        {"source", "SMTP"},
        {"network-message-id", "6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3"},
        {"return-path", "alice@example.org"},
        {"directionality", "Incoming"},
        {"custom-data", "S:DeliveryPriority=Normal"},
        {"transport-traffic-type", "Email"},
        {"log-id", "11111111-2222-3333-4444-555555555555"},
        {"schema-version", "15.02.1544.004"},
    };
    const maillog_record *r = parse1(cases[0].line);
    uint32_t cur = 0;
    const char *k, *v;
    size_t kn, vn, i;
    for (i = 0; i < sizeof want / sizeof want[0]; i++) {
        ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 1);
        ck_assert_msg(kn == strlen(want[i][0]) && memcmp(k, want[i][0], kn) == 0, "key %zu: %.*s",
                      i, (int)kn, k);
        ck_assert_msg(vn == strlen(want[i][1]) && memcmp(v, want[i][1], vn) == 0, "value %zu: %.*s",
                      i, (int)vn, v);
    }
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 0);
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 0);
    ck_assert_ptr_null(strstr(json_of(r), "Quarterly"));
    /* a return-path of <> is an empty attribute value */
    r = parse1(cases[52].line);
    ck_assert_ptr_nonnull(strstr(json_of(r), "\"return-path\":\"\""));
}
END_TEST

START_TEST(every_recipient)
{
    const maillog_record *r = parse1(ROW_RECV);
    uint32_t cur = 0;
    const char *p;
    size_t n;
    static const char *const want[] = {"bob@example.com", "carol@example.com", "dave@example.com"};
    int i;
    for (i = 0; i < 3; i++) {
        ck_assert_int_eq(maillog_record_recipient_next(r, &cur, &p, &n), 1);
        ck_assert(n == strlen(want[i]) && memcmp(p, want[i], n) == 0);
    }
    ck_assert_int_eq(maillog_record_recipient_next(r, &cur, &p, &n), 0);
    ck_assert_ptr_nonnull(strstr(json_of(r), "\"to\":\"bob@example.com\",\"recipients\":"
                                             "[\"bob@example.com\",\"carol@example.com\","
                                             "\"dave@example.com\"]"));
}
END_TEST

/* ---------------------------------------------------------- streams */
typedef struct seen {
    textbuf out;
    int n;
    int subject_fields;
} seen;

static int collect(void *user, const maillog_record *r)
{
    seen *s = user;
    const char *j = json_of(r);
    textbuf_add(&s->out, j, strlen(j));
    textbuf_add(&s->out, "\n", 1);
    s->n++;
    s->subject_fields += maillog_record_field(r, MAILLOG_F_SUBJECT, NULL, NULL) == 1;
    return 0;
}

/* Feed text in chunks of k bytes; returns the records' NDJSON lines. */
static int feed_lines(maillog_parser *p, const char *text, size_t k, seen *s, char **lines, int max)
{
    size_t n = strlen(text), i;
    char *save = NULL, *l;
    int got = 0;
    memset(s, 0, sizeof *s);
    maillog_parser_set_callback(p, collect, s);
    for (i = 0; i < n; i += k)
        ck_assert_int_eq(maillog_parser_feed(p, text + i, n - i < k ? n - i : k, NULL), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_finish(p), MAILLOG_OK);
    for (l = strtok_r(s->out.buf, "\n", &save); l && got < max; l = strtok_r(NULL, "\n", &save))
        lines[got++] = l;
    return got;
}

#define HAS(line, text) ck_assert_msg(strstr((line), (text)) != NULL, "%s not in %s", (text), (line))
#define HASNT(line, text) ck_assert_msg(strstr((line), (text)) == NULL, "%s in %s", (text), (line))

static const char tracking_log[] =
    "\xEF\xBB\xBF#Software: Microsoft Exchange Server\r\n"
    "#Version: 15.02.1544.004\r\n"
    "#Log-type: Message Tracking Log\r\n"
    "#Date: 2026-12-04T10:00:00.000Z\r\n" FIELDS30 "\r\n" ROW_RECV "\r\n" ROW_SEND "\r\n"
    /* the columns change mid-stream: fewer, reordered, one unknown */
    "#Fields: event-id,date-time,internal-message-id,recipient-address,x-custom\r\n"
    "DELIVER,2026-12-04T10:00:02.500Z,4101,carol@example.com,\"a, b\"\r\n"
    "DELIVER,2026-12-04T10:00:02.600Z,4101\r\n"; /* fewer values than columns */

START_TEST(header_claims_the_stream)
{
    static const size_t chunks[] = {1, 7, 64, 4096};
    size_t k;
    for (k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        maillog_parser *p = test_parser();
        seen s;
        char *l[16];
        int64_t v = -1;
        ck_assert_int_eq(feed_lines(p, tracking_log, chunks[k], &s, l, 16), 10);
        maillog_parser_get_option(p, MAILLOG_OPT_STREAM_DIALECT, &v);
        ck_assert_int_eq(v, MAILLOG_MTA_EXCHANGE);
        HAS(l[0], "\"mta\":\"exchange\",\"severity\":\"info\",\"event\":\"notice\"");
        HAS(l[3], "\"ts\":\"2026-12-04T10:00:00.000000+00:00\"");
        HAS(l[5], "\"event\":\"client\",\"event_raw\":\"RECEIVE\",\"queue_id\":\"4101\"");
        HAS(l[5], "\"attrs\":{\"server-ip\":\"192.0.2.20\"");
        HASNT(l[5], "numbers");
        HAS(l[6], "\"event\":\"delivery\",\"event_raw\":\"SEND\"");
        HAS(l[6], "\"relay_host\":\"EX02.example.com\",\"relay_ip\":\"192.0.2.21\"");
        HAS(l[7], "\"mta\":\"exchange\",\"severity\":\"info\",\"event\":\"notice\"}");
        /* the new columns: another order, an unknown name as an attribute */
        HAS(l[8], "\"ts\":\"2026-12-04T10:00:02.500000+00:00\"");
        HAS(l[8], "\"event\":\"delivery\",\"event_raw\":\"DELIVER\",\"queue_id\":\"4101\","
                  "\"to\":\"carol@example.com\"");
        HAS(l[8], "\"attrs\":{\"x-custom\":\"a, b\"}");
        HAS(l[9], "\"unparsed\":true");
        ck_assert_int_eq(s.subject_fields, 0);
        free(s.out.buf);
        maillog_parser_free(p);
    }
}
END_TEST

/* MAILLOG_OPT_SUBJECT: the subject is a field; the JSON writes a CSV
 * value's "" as one quote. */
START_TEST(subject_when_asked)
{
    maillog_parser *p = test_parser();
    seen s;
    char *l[16];
    int64_t v = -1;
    ck_assert_int_eq(maillog_parser_get_option(p, MAILLOG_OPT_SUBJECT, &v), MAILLOG_OK);
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_SUBJECT, 2), MAILLOG_E_RANGE);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_SUBJECT, 1), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_reset(p), MAILLOG_OK); /* options stay */
    maillog_parser_get_option(p, MAILLOG_OPT_SUBJECT, &v);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(feed_lines(p, tracking_log, 4096, &s, l, 16), 10);
    ck_assert_int_eq(s.subject_fields, 2);
    HAS(l[5], "\"subject\":\"Re: \\\"numbers\\\", again\"");
    HAS(l[6], "\"subject\":\"Quarterly numbers\"");
    free(s.out.buf);
    maillog_parser_free(p);
}
END_TEST

/* Attributes name their columns from the stream's header: valid until the
 * parser reads its next line; a record read with older columns has none
 * once a new #Fields came. */
START_TEST(attributes_follow_the_header)
{
    maillog_parser *p = test_parser();
    maillog_record *r = NULL, *h = NULL;
    static const char row[] = "DELIVER,2026-12-04T10:00:02.500Z,4101,carol@example.com,xyz";
    static const char fields[] = "#Fields: event-id,date-time,internal-message-id,recipient-address,x-custom";
    uint32_t cur = 0;
    const char *k, *v;
    size_t kn, vn;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_new(NULL, &h), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, fields, strlen(fields), h), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_mta(h), MAILLOG_MTA_UNKNOWN); /* no Exchange header yet */
    maillog_parser_parse_line(p, "#Software: Microsoft Exchange Server", 36, h);
    ck_assert_int_eq(maillog_record_mta(h), MAILLOG_MTA_EXCHANGE);
    maillog_parser_parse_line(p, fields, strlen(fields), h);
    ck_assert_int_eq(maillog_record_event(h), MAILLOG_EV_NOTICE);
    ck_assert_int_eq(maillog_parser_parse_line(p, row, strlen(row), r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_status(r), MAILLOG_STATUS_SENT);
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 1);
    ck_assert(kn == 8 && memcmp(k, "x-custom", 8) == 0 && vn == 3 && memcmp(v, "xyz", 3) == 0);
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 0);
    maillog_parser_parse_line(p, fields, strlen(fields), h); /* the columns again: a new header */
    cur = 0;
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 0);
    ck_assert_str_eq(fld(r, MAILLOG_F_QUEUE_ID), "4101"); /* fields are spans: they stay */
    maillog_record_free(r, NULL);
    maillog_record_free(h, NULL);
    maillog_parser_free(p);
}
END_TEST

/* Other Exchange logs share the header: their rows are notices, even
 * when they have as many fields as a tracking row; a tracking file after
 * them is read again.  Another program's W3C header is not Exchange's. */
START_TEST(other_logs_are_notices)
{
    static const char log[] =
        "#Software: Microsoft Exchange Server\n"
        "#Version: 15.01.2375.007\n"
        "#Log-type: HttpProxy Logs\n"
        "#Date: 2026-12-04T10:00:00.000Z\n"
        "#Fields: DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,"
        "ClientRequestId,Protocol,UrlHost,UrlStem,ProtocolAction,AuthenticationType,"
        "IsAuthenticated,AuthenticatedUser,Organization,AnchorMailbox,UserAgent,ClientIpAddress,"
        "ServerHostName,FrontEndServer,HttpStatus,BackEndStatus,ErrorCode,Method,ProxyAction,"
        "TargetServer,TargetServerVersion\n"
        "2026-12-04T10:00:01.000Z,0a1b2c3d-0000-1111-2222-333344445555,15,1,2375,7,,Ews,"
        "mail.example.com,/EWS/Exchange.asmx,,Negotiate,true,EXAMPLE\\bob,,,Outlook/16.0,"
        "192.0.2.50,EX01,EX01.example.com,200,200,,POST,Proxy,EX01.example.com,Version 15.1\n"
        "2026-12-04T10:00:02.000Z,short,row\n"
        "#Software: Microsoft Exchange Server\n"
        "#Log-type: Rps Cmdlet Logs\n"
        "#Fields: DateTime,StartTime,RequestId,ClientRequestId,MajorVersion,Cmdlet,Parameters\n"
        "2026-12-04T10:00:03.000Z,2026-12-04T10:00:02.900Z,x,,15,Get-Mailbox,\"-ResultSize \"\"1\"\"\"\n"
        "#Software: Microsoft Exchange Server\n"
        "#Log-type: Message Tracking Log\n" FIELDS30 "\n" ROW_SEND "\n"
        "#Software: Microsoft Internet Information Services 10.0\n"
        "#Version: 1.0\n"
        "#Fields: date time s-ip cs-method\n"
        "2026-12-04 10:00:05 192.0.2.20 GET\n";
    maillog_parser *p = test_parser();
    seen s;
    char *l[32];
    ck_assert_int_eq(feed_lines(p, log, 4096, &s, l, 32), 19);
    HAS(l[5], "\"ts\":\"2026-12-04T10:00:01.000000+00:00\",\"mta\":\"exchange\",\"severity\":"
              "\"info\",\"event\":\"notice\",\"attrs\":{\"DateTime\":");
    HAS(l[5], "\"UrlStem\":\"/EWS/Exchange.asmx\"");
    HASNT(l[5], "queue_id");
    HAS(l[6], "\"event\":\"notice\"}");
    HAS(l[10], "\"Parameters\":\"-ResultSize \\\"1\\\"\"");
    HAS(l[14], "\"event\":\"delivery\",\"event_raw\":\"SEND\"");
    HAS(l[15], "\"unparsed\":true");
    HAS(l[16], "\"unparsed\":true");
    HAS(l[17], "\"unparsed\":true");
    HASNT(l[18], "\"mta\":\"exchange\"");
    free(s.out.buf);
    maillog_parser_free(p);
}
END_TEST

/* A send protocol log: our commands go out ('>'), the remote replies come
 * in ('<'); the remote end is the relay. */
START_TEST(send_protocol_log)
{
    static const char log[] =
        "#Software: Microsoft Exchange Server\n"
        "#Version: 15.0.0.0\n"
        "#Log-type: SMTP Send Protocol Log\n"
        "#Date: 2026-12-04T10:00:00.000Z\n"
        "#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,"
        "remote-endpoint,event,data,context\n"
        "2026-12-04T10:00:01.000Z,Internet Send,08DE1A2B3C4D5E70,0,,198.51.100.25:25,*,,"
        "attempting to connect\n"
        "2026-12-04T10:00:01.100Z,Internet Send,08DE1A2B3C4D5E70,1,192.0.2.20:41000,"
        "198.51.100.25:25,+,,\n"
        "2026-12-04T10:00:01.200Z,Internet Send,08DE1A2B3C4D5E70,2,192.0.2.20:41000,"
        "198.51.100.25:25,>,MAIL FROM:<alice@example.com> SIZE=5120,\n"
        "2026-12-04T10:00:01.300Z,Internet Send,08DE1A2B3C4D5E70,3,192.0.2.20:41000,"
        "198.51.100.25:25,<,550 5.1.1 <bob@example.net>: Recipient address rejected,\n";
    maillog_parser *p = test_parser();
    seen s;
    char *l[16];
    ck_assert_int_eq(feed_lines(p, log, 5, &s, l, 16), 9);
    HAS(l[5], "\"event\":\"session\",\"event_raw\":\"*\",\"relay_ip\":\"198.51.100.25\","
              "\"relay_port\":25");
    HAS(l[6], "\"event\":\"connect\"");
    HAS(l[7], "\"from\":\"alice@example.com\"");
    HAS(l[8], "\"event\":\"relay_error\"");
    HAS(l[8], "\"reply_code\":550");
    HASNT(l[8], "client_ip");
    free(s.out.buf);
    maillog_parser_free(p);
}
END_TEST

/* A receive protocol log names the client's account only in its "*"
 * rows: "X,authenticated" after a login, "User Name: X" after a refused
 * one, whose 535 reply (auth_failed) then names X too; a new AUTH of the
 * session forgets it. */
#define RCV "2026-12-04T10:00:10.000Z,EX01\\Client Frontend EX01,08DE33A1B2C3D4E7,"
#define EP "[2001:db8:1::20]:587,[2001:db8:bad::7]:61020,"
START_TEST(receive_protocol_log_users)
{
    static const char log[] =
        "#Software: Microsoft Exchange Server\n"
        "#Version: 15.0.0.0\n"
        "#Log-type: SMTP Receive Protocol Log\n"
        "#Date: 2026-12-04T10:00:00.000Z\n"
        "#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,"
        "remote-endpoint,event,data,context\n"
        RCV "1," EP "<,AUTH LOGIN,\n"
        RCV "2," EP "*,,Inbound AUTH LOGIN failed because of LogonDenied\n"
        RCV "3," EP "*,,User Name: administrator\n"
        RCV "4," EP ">,535 5.7.3 Authentication unsuccessful,\n"
        RCV "5," EP "<,AUTH LOGIN,\n"
        RCV "6," EP ">,535 5.7.3 Authentication unsuccessful,\n"
        RCV "7," EP "*,user@example.com,authenticated\n";
    maillog_parser *p = test_parser();
    seen s;
    char *l[16];
    ck_assert_int_eq(feed_lines(p, log, 5, &s, l, 16), 12);
    HASNT(l[5], "\"user\"");
    HAS(l[7], "\"user\":\"administrator\"");
    HAS(l[8], "\"event\":\"auth_failed\"");
    HAS(l[8], "\"user\":\"administrator\"");
    HASNT(l[10], "\"user\"");
    HAS(l[10], "\"event\":\"auth_failed\"");
    HAS(l[11], "\"user\":\"user@example.com\"");
    free(s.out.buf);
    maillog_parser_free(p);
}
END_TEST
#undef RCV
#undef EP

/* A syslog line is never Exchange's, whatever its text. */
START_TEST(syslog_lines_are_not_exchange)
{
    char line[1024];
    snprintf(line, sizeof line, "Dec  4 10:00:00 mx nobody[1]: %s", cases[0].line);
    check_expect(line, "mta=|event=unknown");
    check_expect("Dec  4 10:00:00 mx nobody[1]: #Software: Microsoft Exchange Server", "mta=");
    check_expect("#Software: Microsoft Exchange Server", "mta=exchange|event=notice");
    check_expect("#Version: 15.02.1544.004", "mta=");
    check_expect("#Fields: date time c-ip", "mta=");
}
END_TEST

#ifndef ML_NO_CORRELATE
typedef struct corr_seen {
    int n;
    textbuf out;
} corr_seen;

static int on_message(void *user, const maillog_message *m)
{
    corr_seen *s = user;
    char buf[8192];
    size_t n;
    ck_assert_int_eq(maillog_message_to_json(m, buf, sizeof buf, &n), MAILLOG_OK);
    textbuf_add(&s->out, buf, n);
    textbuf_add(&s->out, "\n", 1);
    s->n++;
    return 0;
}

static int feed_corr(void *c, const maillog_record *r)
{
    ck_assert_int_eq(maillog_corr_add(c, r), MAILLOG_OK);
    return 0;
}

/* RECEIVE starts the message with its sender, size and recipients; SEND
 * and DELIVER are deliveries; it ends when every recipient has a final
 * status, since Exchange logs no removal. */
START_TEST(a_message_correlates)
{
    static const char log[] = "#Software: Microsoft Exchange Server\n" FIELDS30
        "\n" ROW_RECV "\n" ROW_SEND "\n" ROW_DELIVER "\n";
    maillog_parser *p = test_parser();
    maillog_corr *c = NULL;
    corr_seen s;
    memset(&s, 0, sizeof s);
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_set_limit(c, MAILLOG_CORR_GRACE, 0), MAILLOG_OK);
    maillog_corr_set_callbacks(c, on_message, NULL, &s);
    maillog_parser_set_callback(p, feed_corr, c);
    ck_assert_int_eq(maillog_parser_feed(p, log, sizeof log - 1, NULL), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_finish(p), MAILLOG_OK);
    ck_assert_int_eq(s.n, 1); /* ended by its last delivery, before finish */
    ck_assert_int_eq(maillog_corr_finish(c), MAILLOG_OK);
    ck_assert_int_eq(s.n, 1);
    HAS(s.out.buf, "\"queue_id\":\"4101\"");
    HAS(s.out.buf, "\"end\":\"removed\",\"complete\":true");
    HAS(s.out.buf, "\"client_ip\":\"192.0.2.10\"");
    HAS(s.out.buf, "\"message_id\":\"m1@example.org\",\"from\":\"alice@example.org\","
                   "\"size\":5120,\"nrcpt\":3");
    HAS(s.out.buf, "{\"to\":\"bob@example.com\",\"status\":\"sent\",\"dsn\":\"2.1.5\","
                   "\"relay\":\"EX02.example.com\"");
    HAS(s.out.buf, "{\"to\":\"dave@example.com\",\"status\":\"sent\"");
    free(s.out.buf);
    maillog_corr_free(c);
    maillog_parser_free(p);
}
END_TEST
#endif

Suite *suite_exchange(void)
{
    Suite *s = suite_create("exchange");
    TCase *tc = tcase_create("exchange");
    tcase_add_test(tc, time_is_utc_with_milliseconds);
    tcase_add_test(tc, bom_before_a_row);
    tcase_add_test(tc, attributes_of_a_row);
    tcase_add_test(tc, every_recipient);
    tcase_add_test(tc, header_claims_the_stream);
    tcase_add_test(tc, subject_when_asked);
    tcase_add_test(tc, attributes_follow_the_header);
    tcase_add_test(tc, other_logs_are_notices);
    tcase_add_test(tc, send_protocol_log);
    tcase_add_test(tc, receive_protocol_log_users);
    tcase_add_test(tc, syslog_lines_are_not_exchange);
#ifndef ML_NO_CORRELATE
    tcase_add_test(tc, a_message_correlates);
#endif
    suite_add_tcase(s, tc);
    return s;
}
