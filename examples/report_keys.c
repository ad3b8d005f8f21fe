/* report_keys.c -- what maillog-report's tables are keyed by: fields as
 * strings that are never NULL, lower-cased domains and addresses, reply
 * texts cut to their reason, hosts without their port, and the traffic
 * and instance counters every part of the report updates. */
#include <maillog.h>
#include <maillog_correlate.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tool/tally.h"

#include "report_data.h"
#include "report_keys.h"

/* Field getters that leave "" (never NULL) behind for an absent field, so
 * that every span can go to memcpy and printf as it is. */
int rk_present(int rc, const char **p, size_t *n)
{
    if (rc == 1)
        return 1;
    *p = "";
    *n = 0;
    return 0;
}

int rk_get(const maillog_record *r, int32_t f, const char **p, size_t *n)
{
    return rk_present(maillog_record_field(r, f, p, n), p, n);
}

int rk_rfield(const maillog_message *m, uint32_t i, int32_t f, const char **p, size_t *n)
{
    return rk_present(maillog_message_recipient_field(m, i, f, p, n), p, n);
}

int rk_sfield(const maillog_session *ses, int32_t f, const char **p, size_t *n)
{
    return rk_present(maillog_session_field(ses, f, p, n), p, n);
}

/* ASCII only, as pflogsumm's lc() on bytes, and without a call per byte. */
char rk_lower_c(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

void rk_lower(char *s)
{
    for (; *s; s++)
        *s = rk_lower_c(*s);
}

/* Lower-case the n bytes at s in place, eight at a time: in each byte's
 * low seven bits, adding 0x3F carries into the top bit from 'A' up, and
 * adding 0x25 from '[' up; an ASCII byte between gets its 0x20 bit. */
void rk_lower_n(char *s, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, low;
        memcpy(&x, s + i, 8);
        low = x & 0x7F7F7F7F7F7F7F7FULL;
        x |= ((low + 0x3F3F3F3F3F3F3F3FULL) & ~(low + 0x2525252525252525ULL) & ~x &
              0x8080808080808080ULL) >> 2;
        memcpy(s + i, &x, 8);
    }
    for (; i < n; i++)
        s[i] = rk_lower_c(s[i]);
}

/* The domain of an address, lower-cased, into buf; "" when it has none. */
const char *rk_domain_of(const char *a, size_t n, char *buf, size_t cap)
{
    const char *at = NULL;
    size_t i, k;
    for (i = n; i > 0; i--)
        if (a[i - 1] == '@') {
            at = a + i;
            break;
        }
    k = at ? n - (size_t)(at - a) : 0;
    if (k >= cap)
        k = cap - 1;
    if (k)
        memcpy(buf, at, k);
    buf[k] = '\0';
    rk_lower_n(buf, k);
    return buf;
}

/* An address with its domain lower-cased (as pflogsumm does), "from=<>"
 * for the null sender: copied whole, then the part after the first '@'
 * lowered. */
const char *rk_addr_key(const char *a, size_t n, char *buf, size_t cap)
{
    const char *at;
    if (n == 0)
        return "from=<>";
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, a, n);
    buf[n] = '\0';
    if ((at = memchr(buf, '@', n)) != NULL)
        rk_lower_n(buf + (at - buf) + 1, n - (size_t)(at - buf) - 1);
    return buf;
}

/* The host part of "host[addr]:port" (relay), or the whole text. */
size_t rk_host_len(const char *p, size_t n)
{
    const char *b = memchr(p, '[', n);
    return b ? (size_t)(b - p) : n;
}

/* A reply reduced to its reason, so that like replies group together:
 * without "host X said: ", the SMTP and enhanced codes, a leading <addr>:,
 * "connect to ", "(in reply to ...)" and anything after ';'. */
const char *rk_reason_of(const char *p, size_t n, char *buf, size_t cap)
{
    const char *said = NULL, *e = p + n, *s, *semi, *cut;
    size_t k;
    for (s = p; s < e && (s = memchr(s, ':', (size_t)(e - s))) != NULL; s++) /* the last one */
        if (s - p >= 5 && e - s >= 2 && s[1] == ' ' && memcmp(s - 5, " said", 5) == 0)
            said = s + 2;
    if (said)
        p = said;
    if (e - p >= 4 && isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
        isdigit((unsigned char)p[2]) && (p[3] == ' ' || p[3] == '-'))
        p += 4;
    if (e - p >= 6 && isdigit((unsigned char)p[0]) && p[1] == '.') {
        s = memchr(p, ' ', (size_t)(e - p));
        if (s)
            p = s + 1;
    }
    if (p < e && *p == '<') {
        s = memchr(p, '>', (size_t)(e - p));
        if (s && s + 2 <= e && s[1] == ':')
            p = s + 2 < e && s[2] == ' ' ? s + 3 : s + 2;
    }
    if (e - p > 11 && memcmp(p, "connect to ", 11) == 0)
        p += 11;
    /* up to the first ';' or " (in reply to " */
    semi = memchr(p, ';', (size_t)(e - p));
    cut = semi ? semi : e;
    for (s = p + 1; s < cut && (s = memchr(s, '(', (size_t)(cut - s))) != NULL; s++)
        if (s[-1] == ' ' && e - s > 13 && memcmp(s - 1, " (in reply to ", 14) == 0) {
            cut = s - 1;
            break;
        }
    e = cut;
    while (e > p && e[-1] == ' ')
        e--;
    k = (size_t)(e - p);
    if (k >= cap)
        k = cap - 1;
    memcpy(buf, p, k);
    buf[k] = '\0';
    return buf;
}

/* The n bytes at p as a string in buf, cut to fit: snprintf's "%.*s" at
 * a tenth of its cost, for keys made per message and session. */
const char *rk_span_str(char *buf, size_t cap, const char *p, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

/* Join parts with tabs into buf (keys of two-level tables), cut to fit as
 * snprintf's "%.*s\t%s" would cut them, at a tenth of its cost: a key is
 * made for every deferral and bounce. */
const char *rk_key2(char *buf, size_t cap, const char *a, size_t an, const char *b)
{
    const char *nul = memchr(a, '\0', an); /* "%.*s" stops at a NUL */
    size_t k = nul ? (size_t)(nul - a) : an, bn = strlen(b);
    if (k > cap - 1)
        k = cap - 1;
    memcpy(buf, a, k);
    if (k < cap - 1)
        buf[k++] = '\t';
    if (bn > cap - 1 - k)
        bn = cap - 1 - k;
    memcpy(buf + k, b, bn);
    buf[k + bn] = '\0';
    return buf;
}

void rk_local_tm(int64_t t, int32_t off, struct tm *tm)
{
    time_t x = (time_t)(t + off);
    gmtime_r(&x, tm);
}

/* Traffic by local hour and day.  Lines come in time order, so the day's
 * entry is kept from one call to the next instead of formatted and looked
 * up each time. */
void rk_count_traffic(report *r, int64_t t, int col)
{
    int64_t local = t + r->offset, day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    r->hour[(local - day * 86400) / 3600][col]++;
    if (!r->day_ent || day != r->day_num) {
        struct tm tm;
        char name[16];
        rk_local_tm(t, r->offset, &tm);
        strftime(name, sizeof name, "%Y-%m-%d", &tm);
        r->day_ent = tally_gets(&r->days, name);
        r->day_num = day;
    }
    if (r->day_ent)
        r->day_ent->v[col]++;
}

/* The instance's entry; the last one is kept, as most lines share it. */
tally_ent *rk_instance(report *r, const char *p, size_t n)
{
    if (!n)
        p = "-", n = 1;
    if (!r->inst_ent || r->inst_ent->klen != n || memcmp(r->inst_ent->key, p, n) != 0)
        r->inst_ent = tally_get(&r->instances, p, n);
    return r->inst_ent;
}
