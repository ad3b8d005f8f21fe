/* run.h -- the input loop every example tool shares: the options common
 * to all of them, reading each file into a parser, a progress line on an
 * interactive stderr, and --follow (like tail -F: keep reading the last
 * file as it grows, across rotation and truncation). */
#ifndef MAILLOG_TOOL_RUN_H
#define MAILLOG_TOOL_RUN_H

#include <maillog.h>

typedef struct tool_opts {
    const char *prog;
    int follow, quiet, have_ref, subject;
    int64_t ref, offset, dialect;
    long max_line;
    long poll_ms; /* --follow polling interval */
    long threads; /* 2: compressed files are inflated on a second thread */
} tool_opts;

#define TOOL_COMMON_HELP                                                                  \
    "  --reference-time T  year reference for year-less stamps: YYYY-MM-DD or Unix\n"   \
    "                      seconds (default: each file's modification time)\n"          \
    "  --default-offset O  UTC offset of stamps that have none: +hh:mm (default +00:00)\n" \
    "  --dialect NAME      parse every line as NAME (postfix, sendmail, exim,\n"      \
    "                      opensmtpd, qmail, exchange) instead of detecting it\n"     \
    "  --subject           keep the subject where a log has one (Exchange)\n"         \
    "  --max-line N        longest line kept whole, in bytes (default 65536)\n"         \
    "  --follow            keep reading the last FILE as it grows (like tail -F),\n"    \
    "                      across rotation and truncation, until interrupted\n"         \
    "  --quiet             no progress line on standard error\n"                     \
    "  --threads N         1: read on one thread; 2: inflate compressed files on a\n" \
    "                      second thread (the default with more than one CPU)\n"

void tool_opts_init(tool_opts *o, const char *prog);

/* Consume argv[*i] if it is a common option: 1 when consumed (and *i moved
 * past its value), 0 when not ours, -1 on a bad value (message printed). */
int tool_common_option(tool_opts *o, int argc, char **argv, int *i);

/* A parser configured from the options; NULL after printing why not. */
maillog_parser *tool_parser(const tool_opts *o, maillog_record_cb cb, void *user);

/* Read every file into p, in order.  Returns 0, or 1 when a file could
 * not be read (the message is printed and the other files are still read)
 * or a callback stopped the parser. */
int tool_run(const tool_opts *o, maillog_parser *p, const char **files, int nfiles);

#endif
