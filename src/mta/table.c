/* table.c -- the built-in dialects, one row per MTA.  Adding an MTA means
 * its unit under src/mta/, one row here and its MAILLOG_MTA_* id in
 * maillog.h (see src/mta/README.md).  Order matters only between dialects
 * that claim the same tag: the first one that claims a line reads it. */
#include "mta/dialect.h"

const ml_dialect *const ml_dialects[] = {
    &ml_dialect_postfix,
    &ml_dialect_sendmail,
    &ml_dialect_exim,
    &ml_dialect_opensmtpd,
    &ml_dialect_qmail,
    /* last, the MTAs of files without a syslog tag: their sniffs run for
     * every tagged line the others did not claim (they say no at once),
     * and for untagged lines after theirs */
    &ml_dialect_exchange,
    &ml_dialect_mailenable,
    /* its sniff says no to a tagged line at once, as Exchange's */
    &ml_dialect_hmailserver,
    NULL,
};

const ml_dialect *ml_dialect_of(int32_t mta)
{
    size_t i;
    for (i = 0; ml_dialects[i]; i++)
        if (ml_dialects[i]->mta == mta)
            return ml_dialects[i];
    return NULL;
}
