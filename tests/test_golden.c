/* test_golden.c -- tests/data/NAME.log parsed line by line must give
 * tests/data/NAME.ndjson exactly.  The expected files were reviewed by
 * hand; regenerate with tests/golden-update.sh only after reviewing the
 * diff. */
#include "tests.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* exim-loopback is left to the stream tests (every chunk size): its
 * syslog fragments are joined by the stream only, so its golden file is
 * the stream's view. */
static const char *const golden[] = {"postfix-kinds", "envelopes", "postfix-loopback", "postfix-outcomes", "postfix-situations", "pmg-filter",
                                     "correlate-cases", "sendmail-loopback", "sendmail-situations", "exim-situations",
                                     "opensmtpd-loopback", "opensmtpd-situations", "qmail-kinds",
                                     "exchange-tracking", "exchange-org", "exchange-smtp",
                                     "mailenable-activity", "mailenable-w3c",
                                     "hmailserver-day"};

START_TEST(golden_file)
{
    char path[256];
    size_t in_len, exp_len, pos = 0, lineno = 0;
    char *in, *exp, *e;
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    snprintf(path, sizeof path, "data/%s.log", golden[_i]);
    in = read_file(path, &in_len);
    snprintf(path, sizeof path, "data/%s.ndjson", golden[_i]);
    exp = read_file(path, &exp_len);
    e = exp;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    while (pos < in_len) {
        char *nl = memchr(in + pos, '\n', in_len - pos);
        size_t n = nl ? (size_t)(nl - (in + pos)) : in_len - pos;
        char *enl = strchr(e, '\n');
        const char *j;
        ck_assert_int_eq(maillog_parser_parse_line(p, in + pos, n, r), MAILLOG_OK);
        j = json_of(r);
        lineno++;
        ck_assert_msg(enl != NULL, "%s: expected file ends before line %zu", golden[_i], lineno);
        *enl = '\0';
        ck_assert_msg(strcmp(j, e) == 0, "%s line %zu:\n got  %s\n want %s", golden[_i], lineno, j, e);
        ck_assert(json_valid(j, strlen(j)));
        e = enl + 1;
        pos += n + 1;
    }
    ck_assert_msg(*e == '\0', "%s: expected file has more lines", golden[_i]);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
    free(in);
    free(exp);
}
END_TEST

Suite *suite_golden(void)
{
    Suite *s = suite_create("golden");
    TCase *tc = tcase_create("golden");
    tcase_add_loop_test(tc, golden_file, 0, (int)(sizeof golden / sizeof golden[0]));
    suite_add_tcase(s, tc);
    return s;
}
