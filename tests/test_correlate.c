/* test_correlate.c -- the correlation module: golden messages and sessions
 * of real and constructed logs, accessors, limits under a hostile stream,
 * stopping, and allocation failures. */
#include "tests.h"

#include <maillog_correlate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct collect {
    textbuf t;
    int keep_text;
    int light; /* count only: the hostile streams emit a million messages */
    size_t messages, sessions, evicted, incomplete;
    int stop_every;
} collect;

static void add_text(collect *c, const char *s, size_t n)
{
    textbuf_add(&c->t, s, n);
    textbuf_add(&c->t, "\n", 1);
}

static char json[1 << 18];

static int on_msg(void *u, const maillog_message *m)
{
    collect *c = u;
    size_t n;
    if (!c->light) {
        ck_assert_int_eq(maillog_message_to_json(m, json, sizeof json, &n), MAILLOG_OK);
        ck_assert(json_valid(json, n));
        if (c->keep_text)
            add_text(c, json, n);
    }
    c->messages++;
    if (maillog_message_flags(m) & MAILLOG_MSG_EVICTED)
        c->evicted++;
    if (!(maillog_message_flags(m) & MAILLOG_MSG_COMPLETE))
        c->incomplete++;
    return c->stop_every && (c->messages % (size_t)c->stop_every) == 0;
}

static int on_ses(void *u, const maillog_session *s)
{
    collect *c = u;
    size_t n;
    ck_assert_int_eq(maillog_session_to_json(s, json, sizeof json, &n), MAILLOG_OK);
    ck_assert(json_valid(json, n));
    if (c->keep_text)
        add_text(c, json, n);
    c->sessions++;
    return 0;
}

/* Parse a file line by line and correlate it. */
static void run_file(const char *name, maillog_corr *corr, collect *out)
{
    size_t len, pos = 0;
    char path[128], *in;
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    snprintf(path, sizeof path, "data/%s.log", name);
    in = read_file(path, &len);
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    maillog_corr_set_callbacks(corr, on_msg, on_ses, out);
    while (pos < len) {
        char *nl = memchr(in + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (in + pos)) : len - pos;
        int rc;
        ck_assert_int_eq(maillog_parser_parse_line(p, in + pos, n, r), MAILLOG_OK);
        rc = maillog_corr_add(corr, r);
        ck_assert(rc == MAILLOG_OK || rc == MAILLOG_STOPPED);
        pos += n + 1;
    }
    while (maillog_corr_finish(corr) == MAILLOG_STOPPED)
        ;
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
    free(in);
}

static const char *const stories[] = {"postfix-loopback", "correlate-cases"};

START_TEST(golden_messages_and_sessions)
{
    maillog_corr *c = NULL;
    collect out;
    char path[128], *exp;
    size_t exp_len;
    memset(&out, 0, sizeof out);
    out.keep_text = 1;
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    run_file(stories[_i], c, &out);
    snprintf(path, sizeof path, "data/%s.messages.ndjson", stories[_i]);
    exp = read_file(path, &exp_len);
    ck_assert_ptr_nonnull(out.t.buf);
    if (strcmp(out.t.buf, exp) != 0) {
        /* point at the first differing line */
        size_t k = 0, line = 1;
        while (out.t.buf[k] && out.t.buf[k] == exp[k]) {
            if (exp[k] == '\n')
                line++;
            k++;
        }
        ck_abort_msg("%s: messages differ from golden at line %zu", stories[_i], line);
    }
    maillog_corr_free(c);
    free(out.t.buf);
    free(exp);
}
END_TEST

/* Find a message by queue id and host in a run and check its accessors. */
typedef struct probe {
    const char *qid, *host;
    int found;
    int32_t end;
    uint32_t flags, nrcpt, nchild;
    int64_t attempts0;
    char parent[32], child0[32], first_reply0[128], reply0[128];
} probe;

static void copy_out(char *dst, size_t cap, const char *p, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, p, n);
    dst[n] = '\0';
}

static int on_probe(void *u, const maillog_message *m)
{
    probe *pr = u;
    const char *p;
    size_t n;
    if (maillog_message_field(m, MAILLOG_M_QUEUE_ID, &p, &n) != 1 || strlen(pr->qid) != n ||
        memcmp(p, pr->qid, n) != 0)
        return 0;
    if (maillog_message_field(m, MAILLOG_M_HOST, &p, &n) != 1 || strlen(pr->host) != n ||
        memcmp(p, pr->host, n) != 0)
        return 0;
    if (pr->found++) /* the first one of a reused id */
        return 0;
    pr->end = maillog_message_end(m);
    pr->flags = maillog_message_flags(m);
    pr->nrcpt = maillog_message_recipient_count(m);
    pr->nchild = maillog_message_child_count(m);
    if (maillog_message_field(m, MAILLOG_M_PARENT, &p, &n) == 1)
        copy_out(pr->parent, sizeof pr->parent, p, n);
    if (pr->nchild && maillog_message_child(m, 0, &p, &n) == 1)
        copy_out(pr->child0, sizeof pr->child0, p, n);
    if (pr->nrcpt) {
        maillog_message_recipient_number(m, 0, MAILLOG_RN_ATTEMPTS, &pr->attempts0);
        if (maillog_message_recipient_field(m, 0, MAILLOG_R_FIRST_REPLY, &p, &n) == 1)
            copy_out(pr->first_reply0, sizeof pr->first_reply0, p, n);
        if (maillog_message_recipient_field(m, 0, MAILLOG_R_REPLY, &p, &n) == 1)
            copy_out(pr->reply0, sizeof pr->reply0, p, n);
    }
    ck_assert_int_eq(maillog_message_field(m, MAILLOG_M_COUNT, &p, &n), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_message_recipient_field(m, pr->nrcpt, MAILLOG_R_TO, &p, &n),
                     MAILLOG_E_INVAL);
    return 0;
}

static probe run_probe(const char *file, const char *qid, const char *host)
{
    maillog_corr *c = NULL;
    probe pr;
    memset(&pr, 0, sizeof pr);
    pr.qid = qid;
    pr.host = host;
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    {
        size_t len, pos = 0;
        char path[128], *in;
        maillog_parser *p = test_parser();
        maillog_record *r = NULL;
        snprintf(path, sizeof path, "data/%s.log", file);
        in = read_file(path, &len);
        ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
        maillog_corr_set_callbacks(c, on_probe, NULL, &pr);
        while (pos < len) {
            char *nl = memchr(in + pos, '\n', len - pos);
            size_t n = nl ? (size_t)(nl - (in + pos)) : len - pos;
            maillog_parser_parse_line(p, in + pos, n, r);
            maillog_corr_add(c, r);
            pos += n + 1;
        }
        maillog_corr_finish(c);
        maillog_record_free(r, NULL);
        maillog_parser_free(p);
        free(in);
    }
    maillog_corr_free(c);
    return pr;
}

START_TEST(scenarios_through_accessors)
{
    probe p = run_probe("correlate-cases", "1A0000000A", "mx1");
    ck_assert_int_eq(p.found, 2); /* the id is reused */
    ck_assert_int_eq(p.end, MAILLOG_END_REMOVED);
    ck_assert(p.flags & MAILLOG_MSG_COMPLETE);
    ck_assert_int_eq(p.attempts0, 3);
    ck_assert(strstr(p.first_reply0, "Greylisted") != NULL);
    ck_assert(strstr(p.reply0, "queued as REMOTE123") != NULL);
    ck_assert_int_eq(p.nchild, 0); /* a remote queue id is not a hand-off */

    p = run_probe("correlate-cases", "2B0000000B", "mx1");
    ck_assert_int_eq(p.nrcpt, 2); /* the delivery logged after "removed" */

    p = run_probe("correlate-cases", "5E0000000E", "mx1");
    ck_assert_str_eq(p.parent, "4D0000000D"); /* across instances */
    ck_assert(!(p.flags & MAILLOG_MSG_COMPLETE)); /* cut at end of input */

    p = run_probe("correlate-cases", "3C0000000C", "mx1");
    ck_assert_int_eq(p.end, MAILLOG_END_REJECTED);
    p = run_probe("correlate-cases", "3C0000000C", "mx2");
    ck_assert_int_eq(p.end, MAILLOG_END_REMOVED);

    p = run_probe("correlate-cases", "8B0000001B", "mx1");
    ck_assert(p.flags & MAILLOG_MSG_BOUNCE);
    ck_assert_str_eq(p.parent, "7A0000001A");
    p = run_probe("correlate-cases", "7A0000001A", "mx1");
    ck_assert_int_eq(p.end, MAILLOG_END_EXPIRED);
    ck_assert_str_eq(p.child0, "8B0000001B");
    p = run_probe("correlate-cases", "6F0000000F", "mx1");
    ck_assert_int_eq(p.end, MAILLOG_END_HELD);
    p = run_probe("correlate-cases", "9C0000001C", "mx1"); /* local(8) forwarding */
    ck_assert_str_eq(p.child0, "AD0000001D");
    p = run_probe("correlate-cases", "AD0000001D", "mx1");
    ck_assert_str_eq(p.parent, "9C0000001C");
}
END_TEST

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
    maillog_corr_set_callbacks(t->c, on_msg, on_ses, &t->out);
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
    maillog_corr_set_callbacks(c, on_msg, on_ses, &out);
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
    maillog_corr_set_callbacks(c, on_msg, on_ses, &out);
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
    run_file("correlate-cases", c, &out); /* run_file resumes after stops */
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
            maillog_corr_set_callbacks(c, on_msg, on_ses, &out);
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

/* Found by CI's fuzz run: a message finished at a negative log time
 * (year 1013) was taken for unfinished, freed while still on the list of
 * finished entries, and read after free. */
START_TEST(negative_times_are_times)
{
    static const char *const lines[] = {
        "1013-07-25T14:32:10Z mx1 postfix/qmgr[99]: ABCDEF1: from=<a@b>, size=1, nrcpt=1 (queue active)",
        "1013-07-25T14:32:10Z mx1 postfix/qmgr[99]: ABCDEF1: removed",
        "1013-07-25T14:32:11Z mx1 postfix/qmgr[99]: ABCDEF2: from=<a@b>, size=1, nrcpt=1 (queue active)",
        "1013-07-25T14:32:12Z mx1 postfix/qmgr[99]: ABCDEF3: from=<a@b>, size=1, nrcpt=1 (queue active)",
        "1013-07-25T14:32:30Z mx1 postfix/qmgr[99]: ABCDEF2: removed",
    };
    maillog_corr *c = NULL;
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    collect out;
    size_t i;
    memset(&out, 0, sizeof out);
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    maillog_corr_set_limit(c, MAILLOG_CORR_MAX_MESSAGES, 1);
    maillog_corr_set_callbacks(c, on_msg, on_ses, &out);
    for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        ck_assert_int_eq(maillog_parser_parse_line(p, lines[i], strlen(lines[i]), r), MAILLOG_OK);
        ck_assert_int_eq(maillog_corr_add(c, r), MAILLOG_OK);
    }
    ck_assert_int_eq(maillog_corr_finish(c), MAILLOG_OK);
    ck_assert_uint_eq(out.messages, 4); /* ABCDEF1, 3 evicted, 2, and 2's late start */
    ck_assert_uint_ge(out.messages - out.incomplete, 1);
    maillog_corr_free(c);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

START_TEST(corr_api_contract)
{
    maillog_corr *c = NULL;
    uint64_t v;
    ck_assert_int_eq(maillog_corr_new(NULL, NULL), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_set_limit(c, 99, 1), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_corr_set_limit(c, MAILLOG_CORR_MAX_IDLE, -1), MAILLOG_E_RANGE);
    ck_assert_int_eq(maillog_corr_set_limit(c, MAILLOG_CORR_KEEP_LINES, 2), MAILLOG_E_RANGE);
    ck_assert_int_eq(maillog_corr_counter(c, MAILLOG_CORR_CTR_COUNT, &v), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_corr_add(c, NULL), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_corr_finish(c), MAILLOG_OK);
    ck_assert_str_eq(maillog_end_name(MAILLOG_END_EXPIRED), "expired");
    ck_assert_str_eq(maillog_end_name(99), "");
    maillog_corr_free(c);
    maillog_corr_free(NULL);
}
END_TEST

#ifndef ML_TEST_PUBLIC_ONLY
#include "corr/corr.h"

/* The memo of the last message named against looking every line up: a
 * random log of two hosts, two instances and a few queue ids reused all
 * the time (hand-offs, bounces, removals, arrivals again) gives the same
 * messages and sessions both ways. */
START_TEST(memo_matches_lookup)
{
    static const char *const progs[] = {"postfix/smtpd", "postfix-out/smtp", "postfix/qmgr",
                                        "postfix/cleanup", "postfix-out/qmgr", "postfix/smtp",
                                        "postfix/local", "postfix/bounce", "mx/smtpd"};
    static const char *const ids[] = {"ABCDEF01", "ABCDEF02", "4F1A2B3C4D", "ABCDEF03"};
    maillog_parser *p = test_parser();
    maillog_corr *a, *b;
    collect ca, cb;
    maillog_record *r = NULL;
    uint32_t seed = 3, t = 0;
    char line[400], body[300];
    int i;
    memset(&ca, 0, sizeof ca);
    memset(&cb, 0, sizeof cb);
    ca.keep_text = cb.keep_text = 1;
    ck_assert_int_eq(maillog_corr_new(NULL, &a), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_new(NULL, &b), MAILLOG_OK);
    ml_corr_no_memo(b);
    maillog_corr_set_callbacks(a, on_msg, on_ses, &ca);
    maillog_corr_set_callbacks(b, on_msg, on_ses, &cb);
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    for (i = 0; i < 20000; i++) {
        uint32_t x[6], k;
        const char *id, *id2;
        int n;
        for (k = 0; k < 6; k++) {
            seed = seed * 1103515245u + 12345u;
            x[k] = seed >> 8;
        }
        t += (uint32_t[]){0, 0, 0, 1, 30, 400}[x[0] % 6];
        id = ids[x[1] % 4];
        id2 = ids[(x[1] >> 4) % 4];
        n = (int)(x[3] % 9);
        switch (x[2] % 10) {
        case 0: snprintf(body, sizeof body, "%s: client=h%d.example[192.0.2.%d]", id, n, n); break;
        case 1: snprintf(body, sizeof body, "%s: message-id=<%d@x>", id, n); break;
        case 2:
            snprintf(body, sizeof body, "%s: from=<s%d@x>, size=%d, nrcpt=2 (queue active)", id, n, n);
            break;
        case 3: /* a local hand-off: the next hop's id may be any, this one too */
            snprintf(body, sizeof body,
                     "%s: to=<r%d@y>, relay=127.0.0.1[127.0.0.1]:10025, delay=1, "
                     "delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok queued as %s)", id, n, id2);
            break;
        case 4:
            snprintf(body, sizeof body,
                     "%s: to=<r%d@y>, orig_to=<o%d@y>, relay=local, delay=1, delays=0/0/0/1, "
                     "dsn=2.0.0, status=sent (delivered)", id, n, n);
            break;
        case 5:
            snprintf(body, sizeof body,
                     "%s: to=<r%d@y>, relay=y[192.0.2.%d]:25, delay=1, delays=0/0/0/1, "
                     "dsn=4.0.0, status=deferred (later)", id, n, n);
            break;
        case 6: snprintf(body, sizeof body, "%s: removed", id); break;
        case 7: snprintf(body, sizeof body, "%s: sender non-delivery notification: %s", id, id2); break;
        case 8: snprintf(body, sizeof body, "connect from h%d[192.0.2.%d]", n, n); break;
        default: snprintf(body, sizeof body, "disconnect from h%d[192.0.2.%d] commands=1", n, n); break;
        }
        snprintf(line, sizeof line, "Nov %2u %02u:%02u:%02u mx%u %s[%u]: %s", 1 + t / 86400 % 28,
                 t / 3600 % 24, t / 60 % 60, t % 60, 1 + x[4] % 2,
                 progs[x[5] % (sizeof progs / sizeof progs[0])], 1 + (x[5] >> 8) % 5, body);
        ck_assert_int_eq(maillog_parser_parse_line(p, line, strlen(line), r), MAILLOG_OK);
        ck_assert_int_eq(maillog_corr_add(a, r), MAILLOG_OK);
        ck_assert_int_eq(maillog_corr_add(b, r), MAILLOG_OK);
    }
    ck_assert_int_eq(maillog_corr_finish(a), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_finish(b), MAILLOG_OK);
    ck_assert_uint_gt(ca.messages, 1000);
    ck_assert_uint_eq(ca.messages, cb.messages);
    ck_assert_uint_eq(ca.sessions, cb.sessions);
    ck_assert(ca.t.len == cb.t.len && memcmp(ca.t.buf, cb.t.buf, ca.t.len) == 0);
    free(ca.t.buf);
    free(cb.t.buf);
    maillog_record_free(r, NULL);
    maillog_corr_free(a);
    maillog_corr_free(b);
    maillog_parser_free(p);
}
END_TEST
#endif

Suite *suite_correlate(void)
{
    Suite *s = suite_create("correlate");
    TCase *tc = tcase_create("correlate");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, golden_messages_and_sessions, 0, 2);
    tcase_add_test(tc, scenarios_through_accessors);
    tcase_add_test(tc, count_limit_evicts_and_loses_nothing);
    tcase_add_test(tc, memory_limit_holds);
    tcase_add_test(tc, spare_entries_bounded_and_released);
    tcase_add_test(tc, idle_limit_uses_log_time);
    tcase_add_test(tc, callback_can_stop);
    tcase_add_test(tc, allocation_failures_leak_nothing);
    tcase_add_test(tc, negative_times_are_times);
    tcase_add_test(tc, corr_api_contract);
#ifndef ML_TEST_PUBLIC_ONLY
    tcase_add_test(tc, memo_matches_lookup);
#endif
    suite_add_tcase(s, tc);
    return s;
}
