/* report_keys.h -- the helpers of maillog-report's parts (report_keys.c). */
#ifndef MAILLOG_REPORT_KEYS_H
#define MAILLOG_REPORT_KEYS_H

#include <maillog.h>
#include <maillog_correlate.h>
#include <time.h>

#include "report_data.h"

/* Field getters that leave "" (never NULL) behind for an absent field. */
int rk_present(int rc, const char **p, size_t *n);
int rk_get(const maillog_record *r, int32_t f, const char **p, size_t *n);
int rk_rfield(const maillog_message *m, uint32_t i, int32_t f, const char **p, size_t *n);
int rk_sfield(const maillog_session *ses, int32_t f, const char **p, size_t *n);

/* ASCII lower case, in place. */
char rk_lower_c(char c);
void rk_lower(char *s);
void rk_lower_n(char *s, size_t n);

/* Keys: a domain or an address lower-cased, a host without its port, a
 * reply text cut to what it says, spans as strings, two parts joined. */
const char *rk_domain_of(const char *a, size_t n, char *buf, size_t cap);
const char *rk_addr_key(const char *a, size_t n, char *buf, size_t cap);
size_t rk_host_len(const char *p, size_t n);
const char *rk_reason_of(const char *p, size_t n, char *buf, size_t cap);
const char *rk_span_str(char *buf, size_t cap, const char *p, size_t n);
const char *rk_key2(char *buf, size_t cap, const char *a, size_t an, const char *b);

/* Times in the log's own offset; the traffic and instance counters. */
void rk_local_tm(int64_t t, int32_t off, struct tm *tm);
void rk_count_traffic(report *r, int64_t t, int col);
tally_ent *rk_instance(report *r, const char *p, size_t n);

/* The correlator's message callback: arrival and recipients counted. */
int report_on_message(void *user, const maillog_message *m);

#endif
