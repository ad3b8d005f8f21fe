/* check_main.c -- runs every suite; shared helpers. */
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

maillog_parser *test_parser(void)
{
    maillog_parser *p = NULL;
    ck_assert_int_eq(maillog_parser_new(NULL, 0, &p), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME, TEST_REF_TIME),
                     MAILLOG_OK);
    return p;
}

const maillog_record *parse1(const char *line)
{
    static union {
        uint64_t align;
        unsigned char b[4096];
    } mem;
    static char copy[8192];
    maillog_record *r = NULL;
    maillog_parser *p = test_parser();
    size_t n = strlen(line);
    ck_assert_uint_le(maillog_record_sizeof(), sizeof mem.b);
    ck_assert_int_eq(maillog_record_init(mem.b, sizeof mem.b, &r), MAILLOG_OK);
    ck_assert_uint_lt(n, sizeof copy);
    memcpy(copy, line, n + 1); /* spans outlive the caller's literal scope */
    ck_assert_int_eq(maillog_parse_line(p, copy, n, r), MAILLOG_OK);
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

/* ------------------------------------------------ strict JSON checker */
typedef struct js {
    const unsigned char *s;
    size_t n, i;
    int depth;
} js;

static int ws(js *j)
{
    while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' ||
                           j->s[j->i] == '\r'))
        j->i++;
    return 1;
}
static int value(js *j);
static int string(js *j)
{
    if (j->i >= j->n || j->s[j->i] != '"')
        return 0;
    j->i++;
    while (j->i < j->n) {
        unsigned char c = j->s[j->i];
        if (c == '"') {
            j->i++;
            return 1;
        }
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            j->i++;
            if (j->i >= j->n)
                return 0;
            c = j->s[j->i];
            if (c == 'u') {
                int k;
                for (k = 1; k <= 4; k++)
                    if (j->i + (size_t)k >= j->n || !strchr("0123456789abcdefABCDEF", j->s[j->i + k]) ||
                        j->s[j->i + k] == 0)
                        return 0;
                j->i += 4;
            } else if (!strchr("\"\\/bfnrt", c) || c == 0) {
                return 0;
            }
            j->i++;
            continue;
        }
        if (c >= 0x80) { /* UTF-8 validity */
            size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
            size_t k;
            if (!len || c > 0xF4 || j->i + len > j->n)
                return 0;
            for (k = 1; k < len; k++)
                if ((j->s[j->i + k] & 0xC0) != 0x80)
                    return 0;
            if ((c == 0xE0 && j->s[j->i + 1] < 0xA0) || (c == 0xED && j->s[j->i + 1] > 0x9F) ||
                (c == 0xF0 && j->s[j->i + 1] < 0x90) || (c == 0xF4 && j->s[j->i + 1] > 0x8F))
                return 0;
            j->i += len;
            continue;
        }
        j->i++;
    }
    return 0;
}
static int number(js *j)
{
    size_t st = j->i;
    if (j->i < j->n && j->s[j->i] == '-')
        j->i++;
    if (j->i < j->n && j->s[j->i] == '0')
        j->i++;
    else if (j->i < j->n && j->s[j->i] >= '1' && j->s[j->i] <= '9')
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
            j->i++;
    else
        return 0;
    if (j->i < j->n && j->s[j->i] == '.') {
        j->i++;
        if (!(j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9'))
            return 0;
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
            j->i++;
    }
    return j->i > st;
}
static int lit(js *j, const char *w)
{
    size_t n = strlen(w);
    if (j->n - j->i < n || memcmp(j->s + j->i, w, n) != 0)
        return 0;
    j->i += n;
    return 1;
}
static int container(js *j, char open, char close, int obj)
{
    j->i++;
    if (++j->depth > 64)
        return 0;
    ws(j);
    if (j->i < j->n && j->s[j->i] == (unsigned char)close) {
        j->i++;
        j->depth--;
        return 1;
    }
    (void)open;
    for (;;) {
        ws(j);
        if (obj) {
            if (!string(j))
                return 0;
            ws(j);
            if (j->i >= j->n || j->s[j->i] != ':')
                return 0;
            j->i++;
        }
        if (!value(j))
            return 0;
        ws(j);
        if (j->i < j->n && j->s[j->i] == ',') {
            j->i++;
            continue;
        }
        if (j->i < j->n && j->s[j->i] == (unsigned char)close) {
            j->i++;
            j->depth--;
            return 1;
        }
        return 0;
    }
}
static int value(js *j)
{
    ws(j);
    if (j->i >= j->n)
        return 0;
    switch (j->s[j->i]) {
    case '{': return container(j, '{', '}', 1);
    case '[': return container(j, '[', ']', 0);
    case '"': return string(j);
    case 't': return lit(j, "true");
    case 'f': return lit(j, "false");
    case 'n': return lit(j, "null");
    default: return number(j);
    }
}
int json_valid(const char *s, size_t len)
{
    js j = {(const unsigned char *)s, len, 0, 0};
    if (!value(&j))
        return 0;
    ws(&j);
    return j.i == j.n;
}

int main(void)
{
    int failed;
    SRunner *sr = srunner_create(suite_api());
    srunner_add_suite(sr, suite_envelope());
    srunner_add_suite(sr, suite_postfix());
    srunner_add_suite(sr, suite_stream());
    srunner_add_suite(sr, suite_json());
    srunner_add_suite(sr, suite_golden());
#ifndef ML_NO_CORRELATE
    srunner_add_suite(sr, suite_correlate());
#endif
#ifndef ML_TEST_PUBLIC_ONLY
    srunner_add_suite(sr, suite_scan());
#endif
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
