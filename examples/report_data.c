/* report_data.c -- what maillog-report counts: the checks and the
 * teardown that concern every table (report_data.h). */
#include "report_data.h"

#include <stdlib.h>
#include <string.h>

/* Every table, for the checks and the teardown that concern them all. */
static size_t report_tables(report *r, tally **all)
{
    tally *each[] = {&r->days,           &r->instances,      &r->defer_reasons,
                     &r->bounce_reasons, &r->reject_reasons, &r->warn_reasons,
                     &r->hold_reasons,   &r->discard_reasons, &r->sasl_failures,
                     &r->problems,       &r->conn_clients,
                     &r->failing_relays, &r->senders,        &r->sender_domains,
                     &r->recipients,     &r->recipient_domains, &r->relay_delays,
                     &r->queued};
    size_t n = sizeof each / sizeof each[0];
    memcpy(all, each, sizeof each);
    return n;
}

void report_add_lines(report *dst, const report *src)
{
    const tally *from[] = {&src->days, &src->instances, &src->defer_reasons,
                           &src->bounce_reasons, &src->reject_reasons, &src->warn_reasons,
                           &src->hold_reasons, &src->discard_reasons, &src->sasl_failures,
                           &src->problems, &src->failing_relays, &src->recipient_domains};
    tally *to[] = {&dst->days, &dst->instances, &dst->defer_reasons,
                   &dst->bounce_reasons, &dst->reject_reasons, &dst->warn_reasons,
                   &dst->hold_reasons, &dst->discard_reasons, &dst->sasl_failures,
                   &dst->problems, &dst->failing_relays, &dst->recipient_domains};
    size_t i, j;
    for (i = 0; i < sizeof to / sizeof to[0]; i++)
        tally_add(to[i], from[i]);
    dst->lines += src->lines;
    dst->unparsed += src->unparsed;
    if (src->have_ts) {
        if (!dst->have_ts || src->first_ts < dst->first_ts)
            dst->first_ts = src->first_ts;
        if (!dst->have_ts || src->last_ts > dst->last_ts)
            dst->last_ts = src->last_ts;
        dst->have_ts = 1;
    }
    dst->t.deferrals += src->t.deferrals;
    dst->t.rejected += src->t.rejected;
    dst->t.held += src->t.held;
    dst->t.discarded += src->t.discarded;
    dst->t.warned += src->t.warned;
    for (i = 0; i < 24; i++)
        for (j = 0; j < T_COLS; j++)
            dst->hour[i][j] += src->hour[i][j];
    for (i = 0; i < MAILLOG_REASON_COUNT; i++)
        for (j = 0; j < R_COLS; j++)
            dst->by_reason[i][j] += src->by_reason[i][j];
}

int report_oom(report *r)
{
    tally *all[32];
    size_t n = report_tables(r, all), i;
    for (i = 0; i < n; i++)
        if (all[i]->oom)
            return 1;
    return 0;
}

void report_free(report *r)
{
    tally *all[32];
    size_t n, i;
    if (!r)
        return;
    n = report_tables(r, all);
    for (i = 0; i < n; i++)
        tally_free(all[i]);
    free(r);
}
