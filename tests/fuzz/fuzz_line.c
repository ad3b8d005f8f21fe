/* fuzz_line.c -- one-line parse: the first byte picks options; the rest is
 * the line.  Every span must lie inside the line (an attribute's key may be a
 * column's name instead), the record's line must
 * be the input, and the JSON must be valid; packed and unpacked, the record
 * gives the same JSON. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static maillog_parser *p;
    static maillog_record *r, *back;
    static unsigned char *packed;
    size_t need, k2n;
    char *json2;
    const char *line = (const char *)data + 1, *lp;
    size_t n, len, i, k;
    uint32_t cur = 0;
    int f;
    char *json;
    if (size < 1)
        return 0;
    if (!p) {
        FUZZ_CHECK(maillog_parser_new(NULL, 1024, &p) == MAILLOG_OK);
        FUZZ_CHECK(maillog_record_new(NULL, &r) == MAILLOG_OK);
        FUZZ_CHECK(maillog_record_new(NULL, &back) == MAILLOG_OK);
        FUZZ_CHECK((packed = malloc(maillog_record_sizeof() + 1)) != NULL);
    }
    maillog_parser_reset(p);
    maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME, 1795953600LL);
    maillog_parser_set_option(p, MAILLOG_OPT_DIALECT, data[0] & 1 ? MAILLOG_MTA_POSTFIX : 0);
    maillog_parser_set_option(p, MAILLOG_OPT_DEFAULT_OFFSET, ((int)(data[0] >> 1) - 64) * 900);
    n = size - 1;
    FUZZ_CHECK(maillog_parser_parse_line(p, line, n, r) == MAILLOG_OK);
    lp = maillog_record_line(r, &len);
    FUZZ_CHECK(lp == line);
    /* the caller's line is kept whole, longer than max_line (1024) too */
    k = n;
    if (k && line[k - 1] == '\n')
        k--;
    if (k && line[k - 1] == '\r')
        k--;
    FUZZ_CHECK(len == k && !(maillog_record_flags(r) & MAILLOG_REC_TRUNCATED));
    for (f = 0; f < MAILLOG_F_COUNT; f++) {
        uint32_t off, l;
        if (maillog_record_span(r, f, &off, &l) == 1)
            FUZZ_CHECK((size_t)off + l <= len);
    }
    for (i = 0; i <= len; i++) { /* the iterator ends, inside the line */
        const char *k2, *v;
        size_t kn, vn;
        if (maillog_record_attr_next(r, &cur, &k2, &kn, &v, &vn) != 1)
            break;
        /* a value is a span of the line; a key too, or a name the
         * dialect gives (Exchange's columns, hMailServer's "thread"),
         * which must be readable text */
        FUZZ_CHECK(v >= lp && v + vn <= lp + len && kn > 0);
        if (!(k2 >= lp && k2 + kn <= lp + len))
            FUZZ_CHECK((maillog_record_mta(r) == MAILLOG_MTA_EXCHANGE ||
                        maillog_record_mta(r) == MAILLOG_MTA_HMAILSERVER ||
                        maillog_record_mta(r) == MAILLOG_MTA_MAILENABLE) &&
                       kn < 1024 && memchr(k2, '\0', kn) == NULL);
    }
    FUZZ_CHECK(i <= len);
    json = fuzz_json(r, &k);
    need = maillog_record_pack(r, packed + 1, maillog_record_sizeof()); /* unaligned */
    FUZZ_CHECK(need > 0 && need <= maillog_record_sizeof());
    FUZZ_CHECK(maillog_record_unpack(back, packed + 1, lp) == need);
    FUZZ_CHECK(maillog_record_reason(back) == maillog_record_reason(r));
    json2 = fuzz_json(back, &k2n);
    FUZZ_CHECK(k2n == k && memcmp(json, json2, k) == 0);
    free(json2);
    free(json);
    return 0;
}
