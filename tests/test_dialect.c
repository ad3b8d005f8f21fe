/* test_dialect.c -- the dialect interface and per-stream state: severity
 * from the syslog priority, a stream whose columns its own "#Fields:"
 * header lines declare (read by a dialect that only this test knows),
 * the stream's dialect found from a run of lines, and set by the caller. */
#include "tests.h"

#include <stdlib.h>
#include <string.h>

typedef struct seen {
    textbuf out;
    int n;
} seen;

static int collect(void *user, const maillog_record *r)
{
    seen *s = user;
    const char *j = json_of(r);
    textbuf_add(&s->out, j, strlen(j));
    textbuf_add(&s->out, "\n", 1);
    s->n++;
    return 0;
}

/* ------------------------------------------------------------------ PRI */
START_TEST(severity_from_pri)
{
    /* the priority decides; the line's own words refine it */
    check_expect("<20>Dec  4 10:00:00 mx postfix/smtpd[7]: connect from a[192.0.2.1]",
                 "severity=warning|event=connect|client_ip=192.0.2.1");
    check_expect("<22>Dec  4 10:00:00 mx postfix/smtpd[7]: connect from a[192.0.2.1]",
                 "severity=info|event=connect");
    check_expect("<19>Dec  4 10:00:00 mx postfix/smtpd[7]: connect from a[192.0.2.1]",
                 "severity=error|event=connect");
    check_expect("<22>Dec  4 10:00:00 mx postfix/smtpd[7]: warning: hostname x does not resolve",
                 "severity=warning");
    check_expect("<22>Dec  4 10:00:00 mx postfix/smtpd[7]: fatal: no room",
                 "severity=fatal");
    /* no priority: what the line says, else info */
    check_expect("Dec  4 10:00:00 mx postfix/smtpd[7]: connect from a[192.0.2.1]",
                 "severity=info");
    check_expect("<21>Dec  4 10:00:00 mx sm-mta[7]: x1234567890: to=<a@b>, delay=00:00:01, "
                 "mailer=esmtp, stat=Sent (ok)",
                 "severity=notice|mta=sendmail|status=sent");
    check_expect("<20>2026-12-04 10:00:00 mx exim[1]: 1rABCD-000123-AB Completed",
                 "severity=warning|mta=exim");
    /* an unparsed line keeps its priority */
    ck_assert_int_eq(maillog_record_severity(parse1("<19>Dec  4 10:00:00 mx nobody[1]: hi")),
                     MAILLOG_SEV_ERROR);
    ck_assert_int_eq(maillog_record_severity(parse1("Dec  4 10:00:00 mx nobody[1]: hi")),
                     MAILLOG_SEV_NONE);
}
END_TEST

#ifndef ML_TEST_PUBLIC_ONLY
#include "fixture_dialect.h"

static maillog_parser *t_parser(void **mem)
{
    maillog_parser *p = NULL;
    size_t need = ml_parser_sizeof_table(0, fixture_table);
    ck_assert_uint_gt(need, maillog_parser_sizeof(0)); /* room for the test state */
    *mem = malloc(need); /* aligned for any object */
    ck_assert_ptr_nonnull(*mem);
    ck_assert_int_eq(ml_parser_init_table(*mem, need - 1, 0, fixture_table, &p), MAILLOG_E_RANGE);
    ck_assert_int_eq(ml_parser_init_table(*mem, need, 0, fixture_table, &p), MAILLOG_OK);
    maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME, TEST_REF_TIME);
    return p;
}

/* Feed text in chunks of k bytes. */
static void feed_by(maillog_parser *p, const char *text, size_t k)
{
    size_t n = strlen(text), i;
    for (i = 0; i < n; i += k)
        ck_assert_int_eq(maillog_parser_feed(p, text + i, n - i < k ? n - i : k, NULL), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_finish(p), MAILLOG_OK);
}

static const char fields_log[] =
    "#Fields: qid c-ip cs-from cs-to\n"
    "A1 192.0.2.1 a@example.org b@example.net\n"
    "A2 2001:db8::1 <> c@example.net\n"
    "#Fields: cs-to qid extra c-ip\n" /* the columns change mid-stream */
    "d@example.net B1 xyz 192.0.2.9\n"
    "short line\n"; /* fewer values than columns: unparsed, kept */

START_TEST(fields_header_claims_stream)
{
    void *mem;
    maillog_parser *p = t_parser(&mem);
    seen s;
    size_t k;
    static const size_t chunks[] = {1, 3, 7, 64, 4096};
    for (k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        char *lines[8], *save = NULL, *l;
        int n = 0;
        memset(&s, 0, sizeof s);
        maillog_parser_reset(p);
        maillog_parser_set_callback(p, collect, &s);
        feed_by(p, fields_log, chunks[k]);
        ck_assert_int_eq(s.n, 6);
        for (l = strtok_r(s.out.buf, "\n", &save); l && n < 8; l = strtok_r(NULL, "\n", &save))
            lines[n++] = l;
        ck_assert_int_eq(n, 6);
        ck_assert_ptr_nonnull(strstr(lines[0], "\"mta\":\"w3ctest\""));
        ck_assert_ptr_nonnull(strstr(lines[1], "\"queue_id\":\"A1\""));
        ck_assert_ptr_nonnull(strstr(lines[1], "\"client_ip\":\"192.0.2.1\""));
        ck_assert_ptr_nonnull(strstr(lines[1], "\"to\":\"b@example.net\""));
        ck_assert_ptr_nonnull(strstr(lines[2], "\"client_ip\":\"2001:db8::1\""));
        /* after the second header, the same fields from other columns */
        ck_assert_ptr_nonnull(strstr(lines[4], "\"queue_id\":\"B1\""));
        ck_assert_ptr_nonnull(strstr(lines[4], "\"to\":\"d@example.net\""));
        ck_assert_ptr_nonnull(strstr(lines[4], "\"client_ip\":\"192.0.2.9\""));
        ck_assert_ptr_null(strstr(lines[4], "xyz"));
        ck_assert_ptr_nonnull(strstr(lines[5], "\"unparsed\":true"));
        ck_assert_ptr_nonnull(strstr(lines[5], "short line"));
        /* the header claimed the stream for the test dialect */
        ck_assert_int_eq(p->ctx.lock, FIXTURE_SLOT + 1);
        ck_assert_int_eq(((tstate *)p->ctx.state[FIXTURE_SLOT])->headers, 2);
        free(s.out.buf);
    }
    free(mem);
}
END_TEST

/* Without its header, the same data lines are no dialect's; a syslog line
 * in the middle of a claimed stream is still read by its own dialect. */
START_TEST(fields_lines_need_header)
{
    void *mem;
    maillog_parser *p = t_parser(&mem);
    seen s;
    memset(&s, 0, sizeof s);
    maillog_parser_set_callback(p, collect, &s);
    feed_by(p, "A1 192.0.2.1 a@example.org b@example.net\n", 5);
    ck_assert_ptr_nonnull(strstr(s.out.buf, "\"unparsed\":true"));
    ck_assert_int_eq(p->ctx.lock, 0);
    free(s.out.buf);
    memset(&s, 0, sizeof s);
    maillog_parser_set_callback(p, collect, &s);
    feed_by(p,
            "#Fields: qid c-ip\n"
            "Dec  4 10:00:00 mx postfix/qmgr[9]: ABCDEF1: removed\n"
            "Q9 192.0.2.3\n",
            4096);
    ck_assert_ptr_nonnull(strstr(s.out.buf, "\"mta\":\"postfix\",\"instance\""));
    ck_assert_ptr_nonnull(strstr(s.out.buf, "\"queue_id\":\"Q9\""));
    ck_assert_int_eq(p->ctx.lock, FIXTURE_SLOT + 1);
    /* the one-line parse keeps the same stream state */
    {
        union {
            uint64_t a;
            char b[1024];
        } m;
        maillog_record *r;
        ck_assert_uint_le(maillog_record_sizeof(), sizeof m);
        ck_assert_int_eq(maillog_record_init(&m, sizeof m, &r), MAILLOG_OK);
        ck_assert_int_eq(maillog_parser_parse_line(p, "Q10 192.0.2.4", 13, r), MAILLOG_OK);
        ck_assert_str_eq(fld(r, MAILLOG_F_QUEUE_ID), "Q10");
        ck_assert_str_eq(fld(r, MAILLOG_F_CLIENT_IP), "192.0.2.4");
    }
    free(s.out.buf);
    free(mem);
}
END_TEST
#endif

/* --------------------------------------------- the stream's own dialect */
static const char multilog[] =
    "@400000006554a1f200000000 new msg 1234\n"
    "@400000006554a1f200000000 info msg 1234: bytes 300 from <a@b> qp 1 uid 2\n"
    "@400000006554a1f200000000 starting delivery 1: msg 1234 to local c@d\n"
    "@400000006554a1f200000000 delivery 1: success: did_0+0+1/\n"
    "@400000006554a1f200000000 end msg 1234\n"
    "@400000006554a1f200000000 status: local 0/10 remote 0/20\n"
    "@400000006554a1f200000000 new msg 1235\n"
    "@400000006554a1f200000000 end msg 1235\n";

static int count(void *user, const maillog_record *r)
{
    (void)r;
    ++*(int *)user;
    return 0;
}

START_TEST(stream_dialect_from_a_run)
{
    maillog_parser *p = test_parser();
    int64_t v = -1;
    int n = 0;
    size_t last = strlen(multilog) - 1;
    while (multilog[last - 1] != '\n') /* the start of the last line */
        last--;
    maillog_parser_set_callback(p, count, &n);
    ck_assert_int_eq(maillog_parser_get_option(p, MAILLOG_OPT_STREAM_DIALECT, &v), MAILLOG_OK);
    ck_assert_int_eq(v, MAILLOG_MTA_UNKNOWN);
    /* seven lines are not yet a run */
    ck_assert_int_eq(maillog_parser_feed(p, multilog, last, NULL), MAILLOG_OK);
    maillog_parser_get_option(p, MAILLOG_OPT_STREAM_DIALECT, &v);
    ck_assert_int_eq(v, MAILLOG_MTA_UNKNOWN);
    ck_assert_int_eq(maillog_parser_feed(p, multilog + last, strlen(multilog) - last, NULL), MAILLOG_OK);
    ck_assert_int_eq(n, 8);
    maillog_parser_get_option(p, MAILLOG_OPT_STREAM_DIALECT, &v);
    ck_assert_int_eq(v, MAILLOG_MTA_QMAIL);
    /* syslog lines do not change it; another MTA's own file does */
    ck_assert_int_eq(
        maillog_parser_feed(p, "Dec  4 10:00:00 mx postfix/qmgr[9]: ABCDEF1: removed\n", 53, NULL),
        MAILLOG_OK);
    maillog_parser_get_option(p, MAILLOG_OPT_STREAM_DIALECT, &v);
    ck_assert_int_eq(v, MAILLOG_MTA_QMAIL);
    {
        const char *ex = "2026-12-04 10:00:00 1rABCD-000123-AB Completed\n";
        ck_assert_int_eq(maillog_parser_feed(p, ex, strlen(ex), NULL), MAILLOG_OK);
    }
    maillog_parser_get_option(p, MAILLOG_OPT_STREAM_DIALECT, &v);
    ck_assert_int_eq(v, MAILLOG_MTA_UNKNOWN);
    /* the caller may name it; reset forgets it */
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_STREAM_DIALECT, MAILLOG_MTA_EXIM),
                     MAILLOG_OK);
    maillog_parser_get_option(p, MAILLOG_OPT_STREAM_DIALECT, &v);
    ck_assert_int_eq(v, MAILLOG_MTA_EXIM);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_STREAM_DIALECT, MAILLOG_MTA_COUNT),
                     MAILLOG_E_RANGE);
    maillog_parser_reset(p);
    maillog_parser_get_option(p, MAILLOG_OPT_STREAM_DIALECT, &v);
    ck_assert_int_eq(v, MAILLOG_MTA_UNKNOWN);
    maillog_parser_free(p);
}
END_TEST

/* Naming the stream's dialect changes which reads an untagged line first,
 * and nothing else: every line of the same file gives the same record. */
START_TEST(stream_dialect_named_same_records)
{
    static const char *const files[] = {"data/qmail-kinds.log", "data/exim-loopback.log",
                                        "data/envelopes.log"};
    static const int32_t mtas[] = {MAILLOG_MTA_QMAIL, MAILLOG_MTA_EXIM, MAILLOG_MTA_POSTFIX};
    size_t f;
    for (f = 0; f < 3; f++) {
        size_t n;
        char *text = read_file(files[f], &n);
        maillog_parser *a = test_parser(), *b = test_parser();
        seen sa, sb;
        memset(&sa, 0, sizeof sa);
        memset(&sb, 0, sizeof sb);
        maillog_parser_set_callback(a, collect, &sa);
        maillog_parser_set_callback(b, collect, &sb);
        ck_assert_int_eq(maillog_parser_set_option(b, MAILLOG_OPT_STREAM_DIALECT, mtas[f]),
                         MAILLOG_OK);
        maillog_parser_feed(a, text, n, NULL);
        maillog_parser_finish(a);
        maillog_parser_feed(b, text, n, NULL);
        maillog_parser_finish(b);
        ck_assert_int_eq(sa.n, sb.n);
        ck_assert_msg(sa.out.len == sb.out.len && memcmp(sa.out.buf, sb.out.buf, sa.out.len) == 0,
                      "%s: records differ when the stream's dialect is named", files[f]);
        free(sa.out.buf);
        free(sb.out.buf);
        free(text);
        maillog_parser_free(a);
        maillog_parser_free(b);
    }
}
END_TEST

Suite *suite_dialect(void)
{
    Suite *s = suite_create("dialect");
    TCase *tc = tcase_create("dialect");
    tcase_add_test(tc, severity_from_pri);
#ifndef ML_TEST_PUBLIC_ONLY
    tcase_add_test(tc, fields_header_claims_stream);
    tcase_add_test(tc, fields_lines_need_header);
#endif
    tcase_add_test(tc, stream_dialect_from_a_run);
    tcase_add_test(tc, stream_dialect_named_same_records);
    suite_add_tcase(s, tc);
    return s;
}
