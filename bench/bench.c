/* bench.c -- `make bench`: a realistic synthetic Postfix log (interleaved
 * message lifecycles, every event kind) in memory, then the median time of
 * each stage, as a ratio to a memchr-only line split of the same bytes in
 * the same run.  Options: --lines N (default 1000000), --runs N (5; 0 with
 * --write: only write the log),
 * --write FILE (save the log, e.g. for pflogsumm or callgrind), --read FILE
 * (time the stages on that log instead, e.g. gen-exchange's Exchange log;
 * --lines is then ignored), --hostile (worst-case inputs at two sizes:
 * linear time, bounded memory). */
#include <maillog.h>
#include <maillog_correlate.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p) {
            perror("bench");
            exit(1);
        }
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static unsigned long rng = 88172645463325252UL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* One message lifecycle (9-12 lines) plus occasional noise lines. */
static size_t lifecycle(buf *b, unsigned long i, unsigned long sec)
{
    char line[1024], stamp[32], qid[16];
    static const char *const mon[] = {"Nov", "Dec"};
    unsigned h = (unsigned)(sec / 3600 % 24), m = (unsigned)(sec / 60 % 60), s = (unsigned)(sec % 60);
    unsigned pid = 1000 + rnd(30000), ip3 = rnd(250), nrcpt = 1 + rnd(3), r;
    size_t lines = 0;
    int n;
#define L(...)                                                                   \
    do {                                                                         \
        n = snprintf(line, sizeof line, __VA_ARGS__);                            \
        put(b, line, (size_t)n);                                                 \
        lines++;                                                                 \
    } while (0)
    snprintf(stamp, sizeof stamp, "%s %2lu %02u:%02u:%02u", mon[sec / 86400 / 30 % 2],
             1 + sec / 86400 % 28, h, m, s);
    snprintf(qid, sizeof qid, "%05lX%04X", i & 0xFFFFF, rnd(0xFFFF));
    L("%s mx1 postfix/smtpd[%u]: connect from mail%u.example.net[198.51.100.%u]\n", stamp, pid, ip3, ip3);
    if (rnd(10) == 0) {
        L("%s mx1 postfix/smtpd[%u]: NOQUEUE: reject: RCPT from mail%u.example.net[198.51.100.%u]: 554 "
          "5.7.1 <u%u@example.org>: Relay access denied; from=<s%lu@example.net> to=<u%u@example.org> "
          "proto=ESMTP helo=<mail%u.example.net>\n",
          stamp, pid, ip3, ip3, ip3, i, ip3, ip3);
    }
    L("%s mx1 postfix/smtpd[%u]: %s: client=mail%u.example.net[198.51.100.%u]\n", stamp, pid, qid, ip3, ip3);
    L("%s mx1 postfix/cleanup[%u]: %s: message-id=<%lu.%u@mail%u.example.net>\n", stamp, pid + 1, qid, i,
      pid, ip3);
    L("%s mx1 postfix/qmgr[999]: %s: from=<sender%lu@example.net>, size=%u, nrcpt=%u (queue active)\n", stamp,
      qid, i % 5000, 1000 + rnd(90000), nrcpt);
    L("%s mx1 postfix/smtpd[%u]: disconnect from mail%u.example.net[198.51.100.%u] ehlo=1 mail=1 rcpt=%u "
      "data=1 quit=1 commands=%u\n",
      stamp, pid, ip3, ip3, nrcpt, 4 + nrcpt);
    for (r = 0; r < nrcpt; r++) {
        unsigned what = rnd(20);
        if (what < 15)
            L("%s mx1 postfix/smtp[%u]: %s: to=<rcpt%u@dest%u.example.com>, relay=mx.dest%u.example.com[203.0.113.%u]:25, "
              "delay=%u.%u, delays=0.%u/0.01/0.%u/0.%u, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as %05X%05X)\n",
              stamp, pid + 2, qid, r, ip3 % 50, ip3 % 50, ip3, rnd(5), rnd(10), rnd(10), rnd(10), rnd(10),
              rnd(0xFFFFF), rnd(0xFFFFF));
        else if (what < 18)
            L("%s mx1 postfix/smtp[%u]: %s: to=<rcpt%u@slow%u.example.com>, relay=mx.slow%u.example.com[203.0.113.%u]:25, "
              "delay=%u, delays=%u/0.02/0.5/0.3, dsn=4.7.1, status=deferred (host mx.slow%u.example.com[203.0.113.%u] "
              "said: 451 4.7.1 Greylisted, try again (in reply to RCPT TO command))\n",
              stamp, pid + 2, qid, r, ip3 % 50, ip3 % 50, ip3, rnd(900), rnd(900), ip3 % 50, ip3);
        else if (what < 19)
            L("%s mx1 postfix/local[%u]: %s: to=<user%u@mx1.example.org>, orig_to=<alias%u@example.org>, relay=local, "
              "delay=0.02, delays=0.01/0/0/0.01, dsn=2.0.0, status=sent (delivered to mailbox)\n",
              stamp, pid + 3, qid, r, r);
        else
            L("%s mx1 postfix/smtp[%u]: %s: to=<gone%u@bounce.example>, relay=mx.bounce.example[192.0.2.%u]:25, "
              "delay=1.1, delays=0.1/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx.bounce.example[192.0.2.%u] said: 550 "
              "5.1.1 <gone%u@bounce.example>: Recipient address rejected: User unknown (in reply to RCPT TO command))\n",
              stamp, pid + 2, qid, r, ip3, ip3, r);
    }
    if (rnd(25) == 0)
        L("%s mx1 postfix/bounce[%u]: %s: sender non-delivery notification: %05lX%04X\n", stamp, pid + 4, qid,
          (i + 7) & 0xFFFFF, rnd(0xFFFF));
    if (rnd(8) == 0)
        L("%s mx1 postfix/postscreen[%u]: CONNECT from [192.0.2.%u]:%u to [192.0.2.1]:25\n", stamp, pid + 5, ip3,
          1024 + rnd(60000));
    if (rnd(40) == 0)
        L("%s mx1 postfix/smtpd[%u]: warning: unknown[192.0.2.%u]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n",
          stamp, pid, ip3);
    L("%s mx1 postfix/qmgr[999]: %s: removed\n", stamp, qid);
    return lines;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long sink_events[MAILLOG_EV_COUNT];
static unsigned long sink_fields;

static int on_fields(void *u, const maillog_record *r)
{
    const char *p;
    size_t n;
    (void)u;
    sink_events[maillog_record_event(r)]++;
    if (maillog_record_field(r, MAILLOG_F_QUEUE_ID, &p, &n) == 1)
        sink_fields += n;
    return 0;
}

static char json[1 << 16];
static int on_json(void *u, const maillog_record *r)
{
    size_t n;
    (void)u;
    maillog_record_to_json(r, json, sizeof json, &n);
    sink_fields += n;
    return 0;
}

static unsigned long corr_messages; /* summed over the runs */
static uint64_t corr_max_open;
static int on_msg(void *u, const maillog_message *m)
{
    (void)u;
    corr_messages += maillog_message_recipient_count(m) + 1;
    return 0;
}

static int on_corr(void *u, const maillog_record *r)
{
    maillog_corr *c = u;
    maillog_corr_add(c, r);
    if ((maillog_record_line_number(r) & 8191) == 0) {
        uint64_t open;
        maillog_corr_counter(c, MAILLOG_CORR_CTR_OPEN, &open);
        if (open > corr_max_open)
            corr_max_open = open;
    }
    return 0;
}

static size_t memchr_split(const char *p, size_t len)
{
    size_t lines = 0;
    const char *end = p + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        lines++;
        p = nl + 1;
    }
    return lines;
}

static void feed_all(maillog_parser *p, const char *data, size_t len)
{
    size_t pos = 0;
    while (pos < len) { /* 64 KiB chunks, as a reader would */
        size_t n = len - pos < 65536 ? len - pos : 65536;
        maillog_parser_feed(p, data + pos, n, NULL);
        pos += n;
    }
    maillog_parser_finish(p);
}

/* The timed stages, one function each, so that bench/bench-instr.py can
 * read each one's instruction count from callgrind (the bench is built
 * with -fno-inline for that). */
void stage_extract(maillog_parser *p, const char *data, size_t len);
void stage_extract(maillog_parser *p, const char *data, size_t len)
{
    maillog_parser_reset(p);
    maillog_parser_set_callback(p, on_fields, NULL);
    feed_all(p, data, len);
}

void stage_json(maillog_parser *p, const char *data, size_t len);
void stage_json(maillog_parser *p, const char *data, size_t len)
{
    maillog_parser_reset(p);
    maillog_parser_set_callback(p, on_json, NULL);
    feed_all(p, data, len);
}

int stage_correlate(maillog_parser *p, const char *data, size_t len, uint64_t *peak,
                    uint64_t *emitted);
int stage_correlate(maillog_parser *p, const char *data, size_t len, uint64_t *peak,
                    uint64_t *emitted)
{
    maillog_corr *corr;
    maillog_parser_reset(p);
    if (maillog_corr_new(NULL, &corr) != MAILLOG_OK)
        return 1;
    maillog_corr_set_callbacks(corr, on_msg, NULL, NULL);
    /* The synthetic log never retries its deferrals, so without an idle
     * limit their messages stay open to the end and the open set grows
     * with the input (5.6k entries at 1M lines, 49k at 10M).  Postfix
     * retries a deferred message at least every maximal_backoff_time
     * (4000 s): two hours of log time without a line means it has left
     * the log, as a deployment would configure it. */
    maillog_corr_set_limit(corr, MAILLOG_CORR_MAX_IDLE, 7200);
    maillog_parser_set_callback(p, on_corr, corr);
    feed_all(p, data, len);
    maillog_corr_finish(corr);
    maillog_corr_counter(corr, MAILLOG_CORR_CTR_PEAK_MEMORY, peak);
    maillog_corr_counter(corr, MAILLOG_CORR_CTR_MESSAGES, emitted);
    maillog_corr_free(corr);
    return 0;
}

/* Multi-core: split the input at line boundaries, one parser per thread
 * (parsers share nothing), and merge the per-part results afterwards.
 * Correlation is sharded the same way, by host: with correlate set, each
 * part also has its own correlator, as the log of one host would.  The
 * bench log has one host, so its parts stand in for hosts' logs; the few
 * messages that span a cut are split in two, which costs nothing extra. */
typedef struct part {
    const char *p;
    size_t len;
    int correlate;
    unsigned long fields, messages;
    double secs; /* this part's own time, from its thread's start */
} part;

static int on_msg_part(void *u, const maillog_message *m)
{
    part *pt = u;
    pt->messages += maillog_message_recipient_count(m) + 1;
    return 0;
}

static int on_corr_part(void *u, const maillog_record *r)
{
    maillog_corr_add(u, r);
    return 0;
}

static int on_fields_part(void *u, const maillog_record *r)
{
    part *pt = u;
    const char *p;
    size_t n;
    if (maillog_record_field(r, MAILLOG_F_QUEUE_ID, &p, &n) == 1)
        pt->fields += n;
    return 0;
}

static void *parse_part(void *arg)
{
    part *pt = arg;
    maillog_parser *p;
    maillog_corr *c = NULL;
    double t0 = now();
    if (maillog_parser_new(NULL, 0, &p) != MAILLOG_OK)
        return NULL;
    if (pt->correlate && maillog_corr_new(NULL, &c) != MAILLOG_OK) {
        maillog_parser_free(p);
        return NULL;
    }
    maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME, 1795953600LL);
    if (c) { /* as stage_correlate sets it up */
        maillog_corr_set_callbacks(c, on_msg_part, NULL, pt);
        maillog_corr_set_limit(c, MAILLOG_CORR_MAX_IDLE, 7200);
        maillog_parser_set_callback(p, on_corr_part, c);
    } else {
        maillog_parser_set_callback(p, on_fields_part, pt);
    }
    feed_all(p, pt->p, pt->len);
    if (c) {
        maillog_corr_finish(c);
        maillog_corr_free(c);
    }
    maillog_parser_free(p);
    pt->secs = now() - t0;
    return NULL;
}

/* The wall time of the parallel parse.  *slowest gets the per-byte speed
 * of its slowest part relative to one_secs, the time of one parser (with
 * correlate, one correlator) for all of data: 1 when every thread ran as
 * fast as one alone does, less when threads had no core of their own
 * (shared cores, other jobs). */
static unsigned long parts_messages; /* of the last parallel_parse, summed */

static double parallel_parse(const char *data, size_t len, int nthreads, int correlate,
                             double one_secs, double *slowest)
{
    part parts[16];
    pthread_t th[16];
    size_t start = 0;
    int i;
    double t0;
    for (i = 0; i < nthreads; i++) {
        size_t end = len;
        if (i < nthreads - 1) { /* the part ends after the first newline past its share */
            const char *nl;
            end = len / (size_t)nthreads * (size_t)(i + 1);
            end = end < start ? start : end;
            nl = memchr(data + end, '\n', len - end);
            end = nl ? (size_t)(nl - data) + 1 : len;
        }
        parts[i].p = data + start;
        parts[i].len = end - start;
        parts[i].correlate = correlate;
        parts[i].fields = parts[i].messages = 0;
        parts[i].secs = 0; /* stays 0 if the part's parser cannot be made */
        start = end;
    }
    t0 = now();
    for (i = 0; i < nthreads; i++)
        if (pthread_create(&th[i], NULL, parse_part, &parts[i]) != 0)
            parse_part(&parts[i]), th[i] = pthread_self();
    for (i = 0; i < nthreads; i++)
        if (!pthread_equal(th[i], pthread_self()))
            pthread_join(th[i], NULL);
    t0 = now() - t0;
    *slowest = 1e9;
    parts_messages = 0;
    for (i = 0; i < nthreads; i++) {
        double speed = parts[i].secs > 0 ? one_secs * (double)parts[i].len / (double)len /
                                               parts[i].secs
                                         : 0;
        parts_messages += parts[i].messages;
        if (speed < *slowest)
            *slowest = speed;
    }
    return t0;
}

/* --hostile: inputs built for worst cases, each at size S and 2S; a time
 * ratio near 2 means linear.  Lines are long, so the parser keeps 1 MiB. */
static void hostile_line(buf *b, int kind, size_t len)
{
    static const char pre[] = "Nov 28 09:00:01 mx1 postfix/smtp[1]: ABCDEF1: to=<a@b>, status=sent (";
    size_t i;
    put(b, pre, sizeof pre - 1);
    for (i = 0; i < len; i++) {
        char c = kind == 0 ? '=' : kind == 1 ? '<' : kind == 2 ? '[' : i < len / 2 ? '(' : ')';
        put(b, &c, 1);
    }
    put(b, "\n", 1);
}

static double time_parse(const char *data, size_t len, uint32_t max_line)
{
    maillog_parser *p = NULL;
    double t0;
    if (maillog_parser_new(NULL, max_line, &p) != MAILLOG_OK)
        exit(1);
    maillog_parser_set_callback(p, on_json, NULL); /* JSON walks every span and attribute */
    t0 = now();
    feed_all(p, data, len);
    t0 = now() - t0;
    maillog_parser_free(p);
    return t0;
}

static int hostile_bench(void)
{
    static const char *const names[] = {"'=' runs", "'<' runs", "'[' runs",
                                        "parentheses 100k deep"};
    int kind, k;
    printf("%-34s %10s %10s %8s\n", "hostile input (1 MB lines)", "S MB/s", "2S MB/s", "t2S/tS");
    for (kind = 0; kind < 4; kind++) {
        double t[2];
        size_t sz[2];
        for (k = 0; k < 2; k++) {
            buf b = {NULL, 0, 0};
            size_t lines = (size_t)8 << k, i;
            for (i = 0; i < lines; i++)
                hostile_line(&b, kind, kind == 3 ? 200000 : 1000000);
            sz[k] = b.len;
            t[k] = time_parse(b.p, b.len, 1u << 21); /* best of two: the first warms up */
            {
                double again = time_parse(b.p, b.len, 1u << 21);
                if (again < t[k])
                    t[k] = again;
            }
            free(b.p);
        }
        printf("%-34s %10.0f %10.0f %8.2f\n", names[kind], (double)sz[0] / 1e6 / t[0],
               (double)sz[1] / 1e6 / t[1], t[1] / t[0]);
    }
    /* distinct queue ids that never finish, through the correlator */
    for (k = 0; k < 2; k++) {
        buf b = {NULL, 0, 0};
        unsigned long i, n = 1000000ul << k;
        maillog_parser *p = NULL;
        maillog_corr *c = NULL;
        uint64_t peak, emitted;
        double t0;
        char line[160];
        for (i = 0; i < n; i++) {
            int len = snprintf(line, sizeof line,
                               "Nov 28 %02lu:%02lu:%02lu mx1 postfix/qmgr[1]: %010lX: from=<s@x>, size=1, "
                               "nrcpt=1 (queue active)\n",
                               10 + i / 3600 % 12, i / 60 % 60, i % 60, 0x1000000 + i);
            put(&b, line, (size_t)len);
        }
        if (maillog_parser_new(NULL, 0, &p) || maillog_corr_new(NULL, &c))
            return 1;
        maillog_corr_set_callbacks(c, on_msg, NULL, NULL);
        maillog_parser_set_callback(p, on_corr, c);
        t0 = now();
        feed_all(p, b.p, b.len);
        maillog_corr_finish(c);
        t0 = now() - t0;
        maillog_corr_counter(c, MAILLOG_CORR_CTR_PEAK_MEMORY, &peak);
        maillog_corr_counter(c, MAILLOG_CORR_CTR_MESSAGES, &emitted);
        printf("%lu never-finished queue ids: %.2f s, %llu emitted, correlator peak %.1f MB "
               "(limit 100000 open)\n",
               n, t0, (unsigned long long)emitted, (double)peak / 1e6);
        maillog_corr_free(c);
        maillog_parser_free(p);
        free(b.p);
    }
    return 0;
}

/* --read: the whole file into b. */
static int read_log(const char *path, buf *b)
{
    char chunk[1 << 16];
    size_t n;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        put(b, chunk, n);
    n = (size_t)ferror(f);
    return fclose(f) != 0 || n ? -1 : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The reason classifier's cost: a log of failures only (deferrals,
 * bounces, rejects with varied replies) and a log of sent lines only,
 * each parsed with and without asking every record its reason.  The
 * difference per record is the classifier's cost; on sent lines it is
 * the status test alone. */
static unsigned long reason_sink;
static int on_reason(void *u, const maillog_record *r)
{
    (void)u;
    reason_sink += (unsigned long)maillog_record_reason(r) + (unsigned long)maillog_record_event(r);
    return 0;
}
static int on_event(void *u, const maillog_record *r)
{
    (void)u;
    reason_sink += (unsigned long)maillog_record_event(r);
    return 0;
}

static void reason_bench(int runs)
{
    static const char *const fail[] = {
        "dsn=4.4.1, status=deferred (connect to mx.example.org[192.0.2.20]:25: Connection refused)",
        "dsn=4.7.1, status=deferred (host mx.example.org[192.0.2.20] said: 451 4.7.1 Greylisted, "
        "see http://postgrey.example/help (in reply to RCPT TO command))",
        "dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.20] said: 550 5.1.1 <a@example.org>: "
        "Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))",
        "dsn=4.7.0, status=deferred (host mx.example.org[192.0.2.20] said: 421 4.7.0 [TSS04] Messages "
        "from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints (in reply "
        "to MAIL FROM command))",
        "dsn=5.7.1, status=bounced (host mx.example.org[192.0.2.20] said: 550 5.7.1 Service unavailable; "
        "Client host [192.0.2.10] blocked using zen.spamhaus.org (in reply to RCPT TO command))",
        "dsn=4.4.2, status=deferred (conversation with mx.example.org[192.0.2.20] timed out while "
        "receiving the initial server greeting)",
        "dsn=5.0.0, status=bounced (host mx.example.org[192.0.2.20] said: 554 Transaction failed "
        "(in reply to end of DATA command))",
        "dsn=4.4.3, status=deferred (Host or domain name not found. Name service error for "
        "name=example.org type=MX: Host not found, try again)"};
    buf fb = {NULL, 0, 0}, sb = {NULL, 0, 0};
    unsigned long i, n = 200000;
    double best[4] = {1e9, 1e9, 1e9, 1e9};
    int k, j;
    char line[512];
    for (i = 0; i < n; i++) {
        int len = snprintf(line, sizeof line,
                           "Nov 28 09:%02lu:%02lu mx1 postfix/smtp[%lu]: %05lX%05lX: to=<u%lu@example.org>, "
                           "relay=mx.example.org[192.0.2.20]:25, delay=1.2, delays=0.1/0/1/0.1, %s\n",
                           i / 60 % 60, i % 60, 1000 + i % 50, i, i * 7 % 99991, i,
                           fail[i % (sizeof fail / sizeof fail[0])]);
        put(&fb, line, (size_t)len);
        len = snprintf(line, sizeof line,
                       "Nov 28 09:%02lu:%02lu mx1 postfix/smtp[%lu]: %05lX%05lX: to=<u%lu@example.org>, "
                       "relay=mx.example.org[192.0.2.20]:25, delay=1.2, delays=0.1/0/1/0.1, dsn=2.0.0, "
                       "status=sent (250 2.0.0 Ok: queued as 4F1A2B3C4D)\n",
                       i / 60 % 60, i % 60, 1000 + i % 50, i, i * 7 % 99991, i);
        put(&sb, line, (size_t)len);
    }
    for (k = 0; k < runs; k++)
        for (j = 0; j < 4; j++) {
            maillog_parser *p = NULL;
            const buf *b = j < 2 ? &fb : &sb;
            double t0;
            if (maillog_parser_new(NULL, 0, &p) != MAILLOG_OK)
                return;
            maillog_parser_set_callback(p, (j & 1) ? on_reason : on_event, NULL);
            t0 = now();
            feed_all(p, b->p, b->len);
            t0 = now() - t0;
            if (t0 < best[j])
                best[j] = t0;
            maillog_parser_free(p);
        }
    printf("reasons: failure lines %.0f ns parsed, %.0f ns with the reason: %.0f ns per failure "
           "record (fastest of %d runs of %lu lines)\n", best[0] * 1e9 / (double)n,
           best[1] * 1e9 / (double)n, (best[1] - best[0]) * 1e9 / (double)n, runs, n);
    printf("reasons: sent lines %.0f ns parsed, %.0f ns with the reason asked: %.1f ns per sent "
           "record (the status test; no text is read)\n", best[2] * 1e9 / (double)n,
           best[3] * 1e9 / (double)n, (best[3] - best[2]) * 1e9 / (double)n);
    free(fb.p);
    free(sb.p);
}

int main(int argc, char **argv)
{
    unsigned long want = 1000000, i = 0, sec = 0;
    int runs = 5, k, stage;
    const char *write_to = NULL, *read_from = NULL;
    buf b = {NULL, 0, 0};
    size_t lines = 0, counted = 0;
    double t[6][32], med[6], gain[2][32], slowest[2][32];
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int nthreads = ncpu < 2 ? 2 : ncpu > 16 ? 16 : (int)ncpu;
    char threads_name[64], corr_threads_name[64];
    maillog_parser *p = NULL;
    uint64_t corr_peak = 0, corr_emitted = 0;
    struct rusage ru;
    const char *names[6] = {"memchr line split", "parse + extract every field",
                            "parse + JSON of every record", "parse + correlate messages",
                            threads_name, corr_threads_name};
    for (k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--lines") == 0 && k + 1 < argc)
            want = strtoul(argv[++k], NULL, 10);
        else if (strcmp(argv[k], "--runs") == 0 && k + 1 < argc)
            runs = atoi(argv[++k]);
        else if (strcmp(argv[k], "--write") == 0 && k + 1 < argc)
            write_to = argv[++k];
        else if (strcmp(argv[k], "--read") == 0 && k + 1 < argc)
            read_from = argv[++k];
        else if (strcmp(argv[k], "--hostile") == 0)
            return hostile_bench();
        else {
            fprintf(stderr, "usage: bench [--lines N] [--runs N] [--write FILE] [--read FILE] "
                            "[--hostile]\n");
            return 2;
        }
    }
    if (runs < 0 || runs > 32 || (runs == 0 && !write_to))
        runs = 5;
    snprintf(threads_name, sizeof threads_name, "parse + extract, %d threads", nthreads);
    snprintf(corr_threads_name, sizeof corr_threads_name, "parse + correlate, %d threads", nthreads);
    if (read_from && read_log(read_from, &b) != 0) {
        perror(read_from);
        return 1;
    }
    while (!read_from && lines < want)
        lines += lifecycle(&b, i++, sec += rnd(3));
    if (write_to) {
        FILE *f = fopen(write_to, "wb");
        if (!f || fwrite(b.p, 1, b.len, f) != b.len || fclose(f) != 0) {
            perror(write_to);
            return 1;
        }
        if (runs == 0)
            return 0;
    }
    if (maillog_parser_new(NULL, 0, &p) != MAILLOG_OK)
        return 1;
    maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME, 1795953600LL);
    for (k = 0; k < runs; k++) { /* interleaved, so drift hits every stage alike */
        double t0 = now();
        counted = memchr_split(b.p, b.len);
        t[0][k] = now() - t0;
        t0 = now();
        stage_extract(p, b.p, b.len);
        t[1][k] = now() - t0;
        t0 = now();
        stage_json(p, b.p, b.len);
        t[2][k] = now() - t0;
        t0 = now();
        if (stage_correlate(p, b.p, b.len, &corr_peak, &corr_emitted) != 0)
            return 1;
        t[3][k] = now() - t0;
        t[4][k] = parallel_parse(b.p, b.len, nthreads, 0, t[1][k], &slowest[0][k]);
        gain[0][k] = t[1][k] / t[4][k]; /* against one parser in the same run */
        t[5][k] = parallel_parse(b.p, b.len, nthreads, 1, t[3][k], &slowest[1][k]);
        gain[1][k] = t[3][k] / t[5][k]; /* against one correlator in the same run */
    }
    for (k = 0; k < 2; k++) {
        qsort(gain[k], (size_t)runs, sizeof(double), cmp_double);
        qsort(slowest[k], (size_t)runs, sizeof(double), cmp_double);
    }
    for (stage = 0; stage < 6; stage++) {
        qsort(t[stage], (size_t)runs, sizeof(double), cmp_double);
        med[stage] = t[stage][runs / 2];
    }
    {
        uint64_t unparsed;
        maillog_parser_counter(p, MAILLOG_CTR_UNPARSED, &unparsed);
        printf("input: %zu lines, %.1f MB %s, %llu unparsed; median of %d runs (%zu bytes)\n",
               counted, (double)b.len / 1e6, read_from ? read_from : "synthetic Postfix log",
               (unsigned long long)unparsed, runs, b.len);
    }
    /* The fastest run of each stage too: another guest's load only ever
     * adds time, so the minimum is the steadier figure on a shared host. */
    printf("%-30s %10s %10s %12s %10s %10s %8s\n", "stage", "seconds", "MB/s", "lines/s", "x memchr",
           "best s", "best x");
    for (stage = 0; stage < 6; stage++)
        printf("%-30s %10.4f %10.0f %12.0f %10.1f %10.4f %8.1f\n", names[stage], med[stage],
               (double)b.len / 1e6 / med[stage], (double)counted / med[stage], med[stage] / med[0],
               t[stage][0], t[stage][0] / t[0][0]);
    printf("correlator: %llu messages, %.0f messages/s; peak %llu open entries, peak memory "
           "%.1f MB (%.0f bytes per open entry)\n",
           (unsigned long long)corr_emitted, (double)corr_emitted / med[3],
           (unsigned long long)corr_max_open, (double)corr_peak / 1e6,
           corr_max_open ? (double)corr_peak / (double)corr_max_open : 0.0);
    for (k = 0; k < 2; k++) {
        const char *what = k ? "correlator (a part per host)" : "parser";
        printf("threads: %.2fx the speed of one %s on %d threads (median of %d runs, each "
               "against one in the same run; %.2fx to %.2fx; parts split at line "
               "boundaries)\n", gain[k][runs / 2], what, nthreads, runs, gain[k][0],
               gain[k][runs - 1]);
        printf("threads: the slowest part ran at %.2fx the speed per byte of one %s alone "
               "(median; %.2fx to %.2fx; below 1: the threads did not each have a core)\n",
               slowest[k][runs / 2], what, slowest[k][0], slowest[k][runs - 1]);
    }
    printf("threads: the parts' correlators emitted %lu messages and recipients, one "
           "correlator %lu (the messages that span a cut count twice)\n", parts_messages,
           corr_messages / (unsigned long)runs);
    if (!read_from) /* its own Postfix lines: once is enough */
        reason_bench(runs);
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS %ld KiB (includes the %.1f MB input held in memory); parser memory %zu bytes\n",
           ru.ru_maxrss, (double)b.len / 1e6, maillog_parser_sizeof(0));
    maillog_parser_free(p);
    free(b.p);
    return sink_events[0] == (unsigned long)-1; /* keep the sinks alive */
}
