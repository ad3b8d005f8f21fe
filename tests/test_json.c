/* test_json.c -- the JSON writer: escaping, UTF-8 repair, buffer sizes. */
#include "tests.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* The reference escaping, byte by byte: what the writer's fast paths
 * (16 or 8 bytes a step) must reproduce. */
static size_t ref_utf8(const unsigned char *s, size_t n)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t k, i;
    if (c >= 0xC2 && c <= 0xDF)
        k = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        k = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
        k = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
        return 0;
    if (n < k || s[1] < lo || s[1] > hi)
        return 0;
    for (i = 2; i < k; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return k;
}

static size_t ref_escape(const unsigned char *s, size_t n, char *out)
{
    size_t i = 0, o = 0;
    out[o++] = '"';
    while (i < n) {
        unsigned char c = s[i];
        size_t k;
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            out[o++] = '\\';
            out[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
        } else if (c < 0x20) {
            o += (size_t)sprintf(out + o, "\\u%04x", c);
        } else if (c < 0x80) {
            out[o++] = (char)c;
        } else if ((k = ref_utf8(s + i, n - i)) != 0) {
            memcpy(out + o, s + i, k);
            o += k;
            i += k;
            continue;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
        }
        i++;
    }
    out[o++] = '"';
    out[o] = '\0';
    return o;
}

START_TEST(escaping_matches_reference)
{
    static const unsigned char pool[] = {'a', 'b', ' ', '"', '\\', '\t', 0x01, 0x1F, 0x7F, 0x80,
                                         0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0xED, 0xFF, 'z'};
    unsigned char line[96];
    char want[96 * 6 + 8], *raw;
    uint32_t seed = 777u, round;
    size_t n, i;
    for (round = 0; round < 3000; round++) {
        const char *j;
        seed = seed * 1103515245u + 12345u;
        n = 1 + (seed >> 16) % 90;
        line[0] = 0x01; /* no envelope: the line is delivered unparsed, whole */
        for (i = 1; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            line[i] = (seed >> 16) % 3 ? (unsigned char)('c' + (seed >> 8) % 20)
                                       : pool[(seed >> 8) % sizeof pool];
        }
        j = json_of(parse1n((const char *)line, n));
        ref_escape(line, n, want);
        raw = strstr(j, "\"raw\":");
        ck_assert_ptr_nonnull(raw);
        raw += 6;
        ck_assert_uint_eq(strlen(raw), strlen(want) + 1); /* and the closing brace */
        ck_assert(memcmp(raw, want, strlen(want)) == 0);
    }
}
END_TEST

/* The same for short field values, which the writer checks with one load
 * ending where the value ends: hosts of 1 to 20 random bytes. */
START_TEST(short_fields_escape_like_reference)
{
    static const unsigned char pool[] = {'a', '"', '\\', '\t', 0x01, 0x1F, 0x7F, 0x80, 0xC3,
                                         0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0xED, 0xFF, 'z'};
    unsigned char host[24];
    char line[128], want[24 * 6 + 8], key[200];
    uint32_t seed = 4242u, round;
    size_t n, i;
    maillog_parser *p = test_parser(); /* one parser: a fresh one per line is slow under ASan */
    maillog_record *r = NULL;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    for (round = 0; round < 3000; round++) {
        const char *j, *at;
        int len;
        seed = seed * 1103515245u + 12345u;
        n = 1 + (seed >> 16) % 20;
        for (i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            host[i] = (seed >> 16) % 2 ? (unsigned char)('c' + (seed >> 8) % 20)
                                       : pool[(seed >> 8) % sizeof pool];
        }
        len = snprintf(line, sizeof line, "Nov 28 09:00:01 %.*s postfix/qmgr[1]: ABCDEF1: removed",
                       (int)n, (const char *)host);
        ck_assert_int_eq(maillog_parser_parse_line(p, line, (size_t)len, r), MAILLOG_OK);
        j = json_of(r);
        ref_escape(host, n, want);
        snprintf(key, sizeof key, "\"host\":%s,", want);
        at = strstr(j, "\"host\":");
        ck_assert_ptr_nonnull(at);
        ck_assert_msg(strncmp(at, key, strlen(key)) == 0, "%s", j);
    }
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

#ifndef ML_TEST_PUBLIC_ONLY
#include "json/json_out.h"

/* The number writers, in a roomy buffer and in one that fits exactly. */
START_TEST(numbers_and_seconds)
{
    static const struct {
        int64_t v;
        const char *as_int, *as_seconds;
    } cases[] = {{0, "0", "0"},
                 {9, "9", "0.000009"},
                 {10, "10", "0.00001"},
                 {99, "99", "0.000099"},
                 {100, "100", "0.0001"},
                 {6200000, "6200000", "6.2"},
                 {1000000, "1000000", "1"},
                 {123456789, "123456789", "123.456789"},
                 {-1500000, "-1500000", "-1.5"},
                 {-7, "-7", "-0.000007"},
                 {INT64_MAX, "9223372036854775807", "9223372036854.775807"},
                 {INT64_MIN, "-9223372036854775808", "-9223372036854.775808"}};
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char big[64], exact[32];
        ml_out o;
        size_t len = strlen(cases[i].as_int);
        ml_out_init(&o, big, sizeof big);
        ml_out_int(&o, cases[i].v);
        ck_assert_int_eq(ml_out_finish(&o, big, sizeof big, NULL), MAILLOG_OK);
        ck_assert_str_eq(big, cases[i].as_int);
        ml_out_init(&o, exact, len + 1);
        ml_out_int(&o, cases[i].v);
        ck_assert_int_eq(ml_out_finish(&o, exact, len + 1, NULL), MAILLOG_OK);
        ck_assert_str_eq(exact, cases[i].as_int);
        ml_out_init(&o, big, sizeof big);
        ml_out_seconds(&o, cases[i].v);
        ck_assert_int_eq(ml_out_finish(&o, big, sizeof big, NULL), MAILLOG_OK);
        ck_assert_str_eq(big, cases[i].as_seconds);
    }
}
END_TEST

/* Times from year 1 to 9999, before and after the epoch, at every offset
 * sign, against gmtime_r (a test may use the C library's calendar; the
 * library does not). */
START_TEST(times_match_gmtime)
{
    static const int32_t offs[] = {0, 3600, -5400, 86399 - 59, -(86399 - 59)};
    int64_t sec;
    uint32_t seed = 99u, k = 0;
    for (sec = -62135596800LL + 86400; sec < 253402300799LL - 86400; k++) {
        int32_t off = offs[k % 5], a = off < 0 ? -off : off;
        int64_t local = sec + off;
        time_t t = (time_t)local;
        struct tm tm;
        char want[64], got[64];
        ml_out o;
        ck_assert_ptr_nonnull(gmtime_r(&t, &tm));
        snprintf(want, sizeof want, "\"%04d-%02d-%02dT%02d:%02d:%02d.%06d%c%02d:%02d\"",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                 (int)(k % 1000000), off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
        ml_out_init(&o, got, sizeof got);
        ml_out_time(&o, sec, (int32_t)(k % 1000000), off, 1, 1);
        ck_assert_int_eq(ml_out_finish(&o, got, sizeof got, NULL), MAILLOG_OK);
        ck_assert_str_eq(got, want);
        seed = seed * 1103515245u + 12345u;
        sec += 86400 * 97 + (seed >> 8) % 86400; /* about a quarter year, any second */
    }
}
END_TEST
#endif

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
    tcase_set_timeout(tc, 120); /* thousands of random lines, also under ASan and valgrind */
    tcase_add_test(tc, escapes_and_invalid_utf8);
    tcase_add_test(tc, escaping_matches_reference);
    tcase_add_test(tc, short_fields_escape_like_reference);
    tcase_add_test(tc, nospc_reports_needed_size);
#ifndef ML_TEST_PUBLIC_ONLY
    tcase_add_test(tc, numbers_and_seconds);
    tcase_add_test(tc, times_match_gmtime);
#endif
    tcase_add_test(tc, schema_keys_and_types);
    suite_add_tcase(s, tc);
    return s;
}
