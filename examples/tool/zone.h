/* zone.h -- --timezone for the tools: the offset of local stamps that
 * have none, from a time zone of the system's database (daylight saving
 * time included) instead of one fixed --default-offset. */
#ifndef MAILLOG_TOOL_ZONE_H
#define MAILLOG_TOOL_ZONE_H

#include <stddef.h>
#include <stdint.h>

typedef struct tool_zone {
    const char *name;  /* as given; NULL: no zone, the fixed offset rules */
    int64_t slot;      /* the quarter hour of wall time last asked */
    int32_t off;       /* and its offset */
    int have;
} tool_zone;

/* Take ZONE: a name of the time zone database (Europe/Berlin, UTC, ...),
 * found under $TZDIR or /usr/share/zoneinfo, made the process's TZ.
 * 0, or -1 with the reason in err. */
int tool_zone_set(tool_zone *z, const char *name, char *err, size_t errlen);

/* maillog_zone_fn: the offset east of UTC in force at a local wall time
 * (seconds since the epoch read as UTC).  user: the tool_zone. */
int32_t tool_zone_offset(void *user, int64_t wall);

/* The offset east of UTC in force at an instant (Unix seconds). */
int32_t tool_zone_offset_at(const tool_zone *z, int64_t utc);

#endif
