/* test_reason.c -- the reasons of failures: every row of
 * tests/data/reasons.tsv, the names, the phrase table's shape, that a sent
 * line never gets a reason, and that every failure of the bundled logs has
 * one (or is listed here with why none fits). */
#include "tests.h"

#ifndef ML_TEST_PUBLIC_ONLY
#include "reason/reason.h"
#endif
#ifndef ML_NO_CORRELATE
#include <maillog_correlate.h>
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each row: reason, dsn, code, source, text (TAB-separated); '#' lines
 * are the header that cites the sources. */
START_TEST(table_rows)
{
    size_t len, rows = 0, failed = 0;
    char *buf = read_file("data/reasons.tsv", &len), *line, *next;
    char header[16384] = "";
    for (line = buf; line && *line; line = next) {
        char *col[5], *p = line;
        int k;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (*line == '#') {
            if (strlen(header) + strlen(line) + 2 < sizeof header)
                strcat(strcat(header, line), "\n");
            continue;
        }
        for (k = 0; k < 5; k++) {
            col[k] = p;
            p = k < 4 ? strchr(p, '\t') : NULL;
            if (k < 4) {
                ck_assert_msg(p != NULL, "reasons.tsv: a row without 5 columns: %s", line);
                *p++ = '\0';
            }
        }
        {
            char cite[64];
            int32_t want = maillog_reason_from_name(col[0], strlen(col[0]));
            int32_t got = maillog_reason_of(col[1], strlen(col[1]), atoi(col[2]), col[4],
                                            strlen(col[4]));
            snprintf(cite, sizeof cite, "#   %s ", col[3]);
            ck_assert_msg(want > MAILLOG_REASON_NONE, "reasons.tsv: unknown reason %s", col[0]);
            ck_assert_msg(strstr(header, cite) != NULL, "reasons.tsv: source %s not cited",
                          col[3]);
            if (got != want) {
                fprintf(stderr, "reasons.tsv: want %s, got %s: %s\n", col[0],
                        maillog_reason_name(got), col[4]);
                failed++;
            }
        }
        rows++;
    }
    free(buf);
    ck_assert_msg(rows >= 300, "reasons.tsv has %zu rows, fewer than 300", rows);
    ck_assert_msg(failed == 0, "%zu of %zu rows of reasons.tsv failed", failed, rows);
}
END_TEST

START_TEST(names)
{
    static const char *const want[] = {
        "none", "other", "user_unknown", "mailbox_full", "mailbox_disabled", "has_moved",
        "host_unknown", "not_accept", "relay_denied", "sender_rejected", "spam", "virus",
        "blocked", "bad_reputation", "require_ptr", "auth_failure", "auth_required", "policy",
        "content_rejected", "message_too_large", "rate_limited", "greylisted", "tls_failure",
        "dns_failure", "connection_refused", "timeout", "network_error", "syntax_error",
        "system_error", "system_full", "mailer_error", "expired", "retry_wait"};
    int32_t i;
    ck_assert_int_eq(sizeof want / sizeof want[0], MAILLOG_REASON_COUNT);
    ck_assert_int_eq(MAILLOG_REASON_USER_UNKNOWN, 2);
    ck_assert_int_eq(MAILLOG_REASON_RETRY_WAIT, 32);
    for (i = 0; i < MAILLOG_REASON_COUNT; i++) {
        ck_assert_str_eq(maillog_reason_name(i), want[i]);
        ck_assert_int_eq(maillog_reason_from_name(want[i], strlen(want[i])), i);
    }
    ck_assert_str_eq(maillog_reason_name(-1), "");
    ck_assert_str_eq(maillog_reason_name(MAILLOG_REASON_COUNT), "");
    ck_assert_int_eq(maillog_reason_from_name("spa", 3), -1);
    ck_assert_int_eq(maillog_reason_from_name(NULL, 0), -1);
    /* nothing to read: other, never none */
    ck_assert_int_eq(maillog_reason_of(NULL, 0, 0, NULL, 0), MAILLOG_REASON_OTHER);
    ck_assert_int_eq(maillog_reason_of(NULL, 5, 0, NULL, 9), MAILLOG_REASON_OTHER);
}
END_TEST

/* The record accessor and the JSON: a reason for failures only; a sent
 * line whose text would read as a failure gets none, because the status
 * is tested before any text is read. */
START_TEST(only_failures)
{
    static const char sent[] = "Nov 28 09:00:01 mx1 postfix/smtp[1]: ABCDEF1234: to=<a@b.example>, "
                               "relay=mx.b.example[192.0.2.1]:25, delay=1, dsn=5.1.1, status=sent "
                               "(250 user unknown, but taken anyway)";
    static const char deferred[] = "Nov 28 09:00:01 mx1 postfix/smtp[1]: ABCDEF1234: "
                                   "to=<a@b.example>, relay=none, delay=1, dsn=4.4.1, "
                                   "status=deferred (connect to mx.b.example[192.0.2.1]:25: "
                                   "Connection refused)";
    static const char expired[] = "Nov 28 09:00:01 mx1 postfix/qmgr[1]: ABCDEF1234: "
                                  "from=<a@b.example>, status=expired, returned to sender";
    const maillog_record *r = parse1(sent);
    ck_assert_int_eq(maillog_record_status(r), MAILLOG_STATUS_SENT);
    ck_assert_int_eq(maillog_record_reason(r), MAILLOG_REASON_NONE);
    ck_assert_ptr_null(strstr(json_of(r), "\"reason\""));
    r = parse1(deferred);
    ck_assert_int_eq(maillog_record_reason(r), MAILLOG_REASON_CONNECTION_REFUSED);
    ck_assert_ptr_nonnull(strstr(json_of(r), "\"status\":\"deferred\",\"reason\":\"connection_refused\""));
    r = parse1(expired);
    ck_assert_int_eq(maillog_record_status(r), MAILLOG_STATUS_EXPIRED);
    ck_assert_int_eq(maillog_record_reason(r), MAILLOG_REASON_EXPIRED);
    r = parse1("Nov 28 09:00:01 mx1 postfix/smtpd[1]: connect from x[192.0.2.1]");
    ck_assert_int_eq(maillog_record_reason(r), MAILLOG_REASON_NONE);
    ck_assert_int_eq(maillog_record_reason(NULL), MAILLOG_REASON_NONE);
}
END_TEST

/* The enhanced code and the reply code read from the text when the fields
 * are absent, and not from addresses or versions. */
START_TEST(codes_in_text)
{
    const char *t = "host 192.0.2.1 said: 550 5.2.2 over the limit";
    ck_assert_int_eq(maillog_reason_of(NULL, 0, 0, t, strlen(t)), MAILLOG_REASON_MAILBOX_FULL);
    t = "relay 4.2.2.1 refused";
    ck_assert_int_eq(maillog_reason_of(NULL, 0, 0, t, strlen(t)), MAILLOG_REASON_OTHER);
    t = "said: 552 nothing more";
    ck_assert_int_eq(maillog_reason_of(NULL, 0, 0, t, strlen(t)), MAILLOG_REASON_MAILBOX_FULL);
    t = "over quota";
    ck_assert_int_eq(maillog_reason_of("4.2.2", 5, 452, t, strlen(t)), MAILLOG_REASON_MAILBOX_FULL);
    /* the field wins over the text */
    t = "(#5.1.1)";
    ck_assert_int_eq(maillog_reason_of("4.4.7", 5, 0, t, strlen(t)), MAILLOG_REASON_EXPIRED);
    /* a temporary "host not found" is a DNS failure */
    t = "Host not found";
    ck_assert_int_eq(maillog_reason_of("4.4.4", 5, 0, t, strlen(t)), MAILLOG_REASON_DNS_FAILURE);
    ck_assert_int_eq(maillog_reason_of("5.4.4", 5, 0, t, strlen(t)), MAILLOG_REASON_HOST_UNKNOWN);
}
END_TEST

#ifndef ML_TEST_PUBLIC_ONLY
/* Every phrase lower case, without '_', in the bucket of its first byte and
 * in byte order (the buckets are walked in byte order), and each one read
 * alone gives its own reason. */
START_TEST(phrase_table)
{
    size_t i;
    const char *s, *prev = NULL;
    int32_t reason;
    for (i = 0; ml_reason_phrase_at(i, &s, &reason); i++) {
        size_t k, n = strlen(s);
        ck_assert_msg(n > 0 && n < 256, "phrase %zu: length", i);
        for (k = 0; k < n; k++)
            ck_assert_msg(ML_FOLD(s[k]) == (unsigned char)s[k], "phrase \"%s\": not folded", s);
        if (prev)
            ck_assert_msg(strcmp(prev, s) < 0, "phrases out of order: \"%s\", \"%s\"", prev, s);
        ck_assert_msg(maillog_reason_of(NULL, 0, 0, s, n) == reason,
                      "phrase \"%s\" alone gives %s, not %s", s,
                      maillog_reason_name(maillog_reason_of(NULL, 0, 0, s, n)),
                      maillog_reason_name(reason));
        prev = s;
    }
    ck_assert_uint_gt(i, 300);
}
END_TEST
#endif

/* Bundled logs: failures that no reason fits, each with why. */
static const struct {
    const char *file, *text;
} no_reason[] = {
    /* The error delivery agent's bounce of a notification whose text is
     * only the destination's name, as configured: nothing to read. */
    {"postfix-loopback.log", "client.test"},
    /* A proxy filter refused the message without any reply text. */
    {"postfix-kinds.log", ""},
};

static int excused(const char *file, const char *p, size_t n)
{
    size_t i;
    for (i = 0; i < sizeof no_reason / sizeof no_reason[0]; i++)
        if (!strcmp(file, no_reason[i].file) && strlen(no_reason[i].text) == n &&
            !memcmp(no_reason[i].text, p, n))
            return 1;
    return 0;
}

static const char *const logs[] = {"correlate-cases.log", "envelopes.log",
                                   "exim-loopback.log",   "opensmtpd-loopback.log",
                                   "postfix-kinds.log",   "postfix-loopback.log",
                                   "qmail-kinds.log",     "sendmail-loopback.log"};

typedef struct walk {
    const char *file;
    size_t failures, excused;
#ifndef ML_NO_CORRELATE
    maillog_corr *corr;
    size_t rcpt_failures;
#endif
} walk;

static int on_record(void *u, const maillog_record *r)
{
    walk *w = u;
    int32_t reason = maillog_record_reason(r);
    const char *p = "";
    size_t n = 0;
    if (reason != MAILLOG_REASON_NONE) {
        maillog_record_field(r, MAILLOG_F_REPLY, &p, &n);
        w->failures++;
        if (excused(w->file, p, n)) {
            ck_assert_msg(reason == MAILLOG_REASON_OTHER, "%s: \"%.*s\" now has a reason: %s",
                          w->file, (int)n, p, maillog_reason_name(reason));
            w->excused++;
        } else {
            ck_assert_msg(reason != MAILLOG_REASON_OTHER, "%s line %llu: no reason for \"%.*s\"",
                          w->file, (unsigned long long)maillog_record_line_number(r), (int)n, p);
        }
    }
#ifndef ML_NO_CORRELATE
    ck_assert_int_ge(maillog_corr_add(w->corr, r), 0);
#endif
    return 0;
}

#ifndef ML_NO_CORRELATE
static int on_message(void *u, const maillog_message *m)
{
    walk *w = u;
    uint32_t i;
    for (i = 0; i < maillog_message_recipient_count(m); i++) {
        int32_t reason = maillog_message_recipient_reason(m, i);
        const char *p = "";
        size_t n = 0;
        if (reason == MAILLOG_REASON_NONE)
            continue;
        maillog_message_recipient_field(m, i, MAILLOG_RECIPIENT_F_REPLY, &p, &n);
        w->rcpt_failures++;
        ck_assert_msg(reason != MAILLOG_REASON_OTHER || excused(w->file, p, n),
                      "%s: recipient without a reason: \"%.*s\"", w->file, (int)n, p);
    }
    ck_assert_int_eq(maillog_message_recipient_reason(m, i), MAILLOG_E_INVAL);
    return 0;
}
#endif

START_TEST(bundled_logs)
{
    size_t i, failures = 0, excused_n = 0;
    for (i = 0; i < sizeof logs / sizeof logs[0]; i++) {
        char path[256];
        size_t len;
        char *buf;
        maillog_parser *p = test_parser();
        walk w;
        memset(&w, 0, sizeof w);
        w.file = logs[i];
#ifndef ML_NO_CORRELATE
        ck_assert_int_eq(maillog_corr_new(NULL, &w.corr), 0);
        maillog_corr_set_callbacks(w.corr, on_message, NULL, &w);
#endif
        snprintf(path, sizeof path, "data/%s", logs[i]);
        buf = read_file(path, &len);
        maillog_parser_set_callback(p, on_record, &w);
        ck_assert_int_eq(maillog_parser_feed(p, buf, len, NULL), 0);
        ck_assert_int_eq(maillog_parser_finish(p), 0);
#ifndef ML_NO_CORRELATE
        ck_assert_int_ge(maillog_corr_finish(w.corr), 0);
        maillog_corr_free(w.corr);
#endif
        failures += w.failures;
        excused_n += w.excused;
        maillog_parser_free(p);
        free(buf);
    }
    ck_assert_uint_gt(failures, 80);
    /* "client.test" in both halves of the capture (two syslog formats), and
     * the empty proxy reply once */
    ck_assert_uint_eq(excused_n, 3);
}
END_TEST

Suite *suite_reason(void)
{
    Suite *s = suite_create("reason");
    TCase *tc = tcase_create("reason");
    tcase_add_test(tc, table_rows);
    tcase_add_test(tc, names);
    tcase_add_test(tc, only_failures);
    tcase_add_test(tc, codes_in_text);
#ifndef ML_TEST_PUBLIC_ONLY
    tcase_add_test(tc, phrase_table);
#endif
    tcase_add_test(tc, bundled_logs);
    suite_add_tcase(s, tc);
    return s;
}
