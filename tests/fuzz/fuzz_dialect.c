/* fuzz_dialect.c -- the streaming parser with a dialect whose "#Fields:"
 * header lines claim the stream and declare its columns (the fixture of
 * tests/fixture_dialect.c): header claims, the stream's dialect, its state
 * across lines and chunks, and the fall-back to the other dialects are
 * checked as stream_check.h says. */
#include "stream_check.h"
#include "../fixture_dialect.h"

static void release(maillog_parser *p) { free(p); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return stream_check(data, size, fixture_parser, release);
}
