/* follow.c -- maillog-exporter's sources (follow.h): reading a followed
 * file in whole lines, rotation, and the replay that rebuilds the
 * correlator after a restart. */
#include "follow.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The read buffer: a line longer than this is fed in pieces. */
#define EX_BUF (1u << 20)

static uint64_t ex_hash_at(int fd, long long off);

uint64_t ex_line_hash(const char *line, size_t n)
{
    uint64_t x = 1469598103934665603u;
    size_t i = n > EX_HASH_TAIL ? n - EX_HASH_TAIL : 0;
    for (; i < n; i++)
        x = (x ^ (unsigned char)line[i]) * 1099511628211u;
    return x | 1; /* never 0, which stands for "no line" */
}

static int ex_on_message(void *user, const maillog_message *msg)
{
    ex_source *s = user;
    if (s->msgs++ >= s->skip_msgs)
        ex_count_message(s->m, msg);
    return 0;
}

static int ex_on_session(void *user, const maillog_session *ses)
{
    ex_source *s = user;
    if (s->sessions++ >= s->skip_sessions)
        ex_count_session(s->m, ses);
    return 0;
}

static int ex_on_record(void *user, const maillog_record *rec)
{
    ex_source *s = user;
    int rc;
    ex_count_record(s->m, rec, !s->replay);
    rc = maillog_corr_add(s->c, rec);
    if (rc < 0)
        fprintf(stderr, "%s: %s: %s\n", s->o->prog, s->path, maillog_strerror(rc));
    return 0;
}

/* A correlator of its own for each file: a restart rebuilds it by
 * reading the file from its start, and must find it as it was. */
static int ex_new_corr(ex_source *s)
{
    maillog_corr_free(s->c);
    s->c = NULL;
    if (maillog_corr_new(NULL, &s->c) != MAILLOG_OK)
        return -1;
    maillog_corr_set_callbacks(s->c, ex_on_message, ex_on_session, s);
    /* a message that is never removed (deferred until a queue lifetime
     * longer than the log's) goes after a week of log time: the open
     * count stays bounded besides the default count and memory limits */
    maillog_corr_set_limit(s->c, MAILLOG_CORR_MAX_IDLE, 7 * 86400);
    return 0;
}

int ex_source_init(ex_source *s, const char *path, tool_opts *o, ex_metrics *m)
{
    memset(s, 0, sizeof *s);
    s->path = path;
    s->fd = -1;
    s->m = m;
    s->o = o;
    s->buf = malloc(EX_BUF);
    if (!s->buf || !(s->p = tool_parser(o, ex_on_record, s)) || ex_new_corr(s) != 0) {
        fprintf(stderr, "%s: out of memory\n", o->prog);
        return -1;
    }
    return 0;
}

void ex_source_free(ex_source *s)
{
    if (s->fd >= 0)
        close(s->fd);
    maillog_corr_free(s->c);
    maillog_parser_free(s->p);
    free(s->buf);
}

/* gzip, xz, bzip2 and zstd by their first bytes: a rotated file that was
 * compressed, never a live log. */
static int ex_is_compressed(const unsigned char *b, size_t n)
{
    return (n >= 2 && b[0] == 0x1f && b[1] == 0x8b) ||
           (n >= 4 && b[0] == 0xfd && b[1] == '7' && b[2] == 'z' && b[3] == 'X') ||
           (n >= 3 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h') ||
           (n >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd);
}

/* A fresh start on the file now open: position 0, a reset parser whose
 * reference time is the file's (or --reference-time), no emissions. */
static void ex_start(ex_source *s, const struct stat *st)
{
    if (s->msgs || s->sessions || s->off) /* not a fresh one */
        if (ex_new_corr(s) != 0)
            fprintf(stderr, "%s: out of memory\n", s->o->prog); /* the next add says it too */
    s->at_eof = 0;
    s->ino = (long long)st->st_ino;
    s->dev = (long long)st->st_dev;
    s->off = s->pos = 0;
    s->hash = 0;
    s->blen = 0;
    s->msgs = s->sessions = s->skip_msgs = s->skip_sessions = 0;
    maillog_parser_reset(s->p);
    s->ref = s->o->have_ref ? s->o->ref : (int64_t)st->st_mtime;
    maillog_parser_set_option(s->p, MAILLOG_OPT_REFERENCE_TIME, s->ref);
}

static int ex_open_file(ex_source *s, const char *name)
{
    struct stat st;
    unsigned char head[4];
    ssize_t n;
    int fd = open(name, O_RDONLY);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        return -1;
    }
    n = pread(fd, head, sizeof head, 0);
    if (n > 0 && ex_is_compressed(head, (size_t)n)) {
        close(fd);
        s->compressed = 1;
        return 0;
    }
    s->fd = fd;
    ex_start(s, &st);
    return 1;
}

int ex_source_open(ex_source *s)
{
    int rc = ex_open_file(s, s->path);
    if (rc < 0)
        fprintf(stderr, "%s: %s: %s\n", s->o->prog, s->path, strerror(errno));
    else if (s->compressed)
        fprintf(stderr, "%s: %s: compressed (a rotated file): skipped\n", s->o->prog, s->path);
    return rc;
}

/* Feed n bytes of buf; the last whole line among them moves off. */
static void ex_feed(ex_source *s, const char *buf, size_t n)
{
    const char *nl = NULL, *q;
    for (q = buf + n; q > buf; q--)
        if (q[-1] == '\n') {
            nl = q - 1;
            break;
        }
    int continued = s->pos != s->off; /* a long line's first pieces were fed */
    maillog_parser_feed(s->p, buf, n, NULL);
    s->pos += (long long)n;
    if (nl) {
        const char *start = nl;
        while (start > buf && start[-1] != '\n')
            start--;
        s->off = s->pos - (long long)(buf + n - nl - 1);
        /* a line that began in an earlier feed is hashed from the file,
         * as the check after a restart or at the file's end reads it */
        if (start == buf && continued && s->fd >= 0)
            s->hash = ex_hash_at(s->fd, s->off);
        else
            s->hash = ex_line_hash(start, (size_t)(nl - start));
    }
}

/* The file was truncated in place (copytruncate), and perhaps written
 * again: shorter than what was read, or no longer the saved line at off. */
static int ex_truncated(ex_source *s)
{
    struct stat st;
    if (fstat(s->fd, &st) != 0)
        return 0;
    if ((long long)st.st_size < s->pos + (long long)s->blen)
        return 1;
    return s->off > 0 && ex_hash_at(s->fd, s->off) != s->hash;
}

/* Copytruncate: the lines written between the copy and the truncation are
 * lost to every reader; the file is read again from its start. */
static void ex_reread(ex_source *s)
{
    struct stat st;
    s->blen = 0; /* the start of a line of the old contents */
    ex_source_finish(s);
    lseek(s->fd, 0, SEEK_SET);
    if (fstat(s->fd, &st) == 0)
        ex_start(s, &st);
}

long ex_source_pump(ex_source *s, long long limit)
{
    size_t want = EX_BUF - s->blen, whole;
    ssize_t n;
    if (s->fd < 0)
        return 0;
    /* checked when the file had been read to its end (a pread): a copy
     * and truncation happen there, and new lines may follow at once */
    if (s->at_eof && limit < 0 && ex_truncated(s)) {
        ex_reread(s);
        if (!s->o->quiet)
            fprintf(stderr, "%s: %s: truncated: read again from its start\n", s->o->prog, s->path);
    }
    if (limit >= 0 && limit - s->pos - (long long)s->blen < (long long)want)
        want = (size_t)(limit - s->pos - (long long)s->blen);
    if (want == 0)
        return 0;
    n = read(s->fd, s->buf + s->blen, want);
    if (n < 0) {
        fprintf(stderr, "%s: %s: %s\n", s->o->prog, s->path, strerror(errno));
        return -1;
    }
    s->at_eof = n == 0;
    s->blen += (size_t)n;
    for (whole = s->blen; whole > 0 && s->buf[whole - 1] != '\n'; whole--)
        ;
    if (whole == 0 && s->blen == EX_BUF)
        whole = s->blen; /* a line longer than the buffer: fed in pieces */
    if (whole) {
        ex_feed(s, s->buf, whole);
        memmove(s->buf, s->buf + whole, s->blen - whole);
        s->blen -= whole;
    }
    return (long)n;
}

void ex_source_finish(ex_source *s)
{
    if (s->blen) { /* a last line without its newline */
        ex_feed(s, s->buf, s->blen);
        s->blen = 0;
    }
    maillog_parser_finish(s->p);
    maillog_corr_finish(s->c);
}

int ex_source_rotate(ex_source *s)
{
    struct stat st;
    if (s->fd < 0) {
        if (s->compressed)
            return 0;
        return ex_source_open(s) > 0;
    }
    if (stat(s->path, &st) == 0 && ((long long)st.st_ino != s->ino || (long long)st.st_dev != s->dev)) {
        while (ex_source_pump(s, -1) > 0) /* what was written before the rename */
            ;
        ex_source_finish(s);
        close(s->fd);
        s->fd = -1;
        return ex_source_open(s) > 0;
    }
    if (ex_truncated(s)) {
        ex_reread(s);
        return 1;
    }
    return 0;
}

/* The hash of the line that ends at off in the open file; 0 when off is
 * not at a line's end. */
static uint64_t ex_hash_at(int fd, long long off)
{
    char b[EX_HASH_TAIL + 1];
    long long from = off > (long long)sizeof b ? off - (long long)sizeof b : 0;
    ssize_t n = pread(fd, b, (size_t)(off - from), from);
    size_t start;
    if (n != (ssize_t)(off - from) || n == 0 || b[n - 1] != '\n')
        return 0;
    for (start = (size_t)n - 1; start > 0 && b[start - 1] != '\n'; start--)
        ;
    return ex_line_hash(b + start, (size_t)n - 1 - start);
}

/* Read the open file again from 0 to off without counting what was
 * counted before the restart. */
static int ex_replay(ex_source *s, long long off, uint64_t hash, uint64_t msgs, uint64_t sessions,
                     int64_t ref)
{
    struct stat st;
    if (fstat(s->fd, &st) != 0 || (long long)st.st_size < off ||
        (off > 0 && ex_hash_at(s->fd, off) != hash))
        return -1;
    ex_start(s, &st);
    s->ref = ref; /* the replay parses as the first reading did */
    maillog_parser_set_option(s->p, MAILLOG_OPT_REFERENCE_TIME, ref);
    s->skip_msgs = msgs;
    s->skip_sessions = sessions;
    s->replay = 1;
    while (s->pos + (long long)s->blen < off && ex_source_pump(s, off) > 0)
        ;
    s->replay = 0;
    return s->off == off ? 0 : -1;
}

int ex_source_resume(ex_source *s, long long ino, long long off, uint64_t hash, uint64_t msgs,
                     uint64_t sessions, int64_t ref)
{
    char *old;
    int rc;
    if (s->fd >= 0 && s->ino == ino)
        return ex_replay(s, off, hash, msgs, sessions, ref);
    /* rotated by rename while the exporter was down: the old file is the
     * first rotated one, read to its end, then the new file from its start */
    old = malloc(strlen(s->path) + 3);
    if (!old)
        return -1;
    sprintf(old, "%s.1", s->path);
    {
        ex_source o = *s;
        o.fd = -1;
        o.compressed = 0;
        rc = ex_open_file(&o, old) == 1 && o.ino == ino ? 0 : -1;
        if (rc == 0) {
            int keep = s->fd;
            long long kino = s->ino, kdev = s->dev;
            s->fd = o.fd;
            rc = ex_replay(s, off, hash, msgs, sessions, ref);
            if (rc == 0) {
                while (ex_source_pump(s, -1) > 0)
                    ;
                ex_source_finish(s);
            }
            close(s->fd);
            s->fd = keep;
            s->ino = kino;
            s->dev = kdev;
            if (keep >= 0) { /* the new file, from its start */
                struct stat st;
                if (fstat(keep, &st) == 0)
                    ex_start(s, &st);
            }
        } else if (o.fd >= 0) {
            close(o.fd);
        }
    }
    free(old);
    return rc;
}
