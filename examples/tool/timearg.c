/* timearg.c -- time arguments shared by the example tools (timearg.h). */
#include "timearg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tool_parse_time(const char *s, int64_t *out)
{
    int y, mo, d, h = 12, mi = 0, sec = 0;
    char *end;
    long long v;
    size_t n = strlen(s);
    if ((n == 19 && sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) == 6) ||
        (n == 10 && sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) == 3)) {
        /* days from the civil date, as in src/time.c */
        int64_t yy = y - (mo <= 2), era = (yy >= 0 ? yy : yy - 399) / 400;
        int64_t yoe = yy - era * 400, doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
            return -1;
        *out = (era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468) * 86400 +
               h * 3600 + mi * 60 + sec;
        return 0;
    }
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end || end == s)
        return -1;
    *out = v;
    return 0;
}
