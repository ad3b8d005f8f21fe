/* dialect.c -- the table of MTA dialects.  Adding an MTA means adding its
 * file and one entry here. */
#include "core/internal.h"

const ml_dialect *const ml_dialects[] = {
    &ml_dialect_postfix,
    &ml_dialect_sendmail,
    &ml_dialect_exim,
    &ml_dialect_opensmtpd,
    &ml_dialect_qmail,
    NULL,
};
