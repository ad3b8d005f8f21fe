/* input.c -- input files for the example tools (input.h): the kind told
 * from the first bytes, the text check, and plain files; the
 * decompressors are in codec.c. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codec.h"
#include "utf16.h"

const char *tool_kind_name(int kind)
{
    return kind > TOOL_PLAIN && kind < TOOL_KINDS ? tool_codecs[kind].name : "plain";
}

int tool_kind_supported(int kind)
{
    return kind == TOOL_PLAIN || (kind > TOOL_PLAIN && kind < TOOL_KINDS && tool_codecs[kind].read);
}

void tool_fail(tool_in *in, const char *msg)
{
    if (!in->failed)
        snprintf(in->msg, sizeof in->msg, "%s", msg);
    in->failed = 1;
}

/* read(), again when a signal interrupted it. */
static long tool_read_fd(int fd, void *buf, size_t n)
{
    long got;
    do
        got = (long)read(fd, buf, n);
    while (got < 0 && errno == EINTR);
    return got;
}

int tool_fill(tool_in *in)
{
    long got;
    if (in->raw_off < in->raw_len || in->raw_eof)
        return 0;
    got = tool_read_fd(in->fd, in->raw, in->raw_cap);
    if (got < 0) {
        tool_fail(in, strerror(errno));
        return -1;
    }
    in->raw_off = 0;
    in->raw_len = (size_t)got;
    in->pos += got;
    in->raw_eof = got == 0;
    return 0;
}

/* The magic numbers: gzip (RFC 1952, deflate), xz, bzip2 ("BZh" and the
 * block size), zstd (a frame, or a skippable frame as pzstd writes
 * first). */
static int tool_sniff(const unsigned char *b, size_t n)
{
    if (n >= 3 && b[0] == 0x1F && b[1] == 0x8B && b[2] == 8)
        return TOOL_GZIP;
    if (n >= 6 && memcmp(b, "\xFD" "7zXZ\0", 6) == 0)
        return TOOL_XZ;
    if (n >= 4 && memcmp(b, "BZh", 3) == 0 && b[3] >= '1' && b[3] <= '9')
        return TOOL_BZIP2;
    if (n >= 4 && ((b[0] == 0x28 && b[1] == 0xB5 && b[2] == 0x2F && b[3] == 0xFD) ||
                   ((b[0] & 0xF0) == 0x50 && b[1] == 0x2A && b[2] == 0x4D && b[3] == 0x18)))
        return TOOL_ZSTD;
    return TOOL_PLAIN;
}

/* Bytes that no text log has more than a stray few of. */
static size_t tool_odd_bytes(const char *p, size_t n)
{
    size_t i, odd = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        odd += (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' &&
                c != '\b' && c != 0x1B) ||
               c == 0x7F;
    }
    return odd;
}

/* Plain: what the first block left in raw, then straight from the file
 * into buf (no copy). */
static size_t tool_plain_read(tool_in *in, char *buf, size_t n)
{
    long got;
    if (in->raw_off < in->raw_len) {
        size_t k = in->raw_len - in->raw_off;
        if (k > n)
            k = n;
        memcpy(buf, in->raw + in->raw_off, k);
        in->raw_off += k;
        return k;
    }
    got = tool_read_fd(in->fd, buf, n);
    if (got < 0) {
        tool_fail(in, strerror(errno));
        return 0;
    }
    in->pos += got;
    return (size_t)got;
}

/* Decoded bytes, from the decompressor or the plain file. */
static size_t tool_decode(tool_in *in, char *buf, size_t n)
{
    if (in->failed || in->done)
        return 0;
    return in->kind == TOOL_PLAIN ? tool_plain_read(in, buf, n)
                                  : tool_codecs[in->kind].read(in, buf, n);
}

int tool_open(tool_in *in, const char *name, int flags, char *err, size_t errlen)
{
    struct stat st;
    size_t odd, head_len;
    memset(in, 0, sizeof *in);
    in->name = name;
    in->mtime = -1;
    in->fd = strcmp(name, "-") == 0 ? dup(0) : open(name, O_RDONLY);
    if (in->fd < 0 || fstat(in->fd, &st) != 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        if (in->fd >= 0)
            close(in->fd);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "is a directory");
        close(in->fd);
        return -1;
    }
    if (strcmp(name, "-") != 0)
        in->mtime = (long long)st.st_mtime;
    in->ino = (long long)st.st_ino;
    in->dev = (long long)st.st_dev;
    if (!(in->raw = malloc(TOOL_RAW_SIZE))) {
        snprintf(err, errlen, "out of memory");
        close(in->fd);
        return -1;
    }
    in->raw_cap = TOOL_RAW_SIZE;
    /* The first block whole (a pipe may give less at a time): enough for
     * every magic number, and for the text check of a plain file. */
    while (in->raw_len < TOOL_HEAD_SIZE && !in->raw_eof) {
        long got = tool_read_fd(in->fd, in->raw + in->raw_len, TOOL_HEAD_SIZE - in->raw_len);
        if (got < 0) {
            snprintf(err, errlen, "%s", strerror(errno));
            tool_close(in);
            return -1;
        }
        in->raw_len += (size_t)got;
        in->pos += got;
        in->raw_eof = got == 0;
    }
    in->kind = tool_sniff(in->raw, in->raw_len);
    if (!tool_kind_supported(in->kind)) {
        snprintf(err, errlen, "%s-compressed, but this build has no %s support (install %s and rebuild)",
                 tool_codecs[in->kind].name, tool_codecs[in->kind].name,
                 tool_codecs[in->kind].package);
        in->kind = TOOL_PLAIN; /* nothing to end */
        tool_close(in);
        return -1;
    }
    if (in->kind != TOOL_PLAIN && tool_codecs[in->kind].init(in) != 0) {
        snprintf(err, errlen, "%s", in->msg);
        in->kind = TOOL_PLAIN;
        tool_close(in);
        return -1;
    }
    /* The first decoded block, for the text check; a damaged stream's
     * error waits in in->msg for tool_read. */
    while (in->head_len < TOOL_HEAD_SIZE) {
        size_t got = tool_decode(in, in->head + in->head_len, TOOL_HEAD_SIZE - in->head_len);
        if (!got)
            break;
        in->head_len += got;
    }
    if ((in->utf16 = tool_utf16_sniff(in->head, in->head_len)) != 0) {
        char text[TOOL_HEAD_SIZE / 2 * 3];
        size_t used, n = tool_utf16_to_utf8(in->utf16, in->head, in->head_len, 0, &used, text);
        odd = tool_odd_bytes(text, n);
        head_len = n;
        if (!(in->u16 = malloc(TOOL_RAW_SIZE + TOOL_RAW_SIZE / 2 * 3 + 8))) {
            snprintf(err, errlen, "out of memory");
            tool_close(in);
            return -1;
        }
        in->u8 = in->u16 + TOOL_RAW_SIZE;
    } else {
        odd = tool_odd_bytes(in->head, in->head_len);
        head_len = in->head_len;
    }
    if (!(flags & TOOL_IN_TEXT) && odd * 20 > head_len) {
        snprintf(err, errlen,
                 "binary data, not a log (%zu of the first %zu bytes%s%s%s are NUL or control "
                 "characters); --text reads it all the same",
                 odd, head_len, in->kind != TOOL_PLAIN ? " once decompressed by " : "",
                 in->kind != TOOL_PLAIN ? tool_kind_name(in->kind) : "",
                 in->utf16 ? " and converted from UTF-16" : "");
        tool_close(in);
        return -1;
    }
    return 0;
}

/* Decoded bytes: the first block, then the file or decompressor. */
static long tool_read_bytes(tool_in *in, char *buf, size_t n, char *err, size_t errlen)
{
    size_t got;
    if (in->head_off < in->head_len) {
        got = in->head_len - in->head_off;
        if (got > n)
            got = n;
        memcpy(buf, in->head + in->head_off, got);
        in->head_off += got;
        return (long)got;
    }
    got = tool_decode(in, buf, n);
    if (got > 0)
        return (long)got;
    if (in->failed) {
        snprintf(err, errlen, "%s", in->msg);
        return -1;
    }
    return 0;
}

/* UTF-16 input: a block of decoded bytes converted at a time; the end of
 * the input ends a unit cut short (as U+FFFD), so no byte is dropped. */
long tool_read(tool_in *in, char *buf, size_t n, char *err, size_t errlen)
{
    while (in->utf16 && in->u8_off == in->u8_len) {
        size_t used;
        long got = tool_read_bytes(in, in->u16 + in->u16_len, TOOL_RAW_SIZE - in->u16_len, err,
                                   errlen);
        if (got < 0)
            return -1;
        in->u16_len += (size_t)got;
        in->u8_len = tool_utf16_to_utf8(in->utf16, in->u16, in->u16_len, got == 0, &used, in->u8);
        in->u8_off = 0;
        memmove(in->u16, in->u16 + used, in->u16_len - used);
        in->u16_len -= used;
        if (got == 0 && in->u8_len == 0)
            return 0;
    }
    if (in->utf16) {
        size_t k = in->u8_len - in->u8_off < n ? in->u8_len - in->u8_off : n;
        memcpy(buf, in->u8 + in->u8_off, k);
        in->u8_off += k;
        return (long)k;
    }
    return tool_read_bytes(in, buf, n, err, errlen);
}

void tool_close(tool_in *in)
{
    free(in->u16);
    in->u16 = in->u8 = NULL;
    if (in->kind != TOOL_PLAIN && tool_codecs[in->kind].end)
        tool_codecs[in->kind].end(in);
    free(in->raw);
    in->raw = NULL;
    if (in->fd >= 0)
        close(in->fd);
    in->fd = -1;
}
