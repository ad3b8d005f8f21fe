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

#include "tool_input.h"
#include "tool_time.h"

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
          "FILEs may be gzip-compressed; a rotated set (mail.log.2.gz mail.log.1 mail.log)\n"
          "is read oldest first, whatever the order given.\n\n"
          "  --reference-time T  year reference for year-less stamps: YYYY-MM-DD or Unix\n"
          "                      seconds (default: each file's modification time)\n"
          "  --default-offset O  UTC offset of stamps that have none: +hh:mm (default +00:00)\n"
          "  --dialect NAME      parse every line as NAME (postfix) instead of detecting\n"
          "  --max-line N        longest line kept whole, in bytes (default 65536)\n"
          "  --messages          one object per message (correlated lines) instead of\n"
          "                      per line\n"
          "  --sessions          one object per SMTP session (with --messages: both)\n"
          "  --stats             print line counters to standard error at the end\n"
          "  --help              show this help\n"
          "  --version           show the library version\n\n"
          "Exit status: 0 on success, 1 when a file could not be read, 2 on usage errors.\n",
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

static int parse_offset_arg(const char *s, int64_t *out)
{
    int h, m;
    if (strlen(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' ||
        sscanf(s + 1, "%2d:%2d", &h, &m) != 2 || h > 23 || m > 59)
        return -1;
    *out = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
    return 0;
}

static int run_file(maillog_parser *p, const char *name, int have_ref)
{
    static char buf[1 << 16];
    char err[256];
    tool_in in;
    long n;
    int rc = 0;
    if (tool_open(&in, name, err, sizeof err) != 0) {
        fprintf(stderr, "maillog-json: %s: %s\n", name, err);
        return 1;
    }
    if (!have_ref)
        maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME,
                                  in.mtime >= 0 ? (int64_t)in.mtime : (int64_t)time(NULL));
    while ((n = tool_read(&in, buf, sizeof buf, err, sizeof err)) > 0) {
        if (maillog_feed(p, buf, (size_t)n, NULL) != MAILLOG_OK) {
            rc = 1;
            break;
        }
    }
    if (n < 0) {
        /* what was read is kept: the partial line is delivered below */
        fprintf(stderr, "maillog-json: %s: %s\n", name, err);
        rc = 1;
    }
    if (maillog_finish(p) != MAILLOG_OK)
        rc = 1;
    tool_close(&in);
    return rc;
}

int main(int argc, char **argv)
{
    maillog_parser *p = NULL;
    app a = {NULL, 0, 0, NULL, 0, 0};
    int64_t ref = 0, off = 0, dialect = MAILLOG_MTA_UNKNOWN;
    long max_line = 0;
    int have_ref = 0, stats = 0, i, nfiles = 0, status = 0, rc;
    const char **files = calloc((size_t)argc + 1, sizeof *files);

    if (!files)
        return 1;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "--help") == 0) {
            usage(stdout);
            free(files);
            return 0;
        } else if (strcmp(arg, "--version") == 0) {
            printf("maillog-json (libmaillog) %s\n", maillog_version_string());
            free(files);
            return 0;
        } else if (strcmp(arg, "--stats") == 0) {
            stats = 1;
        } else if (strcmp(arg, "--messages") == 0) {
            a.want_messages = 1;
        } else if (strcmp(arg, "--sessions") == 0) {
            a.want_sessions = 1;
        } else if (strcmp(arg, "--reference-time") == 0 && val) {
            if (tool_parse_time(val, &ref)) {
                fprintf(stderr, "maillog-json: bad --reference-time '%s'\n", val);
                free(files);
                return 2;
            }
            have_ref = 1;
            i++;
        } else if (strcmp(arg, "--default-offset") == 0 && val) {
            if (parse_offset_arg(val, &off)) {
                fprintf(stderr, "maillog-json: bad --default-offset '%s' (want +hh:mm)\n", val);
                free(files);
                return 2;
            }
            i++;
        } else if (strcmp(arg, "--dialect") == 0 && val) {
            for (dialect = 1; dialect < MAILLOG_MTA_COUNT; dialect++)
                if (strcmp(maillog_mta_name((int32_t)dialect), val) == 0)
                    break;
            if (dialect == MAILLOG_MTA_COUNT) {
                fprintf(stderr, "maillog-json: unknown --dialect '%s'\n", val);
                free(files);
                return 2;
            }
            i++;
        } else if (strcmp(arg, "--max-line") == 0 && val) {
            char *end;
            max_line = strtol(val, &end, 10);
            if (*end || max_line < (long)MAILLOG_MAX_LINE_MIN ||
                max_line > (long)MAILLOG_MAX_LINE_MAX) {
                fprintf(stderr, "maillog-json: --max-line must be %u..%u\n",
                        MAILLOG_MAX_LINE_MIN, MAILLOG_MAX_LINE_MAX);
                free(files);
                return 2;
            }
            i++;
        } else if (strcmp(arg, "-") == 0 || arg[0] != '-') {
            files[nfiles++] = arg;
        } else {
            fprintf(stderr, "maillog-json: unknown or incomplete option '%s'\n", arg);
            usage(stderr);
            free(files);
            return 2;
        }
    }
    if (nfiles == 0)
        files[nfiles++] = "-";
    tool_sort_rotated(files, nfiles);

    rc = maillog_parser_new(NULL, (uint32_t)max_line, &p);
    if (rc != MAILLOG_OK) {
        fprintf(stderr, "maillog-json: %s\n", maillog_strerror(rc));
        free(files);
        return 1;
    }
    maillog_parser_set_callback(p, on_record, &a);
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
    maillog_parser_set_option(p, MAILLOG_OPT_DEFAULT_OFFSET, off);
    maillog_parser_set_option(p, MAILLOG_OPT_DIALECT, dialect);
    if (have_ref)
        maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME, ref);
    for (i = 0; i < nfiles; i++) {
        if (run_file(p, files[i], have_ref))
            status = 1;
        if (a.write_error)
            break;
    }
    if (a.corr && !a.write_error)
        maillog_corr_finish(a.corr);
    maillog_corr_free(a.corr);
    if (fflush(stdout) != 0 || a.write_error) {
        fprintf(stderr, "maillog-json: write error: %s\n", strerror(errno));
        status = 1;
    }
    if (stats) {
        uint64_t lines, parsed, unparsed, trunc;
        maillog_parser_counter(p, MAILLOG_CTR_LINES, &lines);
        maillog_parser_counter(p, MAILLOG_CTR_PARSED, &parsed);
        maillog_parser_counter(p, MAILLOG_CTR_UNPARSED, &unparsed);
        maillog_parser_counter(p, MAILLOG_CTR_TRUNCATED, &trunc);
        fprintf(stderr, "lines %llu parsed %llu unparsed %llu truncated %llu\n",
                (unsigned long long)lines, (unsigned long long)parsed,
                (unsigned long long)unparsed, (unsigned long long)trunc);
    }
    maillog_parser_free(p);
    free(a.json);
    free(files);
    return status;
}
