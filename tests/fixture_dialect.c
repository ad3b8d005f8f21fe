/* fixture_dialect.c -- a dialect known only to the tests and the fuzz
 * harness: a file whose "#Fields:" lines name its space-separated
 * columns, as W3C extended logs do; a later "#Fields:" changes them.  The
 * columns it knows go to record fields; others are skipped. */
#include "fixture_dialect.h"

#include <stdlib.h>
#include <string.h>

static size_t t_size(uint32_t max_line)
{
    (void)max_line;
    return sizeof(tstate);
}

static void t_reset(void *st, uint32_t max_line)
{
    (void)max_line;
    memset(st, 0, sizeof(tstate));
}

static int t_sniff(const void *st, const maillog_record *r)
{
    (void)st;
    if (maillog_record_field(r, MAILLOG_F_PROGRAM, NULL, NULL) == 1)
        return ML_SNIFF_NO;
    if (r->len >= 9 && memcmp(r->line, "#Fields: ", 9) == 0)
        return ML_SNIFF_HEADER;
    return ML_SNIFF_NO; /* data lines are read only once the header claimed the stream */
}

static int32_t column_field(const char *s, size_t n)
{
    static const struct {
        const char *name;
        int32_t f;
    } names[] = {{"c-ip", MAILLOG_F_CLIENT_IP}, {"cs-from", MAILLOG_F_FROM},
                 {"cs-to", MAILLOG_F_TO},       {"msgid", MAILLOG_F_MESSAGE_ID},
                 {"qid", MAILLOG_F_QUEUE_ID},   {NULL, 0}};
    int i;
    for (i = 0; names[i].name; i++)
        if (strlen(names[i].name) == n && memcmp(names[i].name, s, n) == 0)
            return names[i].f;
    return -1;
}

static int t_parse(void *stv, maillog_record *r)
{
    tstate *st = stv;
    const char *s = r->line;
    uint32_t p = 0, end = r->len;
    int32_t i = 0;
    if (end >= 9 && memcmp(s, "#Fields: ", 9) == 0) {
        st->ncol = 0;
        st->headers++;
        for (p = 9; p < end && st->ncol < TCOLS;) {
            uint32_t e = p;
            while (e < end && s[e] != ' ')
                e++;
            st->col[st->ncol++] = column_field(s + p, e - p);
            p = e + 1;
        }
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    if (st->ncol == 0 || (end && s[0] == '#'))
        return 0;
    for (p = 0; p < end && i < st->ncol; i++) {
        uint32_t e = p;
        while (e < end && s[e] != ' ')
            e++;
        if (st->col[i] >= 0) {
            r->f[st->col[i]].off = p;
            r->f[st->col[i]].len = e - p;
            r->fmask |= (uint64_t)1 << st->col[i];
        }
        p = e + 1;
    }
    if (i != st->ncol)
        return 0; /* fewer values than columns */
    r->event = MAILLOG_EV_QUEUED;
    return 1;
}

static int t_field_key(const char *k, uint32_t n)
{
    (void)k;
    (void)n;
    return 0;
}

static const ml_dialect t_dialect = {
    0, "w3ctest", 7, t_sniff, t_parse, t_field_key, t_size, t_reset,
    NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL,
};

/* The built-in dialects with the test one after them, whatever their
 * number: filled once, then only read. */
static const ml_dialect *ftable[ML_MAX_DIALECTS + 1];

const ml_dialect *const *fixture_tab(void)
{
    size_t i;
    if (!ftable[0]) {
        for (i = 0; ml_dialects[i]; i++)
            ftable[i] = ml_dialects[i];
        ftable[i] = &t_dialect;
    }
    return ftable;
}

int32_t fixture_slot(void)
{
    int32_t i = 0;
    while (ml_dialects[i])
        i++;
    return i;
}

maillog_parser *fixture_parser(uint32_t max_line)
{
    maillog_parser *p = NULL;
    size_t need = ml_parser_sizeof_table(max_line, fixture_table);
    void *mem = need ? malloc(need) : NULL; /* aligned for any object */
    if (!mem)
        return NULL;
    if (ml_parser_init_table(mem, need, max_line, fixture_table, &p) != MAILLOG_OK) {
        free(mem);
        return NULL;
    }
    return p; /* the parser starts its memory: free(p) releases it */
}
