/* dialect.c -- the table of MTA dialects.  Adding an MTA means adding its
 * file and one entry here. */
#include "internal.h"

static const ml_dialect *const dialects[] = {
    &ml_dialect_postfix,
    &ml_dialect_sendmail,
    &ml_dialect_exim,
    &ml_dialect_opensmtpd,
};

const ml_dialect *ml_dialect_for(const maillog_record *r, int32_t force_mta)
{
    size_t i;
    for (i = 0; i < sizeof dialects / sizeof dialects[0]; i++) {
        if (force_mta != MAILLOG_MTA_UNKNOWN) {
            if (dialects[i]->mta == force_mta)
                return dialects[i];
        } else if ((ml_has(r, MAILLOG_F_PROGRAM) || (r->flags & ML_REC_NATIVE_STAMP)) &&
                   dialects[i]->match_tag(r->line, r)) {
            return dialects[i];
        }
    }
    return NULL;
}
