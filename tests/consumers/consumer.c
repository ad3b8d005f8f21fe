/* consumer.c -- a program outside the source tree that uses an installed
 * libmaillog, built by tests/consumers/run.sh through pkg-config, CMake
 * and Meson.  It reads a log on standard input with the streaming parser
 * (the 0.4.0 names), correlates the records, and prints:
 *
 *   libmaillog VERSION          the library it runs with (must equal the
 *                               header it was built with)
 *   ADDRESS STATUS              for every delivery, as maillog(3)'s example
 *   messages N                  the messages the correlator emitted
 */
#include <maillog.h>
#include <maillog_correlate.h>
#include <stdio.h>

static int on_message(void *user, const maillog_message *msg)
{
    (void)msg;
    ++*(unsigned long *)user;
    return 0;
}

static int on_record(void *user, const maillog_record *rec)
{
    const char *to;
    size_t to_len;
    if (maillog_record_event(rec) == MAILLOG_EV_DELIVERY &&
        maillog_record_field(rec, MAILLOG_F_TO, &to, &to_len) == 1)
        printf("%.*s %s\n", (int)to_len, to, maillog_status_name(maillog_record_status(rec)));
    return maillog_corr_add((maillog_corr *)user, rec) < 0;
}

int main(void)
{
    maillog_parser *p;
    maillog_corr *c;
    unsigned long messages = 0;
    char buf[65536];
    size_t n;
    if (maillog_version() != MAILLOG_VERSION_HEX) {
        fprintf(stderr, "built with %s, runs with %s\n", MAILLOG_VERSION_STRING,
                maillog_version_string());
        return 1;
    }
    printf("libmaillog %s\n", maillog_version_string());
    if (maillog_parser_new(NULL, 0, &p) != MAILLOG_OK || maillog_corr_new(NULL, &c) != MAILLOG_OK)
        return 1;
    maillog_corr_set_callbacks(c, on_message, NULL, &messages);
    maillog_parser_set_callback(p, on_record, c);
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
        if (maillog_parser_feed(p, buf, n, NULL) != MAILLOG_OK)
            return 1;
    if (maillog_parser_finish(p) != MAILLOG_OK || maillog_corr_finish(c) != MAILLOG_OK)
        return 1;
    printf("messages %lu\n", messages);
    maillog_corr_free(c);
    maillog_parser_free(p);
    return 0;
}
