/* fuzz_json.c -- the JSON writer at every capacity near the needed size
 * and at a few small ones: MAILLOG_E_NOSPC reports the full length, the
 * output is always NUL-terminated, and a cut output is a prefix of the
 * whole one. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static maillog_parser *p;
    static maillog_record *r;
    size_t full_len, need, cap;
    char *full, *buf;
    if (!p) {
        FUZZ_CHECK(maillog_parser_new(NULL, 0, &p) == MAILLOG_OK);
        FUZZ_CHECK(maillog_record_new(NULL, &r) == MAILLOG_OK);
        maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME, 1795953600LL);
    }
    FUZZ_CHECK(maillog_parser_parse_line(p, (const char *)data, size, r) == MAILLOG_OK);
    full = fuzz_json(r, &full_len);
    buf = malloc(full_len + 2);
    FUZZ_CHECK(buf != NULL);
    for (cap = 1; cap <= full_len + 1; cap += cap < 8 || cap + 8 > full_len ? 1 : full_len / 7) {
        int rc = maillog_record_to_json(r, buf, cap, &need);
        FUZZ_CHECK(need == full_len);
        FUZZ_CHECK(rc == (cap > full_len ? MAILLOG_OK : MAILLOG_E_NOSPC));
        FUZZ_CHECK(strlen(buf) == (cap > full_len ? full_len : cap - 1));
        FUZZ_CHECK(memcmp(buf, full, strlen(buf)) == 0);
    }
    free(buf);
    free(full);
    return 0;
}
