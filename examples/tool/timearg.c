/* timearg.c -- time arguments shared by the example tools (timearg.h). */
#include "timearg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* As in src/core/time.c. */
int64_t tool_days(int y, int mo, int d)
{
    int64_t yy = y - (mo <= 2), era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400, doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static int tool_unix_seconds(const char *s, int64_t *out)
{
    char *end;
    long long v;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end || end == s)
        return -1;
    *out = v;
    return 0;
}

int tool_parse_time(const char *s, int64_t *out)
{
    int y, mo, d, h = 12, mi = 0, sec = 0;
    size_t n = strlen(s);
    if ((n == 19 && sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) == 6) ||
        (n == 10 && sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) == 3)) {
        if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
            return -1;
        *out = tool_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
        return 0;
    }
    return tool_unix_seconds(s, out);
}

/* k decimal digits at *p into *v, moving *p past them. */
static int tool_digits(const char **p, int k, int *v)
{
    *v = 0;
    while (k--) {
        if (**p < '0' || **p > '9')
            return -1;
        *v = *v * 10 + (*(*p)++ - '0');
    }
    return 0;
}

int tool_parse_when(const char *s, int64_t *start, int64_t *len, int *zoned)
{
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, sec = 0, oh, om;
    int64_t off = 0;
    *zoned = 0;
    if (strlen(s) < 10 || s[4] != '-') {
        *zoned = 1;
        *len = 1;
        return tool_unix_seconds(s, start);
    }
    if (tool_digits(&p, 4, &y) || *p++ != '-' || tool_digits(&p, 2, &mo) || *p++ != '-' ||
        tool_digits(&p, 2, &d))
        return -1;
    *len = 86400;
    if (*p == 'T' || *p == ' ') {
        p++;
        if (tool_digits(&p, 2, &h) || *p++ != ':' || tool_digits(&p, 2, &mi))
            return -1;
        *len = 60;
        if (*p == ':') {
            p++;
            if (tool_digits(&p, 2, &sec))
                return -1;
            *len = 1;
            if (*p == '.' || *p == ',') /* a fraction: within the second */
                for (p++; *p >= '0' && *p <= '9'; p++)
                    ;
        }
    }
    if (*p == 'Z') {
        p++;
        *zoned = 1;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1;
        if (tool_digits(&p, 2, &oh))
            return -1;
        if (*p == ':')
            p++;
        if (tool_digits(&p, 2, &om) || oh > 23 || om > 59)
            return -1;
        off = sign * (oh * 3600 + om * 60);
        *zoned = 1;
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return -1;
    *start = tool_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
    return 0;
}
