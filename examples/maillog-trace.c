/* maillog-trace -- what happened to a message: select messages of mail logs
 * by queue id, message-id, sender, recipient, client, status or time, and
 * print a summary, their original lines (--lines) or JSON (--json);
 * --related adds the messages they were handed off to and from.
 *
 * The tool keeps every finished message in memory (the library itself
 * does not), so that hand-offs can be followed both ways.  With --db it
 * reads the messages maillog-index stored instead (index/query.c); both
 * print through tool/trace.c.
 */
#include <maillog.h>
#include <maillog_correlate.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/query.h"
#include "tool/rotated.h"
#include "tool/run.h"
#include "tool/trace.h"

typedef struct app {
    trace_msg *msgs;
    size_t n, cap;
    trace_filter f;
    int oom;
} app;

static void usage(FILE *out)
{
    fputs("Usage: maillog-trace [OPTION]... [FILE]...\n"
          "Show what happened to the messages in mail logs (FILEs or standard input).\n"
          TOOL_FILES_HELP "\n"
          "Selection (all given must match; none = every message):\n"
          "  --queue-id=ID        queue id\n"
          "  --message-id=ID      Message-ID (without < >)\n"
          "  --from=ADDR          sender: exact address, or a substring if it contains no '@'\n"
          "                       or starts with '@' (domains compare case-insensitively)\n"
          "  --to=ADDR            a recipient, the same way\n"
          "  --client=IP          client address\n"
          "  --status=WORD        a recipient's status: sent deferred bounced rejected ...\n"
          "  --reason=NAME        a recipient's reason: user_unknown greylisted ...\n"
          "                       (maillog_reason(3))\n"
          "  --since=T, --until=T last line no earlier / first line no later than T:\n"
          "                       YYYY-MM-DD[Thh:mm[:ss]] (in --default-offset's time; a Z\n"
          "                       or +hh:mm suffix, or Unix seconds, name an instant);\n"
          "                       --until's date or minute is included whole\n"
          "  -d, --day=DAY        messages with a line on DAY: today or yesterday (of the\n"
          "                       --reference-time when given, else of now)\n"
          "Source:\n"
          "  --db=DB              read the messages maillog-index(1) stored in DB (an SQLite\n"
          "                       file, or postgresql://...) instead of FILEs\n"
          "Output:\n"
          "  --related            add the messages handed off to or from the selected ones\n"
          "  --lines              print each message's original lines\n"
          "  --json               print one JSON object per message\n"
          "  -h, --help, -V, --version\n"
          "Input:\n" TOOL_COMMON_HELP "\n"
          "Exit status: 0 when a message matched, 1 when none did, 2 on errors.\n",
          out);
}

static int on_message(void *user, const maillog_message *m)
{
    app *a = user;
    trace_msg *x;
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 256;
        trace_msg *bigger = realloc(a->msgs, cap * sizeof *bigger);
        if (!bigger) {
            a->oom = 1;
            return 1;
        }
        a->msgs = bigger;
        a->cap = cap;
    }
    x = &a->msgs[a->n++];
    if (trace_msg_from_message(x, m) != 0 || !x->qid) {
        a->oom = 1;
        return 1;
    }
    x->matched = trace_match(&a->f, x);
    return 0;
}

static int on_record(void *corr, const maillog_record *rec)
{
    int rc = maillog_corr_add(corr, rec);
    if (rc < 0)
        fprintf(stderr, "maillog-trace: %s\n", maillog_strerror(rc));
    return rc < 0;
}

enum { OPT_QUEUE_ID = TOOL_OPT_OWN, OPT_MESSAGE_ID, OPT_FROM, OPT_TO, OPT_CLIENT, OPT_STATUS,
       OPT_REASON, OPT_LINES, OPT_JSON, OPT_RELATED, OPT_DB };

/* The messages of the files, through the correlator: 0, 1 when a file
 * could not be read whole, 2 when an input was refused. */
static int read_files(tool_opts *o, app *a, const char **files, int nfiles)
{
    maillog_parser *p = NULL;
    maillog_corr *c = NULL;
    int rc;
    /* the correlator first: -j's workers take the callback's user data
     * from the parser's creation */
    if (maillog_corr_new(NULL, &c) || !(p = tool_parser(o, on_record, c))) {
        fputs("maillog-trace: out of memory\n", stderr);
        maillog_corr_free(c);
        return 2;
    }
    maillog_corr_set_limit(c, MAILLOG_CORR_KEEP_LINES, 1);
    maillog_corr_set_callbacks(c, on_message, NULL, a);
    rc = tool_run(o, p, files, nfiles);
    if (rc != 2) /* 2: an input was refused, nothing is printed */
        maillog_corr_finish(c);
    maillog_corr_free(c);
    maillog_parser_free(p);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        TOOL_LONG_OPTS,
        {"queue-id", required_argument, NULL, OPT_QUEUE_ID},
        {"message-id", required_argument, NULL, OPT_MESSAGE_ID},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"client", required_argument, NULL, OPT_CLIENT},
        {"status", required_argument, NULL, OPT_STATUS},
        {"reason", required_argument, NULL, OPT_REASON},
        {"lines", no_argument, NULL, OPT_LINES},
        {"json", no_argument, NULL, OPT_JSON},
        {"related", no_argument, NULL, OPT_RELATED},
        {"db", required_argument, NULL, OPT_DB},
        {NULL, 0, NULL, 0}};
    static char name[] = "maillog-trace";
    app a;
    int opt, mode = TRACE_SUMMARY, do_follow = 0, status = 0, nfiles = 0, rc = 0;
    tool_opts o;
    const char **files = calloc((size_t)argc + 1, sizeof *files), *db = NULL;
    size_t k, shown = 0;

    memset(&a, 0, sizeof a);
    tool_opts_init(&o, name);
    o.select_messages = 1; /* the window selects messages: every line is read */
    argv[0] = name;        /* getopt_long's messages name the tool, not its path */
    if (!files)
        return 2;
    while ((opt = getopt_long(argc, argv, TOOL_SHORT_OPTS, longopts, NULL)) != -1) {
        if ((rc = tool_common_option(&o, opt, optarg)) != 0) {
            if (rc < 0) {
                free(files);
                return 2;
            }
            continue;
        }
        switch (opt) {
        case 'h':
            usage(stdout);
            free(files);
            return 0;
        case 'V':
            printf("maillog-trace (libmaillog) %s\n", maillog_version_string());
            free(files);
            return 0;
        case OPT_LINES: mode = TRACE_LINES; break;
        case OPT_JSON: mode = TRACE_JSON; break;
        case OPT_RELATED: do_follow = 1; break;
        case OPT_QUEUE_ID: a.f.qid = optarg; break;
        case OPT_MESSAGE_ID: a.f.msgid = optarg; break;
        case OPT_FROM: a.f.from = optarg; break;
        case OPT_TO: a.f.to = optarg; break;
        case OPT_CLIENT: a.f.client = optarg; break;
        case OPT_STATUS: a.f.status = optarg; break;
        case OPT_REASON: a.f.reason = optarg; break;
        case OPT_DB: db = optarg; break;
        default: /* getopt_long said what */
            free(files);
            return tool_usage_error(&o);
        }
    }
    if (tool_opts_finish(&o) != 0) {
        free(files);
        return 2;
    }
    a.f.since = o.since;
    a.f.have_since = o.have_since;
    a.f.until = o.until;
    a.f.have_until = o.have_until;
    while (optind < argc)
        files[nfiles++] = argv[optind++];
    if (db && nfiles) {
        fputs("maillog-trace: --db reads no FILE\n", stderr);
        free(files);
        return tool_usage_error(&o);
    }
    if (!nfiles)
        files[nfiles++] = "-";
    rc = 0;
    if (db) {
        char err[512];
        if (index_query(db, &a.f, do_follow, &a.msgs, &a.n, err, sizeof err) != 0) {
            fprintf(stderr, "maillog-trace: %s\n", err);
            rc = 2;
        }
    } else if (tool_list_inputs(&files, &nfiles, o.prog) != 0) {
        rc = 2;
    } else {
        rc = read_files(&o, &a, files, nfiles);
    }
    if (rc)
        status = 2;
    if (a.oom) {
        fputs("maillog-trace: out of memory\n", stderr);
        status = 2;
    }
    if (do_follow)
        trace_follow(a.msgs, a.n);
    if (rc != 2)
        shown = trace_print(a.msgs, a.n, mode);
    for (k = 0; k < a.n; k++)
        trace_msg_free(&a.msgs[k]);
    free(a.msgs);
    free(files);
    if (fflush(stdout) != 0)
        return 2;
    return status ? status : shown ? 0 : 1;
}
