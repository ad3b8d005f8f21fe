/* metrics.h -- maillog-exporter's counters: one block of counters per
 * label set (MTA, host, instance), fed by records (line-level events) and
 * by the correlator's messages and sessions, and written out as
 * Prometheus/OpenMetrics text.  The number of label sets is bounded, so
 * memory is too, whatever the input. */
#ifndef MAILLOG_EXPORTER_METRICS_H
#define MAILLOG_EXPORTER_METRICS_H

#include <maillog.h>
#include <maillog_correlate.h>

#include <stddef.h>
#include <stdint.h>

/* Outcomes of a recipient, the values of maillog_recipients_total's
 * outcome label. */
enum { OUT_SENT, OUT_DEFERRED, OUT_BOUNCED, OUT_EXPIRED, OUT_REJECTED, OUT_DISCARDED, OUT_COUNT };

/* Upper bounds (seconds) of the histograms' buckets; +Inf is implied. */
#define EX_BUCKETS 12

/* The parts of Postfix's delays=a/b/c/d: before the queue manager, in
 * it, connection set-up, transmission. */
#define EX_DELAY_PARTS 4

/* The counters of one label set: one array, so that the state file can
 * write and read it as slots without knowing what each one means. */
enum {
    S_LINES,
    S_UNPARSED,
    S_PARSER_ERRORS,
    S_RECEIVED,
    S_RECEIVED_BYTES,
    S_DELIVERED_BYTES,
    S_AUTH_FAILURES,
    S_CONNECTIONS,
    S_OUTCOME,                                   /* OUT_COUNT of them */
    S_REJECT = S_OUTCOME + OUT_COUNT,            /* MAILLOG_REASON_COUNT */
    S_DEFERRAL = S_REJECT + MAILLOG_REASON_COUNT, /* MAILLOG_REASON_COUNT */
    S_DELAY = S_DEFERRAL + MAILLOG_REASON_COUNT, /* EX_BUCKETS + 1 counts, then the sum in us */
    S_LIFETIME = S_DELAY + EX_BUCKETS + 2,       /* the same for the queue lifetime */
    S_PARTS = S_LIFETIME + EX_BUCKETS + 2,       /* and for each part of delays= */
    S_COUNT = S_PARTS + EX_DELAY_PARTS * (EX_BUCKETS + 2)
};

/* Label sets beyond this many share one set whose host and instance are
 * "other": a log with ever new host names cannot grow the exporter. */
#define EX_MAX_SETS 1024

typedef struct ex_set {
    char mta[16];
    char *host, *instance; /* copied, NUL-terminated */
    size_t hlen, ilen;
    uint64_t v[S_COUNT];
} ex_set;

typedef struct ex_metrics {
    ex_set *sets;
    size_t nsets;
    int32_t *index; /* open addressing over sets, -1 empty; 2 * EX_MAX_SETS slots */
    ex_set *last;   /* the set of the previous record: most lines share it */
    uint64_t open_entries, evicted; /* from the correlators, set by the caller */
} ex_metrics;

int ex_metrics_init(ex_metrics *m);
void ex_metrics_free(ex_metrics *m);

/* The set of (mta, host, instance), created when new; never NULL (the
 * overflow set when the table is full or memory is short). */
ex_set *ex_set_get(ex_metrics *m, const char *mta, const char *host, size_t hlen,
                   const char *instance, size_t ilen);

/* Line-level counters of one record.  count 0 during a replay after a
 * restart: the set is still learnt (so that messages find their MTA), but
 * the record was counted before the restart. */
void ex_count_record(ex_metrics *m, const maillog_record *rec, int count);

/* What became of a message and of its recipients, when the correlator
 * emits it; and a finished SMTP session. */
void ex_count_message(ex_metrics *m, const maillog_message *msg);
void ex_count_session(ex_metrics *m, const maillog_session *ses);

/* The metrics as Prometheus text (version 0.0.4, which OpenMetrics
 * scrapers read too) in a malloc'd buffer; NULL when out of memory. */
char *ex_metrics_text(const ex_metrics *m, size_t *len);

#endif
