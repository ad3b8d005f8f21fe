/* fuzz_stream.c -- the streaming parser with the built-in dialects (see
 * stream_check.h). */
#include "stream_check.h"

static maillog_parser *make(uint32_t max_line)
{
    maillog_parser *p = NULL;
    return maillog_parser_new(NULL, max_line, &p) == MAILLOG_OK ? p : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return stream_check(data, size, make, maillog_parser_free);
}
