/* zone.c -- --timezone (zone.h).  The library has no time zone database,
 * by design (libc only, no global state): it asks the tool through
 * maillog_parser_set_zone, and the tool answers from mktime(3) under TZ. */
#include "zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "timearg.h"

int tool_zone_set(tool_zone *z, const char *name, char *err, size_t errlen)
{
    const char *dir = getenv("TZDIR");
    char path[4096];
    struct stat st;
    memset(z, 0, sizeof *z);
    /* a name of the database, not a path or a POSIX TZ rule: glibc takes
     * any string and falls back to UTC without a word */
    if (!*name || name[0] == '/' || name[0] == ':' || strstr(name, "..") ||
        strcspn(name, ",<>") != strlen(name)) {
        snprintf(err, errlen, "'%s' is not a time zone name (such as Europe/Berlin or UTC)",
                 name);
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "unknown time zone '%s' (not in %s; Debian: tzdata)", name,
                 dir && *dir ? dir : "/usr/share/zoneinfo");
        return -1;
    }
    if (setenv("TZ", name, 1) != 0) {
        snprintf(err, errlen, "cannot set TZ");
        return -1;
    }
    tzset();
    z->name = name;
    return 0;
}

int32_t tool_zone_offset(void *user, int64_t wall)
{
    tool_zone *z = user;
    int64_t slot = (wall >= 0 ? wall : wall - 899) / 900;
    struct tm tm;
    time_t t = (time_t)wall, u;
    /* zones change their offset on a quarter hour: one mktime per quarter
     * hour of log, not per line */
    if (z->have && slot == z->slot)
        return z->off;
    if (!gmtime_r(&t, &tm))
        return 0;
    tm.tm_isdst = -1; /* mktime decides, for the repeated hour too */
    u = mktime(&tm);
    z->off = u == (time_t)-1 ? 0 : (int32_t)(wall - (int64_t)u);
    z->slot = slot;
    z->have = 1;
    return z->off;
}

int32_t tool_zone_offset_at(const tool_zone *z, int64_t utc)
{
    struct tm tm;
    time_t t = (time_t)utc;
    (void)z;
    if (!localtime_r(&t, &tm))
        return 0;
    return (int32_t)(tool_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * 86400 +
                     tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec - utc);
}
