/* test_json.c -- the JSON writer: escaping, UTF-8 repair, buffer sizes. */
#include "tests.h"

#include <string.h>

START_TEST(escapes_and_invalid_utf8)
{
    const maillog_record *r = parse1("bad \"q\" \\ \t \x01 \xC3\xA9 \xFF \xC3 \xED\xA0\x80 \xF0\x9F\x98\x80 end");
    const char *j = json_of(r);
    ck_assert(json_valid(j, strlen(j)));
    ck_assert(strstr(j, "\\\"q\\\"") != NULL);
    ck_assert(strstr(j, "\\\\") != NULL);
    ck_assert(strstr(j, "\\t") != NULL);
    ck_assert(strstr(j, "\\u0001") != NULL);
    ck_assert(strstr(j, "\xC3\xA9") != NULL);                 /* valid UTF-8 kept */
    ck_assert(strstr(j, "\xF0\x9F\x98\x80") != NULL);         /* 4-byte kept */
    ck_assert(strstr(j, "\xEF\xBF\xBD \xEF\xBF\xBD ") != NULL); /* 0xFF and lone C3 */
    ck_assert(strstr(j, "\xED\xA0\x80") == NULL);             /* surrogate replaced */
    ck_assert(strstr(j, "\"unparsed\":true") != NULL);
}
END_TEST

START_TEST(nospc_reports_needed_size)
{
    const maillog_record *r = parse1("Nov 28 09:00:01 h postfix/qmgr[1]: ABCDEF1: removed");
    char small[16], big[512];
    size_t need = 0, got = 0;
    ck_assert_int_eq(maillog_record_to_json(r, small, sizeof small, &need), MAILLOG_E_NOSPC);
    ck_assert_uint_eq(strlen(small), sizeof small - 1);
    ck_assert_int_eq(maillog_record_to_json(r, NULL, 0, &need), MAILLOG_E_NOSPC);
    ck_assert_uint_gt(need, 16);
    ck_assert_int_eq(maillog_record_to_json(r, big, need, &got), MAILLOG_E_NOSPC); /* no room for NUL */
    ck_assert_int_eq(maillog_record_to_json(r, big, need + 1, &got), MAILLOG_OK);
    ck_assert_uint_eq(got, need);
    ck_assert_uint_eq(strlen(big), need);
    ck_assert(json_valid(big, got));
    ck_assert_int_eq(maillog_record_to_json(NULL, big, sizeof big, &got), MAILLOG_E_INVAL);
}
END_TEST

START_TEST(schema_keys_and_types)
{
    const maillog_record *r = parse1(
        "2026-07-25T14:32:10.5+02:00 mx1 postfix/smtp[1302]: 4F1A2B3C4D: to=<c@r.example>, "
        "relay=mx.r.example[192.0.2.7]:25, delay=1.2, delays=0.3/0/0.5/0.4, dsn=2.0.0, status=sent (250 ok)");
    const char *j = json_of(r);
    ck_assert(json_valid(j, strlen(j)));
    ck_assert(strncmp(j, "{\"line\":1,\"ts\":\"2026-07-25T14:32:10.500000+02:00\",", 50) == 0);
    ck_assert(strstr(j, "\"pid\":1302,") != NULL);
    ck_assert(strstr(j, "\"relay_port\":25,") != NULL);
    ck_assert(strstr(j, "\"delays\":[0.3,0,0.5,0.4]") != NULL);
    ck_assert(strstr(j, "\"delay\":1.2,") != NULL);
    ck_assert(strstr(j, "\"status\":\"sent\"") != NULL);
    ck_assert(strstr(j, "\"reply\":\"250 ok\",\"reply_code\":250") != NULL);
    ck_assert(strstr(j, "unparsed") == NULL);
}
END_TEST

Suite *suite_json(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("json");
    tcase_add_test(tc, escapes_and_invalid_utf8);
    tcase_add_test(tc, nospc_reports_needed_size);
    tcase_add_test(tc, schema_keys_and_types);
    suite_add_tcase(s, tc);
    return s;
}
