/* run.h -- the input loop every example tool shares: the options common
 * to all of them (getopt_long), reading each file into a parser, the
 * time window (--since, --until, -d), a progress line on an interactive
 * stderr, and --follow (like tail -F: keep reading the last file as it
 * grows, across rotation and truncation). */
#ifndef MAILLOG_TOOL_RUN_H
#define MAILLOG_TOOL_RUN_H

#include <getopt.h>
#include <maillog.h>

#include "zone.h"

typedef struct tool_opts {
    const char *prog;
    int follow, quiet, have_ref, text, subject;
    int64_t ref, offset, dialect;
    int have_offset;
    tool_zone zone; /* --timezone, or zone.name NULL */
    long max_line;
    long poll_ms; /* --follow polling interval */
    /* worker threads: several files are read, decompressed and parsed in
     * parallel (parallel.h); one compressed file is decompressed on a
     * second thread.  Default: the CPUs this process may run on. */
    long threads;
    /* --since, --until and -d as given; tool_opts_finish() turns them into
     * the window [since, until] of Unix seconds, both ends included */
    const char *since_arg, *until_arg;
    int day; /* 0, or 1 today, 2 yesterday */
    int have_since, have_until;
    int64_t since, until;
    /* 1 (maillog-trace): the window selects whole messages, so every
     * record is read; 0: records outside it never reach the callback */
    int select_messages;
    /* the window's filter, between the parser and the tool's callback */
    maillog_record_cb cb;
    void *cb_user;
    int win_in;                      /* -1 before the first timed record, else 0 or 1 */
    unsigned long long win_untimed; /* records left out for want of a time */
    /* what each record is given to (the window, or the tool's callback) */
    maillog_record_cb run_cb;
    void *run_user;
    /* Optional, for parallel reads (parallel.c), without a time window
     * (which decides by the records before): what the tool counts of each
     * record alone is counted by the worker thread that parsed it, into a
     * tally of the file's own (file_new, then file_count for each record),
     * and added to the tool's (file_done, merge 1) when the calling thread
     * has given the file's records to rest_cb (with run_user), which does
     * the rest, in order.  A tally not wanted is freed with merge 0.  A
     * serial read gives every record to run_cb, which does both. */
    void *(*file_new)(void *user);
    void (*file_count)(void *acc, const maillog_record *rec);
    void (*file_done)(void *user, void *acc, int merge);
    maillog_record_cb rest_cb;
    void *file_user;
    /* the parser's counters (MAILLOG_CTR_*) summed over the files read */
    uint64_t ctr[MAILLOG_CTR_COUNT];
} tool_opts;

#define TOOL_THREADS_MAX 1024

/* Decoded bytes a read gives the parser at a time. */
#define TOOL_READ_SIZE (1u << 18)

/* getopt_long values of the common options that have no short form. */
enum {
    TOOL_OPT_REFERENCE_TIME = 0x100,
    TOOL_OPT_DEFAULT_OFFSET,
    TOOL_OPT_DIALECT,
    TOOL_OPT_MAX_LINE,
    TOOL_OPT_THREADS,
    TOOL_OPT_SINCE,
    TOOL_OPT_UNTIL,
    TOOL_OPT_SUBJECT,
    TOOL_OPT_TIMEZONE,
    TOOL_OPT_OWN = 0x200 /* a tool's own options from here */
};

/* The common options, for each tool's getopt_long tables: -h is --help
 * (pflogsumm's "-h N" is maillog-report's --top N), -V --version. */
#define TOOL_SHORT_OPTS "hVfqad:j:"
#define TOOL_LONG_OPTS                                                    \
    {"help", no_argument, NULL, 'h'},                                     \
    {"version", no_argument, NULL, 'V'},                                  \
    {"reference-time", required_argument, NULL, TOOL_OPT_REFERENCE_TIME}, \
    {"default-offset", required_argument, NULL, TOOL_OPT_DEFAULT_OFFSET}, \
    {"timezone", required_argument, NULL, TOOL_OPT_TIMEZONE},             \
    {"dialect", required_argument, NULL, TOOL_OPT_DIALECT},               \
    {"max-line", required_argument, NULL, TOOL_OPT_MAX_LINE},             \
    {"follow", no_argument, NULL, 'f'},                                   \
    {"quiet", no_argument, NULL, 'q'},                                    \
    {"threads", required_argument, NULL, 'j'},                            \
    {"text", no_argument, NULL, 'a'},                                     \
    {"since", required_argument, NULL, TOOL_OPT_SINCE},                   \
    {"subject", no_argument, NULL, TOOL_OPT_SUBJECT},                     \
    {"until", required_argument, NULL, TOOL_OPT_UNTIL},                   \
    {"day", required_argument, NULL, 'd'}

#define TOOL_COMMON_HELP                                                                  \
    "  --reference-time=T  year reference for year-less stamps: YYYY-MM-DD or Unix\n"   \
    "                      seconds (default: each file's modification time)\n"          \
    "  --default-offset=O  UTC offset of stamps that have none: +hh:mm (default +00:00)\n" \
    "  --timezone=ZONE     the time zone of stamps that have none, with its summer\n"  \
    "                      time (Europe/Berlin, America/New_York; tzdata's names)\n"   \
    "  --dialect=NAME      parse every line as NAME (postfix, sendmail, exim,\n"      \
    "                      opensmtpd, qmail, exchange) instead of detecting it\n"     \
    "  --subject           keep the subject where a log has one (Exchange)\n"         \
    "  --max-line=N        longest line kept whole, in bytes (default 65536)\n"         \
    "  -f, --follow        keep reading the last FILE as it grows (like tail -F),\n"    \
    "                      across rotation and truncation, until interrupted\n"         \
    "  -q, --quiet         no progress line on standard error\n"                     \
    "  -j, --threads=N     threads: several FILEs are read, decompressed and parsed\n" \
    "                      N at a time (the output is the same as with -j 1); one\n"  \
    "                      compressed FILE is decompressed on a second thread\n"      \
    "                      (default: the CPUs available)\n"                             \
    "  -a, --text          read a FILE that looks binary all the same\n"

#define TOOL_WINDOW_HELP                                                                   \
    "  --since=T, --until=T  only the lines from / up to T: YYYY-MM-DD[Thh:mm[:ss]]\n"     \
    "                      (in --default-offset's time; a Z or +hh:mm suffix, or Unix\n"  \
    "                      seconds, name an instant); --until's date or minute is\n"     \
    "                      included whole\n"                                              \
    "  -d, --day=DAY       only the lines of DAY: today or yesterday (of the\n"          \
    "                      --reference-time when given, else of now)\n"

#define TOOL_FILES_HELP                                                                  \
    "FILEs may be compressed with gzip, xz, bzip2 or zstd (told by their first bytes),\n" \
    "and UTF-8 or UTF-16; a directory stands for its files in name order; a rotated\n"    \
    "set (mail.log.2.gz mail.log.1 mail.log) is read oldest first, whatever the\n"        \
    "order given.  A FILE that cannot be read, or that holds binary data, is an\n"        \
    "error (status 2) and nothing is printed.\n"

void tool_opts_init(tool_opts *o, const char *prog);

/* Handle getopt_long's c (with its optarg) if it is a common option other
 * than -h and -V: 1 when it was, 0 when it is not ours, -1 on a bad value
 * (message printed). */
int tool_common_option(tool_opts *o, int c, const char *arg);

/* After the last option: the window from --since, --until and -d (they
 * depend on --default-offset and --reference-time, which may come after
 * them).  0, or -1 after printing why not. */
int tool_opts_finish(tool_opts *o);

/* The hint after getopt_long's own message on a bad option; returns 2,
 * the exit status of a usage error. */
int tool_usage_error(const tool_opts *o);

/* A parser configured from the options, its records given to cb through
 * the window; NULL after printing why not.  o must outlive the parser. */
maillog_parser *tool_parser(tool_opts *o, maillog_record_cb cb, void *user);

/* 1 when the window leaves records out before the tool's callback. */
static inline int tool_windowed(const tool_opts *o)
{
    return (o->have_since || o->have_until) && !o->select_messages;
}

/* The same without a callback: the options only (parallel.c's workers). */
maillog_parser *tool_parser_new(const tool_opts *o);

/* Before a file is read into p: its year reference, unless given. */
struct tool_in;
void tool_parser_file(const tool_opts *o, maillog_parser *p, const struct tool_in *in);

/* Read every file into p, in order, each as a stream of its own (the
 * parser is reset between files: line numbers, the stream's dialect and
 * header, the year guess start afresh; the counters are summed in o->ctr);
 * with o->threads above 1, several files are read at once and their
 * records given to the callback in the same order (parallel.h).  Every named file is opened first: one
 * that cannot be opened, is a directory, holds binary data or a
 * compression this build cannot read is an error printed before anything
 * is read.  Returns 0; 1 when a file could not be read to its end (a read
 * error, a corrupt or truncated compressed stream: printed, and the other
 * files are still read) or a callback stopped the parser; 2 when an input
 * was refused (printed; nothing should be reported). */
int tool_run(tool_opts *o, maillog_parser *p, const char **files, int nfiles);

#endif
