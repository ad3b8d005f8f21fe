/* report_data.h -- what maillog-report counts while it reads. */
#ifndef MAILLOG_REPORT_DATA_H
#define MAILLOG_REPORT_DATA_H

#include <maillog_correlate.h>

#include "tool/run.h"
#include "tool/tally.h"

/* Traffic columns, per hour and per day. */
enum { T_RECEIVED, T_DELIVERED, T_DEFERRED, T_BOUNCED, T_REJECTED, T_COLS };

/* Failure columns, by reason. */
enum { R_DEFERRALS, R_BOUNCES, R_REJECTS, R_EXPIRED, R_COLS };

/* Instance columns. */
enum { I_RECEIVED, I_DELIVERED, I_DEFERRALS, I_BOUNCED, I_REJECTED, I_LINES };

typedef struct totals {
    uint64_t received, delivered, forwarded, deferred_msgs, deferrals, bounced, rejected,
        warned, held, discarded, bytes_received, bytes_delivered;
    /* by message */
    uint64_t messages, hops, notifications, msg_rejected, msg_discarded, msg_held, expired,
        queued, evicted, handed_off_rcpts, handed_off_bytes, left_view_rcpts;
    uint64_t connections, conn_seconds, conn_max;
} totals;

typedef struct report {
    tool_opts o;
    maillog_corr *corr;
    int json, top;
    int human;               /* --human: byte figures of the text in k and m */
    uint64_t lines, unparsed;
    int64_t first_ts, last_ts;
    int have_ts;
    int32_t offset;          /* UTC offset of the latest line, for message times */
    totals t;
    uint64_t hour[24][T_COLS];
    tally days;              /* v[T_*] */
    tally instances;         /* v[I_*] */
    tally defer_reasons;     /* "service\treason" */
    tally bounce_reasons;    /* "relay\treason" */
    tally reject_reasons, warn_reasons, hold_reasons, discard_reasons; /* "stage\treason" */
    tally sasl_failures;     /* client */
    tally problems;          /* "severity\tservice\ttext" */
    tally conn_clients;      /* client domain: connections, seconds, max seconds */
    tally failing_relays;    /* relay host: deferrals, bounces */
    uint64_t by_reason[MAILLOG_REASON_COUNT][R_COLS]; /* failures by maillog_reason_name() */
    tally senders, sender_domains;       /* count, bytes */
    tally recipients, recipient_domains; /* count, bytes, defers, delay ms sum, delay ms max */
    tally relay_delays;      /* relay host: count; samples: delay in microseconds */
    tally queued;            /* "qid\tfrom": v0 first time, v1 recipients */
    tally_ent *day_ent, *inst_ent; /* the last ones used (tally entries never move) */
    int64_t day_num;
} report;

/* 1 when a table lost counts to an allocation failure. */
int report_oom(report *r);

/* The line tallies of src (what maillog-report counts of each record
 * alone) added to dst's; src has no others. */
void report_add_lines(report *dst, const report *src);

/* Every table, then r itself; NULL is allowed. */
void report_free(report *r);

#endif
