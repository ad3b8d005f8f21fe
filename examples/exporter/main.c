/* maillog-exporter -- follows mail logs and serves their counters to
 * Prometheus on /metrics: messages received, recipients by final outcome,
 * rejects and deferrals by reason class, authentication failures,
 * connections, bytes, delay histograms, counted by message through the
 * correlator, per MTA, host and instance.  A state file makes a restart
 * neither lose nor count twice a line (state.h says how). */
#include <maillog.h>
#include <maillog_correlate.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../tool/run.h"
#include "follow.h"
#include "http.h"
#include "metrics.h"
#include "state.h"

static void usage(FILE *f)
{
    fputs("Usage: maillog-exporter [OPTION]... FILE...\n"
          "Follow mail log FILEs (like tail -F: across rotation by rename and by\n"
          "copytruncate) and serve their counters as Prometheus metrics on /metrics.\n\n"
          "  --listen=ADDR:PORT  where to serve (default :9154, every address;\n"
          "                      [::1]:9154 or 127.0.0.1:9154 for one)\n"
          "  --state=FILE        keep the counters and each FILE's position in FILE, so\n"
          "                      that a restart neither loses nor counts twice a line\n"
          "  --checkpoint=SECS   how often the state file is written (default 5)\n"
          "  --once              read the FILEs to their end, print the metrics on\n"
          "                      standard output and exit (without --state, the\n"
          "                      messages still open are counted, as maillog-report does)\n"
          "  --reference-time=T  year reference for year-less stamps: YYYY-MM-DD or Unix\n"
          "                      seconds (default: each file's modification time)\n"
          "  --default-offset=O  UTC offset of stamps that have none: +hh:mm (default +00:00)\n"
          "  --dialect=NAME      parse every line as NAME instead of detecting it\n"
          "  --max-line=N        longest line kept whole, in bytes (default 65536)\n"
          "  -q, --quiet         no messages about files appearing or rotating\n"
          "  -h, --help          show this help\n"
          "  -V, --version       show the library version\n\n"
          "A FILE compressed with gzip, xz, bzip2 or zstd (a rotated one) is skipped.\n"
          "Exit status: 0 on success (SIGTERM or SIGINT end following); 1 when a file\n"
          "could not be read; 2 on usage errors.\n",
          f);
}

static volatile sig_atomic_t ex_stop;
static void ex_on_signal(int sig)
{
    (void)sig;
    ex_stop = 1;
}

static double ex_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void ex_sleep_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

static void ex_update_gauges(ex_metrics *m, ex_source *src, int n)
{
    uint64_t open = 0, v;
    int i;
    for (i = 0; i < n; i++)
        if (maillog_corr_counter(src[i].c, MAILLOG_CORR_CTR_OPEN, &v) == MAILLOG_OK)
            open += v;
    m->open_entries = open;
}

/* --once: every file to its end, the metrics on standard output. */
static int ex_once(ex_metrics *m, ex_source *src, int n, const char *state)
{
    size_t len;
    char *text;
    int i, status = 0;
    for (i = 0; i < n; i++) {
        long r;
        if (src[i].fd < 0)
            continue;
        while ((r = ex_source_pump(&src[i], -1)) > 0)
            ;
        if (r < 0)
            status = 1;
        /* with a state file the next run resumes these messages (by reading
         * the file again); without one, they are counted now */
        if (!state)
            ex_source_finish(&src[i]);
    }
    ex_update_gauges(m, src, n);
    if (state && ex_state_save(state, m, src, n) != 0)
        status = 1;
    if (!(text = ex_metrics_text(m, &len))) {
        fputs("maillog-exporter: out of memory\n", stderr);
        return 1;
    }
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        fprintf(stderr, "maillog-exporter: write error: %s\n", strerror(errno));
        status = 1;
    }
    free(text);
    return status;
}

/* Following: read what is new, then look for rotation and sleep when
 * nothing was; the lock keeps the HTTP thread out while counters change. */
static int ex_follow(ex_metrics *m, ex_source *src, int n, const char *state, long checkpoint,
                     const char *listen, long poll_ms)
{
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    ex_http http = {NULL, NULL, NULL};
    double saved = ex_now();
    int i, status = 0, dirty = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = ex_on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    ex_update_gauges(m, src, n);
    if (ex_http_start(&http, listen, &lock, m) != 0)
        return 1;
    while (!ex_stop) {
        long got = 0, r;
        pthread_mutex_lock(&lock);
        for (i = 0; i < n; i++) {
            int k;
            /* a few buffers per file per round: one busy file cannot
             * starve the others, nor the scrapes */
            for (k = 0; k < 8 && (r = ex_source_pump(&src[i], -1)) > 0; k++)
                got += r;
        }
        if (!got)
            for (i = 0; i < n; i++)
                if (ex_source_rotate(&src[i])) {
                    dirty = 1;
                    if (!src[i].o->quiet)
                        fprintf(stderr, "maillog-exporter: %s: now reading a new file\n", src[i].path);
                }
        ex_update_gauges(m, src, n);
        dirty |= got > 0;
        if (state && dirty && ex_now() - saved >= (double)checkpoint) {
            if (ex_state_save(state, m, src, n) != 0)
                status = 1;
            saved = ex_now();
            dirty = 0;
        }
        pthread_mutex_unlock(&lock);
        if (!got)
            ex_sleep_ms(poll_ms);
    }
    ex_http_stop(&http);
    if (state && ex_state_save(state, m, src, n) != 0)
        status = 1;
    return status;
}

enum { OPT_LISTEN = TOOL_OPT_OWN, OPT_STATE, OPT_ONCE, OPT_CHECKPOINT };

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        TOOL_LONG_OPTS,
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"state", required_argument, NULL, OPT_STATE},
        {"once", no_argument, NULL, OPT_ONCE},
        {"checkpoint", required_argument, NULL, OPT_CHECKPOINT},
        {NULL, 0, NULL, 0}};
    static char name[] = "maillog-exporter";
    tool_opts o;
    ex_metrics m;
    ex_source *src = NULL;
    const char *listen = ":9154", *state = NULL;
    long checkpoint = 5;
    int once = 0, status = 0, rc, c, n = 0, i;

    tool_opts_init(&o, name);
    argv[0] = name;
    while (!status && (c = getopt_long(argc, argv, TOOL_SHORT_OPTS, longopts, NULL)) != -1) {
        if ((rc = tool_common_option(&o, c, optarg)) != 0) {
            if (rc < 0)
                status = 2;
            continue;
        }
        switch (c) {
        case 'h': usage(stdout); return 0;
        case 'V': printf("maillog-exporter (libmaillog) %s\n", maillog_version_string()); return 0;
        case OPT_LISTEN: listen = optarg; break;
        case OPT_STATE: state = optarg; break;
        case OPT_ONCE: once = 1; break;
        case OPT_CHECKPOINT: {
            char *end;
            checkpoint = strtol(optarg, &end, 10);
            if (*end || end == optarg || checkpoint < 1 || checkpoint > 86400) {
                fprintf(stderr, "maillog-exporter: bad --checkpoint '%s' (want 1 to 86400)\n", optarg);
                status = 2;
            }
            break;
        }
        default: status = tool_usage_error(&o);
        }
    }
    if (status || tool_opts_finish(&o) != 0)
        return 2;
    if (o.have_since || o.have_until || o.day) {
        fputs("maillog-exporter: --since, --until and --day do not apply to counters\n", stderr);
        return 2;
    }
    if (optind >= argc) {
        fputs("maillog-exporter: no FILE to follow\n", stderr);
        return tool_usage_error(&o);
    }
    if (ex_metrics_init(&m) != 0 || !(src = calloc((size_t)(argc - optind), sizeof *src))) {
        fputs("maillog-exporter: out of memory\n", stderr);
        return 1;
    }
    for (; optind < argc; optind++) {
        if (ex_source_init(&src[n++], argv[optind], &o, &m) != 0) {
            status = 1;
            goto out;
        }
        rc = ex_source_open(&src[n - 1]);
        /* following, a file may appear later; --once reads what exists */
        if (rc < 0 || (rc == 0 && once && !src[n - 1].compressed)) {
            if (rc == 0)
                fprintf(stderr, "maillog-exporter: %s: %s\n", argv[optind], strerror(ENOENT));
            status = 1;
            goto out;
        }
    }
    if (state && ex_state_load(state, &m, src, n) != 0) {
        status = 1;
        goto out;
    }
    status = once ? ex_once(&m, src, n, state) : ex_follow(&m, src, n, state, checkpoint, listen, o.poll_ms);
out:
    for (i = 0; i < n; i++)
        ex_source_free(&src[i]);
    free(src);
    ex_metrics_free(&m);
    return status;
}
