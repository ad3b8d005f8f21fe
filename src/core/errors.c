/* errors.c -- error codes to static text. */
#include "core/internal.h"

#define MAILLOG_ERRNO_MAP(XX)                                                  \
    XX(MAILLOG_OK, "success")                                                  \
    XX(MAILLOG_STOPPED, "stopped by the record callback")                      \
    XX(MAILLOG_E_INVAL, "invalid argument")                                    \
    XX(MAILLOG_E_NOMEM, "out of memory")                                       \
    XX(MAILLOG_E_NOSPC, "output buffer too small")                             \
    XX(MAILLOG_E_RANGE, "value out of range")                                  \
    XX(MAILLOG_E_ALIGN, "memory not aligned to 8 bytes")                       \
    XX(MAILLOG_E_STATE, "call not allowed in this state")                      \
    XX(MAILLOG_E_END, "no more items")

const char *maillog_strerror(int code)
{
#define XX(c, text)                                                            \
    if (code == (c))                                                           \
        return text;
    MAILLOG_ERRNO_MAP(XX)
#undef XX
    return "unknown error code";
}

const char *maillog_err_name(int code)
{
#define XX(c, text)                                                            \
    if (code == (c))                                                           \
        return #c;
    MAILLOG_ERRNO_MAP(XX)
#undef XX
    return "MAILLOG_E_UNKNOWN";
}
