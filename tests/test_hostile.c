#define _DEFAULT_SOURCE /* MAP_ANONYMOUS (POSIX.1-2024, older on glibc) */
/* test_hostile.c -- inputs placed flush against an unreadable page, so a
 * one-byte over-read faults; log-injection attempts; out-of-range values. */
#include "tests.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Two pages: the second PROT_NONE.  Returns a pointer such that n bytes
 * end exactly at the guard. */
typedef struct guard {
    char *base;
    size_t page;
} guard;

static void guard_init(guard *g)
{
    g->page = (size_t)sysconf(_SC_PAGESIZE);
    g->base = mmap(NULL, 2 * g->page * 32, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert(g->base != MAP_FAILED);
    ck_assert_int_eq(mprotect(g->base + 31 * 2 * g->page + g->page, g->page, PROT_NONE), 0);
    ck_assert_int_eq(mprotect(g->base + 31 * 2 * g->page, g->page, PROT_READ | PROT_WRITE), 0);
}

static char *guard_place(guard *g, const char *src, size_t n)
{
    char *end = g->base + 31 * 2 * g->page + g->page; /* first byte of the guard */
    ck_assert_uint_le(n, 31 * 2 * g->page + g->page);
    memmove(end - n, src, n);
    return end - n;
}

static int count_cb(void *u, const maillog_record *r)
{
    (void)r;
    (*(size_t *)u)++;
    json_of(r); /* the JSON writer reads every span too */
    return 0;
}

START_TEST(no_overread_at_page_end)
{
    static const char *const files[] = {"data/postfix-kinds.log", "data/envelopes.log",
                                        "data/correlate-cases.log", "data/mailenable-activity.log",
                                        "data/mailenable-w3c.log"};
    guard g;
    size_t fi;
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    guard_init(&g);
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    for (fi = 0; fi < sizeof files / sizeof files[0]; fi++) {
        size_t len, pos = 0;
        char *in = read_file(files[fi], &len);
        while (pos < len) {
            char *nl = memchr(in + pos, '\n', len - pos);
            size_t n = nl ? (size_t)(nl - (in + pos)) : len - pos, cut;
            /* the line, and every suffix of it, with and without "\n" */
            for (cut = 0; cut <= n; cut += (n - cut > 40 ? 7 : 1)) {
                int nlk;
                for (nlk = 0; nlk < 2; nlk++) {
                    char tmp[4096];
                    size_t m = n - cut, count = 0;
                    char *at;
                    ck_assert_uint_lt(m + 1, sizeof tmp);
                    memcpy(tmp, in + pos + cut, m);
                    if (nlk)
                        tmp[m++] = '\n';
                    at = guard_place(&g, tmp, m);
                    ck_assert_int_eq(maillog_parser_parse_line(p, at, m, r), MAILLOG_OK);
                    json_of(r);
                    {
                        maillog_parser *s = test_parser();
                        maillog_parser_set_callback(s, count_cb, &count);
                        ck_assert_int_eq(maillog_parser_feed(s, at, m, NULL), MAILLOG_OK);
                        ck_assert_int_eq(maillog_parser_finish(s), MAILLOG_OK);
                        ck_assert_uint_eq(count, m ? 1 : 0); /* no bytes, no line */
                        maillog_parser_free(s);
                    }
                }
            }
            pos += n + 1;
        }
        free(in);
    }
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
    munmap(g.base, 2 * g.page * 32);
}
END_TEST

START_TEST(injection_attempts_create_no_fields)
{
    const maillog_record *r;
    /* a HELO holding " status=bounced" */
    r = parse1("Nov 28 09:33:00 mx1 postfix/smtpd[1601]: NOQUEUE: reject: RCPT from x[192.0.2.9]: 554 5.7.1 "
               "<v@example.org>: Relay access denied; from=<a@b> to=<v@example.org> proto=ESMTP "
               "helo=<evil status=bounced to=<x@y>>");
    ck_assert_int_eq(maillog_record_status(r), MAILLOG_STATUS_REJECTED);
    ck_assert_str_eq(fld(r, MAILLOG_F_TO), "v@example.org");
    /* syslog's #012/#011 escapes are text, not line breaks or fields */
    r = parse1("Nov 28 09:33:03 mx1 postfix/cleanup[1202]: 6C7D8E9FA0: warning: header Subject: a#012to=<x@y>, "
               "status=sent#011queued as ABCDEF1 from unknown[198.51.100.99]; from=<a@b.example> "
               "to=<c@d.example> proto=ESMTP helo=<h>");
    ck_assert_str_eq(fld(r, MAILLOG_F_TO), "c@d.example");
    ck_assert_int_eq(maillog_record_status(r), MAILLOG_STATUS_NONE);
    ck_assert_ptr_null(fld(r, MAILLOG_F_NEW_QUEUE_ID));
    /* a sender address posing as the rest of a qmgr line */
    r = parse1("Nov 28 09:00:06 mx1 postfix/qmgr[1003]: 4F1A2B3C4D: from=<\"a>, size=1, nrcpt=99 (queue "
               "active)\"@x>, size=2345, nrcpt=2 (queue active)");
    ck_assert_int_eq(num(r, MAILLOG_N_SIZE), 2345);
    ck_assert_int_eq(num(r, MAILLOG_N_NRCPT), 2);
    /* a remote reply claiming a hand-off to a queue id of ours, via a
     * non-loopback relay: the field is set, the correlator ignores it
     * (tested in test_correlate.c) */
    r = parse1("Nov 28 09:36:03 mx1 postfix/smtp[1302]: C2D3E4F5A6: to=<h@t.example>, relay=m.t.example"
               "[192.0.2.90]:25, delay=3.6, dsn=2.0.0, status=sent (250 ok; relay=evil, to=<x@y> queued as "
               "4F1A2B3C4D)");
    ck_assert_str_eq(fld(r, MAILLOG_F_RELAY_HOST), "m.t.example");
    ck_assert_str_eq(fld(r, MAILLOG_F_TO), "h@t.example");
}
END_TEST

START_TEST(absurd_values_are_refused)
{
    const maillog_record *r;
    char line[11000];
    /* a 10,000-character queue id is no queue id */
    memcpy(line, "Nov 28 09:00:01 mx1 postfix/qmgr[1]: ", 37);
    memset(line + 37, 'A', 10000);
    memcpy(line + 10037, ": removed", 10);
    r = parse1(line);
    ck_assert_ptr_null(fld(r, MAILLOG_F_QUEUE_ID));
    ck_assert(maillog_record_flags(r) & MAILLOG_REC_UNPARSED);
    /* numbers past 18 digits or port 65536 are not numbers */
    r = parse1("Nov 28 09:00:06 mx1 postfix/qmgr[1003]: 4F1A2B3C4D: from=<a@b>, size=12345678901234567890, "
               "nrcpt=1 (queue active)");
    ck_assert_int_eq(num(r, MAILLOG_N_SIZE), -1);
    ck_assert_str_eq(fld(r, MAILLOG_F_SIZE), "12345678901234567890");
    r = parse1("Nov 28 09:00:05 mx1 postfix/smtpd[1]: connect from h[192.0.2.1]:65536");
    ck_assert_int_eq(num(r, MAILLOG_N_CLIENT_PORT), -1);
    r = parse1("Nov 28 09:00:05 mx1 postfix/smtpd[99999999999999999999]: connect from h[192.0.2.1]");
    ck_assert_int_eq(num(r, MAILLOG_N_PID), -1);
    /* second 61, offset +99:99, month 13: no time */
    ck_assert(!(maillog_record_flags(parse1("2026-01-01T00:00:61Z mx1 postfix/qmgr[1]: ABCDEF1: removed")) &
                MAILLOG_REC_HAS_TIME));
}
END_TEST

Suite *suite_hostile(void)
{
    Suite *s = suite_create("hostile");
    TCase *tc = tcase_create("hostile");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, no_overread_at_page_end);
    tcase_add_test(tc, injection_attempts_create_no_fields);
    tcase_add_test(tc, absurd_values_are_refused);
    suite_add_tcase(s, tc);
    return s;
}
