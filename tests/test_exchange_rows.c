/* test_exchange_rows.c -- every Exchange message tracking event id and
 * protocol-log shape in a row without its header (the default columns of
 * 26, 27 and 30 fields), CSV quoting (commas, doubled quotes, a leading
 * space), several recipients and their statuses, IPv6, the null sender,
 * empty fields and a trailing comma.  The rows are built from Microsoft's
 * documentation of the formats, with our own names (example.com,
 * 192.0.2.x). */
#include "tests.h"

#include "exchange_rows.h"

START_TEST(row_kinds) { check_expect(cases[_i].line, cases[_i].expect); }
END_TEST

Suite *suite_exchange_rows(void)
{
    Suite *s = suite_create("exchange_rows");
    TCase *tc = tcase_create("exchange_rows");
    tcase_add_loop_test(tc, row_kinds, 0, (int)(sizeof cases / sizeof cases[0]));
    suite_add_tcase(s, tc);
    return s;
}
