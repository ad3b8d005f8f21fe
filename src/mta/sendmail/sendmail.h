/* sendmail.h -- the parts of the Sendmail unit shared between its files. */
#ifndef ML_MTA_SENDMAIL_H
#define ML_MTA_SENDMAIL_H

#include "mta/dialect.h"

/* sendmail.c: relay=host [addr] (may be forged) | [addr] | user@host into
 * the client's (client) or the relay's fields, 1 when an address was
 * found; the key=value pairs of an envelope line into fields. */
int ml_sendmail_relay(maillog_record *r, uint32_t v, uint32_t end, int client);
void ml_sendmail_kv(maillog_record *r, uint32_t p, uint32_t end, int client_relay);

/* session.c: a line about an SMTP session; 1 when understood. */
int ml_sendmail_session(maillog_record *r, uint32_t p, uint32_t end);

#endif
