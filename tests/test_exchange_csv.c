/* test_exchange_csv.c -- the Exchange unit's CSV splitter (internal API,
 * static build only).  ml_xc_csv_split reads the ','s of a row from
 * 64-byte masks; these tests compare it with the plain reading, one field
 * at a time with ml_xc_csv_field, on random rows of ',', '"', ' ' and
 * text that cross the masks' edges, from every start, with every limit
 * and without a place for the values. */
#include "tests.h"

#include <string.h>

#ifndef ML_TEST_PUBLIC_ONLY
#include "mta/exchange/exchange.h"

/* The splitter as it was before the masks: a search per field. */
static int32_t split_plain(const char *s, uint32_t p, uint32_t end, ml_span *v, uint32_t max,
                           uint32_t limit)
{
    uint32_t n = 0;
    for (;;) {
        ml_span x;
        uint32_t e = ml_xc_csv_field(s, p, end, &x);
        if (e == XC_CSV_BAD)
            return -1;
        if (v && n < max)
            v[n] = x;
        if (++n > limit || e >= end)
            return (int32_t)n;
        p = e + 1;
    }
}

static void same_split(const char *buf, uint32_t p, uint32_t end, uint32_t max, uint32_t limit)
{
    ml_span a[XC_MAXCOL], b[XC_MAXCOL];
    int32_t na = ml_xc_csv_split(buf, p, end, a, max, limit),
            nb = split_plain(buf, p, end, b, max, limit), i;
    ck_assert_int_eq(na, nb);
    ck_assert_int_eq(ml_xc_csv_split(buf, p, end, NULL, max, limit), nb);
    for (i = 0; i < nb && (uint32_t)i < max; i++) {
        ck_assert_uint_eq(a[i].off, b[i].off);
        ck_assert_uint_eq(a[i].len, b[i].len);
    }
}

START_TEST(split_matches_plain)
{
    static const char alphabet[] = ",,,,\"\" x";
    char buf[300];
    uint32_t seed = 2463534242u, round, p, end, i;
    for (round = 0; round < 60; round++) {
        uint32_t rare = 2 + round % 9; /* from crowded rows to long plain values */
        for (i = 0; i < sizeof buf; i++) {
            seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
            buf[i] = seed % rare == 0 ? alphabet[(seed >> 8) % (sizeof alphabet - 1)] : 'a';
        }
        if (round % 4 == 0) /* well-formed quoted fields, so that reading goes past them */
            for (i = 0; i + 8 < sizeof buf; i += 37)
                memcpy(buf + i, ",\"q,\"\"x\",", 9);
        for (p = 0; p < 80; p += 7)
            for (end = p; end <= sizeof buf; end += 1 + end % 5) {
                same_split(buf, p, end, XC_MAXCOL, 0x7FFFFFFF);
                same_split(buf, p, end, 5, 0x7FFFFFFF);
                same_split(buf, p, end, XC_MAXCOL, 3 + round % 20);
            }
    }
}
END_TEST

/* The rows Exchange writes: 30 fields, quoted ones among them. */
START_TEST(split_tracking_rows)
{
    static const char *const rows[] = {
        "2026-12-01T00:00:01.259Z,198.51.100.222,mail222.example.net,10.0.0.5,EX01,"
        "08DE56435B36BE36;2026-12-01T00:00:01.169Z;0,EX01\\Default Frontend EX01,SMTP,RECEIVE,"
        "4123456789000,<a@example.net>,0b0f916d-ded0-48c1-a78e-08de1c36a0b7,"
        "a@example.com;b@example.com,,3168555,2,,,\"Re: Q4 budget, \"\"draft\"\" 2\",x@example.net,"
        "x@example.net,04I: ,Incoming,,198.51.100.222,10.0.0.5,S:DeliveryPriority=Normal,Email,"
        "af68c36e-9e93-471d-9da6-08de70874955,15.02.1544.004",
        ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
        "\"\",\"\",\"\"",
        "\"never closed,a,b",
        "\"x\"y,z",
    };
    static const int32_t want[] = {30, 30, 3, -1, -1};
    uint32_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        uint32_t n = (uint32_t)strlen(rows[i]);
        ck_assert_int_eq(ml_xc_csv_split(rows[i], 0, n, NULL, 0, 0x7FFFFFFF), want[i]);
        same_split(rows[i], 0, n, XC_MAXCOL, 0x7FFFFFFF);
    }
}
END_TEST

Suite *suite_exchange_csv(void)
{
    Suite *s = suite_create("exchange_csv");
    TCase *tc = tcase_create("exchange_csv");
    tcase_set_timeout(tc, 120); /* random comparisons, also under ASan */
    tcase_add_test(tc, split_matches_plain);
    tcase_add_test(tc, split_tracking_rows);
    suite_add_tcase(s, tc);
    return s;
}
#endif
