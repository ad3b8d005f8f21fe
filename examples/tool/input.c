/* input.c -- input files for the example tools (input.h). */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int tool_open(tool_in *in, const char *name, char *err, size_t errlen)
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

long tool_read(tool_in *in, char *buf, unsigned n, char *err, size_t errlen)
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

void tool_close(tool_in *in) { gzclose(in->gz); }
