/* check_main.c -- runs every suite; shared helpers. */
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ML_TEST_PUBLIC_ONLY
#include "scan/scan.h"

void same_fields(const maillog_record *a, const maillog_record *b, const char *what,
                 const char *line, size_t n)
{
    int f;
    ck_assert_msg(a->fmask == b->fmask && a->nmask == b->nmask, "%s: fields differ: %.*s", what,
                  (int)n, line);
    for (f = 0; f < MAILLOG_F_COUNT; f++)
        if (ml_has(a, f))
            ck_assert_msg(a->f[f].off == b->f[f].off && a->f[f].len == b->f[f].len,
                          "%s: field %s differs: %.*s", what, maillog_field_name(f), (int)n, line);
    for (f = 0; f < MAILLOG_N_COUNT; f++)
        if (ml_hasn(a, f))
            ck_assert_msg(a->n[f] == b->n[f], "%s: number %d differs: %.*s", what, f, (int)n, line);
}
#endif

void textbuf_add(textbuf *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->buf = realloc(t->buf, t->cap);
        ck_assert_ptr_nonnull(t->buf);
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    ck_assert_msg(f != NULL, "cannot open %s (run the suite from tests/)", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

void check_expect(const char *line, const char *expect)
{
    check_record(parse1(line), line, expect);
}

void check_record(const maillog_record *r, const char *line, const char *expect)
{
    char buf[2048];
    char *item, *save = NULL;
    ck_assert_uint_lt(strlen(expect), sizeof buf);
    strcpy(buf, expect);
    for (item = strtok_r(buf, "|", &save); item; item = strtok_r(NULL, "|", &save)) {
        char *eq = strchr(item, '=');
        const char *want = eq ? eq + 1 : NULL;
        int absent = item[0] == '!', f;
        if (eq)
            *eq = '\0';
        if (absent)
            item++;
        if (strcmp(item, "event") == 0) {
            ck_assert_str_eq(maillog_event_name(maillog_record_event(r)), want);
            continue;
        }
        if (strcmp(item, "status") == 0) {
            ck_assert_msg(absent ? maillog_record_status(r) == MAILLOG_STATUS_NONE
                                 : strcmp(maillog_status_name(maillog_record_status(r)), want) == 0,
                          "%s: status %s", line, maillog_status_name(maillog_record_status(r)));
            continue;
        }
        if (strcmp(item, "severity") == 0) {
            ck_assert_str_eq(maillog_severity_name(maillog_record_severity(r)), want);
            continue;
        }
        if (strcmp(item, "mta") == 0) {
            ck_assert_str_eq(maillog_mta_name(maillog_record_mta(r)), want);
            continue;
        }
        for (f = 0; f < MAILLOG_F_COUNT; f++)
            if (strcmp(maillog_field_name(f), item) == 0)
                break;
        ck_assert_msg(f < MAILLOG_F_COUNT, "unknown name %s", item);
        if (absent)
            ck_assert_msg(fld(r, f) == NULL, "%s: %s should be absent, is '%s'", line, item,
                          fld(r, f));
        else {
            const char *got = fld(r, f);
            ck_assert_msg(got && strcmp(got, want) == 0, "%s: %s = '%s', want '%s'", line, item,
                          got ? got : "(absent)", want);
        }
    }
    ck_assert(json_valid(json_of(r), strlen(json_of(r))));
}

maillog_parser *test_parser(void)
{
    maillog_parser *p = NULL;
    ck_assert_int_eq(maillog_parser_new(NULL, 0, &p), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME, TEST_REF_TIME),
                     MAILLOG_OK);
    return p;
}

const maillog_record *parse1(const char *line) { return parse1n(line, strlen(line)); }

const maillog_record *parse1n(const char *line, size_t n)
{
    static union {
        uint64_t align;
        unsigned char b[4096];
    } mem;
    static char copy[65536];
    maillog_record *r = NULL;
    maillog_parser *p = test_parser();
    ck_assert_uint_le(maillog_record_sizeof(), sizeof mem.b);
    ck_assert_int_eq(maillog_record_init(mem.b, sizeof mem.b, &r), MAILLOG_OK);
    ck_assert_uint_lt(n, sizeof copy);
    memcpy(copy, line, n); /* spans outlive the caller's literal scope */
    copy[n] = '\0';
    ck_assert_int_eq(maillog_parser_parse_line(p, copy, n, r), MAILLOG_OK);
    maillog_parser_free(p);
    return r;
}

const char *fld(const maillog_record *r, int field)
{
    static char buf[8][1024];
    static int k;
    const char *p;
    size_t n;
    int has = maillog_record_field(r, field, &p, &n);
    ck_assert_int_ge(has, 0);
    if (!has)
        return NULL;
    k = (k + 1) % 8;
    ck_assert_uint_lt(n, sizeof buf[k]);
    memcpy(buf[k], p, n);
    buf[k][n] = '\0';
    return buf[k];
}

long long num(const maillog_record *r, int n)
{
    int64_t v;
    int has = maillog_record_number(r, n, &v);
    ck_assert_int_ge(has, 0);
    return has ? (long long)v : -1;
}

const char *json_of(const maillog_record *r)
{
    static char buf[1 << 17];
    size_t n;
    ck_assert_int_eq(maillog_record_to_json(r, buf, sizeof buf, &n), MAILLOG_OK);
    ck_assert_uint_eq(strlen(buf), n);
    return buf;
}

int main(void)
{
    int failed;
    SRunner *sr = srunner_create(suite_api());
    srunner_add_suite(sr, suite_envelope());
    srunner_add_suite(sr, suite_postfix());
    srunner_add_suite(sr, suite_sendmail());
    srunner_add_suite(sr, suite_exim());
    srunner_add_suite(sr, suite_exim_corr());
    srunner_add_suite(sr, suite_opensmtpd());
    srunner_add_suite(sr, suite_qmail());
    srunner_add_suite(sr, suite_exchange());
    srunner_add_suite(sr, suite_exchange_rows());
    srunner_add_suite(sr, suite_exchange_corr());
    srunner_add_suite(sr, suite_mailenable());
    srunner_add_suite(sr, suite_hmailserver());
    srunner_add_suite(sr, suite_stream());
    srunner_add_suite(sr, suite_json());
    srunner_add_suite(sr, suite_golden());
    srunner_add_suite(sr, suite_hostile());
    srunner_add_suite(sr, suite_dialect());
    srunner_add_suite(sr, suite_reason());
#ifndef ML_NO_CORRELATE
    srunner_add_suite(sr, suite_correlate());
    srunner_add_suite(sr, suite_corr_limits());
#endif
#ifndef ML_TEST_PUBLIC_ONLY
    srunner_add_suite(sr, suite_scan());
    srunner_add_suite(sr, suite_exchange_csv());
#endif
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
