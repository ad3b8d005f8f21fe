/* compat.c -- the parser's names before 0.4.0, when the verbs did not all
 * start with maillog_parser_: the same functions, kept until 1.0 so that
 * programs built against 0.3 keep linking. */
#include "core/internal.h"

int maillog_parse_line(maillog_parser *p, const char *line, size_t len, maillog_record *rec)
{
    return maillog_parser_parse_line(p, line, len, rec);
}

int maillog_feed(maillog_parser *p, const char *buf, size_t len, size_t *consumed)
{
    return maillog_parser_feed(p, buf, len, consumed);
}

int maillog_finish(maillog_parser *p) { return maillog_parser_finish(p); }
