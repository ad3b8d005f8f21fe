/* input.h -- input files for the example tools: plain or gzip-compressed
 * (zlib reads both, so one path serves), or standard input.  zlib is a
 * dependency of the tools only, never of the library. */
#ifndef MAILLOG_TOOL_INPUT_H
#define MAILLOG_TOOL_INPUT_H

#include <stddef.h>
#include <zlib.h>

typedef struct tool_in {
    gzFile gz;
    const char *name;
    long long mtime; /* -1 for standard input */
    long long ino, dev, pos; /* identity of the file, bytes read (for --follow) */
} tool_in;

/* Open a file name, or "-" for standard input.  On failure returns -1 with
 * the reason in err. */
int tool_open(tool_in *in, const char *name, char *err, size_t errlen);

/* Read up to n bytes: the count, 0 at the end, -1 on a read error or a
 * corrupt or truncated gzip stream (reason in err). */
long tool_read(tool_in *in, char *buf, unsigned n, char *err, size_t errlen);

void tool_close(tool_in *in);

#endif
