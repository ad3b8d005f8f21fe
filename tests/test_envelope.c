/* test_envelope.c -- every prefix format, the time arithmetic and the year
 * of year-less stamps. */
#include "tests.h"

#include <stdio.h>
#include <string.h>

/* Unix time of a UTC civil date, computed independently of the library
 * (day counting by loops) so the two cannot share a bug. */
static long long utc(int y, int mo, int d, int h, int mi, int s)
{
    static const int md[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    long long days = 0;
    int i;
    for (i = 1970; i < y; i++)
        days += (i % 4 == 0 && (i % 100 != 0 || i % 400 == 0)) ? 366 : 365;
    for (i = 1; i < mo; i++)
        days += md[i - 1] + (i == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
    days += d - 1;
    return days * 86400 + h * 3600 + mi * 60 + s;
}

static void check_time(const maillog_record *r, long long sec, int usec, int off, int has_off)
{
    int64_t s;
    int32_t us, o;
    ck_assert_int_eq(maillog_record_time(r, &s, &us, &o), 1);
    ck_assert_int_eq(s, sec);
    ck_assert_int_eq(us, usec);
    ck_assert_int_eq(o, off);
    ck_assert_int_eq(!!(maillog_record_flags(r) & MAILLOG_REC_HAS_OFFSET), has_off);
}

#define BODY " postfix/qmgr[99]: ABCDEF1: removed"

START_TEST(rfc3164_space_and_zero_padded)
{
    const maillog_record *r = parse1("Feb  7 01:02:03 mx1" BODY);
    check_time(r, utc(2026, 2, 7, 1, 2, 3), 0, 0, 0);
    ck_assert(maillog_record_flags(r) & MAILLOG_REC_YEAR_GUESS);
    ck_assert_str_eq(fld(r, MAILLOG_F_HOST), "mx1");
    ck_assert_str_eq(fld(r, MAILLOG_F_TIMESTAMP), "Feb  7 01:02:03");
    r = parse1("Jul 05 14:32:10 mx1" BODY);
    check_time(r, utc(2026, 7, 5, 14, 32, 10), 0, 0, 0);
    ck_assert_int_eq(maillog_record_event(r), MAILLOG_EV_REMOVED);
}
END_TEST

START_TEST(rfc3339_offsets)
{
    const maillog_record *r = parse1("2026-07-25T14:32:10.123456+02:00 mx1" BODY);
    check_time(r, utc(2026, 7, 25, 12, 32, 10), 123456, 7200, 1);
    ck_assert_str_eq(fld(r, MAILLOG_F_TIMESTAMP), "2026-07-25T14:32:10.123456+02:00");
    r = parse1("2026-07-25T14:32:10Z mx1" BODY);
    check_time(r, utc(2026, 7, 25, 14, 32, 10), 0, 0, 1);
    r = parse1("2026-07-25T14:32:10.5-0330 mx1" BODY); /* journald short-iso, old systemd */
    check_time(r, utc(2026, 7, 25, 18, 2, 10), 500000, -12600, 1);
    ck_assert_str_eq(fld(r, MAILLOG_F_SERVICE), "qmgr");
}
END_TEST

START_TEST(rfc5424_and_pri)
{
    const maillog_record *r = parse1(
        "<22>1 2026-05-01T10:00:00.123456+02:00 mx1 postfix/smtpd 1181 - - connect from example.com[192.0.2.1]");
    check_time(r, utc(2026, 5, 1, 8, 0, 0), 123456, 7200, 1);
    ck_assert_str_eq(fld(r, MAILLOG_F_HOST), "mx1");
    ck_assert_str_eq(fld(r, MAILLOG_F_SERVICE), "smtpd");
    ck_assert_int_eq(num(r, MAILLOG_N_PID), 1181);
    ck_assert_int_eq(num(r, MAILLOG_N_PRI), 22);
    ck_assert_int_eq(maillog_record_event(r), MAILLOG_EV_CONNECT);
    ck_assert_str_eq(fld(r, MAILLOG_F_CLIENT_IP), "192.0.2.1");
    r = parse1("<22>1 2026-05-01T10:00:00Z mx1 postfix/qmgr 7 ID1 [ex@1 a=\"x]y\" b=\"\\\"\"][z@2] "
               "ABCDEF1: removed");
    ck_assert_int_eq(maillog_record_event(r), MAILLOG_EV_REMOVED);
    ck_assert_str_eq(fld(r, MAILLOG_F_BODY), "ABCDEF1: removed");
    r = parse1("<20>Oct 11 22:14:15 mx1 postfix/smtpd[5]: warning: something odd");
    ck_assert_int_eq(num(r, MAILLOG_N_PRI), 20);
    ck_assert_int_eq(maillog_record_severity(r), MAILLOG_SEV_WARNING);
    r = parse1("<20>Oct 11 22:14:15 mx1 kernel: x");
    ck_assert_int_eq(maillog_record_severity(r), MAILLOG_SEV_WARNING); /* from PRI */
}
END_TEST

START_TEST(bsd_v_tags_and_missing_host)
{
    const maillog_record *r = parse1("Jul 31 13:03:43 <mail.notice> alarmpi postfix/qmgr[4]: ABCDEF1: removed");
    ck_assert_str_eq(fld(r, MAILLOG_F_HOST), "alarmpi");
    ck_assert_int_eq(maillog_record_event(r), MAILLOG_EV_REMOVED);
    r = parse1("Apr  2 17:51:27 <4.3> h2 postfix/qmgr[4]: ABCDEF1: removed");
    ck_assert_str_eq(fld(r, MAILLOG_F_HOST), "h2");
    r = parse1("Apr  2 17:51:27 postfix/qmgr[4]: ABCDEF1: removed");
    ck_assert_ptr_null(fld(r, MAILLOG_F_HOST));
    ck_assert_str_eq(fld(r, MAILLOG_F_PROGRAM), "postfix/qmgr");
}
END_TEST

START_TEST(journal_precise_and_unix)
{
    const maillog_record *r = parse1("Nov 28 09:00:01.250000 mx1" BODY);
    check_time(r, utc(2026, 11, 28, 9, 0, 1), 250000, 0, 0);
    r = parse1("1700000000.123456 mx1" BODY);
    check_time(r, 1700000000LL, 123456, 0, 1);
    ck_assert_str_eq(fld(r, MAILLOG_F_HOST), "mx1");
}
END_TEST

START_TEST(tai64n_and_exim_native)
{
    const maillog_record *r = parse1("@4000000052f4c2a81e4a7a4c new msg 71198");
    /* 0x52f4c2a8 = 1391772328, minus the 10 s TAI offset */
    check_time(r, 1391772318LL, 508197, 0, 1);
    ck_assert_str_eq(fld(r, MAILLOG_F_BODY), "new msg 71198");
    ck_assert_int_eq(maillog_record_mta(r), MAILLOG_MTA_QMAIL); /* multilog: no tag */
    r = parse1("2013-06-10 18:33:32 [10099] H=(x) [192.0.2.1] rejected RCPT a: relay not permitted");
    check_time(r, utc(2013, 6, 10, 18, 33, 32), 0, 0, 0);
    ck_assert_int_eq(num(r, MAILLOG_N_PID), 10099);
    ck_assert_str_eq(fld(r, MAILLOG_F_BODY), "H=(x) [192.0.2.1] rejected RCPT a: relay not permitted");
    r = parse1("2017-07-30 18:51:05.712 +0200 10HmaZ-000000005vi-0000 Completed");
    check_time(r, utc(2017, 7, 30, 16, 51, 5), 712000, 7200, 1);
    r = parse1("2019-10-22 03:39:17 mx1.example.org exim[29786]: message");
    ck_assert_str_eq(fld(r, MAILLOG_F_HOST), "mx1.example.org");
    ck_assert_str_eq(fld(r, MAILLOG_F_PROGRAM), "exim");
    ck_assert_int_eq(num(r, MAILLOG_N_PID), 29786);
}
END_TEST

START_TEST(stamp_alone_has_empty_body)
{
    /* found by fuzz-line: a stamp followed by spaces left the body unset,
     * and a forced dialect read the previous line's body offset */
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    static const char first[] = "Nov 28 09:00:01 mx1 postfix/qmgr[1]: ABCDEF1: removed and a long tail";
    static const char second[] = "Nov 29 18:39:33  ";
    size_t n;
    const char *b;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    maillog_parser_set_option(p, MAILLOG_OPT_DIALECT, MAILLOG_MTA_POSTFIX);
    ck_assert_int_eq(maillog_parser_parse_line(p, first, sizeof first - 1, r), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, second, sizeof second - 1, r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_field(r, MAILLOG_F_BODY, &b, &n), 1);
    ck_assert_uint_eq(n, 0);
    ck_assert(maillog_record_flags(r) & MAILLOG_REC_UNPARSED);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

START_TEST(program_tag_parts)
{
    const maillog_record *r =
        parse1("Nov 28 09:00:01 mx1 postfix-smo/submission/smtpd[22427]: connect from a[192.0.2.1]");
    ck_assert_str_eq(fld(r, MAILLOG_F_PROGRAM), "postfix-smo/submission/smtpd");
    ck_assert_str_eq(fld(r, MAILLOG_F_INSTANCE), "postfix-smo");
    ck_assert_str_eq(fld(r, MAILLOG_F_SERVICE), "smtpd");
    ck_assert_str_eq(fld(r, MAILLOG_F_PID), "22427");
    ck_assert_int_eq(maillog_record_mta(r), MAILLOG_MTA_POSTFIX);
    /* A custom syslog_name still names a Postfix daemon behind a slash. */
    r = parse1("Nov 28 09:00:01 mx1 mx/smtpd[1]: connect from a[192.0.2.1]");
    ck_assert_int_eq(maillog_record_mta(r), MAILLOG_MTA_POSTFIX);
    /* Plain "smtpd" is OpenSMTPD's tag: not Postfix. */
    r = parse1("Nov 28 09:00:01 mx1 smtpd[1]: 5df87c903d709659 smtp connected address=local");
    ck_assert_int_eq(maillog_record_mta(r), MAILLOG_MTA_OPENSMTPD);
    r = parse1("Nov 28 09:00:01 mx1 qmail: 1063526289.292776 new msg 1");
    ck_assert_str_eq(fld(r, MAILLOG_F_PROGRAM), "qmail");
    ck_assert_ptr_null(fld(r, MAILLOG_F_PID));
}
END_TEST

/* Tags at the edges of the "name[pid]:" shape: what is a tag, a pid, or
 * neither (the token is then the body's first word). */
START_TEST(program_tag_edges)
{
    static const struct {
        const char *line, *program, *pid;
    } c[] = {
        {"Nov 28 09:00:01 mx1 a[12]: x", "a", "12"},
        {"Nov 28 09:00:01 mx1 a/b/c[7]:", "a/b/c", "7"},              /* the line ends */
        {"Nov 28 09:00:01 mx1 [123]: x", NULL, NULL},                 /* no name */
        {"Nov 28 09:00:01 mx1 name]: x", NULL, NULL},                 /* no '[' */
        {"Nov 28 09:00:01 mx1 a[1:2]: x", "a", NULL},                 /* not a number */
        {"Nov 28 09:00:01 mx1 a[]: x", "a", NULL},                    /* empty pid */
        {"Nov 28 09:00:01 mx1 a[1]x[2]: x", NULL, NULL},              /* two '[' */
        {"Nov 28 09:00:01 mx1 a[12]:x y", NULL, NULL},                /* no space after */
        {"Nov 28 09:00:01 mx1 a[1234567890123456789]: x", "a", NULL}, /* 19 digits */
        {"Nov 28 09:00:01 mx1 a[123456789012345678]: x", "a", "123456789012345678"},
        {"Nov 28 09:00:01 mx1 a:b[1]: x", NULL, NULL},                /* ':' in the name */
    };
    size_t i;
    for (i = 0; i < sizeof c / sizeof c[0]; i++) {
        const maillog_record *r = parse1(c[i].line);
        const char *prog = fld(r, MAILLOG_F_PROGRAM), *pid = fld(r, MAILLOG_F_PID);
        if (c[i].program)
            ck_assert_msg(prog && strcmp(prog, c[i].program) == 0, "%s: program %s", c[i].line,
                          prog ? prog : "(none)");
        else
            ck_assert_msg(prog == NULL, "%s: program %s", c[i].line, prog);
        if (c[i].pid)
            ck_assert_msg(pid && strcmp(pid, c[i].pid) == 0, "%s: pid %s", c[i].line,
                          pid ? pid : "(none)");
        else
            ck_assert_msg(pid == NULL, "%s: pid %s", c[i].line, pid);
    }
}
END_TEST

START_TEST(invalid_stamps_are_not_envelopes)
{
    static const char *const bad[] = {
        "2026-13-01T00:00:00Z mx1" BODY, "2026-02-30T00:00:00Z mx1" BODY,
        "2026-01-01T24:00:00Z mx1" BODY, "2026-01-01T00:00:00+99:99 mx1" BODY,
        "Foo 28 09:00:01 mx1" BODY,      "Nov 32 09:00:01 mx1" BODY,
        "Nov 28 09:61:01 mx1" BODY,      "Feb 30 09:00:01 mx1" BODY,
        "2026-01-01T00:00:00Zjunk mx1" BODY,
        "Nov 31 14:39:33 mx1" BODY, /* found by fuzz-line: looped on the year */
        "Apr 31 00:00:00 mx1" BODY,
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const maillog_record *r = parse1(bad[i]);
        ck_assert_msg(!(maillog_record_flags(r) & MAILLOG_REC_HAS_TIME), "%s", bad[i]);
        ck_assert(maillog_record_flags(r) & MAILLOG_REC_UNPARSED);
    }
    /* second 60 (leap second) is accepted */
    ck_assert(maillog_record_flags(parse1("2016-12-31T23:59:60Z mx1" BODY)) & MAILLOG_REC_HAS_TIME);
}
END_TEST

START_TEST(year_rollover_and_reference)
{
    maillog_parser *p = test_parser(); /* reference 2026-11-29 */
    maillog_record *r = NULL;
    int64_t s;
    static const struct {
        const char *stamp;
        int year, month, day;
    } seq[] = {
        {"Dec 30 23:59:59", 2025, 12, 30}, /* after the reference: last year */
        {"Dec 31 23:59:59", 2025, 12, 31},
        {"Jan  1 00:00:01", 2026, 1, 1}, /* rollover */
        {"Dec 31 23:59:58", 2025, 12, 31}, /* a late line: previous year */
        {"Jan  1 00:00:02", 2026, 1, 1},
        {"Feb 29 00:00:00", 2024, 2, 29}, /* names a leap year */
        {"Mar  1 00:00:00", 2026, 3, 1},
    };
    size_t i;
    char line[128];
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    for (i = 0; i < sizeof seq / sizeof seq[0]; i++) {
        size_t n = (size_t)snprintf(line, sizeof line, "%s mx1" BODY, seq[i].stamp);
        int hh, mm, ss;
        ck_assert_int_eq(maillog_parser_parse_line(p, line, n, r), MAILLOG_OK);
        ck_assert_int_eq(sscanf(seq[i].stamp + 7, "%d:%d:%d", &hh, &mm, &ss), 3);
        ck_assert_int_eq(maillog_record_time(r, &s, NULL, NULL), 1);
        ck_assert_msg(s == utc(seq[i].year, seq[i].month, seq[i].day, hh, mm, ss),
                      "line %zu: %s got %lld", i, seq[i].stamp, (long long)s);
    }
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

START_TEST(default_offset_applies_without_zone)
{
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    static const char line[] = "Jul 05 14:32:10 mx1" BODY;
    int64_t s;
    int32_t off;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_DEFAULT_OFFSET, 7200), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, line, sizeof line - 1, r), MAILLOG_OK);
    maillog_record_time(r, &s, NULL, &off);
    ck_assert_int_eq(s, utc(2026, 7, 5, 12, 32, 10));
    ck_assert_int_eq(off, 7200);
    ck_assert(!(maillog_record_flags(r) & MAILLOG_REC_HAS_OFFSET));
    ck_assert(strstr(json_of(r), "\"ts\":\"2026-07-05T14:32:10\"") != NULL);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

/* A zone with summer time from 2026-03-29 01:00 UTC (03:00 local, +2)
 * to 2026-10-25 01:00 UTC (03:00 local, back to +1), as Central Europe;
 * counts its calls. */
static int zone_calls;
static int32_t test_zone(void *user, int64_t wall)
{
    (void)user;
    zone_calls++;
    return wall >= utc(2026, 3, 29, 2, 0, 0) && wall < utc(2026, 10, 25, 3, 0, 0) ? 7200 : 3600;
}

START_TEST(zone_callback_gives_each_stamp_its_offset)
{
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    static const char winter[] = "2026-01-15 12:00:00 mx1" BODY;
    static const char summer[] = "Jul 05 14:32:10 mx1" BODY;
    static const char iso_local[] = "2026-07-05T14:32:10 mx1" BODY;
    static const char iso_zoned[] = "2026-07-05T14:32:10+05:00 mx1" BODY;
    int64_t s;
    int32_t off;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_set_zone(NULL, test_zone, NULL), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_DEFAULT_OFFSET, -3600), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_set_zone(p, test_zone, NULL), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, summer, sizeof summer - 1, r), MAILLOG_OK);
    maillog_record_time(r, &s, NULL, &off);
    ck_assert_int_eq(s, utc(2026, 7, 5, 12, 32, 10));
    ck_assert_int_eq(off, 7200);
    ck_assert_int_eq(maillog_parser_parse_line(p, winter, sizeof winter - 1, r), MAILLOG_OK);
    maillog_record_time(r, &s, NULL, &off);
    ck_assert_int_eq(s, utc(2026, 1, 15, 11, 0, 0));
    ck_assert_int_eq(off, 3600);
    ck_assert_int_eq(maillog_parser_parse_line(p, iso_local, sizeof iso_local - 1, r), MAILLOG_OK);
    maillog_record_time(r, &s, NULL, &off);
    ck_assert_int_eq(s, utc(2026, 7, 5, 12, 32, 10));
    /* a stamp with its own offset never asks the zone */
    zone_calls = 0;
    ck_assert_int_eq(maillog_parser_parse_line(p, iso_zoned, sizeof iso_zoned - 1, r), MAILLOG_OK);
    maillog_record_time(r, &s, NULL, &off);
    ck_assert_int_eq(s, utc(2026, 7, 5, 9, 32, 10));
    ck_assert_int_eq(zone_calls, 0);
    /* kept by reset; NULL goes back to the fixed offset */
    ck_assert_int_eq(maillog_parser_reset(p), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, iso_local, sizeof iso_local - 1, r), MAILLOG_OK);
    maillog_record_time(r, NULL, NULL, &off);
    ck_assert_int_eq(off, 7200);
    ck_assert_int_eq(maillog_parser_set_zone(p, NULL, NULL), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, iso_local, sizeof iso_local - 1, r), MAILLOG_OK);
    maillog_record_time(r, NULL, NULL, &off);
    ck_assert_int_eq(off, -3600);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

#ifndef ML_TEST_PUBLIC_ONLY
#include "envelope/envelope.h"

/* The fast path for host and tag against the general scan: over lines built
 * from hosts, spacings and tags of every awkward shape, and mutations of
 * them, the fast path either leaves the record untouched or fills exactly
 * the fields the general scan fills. */
static void same_host_tag(const char *line, size_t n, int *fast_taken)
{
    static maillog_record a, b;
    memset(&a, 0, sizeof a);
    ml_record_clear(&a, line, (uint32_t)n);
    if (!ml_host_tag_fast(&a, 15)) {
        ck_assert_msg(a.fmask == 0 && a.nmask == 0, "fast path changed a record it refused: %.*s",
                      (int)n, line);
        return;
    }
    (*fast_taken)++;
    memset(&b, 0, sizeof b);
    ml_record_clear(&b, line, (uint32_t)n);
    ck_assert(ml_host_tag_general(&b, 15));
    same_fields(&a, &b, "host and tag", line, n);
}

START_TEST(host_tag_fast_path_matches_general)
{
    static const char *const seps[] = {" ", "  ", "", "\t"};
    static const char *const hosts[] = {"mx1", "", "mx1:", "<4.3>", "a", "[x]", "h/x",
                                        "host-with-a-long-name.example.com", "mx1]"};
    static const char *const tags[] = {
        "postfix/smtpd[123]:", "postfix-out/smtp[1]:", "sm-mta[99999]:", "exim:", "a]:",
        "a[1]x[2]:", "[123]:", "name[]:", "x/y/z[12]:", "name[abc]:", "postfix/qmgr[1]", "tag:",
        "a:b[1]:", "longprogramname/with/many/slashes[123456]:", "p[1234567890123456789]:",
        "p[12]:x", "/p[1]:", "p/[1]:", "p:", ":", "p[1]: ", "p[1234567]:", "p[12345678]:",
        "p[0000042]:", "p[9999999]:", "p[12a]:", "p[1]]:"};
    static const char *const tails[] = {" body text that is long enough for the window", "",
                                        ":", " ", " x", "                                   ",
                                        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
    static const char muts[] = " [:]/<>a1\0\377";
    char line[256];
    size_t i, j, k, l, m;
    uint32_t seed = 7;
    int fast = 0;
    for (i = 0; i < 4; i++)
        for (j = 0; j < sizeof hosts / sizeof hosts[0]; j++)
            for (k = 0; k < 4; k++)
                for (l = 0; l < sizeof tags / sizeof tags[0]; l++)
                    for (m = 0; m < sizeof tails / sizeof tails[0]; m++) {
                        int n = snprintf(line, sizeof line, "Nov 28 09:00:00%s%s%s%s%s", seps[i],
                                         hosts[j], seps[k], tags[l], tails[m]);
                        int x;
                        ck_assert(n > 0 && (size_t)n < sizeof line);
                        same_host_tag(line, (size_t)n, &fast);
                        for (x = 0; x < 4; x++) { /* one byte changed after the stamp */
                            size_t at;
                            seed = seed * 1103515245u + 12345u;
                            at = 15 + (seed >> 8) % (size_t)(n - 15 > 0 ? n - 15 : 1);
                            line[at] = muts[(seed >> 20) % (sizeof muts - 1)];
                            same_host_tag(line, (size_t)n, &fast);
                        }
                    }
    for (i = 0; i < 20000; i++) { /* a usual line with up to three bytes of it changed */
        static const char base[] = "Nov 28 09:00:00 mx1 postfix/smtpd[12345]: connect from x[192.0.2.1]";
        memcpy(line, base, sizeof base);
        for (k = 0; k < i % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            line[15 + (seed >> 8) % 30] = muts[(seed >> 20) % (sizeof muts - 1)];
        }
        same_host_tag(line, sizeof base - 1, &fast);
    }
#ifdef ML_SIMD_SSE2
    ck_assert_int_gt(fast, 5000); /* the comparison ran, not only refusals */
#endif
}
END_TEST
#endif

Suite *suite_envelope(void)
{
    Suite *s = suite_create("envelope");
    TCase *tc = tcase_create("envelope");
    tcase_set_timeout(tc, 120); /* 156,000 lines through both paths, also under ASan */
    tcase_add_test(tc, rfc3164_space_and_zero_padded);
    tcase_add_test(tc, rfc3339_offsets);
    tcase_add_test(tc, rfc5424_and_pri);
    tcase_add_test(tc, bsd_v_tags_and_missing_host);
    tcase_add_test(tc, journal_precise_and_unix);
    tcase_add_test(tc, tai64n_and_exim_native);
    tcase_add_test(tc, stamp_alone_has_empty_body);
    tcase_add_test(tc, program_tag_parts);
    tcase_add_test(tc, program_tag_edges);
    tcase_add_test(tc, invalid_stamps_are_not_envelopes);
    tcase_add_test(tc, year_rollover_and_reference);
    tcase_add_test(tc, default_offset_applies_without_zone);
    tcase_add_test(tc, zone_callback_gives_each_stamp_its_offset);
#ifndef ML_TEST_PUBLIC_ONLY
    tcase_add_test(tc, host_tag_fast_path_matches_general);
#endif
    suite_add_tcase(s, tc);
    return s;
}
