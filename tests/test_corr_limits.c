/* test_corr_limits.c -- the correlator's bounds: entry counts, memory,
 * spare entries, idle time in log time, stops asked by callbacks, and
 * allocation failures at every point, on hostile streams of never-ending
 * queue ids. */
#include "corr_collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Counting allocator: live bytes, peak, and an optional failure point. */
typedef struct counting {
    size_t live, peak, allocs, frees;
    long fail_at; /* fail the allocation with this index; -1 never */
} counting;

static void *c_alloc(void *ctx, size_t n)
{
    counting *c = ctx;
    size_t *p;
    if (c->fail_at >= 0 && (long)c->allocs == c->fail_at) {
        c->allocs++;
        return NULL;
    }
    c->allocs++;
    p = malloc(n + 16);
    if (!p)
        return NULL;
    p[0] = n;
    c->live += n;
    if (c->live > c->peak)
        c->peak = c->live;
    return (char *)p + 16;
}

static void c_free(void *ctx, void *ptr)
{
    counting *c = ctx;
    size_t *p;
    if (!ptr)
        return;
    p = (size_t *)((char *)ptr - 16);
    c->live -= p[0];
    c->frees++;
    free(p);
}

/* A correlator on the counting allocator, with a parser, a record and the
 * collected output: opened, then closed with a check that nothing leaked. */
typedef struct counted_run {
    counting cnt;
    maillog_allocator a;
    maillog_corr *c;
    maillog_parser *p;
    maillog_record *r;
    collect out;
} counted_run;

static void counted_open(counted_run *t)
{
    memset(t, 0, sizeof *t);
    t->cnt.fail_at = -1;
    t->a.alloc = c_alloc;
    t->a.free = c_free;
    t->a.ctx = &t->cnt;
    t->out.light = 1;
    t->p = test_parser();
    ck_assert_int_eq(maillog_record_new(NULL, &t->r), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_new(&t->a, &t->c), MAILLOG_OK);
    maillog_corr_set_callbacks(t->c, corr_on_msg, corr_on_ses, &t->out);
}

static void counted_close(counted_run *t)
{
    maillog_corr_free(t->c);
    ck_assert_uint_eq(t->cnt.live, 0); /* nothing leaked */
    ck_assert_uint_eq(t->cnt.allocs, t->cnt.frees);
    maillog_record_free(t->r, NULL);
    maillog_parser_free(t->p);
}

/* A hostile stream: n queue ids that never finish, one second apart. */
static void hostile(maillog_corr *c, maillog_parser *p, maillog_record *r, long n)
{
    char line[256];
    long i;
    for (i = 0; i < n; i++) {
        int len = snprintf(line, sizeof line,
                           "Nov 28 %02ld:%02ld:%02ld mx1 postfix/qmgr[1]: %010lX: from=<s%ld@example.org>, "
                           "size=100, nrcpt=1 (queue active)",
                           10 + i / 3600 % 12, i / 60 % 60, i % 60, (unsigned long)(0x1000000 + i), i);
        int rc;
        ck_assert_int_eq(maillog_parser_parse_line(p, line, (size_t)len, r), MAILLOG_OK);
        rc = maillog_corr_add(c, r);
        ck_assert_int_eq(rc, MAILLOG_OK);
    }
}

/* A million queue ids; MAILLOG_TEST_HOSTILE lowers it for slow runs
 * (valgrind), never below 20000. */
static long hostile_count(void)
{
    const char *e = getenv("MAILLOG_TEST_HOSTILE");
    long n = e ? atol(e) : 1000000;
    return n < 20000 ? 20000 : n;
}

START_TEST(count_limit_evicts_and_loses_nothing)
{
    maillog_corr *c = NULL;
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    collect out;
    uint64_t open, emitted;
    memset(&out, 0, sizeof out);
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_set_limit(c, MAILLOG_CORR_MAX_MESSAGES, 1000), MAILLOG_OK);
    maillog_corr_set_callbacks(c, corr_on_msg, corr_on_ses, &out);
    hostile(c, p, r, 20000);
    maillog_corr_counter(c, MAILLOG_CORR_CTR_OPEN, &open);
    ck_assert_uint_eq(open, 1000);
    ck_assert_uint_eq(out.evicted, 19000);
    ck_assert_int_eq(maillog_corr_finish(c), MAILLOG_OK);
    maillog_corr_counter(c, MAILLOG_CORR_CTR_MESSAGES, &emitted);
    ck_assert_uint_eq(emitted, 20000); /* every message came out */
    ck_assert_uint_eq(out.messages, 20000);
    ck_assert_uint_eq(out.incomplete, 20000);
    maillog_corr_free(c);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

START_TEST(memory_limit_holds)
{
    counted_run t;
    const size_t limit = 1 << 20;
    counted_open(&t);
    maillog_corr_set_limit(t.c, MAILLOG_CORR_MAX_MESSAGES, 0);
    ck_assert_int_eq(maillog_corr_set_limit(t.c, MAILLOG_CORR_MAX_MEMORY, (int64_t)limit),
                     MAILLOG_OK);
    hostile(t.c, t.p, t.r, hostile_count());
    /* The limit is checked after each record: one entry (about 1 KB) and
     * one index growth may stand over it for the length of a record. */
    ck_assert_msg(t.cnt.peak <= limit + 64 * 1024, "peak %zu over limit %zu", t.cnt.peak, limit);
    ck_assert_uint_gt(t.out.evicted, (size_t)hostile_count() - 10000);
    maillog_corr_finish(t.c);
    ck_assert_uint_eq(t.out.messages, (size_t)hostile_count()); /* every one came out */
    counted_close(&t);
}
END_TEST

/* Messages that come and go one after another: their entries and second
 * arena blocks are reused, and the freed ones kept for reuse stay within
 * ML_CORR_SPARES of each kind (8 messages, 8 sessions and 8 blocks, under
 * 20 KiB), uncounted by the memory counter, and are released by
 * maillog_corr_free. */
START_TEST(spare_entries_bounded_and_released)
{
    counted_run t;
    uint64_t mem;
    size_t handle, spares;
    long i;
    char sender[700];
    /* a sender this long takes every message past its first arena block,
     * into a block of the size that is kept spare */
    memset(sender, 'x', 600);
    memcpy(sender + 600, "@example.org", 13);
    counted_open(&t);
    maillog_corr_counter(t.c, MAILLOG_CORR_CTR_MEMORY, &mem);
    handle = t.cnt.live - (size_t)mem; /* the handle itself: not counted */
    /* batches of 50 open together, then finish together: without a cap,
     * every one of them would be kept */
    for (i = 0; i < 3000 * 6; i++) {
        /* program, then the text after the queue id (none: no queue id) */
        static const char *const kinds[][2] = {
            {"smtpd", NULL},
            {"smtpd", "client=a.example[192.0.2.1]"},
            {"qmgr", "from="}, /* the long sender's line */
            {"smtp", "to=<t@example.net>, relay=b.example[192.0.2.2]:25, delay=1, "
                     "delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok)"},
            {"qmgr", "removed"},
            {"smtpd", NULL}};
        long batch = i / 300, phase = i % 300 / 150, id = batch * 50 + i % 50;
        size_t k = (size_t)(phase * 3 + i % 150 / 50);
        char line[1024];
        int len = snprintf(line, sizeof line, "Nov 28 %02ld:%02ld:%02ld mx1 postfix/%s[%ld]: ",
                           10 + id / 3600 % 12, id / 60 % 60, id % 60, kinds[k][0],
                           kinds[k][0][4] == 'd' ? 10000 + id : 1); /* a session per smtpd */
        if (kinds[k][1]) {
            len += snprintf(line + len, sizeof line - (size_t)len, "%010lX: ",
                            (unsigned long)(0x1000000 + id));
            if (k == 2)
                len += snprintf(line + len, sizeof line - (size_t)len,
                                "from=<%s>, size=100, nrcpt=1 (queue active)", sender);
            else
                len += snprintf(line + len, sizeof line - (size_t)len, "%s", kinds[k][1]);
        } else {
            len += snprintf(line + len, sizeof line - (size_t)len, "%s from a.example[192.0.2.1]",
                            k == 0 ? "connect" : "disconnect");
        }
        ck_assert(len > 0 && (size_t)len < sizeof line);
        ck_assert_int_eq(maillog_parser_parse_line(t.p, line, (size_t)len, t.r), MAILLOG_OK);
        ck_assert_int_eq(maillog_corr_add(t.c, t.r), MAILLOG_OK);
    }
    ck_assert_int_eq(maillog_corr_finish(t.c), MAILLOG_OK);
    ck_assert_uint_eq(t.out.messages, 3000);
    ck_assert_uint_eq(t.out.sessions, 3000);
    /* 6000 entries and 3000 second blocks: each batch after the first
     * reused 8 entries of each kind and 8 blocks */
    ck_assert_uint_lt(t.cnt.allocs, 9000 - 59 * 24 + 200);
    maillog_corr_counter(t.c, MAILLOG_CORR_CTR_MEMORY, &mem);
    spares = t.cnt.live - handle - (size_t)mem;
    ck_assert_uint_gt(spares, 12 * 1024); /* entries (11.5 KiB) and blocks */
    ck_assert_uint_le(spares, 20 * 1024);
    counted_close(&t);
}
END_TEST

START_TEST(idle_limit_uses_log_time)
{
    maillog_corr *c = NULL;
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    collect out;
    memset(&out, 0, sizeof out);
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    maillog_corr_set_limit(c, MAILLOG_CORR_MAX_IDLE, 30);
    maillog_corr_set_callbacks(c, corr_on_msg, corr_on_ses, &out);
    hostile(c, p, r, 100); /* one second apart: at most 31 stay open */
    {
        uint64_t open;
        maillog_corr_counter(c, MAILLOG_CORR_CTR_OPEN, &open);
        ck_assert_uint_le(open, 31);
        ck_assert_uint_ge(open, 30);
    }
    ck_assert_uint_ge(out.evicted, 69);
    maillog_corr_free(c);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

START_TEST(callback_can_stop)
{
    maillog_corr *c = NULL;
    collect out;
    memset(&out, 0, sizeof out);
    out.stop_every = 3;
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    corr_run_file("correlate-cases", c, &out); /* corr_run_file resumes after stops */
    ck_assert_uint_eq(out.messages, 12); /* as in correlate-cases.messages.ndjson */
    ck_assert_uint_eq(out.sessions, 7);
    maillog_corr_free(c);
}
END_TEST

/* Fail the Nth allocation for every N: each add reports NOMEM or works,
 * the handle stays usable, and freeing it leaks nothing. */
START_TEST(allocation_failures_leak_nothing)
{
    long n;
    for (n = 0; n < 400; n++) {
        counting cnt = {0, 0, 0, 0, n};
        maillog_allocator a = {c_alloc, c_free, &cnt};
        maillog_corr *c = NULL;
        collect out;
        size_t len, pos = 0;
        char *in = read_file("data/correlate-cases.log", &len);
        maillog_parser *p = test_parser();
        maillog_record *r = NULL;
        memset(&out, 0, sizeof out);
        ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
        if (maillog_corr_new(&a, &c) != MAILLOG_OK) {
            ck_assert_ptr_null(c);
        } else {
            maillog_corr_set_limit(c, MAILLOG_CORR_KEEP_LINES, 1);
            maillog_corr_set_callbacks(c, corr_on_msg, corr_on_ses, &out);
            while (pos < len) {
                char *nl = memchr(in + pos, '\n', len - pos);
                size_t k = nl ? (size_t)(nl - (in + pos)) : len - pos;
                int rc;
                maillog_parser_parse_line(p, in + pos, k, r);
                rc = maillog_corr_add(c, r);
                ck_assert(rc == MAILLOG_OK || rc == MAILLOG_E_NOMEM);
                pos += k + 1;
            }
            maillog_corr_finish(c);
            maillog_corr_free(c);
        }
        ck_assert_msg(cnt.live == 0, "fail at %ld: %zu bytes leaked", n, cnt.live);
        maillog_record_free(r, NULL);
        maillog_parser_free(p);
        free(in);
    }
}
END_TEST

Suite *suite_corr_limits(void)
{
    Suite *s = suite_create("corr_limits");
    TCase *tc = tcase_create("corr_limits");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, count_limit_evicts_and_loses_nothing);
    tcase_add_test(tc, memory_limit_holds);
    tcase_add_test(tc, spare_entries_bounded_and_released);
    tcase_add_test(tc, idle_limit_uses_log_time);
    tcase_add_test(tc, callback_can_stop);
    tcase_add_test(tc, allocation_failures_leak_nothing);
    suite_add_tcase(s, tc);
    return s;
}
