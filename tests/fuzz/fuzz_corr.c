/* fuzz_corr.c -- the correlator with tiny limits so every eviction path
 * runs: the first byte picks the limits, the rest is a log.  Every message
 * and session must give valid JSON, and freeing must release every byte
 * the module took (a counting allocator checks). */
#include "fuzz.h"

#include <maillog_correlate.h>

typedef struct counting {
    size_t live;
} counting;

static void *c_alloc(void *ctx, size_t n)
{
    size_t *p = malloc(n + 16);
    if (!p)
        return NULL;
    p[0] = n;
    ((counting *)ctx)->live += n;
    return (char *)p + 16;
}

static void c_free(void *ctx, void *ptr)
{
    size_t *p = (size_t *)((char *)ptr - 16);
    ((counting *)ctx)->live -= p[0];
    free(p);
}

static size_t emitted;

static int on_msg(void *u, const maillog_message *m)
{
    size_t need = 0;
    char *buf;
    (void)u;
    FUZZ_CHECK(maillog_message_to_json(m, NULL, 0, &need) == MAILLOG_E_NOSPC);
    buf = malloc(need + 1);
    FUZZ_CHECK(buf && maillog_message_to_json(m, buf, need + 1, NULL) == MAILLOG_OK);
    FUZZ_CHECK(json_valid(buf, need));
    free(buf);
    emitted++;
    return 0;
}

static int on_ses(void *u, const maillog_session *s)
{
    size_t need = 0;
    char *buf;
    (void)u;
    FUZZ_CHECK(maillog_session_to_json(s, NULL, 0, &need) == MAILLOG_E_NOSPC);
    buf = malloc(need + 1);
    FUZZ_CHECK(buf && maillog_session_to_json(s, buf, need + 1, NULL) == MAILLOG_OK);
    FUZZ_CHECK(json_valid(buf, need));
    free(buf);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    counting cnt = {0};
    maillog_allocator a = {c_alloc, c_free, &cnt};
    maillog_corr *c = NULL;
    maillog_parser *p = NULL;
    maillog_record *r = NULL;
    const char *in = (const char *)data + 1;
    size_t n, pos = 0;
    uint64_t opened;
    if (size < 1)
        return 0;
    n = size - 1;
    FUZZ_CHECK(maillog_corr_new(&a, &c) == MAILLOG_OK);
    maillog_corr_set_limit(c, MAILLOG_CORR_MAX_MESSAGES, 1 + (data[0] & 7));
    maillog_corr_set_limit(c, MAILLOG_CORR_MAX_SESSIONS, 1 + ((data[0] >> 3) & 3));
    maillog_corr_set_limit(c, MAILLOG_CORR_MAX_MEMORY, data[0] & 0x20 ? 4096 : 0);
    maillog_corr_set_limit(c, MAILLOG_CORR_MAX_IDLE, data[0] & 0x40 ? 5 : 0);
    maillog_corr_set_limit(c, MAILLOG_CORR_GRACE, data[0] & 0x80 ? 0 : 2);
    maillog_corr_set_limit(c, MAILLOG_CORR_KEEP_LINES, data[0] & 1);
    maillog_corr_set_callbacks(c, on_msg, on_ses, NULL);
    FUZZ_CHECK(maillog_parser_new(NULL, 0, &p) == MAILLOG_OK);
    FUZZ_CHECK(maillog_record_new(NULL, &r) == MAILLOG_OK);
    maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME, 1795953600LL);
    emitted = 0;
    while (pos < n) {
        const char *nl = memchr(in + pos, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - (in + pos)) : n - pos;
        int rc;
        maillog_parser_parse_line(p, in + pos, len, r);
        rc = maillog_corr_add(c, r);
        FUZZ_CHECK(rc == MAILLOG_OK);
        pos += len + 1;
    }
    FUZZ_CHECK(maillog_corr_finish(c) == MAILLOG_OK);
    maillog_corr_counter(c, MAILLOG_CORR_CTR_OPEN, &opened);
    FUZZ_CHECK(opened == 0);
    maillog_corr_free(c);
    FUZZ_CHECK(cnt.live == 0);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
    return 0;
}
