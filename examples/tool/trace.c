/* trace.c -- maillog-trace's messages, selection and output (trace.h). */
#include "trace.h"

#include <maillog.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

char *trace_strndup(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (s) {
        if (n)
            memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

#ifndef MAILLOG_NO_CORRELATE
#include <maillog_correlate.h>

/* A message's field copied, or NULL when absent (recipient i's when
 * i >= 0); *oom set when the copy failed. */
static char *copy_field(const maillog_message *m, long i, int32_t id, int *oom)
{
    const char *p;
    size_t n;
    char *s;
    int present = i < 0 ? maillog_message_field(m, id, &p, &n)
                        : maillog_message_recipient_field(m, (uint32_t)i, id, &p, &n);
    if (present != 1)
        return NULL;
    if (!(s = trace_strndup(p, n)))
        *oom = 1;
    return s;
}

static char *lines_of(const maillog_message *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&buf, &len);
    uint32_t i;
    if (!o)
        return NULL;
    for (i = 0; i < maillog_message_line_count(m); i++) {
        const char *p;
        size_t n;
        maillog_message_line(m, i, &p, &n, NULL);
        fwrite(p, 1, n, o);
        fputc('\n', o);
    }
    fclose(o);
    return buf;
}

int trace_msg_from_message(trace_msg *x, const maillog_message *m)
{
    static const int32_t ids[] = {MAILLOG_MESSAGE_F_HOST, MAILLOG_MESSAGE_F_INSTANCE,
                                  MAILLOG_MESSAGE_F_QUEUE_ID, MAILLOG_MESSAGE_F_END_TEXT,
                                  MAILLOG_MESSAGE_F_FROM, MAILLOG_MESSAGE_F_CLIENT_HOST,
                                  MAILLOG_MESSAGE_F_CLIENT_IP, MAILLOG_MESSAGE_F_SASL_USERNAME,
                                  MAILLOG_MESSAGE_F_MESSAGE_ID, MAILLOG_MESSAGE_F_PARENT};
    char **dst[10];
    const char *p;
    size_t n, need = 0;
    uint32_t i, flags = maillog_message_flags(m);
    int oom = 0;
    memset(x, 0, sizeof *x);
    dst[0] = &x->host, dst[1] = &x->instance, dst[2] = &x->qid, dst[3] = &x->end_text;
    dst[4] = &x->from, dst[5] = &x->client_host, dst[6] = &x->client_ip, dst[7] = &x->sasl;
    dst[8] = &x->msgid, dst[9] = &x->parent;
    for (i = 0; i < 10; i++)
        *dst[i] = copy_field(m, -1, ids[i], &oom);
    x->end = trace_strndup(maillog_end_name(maillog_message_end(m)),
                           strlen(maillog_end_name(maillog_message_end(m))));
    x->complete = (flags & MAILLOG_MSG_COMPLETE) != 0;
    x->bounce = (flags & MAILLOG_MSG_BOUNCE) != 0;
    x->have_first = maillog_message_number(m, MAILLOG_MESSAGE_N_FIRST_TIME, &x->first_time) == 1;
    x->have_last = maillog_message_number(m, MAILLOG_MESSAGE_N_LAST_TIME, &x->last_time) == 1;
    x->have_size = maillog_message_number(m, MAILLOG_MESSAGE_N_SIZE, &x->size) == 1;
    x->rcpt = calloc(maillog_message_recipient_count(m) + 1, sizeof *x->rcpt);
    x->children = calloc(maillog_message_child_count(m) + 1, sizeof *x->children);
    if (!x->end || !x->rcpt || !x->children)
        return -1;
    for (i = 0; i < maillog_message_recipient_count(m); i++) {
        trace_rcpt *r = &x->rcpt[x->nrcpt++];
        int64_t st;
        const char *name;
        maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_STATUS, &st);
        maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_ATTEMPTS, &r->attempts);
        name = maillog_status_name((int32_t)st);
        r->status = trace_strndup(name, strlen(name));
        name = maillog_reason_name(maillog_message_recipient_reason(m, i));
        r->reason = trace_strndup(name, strlen(name));
        r->to = copy_field(m, (long)i, MAILLOG_RECIPIENT_F_TO, &oom);
        r->relay = copy_field(m, (long)i, MAILLOG_RECIPIENT_F_RELAY, &oom);
        r->reply = copy_field(m, (long)i, MAILLOG_RECIPIENT_F_REPLY, &oom);
        r->child = copy_field(m, (long)i, MAILLOG_RECIPIENT_F_CHILD, &oom);
        if (!r->status || !r->reason)
            oom = 1;
    }
    for (i = 0; i < maillog_message_child_count(m); i++) {
        maillog_message_child(m, i, &p, &n);
        if (!(x->children[x->nchildren++] = trace_strndup(p, n)))
            oom = 1;
    }
    maillog_message_to_json(m, NULL, 0, &need);
    if ((x->json = malloc(need + 1)) != NULL)
        maillog_message_to_json(m, x->json, need + 1, NULL);
    x->lines = lines_of(m);
    return oom || !x->json || !x->lines ? -1 : 0;
}

int trace_addr_match(const char *want, const char *p, size_t n)
{
    size_t wl = strlen(want), i;
    const char *at = strchr(want, '@');
    if (!at || at == want) { /* substring, case-insensitive */
        for (i = 0; i + wl <= n; i++)
            if (strncasecmp(p + i, want, wl) == 0)
                return 1;
        return 0;
    }
    if (wl != n)
        return 0;
    i = (size_t)(at - want);
    return memcmp(p, want, i) == 0 && strncasecmp(p + i, want + i, wl - i) == 0;
}

static int same(const char *want, const char *have)
{
    return have && strcmp(want, have) == 0;
}

int trace_match(const trace_filter *f, const trace_msg *x)
{
    size_t i, k;
    if (f->qid && !same(f->qid, x->qid))
        return 0;
    if (f->msgid && !same(f->msgid, x->msgid))
        return 0;
    if (f->from && !(x->from && trace_addr_match(f->from, x->from, strlen(x->from))))
        return 0;
    if (f->client && !same(f->client, x->client_ip))
        return 0;
    if (f->have_since && x->have_last && x->last_time < f->since)
        return 0;
    if (f->have_until && x->have_first && x->first_time > f->until)
        return 0;
    for (k = 0; k < 3; k++) {
        const char *want = k == 2 ? f->reason : k ? f->status : f->to;
        int ok = 0;
        if (!want)
            continue;
        for (i = 0; i < x->nrcpt && !ok; i++) {
            const trace_rcpt *r = &x->rcpt[i];
            if (k)
                ok = strcasecmp(k == 2 ? r->reason : r->status, want) == 0;
            else
                ok = r->to && trace_addr_match(want, r->to, strlen(r->to));
        }
        if (!ok)
            return 0;
    }
    return 1;
}

static int same_host(const trace_msg *a, const trace_msg *b)
{
    return (!a->host && !b->host) || (a->host && b->host && strcmp(a->host, b->host) == 0);
}

/* Until no more are added (families are small). */
void trace_follow(trace_msg *msgs, size_t n)
{
    int changed = 1;
    size_t i, j, k;
    while (changed) {
        changed = 0;
        for (i = 0; i < n; i++) {
            if (!msgs[i].matched)
                continue;
            for (j = 0; j < n; j++) {
                trace_msg *x = &msgs[i], *y = &msgs[j];
                int related = 0;
                if (y->matched || !same_host(x, y) || !x->qid || !y->qid)
                    continue;
                if (x->parent && strcmp(x->parent, y->qid) == 0)
                    related = 1;
                if (y->parent && strcmp(y->parent, x->qid) == 0)
                    related = 1;
                for (k = 0; k < x->nchildren && !related; k++)
                    related = strcmp(x->children[k], y->qid) == 0;
                if (related) {
                    y->matched = 1;
                    changed = 1;
                }
            }
        }
    }
}

/* The readable summary of one message. */
static void summarize(FILE *o, const trace_msg *x)
{
    size_t i;
    fprintf(o, "%s", x->qid ? x->qid : "");
    if (x->host)
        fprintf(o, " on %s", x->host);
    if (x->instance)
        fprintf(o, " (%s)", x->instance);
    fprintf(o, ": %s%s%s\n", x->end, x->complete ? "" : ", incomplete",
            x->bounce ? ", notification" : "");
    if (x->have_first) {
        time_t t = (time_t)x->first_time;
        struct tm tm;
        char when[32];
        gmtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        fprintf(o, "  first seen %s\n", when);
    }
    if (x->from)
        fprintf(o, "  from <%s>", x->from);
    if (x->have_size)
        fprintf(o, ", %lld bytes", (long long)x->size);
    if (x->client_host) {
        fprintf(o, ", client %s", x->client_host);
        if (x->client_ip)
            fprintf(o, "[%s]", x->client_ip);
    }
    if (x->sasl)
        fprintf(o, ", sasl %s", x->sasl);
    fputc('\n', o);
    if (x->msgid)
        fprintf(o, "  message-id <%s>\n", x->msgid);
    if (x->parent)
        fprintf(o, "  handed off from %s\n", x->parent);
    if (x->end_text) {
        fprintf(o, "  ended: %s", x->end_text);
        if (strcmp(x->end, maillog_end_name(MAILLOG_END_REJECTED)) == 0) /* the refusal's reason */
            fprintf(o, " [%s]", maillog_reason_name(maillog_reason_of(NULL, 0, 0, x->end_text,
                                                                      strlen(x->end_text))));
        fputc('\n', o);
    }
    for (i = 0; i < x->nrcpt; i++) {
        const trace_rcpt *r = &x->rcpt[i];
        fprintf(o, "  to <%s>: %s", r->to ? r->to : "", r->status);
        if (maillog_reason_from_name(r->reason, strlen(r->reason)) > MAILLOG_REASON_NONE)
            fprintf(o, " [%s]", r->reason);
        if (r->attempts > 1)
            fprintf(o, " after %lld attempts", (long long)r->attempts);
        if (r->relay)
            fprintf(o, " via %s", r->relay);
        if (r->reply)
            fprintf(o, " (%s)", r->reply);
        if (r->child)
            fprintf(o, " -> %s", r->child);
        fputc('\n', o);
    }
    for (i = 0; i < x->nchildren; i++)
        fprintf(o, "  handed off to %s\n", x->children[i]);
}

size_t trace_print(const trace_msg *msgs, size_t n, int mode)
{
    size_t k, shown = 0;
    for (k = 0; k < n; k++) {
        const trace_msg *x = &msgs[k];
        if (!x->matched)
            continue;
        shown++;
        if (mode == TRACE_JSON) {
            printf("%s\n", x->json ? x->json : "");
        } else {
            if (shown > 1)
                putchar('\n');
            if (mode == TRACE_LINES)
                fputs(x->lines ? x->lines : "", stdout);
            else
                summarize(stdout, x);
        }
    }
    return shown;
}

void trace_msg_free(trace_msg *x)
{
    size_t i;
    char **s[] = {&x->host, &x->instance, &x->qid, &x->end, &x->end_text, &x->from,
                  &x->client_host, &x->client_ip, &x->sasl, &x->msgid, &x->parent,
                  &x->json, &x->lines};
    for (i = 0; i < sizeof s / sizeof *s; i++)
        free(*s[i]);
    for (i = 0; i < x->nrcpt; i++) {
        free(x->rcpt[i].to);
        free(x->rcpt[i].status);
        free(x->rcpt[i].reason);
        free(x->rcpt[i].relay);
        free(x->rcpt[i].reply);
        free(x->rcpt[i].child);
    }
    free(x->rcpt);
    for (i = 0; i < x->nchildren; i++)
        free(x->children[i]);
    free(x->children);
    memset(x, 0, sizeof *x);
}
#endif /* MAILLOG_NO_CORRELATE */
