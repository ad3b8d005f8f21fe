/* utf16.h -- UTF-16 input converted to UTF-8 for the tools.  Windows
 * exports of Exchange, hMailServer or MailEnable logs are sometimes saved
 * as UTF-16 ("Unicode" in Windows' words); the library reads UTF-8 (and
 * any bytes), so the tools convert such a file as they read it. */
#ifndef MAILLOG_TOOL_UTF16_H
#define MAILLOG_TOOL_UTF16_H

#include <stddef.h>

enum { TOOL_UTF16LE = 1, TOOL_UTF16BE = 2 };

/* TOOL_UTF16LE or TOOL_UTF16BE when the first decoded bytes are UTF-16:
 * a byte order mark, or (without one) NUL in nearly every other byte and
 * in almost none of the others over at least 64 bytes; else 0. */
int tool_utf16_sniff(const char *head, size_t n);

/* Convert whole UTF-16 units of in[0..n) to UTF-8 in out, which has room
 * for 3 bytes per 2 of input (4 per surrogate pair).  Byte order marks
 * are dropped, unpaired surrogates become U+FFFD.  *used: the input
 * consumed; without final, an odd last byte or a high surrogate whose
 * pair is not in this block is left for the next call; with final, they
 * become U+FFFD.  Returns the bytes written. */
size_t tool_utf16_to_utf8(int order, const char *in, size_t n, int final, size_t *used,
                          char *out);

#endif
