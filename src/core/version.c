/* version.c -- the version of the linked library, for checks against the
 * header a program was compiled with. */
#include "core/internal.h"

uint32_t maillog_version(void) { return MAILLOG_VERSION_HEX; }
const char *maillog_version_string(void) { return MAILLOG_VERSION_STRING; }
