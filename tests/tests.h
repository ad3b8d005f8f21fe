/* tests.h -- shared helpers of the Check suites. */
#ifndef MAILLOG_TESTS_H
#define MAILLOG_TESTS_H

#include <check.h>
#include <maillog.h>
#include <stddef.h>

Suite *suite_api(void);
Suite *suite_envelope(void);
Suite *suite_postfix(void);
Suite *suite_sendmail(void);
Suite *suite_exim(void);
Suite *suite_opensmtpd(void);
Suite *suite_qmail(void);
Suite *suite_exchange(void);
Suite *suite_exchange_rows(void);
Suite *suite_exchange_corr(void);
Suite *suite_exim_corr(void);
Suite *suite_mailenable(void);
Suite *suite_hmailserver(void);
Suite *suite_stream(void);
Suite *suite_json(void);
Suite *suite_golden(void);
Suite *suite_correlate(void);
Suite *suite_corr_limits(void);
Suite *suite_hostile(void);
Suite *suite_dialect(void);
Suite *suite_reason(void);
#ifndef ML_TEST_PUBLIC_ONLY
Suite *suite_scan(void);
Suite *suite_exchange_csv(void);
/* Fails the test unless a and b (parsed from line, n bytes) hold the same
 * fields and numbers; what names them goes in the message. */
void same_fields(const maillog_record *a, const maillog_record *b, const char *what,
                 const char *line, size_t n);
#endif

/* Reference time used by every test: 2026-11-29 12:00:00 UTC. */
#define TEST_REF_TIME 1795953600LL

/* Growable text buffer (NUL-terminated) for collected output. */
typedef struct textbuf {
    char *buf;
    size_t len, cap;
} textbuf;
void textbuf_add(textbuf *t, const char *s, size_t n);

/* Read a whole file (tests run from tests/); aborts the test on failure. */
char *read_file(const char *path, size_t *len);
/* A parser with the test reference time; free with maillog_parser_free. */
maillog_parser *test_parser(void);
/* Parse one line with a fresh parser into a static record. */
const maillog_record *parse1(const char *line);
/* The same for n bytes that may hold anything. */
const maillog_record *parse1n(const char *line, size_t n);
/* Field as a NUL-terminated copy in a static buffer, or NULL if absent. */
const char *fld(const maillog_record *r, int field);
/* Parse line and check "name=value|!name|..." expectations: field names
 * as maillog_field_name() spells them, plus event, status, severity, mta. */
void check_expect(const char *line, const char *expect);
/* The same checks on a record already parsed (from line). */
void check_record(const maillog_record *r, const char *line, const char *expect);
/* Number or -1 when absent. */
long long num(const maillog_record *r, int n);
/* JSON of a record in a static buffer. */
const char *json_of(const maillog_record *r);
/* 1 when s is one valid JSON value (strict RFC 8259 checker). */
int json_valid(const char *s, size_t len);

#endif
