/* run.c -- the input loop every example tool shares (run.h). */
#include "run.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "input.h"
#include "readahead.h"
#include "timearg.h"

void tool_opts_init(tool_opts *o, const char *prog)
{
    memset(o, 0, sizeof *o);
    o->prog = prog;
    o->dialect = MAILLOG_MTA_UNKNOWN;
    o->poll_ms = 200;
    o->threads = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
}

static int tool_parse_offset(const char *s, int64_t *out)
{
    int h, m;
    if (strlen(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' ||
        sscanf(s + 1, "%2d:%2d", &h, &m) != 2 || h > 23 || m > 59)
        return -1;
    *out = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
    return 0;
}

int tool_common_option(tool_opts *o, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *val = *i + 1 < argc ? argv[*i + 1] : NULL;
    int takes = !strcmp(arg, "--reference-time") || !strcmp(arg, "--default-offset") ||
                !strcmp(arg, "--dialect") || !strcmp(arg, "--max-line") ||
                !strcmp(arg, "--threads");
    if (!strcmp(arg, "--follow"))
        return o->follow = 1;
    if (!strcmp(arg, "--quiet"))
        return o->quiet = 1;
    if (!strcmp(arg, "--subject"))
        return o->subject = 1;
    if (!takes)
        return 0;
    if (!val) {
        fprintf(stderr, "%s: %s needs a value\n", o->prog, arg);
        return -1;
    }
    ++*i;
    if (!strcmp(arg, "--reference-time")) {
        if (tool_parse_time(val, &o->ref) == 0)
            return o->have_ref = 1;
        fprintf(stderr, "%s: bad --reference-time '%s'\n", o->prog, val);
    } else if (!strcmp(arg, "--default-offset")) {
        if (tool_parse_offset(val, &o->offset) == 0)
            return 1;
        fprintf(stderr, "%s: bad --default-offset '%s' (want +hh:mm)\n", o->prog, val);
    } else if (!strcmp(arg, "--dialect")) {
        for (o->dialect = 1; o->dialect < MAILLOG_MTA_COUNT; o->dialect++)
            if (strcmp(maillog_mta_name((int32_t)o->dialect), val) == 0)
                return 1;
        fprintf(stderr, "%s: unknown --dialect '%s'\n", o->prog, val);
    } else if (!strcmp(arg, "--threads")) {
        char *end;
        o->threads = strtol(val, &end, 10);
        if (!*end && (o->threads == 1 || o->threads == 2))
            return 1;
        fprintf(stderr, "%s: --threads must be 1 or 2\n", o->prog);
    } else {
        char *end;
        o->max_line = strtol(val, &end, 10);
        if (!*end && o->max_line >= (long)MAILLOG_MAX_LINE_MIN &&
            o->max_line <= (long)MAILLOG_MAX_LINE_MAX)
            return 1;
        fprintf(stderr, "%s: --max-line must be %u..%u\n", o->prog, MAILLOG_MAX_LINE_MIN,
                MAILLOG_MAX_LINE_MAX);
    }
    return -1;
}

maillog_parser *tool_parser(const tool_opts *o, maillog_record_cb cb, void *user)
{
    maillog_parser *p = NULL;
    int rc = maillog_parser_new(NULL, (uint32_t)o->max_line, &p);
    if (rc != MAILLOG_OK) {
        fprintf(stderr, "%s: %s\n", o->prog, maillog_strerror(rc));
        return NULL;
    }
    maillog_parser_set_callback(p, cb, user);
    maillog_parser_set_option(p, MAILLOG_OPT_DEFAULT_OFFSET, o->offset);
    maillog_parser_set_option(p, MAILLOG_OPT_DIALECT, o->dialect);
    maillog_parser_set_option(p, MAILLOG_OPT_SUBJECT, o->subject);
    if (o->have_ref)
        maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME, o->ref);
    return p;
}

/* Set by SIGINT/SIGTERM while following: finish cleanly and report. */
static volatile sig_atomic_t tool_stop_flag;
static void tool_on_signal(int sig)
{
    (void)sig;
    tool_stop_flag = 1;
}

static double tool_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct tool_progress {
    int on;
    double start, last;
    long long total, done_before; /* bytes on disk of every file; of those finished */
} tool_progress;

/* offset: the bytes of the current file read so far (compressed bytes for a
 * compressed file), as the total counts them. */
static void tool_progress_show(tool_progress *pr, const tool_opts *o, maillog_parser *p,
                               long long offset, int final)
{
    double now = tool_now(), el = now - pr->start;
    long long done = pr->done_before + offset;
    uint64_t lines = 0;
    if (!pr->on || (!final && now - pr->last < 0.5))
        return;
    pr->last = now;
    if (final) {
        fputs("\r\033[K", stderr); /* leave no progress line behind */
        return;
    }
    maillog_parser_counter(p, MAILLOG_CTR_LINES, &lines);
    fprintf(stderr, "\r\033[K%s: %.1f of %.1f MB, %.0f lines/s", o->prog, done / 1e6,
            pr->total / 1e6, el > 0 ? (double)lines / el : 0.0);
    if (done > 0 && pr->total > done)
        fprintf(stderr, ", ETA %.0f s", el * (double)(pr->total - done) / (double)done);
}

static void tool_sleep_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

/* Wait until the followed file grows (1), is replaced or truncated (2),
 * or a signal asks to stop (0). */
static int tool_wait(const tool_in *in, long poll_ms)
{
    while (!tool_stop_flag) {
        struct stat st;
        if (stat(in->name, &st) == 0) { /* absent: between rename and create */
            if ((long long)st.st_ino != in->ino || (long long)st.st_dev != in->dev ||
                (long long)st.st_size < in->pos)
                return 2;
            if ((long long)st.st_size > in->pos)
                return 1;
        }
        tool_sleep_ms(poll_ms);
    }
    return 0;
}

/* Read all of in into p: 0 at its end, 1 when the parser was stopped, -1
 * on a read error (printed). */
static int tool_drain(const tool_opts *o, maillog_parser *p, tool_in *in, tool_progress *pr)
{
    /* Four times the size given to gzbuffer() (tool_open): zlib then reads
     * a plain file straight into buf instead of through its own buffer and
     * a copy (measured with zlib 1.2.13: twice the size still copies). */
    static char buf[1 << 18];
    char err[256];
    long n;
    while ((n = tool_read(in, buf, sizeof buf, err, sizeof err)) > 0) {
        if (maillog_parser_feed(p, buf, (size_t)n, NULL) != MAILLOG_OK)
            return 1;
        tool_progress_show(pr, o, p, (long long)gzoffset(in->gz), 0);
    }
    if (n < 0) /* what was read is kept: the partial line is delivered at the end */
        fprintf(stderr, "%s: %s: %s\n", o->prog, in->name, err);
    return n < 0 ? -1 : 0;
}

/* The same, with in inflated on a second thread; the caller ends ra. */
static int tool_drain_ra(const tool_opts *o, maillog_parser *p, const tool_in *in, tool_ra *ra,
                         tool_progress *pr)
{
    char err[256];
    long n;
    long long off;
    for (;;) {
        const char *block = tool_ra_next(ra, &n, &off, err, sizeof err);
        int fed;
        if (n <= 0)
            break;
        fed = maillog_parser_feed(p, block, (size_t)n, NULL);
        tool_ra_done(ra);
        if (fed != MAILLOG_OK)
            return 1;
        tool_progress_show(pr, o, p, off, 0);
    }
    if (n < 0)
        fprintf(stderr, "%s: %s: %s\n", o->prog, in->name, err);
    return n < 0 ? -1 : 0;
}

int tool_run(const tool_opts *o, maillog_parser *p, const char **files, int nfiles)
{
    tool_progress pr;
    int i, status = 0, stopped = 0;
    memset(&pr, 0, sizeof pr);
    pr.on = !o->quiet && isatty(2);
    pr.start = pr.last = tool_now();
    for (i = 0; i < nfiles; i++) {
        struct stat st;
        if (strcmp(files[i], "-") != 0 && stat(files[i], &st) == 0)
            pr.total += (long long)st.st_size;
    }
    if (o->follow) {
        signal(SIGINT, tool_on_signal);
        signal(SIGTERM, tool_on_signal);
    }
    for (i = 0; i < nfiles && !stopped; i++) {
        int follow = o->follow && i == nfiles - 1 && strcmp(files[i], "-") != 0, rc, w;
        char err[256];
        tool_in in;
        tool_ra ra;
        if (tool_open(&in, files[i], err, sizeof err) != 0) {
            fprintf(stderr, "%s: %s: %s\n", o->prog, files[i], err);
            status = 1;
            continue;
        }
        if (!o->have_ref)
            maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME,
                                      in.mtime >= 0 ? (int64_t)in.mtime : (int64_t)time(NULL));
        if (!follow && o->threads > 1 && !gzdirect(in.gz) && tool_ra_start(&ra, &in) == 0) {
            rc = tool_drain_ra(o, p, &in, &ra, &pr);
            tool_ra_end(&ra);
        } else {
            while ((rc = tool_drain(o, p, &in, &pr)) == 0 && follow && gzdirect(in.gz)) {
                fflush(stdout); /* whoever reads a follower wants each record now */
                if ((w = tool_wait(&in, o->poll_ms)) == 0)
                    break;
                gzclearerr(in.gz);
                if (w == 1)
                    continue;
                /* replaced or truncated: read what the old file still holds;
                 * its last line ends there */
                if ((rc = tool_drain(o, p, &in, &pr)) != 0)
                    break;
                maillog_parser_finish(p);
                tool_close(&in);
                if (tool_open(&in, files[i], err, sizeof err) != 0) {
                    fprintf(stderr, "%s: %s: %s\n", o->prog, files[i], err);
                    return 1;
                }
            }
        }
        if (rc < 0)
            status = 1;
        if (rc > 0)
            stopped = 1;
        pr.done_before += (long long)gzoffset(in.gz);
        if (maillog_parser_finish(p) != MAILLOG_OK)
            stopped = 1;
        tool_close(&in);
    }
    tool_progress_show(&pr, o, p, 0, 1);
    return status || stopped;
}
