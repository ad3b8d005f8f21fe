/* maillog-report -- a summary of mail logs for troubleshooting and
 * monitoring: what pflogsumm reports, counted by message (content-filter
 * hops and notifications once), with per-instance figures, delay
 * percentiles per relay and the failing relays; text or --json.
 *
 * Two sources feed it: each record (line-level events: deferrals,
 * rejects, warnings, connections, authentication failures) and each
 * correlated message (what arrived and what became of each recipient).
 * Nothing here knows a dialect: it reads the shared vocabulary only.
 */
#include <maillog.h>
#include <maillog_correlate.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tool/rotated.h"
#include "tool/run.h"
#include "tool/tally.h"

#include "report_data.h"
#include "report_keys.h"
#include "report_out.h"

static void usage(FILE *f)
{
    fputs("Usage: maillog-report [OPTION]... [FILE]...\n"
          "Summarise mail logs (FILEs or standard input): totals, traffic per hour and\n"
          "day, senders and recipients, deferral, bounce and reject reasons, connections,\n"
          "authentication failures, problems and the messages still queued.\n"
          TOOL_FILES_HELP "\n"
          "  --json              one JSON object instead of text\n"
          "  --top=N             rows in each ranked table (default 10; 0 = all)\n"
          "  -H, --human         byte figures of the text in k and m (1024 and 1024^2\n"
          "                      bytes) above 512k and 512m, as pflogsumm prints them\n"
          TOOL_COMMON_HELP TOOL_WINDOW_HELP
          "  -h, --help          show this help\n"
          "  -V, --version       show the library version\n\n"
          "With --follow the report is printed when interrupted (SIGINT, SIGTERM).\n"
          "Exit status: 0 on success; 1 when a file could not be read to its end (the\n"
          "report covers what could be read); 2 on usage errors and refused input (no\n"
          "report).\n",
          f);
}

/* ------------------------------------------------------------ records */

/* Deferrals, bounces, rejects and expiries by reason: the reason is
 * asked for only for those statuses, never for a sent line. */
static void count_reason(report *r, const maillog_record *rec, int32_t ev)
{
    int col;
    switch (maillog_record_status(rec)) {
    case MAILLOG_STATUS_DEFERRED: col = R_DEFERRALS; break;
    case MAILLOG_STATUS_BOUNCED: col = R_BOUNCES; break;
    case MAILLOG_STATUS_REJECTED: col = R_REJECTS; break;
    case MAILLOG_STATUS_EXPIRED: col = R_EXPIRED; break;
    default: return;
    }
    if (ev == MAILLOG_EV_DELIVERY || ev == MAILLOG_EV_REJECT || ev == MAILLOG_EV_EXPIRED)
        r->by_reason[maillog_record_reason(rec)][col]++;
}

static void on_reject(report *r, const maillog_record *rec, tally_ent *inst, int64_t t)
{
    const char *p = "", *stage = "";
    size_t n = 0, sn = 0;
    char reason[128], key[256];
    tally *tab;
    rk_get(rec, MAILLOG_F_STAGE, &stage, &sn);
    rk_get(rec, MAILLOG_F_REPLY, &p, &n);
    switch (maillog_record_status(rec)) {
    case MAILLOG_STATUS_HELD:
        r->t.held++;
        tab = &r->hold_reasons;
        break;
    case MAILLOG_STATUS_DISCARDED:
        r->t.discarded++;
        tab = &r->discard_reasons;
        break;
    case MAILLOG_STATUS_REJECTED:
        r->t.rejected++;
        tab = &r->reject_reasons;
        break;
    default:
        return; /* proxy-accept and the like: not a refusal */
    }
    if (inst)
        inst->v[I_REJECTED]++;
    if (t != INT64_MIN)
        rk_count_traffic(r, t, T_REJECTED);
    rk_reason_of(p, n, reason, sizeof reason);
    tally_count(tab, rk_key2(key, sizeof key, sn ? stage : "-", sn ? sn : 1, reason));
}

static void on_delivery(report *r, const maillog_record *rec, tally_ent *inst, int64_t t)
{
    int32_t st = maillog_record_status(rec);
    const char *p = "", *relay = "", *svc = "", *to = "";
    size_t n = 0, rn = 0, sn = 0, tn = 0;
    char reason[128], key[256], dom[256];
    tally_ent *e;
    if (st != MAILLOG_STATUS_DEFERRED && st != MAILLOG_STATUS_BOUNCED)
        return;
    rk_get(rec, MAILLOG_F_REPLY, &p, &n);
    rk_get(rec, MAILLOG_F_RELAY_HOST, &relay, &rn);
    rk_get(rec, MAILLOG_F_SERVICE, &svc, &sn);
    rk_get(rec, MAILLOG_F_TO, &to, &tn);
    rk_reason_of(p, n, reason, sizeof reason);
    if (!rn)
        relay = "none", rn = 4;
    e = tally_get(&r->failing_relays, relay, rn);
    if (st == MAILLOG_STATUS_DEFERRED) {
        r->t.deferrals++;
        if (inst)
            inst->v[I_DEFERRALS]++;
        if (e)
            e->v[0]++;
        if (t != INT64_MIN)
            rk_count_traffic(r, t, T_DEFERRED);
        tally_count(&r->defer_reasons, rk_key2(key, sizeof key, svc, sn, reason));
        if ((e = tally_gets(&r->recipient_domains, rk_domain_of(to, tn, dom, sizeof dom))) != NULL)
            e->v[2]++;
    } else {
        if (inst)
            inst->v[I_BOUNCED]++;
        if (e)
            e->v[1]++;
        if (t != INT64_MIN)
            rk_count_traffic(r, t, T_BOUNCED);
        tally_count(&r->bounce_reasons, rk_key2(key, sizeof key, relay, rn, reason));
    }
}

/* pflogsumm's host/domain of a client: the IP for unknown hosts, else the
 * last two labels. */
static const char *client_domain(const char *h, size_t hn, const char *ip, size_t in, char *buf,
                                 size_t cap)
{
    size_t dots = 0, i, start = 0;
    if (hn == 0 || (hn == 7 && memcmp(h, "unknown", 7) == 0)) {
        rk_span_str(buf, cap, ip, in);
        return buf;
    }
    for (i = hn; i > 0; i--)
        if (h[i - 1] == '.' && ++dots == 2) {
            start = i;
            break;
        }
    rk_span_str(buf, cap, h + start, hn - start);
    rk_lower(buf);
    return buf;
}

/* SMTP connections come from the correlator's sessions, which already
 * pair each connect with its disconnect. */
static int on_session(void *user, const maillog_session *ses)
{
    report *r = user;
    const char *h = "", *ip = "";
    size_t hn = 0, in = 0;
    int64_t t0, t1;
    uint64_t secs;
    char dom[256];
    tally_ent *e;
    if (!(maillog_session_flags(ses) & MAILLOG_MSG_COMPLETE) ||
        maillog_session_number(ses, MAILLOG_SESSION_N_CONNECT_TIME, &t0) != 1 ||
        maillog_session_number(ses, MAILLOG_SESSION_N_END_TIME, &t1) != 1)
        return 0;
    secs = t1 > t0 ? (uint64_t)(t1 - t0) : 0;
    r->t.connections++;
    r->t.conn_seconds += secs;
    if (secs > r->t.conn_max)
        r->t.conn_max = secs;
    rk_sfield(ses, MAILLOG_SESSION_F_CLIENT_HOST, &h, &hn);
    rk_sfield(ses, MAILLOG_SESSION_F_CLIENT_IP, &ip, &in);
    if ((e = tally_gets(&r->conn_clients, client_domain(h, hn, ip, in, dom, sizeof dom))) != NULL) {
        e->v[0]++;
        e->v[1] += secs;
        if (secs > e->v[2])
            e->v[2] = secs;
    }
    return 0;
}

/* Warnings, errors, fatal and panic lines grouped by their text after the
 * severity word. */
static void on_problem(report *r, const maillog_record *rec, int32_t sev)
{
    static const char *const words[] = {"warning: ", "error: ", "fatal: ", "panic: "};
    const char *body = "", *svc = "", *s;
    size_t bn = 0, sn = 0, k, w;
    char key[300];
    rk_get(rec, MAILLOG_F_BODY, &body, &bn);
    rk_get(rec, MAILLOG_F_SERVICE, &svc, &sn);
    for (s = body; s < body + bn; s++) {
        for (w = 0; w < 4; w++) {
            size_t wl = strlen(words[w]);
            if ((size_t)(body + bn - s) >= wl && memcmp(s, words[w], wl) == 0)
                break;
        }
        if (w < 4) {
            s += strlen(words[w]);
            bn -= (size_t)(s - body);
            body = s;
            break;
        }
    }
    k = bn > 100 ? 100 : bn;
    snprintf(key, sizeof key, "%s\t%.*s\t%.*s%s", maillog_severity_name(sev), (int)sn, svc,
             (int)k, body, bn > k ? "..." : "");
    tally_count(&r->problems, key);
}

/* What a record counts alone, whatever came before it: the line tallies.
 * A parallel read counts them in the worker that parsed the record, into a
 * report of the file's own (file_new), added to the whole one after the
 * file (report_add_lines). */
static void count_line(report *r, const maillog_record *rec)
{
    int64_t t = INT64_MIN;
    int32_t off = 0, ev = maillog_record_event(rec), sev = maillog_record_severity(rec);
    const char *ip = "", *p;
    size_t n = 0;
    tally_ent *inst = NULL;
    r->lines++;
    if (maillog_record_flags(rec) & MAILLOG_REC_UNPARSED)
        r->unparsed++;
    if (maillog_record_time(rec, &t, NULL, &off) == 1) {
        r->offset = off;
        if (!r->have_ts || t < r->first_ts)
            r->first_ts = t;
        if (!r->have_ts || t > r->last_ts)
            r->last_ts = t;
        r->have_ts = 1;
    }
    if (maillog_record_mta(rec) != MAILLOG_MTA_UNKNOWN) {
        rk_get(rec, MAILLOG_F_INSTANCE, &p, &n);
        if ((inst = rk_instance(r, p, n)) != NULL)
            inst->v[I_LINES]++;
    }
    count_reason(r, rec, ev);
    switch (ev) {
    case MAILLOG_EV_DELIVERY:
        on_delivery(r, rec, inst, t);
        break;
    case MAILLOG_EV_REJECT:
        on_reject(r, rec, inst, t);
        break;
    case MAILLOG_EV_ACTION:
        if (rk_get(rec, MAILLOG_F_ACTION, &p, &n) &&
            ((n == 7 && !memcmp(p, "warning", 7)) || (n == 14 && !memcmp(p, "reject_warning", 14)))) {
            const char *stage = "-", *reply = "";
            size_t sn = 1, rn = 0;
            char reason[128], key[256];
            r->t.warned++;
            rk_get(rec, MAILLOG_F_STAGE, &stage, &sn);
            rk_get(rec, MAILLOG_F_REPLY, &reply, &rn);
            rk_reason_of(reply, rn, reason, sizeof reason);
            tally_count(&r->warn_reasons, rk_key2(key, sizeof key, stage, sn, reason));
        }
        break;
    case MAILLOG_EV_AUTH_FAILED: {
        const char *h = "";
        size_t hn = 0;
        char key[300];
        rk_get(rec, MAILLOG_F_CLIENT_HOST, &h, &hn);
        rk_get(rec, MAILLOG_F_CLIENT_IP, &ip, &n);
        snprintf(key, sizeof key, "%.*s[%.*s]", (int)hn, h, (int)n, ip);
        tally_count(&r->sasl_failures, key);
        break;
    }
    default:
        break;
    }
    if (sev >= MAILLOG_SEV_PANIC && sev <= MAILLOG_SEV_WARNING)
        on_problem(r, rec, sev);
}

/* The rest, in the order of the lines: the offset that message times are
 * shown in, and the correlator. */
static int correlate(report *r, const maillog_record *rec)
{
    int rc = maillog_corr_add(r->corr, rec);
    if (rc < 0) {
        fprintf(stderr, "maillog-report: %s\n", maillog_strerror(rc));
        return 1;
    }
    return rc == MAILLOG_STOPPED;
}

static int on_record(void *user, const maillog_record *rec)
{
    count_line(user, rec);
    return correlate(user, rec);
}

static int on_record_rest(void *user, const maillog_record *rec)
{
    report *r = user;
    int64_t t;
    int32_t off;
    if (maillog_record_time(rec, &t, NULL, &off) == 1)
        r->offset = off;
    return correlate(r, rec);
}

static void *file_new(void *user)
{
    (void)user;
    return calloc(1, sizeof(report));
}

static void file_count(void *acc, const maillog_record *rec) { count_line(acc, rec); }

static void file_done(void *user, void *acc, int merge)
{
    if (merge)
        report_add_lines(user, acc);
    report_free(acc);
}

enum { OPT_JSON = TOOL_OPT_OWN, OPT_TOP };

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        TOOL_LONG_OPTS,
        {"json", no_argument, NULL, OPT_JSON},
        {"top", required_argument, NULL, OPT_TOP},
        {"human", no_argument, NULL, 'H'},
        {NULL, 0, NULL, 0}};
    static char name[] = "maillog-report";
    report *r = calloc(1, sizeof *r);
    maillog_parser *p = NULL;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, status = 0, rc, c;

    if (!r || !files) {
        fputs("maillog-report: out of memory\n", stderr);
        return 1;
    }
    tool_opts_init(&r->o, name);
    argv[0] = name; /* getopt_long's messages name the tool, not its path */
    r->top = 10;
    while (!status && (c = getopt_long(argc, argv, TOOL_SHORT_OPTS "H", longopts, NULL)) != -1) {
        if ((rc = tool_common_option(&r->o, c, optarg)) != 0) {
            if (rc < 0)
                status = 2;
            continue;
        }
        switch (c) {
        case 'h':
            usage(stdout);
            goto out;
        case 'V':
            printf("maillog-report (libmaillog) %s\n", maillog_version_string());
            goto out;
        case OPT_JSON:
            r->json = 1;
            break;
        case 'H':
            r->human = 1;
            break;
        case OPT_TOP: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0 || v > 1000000 || end == optarg) {
                fprintf(stderr, "maillog-report: bad --top '%s' (want 0 to 1000000)\n", optarg);
                status = 2;
            }
            r->top = (int)v;
            break;
        }
        default: /* getopt_long said what */
            status = tool_usage_error(&r->o);
        }
    }
    if (status || tool_opts_finish(&r->o) != 0) {
        status = 2;
        goto out;
    }
    while (optind < argc)
        files[nfiles++] = argv[optind++];
    if (!nfiles)
        files[nfiles++] = "-";
    if (tool_list_inputs(&files, &nfiles, r->o.prog) != 0) {
        status = 2;
        goto out;
    }
    if (!(p = tool_parser(&r->o, on_record, r))) {
        status = 1;
        goto out;
    }
    if ((rc = maillog_corr_new(NULL, &r->corr)) != MAILLOG_OK) {
        fprintf(stderr, "maillog-report: %s\n", maillog_strerror(rc));
        status = 1;
        goto out;
    }
    maillog_corr_set_callbacks(r->corr, report_on_message, on_session, r);
    r->o.file_new = file_new;
    r->o.file_count = file_count;
    r->o.file_done = file_done;
    r->o.rest_cb = on_record_rest;
    r->o.file_user = r;
    status = tool_run(&r->o, p, files, nfiles);
    if (status == 2) /* an input was refused: no report */
        goto out;
    maillog_corr_finish(r->corr);
    if (report_oom(r)) {
        fputs("maillog-report: out of memory: the report is incomplete\n", stderr);
        status = 1;
    }
    if (r->json)
        report_print_json(r, files, nfiles);
    else
        report_print_text(r, files, nfiles);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "maillog-report: write error: %s\n", strerror(errno));
        status = 1;
    }
out:
    maillog_corr_free(r->corr);
    maillog_parser_free(p);
    report_free(r);
    free(files);
    return status;
}
