/* test_api.c -- handles, options, errors, versions, names: the contract of
 * include/maillog.h outside of parsing. */
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The names before 0.4.0 are the same functions. */
static int count_lines(void *user, const maillog_record *r)
{
    (void)r;
    ++*(int *)user;
    return 0;
}

START_TEST(old_parser_names_still_work)
{
    maillog_parser *p = test_parser();
    int n = 0;
    union {
        uint64_t a;
        char b[1024];
    } m;
    maillog_record *r;
    static const char text[] = "Dec  4 10:00:00 mx postfix/qmgr[9]: ABCDEF1: removed\nno newline";
    maillog_parser_set_callback(p, count_lines, &n);
    ck_assert_int_eq(maillog_feed(p, text, sizeof text - 1, NULL), MAILLOG_OK);
    ck_assert_int_eq(n, 1);
    ck_assert_int_eq(maillog_finish(p), MAILLOG_OK);
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(maillog_record_init(&m, sizeof m, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_parse_line(p, text, 53, r), MAILLOG_OK);
    ck_assert_str_eq(fld(r, MAILLOG_F_QUEUE_ID), "ABCDEF1");
    ck_assert_uint_eq(maillog_record_line_number(r), 3);
    ck_assert_int_eq(maillog_feed(NULL, text, 1, NULL), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_finish(NULL), MAILLOG_E_INVAL);
    maillog_parser_free(p);
}
END_TEST

START_TEST(version_matches_header)
{
    ck_assert_uint_eq(maillog_version(), MAILLOG_VERSION_HEX);
    ck_assert_str_eq(maillog_version_string(), MAILLOG_VERSION_STRING);
}
END_TEST

START_TEST(errors_have_text_and_distinct_codes)
{
    static const int codes[] = {MAILLOG_E_INVAL, MAILLOG_E_NOMEM, MAILLOG_E_NOSPC,
                                MAILLOG_E_RANGE, MAILLOG_E_ALIGN, MAILLOG_E_STATE,
                                MAILLOG_E_END};
    size_t i, j;
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        ck_assert_int_lt(codes[i], 0);
        ck_assert_str_ne(maillog_strerror(codes[i]), "unknown error code");
        ck_assert_str_ne(maillog_err_name(codes[i]), "MAILLOG_E_UNKNOWN");
        for (j = 0; j < i; j++)
            ck_assert_int_ne(codes[i], codes[j]);
    }
    ck_assert_str_eq(maillog_err_name(MAILLOG_E_NOMEM), "MAILLOG_E_NOMEM");
    ck_assert_str_eq(maillog_strerror(12345), "unknown error code");
}
END_TEST

/* Each MAILLOG_F_ id's name is the one its comment in the header gives,
 * so the library's list cannot drift from the documented order. */
START_TEST(field_names_match_header)
{
    size_t len;
    char *h = read_file("../include/maillog.h", &len);
    const char *p = h;
    int seen = 0;
    while ((p = strstr(p, "#define MAILLOG_F_")) != NULL) {
        int id;
        char name[64];
        const char *c = strchr(p, '\n');
        if (sscanf(p, "#define MAILLOG_F_%*s %d /* \"%63[^\"]\"", &id, name) == 2 &&
            strcmp(name, "") != 0) {
            ck_assert_msg(strcmp(maillog_field_name(id), name) == 0, "field %d: header says %s, library %s",
                          id, name, maillog_field_name(id));
            seen++;
        }
        p = c ? c : p + 1;
    }
    ck_assert_int_eq(seen, MAILLOG_F_COUNT);
    free(h);
}
END_TEST

START_TEST(names_cover_every_id)
{
    int i;
    for (i = 0; i < MAILLOG_F_COUNT; i++)
        ck_assert_uint_gt(strlen(maillog_field_name(i)), 0);
    for (i = 0; i < MAILLOG_EV_COUNT; i++)
        ck_assert_uint_gt(strlen(maillog_event_name(i)), 0);
    for (i = 1; i < MAILLOG_STATUS_COUNT; i++)
        ck_assert_uint_gt(strlen(maillog_status_name(i)), 0);
    for (i = MAILLOG_SEV_PANIC; i <= MAILLOG_SEV_DEBUG; i++)
        ck_assert_uint_gt(strlen(maillog_severity_name(i)), 0);
    ck_assert_str_eq(maillog_field_name(MAILLOG_F_COUNT), "");
    ck_assert_str_eq(maillog_field_name(-1), "");
    ck_assert_str_eq(maillog_event_name(MAILLOG_EV_DELIVERY), "delivery");
    ck_assert_str_eq(maillog_status_name(MAILLOG_STATUS_SENT), "sent");
    ck_assert_str_eq(maillog_mta_name(MAILLOG_MTA_POSTFIX), "postfix");
    /* every MTA id has a dialect, and the fields added last have names */
    for (i = MAILLOG_MTA_POSTFIX; i < MAILLOG_MTA_COUNT; i++)
        ck_assert_uint_gt(strlen(maillog_mta_name(i)), 0);
    ck_assert_str_eq(maillog_mta_name(MAILLOG_MTA_HMAILSERVER), "hmailserver");
    ck_assert_str_eq(maillog_mta_name(MAILLOG_MTA_EXCHANGE), "exchange");
    ck_assert_str_eq(maillog_mta_name(MAILLOG_MTA_MAILENABLE), "mailenable");
    ck_assert_str_eq(maillog_mta_name(MAILLOG_MTA_COUNT), "");
    ck_assert_str_eq(maillog_field_name(MAILLOG_F_EVENT_RAW), "event_raw");
    ck_assert_str_eq(maillog_field_name(MAILLOG_F_SUBJECT), "subject");
    ck_assert_str_eq(maillog_field_name(MAILLOG_F_SESSION_END), "session_end");
}
END_TEST

START_TEST(parser_in_caller_memory)
{
    size_t need = maillog_parser_sizeof(1024);
    uint64_t *mem = calloc(need / 8 + 1, 8);
    maillog_parser *p = NULL;
    ck_assert_uint_gt(need, 1024);
    ck_assert_uint_eq(maillog_parser_sizeof(1), 0);
    ck_assert_uint_eq(maillog_parser_sizeof(MAILLOG_MAX_LINE_MAX + 1u), 0);
    ck_assert_int_eq(maillog_parser_init(mem, need - 1, 1024, &p), MAILLOG_E_RANGE);
    ck_assert_int_eq(maillog_parser_init((char *)mem + 1, need, 1024, &p), MAILLOG_E_ALIGN);
    ck_assert_int_eq(maillog_parser_init(NULL, need, 1024, &p), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_parser_init(mem, need, 1024, &p), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_feed(p, "Nov 28 09:00:01 h postfix/qmgr[1]: ABCDEF1: removed\n", 52,
                                  NULL),
                     MAILLOG_OK);
    {
        uint64_t v;
        ck_assert_int_eq(maillog_parser_counter(p, MAILLOG_CTR_PARSED, &v), MAILLOG_OK);
        ck_assert_uint_eq(v, 1);
    }
    maillog_parser_free(p); /* not owned: must be a no-op */
    free(mem);
}
END_TEST

typedef struct counting {
    int allocs, frees, fail;
} counting;
static void *c_alloc(void *ctx, size_t n)
{
    counting *c = ctx;
    if (c->fail)
        return NULL;
    c->allocs++;
    return malloc(n);
}
static void c_free(void *ctx, void *ptr)
{
    counting *c = ctx;
    c->frees++;
    free(ptr);
}

START_TEST(allocator_hooks_and_failure)
{
    counting c = {0, 0, 0};
    maillog_allocator a = {c_alloc, c_free, &c};
    maillog_parser *p = NULL;
    maillog_record *r = NULL;
    ck_assert_int_eq(maillog_parser_new(&a, 0, &p), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_new(&a, &r), MAILLOG_OK);
    ck_assert_int_eq(c.allocs, 2);
    ck_assert_int_eq(maillog_parser_parse_line(p, "x", 1, r), MAILLOG_OK);
    ck_assert_int_eq(c.allocs, 2); /* no allocation per line */
    maillog_record_free(r, &a);
    maillog_parser_free(p);
    ck_assert_int_eq(c.frees, 2);
    c.fail = 1;
    ck_assert_int_eq(maillog_parser_new(&a, 0, &p), MAILLOG_E_NOMEM);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(maillog_record_new(&a, &r), MAILLOG_E_NOMEM);
    ck_assert_ptr_null(r);
    maillog_parser_free(NULL);
    maillog_record_free(NULL, NULL);
}
END_TEST

/* The 0.5.0 fixes: a record frees through the allocator it was made
 * with, a half-set allocator is refused, a record in caller memory is not
 * freed, and the one-line parse keeps the caller's whole line. */
START_TEST(record_remembers_allocator)
{
    counting c = {0, 0, 0};
    maillog_allocator a = {c_alloc, c_free, &c}, half = {c_alloc, NULL, &c};
    maillog_record *r = NULL;
    void *mem = malloc(maillog_record_sizeof() + 8);
    maillog_record *placed = NULL;
    ck_assert_int_eq(maillog_record_new(&half, &r), MAILLOG_E_INVAL);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(maillog_record_new(&a, &r), MAILLOG_OK);
    maillog_record_free(r, NULL); /* no allocator passed: the record's own */
    ck_assert_int_eq(c.allocs, 1);
    ck_assert_int_eq(c.frees, 1);
    ck_assert_int_eq(maillog_record_init(mem, maillog_record_sizeof(), &placed), MAILLOG_OK);
    maillog_record_free(placed, NULL); /* caller memory: left alone */
    free(mem);                         /* a double free would abort here */
}
END_TEST

/* A copy reads its own line: the original's buffer and record may be
 * reused, the copy's JSON stays the same; it keeps its own allocator. */
START_TEST(record_copy_outlives_the_line)
{
    counting c = {0, 0, 0};
    maillog_allocator a = {c_alloc, c_free, &c};
    maillog_parser *p = NULL;
    maillog_record *r = NULL, *dst = NULL;
    char line[200], copy[200], before[2048], after[2048];
    const char *text = "Dec  4 10:00:01 mx1 postfix/smtp[2201]: 4AB12C0D3E: "
                       "to=<bob@example.com>, relay=mx.example.com[192.0.2.5]:25, "
                       "delay=1.2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued)";
    size_t n1, n2, len;
    ck_assert_int_eq(maillog_parser_new(NULL, 0, &p), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_new(&a, &dst), MAILLOG_OK);
    strcpy(line, text);
    ck_assert_int_eq(maillog_parser_parse_line(p, line, strlen(line), r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_to_json(r, before, sizeof before, &n1), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_copy(dst, r, copy), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_copy(NULL, r, copy), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_record_copy(dst, NULL, copy), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_record_copy(dst, r, NULL), MAILLOG_E_INVAL);
    memset(line, 'x', sizeof line); /* the original's line and record reused */
    ck_assert_int_eq(maillog_parser_parse_line(p, "junk", 4, r), MAILLOG_OK);
    ck_assert_ptr_eq(maillog_record_line(dst, &len), copy);
    ck_assert_uint_eq(len, strlen(text));
    ck_assert_int_eq(maillog_record_to_json(dst, after, sizeof after, &n2), MAILLOG_OK);
    ck_assert_uint_eq(n1, n2);
    ck_assert(memcmp(before, after, n1) == 0);
    ck_assert_int_eq(maillog_record_status(dst), MAILLOG_STATUS_SENT);
    maillog_record_free(dst, NULL);
    ck_assert_int_eq(c.frees, 1); /* its own allocator, not the source's */
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

/* MAILLOG_OPT_REASON: the reason is looked up as the line is parsed and
 * travels with a copy, so that it no longer reads the copy's line; without
 * the option a copy looks it up from its line when asked.  Both paths:
 * the callback's record (feed) and parse_line's. */
typedef struct kept {
    maillog_record *dst;
    char *line;
} kept;

static int keep_copy(void *user, const maillog_record *rec)
{
    kept *k = user;
    return maillog_record_copy(k->dst, rec, k->line) != MAILLOG_OK;
}

START_TEST(reason_kept_with_option)
{
    static const char text[] =
        "Dec  4 10:00:02 mx1 postfix/smtp[2202]: 4AB12C0D3F: to=<bob@example.org>, "
        "relay=mx.example.org[192.0.2.25]:25, delay=0.4, dsn=5.1.1, status=bounced (host "
        "mx.example.org[192.0.2.25] said: 550 5.1.1 <bob@example.org>: User unknown)\n";
    int opt, fed;
    for (opt = 0; opt <= 1; opt++)
        for (fed = 0; fed <= 1; fed++) {
            maillog_parser *p = NULL;
            maillog_record *r = NULL, *dst = NULL;
            char copy[sizeof text];
            kept k;
            int64_t v = -1;
            ck_assert_int_eq(maillog_parser_new(NULL, 0, &p), MAILLOG_OK);
            ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
            ck_assert_int_eq(maillog_record_new(NULL, &dst), MAILLOG_OK);
            ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_REASON, opt), MAILLOG_OK);
            ck_assert_int_eq(maillog_parser_get_option(p, MAILLOG_OPT_REASON, &v), MAILLOG_OK);
            ck_assert_int_eq(v, opt);
            k.dst = dst;
            k.line = copy;
            if (fed) {
                ck_assert_int_eq(maillog_parser_set_callback(p, keep_copy, &k), MAILLOG_OK);
                ck_assert_int_eq(maillog_parser_feed(p, text, strlen(text), NULL), MAILLOG_OK);
            } else {
                ck_assert_int_eq(maillog_parser_parse_line(p, text, strlen(text), r),
                                 MAILLOG_OK);
                ck_assert_int_eq(maillog_record_copy(dst, r, copy), MAILLOG_OK);
            }
            ck_assert_int_eq(maillog_record_reason(dst), MAILLOG_REASON_USER_UNKNOWN);
            memset(copy, ' ', strlen(text) - 1); /* the copy's line overwritten */
            if (opt)
                ck_assert_int_eq(maillog_record_reason(dst), MAILLOG_REASON_USER_UNKNOWN);
            else
                ck_assert_int_ne(maillog_record_reason(dst), MAILLOG_REASON_USER_UNKNOWN);
            maillog_record_free(dst, NULL);
            maillog_record_free(r, NULL);
            maillog_parser_free(p);
        }
}
END_TEST

/* Records packed end to end, from an odd address, read back equal: the
 * same JSON, the same reason, the same line. */
START_TEST(record_pack_round_trip)
{
    static const char *const lines[] = {
        "Dec  4 10:00:01 mx1 postfix/smtp[2201]: 4AB12C0D3E: to=<bob@example.com>, "
        "relay=mx.example.com[192.0.2.5]:25, delay=1.2, dsn=2.0.0, status=sent (250 2.0.0 Ok)",
        "Dec  4 10:00:02 mx1 postfix/smtp[2202]: 4AB12C0D3F: to=<\"a b\"@example.org>, "
        "relay=mx.example.org[2001:db8::25]:25, delay=0.4, dsn=5.1.1, status=bounced (host "
        "mx.example.org[2001:db8::25] said: 550 5.1.1 <\"a b\"@example.org>: User unknown)",
        "Dec  4 10:00:03 mx1 postfix/smtpd[2203]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: "
        "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.example; "
        "from=<> to=<x@example.com> proto=ESMTP helo=<a>",
        "\xff\xfe not a mail log line at all",
        /* a user name decoded from base64: text the line does not hold */
        "2024-05-29 05:23:30 192.0.2.9 SMTP-IN - 192.0.2.1 1076 AUTH AUTH+PLAIN+AGgrawBw "
        "535+Invalid+Username+or+Password MAIL01 34 14 -",
    };
    maillog_parser *p = NULL;
    maillog_record *r = NULL, *dst = NULL;
    static unsigned char packed[8 * 1024], repacked[2048];
    static char json[5][2048], again[2048];
    size_t jn[5], n, used = 1, at, k, len;
    int32_t reason[5];
    ck_assert_int_eq(maillog_parser_new(NULL, 0, &p), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_new(NULL, &dst), MAILLOG_OK);
    ck_assert_uint_eq(maillog_record_pack(NULL, packed, sizeof packed), 0);
    for (k = 0; k < 5; k++) {
        static const char w3c[] = "#Fields: date time c-ip agent account s-ip s-port "
                                  "cs-method cs-uristem cs-uriquery s-computername sc-bytes "
                                  "cs-bytes cs-username";
        size_t need;
        if (k == 4) /* the header that names MailEnable's columns */
            ck_assert_int_eq(maillog_parser_parse_line(p, w3c, strlen(w3c), r), MAILLOG_OK);
        ck_assert_int_eq(maillog_parser_parse_line(p, lines[k], strlen(lines[k]), r), MAILLOG_OK);
        ck_assert_int_eq(maillog_record_to_json(r, json[k], sizeof json[k], &jn[k]), MAILLOG_OK);
        reason[k] = maillog_record_reason(r);
        need = maillog_record_pack(r, NULL, 0);
        ck_assert_uint_gt(need, 0);
        ck_assert_uint_le(need, maillog_record_sizeof());
        memset(packed + used, 0xA5, need);
        ck_assert_uint_eq(maillog_record_pack(r, packed + used, need - 1), need);
        ck_assert_uint_eq(packed[used], 0xA5); /* too small: nothing written */
        ck_assert_uint_eq(maillog_record_pack(r, packed + used, need), need);
        used += need;
    }
    ck_assert_int_ne(reason[1], MAILLOG_REASON_NONE);
    ck_assert_ptr_nonnull(strstr(json[4], "\"user\":\"h+k\""));
    ck_assert_int_eq(maillog_parser_parse_line(p, "junk", 4, r), MAILLOG_OK); /* r reused */
    ck_assert_uint_eq(maillog_record_unpack(NULL, packed + 1, lines[0]), 0);
    ck_assert_uint_eq(maillog_record_unpack(dst, NULL, lines[0]), 0);
    ck_assert_uint_eq(maillog_record_unpack(dst, packed + 1, NULL), 0);
    for (k = 0, at = 1; k < 5; k++) {
        size_t start = at;
        ck_assert_uint_gt(n = maillog_record_unpack(dst, packed + at, lines[k]), 0);
        at += n;
        ck_assert_ptr_eq(maillog_record_line(dst, &len), lines[k]);
        ck_assert_uint_eq(len, strlen(lines[k]));
        ck_assert_int_eq(maillog_record_reason(dst), reason[k]);
        ck_assert_int_eq(maillog_record_to_json(dst, again, sizeof again, &n), MAILLOG_OK);
        ck_assert_uint_eq(n, jn[k]);
        ck_assert(memcmp(again, json[k], n) == 0);
        /* a record unpacked packs again to the same bytes */
        ck_assert_uint_eq(maillog_record_pack(dst, repacked, sizeof repacked), n = at - start);
        ck_assert(memcmp(repacked, packed + start, n) == 0);
    }
    ck_assert_uint_eq(at, used);
    maillog_record_free(dst, NULL);
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

START_TEST(parse_line_keeps_the_whole_line)
{
    maillog_parser *p = NULL;
    maillog_record *r = NULL;
    char line[300];
    size_t len;
    ck_assert_int_eq(maillog_parser_new(NULL, 64, &p), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    memset(line, 'y', sizeof line);
    line[64] = '\n'; /* exactly max_line bytes and a newline */
    ck_assert_int_eq(maillog_parser_parse_line(p, line, 65, r), MAILLOG_OK);
    ck_assert(!(maillog_record_flags(r) & MAILLOG_REC_TRUNCATED));
    maillog_record_line(r, &len);
    ck_assert_uint_eq(len, 64);
    ck_assert_int_eq(maillog_parser_parse_line(p, line + 65, 200, r), MAILLOG_OK);
    ck_assert(!(maillog_record_flags(r) & MAILLOG_REC_TRUNCATED));
    maillog_record_line(r, &len);
    ck_assert_uint_eq(len, 200); /* longer than max_line, kept whole */
    maillog_record_free(r, NULL);
    maillog_parser_free(p);
}
END_TEST

START_TEST(options_validate)
{
    maillog_parser *p = test_parser();
    int64_t v;
    ck_assert_int_eq(maillog_parser_get_option(p, MAILLOG_OPT_REFERENCE_TIME, &v), MAILLOG_OK);
    ck_assert_int_eq(v, TEST_REF_TIME);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_DEFAULT_OFFSET, 86400),
                     MAILLOG_E_RANGE);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_DEFAULT_OFFSET, -3600), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_get_option(p, MAILLOG_OPT_DEFAULT_OFFSET, &v), MAILLOG_OK);
    ck_assert_int_eq(v, -3600);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_DIALECT, 99), MAILLOG_E_RANGE);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_DIALECT, MAILLOG_MTA_EXCHANGE),
                     MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_get_option(p, MAILLOG_OPT_DIALECT, &v), MAILLOG_OK);
    ck_assert_int_eq(v, MAILLOG_MTA_EXCHANGE);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_DIALECT, 0), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_SUBJECT, -1), MAILLOG_E_RANGE);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_SUBJECT, 1), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_get_option(p, MAILLOG_OPT_SUBJECT, &v), MAILLOG_OK);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_REASON, 2), MAILLOG_E_RANGE);
    ck_assert_int_eq(maillog_parser_get_option(p, MAILLOG_OPT_REASON, &v), MAILLOG_OK);
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(maillog_parser_set_option(p, 4242, 0), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_parser_set_option(NULL, MAILLOG_OPT_DIALECT, 0), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_REFERENCE_TIME, INT64_MAX),
                     MAILLOG_E_RANGE);
    maillog_parser_free(p);
}
END_TEST

START_TEST(record_accessors_reject_bad_ids)
{
    const maillog_record *r = parse1("Nov 28 09:00:01 h postfix/qmgr[7]: ABCDEF1: removed");
    const char *ptr = (const char *)1;
    size_t len = 99;
    uint32_t off;
    int64_t v;
    ck_assert_int_eq(maillog_record_field(r, MAILLOG_F_COUNT, &ptr, &len), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_record_field(r, -1, &ptr, &len), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_record_number(r, MAILLOG_N_COUNT, &v), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_record_field(r, MAILLOG_F_TO, &ptr, &len), 0);
    ck_assert_ptr_null(ptr);
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(maillog_record_span(r, MAILLOG_F_QUEUE_ID, &off, NULL), 1);
    ck_assert_uint_eq(off, 35); /* "Nov 28 09:00:01 h postfix/qmgr[7]: " */
    ck_assert_int_eq(maillog_record_line_number(r), 1);
    ck_assert_int_eq(maillog_record_event(r), MAILLOG_EV_REMOVED);
    ck_assert_int_eq(maillog_record_mta(r), MAILLOG_MTA_POSTFIX);
}
END_TEST

START_TEST(absent_differs_from_empty)
{
    const maillog_record *r = parse1(
        "Nov 28 09:00:06 mx1 postfix/qmgr[1003]: 4F1A2B3C4D: from=<>, size=2345, nrcpt=2 (queue active)");
    ck_assert_str_eq(fld(r, MAILLOG_F_FROM), "");
    ck_assert_ptr_null(fld(r, MAILLOG_F_TO));
}
END_TEST

START_TEST(counters_and_reset)
{
    maillog_parser *p = test_parser();
    static const char in[] = "Nov 28 09:00:01 h postfix/qmgr[1]: ABCDEF1: removed\n"
                             "garbage\n"
                             "Nov 28 09:00:01 h postfix/qmgr[1]: ABCDEF1: removed";
    uint64_t v;
    ck_assert_int_eq(maillog_parser_feed(p, in, sizeof in - 1, NULL), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_finish(p), MAILLOG_OK);
    maillog_parser_counter(p, MAILLOG_CTR_LINES, &v);
    ck_assert_uint_eq(v, 3);
    maillog_parser_counter(p, MAILLOG_CTR_PARSED, &v);
    ck_assert_uint_eq(v, 2);
    maillog_parser_counter(p, MAILLOG_CTR_UNPARSED, &v);
    ck_assert_uint_eq(v, 1);
    maillog_parser_counter(p, MAILLOG_CTR_BYTES, &v);
    ck_assert_uint_eq(v, sizeof in - 1);
    ck_assert_int_eq(maillog_parser_counter(p, MAILLOG_CTR_COUNT, &v), MAILLOG_E_INVAL);
    ck_assert_int_eq(maillog_parser_reset(p), MAILLOG_OK);
    maillog_parser_counter(p, MAILLOG_CTR_LINES, &v);
    ck_assert_uint_eq(v, 0);
    maillog_parser_free(p);
}
END_TEST

Suite *suite_api(void)
{
    Suite *s = suite_create("api");
    TCase *tc = tcase_create("api");
    tcase_add_test(tc, version_matches_header);
    tcase_add_test(tc, old_parser_names_still_work);
    tcase_add_test(tc, errors_have_text_and_distinct_codes);
    tcase_add_test(tc, names_cover_every_id);
    tcase_add_test(tc, field_names_match_header);
    tcase_add_test(tc, parser_in_caller_memory);
    tcase_add_test(tc, allocator_hooks_and_failure);
    tcase_add_test(tc, record_remembers_allocator);
    tcase_add_test(tc, parse_line_keeps_the_whole_line);
    tcase_add_test(tc, record_copy_outlives_the_line);
    tcase_add_test(tc, record_pack_round_trip);
    tcase_add_test(tc, reason_kept_with_option);
    tcase_add_test(tc, options_validate);
    tcase_add_test(tc, record_accessors_reject_bad_ids);
    tcase_add_test(tc, absent_differs_from_empty);
    tcase_add_test(tc, counters_and_reset);
    suite_add_tcase(s, tc);
    return s;
}
