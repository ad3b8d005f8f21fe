/* test_scan.c -- the shared scanners (internal API, static build only). */
#include "tests.h"

#include <string.h>

#ifndef ML_TEST_PUBLIC_ONLY
#include "scan/scan.h"

START_TEST(class_table_matches_definitions)
{
    int c;
    for (c = 0; c < 256; c++) {
        int digit = c >= '0' && c <= '9';
        int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        int hexup = digit || (c >= 'A' && c <= 'F');
        int key = alpha || digit || c == '_' || c == '.' || c == '-';
        int qid = (alpha || digit) && !strchr("AEIOUaeiou", c);
        ck_assert_int_eq(ml_is((unsigned char)c, ML_C_DIGIT), digit);
        ck_assert_int_eq(ml_is((unsigned char)c, ML_C_ALPHA), alpha);
        ck_assert_int_eq(ml_is((unsigned char)c, ML_C_ALNUM), alpha || digit);
        ck_assert_int_eq(ml_is((unsigned char)c, ML_C_SEP),
                         c == ' ' || c == '\t' || c == ',' || c == ';');
        ck_assert_int_eq(ml_is((unsigned char)c, ML_C_HEXUP), hexup);
        ck_assert_int_eq(ml_is((unsigned char)c, ML_C_KEY), key);
        ck_assert_int_eq(ml_is((unsigned char)c, ML_C_QIDLG), c != 0 && qid);
    }
}
END_TEST

#ifdef ML_SIMD_SSE2
/* ml_in_range16 against the plain comparison: every byte, every ASCII
 * range (the queue id and session id classes rest on it). */
START_TEST(range16_matches_scalar)
{
    unsigned char bytes[256];
    int lo, hi, i, j;
    for (i = 0; i < 256; i++)
        bytes[i] = (unsigned char)i;
    for (lo = 0; lo < 128; lo++)
        for (hi = lo; hi < 128; hi++)
            for (i = 0; i < 256; i += 16) {
                __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(bytes + i));
                uint32_t m = (uint32_t)_mm_movemask_epi8(ml_in_range16(x, (char)lo, (char)hi));
                for (j = 0; j < 16; j++)
                    if ((int)((m >> j) & 1u) != (i + j >= lo && i + j <= hi))
                        ck_abort_msg("byte %d in [%d, %d]: got %u", i + j, lo, hi, (m >> j) & 1u);
            }
}
END_TEST
#endif

/* ml_find_any, ml_mask_any and ml_ctz against the plain definitions:
 * every start and end over random text (dense in the searched bytes), so
 * the 16- and 8-byte steps and the byte tail are all crossed.  Run in the
 * SIMD and SIMD=0 builds. */
START_TEST(find_any_matches_naive)
{
    static const char alphabet[] = " ,[<>\"\\\t:/ab=";
    char buf[80];
    uint32_t seed = 12345u, round, off, end, i;
    for (round = 0; round < 200; round++) {
        char set[4];
        for (i = 0; i < sizeof buf; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (seed >> 16) % 7 == 0 ? alphabet[(seed >> 8) % (sizeof alphabet - 1)] : 'x';
        }
        for (i = 0; i < 4; i++) {
            seed = seed * 1103515245u + 12345u;
            set[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        for (off = 0; off < sizeof buf; off += 3)
            for (end = off; end <= sizeof buf; end++) {
                uint32_t want = off;
                while (want < end && buf[want] != set[0] && buf[want] != set[1] &&
                       buf[want] != set[2] && buf[want] != set[3])
                    want++;
                uint32_t mask = 0, j;
                ck_assert_uint_eq(ml_find_any(buf, off, end, set[0], set[1], set[2], set[3]),
                                  want);
                for (j = off; j < end && j < off + 16; j++)
                    if (buf[j] == set[0] || buf[j] == set[1] || buf[j] == set[2] ||
                        buf[j] == set[3])
                        mask |= 1u << (j - off);
                ck_assert_uint_eq(ml_mask_any(buf, off, end, set[0], set[1], set[2], set[3]),
                                  mask);
                if (mask)
                    ck_assert_uint_eq(off + ml_ctz(mask), want);
            }
    }
}
END_TEST

/* The bracket-aware scanners of scan.c, written plainly, a byte at a time. */
static uint32_t ref_quote_end(const char *s, uint32_t off, uint32_t end)
{
    uint32_t p;
    for (p = off + 1; p < end; p++) {
        if (s[p] == '\\')
            p++;
        else if (s[p] == '"')
            return p;
    }
    return end;
}

static uint32_t ref_angle_end(const char *s, uint32_t off, uint32_t end)
{
    uint32_t depth = 1, p;
    int quoted = 0;
    for (p = off + 1; p < end; p++) {
        if (quoted && s[p] == '\\')
            p++;
        else if (s[p] == '"')
            quoted = !quoted;
        else if (!quoted && s[p] == '<')
            depth++;
        else if (!quoted && s[p] == '>' && --depth == 0)
            return p;
    }
    return end;
}

static uint32_t ref_paren_end(const char *s, uint32_t off, uint32_t end)
{
    uint32_t depth = 0, p;
    for (p = off; p < end; p++) {
        if (s[p] == '(')
            depth++;
        else if (s[p] == ')' && --depth == 0)
            return p;
    }
    return end;
}

/* delim, or lit when n > 0, outside quotes and <...>. */
static uint32_t ref_outside(const char *s, uint32_t off, uint32_t end, char delim, const char *lit,
                            uint32_t n)
{
    uint32_t p;
    for (p = off; p < end && p + n <= end; p++) {
        if (s[p] == '"')
            p = ref_quote_end(s, p, end);
        else if (s[p] == '<')
            p = ref_angle_end(s, p, end);
        else if (n ? memcmp(s + p, lit, n) == 0 : s[p] == delim)
            return p;
    }
    return end;
}

static uint32_t ref_find_str(const char *s, uint32_t off, uint32_t end, const char *lit, uint32_t n)
{
    uint32_t p;
    for (p = off; p + n <= end; p++)
        if (memcmp(s + p, lit, n) == 0)
            return p;
    return end;
}

/* ml_find_str, ml_find_outside, ml_delim_end, ml_quote_end and
 * ml_paren_end, which skip from one byte of interest to the next, against
 * the plain loops above: every end from random starts, over random text
 * dense in quotes, brackets, escapes and the literals' bytes.  Run in the
 * SIMD and SIMD=0 builds. */
START_TEST(bracket_scanners_match_naive)
{
    static const char alphabet[] = "<>\"\\(); said:,x";
    static const char *const lits[] = {" said: ", "; ", "<x", "xx", "d: x", ") ", "said:x said: "};
    char buf[96];
    uint32_t seed = 4242u, round, off, end, i;
    for (round = 0; round < 63; round++) {
        const char *lit = lits[round % 7];
        uint32_t n = (uint32_t)strlen(lit);
        for (i = 0; i < sizeof buf; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (seed >> 16) % 3 == 0 ? 'a' : alphabet[(seed >> 8) % (sizeof alphabet - 1)];
        }
        /* a few real matches at random places, or near misses: one byte
         * changed */
        for (i = 0; i < 4 && round % 3 != 2; i++) {
            uint32_t at;
            seed = seed * 1103515245u + 12345u;
            at = (seed >> 16) % (sizeof buf - n);
            memcpy(buf + at, lit, n);
            if (round % 3 == 1)
                buf[at + (seed >> 4) % n] = 'a';
        }
        for (off = 0; off < sizeof buf; off += 7)
            for (end = off; end <= sizeof buf; end++) {
                ck_assert_uint_eq(ml_find_str(buf, off, end, lit, n),
                                  ref_find_str(buf, off, end, lit, n));
                ck_assert_uint_eq(ml_find_outside(buf, off, end, lit, n),
                                  ref_outside(buf, off, end, 0, lit, n));
                ck_assert_uint_eq(ml_delim_end(buf, off, end, lit[1]),
                                  ref_outside(buf, off, end, lit[1], NULL, 0));
                ck_assert_uint_eq(ml_paren_end(buf, off, end), ref_paren_end(buf, off, end));
                if (end > off && buf[off] == '"')
                    ck_assert_uint_eq(ml_quote_end(buf, off, end), ref_quote_end(buf, off, end));
                if (end > off && buf[off] == '<')
                    ck_assert_uint_eq(ml_angle_end(buf, off, end), ref_angle_end(buf, off, end));
            }
    }
}
END_TEST

START_TEST(kv_walker)
{
    static const char s[] = "a=1, b=<x y>, c=<\"q>, d=e\"@z>, nrcpt=1 (queue active) f=\"g h\" junk k=";
    uint32_t end = sizeof s - 1, p = 0;
    ml_kv kv;
    static const char *const want[][2] = {{"a", "1"},   {"b", "x y"}, {"c", "\"q>, d=e\"@z"},
                                          {"nrcpt", "1"}, {"f", "g h"}, {"k", ""}};
    size_t i = 0;
    while (ml_kv_next(s, p, end, &kv)) {
        ck_assert_uint_lt(i, 6);
        ck_assert_uint_eq(kv.k_len, strlen(want[i][0]));
        ck_assert(memcmp(s + kv.k_off, want[i][0], kv.k_len) == 0);
        ck_assert_uint_eq(kv.v_len, strlen(want[i][1]));
        ck_assert(memcmp(s + kv.v_off, want[i][1], kv.v_len) == 0);
        p = kv.end;
        i++;
    }
    ck_assert_uint_eq(i, 6);
}
END_TEST

START_TEST(hostaddr_forms)
{
    static const char *const in[] = {"unknown[192.0.2.1]", "h.example[2001:db8::1]:25", "[10.0.0.1]:587",
                                     "nobrackets", "broken[1.2.3.4"};
    ml_span h, a, pt;
    int64_t port;
    ck_assert_uint_eq(ml_hostaddr(in[0], 0, 18, &h, &a, &pt, &port), 18);
    ck_assert(h.len == 7 && a.off == 8 && a.len == 9 && port == -1);
    ck_assert_uint_eq(ml_hostaddr(in[1], 0, 25, &h, &a, &pt, &port), 25);
    ck_assert(a.len == 11 && port == 25);
    ck_assert_uint_eq(ml_hostaddr(in[2], 0, 14, &h, &a, &pt, &port), 14);
    ck_assert(h.len == 0 && port == 587);
    ck_assert_uint_eq(ml_hostaddr(in[3], 0, 10, &h, &a, &pt, &port), 0);
    ck_assert_uint_eq(ml_hostaddr(in[4], 0, 14, &h, &a, &pt, &port), 0);
}
END_TEST

START_TEST(seconds_and_uints)
{
    int64_t us, v;
    uint32_t p = 0;
    ck_assert(ml_seconds_us("6.2", 0, 3, &us) && us == 6200000);
    ck_assert(ml_seconds_us("0.01", 0, 4, &us) && us == 10000);
    ck_assert(ml_seconds_us("563", 0, 3, &us) && us == 563000000);
    ck_assert(!ml_seconds_us("1.", 0, 2, &us));
    ck_assert(!ml_seconds_us("x", 0, 1, &us));
    ck_assert(!ml_seconds_us("1.2.3", 0, 5, &us));
    ck_assert(!ml_seconds_us(".5", 0, 2, &us));
    ck_assert(ml_seconds_us("1.2345678", 0, 9, &us) && us == 1234567); /* six kept */
    ck_assert(ml_seconds_us("0.0000009", 0, 9, &us) && us == 0);
    ck_assert(ml_seconds_us("100000000000.5", 0, 14, &us) && us == 100000000000500000LL);
    ck_assert(!ml_seconds_us("100000000001", 0, 12, &us)); /* above 10^11 s */
    ck_assert(ml_seconds_us("000000000000000005", 0, 18, &us) && us == 5000000);
    ck_assert(!ml_seconds_us("0000000000000000005", 0, 19, &us)); /* 19 digits */
    ck_assert(!ml_seconds_us("3.5", 0, 2, &us)); /* the span is "3.", refused */
    ck_assert(ml_uint("123x", &p, 4, &v) && v == 123 && p == 3);
    p = 0;
    ck_assert(!ml_uint("1234567890123456789", &p, 19, &v)); /* 19 digits: refused */
    ck_assert(p == 0 && !ml_uint("12345678901234567890123456789012345678901", &p, 41, &v));
    ck_assert(ml_uint("999999999999999999x", &p, 19, &v) && v == 999999999999999999LL && p == 18);
}
END_TEST

/* Seconds as scan.h describes them, written plainly: 1 to 18 digits of
 * at most 10^11, then optionally '.' and at least one digit, the first
 * six kept. */
static int ref_seconds(const char *s, uint32_t p, uint32_t end, uint32_t *after, int64_t *us)
{
    int64_t whole = 0, frac = 0, scale = 1000000;
    uint32_t digits = 0, k = 0;
    for (; p < end && s[p] >= '0' && s[p] <= '9'; p++, digits++)
        if (digits < 18)
            whole = whole * 10 + (s[p] - '0');
    if (digits == 0 || digits > 18 || whole > 100000000000LL)
        return 0;
    if (p < end && s[p] == '.') {
        for (p++; p < end && s[p] >= '0' && s[p] <= '9'; p++, k++)
            if (k < 6)
                frac += (s[p] - '0') * (scale /= 10);
        if (k == 0)
            return 0;
    }
    *after = p;
    *us = whole * 1000000 + frac;
    return 1;
}

/* Every text of up to six bytes from "019./x", after one byte and
 * followed by digits beyond the end: ml_seconds_at (its inline short
 * shapes and its general scan) agrees with ref_seconds. */
START_TEST(seconds_every_short_text)
{
    static const char alphabet[] = "019./x";
    char buf[16];
    uint32_t len, i, checked = 0;
    for (len = 0; len <= 6; len++) {
        uint32_t combos = 1, c;
        for (i = 0; i < len; i++)
            combos *= 6;
        for (c = 0; c < combos; c++) {
            uint32_t x = c, got_p = 1, want_p = 0;
            int64_t got = -1, want = -1;
            int ok_got, ok_want;
            buf[0] = '=';
            for (i = 0; i < len; i++, x /= 6)
                buf[1 + i] = alphabet[x % 6];
            memcpy(buf + 1 + len, "9999", 4);
            ok_want = ref_seconds(buf, 1, 1 + len, &want_p, &want);
            ok_got = ml_seconds_at(buf, &got_p, 1 + len, &got);
            ck_assert_msg(ok_got == ok_want, "\"%.*s\": %d, want %d", (int)len, buf + 1, ok_got,
                          ok_want);
            if (ok_want)
                ck_assert_msg(got == want && got_p == want_p, "\"%.*s\": %lld at %u, want %lld at %u",
                              (int)len, buf + 1, (long long)got, got_p, (long long)want, want_p);
            else
                ck_assert_msg(got_p == 1, "\"%.*s\": refused but moved", (int)len, buf + 1);
            checked++;
        }
    }
    ck_assert_uint_eq(checked, 55987);
}
END_TEST

START_TEST(civil_round_trip)
{
    int64_t d;
    for (d = -800000; d <= 800000; d += 97) {
        int64_t y;
        int32_t m, day;
        ml_civil_from_days(d, &y, &m, &day);
        ck_assert(ml_valid_date(y, m, day));
        ck_assert_int_eq(ml_days_from_civil(y, m, day), d);
    }
}
END_TEST

Suite *suite_scan(void)
{
    Suite *s = suite_create("scan");
    TCase *tc = tcase_create("scan");
    tcase_set_timeout(tc, 120); /* exhaustive and random comparisons, also under ASan */
    tcase_add_test(tc, class_table_matches_definitions);
    tcase_add_test(tc, find_any_matches_naive);
#ifdef ML_SIMD_SSE2
    tcase_add_test(tc, range16_matches_scalar);
#endif
    tcase_add_test(tc, bracket_scanners_match_naive);
    tcase_add_test(tc, kv_walker);
    tcase_add_test(tc, hostaddr_forms);
    tcase_add_test(tc, seconds_and_uints);
    tcase_add_test(tc, seconds_every_short_text);
    tcase_add_test(tc, civil_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
#endif
