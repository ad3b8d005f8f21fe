/* Compiled as C++11 and as C11 by `make check-cxx`: the public header must
 * be valid, warning-free and pedantic in both. */
#include <maillog.h>
#include <maillog_correlate.h>

int maillog_header_compiles(void);
int maillog_header_compiles(void)
{
    maillog_parser *p = 0;
    maillog_record_cb cb = 0;
    maillog_message_cb mcb = 0;
    (void)cb;
    (void)mcb;
    return maillog_parser_new(0, 0, &p) + MAILLOG_F_COUNT + MAILLOG_VERSION_HEX;
}
