/* maillog-json -- print every line of mail logs as one JSON object (NDJSON),
 * through libmaillog's streaming parser and JSON writer; with --messages,
 * one object per message (and --sessions, per SMTP session) through the
 * correlation module.
 *
 *   maillog-json [options] [FILE...]     (no FILE or "-": standard input)
 */
#include <maillog.h>
#ifndef MAILLOG_NO_CORRELATE
#include <maillog_correlate.h>
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tool/rotated.h"
#include "tool/run.h"

#ifdef MAILLOG_NO_CORRELATE
/* A library built with CORRELATE=0: --messages and --sessions say so. */
typedef struct maillog_corr maillog_corr;
typedef struct maillog_message maillog_message;
typedef struct maillog_session maillog_session;
static int maillog_corr_new(const void *alloc, maillog_corr **c)
{
    (void)alloc;
    *c = NULL;
    fputs("maillog-json: this build has no correlation module (CORRELATE=0)\n", stderr);
    return MAILLOG_E_INVAL;
}
static int maillog_corr_add(maillog_corr *c, const maillog_record *r)
{
    (void)c, (void)r;
    return MAILLOG_E_INVAL;
}
static int maillog_corr_finish(maillog_corr *c) { return c ? MAILLOG_E_INVAL : MAILLOG_OK; }
static void maillog_corr_free(maillog_corr *c) { (void)c; }
static int maillog_corr_set_callbacks(maillog_corr *c, int (*m)(void *, const maillog_message *),
                                      int (*s)(void *, const maillog_session *), void *u)
{
    (void)c, (void)m, (void)s, (void)u;
    return MAILLOG_E_INVAL;
}
static int maillog_message_to_json(const maillog_message *m, char *b, size_t c, size_t *w)
{
    (void)m, (void)b, (void)c, (void)w;
    return MAILLOG_E_INVAL;
}
static int maillog_session_to_json(const maillog_session *s, char *b, size_t c, size_t *w)
{
    (void)s, (void)b, (void)c, (void)w;
    return MAILLOG_E_INVAL;
}
#endif

typedef struct app {
    char *json;
    size_t json_cap;
    int write_error;
    maillog_corr *corr; /* --messages / --sessions */
    int want_messages, want_sessions;
} app;

static void usage(FILE *f)
{
    fputs("Usage: maillog-json [OPTION]... [FILE]...\n"
          "Print each mail log line of FILEs (or standard input) as one JSON object.\n"
          TOOL_FILES_HELP "\n"
          TOOL_COMMON_HELP TOOL_WINDOW_HELP
          "  --messages          one object per message (correlated lines) instead of\n"
          "                      per line\n"
          "  --sessions          one object per SMTP session (with --messages: both)\n"
          "  --stats             print line counters to standard error at the end\n"
          "  -h, --help          show this help\n"
          "  -V, --version       show the library version\n\n"
          "Exit status: 0 on success; 1 when a file could not be read to its end (what\n"
          "could be read is printed) or output failed; 2 on usage errors and refused\n"
          "input (nothing printed).\n",
          f);
}

typedef int (*to_json_fn)(const void *obj, char *buf, size_t cap, size_t *written);

static int rec_json(const void *o, char *b, size_t c, size_t *w)
{
    return maillog_record_to_json(o, b, c, w);
}
static int msg_json(const void *o, char *b, size_t c, size_t *w)
{
    return maillog_message_to_json(o, b, c, w);
}
static int ses_json(const void *o, char *b, size_t c, size_t *w)
{
    return maillog_session_to_json(o, b, c, w);
}

/* One JSON line on stdout, growing the buffer when the writer asks. */
static int print_json(app *a, const void *obj, to_json_fn fn)
{
    size_t need = 0;
    int rc = fn(obj, a->json, a->json_cap, &need);
    if (rc == MAILLOG_E_NOSPC) {
        char *bigger = realloc(a->json, need + 1);
        if (!bigger) {
            fputs("maillog-json: out of memory\n", stderr);
            return 1;
        }
        a->json = bigger;
        a->json_cap = need + 1;
        rc = fn(obj, a->json, a->json_cap, &need);
    }
    if (rc != MAILLOG_OK)
        return 1;
    a->json[need] = '\n';
    if (fwrite(a->json, 1, need + 1, stdout) != need + 1) {
        a->write_error = 1;
        return 1;
    }
    return 0;
}

static int on_message(void *user, const maillog_message *m)
{
    app *a = user;
    return a->want_messages ? print_json(a, m, msg_json) : 0;
}

static int on_session(void *user, const maillog_session *s)
{
    app *a = user;
    return a->want_sessions ? print_json(a, s, ses_json) : 0;
}

static int on_record(void *user, const maillog_record *rec)
{
    app *a = user;
    if (a->corr) {
        int rc = maillog_corr_add(a->corr, rec);
        if (rc < 0) {
            fprintf(stderr, "maillog-json: %s\n", maillog_strerror(rc));
            return 1;
        }
        return rc == MAILLOG_STOPPED;
    }
    return print_json(a, rec, rec_json);
}

enum { OPT_MESSAGES = TOOL_OPT_OWN, OPT_SESSIONS, OPT_STATS };

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        TOOL_LONG_OPTS,
        {"messages", no_argument, NULL, OPT_MESSAGES},
        {"sessions", no_argument, NULL, OPT_SESSIONS},
        {"stats", no_argument, NULL, OPT_STATS},
        {NULL, 0, NULL, 0}};
    static char name[] = "maillog-json";
    maillog_parser *p = NULL;
    app a = {NULL, 0, 0, NULL, 0, 0};
    tool_opts o;
    int stats = 0, nfiles = 0, status = 0, rc, c;
    const char **files = calloc((size_t)argc + 1, sizeof *files);

    if (!files)
        return 1;
    tool_opts_init(&o, name);
    argv[0] = name; /* getopt_long's messages name the tool, not its path */
    while ((c = getopt_long(argc, argv, TOOL_SHORT_OPTS, longopts, NULL)) != -1) {
        if ((rc = tool_common_option(&o, c, optarg)) != 0) {
            if (rc < 0) {
                free(files);
                return 2;
            }
            continue;
        }
        switch (c) {
        case 'h':
            usage(stdout);
            free(files);
            return 0;
        case 'V':
            printf("maillog-json (libmaillog) %s\n", maillog_version_string());
            free(files);
            return 0;
        case OPT_STATS:
            stats = 1;
            break;
        case OPT_MESSAGES:
            a.want_messages = 1;
            break;
        case OPT_SESSIONS:
            a.want_sessions = 1;
            break;
        default: /* getopt_long said what */
            free(files);
            return tool_usage_error(&o);
        }
    }
    if (tool_opts_finish(&o) != 0) {
        free(files);
        return 2;
    }
    while (optind < argc)
        files[nfiles++] = argv[optind++];
    if (nfiles == 0)
        files[nfiles++] = "-";
    if (tool_list_inputs(&files, &nfiles, o.prog) != 0) {
        free(files);
        return 2;
    }
    /* stdio's default for a file or pipe is one write() per 4 KiB: 78k
     * calls for 1M lines, a fifth of the run.  A terminal keeps its line
     * buffering, and --follow flushes after each read anyway. */
    if (!isatty(1)) {
        static char out[1 << 16];
        setvbuf(stdout, out, _IOFBF, sizeof out);
    }

    if (!(p = tool_parser(&o, on_record, &a))) {
        free(files);
        return 1;
    }
    if (a.want_messages || a.want_sessions) {
        rc = maillog_corr_new(NULL, &a.corr);
        if (rc != MAILLOG_OK) {
            fprintf(stderr, "maillog-json: %s\n", maillog_strerror(rc));
            maillog_parser_free(p);
            free(files);
            return 1;
        }
        maillog_corr_set_callbacks(a.corr, on_message, on_session, &a);
    }
    status = tool_run(&o, p, files, nfiles);
    if (a.corr && !a.write_error && status != 2) /* 2: input refused, nothing more */
        maillog_corr_finish(a.corr);
    maillog_corr_free(a.corr);
    if (fflush(stdout) != 0 || a.write_error) {
        fprintf(stderr, "maillog-json: write error: %s\n", strerror(errno));
        if (status != 2)
            status = 1;
    }
    if (stats && status != 2) {
        /* summed over the files (the parser starts afresh with each) */
        uint64_t lines = o.ctr[MAILLOG_CTR_LINES], parsed = o.ctr[MAILLOG_CTR_PARSED];
        uint64_t unparsed = o.ctr[MAILLOG_CTR_UNPARSED], trunc = o.ctr[MAILLOG_CTR_TRUNCATED];
        fprintf(stderr, "lines %llu parsed %llu unparsed %llu truncated %llu\n",
                (unsigned long long)lines, (unsigned long long)parsed,
                (unsigned long long)unparsed, (unsigned long long)trunc);
    }
    maillog_parser_free(p);
    free(a.json);
    free(files);
    return status;
}
