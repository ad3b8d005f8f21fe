/* report_out.c -- maillog-report's output: readable text, or one JSON
 * object with the same figures.  Two-level keys ("group\tdetail") come
 * from report_data.h's tables. */
#include "report_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const col_names[T_COLS] = {"received", "delivered", "deferred", "bounced",
                                              "rejected"};

/* ------------------------------------------------------------ text */

static void fmt_time(int64_t t, int32_t off, char *buf, size_t cap)
{
    time_t x = (time_t)(t + off);
    struct tm tm;
    gmtime_r(&x, &tm);
    strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm);
}

static int pct(uint64_t part, uint64_t whole)
{
    return whole ? (int)(part * 100 / whole) : 0;
}

static void heading(const char *title)
{
    size_t n = strlen(title);
    printf("\n%s\n", title);
    while (n--)
        putchar('-');
    putchar('\n');
}

static int shown(const report *r, size_t i) { return r->top == 0 || i < (size_t)r->top; }

/* A byte figure, width columns wide; with --human as pflogsumm prints
 * them: over 512m in m, over 512k in k (units of 1024), else a space. */
static const char *bytes_fig(const report *r, uint64_t v, int width, char *buf, size_t cap)
{
    unsigned long long x = (unsigned long long)v;
    if (!r->human)
        snprintf(buf, cap, "%*llu", width, x);
    else
        snprintf(buf, cap, "%*llu%c", width - 1,
                 x > 536870912ull ? x / 1048576 : x > 524288 ? x / 1024 : x,
                 x > 536870912ull ? 'm' : x > 524288 ? 'k' : ' ');
    return buf;
}

/* A ranked table: count (and bytes) then key; column 1 of the tables
 * ranked is bytes. */
static void text_ranked(report *r, tally *t, const char *title, int col, int with_bytes)
{
    tally_ent **v = tally_sorted(t, col);
    size_t i;
    char b[32];
    if (!v || !v[0]) {
        free(v);
        return;
    }
    heading(title);
    for (i = 0; v[i] && shown(r, i); i++) {
        if (with_bytes)
            printf(" %8llu %s  %s\n", (unsigned long long)v[i]->v[0],
                   bytes_fig(r, v[i]->v[1], 12, b, sizeof b), v[i]->key);
        else if (col == 1)
            printf(" %s  %s\n", bytes_fig(r, v[i]->v[col], 8, b, sizeof b), v[i]->key);
        else
            printf(" %8llu  %s\n", (unsigned long long)v[i]->v[col], v[i]->key);
    }
    free(v);
}

/* The reasons with a count, most failures first, ties in id order. */
static size_t reasons_sorted(const report *r, int32_t *ids)
{
    size_t n = 0, i;
    int32_t id;
    uint64_t tot[MAILLOG_REASON_COUNT];
    for (id = 0; id < MAILLOG_REASON_COUNT; id++) {
        int c;
        tot[id] = 0;
        for (c = 0; c < R_COLS; c++)
            tot[id] += r->by_reason[id][c];
        if (!tot[id])
            continue;
        for (i = n; i > 0 && tot[ids[i - 1]] < tot[id]; i--) /* insertion: stable */
            ids[i] = ids[i - 1];
        ids[i] = id;
        n++;
    }
    return n;
}

static void text_reasons(report *r)
{
    int32_t ids[MAILLOG_REASON_COUNT];
    size_t n = reasons_sorted(r, ids), i;
    if (!n)
        return;
    heading("Deferrals, bounces and rejects by reason");
    printf(" deferrals  bounces  rejects  expired  reason\n");
    for (i = 0; i < n && shown(r, i); i++) {
        const uint64_t *v = r->by_reason[ids[i]];
        printf(" %9llu %8llu %8llu %8llu  %s\n", (unsigned long long)v[R_DEFERRALS],
               (unsigned long long)v[R_BOUNCES], (unsigned long long)v[R_REJECTS],
               (unsigned long long)v[R_EXPIRED], maillog_reason_name(ids[i]));
    }
}

/* Reasons grouped by their first key part (stage, service or relay). */
static void text_grouped(report *r, tally *t, const char *title)
{
    tally_ent **v;
    size_t i, j, shown_in_group = 0;
    const char *group = NULL;
    size_t glen = 0;
    if (!t->n)
        return;
    v = tally_sorted(t, -1); /* by key: groups together */
    if (!v)
        return;
    heading(title);
    for (i = 0; v[i]; i = j) {
        const char *tab = strchr(v[i]->key, '\t');
        uint64_t total = 0;
        tally_ent **grp;
        size_t k = 0;
        glen = tab ? (size_t)(tab - v[i]->key) : strlen(v[i]->key);
        group = v[i]->key;
        for (j = i; v[j] && strncmp(v[j]->key, group, glen) == 0 && v[j]->key[glen] == '\t'; j++)
            total += v[j]->v[0];
        if (j == i)
            j = i + 1;
        printf("  %.*s (total: %llu)\n", (int)glen, group, (unsigned long long)total);
        /* within a group, the most frequent first */
        grp = malloc((j - i) * sizeof *grp);
        if (!grp)
            continue;
        memcpy(grp, v + i, (j - i) * sizeof *grp);
        for (k = 0; k < j - i; k++)
            grp[k]->sortkey = grp[k]->v[0];
        qsort(grp, j - i, sizeof *grp, tally_cmp);
        for (k = 0, shown_in_group = 0; k < j - i && shown(r, shown_in_group); k++, shown_in_group++) {
            const char *d = strchr(grp[k]->key, '\t'), *e;
            d = d ? d + 1 : grp[k]->key;
            printf("    %8llu  ", (unsigned long long)grp[k]->v[0]);
            if (!*d)
                fputs("(no reply text)", stdout);
            for (; (e = strchr(d, '\t')) != NULL; d = e + 1) /* a third level */
                printf("%.*s: ", (int)(e - d), d);
            printf("%s\n", d);
        }
        free(grp);
    }
    free(v);
}

static void text_traffic(report *r)
{
    tally_ent **v = tally_sorted(&r->days, -1);
    int h, c;
    size_t i;
    if (v && v[0]) {
        heading("Per-day traffic");
        printf("  %-10s", "date");
        for (c = 0; c < T_COLS; c++)
            printf(" %10s", col_names[c]);
        putchar('\n');
        for (i = 0; v[i]; i++) {
            printf("  %-10s", v[i]->key);
            for (c = 0; c < T_COLS; c++)
                printf(" %10llu", (unsigned long long)v[i]->v[c]);
            putchar('\n');
        }
        heading("Per-hour traffic (all days)");
        printf("  %-10s", "hour");
        for (c = 0; c < T_COLS; c++)
            printf(" %10s", col_names[c]);
        putchar('\n');
        for (h = 0; h < 24; h++) {
            printf("  %02d00-%02d00 ", h, h + 1);
            for (c = 0; c < T_COLS; c++)
                printf(" %10llu", (unsigned long long)r->hour[h][c]);
            putchar('\n');
        }
    }
    free(v);
}

static void text_domains(report *r)
{
    tally_ent **v = tally_sorted(&r->recipient_domains, 0);
    size_t i;
    char b[32];
    if (v && v[0]) {
        heading("Delivery by recipient domain");
        printf(" %8s %12s %8s %10s %10s  %s\n", "sent", "bytes", "defers", "avg delay",
               "max delay", "domain");
        for (i = 0; v[i] && shown(r, i); i++)
            printf(" %8llu %s %8llu %9.1fs %9.1fs  %s\n", (unsigned long long)v[i]->v[0],
                   bytes_fig(r, v[i]->v[1], 12, b, sizeof b), (unsigned long long)v[i]->v[2],
                   v[i]->v[0] ? (double)v[i]->v[3] / 1000.0 / (double)v[i]->v[0] : 0.0,
                   (double)v[i]->v[4] / 1000.0, v[i]->key[0] ? v[i]->key : "(none)");
    }
    free(v);
}

static void text_relays(report *r)
{
    tally_ent **v = tally_sorted(&r->relay_delays, 0);
    size_t i;
    if (v && v[0]) {
        heading("Delivery delay by relay (seconds)");
        printf(" %8s %9s %9s %9s %9s  %s\n", "sent", "p50", "p90", "p99", "max", "relay");
        for (i = 0; v[i] && shown(r, i); i++)
            printf(" %8llu %9.2f %9.2f %9.2f %9.2f  %s\n", (unsigned long long)v[i]->v[0],
                   (double)tally_percentile(v[i], 50) / 1e6,
                   (double)tally_percentile(v[i], 90) / 1e6,
                   (double)tally_percentile(v[i], 99) / 1e6,
                   (double)tally_percentile(v[i], 100) / 1e6, v[i]->key);
    }
    free(v);
    v = tally_sorted(&r->failing_relays, 0);
    if (v && v[0]) {
        size_t k;
        /* deferrals and bounces together decide the order */
        for (k = 0; v[k]; k++)
            v[k]->sortkey = v[k]->v[0] + v[k]->v[1];
        qsort(v, k, sizeof *v, tally_cmp);
        heading("Failing relays");
        printf(" %9s %8s  %s\n", "deferrals", "bounces", "relay");
        for (i = 0; v[i] && shown(r, i); i++)
            printf(" %9llu %8llu  %s\n", (unsigned long long)v[i]->v[0],
                   (unsigned long long)v[i]->v[1], v[i]->key);
    }
    free(v);
}

static void text_instances(report *r)
{
    tally_ent **v = tally_sorted(&r->instances, -1);
    size_t i;
    if (v && v[0]) {
        heading("Per instance");
        printf(" %10s %10s %10s %10s %10s %10s  %s\n", "lines", "received", "delivered",
               "deferrals", "bounced", "rejected", "instance");
        for (i = 0; v[i]; i++)
            printf(" %10llu %10llu %10llu %10llu %10llu %10llu  %s\n",
                   (unsigned long long)v[i]->v[I_LINES], (unsigned long long)v[i]->v[I_RECEIVED],
                   (unsigned long long)v[i]->v[I_DELIVERED],
                   (unsigned long long)v[i]->v[I_DEFERRALS],
                   (unsigned long long)v[i]->v[I_BOUNCED], (unsigned long long)v[i]->v[I_REJECTED],
                   v[i]->key);
    }
    free(v);
}

static void text_connections(report *r)
{
    tally_ent **v;
    size_t i;
    if (!r->t.connections)
        return;
    heading("SMTP connections (smtpd)");
    printf("  %llu connections, %.1f s average, %llu s longest\n",
           (unsigned long long)r->t.connections,
           (double)r->t.conn_seconds / (double)r->t.connections,
           (unsigned long long)r->t.conn_max);
    v = tally_sorted(&r->conn_clients, 0);
    if (!v)
        return;
    printf(" %8s %10s %8s  %s\n", "conns", "avg secs", "max", "client host/domain");
    for (i = 0; v[i] && shown(r, i); i++)
        printf(" %8llu %10.1f %8llu  %s\n", (unsigned long long)v[i]->v[0],
               (double)v[i]->v[1] / (double)v[i]->v[0], (unsigned long long)v[i]->v[2],
               v[i]->key);
    free(v);
}

static void text_queued(report *r)
{
    tally_ent **v;
    size_t i;
    if (!r->queued.n)
        return;
    v = tally_sorted(&r->queued, 0);
    if (!v)
        return;
    /* oldest first: smallest first time */
    for (i = 0; v[i]; i++)
        v[i]->sortkey = UINT64_MAX - v[i]->v[0];
    qsort(v, r->queued.n, sizeof *v, tally_cmp);
    heading("Messages still queued at the end of the log (oldest first)");
    printf("  %-20s %-16s %-19s %5s  %s\n", "queue id", "host", "first seen", "rcpts", "sender");
    for (i = 0; v[i] && shown(r, i); i++) {
        char when[32];
        const char *tab = strchr(v[i]->key, '\t'), *tab2 = strchr(tab + 1, '\t');
        fmt_time((int64_t)v[i]->v[0], r->offset, when, sizeof when);
        printf("  %-20.*s %-16.*s %-19s %5llu  <%s>\n", (int)(tab - v[i]->key), v[i]->key,
               (int)(tab2 - tab - 1), tab + 1, when, (unsigned long long)v[i]->v[1], tab2 + 1);
    }
    free(v);
}

void report_print_text(report *r, const char **files, int nfiles)
{
    const totals *t = &r->t;
    uint64_t refused = t->rejected + t->discarded;
    char a[32], b[32];
    int i;
    fputs("maillog-report:", stdout);
    for (i = 0; i < nfiles; i++)
        printf(" %s", files[i]);
    printf("\n%llu lines, %llu not understood", (unsigned long long)r->lines,
           (unsigned long long)r->unparsed);
    if (r->have_ts) {
        fmt_time(r->first_ts, r->offset, a, sizeof a);
        fmt_time(r->last_ts, r->offset, b, sizeof b);
        printf("; %s to %s", a, b);
    }
    putchar('\n');
    heading("Grand totals");
    printf(" %8llu  received\n", (unsigned long long)t->received);
    printf(" %8llu  delivered\n", (unsigned long long)t->delivered);
    printf(" %8llu  forwarded\n", (unsigned long long)t->forwarded);
    printf(" %8llu  deferred (%llu deferrals)\n", (unsigned long long)t->deferred_msgs,
           (unsigned long long)t->deferrals);
    printf(" %8llu  bounced\n", (unsigned long long)t->bounced);
    printf(" %8llu  rejected (%d%%)\n", (unsigned long long)t->rejected,
           pct(t->rejected, t->delivered + refused));
    printf(" %8llu  reject warnings\n", (unsigned long long)t->warned);
    printf(" %8llu  held\n", (unsigned long long)t->held);
    printf(" %8llu  discarded (%d%%)\n", (unsigned long long)t->discarded,
           pct(t->discarded, t->delivered + refused));
    printf("\n %s  bytes received\n", bytes_fig(r, t->bytes_received, 8, a, sizeof a));
    printf(" %s  bytes delivered\n", bytes_fig(r, t->bytes_delivered, 8, a, sizeof a));
    printf(" %8zu  senders\n", r->senders.n);
    printf(" %8zu  sending hosts/domains\n", r->sender_domains.n);
    printf(" %8zu  recipients\n", r->recipients.n);
    printf(" %8zu  recipient hosts/domains\n", tally_nonzero(&r->recipient_domains, 0));
    heading("By message");
    printf(" %8llu  messages in the log\n", (unsigned long long)t->messages);
    printf(" %8llu  re-queued after a local hand-off (content filter, submission queue;\n"
           "           not counted as received)\n",
           (unsigned long long)t->hops);
    printf(" %8llu  recipients handed off locally (not counted as delivered)\n",
           (unsigned long long)t->handed_off_rcpts);
    printf(" %s  bytes handed off locally (not counted as delivered)\n",
           bytes_fig(r, t->handed_off_bytes, 8, a, sizeof a));
    printf(" %8llu  of the delivered went to a relay on this host whose queue id\n"
           "           never appears (a local smarthost, a tunnel: out of the log's view)\n",
           (unsigned long long)t->left_view_rcpts);
    printf(" %8llu  notifications (bounces, delay warnings) created\n",
           (unsigned long long)t->notifications);
    printf(" %8llu  rejected after queueing\n", (unsigned long long)t->msg_rejected);
    printf(" %8llu  discarded after queueing\n", (unsigned long long)t->msg_discarded);
    printf(" %8llu  held\n", (unsigned long long)t->msg_held);
    printf(" %8llu  expired\n", (unsigned long long)t->expired);
    printf(" %8llu  still queued at the end\n", (unsigned long long)t->queued);
    if (t->evicted)
        printf(" %8llu  given up by the correlator (limits)\n", (unsigned long long)t->evicted);
    text_instances(r);
    text_traffic(r);
    text_domains(r);
    text_ranked(r, &r->sender_domains, "Received by sender domain (messages, bytes)", 0, 1);
    text_ranked(r, &r->senders, "Senders by message count", 0, 0);
    text_ranked(r, &r->recipients, "Recipients by message count", 0, 0);
    text_ranked(r, &r->senders, "Senders by message size", 1, 0);
    text_ranked(r, &r->recipients, "Recipients by message size", 1, 0);
    text_relays(r);
    text_reasons(r);
    text_grouped(r, &r->defer_reasons, "Deferral reasons (by service)");
    text_grouped(r, &r->bounce_reasons, "Bounce reasons (by relay)");
    text_grouped(r, &r->reject_reasons, "Reject reasons (by stage)");
    text_grouped(r, &r->warn_reasons, "Reject warnings (by stage)");
    text_grouped(r, &r->hold_reasons, "Held (by stage)");
    text_grouped(r, &r->discard_reasons, "Discarded (by stage)");
    text_connections(r);
    text_ranked(r, &r->sasl_failures, "SASL authentication failures by client", 0, 0);
    text_grouped(r, &r->problems, "Warnings, errors, fatal and panic lines (by severity)");
    text_queued(r);
}

/* ------------------------------------------------------------ JSON */

/* A JSON string; bytes that are not UTF-8 become U+FFFD. */
static void json_str(const char *s, size_t n)
{
    size_t i = 0;
    putchar('"');
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                 : (c & 0xF8) == 0xF0 ? 4 : 0;
        size_t k;
        if (c == '"' || c == '\\') {
            printf("\\%c", c);
            i++;
            continue;
        }
        if (c < 0x20) {
            printf("\\u%04x", c);
            i++;
            continue;
        }
        for (k = 1; len && k < len; k++)
            if (i + k >= n || ((unsigned char)s[i + k] & 0xC0) != 0x80)
                len = 0;
        if (len == 2 && c < 0xC2)
            len = 0;
        if (len == 3 && ((c == 0xE0 && (unsigned char)s[i + 1] < 0xA0) ||
                         (c == 0xED && (unsigned char)s[i + 1] >= 0xA0)))
            len = 0;
        if (len == 4 && ((c == 0xF0 && (unsigned char)s[i + 1] < 0x90) || c > 0xF4 ||
                         (c == 0xF4 && (unsigned char)s[i + 1] >= 0x90)))
            len = 0;
        if (!len) {
            fputs("\xEF\xBF\xBD", stdout);
            i++;
            continue;
        }
        fwrite(s + i, 1, len, stdout);
        i += len;
    }
    putchar('"');
}

static void json_strz(const char *s) { json_str(s, strlen(s)); }

/* A table as objects: the key's tab-separated parts under the names in
 * parts, then the counters under the names in names; ranked by col. */
static void json_table(report *r, tally *t, const char *name, int col, const char *parts,
                       const char *const *names, int nnames, int percentiles)
{
    tally_ent **v = tally_sorted(t, col);
    size_t i;
    int k;
    printf(",\"%s\":[", name);
    for (i = 0; v && v[i] && shown(r, i); i++) {
        const char *key = v[i]->key, *part = parts, *tab;
        printf("%s{", i ? "," : "");
        for (;;) { /* parts is "name1,name2,..." */
            const char *comma = strchr(part, ',');
            int plen = comma ? (int)(comma - part) : (int)strlen(part);
            tab = comma ? strchr(key, '\t') : NULL;
            printf("%s\"%.*s\":", part == parts ? "" : ",", plen, part);
            json_str(key, tab ? (size_t)(tab - key) : strlen(key));
            if (!tab)
                break;
            key = tab + 1;
            part = comma + 1;
        }
        for (k = 0; k < nnames; k++)
            printf(",\"%s\":%llu", names[k], (unsigned long long)v[i]->v[k]);
        if (percentiles)
            printf(",\"p50_s\":%.3f,\"p90_s\":%.3f,\"p99_s\":%.3f,\"max_s\":%.3f",
                   (double)tally_percentile(v[i], 50) / 1e6,
                   (double)tally_percentile(v[i], 90) / 1e6,
                   (double)tally_percentile(v[i], 99) / 1e6,
                   (double)tally_percentile(v[i], 100) / 1e6);
        putchar('}');
    }
    putchar(']');
    free(v);
}

void report_print_json(report *r, const char **files, int nfiles)
{
    static const char *const count[] = {"count"};
    static const char *const cb[] = {"count", "bytes"};
    static const char *const dom[] = {"sent", "bytes", "defers", "delay_ms_total",
                                      "delay_ms_max"};
    static const char *const inst[] = {"received", "delivered", "deferrals",
                                       "bounced",  "rejected",  "lines"};
    static const char *const fail[] = {"deferrals", "bounces"};
    static const char *const conn[] = {"connections", "seconds", "max_seconds"};
    static const char *const q[] = {"first_time", "recipients"};
    const totals *t = &r->t;
    const char *sep;
    char a[32];
    int i, h, c;
    tally_ent **v;
    fputs("{\"files\":[", stdout);
    for (i = 0; i < nfiles; i++) {
        printf("%s", i ? "," : "");
        json_strz(files[i]);
    }
    printf("],\"lines\":%llu,\"unparsed\":%llu", (unsigned long long)r->lines,
           (unsigned long long)r->unparsed);
    if (r->have_ts) {
        fmt_time(r->first_ts, r->offset, a, sizeof a);
        printf(",\"first\":\"%s\"", a);
        fmt_time(r->last_ts, r->offset, a, sizeof a);
        printf(",\"last\":\"%s\"", a);
    }
#define N(name, v) printf("%s\"%s\":%llu", sep, name, (unsigned long long)(v)), sep = ","
    sep = "";
    fputs(",\"totals\":{", stdout);
    N("received", t->received);
    N("delivered", t->delivered);
    N("forwarded", t->forwarded);
    N("deferred", t->deferred_msgs);
    N("deferrals", t->deferrals);
    N("bounced", t->bounced);
    N("rejected", t->rejected);
    N("reject_warnings", t->warned);
    N("held", t->held);
    N("discarded", t->discarded);
    N("bytes_received", t->bytes_received);
    N("bytes_delivered", t->bytes_delivered);
    N("senders", r->senders.n);
    N("sending_domains", r->sender_domains.n);
    N("recipients", r->recipients.n);
    N("recipient_domains", tally_nonzero(&r->recipient_domains, 0));
    sep = "";
    fputs("},\"by_message\":{", stdout);
    N("messages", t->messages);
    N("content_filter_hops", t->hops);
    N("handed_off_recipients", t->handed_off_rcpts);
    N("handed_off_bytes", t->handed_off_bytes);
    N("left_view_recipients", t->left_view_rcpts);
    N("notifications", t->notifications);
    N("rejected", t->msg_rejected);
    N("discarded", t->msg_discarded);
    N("held", t->msg_held);
    N("expired", t->expired);
    N("queued", t->queued);
    N("evicted", t->evicted);
    sep = "";
    fputs("},\"connections\":{", stdout);
    N("count", t->connections);
    N("seconds", t->conn_seconds);
    N("max_seconds", t->conn_max);
#undef N
    fputs("},\"per_hour\":[", stdout);
    for (h = 0; h < 24; h++) {
        printf("%s{\"hour\":%d", h ? "," : "", h);
        for (c = 0; c < T_COLS; c++)
            printf(",\"%s\":%llu", col_names[c], (unsigned long long)r->hour[h][c]);
        putchar('}');
    }
    fputs("],\"per_day\":[", stdout);
    v = tally_sorted(&r->days, -1);
    for (i = 0; v && v[i]; i++) {
        printf("%s{\"date\":\"%s\"", i ? "," : "", v[i]->key);
        for (c = 0; c < T_COLS; c++)
            printf(",\"%s\":%llu", col_names[c], (unsigned long long)v[i]->v[c]);
        putchar('}');
    }
    free(v);
    putchar(']');
    json_table(r, &r->instances, "instances", I_LINES, "instance", inst, 6, 0);
    json_table(r, &r->recipient_domains, "recipient_domains", 0, "domain", dom, 5, 0);
    json_table(r, &r->sender_domains, "sender_domains", 0, "domain", cb, 2, 0);
    json_table(r, &r->senders, "senders", 0, "address", cb, 2, 0);
    json_table(r, &r->recipients, "recipients", 0, "address", cb, 2, 0);
    json_table(r, &r->relay_delays, "relay_delays", 0, "relay", count, 1, 1);
    json_table(r, &r->failing_relays, "failing_relays", 0, "relay", fail, 2, 0);
    fputs(",\"by_reason\":[", stdout);
    {
        int32_t ids[MAILLOG_REASON_COUNT];
        size_t n = reasons_sorted(r, ids), k;
        for (k = 0; k < n && shown(r, k); k++) {
            const uint64_t *rv = r->by_reason[ids[k]];
            printf("%s{\"reason\":\"%s\",\"deferrals\":%llu,\"bounces\":%llu,\"rejects\":%llu,"
                   "\"expired\":%llu}",
                   k ? "," : "", maillog_reason_name(ids[k]), (unsigned long long)rv[R_DEFERRALS],
                   (unsigned long long)rv[R_BOUNCES], (unsigned long long)rv[R_REJECTS],
                   (unsigned long long)rv[R_EXPIRED]);
        }
    }
    putchar(']');
    json_table(r, &r->defer_reasons, "deferral_reasons", 0, "service,reason", count, 1, 0);
    json_table(r, &r->bounce_reasons, "bounce_reasons", 0, "relay,reason", count, 1, 0);
    json_table(r, &r->reject_reasons, "reject_reasons", 0, "stage,reason", count, 1, 0);
    json_table(r, &r->warn_reasons, "reject_warnings", 0, "stage,reason", count, 1, 0);
    json_table(r, &r->hold_reasons, "held", 0, "stage,reason", count, 1, 0);
    json_table(r, &r->discard_reasons, "discarded", 0, "stage,reason", count, 1, 0);
    json_table(r, &r->conn_clients, "connection_clients", 0, "client", conn, 3, 0);
    json_table(r, &r->sasl_failures, "sasl_failures", 0, "client", count, 1, 0);
    json_table(r, &r->problems, "problems", 0, "severity,service,text", count, 1, 0);
    json_table(r, &r->queued, "queued", 0, "queue_id,host,from", q, 2, 0);
    fputs("}\n", stdout);
}
