/* run.c -- the input loop every example tool shares (run.h). */
#define _GNU_SOURCE /* sched_getaffinity */
#include "run.h"

#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "input.h"
#include "parallel.h"
#include "readahead.h"
#include "timearg.h"

/* The CPUs this process may run on (taskset, cgroups' cpusets), as
 * nproc(1) counts them. */
static long tool_cpus(void)
{
#ifdef CPU_COUNT
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
#endif
    return sysconf(_SC_NPROCESSORS_ONLN) > 1 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
}

void tool_opts_init(tool_opts *o, const char *prog)
{
    memset(o, 0, sizeof *o);
    o->prog = prog;
    o->dialect = MAILLOG_MTA_UNKNOWN;
    o->poll_ms = 200;
    o->threads = tool_cpus();
    o->win_in = -1;
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

int tool_common_option(tool_opts *o, int c, const char *arg)
{
    char *end;
    switch (c) {
    case 'f':
        return o->follow = 1;
    case 'q':
        return o->quiet = 1;
    case TOOL_OPT_SUBJECT:
        return o->subject = 1;
    case 'a':
        return o->text = 1;
    case TOOL_OPT_REFERENCE_TIME:
        if (tool_parse_time(arg, &o->ref) == 0)
            return o->have_ref = 1;
        fprintf(stderr, "%s: bad --reference-time '%s' (want YYYY-MM-DD, "
                        "YYYY-MM-DDThh:mm:ss or Unix seconds)\n", o->prog, arg);
        return -1;
    case TOOL_OPT_DEFAULT_OFFSET:
        if (tool_parse_offset(arg, &o->offset) == 0)
            return o->have_offset = 1;
        fprintf(stderr, "%s: bad --default-offset '%s' (want +hh:mm)\n", o->prog, arg);
        return -1;
    case TOOL_OPT_TIMEZONE: {
        char err[300];
        if (tool_zone_set(&o->zone, arg, err, sizeof err) == 0)
            return 1;
        fprintf(stderr, "%s: --timezone: %s\n", o->prog, err);
        return -1;
    }
    case TOOL_OPT_DIALECT:
        for (o->dialect = 1; o->dialect < MAILLOG_MTA_COUNT; o->dialect++)
            if (strcmp(maillog_mta_name((int32_t)o->dialect), arg) == 0)
                return 1;
        fprintf(stderr, "%s: unknown --dialect '%s'\n", o->prog, arg);
        return -1;
    case 'j':
        o->threads = strtol(arg, &end, 10);
        if (!*end && end != arg && o->threads >= 1 && o->threads <= TOOL_THREADS_MAX)
            return 1;
        fprintf(stderr, "%s: -j/--threads must be 1..%d\n", o->prog, TOOL_THREADS_MAX);
        return -1;
    case TOOL_OPT_MAX_LINE:
        o->max_line = strtol(arg, &end, 10);
        if (!*end && end != arg && o->max_line >= (long)MAILLOG_MAX_LINE_MIN &&
            o->max_line <= (long)MAILLOG_MAX_LINE_MAX)
            return 1;
        fprintf(stderr, "%s: --max-line must be %u..%u\n", o->prog, MAILLOG_MAX_LINE_MIN,
                MAILLOG_MAX_LINE_MAX);
        return -1;
    case TOOL_OPT_SINCE:
    case TOOL_OPT_UNTIL: {
        int64_t start, len;
        int zoned;
        if (tool_parse_when(arg, &start, &len, &zoned) != 0) {
            fprintf(stderr, "%s: bad time for --%s: '%s' (want YYYY-MM-DD, "
                            "YYYY-MM-DDThh:mm[:ss][Z|+hh:mm] or Unix seconds)\n",
                    o->prog, c == TOOL_OPT_SINCE ? "since" : "until", arg);
            return -1;
        }
        *(c == TOOL_OPT_SINCE ? &o->since_arg : &o->until_arg) = arg;
        return 1;
    }
    case 'd':
        if (strcmp(arg, "today") == 0 || strcmp(arg, "yesterday") == 0) {
            o->day = arg[0] == 't' ? 1 : 2;
            return 1;
        }
        fprintf(stderr, "%s: -d/--day takes today or yesterday, not '%s'\n", o->prog, arg);
        return -1;
    default:
        return 0;
    }
}

int tool_usage_error(const tool_opts *o)
{
    fprintf(stderr, "Try '%s --help' for more information.\n", o->prog);
    return 2;
}

/* The offset of a local wall time: --timezone's, or --default-offset. */
static int64_t tool_local_offset(tool_opts *o, int64_t wall)
{
    return o->zone.name ? tool_zone_offset(&o->zone, wall) : o->offset;
}

/* A --since or --until argument as the first or last second it names. */
static int64_t tool_window_end(tool_opts *o, const char *arg, int last)
{
    int64_t start = 0, len = 1;
    int zoned = 1;
    tool_parse_when(arg, &start, &len, &zoned); /* checked by tool_common_option */
    if (!zoned) /* local: each end at its own offset (a day may be 23 h) */
        return last ? start + len - tool_local_offset(o, start + len) - 1
                    : start - tool_local_offset(o, start);
    return last ? start + len - 1 : start;
}

int tool_opts_finish(tool_opts *o)
{
    if (o->zone.name && o->have_offset) {
        fprintf(stderr, "%s: --timezone and --default-offset both say how to read local "
                        "stamps: give one\n", o->prog);
        return -1;
    }
    if (o->since_arg) {
        o->since = tool_window_end(o, o->since_arg, 0);
        o->have_since = 1;
    }
    if (o->until_arg) {
        o->until = tool_window_end(o, o->until_arg, 1);
        o->have_until = 1;
    }
    if (o->day) {
        /* the day on the local clock: midnight to midnight */
        int64_t now = o->have_ref ? o->ref : (int64_t)time(NULL);
        int64_t local = now + (o->zone.name ? tool_zone_offset_at(&o->zone, now) : o->offset);
        int64_t day = (local >= 0 ? local / 86400 : (local - 86399) / 86400) - (o->day == 2);
        int64_t from = day * 86400 - tool_local_offset(o, day * 86400);
        int64_t to = (day + 1) * 86400 - tool_local_offset(o, (day + 1) * 86400) - 1;
        if (!o->have_since || from > o->since)
            o->since = from;
        if (!o->have_until || to < o->until)
            o->until = to;
        o->have_since = o->have_until = 1;
    }
    if (o->have_since && o->have_until && o->since > o->until) {
        fprintf(stderr, "%s: the time window is empty (--since after --until%s)\n", o->prog,
                o->day ? ", or outside -d's day" : "");
        return -1;
    }
    return 0;
}

/* The window between the parser and the tool: a record without a time
 * (a line whose stamp could not be read, a bare body read with --dialect)
 * goes with the timed record before it; before the first, it is left out
 * and counted. */
static int tool_window_cb(void *user, const maillog_record *rec)
{
    tool_opts *o = user;
    int64_t t;
    if (maillog_record_time(rec, &t, NULL, NULL) == 1)
        o->win_in = (!o->have_since || t >= o->since) && (!o->have_until || t <= o->until);
    else if (o->win_in < 0)
        o->win_untimed++;
    return o->win_in > 0 ? o->cb(o->cb_user, rec) : 0;
}

maillog_parser *tool_parser(tool_opts *o, maillog_record_cb cb, void *user)
{
    maillog_parser *p = tool_parser_new(o);
    if (!p)
        return NULL;
    if (o->zone.name) /* a worker thread's parser has a cache of its own */
        maillog_parser_set_zone(p, tool_zone_offset, &o->zone);
    if (tool_windowed(o)) {
        o->cb = cb;
        o->cb_user = user;
        o->run_cb = tool_window_cb;
        o->run_user = o;
    } else {
        o->run_cb = cb;
        o->run_user = user;
    }
    maillog_parser_set_callback(p, o->run_cb, o->run_user);
    return p;
}

void tool_parser_file(const tool_opts *o, maillog_parser *p, const tool_in *in)
{
    if (!o->have_ref)
        maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME,
                                  in->mtime >= 0 ? (int64_t)in->mtime : (int64_t)time(NULL));
}

maillog_parser *tool_parser_new(const tool_opts *o)
{
    maillog_parser *p = NULL;
    int rc = maillog_parser_new(NULL, (uint32_t)o->max_line, &p);
    if (rc != MAILLOG_OK) {
        fprintf(stderr, "%s: %s\n", o->prog, maillog_strerror(rc));
        return NULL;
    }
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
    lines += o->ctr[MAILLOG_CTR_LINES];
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
    /* A plain file is read straight into buf, a compressed one decoded
     * into it: 256 KiB a call, as when zlib read both. */
    static char buf[TOOL_READ_SIZE];
    char err[256];
    long n;
    while ((n = tool_read(in, buf, sizeof buf, err, sizeof err)) > 0) {
        if (maillog_parser_feed(p, buf, (size_t)n, NULL) != MAILLOG_OK)
            return 1;
        tool_progress_show(pr, o, p, in->pos, 0);
    }
    if (n < 0) /* what was read is kept: the partial line is delivered at the end */
        fprintf(stderr, "%s: %s: %s\n", o->prog, in->name, err);
    return n < 0 ? -1 : 0;
}

/* The same, with in decompressed on a second thread; the caller ends ra. */
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

/* Every named file opened and its first block read before anything is:
 * an input that will be refused stops the run before any output.
 * Standard input, pipes and devices are checked when read (their bytes
 * cannot be read twice).  0, or 2 after printing each refusal. */
static int tool_check_inputs(const tool_opts *o, const char **files, int nfiles)
{
    int i, status = 0;
    for (i = 0; i < nfiles; i++) {
        struct stat st;
        char err[256];
        tool_in in;
        if (strcmp(files[i], "-") == 0)
            continue;
        if (stat(files[i], &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
            continue;
        if (tool_open(&in, files[i], o->text ? TOOL_IN_TEXT : 0, err, sizeof err) != 0) {
            fprintf(stderr, "%s: %s: %s\n", o->prog, files[i], err);
            status = 2;
            continue;
        }
        tool_close(&in);
    }
    return status;
}

/* A file's counters into the run's. */
static void tool_add_counters(tool_opts *o, const maillog_parser *p)
{
    int32_t k;
    for (k = 0; k < MAILLOG_CTR_COUNT; k++) {
        uint64_t v = 0;
        maillog_parser_counter(p, k, &v);
        o->ctr[k] += v;
    }
}

static void tool_run_end(const tool_opts *o, int status)
{
    if (o->win_untimed && status != 2)
        fprintf(stderr, "%s: %llu records without a time, before the first with one, were "
                        "left out by the time window\n",
                o->prog, o->win_untimed);
}

int tool_run(tool_opts *o, maillog_parser *p, const char **files, int nfiles)
{
    tool_progress pr;
    int i, status = 0, stopped = 0, flags = o->text ? TOOL_IN_TEXT : 0;
    if (tool_check_inputs(o, files, nfiles) != 0)
        return 2;
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
    } else if (o->threads > 1 && nfiles > 1 && (status = tool_run_parallel(o, files, nfiles)) >= 0) {
        tool_run_end(o, status);
        return status;
    }
    status = 0;
    for (i = 0; i < nfiles && !stopped; i++) {
        int follow = o->follow && i == nfiles - 1 && strcmp(files[i], "-") != 0, rc, w;
        char err[256];
        tool_in in;
        tool_ra ra;
        if (tool_open(&in, files[i], flags, err, sizeof err) != 0) {
            fprintf(stderr, "%s: %s: %s\n", o->prog, files[i], err);
            status = 2;
            break;
        }
        if (i > 0)
            maillog_parser_reset(p); /* each file a stream of its own, as parallel.c reads it */
        tool_parser_file(o, p, &in);
        if (!follow && o->threads > 1 && in.kind != TOOL_PLAIN && tool_ra_start(&ra, &in) == 0) {
            rc = tool_drain_ra(o, p, &in, &ra, &pr);
            tool_ra_end(&ra);
        } else {
            while ((rc = tool_drain(o, p, &in, &pr)) == 0 && follow && in.kind == TOOL_PLAIN) {
                fflush(stdout); /* whoever reads a follower wants each record now */
                if ((w = tool_wait(&in, o->poll_ms)) == 0)
                    break;
                if (w == 1)
                    continue;
                /* replaced or truncated: read what the old file still holds;
                 * its last line ends there */
                if ((rc = tool_drain(o, p, &in, &pr)) != 0)
                    break;
                maillog_parser_finish(p);
                tool_close(&in);
                if (tool_open(&in, files[i], flags, err, sizeof err) != 0) {
                    fprintf(stderr, "%s: %s: %s\n", o->prog, files[i], err);
                    return 2;
                }
            }
        }
        if (rc < 0)
            status = 1;
        if (rc > 0)
            stopped = 1;
        pr.done_before += in.pos;
        if (maillog_parser_finish(p) != MAILLOG_OK)
            stopped = 1;
        tool_add_counters(o, p);
        tool_close(&in);
    }
    tool_progress_show(&pr, o, p, 0, 1);
    status = status == 2 ? 2 : status || stopped;
    tool_run_end(o, status);
    return status;
}
