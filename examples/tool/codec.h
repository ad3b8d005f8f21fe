/* codec.h -- the decompressors behind tool_in (input.h): one table row
 * per compressed kind, with no functions when the build has not its
 * library.  Private to input.c and codec.c. */
#ifndef MAILLOG_TOOL_CODEC_H
#define MAILLOG_TOOL_CODEC_H

#include "input.h"

typedef struct tool_codec {
    const char *name;    /* "gzip" */
    const char *package; /* what to install to read it (Debian's name) */
    /* Start decoding in: 0, or -1 with in->msg set. */
    int (*init)(tool_in *in);
    /* Decode up to n bytes into buf, reading in->raw through tool_fill:
     * the count (0 when none could be had).  Sets in->done at the end of
     * the data, or in->failed and in->msg on an error; the bytes decoded
     * before either are counted. */
    size_t (*read)(tool_in *in, char *buf, size_t n);
    void (*end)(tool_in *in);
} tool_codec;

extern const tool_codec tool_codecs[TOOL_KINDS];

/* A decompressor's input buffer: 64 KiB, what the tools gave zlib's
 * gzbuffer() when zlib read the files itself. */
#define TOOL_RAW_SIZE (1u << 16)

/* When in->raw is consumed, read the next block of the file into it.
 * 0 (in->raw_eof set at the end of the file), or -1 on a read error
 * (in->failed set). */
int tool_fill(tool_in *in);

/* Mark in failed with msg; the first failure is kept. */
void tool_fail(tool_in *in, const char *msg);

#endif
