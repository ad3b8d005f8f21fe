/* maillog-trace -- what happened to a message: select messages of mail logs
 * by queue id, message-id, sender, recipient, client, status or time, and
 * print a summary, their original lines (--lines) or JSON (--json);
 * --related adds the messages they were handed off to and from.
 *
 * The tool keeps every finished message in memory (the library itself
 * does not), so that hand-offs can be followed both ways.
 */
#include <maillog.h>
#include <maillog_correlate.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "tool/rotated.h"
#include "tool/run.h"

/* A finished message, copied out of the callback. */
typedef struct msg {
    char *host, *qid, *parent, *json, *summary, *lines;
    char **children;
    size_t nchildren;
    int matched, shown;
} msg;

typedef struct filter {
    const char *qid, *msgid, *from, *to, *client, *status, *reason;
    int64_t since, until;
    int have_since, have_until;
} filter;

typedef struct app {
    msg *msgs;
    size_t n, cap;
    filter f;
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
          "Output:\n"
          "  --related            add the messages handed off to or from the selected ones\n"
          "  --lines              print each message's original lines\n"
          "  --json               print one JSON object per message\n"
          "  -h, --help, -V, --version\n"
          "Input:\n" TOOL_COMMON_HELP "\n"
          "Exit status: 0 when a message matched, 1 when none did, 2 on errors.\n",
          out);
}

static char *dup_n(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (s) {
        if (n)
            memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

static char *dup_field(int (*get)(const maillog_message *, int32_t, const char **, size_t *),
                       const maillog_message *m, int32_t f)
{
    const char *p;
    size_t n;
    return get(m, f, &p, &n) == 1 ? dup_n(p, n) : NULL;
}

/* Address match: exact (case-insensitive domain) or substring. */
static int addr_match(const char *want, const char *p, size_t n)
{
    size_t wl = strlen(want), i;
    const char *at = strchr(want, '@');
    if (!at || at == want) { /* substring, case-insensitive */
        for (i = 0; i + wl <= n; i++)
            if (strncasecmp(p + i, want, wl) == 0)
                return 1;
        return 0;
    }
    if (wl != n)
        return 0;
    i = (size_t)(at - want);
    return memcmp(p, want, i) == 0 && strncasecmp(p + i, want + i, wl - i) == 0;
}

static int eq(const char *want, const char *p, size_t n)
{
    return strlen(want) == n && memcmp(want, p, n) == 0;
}

static int matches(const filter *f, const maillog_message *m)
{
    const char *p;
    size_t n;
    int64_t t;
    uint32_t i, k;
    if (f->qid && !(maillog_message_field(m, MAILLOG_MESSAGE_F_QUEUE_ID, &p, &n) == 1 && eq(f->qid, p, n)))
        return 0;
    if (f->msgid &&
        !(maillog_message_field(m, MAILLOG_MESSAGE_F_MESSAGE_ID, &p, &n) == 1 && eq(f->msgid, p, n)))
        return 0;
    if (f->from && !(maillog_message_field(m, MAILLOG_MESSAGE_F_FROM, &p, &n) == 1 && addr_match(f->from, p, n)))
        return 0;
    if (f->client &&
        !(maillog_message_field(m, MAILLOG_MESSAGE_F_CLIENT_IP, &p, &n) == 1 && eq(f->client, p, n)))
        return 0;
    if (f->have_since && maillog_message_number(m, MAILLOG_MESSAGE_N_LAST_TIME, &t) == 1 && t < f->since)
        return 0;
    if (f->have_until && maillog_message_number(m, MAILLOG_MESSAGE_N_FIRST_TIME, &t) == 1 && t > f->until)
        return 0;
    for (k = 0; k < 3; k++) {
        const char *want = k == 2 ? f->reason : k ? f->status : f->to;
        int ok = 0;
        if (!want)
            continue;
        for (i = 0; i < maillog_message_recipient_count(m) && !ok; i++) {
            int64_t st;
            if (k == 2) {
                ok = strcasecmp(maillog_reason_name(maillog_message_recipient_reason(m, i)),
                                want) == 0;
            } else if (k) {
                maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_STATUS, &st);
                ok = strcasecmp(maillog_status_name((int32_t)st), want) == 0;
            } else {
                ok = maillog_message_recipient_field(m, i, MAILLOG_RECIPIENT_F_TO, &p, &n) == 1 &&
                     addr_match(want, p, n);
            }
        }
        if (!ok)
            return 0;
    }
    return 1;
}

/* Readable summary of one message. */
static char *summarize(const maillog_message *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&buf, &len);
    const char *p;
    size_t n;
    int64_t v;
    uint32_t i;
    if (!o)
        return NULL;
#define F(id) (maillog_message_field(m, id, &p, &n) == 1)
    maillog_message_field(m, MAILLOG_MESSAGE_F_QUEUE_ID, &p, &n);
    fprintf(o, "%.*s", (int)n, p);
    if (F(MAILLOG_MESSAGE_F_HOST))
        fprintf(o, " on %.*s", (int)n, p);
    if (F(MAILLOG_MESSAGE_F_INSTANCE))
        fprintf(o, " (%.*s)", (int)n, p);
    fprintf(o, ": %s%s%s\n", maillog_end_name(maillog_message_end(m)),
            maillog_message_flags(m) & MAILLOG_MSG_COMPLETE ? "" : ", incomplete",
            maillog_message_flags(m) & MAILLOG_MSG_BOUNCE ? ", notification" : "");
    if (maillog_message_number(m, MAILLOG_MESSAGE_N_FIRST_TIME, &v) == 1) {
        time_t t = (time_t)v;
        struct tm tm;
        char when[32];
        gmtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        fprintf(o, "  first seen %s\n", when);
    }
    if (F(MAILLOG_MESSAGE_F_FROM))
        fprintf(o, "  from <%.*s>", (int)n, p);
    if (maillog_message_number(m, MAILLOG_MESSAGE_N_SIZE, &v) == 1)
        fprintf(o, ", %lld bytes", (long long)v);
    if (F(MAILLOG_MESSAGE_F_CLIENT_HOST)) {
        fprintf(o, ", client %.*s", (int)n, p);
        if (F(MAILLOG_MESSAGE_F_CLIENT_IP))
            fprintf(o, "[%.*s]", (int)n, p);
    }
    if (F(MAILLOG_MESSAGE_F_SASL_USERNAME))
        fprintf(o, ", sasl %.*s", (int)n, p);
    fputc('\n', o);
    if (F(MAILLOG_MESSAGE_F_MESSAGE_ID))
        fprintf(o, "  message-id <%.*s>\n", (int)n, p);
    if (F(MAILLOG_MESSAGE_F_PARENT))
        fprintf(o, "  handed off from %.*s\n", (int)n, p);
    if (F(MAILLOG_MESSAGE_F_END_TEXT)) {
        fprintf(o, "  ended: %.*s", (int)n, p);
        if (maillog_message_end(m) == MAILLOG_END_REJECTED) /* the refusal's reason */
            fprintf(o, " [%s]", maillog_reason_name(maillog_reason_of(NULL, 0, 0, p, n)));
        fputc('\n', o);
    }
    for (i = 0; i < maillog_message_recipient_count(m); i++) {
        int64_t st, att;
        maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_STATUS, &st);
        maillog_message_recipient_number(m, i, MAILLOG_RECIPIENT_N_ATTEMPTS, &att);
        maillog_message_recipient_field(m, i, MAILLOG_RECIPIENT_F_TO, &p, &n);
        fprintf(o, "  to <%.*s>: %s", (int)n, p, maillog_status_name((int32_t)st));
        if (maillog_message_recipient_reason(m, i) > MAILLOG_REASON_NONE)
            fprintf(o, " [%s]", maillog_reason_name(maillog_message_recipient_reason(m, i)));
        if (att > 1)
            fprintf(o, " after %lld attempts", (long long)att);
        if (maillog_message_recipient_field(m, i, MAILLOG_RECIPIENT_F_RELAY, &p, &n) == 1)
            fprintf(o, " via %.*s", (int)n, p);
        if (maillog_message_recipient_field(m, i, MAILLOG_RECIPIENT_F_REPLY, &p, &n) == 1)
            fprintf(o, " (%.*s)", (int)n, p);
        if (maillog_message_recipient_field(m, i, MAILLOG_RECIPIENT_F_CHILD, &p, &n) == 1)
            fprintf(o, " -> %.*s", (int)n, p);
        fputc('\n', o);
    }
    for (i = 0; i < maillog_message_child_count(m); i++) {
        maillog_message_child(m, i, &p, &n);
        fprintf(o, "  handed off to %.*s\n", (int)n, p);
    }
#undef F
    fclose(o);
    return buf;
}

static char *lines_of(const maillog_message *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&buf, &len);
    uint32_t i;
    if (!o)
        return NULL;
    for (i = 0; i < maillog_message_line_count(m); i++) {
        const char *p;
        size_t n;
        maillog_message_line(m, i, &p, &n, NULL);
        fwrite(p, 1, n, o);
        fputc('\n', o);
    }
    fclose(o);
    return buf;
}

static int on_message(void *user, const maillog_message *m)
{
    app *a = user;
    msg *x;
    size_t need = 0;
    uint32_t i;
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 256;
        msg *bigger = realloc(a->msgs, cap * sizeof *bigger);
        if (!bigger) {
            a->oom = 1;
            return 1;
        }
        a->msgs = bigger;
        a->cap = cap;
    }
    x = &a->msgs[a->n];
    memset(x, 0, sizeof *x);
    x->host = dup_field(maillog_message_field, m, MAILLOG_MESSAGE_F_HOST);
    x->qid = dup_field(maillog_message_field, m, MAILLOG_MESSAGE_F_QUEUE_ID);
    x->parent = dup_field(maillog_message_field, m, MAILLOG_MESSAGE_F_PARENT);
    x->matched = matches(&a->f, m);
    maillog_message_to_json(m, NULL, 0, &need);
    x->json = malloc(need + 1);
    x->children = calloc(maillog_message_child_count(m) + 1, sizeof *x->children);
    if (!x->json || !x->children || !x->qid) {
        a->oom = 1;
        return 1;
    }
    maillog_message_to_json(m, x->json, need + 1, NULL);
    for (i = 0; i < maillog_message_child_count(m); i++) {
        const char *p;
        size_t n;
        maillog_message_child(m, i, &p, &n);
        x->children[x->nchildren++] = dup_n(p, n);
    }
    x->summary = summarize(m);
    x->lines = lines_of(m);
    a->n++;
    return 0;
}

static int on_record(void *corr, const maillog_record *rec)
{
    int rc = maillog_corr_add(corr, rec);
    if (rc < 0)
        fprintf(stderr, "maillog-trace: %s\n", maillog_strerror(rc));
    return rc < 0;
}

static int same_host(const msg *a, const msg *b)
{
    return (!a->host && !b->host) || (a->host && b->host && strcmp(a->host, b->host) == 0);
}

/* Mark the hand-off family of every matched message, both ways, until no
 * more are added (families are small). */
static void follow(app *a)
{
    int changed = 1;
    size_t i, j, k;
    while (changed) {
        changed = 0;
        for (i = 0; i < a->n; i++) {
            if (!a->msgs[i].matched)
                continue;
            for (j = 0; j < a->n; j++) {
                msg *x = &a->msgs[i], *y = &a->msgs[j];
                int related = 0;
                if (y->matched || !same_host(x, y))
                    continue;
                if (x->parent && strcmp(x->parent, y->qid) == 0)
                    related = 1;
                if (y->parent && strcmp(y->parent, x->qid) == 0)
                    related = 1;
                for (k = 0; k < x->nchildren && !related; k++)
                    related = strcmp(x->children[k], y->qid) == 0;
                if (related) {
                    y->matched = 1;
                    changed = 1;
                }
            }
        }
    }
}

enum { OPT_QUEUE_ID = TOOL_OPT_OWN, OPT_MESSAGE_ID, OPT_FROM, OPT_TO, OPT_CLIENT, OPT_STATUS,
       OPT_REASON, OPT_LINES, OPT_JSON, OPT_RELATED };

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
        {NULL, 0, NULL, 0}};
    static char name[] = "maillog-trace";
    app a;
    maillog_parser *p = NULL;
    maillog_corr *c = NULL;
    int opt, mode = 0, do_follow = 0, status = 0, nfiles = 0, rc;
    tool_opts o;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
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
        case OPT_LINES: mode = 1; break;
        case OPT_JSON: mode = 2; break;
        case OPT_RELATED: do_follow = 1; break;
        case OPT_QUEUE_ID: a.f.qid = optarg; break;
        case OPT_MESSAGE_ID: a.f.msgid = optarg; break;
        case OPT_FROM: a.f.from = optarg; break;
        case OPT_TO: a.f.to = optarg; break;
        case OPT_CLIENT: a.f.client = optarg; break;
        case OPT_STATUS: a.f.status = optarg; break;
        case OPT_REASON: a.f.reason = optarg; break;
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
    if (!nfiles)
        files[nfiles++] = "-";
    if (tool_list_inputs(&files, &nfiles, o.prog) != 0) {
        free(files);
        return 2;
    }
    if (maillog_corr_new(NULL, &c) || !(p = tool_parser(&o, on_record, c))) {
        fputs("maillog-trace: out of memory\n", stderr);
        maillog_corr_free(c);
        free(files);
        return 2;
    }
    maillog_corr_set_limit(c, MAILLOG_CORR_KEEP_LINES, 1);
    maillog_corr_set_callbacks(c, on_message, NULL, &a);
    rc = tool_run(&o, p, files, nfiles);
    if (rc)
        status = 2;
    if (rc != 2) /* 2: an input was refused, nothing is printed */
        maillog_corr_finish(c);
    if (a.oom) {
        fputs("maillog-trace: out of memory\n", stderr);
        status = 2;
    }
    if (do_follow)
        follow(&a);
    for (k = 0; k < a.n && rc != 2; k++) {
        msg *x = &a.msgs[k];
        if (!x->matched)
            continue;
        shown++;
        if (mode == 2)
            printf("%s\n", x->json);
        else if (mode == 1)
            printf("%s%s", shown > 1 ? "\n" : "", x->lines ? x->lines : "");
        else
            printf("%s%s", shown > 1 ? "\n" : "", x->summary ? x->summary : "");
    }
    for (k = 0; k < a.n; k++) {
        size_t j;
        for (j = 0; j < a.msgs[k].nchildren; j++)
            free(a.msgs[k].children[j]);
        free(a.msgs[k].children);
        free(a.msgs[k].host);
        free(a.msgs[k].qid);
        free(a.msgs[k].parent);
        free(a.msgs[k].json);
        free(a.msgs[k].summary);
        free(a.msgs[k].lines);
    }
    free(a.msgs);
    maillog_corr_free(c);
    maillog_parser_free(p);
    free(files);
    if (fflush(stdout) != 0)
        return 2;
    return status ? status : shown ? 0 : 1;
}
