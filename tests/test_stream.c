/* test_stream.c -- feed(): any chunking gives the same records, the carry
 * buffer is bounded, stopping and resuming lose nothing, and any bytes
 * come back as records with their raw text. */
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sink {
    textbuf t;
    size_t records;
    size_t stop_at; /* stop after this many records (0 = never) */
    uint32_t flags_or;
} sink;

static int on_rec(void *user, const maillog_record *r)
{
    sink *s = user;
    const char *j = json_of(r);
    textbuf_add(&s->t, j, strlen(j));
    textbuf_add(&s->t, "\n", 1);
    s->flags_or |= maillog_record_flags(r);
    s->records++;
    return s->stop_at && s->records % s->stop_at == 0;
}

/* Feed data in chunks of `chunk` bytes (0 = at the single split point
 * `split`), resuming after every stop; returns the NDJSON. */
static char *run(const char *data, size_t len, size_t chunk, size_t split, size_t stop_at,
                 uint32_t max_line, sink *out)
{
    maillog_parser *p = NULL;
    size_t pos = 0;
    memset(out, 0, sizeof *out);
    out->stop_at = stop_at;
    ck_assert_int_eq(maillog_parser_new(NULL, max_line, &p), MAILLOG_OK);
    maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME, TEST_REF_TIME);
    maillog_parser_set_callback(p, on_rec, out);
    while (pos < len) {
        size_t n = chunk ? (len - pos < chunk ? len - pos : chunk)
                         : (pos < split ? split - pos : len - pos);
        size_t used = 0;
        int rc = maillog_parser_feed(p, data + pos, n, &used);
        ck_assert(rc == MAILLOG_OK || rc == MAILLOG_STOPPED);
        if (rc == MAILLOG_OK)
            ck_assert_uint_eq(used, n);
        else
            ck_assert_uint_le(used, n);
        pos += used;
    }
    while (maillog_parser_finish(p) == MAILLOG_STOPPED)
        ;
    maillog_parser_free(p);
    textbuf_add(&out->t, "", 0);
    return out->t.buf;
}

static char *golden_input(size_t *len) { return read_file("data/postfix-kinds.log", len); }

static const char *const golden_sets[] = {"postfix-kinds", "envelopes", "qmail-kinds", "sendmail-loopback",
                                          "exim-loopback", "opensmtpd-loopback",
                                          "exchange-tracking", "exchange-org", "exchange-smtp",
                                          "mailenable-activity", "mailenable-w3c", "hmailserver-day",
                                          "postfix-loopback"};

/* Chunk sizes 1..64: the record stream equals the reviewed golden NDJSON
 * of every data set. */
START_TEST(every_chunk_size_matches_golden)
{
    size_t g, len, exp_len;
    for (g = 0; g < sizeof golden_sets / sizeof golden_sets[0]; g++) {
        char path[128], *in, *exp;
        sink part;
        snprintf(path, sizeof path, "data/%s.log", golden_sets[g]);
        in = read_file(path, &len);
        snprintf(path, sizeof path, "data/%s.ndjson", golden_sets[g]);
        exp = read_file(path, &exp_len);
        run(in, len, (size_t)_i, 0, 0, 0, &part);
        ck_assert_msg(strcmp(part.t.buf, exp) == 0, "%s differs at chunk size %d", golden_sets[g], _i);
        free(part.t.buf);
        free(exp);
        free(in);
    }
}
END_TEST

/* Split points of the eight smaller data sets (the 28 KB capture would
 * make this quadratic test slow under valgrind). */
START_TEST(every_split_point_matches_golden)
{
    char path[128], *in, *exp;
    size_t len, exp_len, split;
    snprintf(path, sizeof path, "data/%s.log", golden_sets[_i]);
    in = read_file(path, &len);
    snprintf(path, sizeof path, "data/%s.ndjson", golden_sets[_i]);
    exp = read_file(path, &exp_len);
    /* the two oldest sets at every byte; the dialect captures at every
     * fifth, so that the quadratic cost stays small under valgrind.
     * MAILLOG_TEST_STRIDE multiplies the step for slower runs still (qemu);
     * every_chunk_size_matches_golden's chunk size 1 still splits at every
     * byte there. */
    const char *e = getenv("MAILLOG_TEST_STRIDE");
    size_t step = (size_t)(_i < 2 ? 1 : 5) * (e && atoi(e) > 0 ? (size_t)atoi(e) : 1);
    for (split = 0; split <= len; split += step) {
        sink part;
        run(in, len, 0, split, 0, 0, &part);
        ck_assert_msg(strcmp(part.t.buf, exp) == 0, "%s: split at %zu differs", golden_sets[_i], split);
        free(part.t.buf);
    }
    free(exp);
    free(in);
}
END_TEST

START_TEST(stop_and_resume_loses_nothing)
{
    size_t len;
    char *in = golden_input(&len);
    sink whole, part;
    run(in, len, len, 0, 0, 0, &whole);
    run(in, len, 7, 0, 3, 0, &part); /* stop after every third record */
    ck_assert_msg(strcmp(part.t.buf, whole.t.buf) == 0, "record streams differ");
    free(whole.t.buf);
    free(part.t.buf);
    free(in);
}
END_TEST

START_TEST(consumed_points_past_stopping_line)
{
    static const char in[] = "a\nbb\nccc\n";
    maillog_parser *p = NULL;
    sink s;
    size_t used;
    memset(&s, 0, sizeof s);
    s.stop_at = 1;
    ck_assert_int_eq(maillog_parser_new(NULL, 0, &p), MAILLOG_OK);
    maillog_parser_set_callback(p, on_rec, &s);
    ck_assert_int_eq(maillog_parser_feed(p, in, sizeof in - 1, &used), MAILLOG_STOPPED);
    ck_assert_uint_eq(used, 2);
    ck_assert_int_eq(maillog_parser_feed(p, in + 2, sizeof in - 3, &used), MAILLOG_STOPPED);
    ck_assert_uint_eq(used, 3);
    ck_assert_uint_eq(s.records, 2);
    maillog_parser_free(p);
    free(s.t.buf);
}
END_TEST

START_TEST(crlf_and_final_line_without_newline)
{
    static const char in[] = "Nov 28 09:00:01 h postfix/qmgr[1]: ABCDEF1: removed\r\n"
                             "Nov 28 09:00:01 h postfix/qmgr[1]: ABCDEF2: removed";
    sink s;
    run(in, sizeof in - 1, 5, 0, 0, 0, &s);
    ck_assert_uint_eq(s.records, 2);
    ck_assert(strstr(s.t.buf, "\"queue_id\":\"ABCDEF1\"") != NULL);
    ck_assert(strstr(s.t.buf, "\"queue_id\":\"ABCDEF2\"") != NULL);
    ck_assert(strstr(s.t.buf, "\\r") == NULL); /* CR removed */
    ck_assert(s.flags_or & MAILLOG_REC_NO_NEWLINE);
    free(s.t.buf);
}
END_TEST

static void check_truncation(size_t chunk)
{
    /* max_line 64: a 200-byte line is delivered once, cut, flagged; the
     * next line is intact. */
    char in[400];
    sink s;
    memset(in, 'x', 200);
    memcpy(in + 200, "\nshort\n", 7);
    run(in, 207, chunk, 0, 0, 64, &s);
    ck_assert_uint_eq(s.records, 2);
    ck_assert(s.flags_or & MAILLOG_REC_TRUNCATED);
    ck_assert(strstr(s.t.buf, "\"truncated\":true") != NULL);
    ck_assert(strstr(s.t.buf, "\"raw\":\"short\"") != NULL);
    {
        char want[80];
        memset(want, 'x', 64);
        want[64] = '\0';
        ck_assert(strstr(s.t.buf, want) != NULL);
        want[0] = '"';
        memset(want + 1, 'x', 64);
        want[65] = 'x';
        want[66] = '\0';
        ck_assert(strstr(s.t.buf, want + 1) == NULL); /* never more than 64 */
    }
    free(s.t.buf);
}

START_TEST(overlong_line_truncated_once) { check_truncation((size_t)_i); }
END_TEST

START_TEST(exactly_max_line_is_not_truncated)
{
    char in[80];
    sink s;
    memset(in, 'y', 64);
    in[64] = '\n';
    run(in, 65, 1, 0, 0, 64, &s);
    ck_assert_uint_eq(s.records, 1);
    ck_assert(!(s.flags_or & MAILLOG_REC_TRUNCATED));
    free(s.t.buf);
}
END_TEST

START_TEST(any_bytes_round_trip)
{
    /* Random bytes (fixed seed): every line comes back as one record whose
     * raw text is the line, and every JSON object is valid. */
    unsigned long x = 12345;
    char in[4096];
    size_t i, lines = 0;
    sink s;
    for (i = 0; i < sizeof in; i++) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        in[i] = (char)(x >> 56);
        if (in[i] == '\n')
            lines++;
    }
    if (in[sizeof in - 1] != '\n')
        lines++;
    run(in, sizeof in, 13, 0, 0, 0, &s);
    ck_assert_uint_eq(s.records, lines);
    {
        char *line = s.t.buf, *nl;
        while ((nl = strchr(line, '\n')) != NULL) {
            ck_assert(json_valid(line, (size_t)(nl - line)));
            line = nl + 1;
        }
    }
    free(s.t.buf);
}
END_TEST

START_TEST(raw_text_is_the_line)
{
    /* Every truncation of every golden line, and random lines, parsed one
     * at a time: the record's line is exactly the input (minus a final CR),
     * and the JSON of an unparsed one carries it. */
    size_t len, pos = 0, cut;
    char *in = golden_input(&len);
    maillog_parser *p = test_parser();
    maillog_record *r = NULL;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    while (pos < len) {
        char *nl = memchr(in + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (in + pos)) : len - pos;
        for (cut = 0; cut <= n; cut++) {
            size_t got_len;
            const char *got;
            ck_assert_int_eq(maillog_parser_parse_line(p, in + pos, cut, r), MAILLOG_OK);
            got = maillog_record_line(r, &got_len);
            ck_assert_ptr_eq(got, in + pos);
            ck_assert_uint_eq(got_len, cut);
            ck_assert(json_valid(json_of(r), strlen(json_of(r))));
        }
        pos += n + 1;
    }
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
    free(in);
}
END_TEST

START_TEST(nul_bytes_are_data)
{
    static const char in[] = "Nov 28 09:00:01 h postfix/qmgr[1]: ABC\0EF1: removed\nnext\n";
    sink s;
    run(in, sizeof in - 1, 3, 0, 0, 0, &s);
    ck_assert_uint_eq(s.records, 2);
    ck_assert(strstr(s.t.buf, "ABC\\u0000EF1") != NULL);
    free(s.t.buf);
}
END_TEST

static int reenter(void *user, const maillog_record *r)
{
    maillog_parser *p = user;
    (void)r;
    ck_assert_int_eq(maillog_parser_feed(p, "x\n", 2, NULL), MAILLOG_E_STATE);
    ck_assert_int_eq(maillog_parser_finish(p), MAILLOG_E_STATE);
    ck_assert_int_eq(maillog_parser_reset(p), MAILLOG_E_STATE);
    return 0;
}

START_TEST(reentry_is_refused)
{
    maillog_parser *p = NULL;
    ck_assert_int_eq(maillog_parser_new(NULL, 0, &p), MAILLOG_OK);
    maillog_parser_set_callback(p, reenter, p);
    ck_assert_int_eq(maillog_parser_feed(p, "a\n", 2, NULL), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_feed(NULL, "a\n", 2, NULL), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_parser_feed(p, NULL, 2, NULL), MAILLOG_E_INVAL);
    maillog_parser_free(p);
}
END_TEST

/* Exim's syslog fragments of one entry come out as one record, whatever
 * the chunking; other lines in between pass; a fragment out of turn or
 * the end of input deliver what was joined, flagged partial. */
typedef struct joined {
    textbuf t;
} joined;

static int on_joined(void *u, const maillog_record *r)
{
    joined *j = u;
    size_t n;
    const char *line = maillog_record_line(r, &n);
    char head[64];
    snprintf(head, sizeof head, "%llu %s%s|", (unsigned long long)maillog_record_line_number(r),
             (maillog_record_flags(r) & MAILLOG_REC_JOINED) ? "J" : "-",
             (maillog_record_flags(r) & MAILLOG_REC_PARTIAL) ? "P" : "-");
    textbuf_add(&j->t, head, strlen(head));
    textbuf_add(&j->t, line, n);
    textbuf_add(&j->t, "\n", 1);
    return 0;
}

START_TEST(exim_fragments_are_joined)
{
    static const char in[] =
        "Nov 29 17:52:05 vm exim[7]: [1\\3] 2026-11-29 17:52:05 Warning: first part\n"
        "Nov 29 17:52:05 vm exim[8]: 2026-11-29 17:52:05 Start queue run: pid=8\n"
        "Nov 29 17:52:05 vm exim[7]: [2/3]  second part \n"
        "Nov 29 17:52:06 vm exim[7]: [3/3] and the end\n"
        "Nov 29 17:52:07 vm exim[7]: [1/2] 2026-11-29 17:52:07 1xXj4K-0002hs-12 <= a@b.example\n"
        "Nov 29 17:52:07 vm exim[9]: [2/2] a stray continuation\n"
        "Nov 29 17:52:08 vm exim[7]: [1/2] 2026-11-29 17:52:08 never finished\n";
    static const char want[] =
        "2 --|Nov 29 17:52:05 vm exim[8]: 2026-11-29 17:52:05 Start queue run: pid=8\n"
        "1 J-|Nov 29 17:52:05 vm exim[7]: 2026-11-29 17:52:05 Warning: first part\n"
        " second part and the end\n"
        "5 JP|Nov 29 17:52:07 vm exim[7]: 2026-11-29 17:52:07 1xXj4K-0002hs-12 <= a@b.example\n"
        "6 --|Nov 29 17:52:07 vm exim[9]: [2/2] a stray continuation\n"
        "7 JP|Nov 29 17:52:08 vm exim[7]: 2026-11-29 17:52:08 never finished\n";
    size_t chunk;
    for (chunk = 1; chunk <= sizeof in; chunk += 7) {
        maillog_parser *p = test_parser();
        joined j;
        size_t pos = 0;
        memset(&j, 0, sizeof j);
        maillog_parser_set_callback(p, on_joined, &j);
        while (pos < sizeof in - 1) {
            size_t n = sizeof in - 1 - pos < chunk ? sizeof in - 1 - pos : chunk;
            ck_assert_int_eq(maillog_parser_feed(p, in + pos, n, NULL), MAILLOG_OK);
            pos += n;
        }
        ck_assert_int_eq(maillog_parser_finish(p), MAILLOG_OK);
        ck_assert_msg(strcmp(j.t.buf, want) == 0, "chunk %zu:\n%s", chunk, j.t.buf);
        free(j.t.buf);
        maillog_parser_free(p);
    }
}
END_TEST

Suite *suite_stream(void)
{
    Suite *s = suite_create("stream");
    TCase *tc = tcase_create("stream");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, every_chunk_size_matches_golden, 1, 65);
    tcase_add_loop_test(tc, every_split_point_matches_golden, 0, 8);
    tcase_add_test(tc, exim_fragments_are_joined);
    tcase_add_test(tc, stop_and_resume_loses_nothing);
    tcase_add_test(tc, consumed_points_past_stopping_line);
    tcase_add_test(tc, crlf_and_final_line_without_newline);
    tcase_add_loop_test(tc, overlong_line_truncated_once, 1, 80);
    tcase_add_test(tc, exactly_max_line_is_not_truncated);
    tcase_add_test(tc, any_bytes_round_trip);
    tcase_add_test(tc, raw_text_is_the_line);
    tcase_add_test(tc, nul_bytes_are_data);
    tcase_add_test(tc, reentry_is_refused);
    suite_add_tcase(s, tc);
    return s;
}
