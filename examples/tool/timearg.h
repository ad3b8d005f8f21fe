/* timearg.h -- time arguments shared by the example tools. */
#ifndef MAILLOG_TOOL_TIMEARG_H
#define MAILLOG_TOOL_TIMEARG_H

#include <stdint.h>

/* --reference-time: YYYY-MM-DD (noon UTC, so any offset keeps the day),
 * YYYY-MM-DDThh:mm:ss (UTC), or Unix seconds, into *out: 0, or -1 when s
 * is none of the forms. */
int tool_parse_time(const char *s, int64_t *out);

/* --since and --until: the period s names, as its first second (*start,
 * Unix seconds) and its length in seconds (*len): YYYY-MM-DD a day,
 * YYYY-MM-DDThh:mm (or a space for the T) a minute, ...:ss a second, each
 * optionally followed by Z or an offset (+hh:mm, +hhmm, -hh:mm); or Unix
 * seconds.  Without a zone the date and time are read as UTC and *zoned is
 * 0 (the caller applies the offset it means); with one, or as Unix
 * seconds, *zoned is 1.  0, or -1 when s is none of the forms. */
int tool_parse_when(const char *s, int64_t *start, int64_t *len, int *zoned);

/* Days since 1970-01-01 of a civil date. */
int64_t tool_days(int y, int mo, int d);

#endif
