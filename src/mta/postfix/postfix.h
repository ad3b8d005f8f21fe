/* postfix.h -- the parts of the Postfix unit shared between its files and
 * with its tests. */
#ifndef ML_MTA_POSTFIX_H
#define ML_MTA_POSTFIX_H

#include "mta/dialect.h"

/* Pairs from p: the general walk, and the fixed orders of the delivery
 * and qmgr from= lines (0, r untouched, for any other shape). */
ML_HIDDEN void ml_postfix_kv_fields(maillog_record *r, uint32_t p, uint32_t end);
ML_HIDDEN int ml_postfix_delivery_fast(maillog_record *r, uint32_t p, uint32_t end);
ML_HIDDEN int ml_postfix_queued_fast(maillog_record *r, uint32_t p, uint32_t end);

#endif
