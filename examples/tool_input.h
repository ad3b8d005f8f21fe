/* tool_input.h -- input files for the example tools: plain or
 * gzip-compressed (zlib reads both, so one path serves), standard input,
 * and rotated sets put in order (mail.log.2.gz, mail.log.1, mail.log).
 * zlib is a dependency of the tools only, never of the library. */
#ifndef MAILLOG_TOOL_INPUT_H
#define MAILLOG_TOOL_INPUT_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

typedef struct tool_in {
    gzFile gz;
    const char *name;
    long long mtime; /* -1 for standard input */
    long long ino, dev, pos; /* identity of the file, bytes read (for --follow) */
} tool_in;

/* Open a file name, or "-" for standard input.  On failure returns -1 with
 * the reason in err. */
static int tool_open(tool_in *in, const char *name, char *err, size_t errlen)
{
    int fd;
    struct stat st;
    in->name = name;
    in->mtime = -1;
    in->pos = 0;
    fd = strcmp(name, "-") == 0 ? dup(0) : open(name, O_RDONLY);
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "is a directory");
        close(fd);
        return -1;
    }
    if (strcmp(name, "-") != 0)
        in->mtime = (long long)st.st_mtime;
    in->ino = (long long)st.st_ino;
    in->dev = (long long)st.st_dev;
    in->gz = gzdopen(fd, "rb");
    if (!in->gz) {
        snprintf(err, errlen, "cannot read (out of memory)");
        close(fd);
        return -1;
    }
    gzbuffer(in->gz, 1 << 16); /* tool_drain reads four times this: see there */
    return 0;
}

/* Read up to n bytes: the count, 0 at the end, -1 on a read error or a
 * corrupt or truncated gzip stream (reason in err). */
static long tool_read(tool_in *in, char *buf, unsigned n, char *err, size_t errlen)
{
    int got = gzread(in->gz, buf, n), code;
    const char *msg;
    if (got > 0) { /* data before a damaged part is delivered; the error comes next call */
        in->pos += got;
        return got;
    }
    msg = gzerror(in->gz, &code);
    if (got < 0 || (code != Z_OK && code != Z_STREAM_END)) {
        snprintf(err, errlen, "%s", code == Z_BUF_ERROR ? "compressed data is truncated"
                                  : code == Z_ERRNO ? strerror(errno)
                                                    : msg);
        return -1;
    }
    return got;
}

static void tool_close(tool_in *in) { gzclose(in->gz); }

/* "mail.log.3.gz" -> base length of "mail.log", rotation 3; a name without
 * a rotation number sorts last (newest) in its set. */
static long tool_rotation(const char *name, size_t *base_len)
{
    size_t n = strlen(name), end = n, digits;
    if (n > 3 && strcmp(name + n - 3, ".gz") == 0)
        end = n - 3;
    digits = end;
    while (digits > 0 && name[digits - 1] >= '0' && name[digits - 1] <= '9')
        digits--;
    if (digits < end && digits > 0 && name[digits - 1] == '.' && end - digits < 9) {
        *base_len = digits - 1;
        return atol(name + digits);
    }
    *base_len = end;
    return -1;
}

/* Put each rotated set in time order, oldest first; sets keep the order
 * in which their first member was named.  Stable insertion sort: argument
 * lists are short. */
static void tool_sort_rotated(const char **files, int n)
{
    int i, j;
    for (i = 1; i < n; i++) {
        const char *x = files[i];
        size_t xb, yb;
        long xr = tool_rotation(x, &xb);
        for (j = i; j > 0; j--) {
            const char *y = files[j - 1];
            long yr = tool_rotation(y, &yb);
            int same = xb == yb && strncmp(x, y, xb) == 0;
            /* older = higher rotation number; no number = newest */
            int x_older = xr >= 0 && (yr < 0 || xr > yr);
            if (!same || !x_older)
                break;
            files[j] = files[j - 1];
        }
        files[j] = x;
    }
}

#endif
