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
