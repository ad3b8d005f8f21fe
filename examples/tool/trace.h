/* trace.h -- maillog-trace's messages, selection and output, shared by its
 * two sources: the correlator reading files (trace_msg_from_message) and
 * an index database (examples/index/query.c fills the same struct from
 * rows).  Both print through trace_print, so their outputs are the same
 * byte for byte. */
#ifndef MAILLOG_TOOL_TRACE_H
#define MAILLOG_TOOL_TRACE_H

#include <stddef.h>
#include <stdint.h>

/* A recipient's final outcome; NULL strings are absent fields. */
typedef struct trace_rcpt {
    char *to, *status, *reason, *relay, *reply, *child;
    int64_t attempts;
} trace_rcpt;

/* A finished message, owned (every string malloc'd, NULL when absent). */
typedef struct trace_msg {
    char *host, *instance, *qid, *end, *end_text, *from, *client_host, *client_ip, *sasl,
        *msgid, *parent;
    int complete, bounce;
    int have_first, have_last, have_size;
    int64_t first_time, last_time, size;
    trace_rcpt *rcpt;
    size_t nrcpt;
    char **children;
    size_t nchildren;
    char *json;  /* maillog_message_to_json */
    char *lines; /* the raw lines, each ended by a newline */
    int matched;
} trace_msg;

/* The selection options; NULL or have_* 0 when not given. */
typedef struct trace_filter {
    const char *qid, *msgid, *from, *to, *client, *status, *reason;
    int64_t since, until;
    int have_since, have_until;
} trace_filter;

/* Output modes. */
enum { TRACE_SUMMARY, TRACE_LINES, TRACE_JSON };

char *trace_strndup(const char *p, size_t n);

#ifndef MAILLOG_NO_CORRELATE
#include <maillog_correlate.h>
/* Copy a message out of the correlator's callback: 0, or -1 out of memory. */
int trace_msg_from_message(trace_msg *x, const maillog_message *m);
#endif

/* Address match: exact (domain case-insensitive), or a case-insensitive
 * substring when want has no '@' or starts with one. */
int trace_addr_match(const char *want, const char *p, size_t n);

/* 1 when x passes every selection of f. */
int trace_match(const trace_filter *f, const trace_msg *x);

/* Mark the hand-off family of every matched message, both ways. */
void trace_follow(trace_msg *msgs, size_t n);

/* Print the matched messages in mode; returns how many were printed. */
size_t trace_print(const trace_msg *msgs, size_t n, int mode);

void trace_msg_free(trace_msg *x);

#endif
