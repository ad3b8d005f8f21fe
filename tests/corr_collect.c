/* corr_collect.c -- see corr_collect.h. */
#include "corr_collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void add_text(collect *c, const char *s, size_t n)
{
    textbuf_add(&c->t, s, n);
    textbuf_add(&c->t, "\n", 1);
}

static char json[1 << 18];

int corr_on_msg(void *u, const maillog_message *m)
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

int corr_on_ses(void *u, const maillog_session *s)
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
void corr_run_file(const char *name, maillog_corr *corr, collect *out)
{
    size_t len, pos = 0;
    char path[128], *in;
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    snprintf(path, sizeof path, "data/%s.log", name);
    in = read_file(path, &len);
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    maillog_corr_set_callbacks(corr, corr_on_msg, corr_on_ses, out);
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
