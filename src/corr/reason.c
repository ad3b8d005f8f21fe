/* reason.c -- the reason of a correlated recipient's last attempt, from
 * the dsn and reply kept for it (the classifier is src/reason/). */
#include "corr/corr.h"
#include "reason/reason.h"

int32_t maillog_message_recipient_reason(const maillog_message *m, uint32_t i)
{
    const ml_rcpt *r;
    if (!m || i >= m->nrcpt)
        return MAILLOG_E_INVAL;
    r = &m->rcpt[i];
    return ml_reason_for(r->n[MAILLOG_RN_STATUS], r->f[MAILLOG_R_DSN].p, r->f[MAILLOG_R_DSN].n, 0,
                         r->f[MAILLOG_R_REPLY].p, r->f[MAILLOG_R_REPLY].n);
}
