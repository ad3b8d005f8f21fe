/* input.h -- input files for the example tools: plain, or compressed with
 * gzip, xz, bzip2 or zstd (told by their first bytes, never by the name),
 * or standard input, in UTF-8 (or any bytes) or UTF-16.  Each decompressor is optional at build time
 * (HAVE_ZLIB, HAVE_LZMA, HAVE_BZIP2, HAVE_ZSTD); a file that needs a
 * missing one is refused with a message that says which package to
 * install.  So is a file whose first block is not text (tool_open's
 * comment has the rule).  The libraries are dependencies of the tools
 * only, never of the library. */
#ifndef MAILLOG_TOOL_INPUT_H
#define MAILLOG_TOOL_INPUT_H

#include <stddef.h>

/* What a file holds, from its first bytes. */
enum { TOOL_PLAIN, TOOL_GZIP, TOOL_XZ, TOOL_BZIP2, TOOL_ZSTD, TOOL_KINDS };

/* The decoded bytes that decide whether input is text: the first 4 KiB. */
#define TOOL_HEAD_SIZE 4096

typedef struct tool_in {
    int fd;
    int kind;                /* TOOL_PLAIN, TOOL_GZIP, ... */
    const char *name;
    long long mtime;         /* -1 for standard input */
    long long ino, dev;      /* identity of the file (for --follow) */
    long long pos;           /* bytes read from the file: compressed ones for a
                                compressed file (progress, --follow) */
    /* bytes read from the file and not yet consumed: the first block,
     * read to tell the kind, then a decompressor's input */
    unsigned char *raw;
    size_t raw_off, raw_len, raw_cap;
    int raw_eof;
    /* decoded bytes read by tool_open to tell text from binary, given
     * out by tool_read before any other */
    char head[TOOL_HEAD_SIZE];
    size_t head_off, head_len;
    int done;                /* the decompressor reached the end of its data */
    int failed;              /* msg holds why the data cannot be read further */
    char msg[200];
    void *dec;               /* the decompressor's state */
    int dec_state;           /* a decompressor's own flag (zstd: frame open) */
    /* UTF-16 input (utf16.h): the decoded bytes not yet converted (a
     * block, after at most 3 left from the one before), and the UTF-8
     * they gave that tool_read has not handed out yet */
    int utf16;               /* 0, TOOL_UTF16LE or TOOL_UTF16BE */
    char *u16, *u8;
    size_t u16_len, u8_off, u8_len;
} tool_in;

/* tool_open flags. */
#define TOOL_IN_TEXT 1 /* read a file that looks binary all the same (--text) */

/* Open a file name, or "-" for standard input, tell its kind and start
 * its decompressor, and read its first block.  Refused, returning -1 with
 * the reason in err: a file that cannot be opened or is a directory, one
 * compressed with a format this build cannot read, and (without
 * TOOL_IN_TEXT) binary data: more than 5% of the first 4 KiB (decoded)
 * NUL bytes or control characters other than tab, newline, carriage
 * return, form feed, vertical tab, backspace and escape.  Random or
 * compressed bytes have 10% of those, a log none or a stray few.  UTF-16
 * text (a byte order mark, or NUL in every other byte) is converted to
 * UTF-8 as it is read, and checked once converted.  A compressed stream
 * that is damaged early still opens: the damage is reported by tool_read
 * after what could be decoded. */
int tool_open(tool_in *in, const char *name, int flags, char *err, size_t errlen);

/* Read up to n decoded bytes: the count, 0 at the end, -1 on a read error
 * or a corrupt or truncated compressed stream (reason in err).  Bytes
 * decoded before a damaged part are delivered first; the error comes next
 * call.  A plain file read to its end can be read again when it grows. */
long tool_read(tool_in *in, char *buf, size_t n, char *err, size_t errlen);

void tool_close(tool_in *in);

/* "gzip", "xz", ... for a kind; "plain" for TOOL_PLAIN. */
const char *tool_kind_name(int kind);

/* 1 when this build can read the kind. */
int tool_kind_supported(int kind);

#endif
