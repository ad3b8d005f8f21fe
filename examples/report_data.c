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
