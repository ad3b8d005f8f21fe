/* dialect.c -- the table of MTA dialects.  Adding an MTA means adding its
 * file and one entry here. */
#include "internal.h"

static const ml_dialect *const dialects[] = {
    &ml_dialect_postfix,
    &ml_dialect_sendmail,
    &ml_dialect_exim,
    &ml_dialect_opensmtpd,
    &ml_dialect_qmail,
};

const ml_dialect *ml_dialect_for(const maillog_record *r, int32_t force_mta, size_t *pos)
{
    size_t i;
    for (i = *pos; i < sizeof dialects / sizeof dialects[0]; i++) {
        if (force_mta != MAILLOG_MTA_UNKNOWN ? dialects[i]->mta == force_mta
                                             : (ml_has(r, MAILLOG_F_PROGRAM) ||
                                                (r->flags & ML_REC_NATIVE_STAMP)) &&
                                                   dialects[i]->match_tag(r->line, r)) {
            *pos = i + 1;
            return dialects[i];
        }
    }
    *pos = i;
    return NULL;
}
