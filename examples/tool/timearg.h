/* timearg.h -- time arguments shared by the example tools:
 * YYYY-MM-DD (noon UTC, so any offset keeps the day), YYYY-MM-DDThh:mm:ss
 * (UTC), or Unix seconds. */
#ifndef MAILLOG_TOOL_TIMEARG_H
#define MAILLOG_TOOL_TIMEARG_H

#include <stdint.h>

/* s as Unix seconds into *out: 0, or -1 when s is none of the forms. */
int tool_parse_time(const char *s, int64_t *out);

#endif
