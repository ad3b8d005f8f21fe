/* stream_check.h -- the streaming parser checked against the same bytes
 * parsed line by line, for fuzz_stream.c (the built-in dialects) and
 * fuzz_dialect.c (with a dialect whose header lines declare its columns).
 * The first three bytes pick the chunk sizes, when the callback stops, and
 * max_line; the rest is fed in chunks, resuming after each stop.  Each
 * record must equal the line-by-line parse of its line, except the
 * records the stream joins from syslog fragments (their own JSON is
 * checked); line numbers are never repeated, and with nothing joined the
 * counts are equal.  Both parsers see the lines in the same order, so the
 * stream state (its dialect, a header's columns) is the same in both. */
#ifndef MAILLOG_STREAM_CHECK_H
#define MAILLOG_STREAM_CHECK_H
#include "fuzz.h"
#include "core/internal.h" /* ml_parse_counted: the stream's cut of a long line */

typedef struct got {
    char **json;
    uint64_t *line_no;
    int *joined;
    size_t n, cap, njoined;
    unsigned stop_every;
} got;

static int on_rec(void *u, const maillog_record *r)
{
    got *g = u;
    size_t len;
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 16;
        g->json = realloc(g->json, g->cap * sizeof *g->json);
        g->line_no = realloc(g->line_no, g->cap * sizeof *g->line_no);
        g->joined = realloc(g->joined, g->cap * sizeof *g->joined);
        FUZZ_CHECK(g->json != NULL && g->line_no != NULL && g->joined != NULL);
    }
    g->line_no[g->n] = maillog_record_line_number(r);
    g->joined[g->n] = (maillog_record_flags(r) & MAILLOG_REC_JOINED) != 0;
    g->njoined += (size_t)g->joined[g->n];
    g->json[g->n++] = fuzz_json(r, &len);
    return g->stop_every && g->n % g->stop_every == 0;
}

static int stream_check(const uint8_t *data, size_t size, maillog_parser *(*make)(uint32_t),
                        void (*release)(maillog_parser *))
{
    maillog_parser *p, *q;
    maillog_record *r = NULL;
    got g = {NULL, NULL, NULL, 0, 0, 0, 0};
    const char *in;
    size_t n, pos = 0, i, k = 0;
    unsigned seed;
    uint32_t max_line;
    if (size < 3)
        return 0;
    seed = data[0] | 1u;
    g.stop_every = data[1] % 5;
    max_line = 64u + (uint32_t)data[2] * 4u;
    in = (const char *)data + 3;
    n = size - 3;
    FUZZ_CHECK((p = make(max_line)) != NULL);
    maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME, 1795953600LL);
    maillog_parser_set_callback(p, on_rec, &g);
    while (pos < n) {
        size_t chunk = 1 + (seed = seed * 1103515245u + 12345u) % 97, used = 0;
        int rc;
        if (chunk > n - pos)
            chunk = n - pos;
        rc = maillog_parser_feed(p, in + pos, chunk, &used);
        FUZZ_CHECK(rc == MAILLOG_OK || rc == MAILLOG_STOPPED);
        FUZZ_CHECK(used <= chunk && (rc == MAILLOG_STOPPED || used == chunk));
        pos += used;
    }
    while (maillog_parser_finish(p) == MAILLOG_STOPPED)
        ;
    /* The same bytes line by line. */
    FUZZ_CHECK((q = make(max_line)) != NULL);
    FUZZ_CHECK(maillog_record_new(NULL, &r) == MAILLOG_OK);
    maillog_parser_set_option(q, MAILLOG_OPT_REFERENCE_TIME, 1795953600LL);
    for (pos = 0; pos < n;) {
        const char *nl = memchr(in + pos, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - (in + pos)) : n - pos, jl;
        char *j;
        /* the one-line parse keeps a line over max_line whole (it is the
         * caller's memory) where the stream cuts it (its carry buffer):
         * such a line is given to the same internal step the stream uses,
         * so that both parsers see the same bytes and keep the same state */
        if (len > max_line)
            ml_parse_counted(q, in + pos, max_line, max_line, MAILLOG_REC_TRUNCATED, r);
        else
            FUZZ_CHECK(maillog_parser_parse_line(q, in + pos, len, r) == MAILLOG_OK);
        j = fuzz_json(r, &jl);
        for (i = 0; i < g.n; i++) /* the stream's record of this line, if any */
            if (g.line_no[i] == k + 1 && !g.joined[i])
                FUZZ_CHECK(strcmp(j, g.json[i]) == 0);
        free(j);
        k++;
        pos += len + 1;
    }
    for (i = 1; i < g.n; i++) { /* no line number twice */
        size_t m;
        for (m = 0; m < i; m++)
            FUZZ_CHECK(g.line_no[m] != g.line_no[i]);
    }
    FUZZ_CHECK(g.njoined ? g.n <= k : k == g.n);
    for (i = 0; i < g.n; i++)
        free(g.json[i]);
    free(g.json);
    free(g.line_no);
    free(g.joined);
    maillog_record_free(r, NULL);
    release(p);
    release(q);
    return 0;
}

#endif
