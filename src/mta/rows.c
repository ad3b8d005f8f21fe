/* rows.c -- helpers for the dialects of row-per-step files (rows.h). */
#include "mta/rows.h"
#include "scan/scan.h"

int ml_day_sec(ml_day *c, int32_t y, int32_t mo, int32_t d, int64_t *sec)
{
    if (c->y != y || c->mo != mo || c->d != d) {
        if (!ml_valid_date(y, mo, d))
            return 0;
        c->y = y;
        c->mo = mo;
        c->d = d;
        c->sec = ml_days_from_civil(y, mo, d) * 86400;
    }
    *sec = c->sec;
    return 1;
}

int ml_rows_field_key(const char *k, uint32_t n)
{
    (void)k;
    (void)n;
    return 0;
}

int ml_rows_digits(const char *s, uint32_t n, int32_t *v)
{
    int32_t x = 0;
    uint32_t i;
    for (i = 0; i < n; i++) {
        unsigned dg = (unsigned)(unsigned char)s[i] - '0';
        if (dg > 9)
            return 0;
        x = x * 10 + (int32_t)dg;
    }
    *v = x;
    return 1;
}

int ml_rows_is_reply(const char *s, uint32_t a, uint32_t b, int plus)
{
    return b - a >= 3 && b > a && ml_is((unsigned char)s[a], ML_C_DIGIT) &&
           ml_is((unsigned char)s[a + 1], ML_C_DIGIT) &&
           ml_is((unsigned char)s[a + 2], ML_C_DIGIT) &&
           (b - a == 3 || s[a + 3] == ' ' || s[a + 3] == '-' || (plus && s[a + 3] == '+'));
}

/* lit (lower case) at s, any case; its space matches a W3C log's '+' too. */
static int verb_is(const char *s, uint32_t n, const char *lit)
{
    uint32_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = ml_lower((unsigned char)s[i]);
        if (c != (unsigned char)lit[i] && !(lit[i] == ' ' && c == '+'))
            return 0;
    }
    return 1;
}

int ml_rows_command(maillog_record *r, uint32_t a, uint32_t b)
{
    const char *s = r->line;
    uint32_t gt;
    int f;
    if (b > a && b - a > 10 && verb_is(s + a, 10, "mail from:"))
        f = MAILLOG_F_FROM, a += 10;
    else if (b > a && b - a > 8 && verb_is(s + a, 8, "rcpt to:"))
        f = MAILLOG_F_TO, a += 8;
    else
        return -1;
    while (a < b && (s[a] == ' ' || s[a] == '+'))
        a++;
    if (a >= b || s[a] != '<' || (gt = ml_find(s, a, b, '>')) >= b)
        return -1;
    ml_set(r, f, a + 1, gt - a - 1);
    return f;
}

/* The value of a base64 digit, or -1. */
static int b64(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* A name as a log's reader can show it: no control bytes (UTF-8 beyond
 * ASCII is kept as it is). */
static int printable(const char *p, uint32_t n)
{
    uint32_t i;
    for (i = 0; i < n; i++)
        if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
            return 0;
    return n > 0;
}

uint32_t ml_rows_login_decode(const char *s, uint32_t a, uint32_t b, int how, char *out)
{
    /* room for a PLAIN text with a long password: only the name is kept */
    char buf[3 * ML_LOGIN_MAX];
    uint32_t n = 0, bits = 0, acc = 0, nul1, nul2, i;
    int pad = 0;
    if (b <= a || (b - a) % 4 != 0 || (b - a) / 4 * 3 > sizeof buf)
        return 0;
    for (i = a; i < b; i++) {
        int v = b64((unsigned char)s[i]);
        if (s[i] == '=' && i + 2 >= b && (i + 1 == b || s[i + 1] == '=')) {
            pad = 1; /* one or two at the end */
            continue;
        }
        if (v < 0 || pad)
            return 0;
        acc = acc << 6 | (uint32_t)v;
        if ((bits += 6) >= 8) {
            bits -= 8;
            buf[n++] = (char)(acc >> bits & 0xFFu);
        }
    }
    for (nul1 = 0; nul1 < n && buf[nul1]; nul1++)
        ;
    if (how == ML_LOGIN_NAME || (how == ML_LOGIN_ANY && nul1 == n)) {
        if (n > ML_LOGIN_MAX || !printable(buf, n))
            return 0;
        memcpy(out, buf, n);
        return n;
    }
    for (nul2 = nul1 + 1; nul2 < n && buf[nul2]; nul2++)
        ;
    if (nul2 >= n) /* not authzid NUL authcid NUL password */
        return 0;
    if (nul2 == nul1 + 1) /* no authcid: the authzid names the account */
        a = 0, b = nul1;
    else
        a = nul1 + 1, b = nul2;
    if (b - a > ML_LOGIN_MAX || !printable(buf + a, b - a))
        return 0;
    memcpy(out, buf + a, b - a);
    return b - a;
}

ml_login *ml_rows_login_of(ml_logins *t, const maillog_record *r, int take)
{
    const char *id = r->line + r->f[MAILLOG_F_SESSION_ID].off;
    uint32_t n = r->f[MAILLOG_F_SESSION_ID].len, i;
    ml_login *l;
    if (!ml_has(r, MAILLOG_F_SESSION_ID) || n == 0 || n > ML_LOGIN_ID_MAX)
        return NULL;
    for (i = 0; i < ML_LOGIN_SLOTS; i++)
        if (t->slot[i].id_len == n && memcmp(t->slot[i].id, id, n) == 0)
            return &t->slot[i];
    if (!take)
        return NULL;
    l = &t->slot[t->next++ % ML_LOGIN_SLOTS];
    memcpy(l->id, id, n);
    l->id_len = n;
    l->len = 0;
    return l;
}
