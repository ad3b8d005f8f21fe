/*
 * maillog_correlate.h -- libmaillog's optional correlation module: records
 * to messages (per queue id) and SMTP sessions, with hand-offs between
 * queue ids and bounded memory.
 *
 * Copyright (c) 2026 The libmaillog authors.  MIT licence, see COPYING.
 *
 * Feed every record of a stream (from the streaming parser's callback or
 * from maillog_parse_line) to maillog_corr_add(), in input order.  Completed
 * messages and sessions come back through callbacks; maillog_corr_finish()
 * emits whatever is still open at end of input, flagged incomplete.
 *
 *  - Strings are copied into one arena per message or session; nothing is
 *    allocated per field.  Allocation happens when a message or session
 *    opens, when its arena needs another block, and when the index grows.
 *  - Limits (maillog_corr_set_limit) bound open messages, open sessions,
 *    memory, and idle time measured in LOG time, so replaying old files
 *    gives the same result as reading them live.  When a limit is reached
 *    the least recently active entries are emitted, flagged evicted;
 *    nothing is dropped silently.
 *  - Emission order depends only on the input.
 *  - A maillog_message or maillog_session passed to a callback, and every
 *    span read from it, is valid only until the callback returns.
 *  - The same threading rules as maillog.h: one handle, one thread.
 *
 * Built unless the library is configured with `make CORRELATE=0`.
 * Since 0.2.0.
 */
#ifndef MAILLOG_CORRELATE_H
#define MAILLOG_CORRELATE_H

#include "maillog.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct maillog_corr maillog_corr;
typedef struct maillog_message maillog_message;
typedef struct maillog_session maillog_session;

/* Return 0 to continue; non-zero makes maillog_corr_add()/_finish() return
 * MAILLOG_STOPPED after the current record (state stays consistent; call
 * again to go on). */
typedef int (*maillog_message_cb)(void *user, const maillog_message *msg);
typedef int (*maillog_session_cb)(void *user, const maillog_session *ses);

MAILLOG_API int maillog_corr_new(const maillog_allocator *alloc, maillog_corr **out);
/* Frees everything still open WITHOUT emitting it (call _finish first). */
MAILLOG_API void maillog_corr_free(maillog_corr *c);
MAILLOG_API int maillog_corr_set_callbacks(maillog_corr *c, maillog_message_cb on_message,
                                           maillog_session_cb on_session, void *user);

/* Limits and options (maillog_corr_set_limit); 0 means "no limit". */
#define MAILLOG_CORR_MAX_MESSAGES 1 /* open messages, default 100000 */
#define MAILLOG_CORR_MAX_SESSIONS 2 /* open sessions, default 20000 */
#define MAILLOG_CORR_MAX_MEMORY   3 /* bytes of arenas and index, default 256 MiB;
                                       besides, up to 8 freed messages, 8 freed
                                       sessions, 8 freed delivery ties and 8
                                       freed 1 KiB string blocks (22.2 KiB)
                                       are kept for reuse until
                                       maillog_corr_free() */
#define MAILLOG_CORR_MAX_IDLE     4 /* seconds of log time without a line, default 0 */
#define MAILLOG_CORR_GRACE        5 /* seconds a finished message waits for late
                                       lines (a delivery logged after "removed"),
                                       default 5 */
#define MAILLOG_CORR_KEEP_LINES   6 /* 1: keep each message's raw lines (for
                                       maillog_message_line), default 0 */
MAILLOG_API int maillog_corr_set_limit(maillog_corr *c, int32_t which, int64_t value);

/* Add one record (spans are copied; the record may die afterwards).
 * Records of dialects the module does not know yet are counted and ignored. */
MAILLOG_API int maillog_corr_add(maillog_corr *c, const maillog_record *rec);
/* Emit everything still open, flagged incomplete; the handle can be reused. */
MAILLOG_API int maillog_corr_finish(maillog_corr *c);

#define MAILLOG_CORR_CTR_RECORDS   0 /* records added */
#define MAILLOG_CORR_CTR_IGNORED   1 /* records that concern no message or session */
#define MAILLOG_CORR_CTR_MESSAGES  2 /* messages emitted */
#define MAILLOG_CORR_CTR_SESSIONS  3 /* sessions emitted */
#define MAILLOG_CORR_CTR_EVICTED   4 /* entries emitted early because of a limit */
#define MAILLOG_CORR_CTR_OPEN      5 /* messages + sessions open now */
#define MAILLOG_CORR_CTR_MEMORY    6 /* bytes in use now (the MAX_MEMORY count) */
#define MAILLOG_CORR_CTR_PEAK_MEMORY 7
#define MAILLOG_CORR_CTR_COUNT     8
MAILLOG_API int maillog_corr_counter(const maillog_corr *c, int32_t which, uint64_t *value);

/* ---------------------------------------------------------------- messages */
/* How a message ended (maillog_message_end). */
#define MAILLOG_END_OPEN      0 /* still queued at end of input, or evicted */
#define MAILLOG_END_REMOVED   1 /* left the queue after delivery attempts */
#define MAILLOG_END_EXPIRED   2 /* expired and returned to sender */
#define MAILLOG_END_REJECTED  3 /* rejected by cleanup, milter or smtpd */
#define MAILLOG_END_DISCARDED 4
#define MAILLOG_END_HELD      5 /* put on hold */
#define MAILLOG_END_COUNT     6
MAILLOG_API const char *maillog_end_name(int32_t end);

/* Message flags. */
#define MAILLOG_MSG_COMPLETE 0x1u /* its end was seen */
#define MAILLOG_MSG_EVICTED  0x2u /* emitted early because of a limit */
#define MAILLOG_MSG_BOUNCE   0x4u /* created by the MTA as a notification (DSN) */

/* Message text fields (maillog_message_field). */
#define MAILLOG_MESSAGE_F_HOST               0
#define MAILLOG_MESSAGE_F_INSTANCE           1
#define MAILLOG_MESSAGE_F_QUEUE_ID           2
#define MAILLOG_MESSAGE_F_CLIENT_HOST        3
#define MAILLOG_MESSAGE_F_CLIENT_IP          4
#define MAILLOG_MESSAGE_F_SASL_USERNAME      5
#define MAILLOG_MESSAGE_F_MESSAGE_ID         6
#define MAILLOG_MESSAGE_F_FROM               7
#define MAILLOG_MESSAGE_F_PARENT             8 /* queue id this message was handed off from */
#define MAILLOG_MESSAGE_F_END_TEXT           9 /* reply of the reject/discard/hold that ended it */
#define MAILLOG_MESSAGE_F_COUNT              10

/* Message numbers (maillog_message_number). Times are Unix seconds. */
#define MAILLOG_MESSAGE_N_SIZE               0
#define MAILLOG_MESSAGE_N_NRCPT              1
#define MAILLOG_MESSAGE_N_FIRST_TIME         2 /* first line */
#define MAILLOG_MESSAGE_N_LAST_TIME          3 /* last line */
#define MAILLOG_MESSAGE_N_ARRIVAL            4 /* client= or pickup line */
#define MAILLOG_MESSAGE_N_COMPLETION         5 /* removed/expired/rejected line */
#define MAILLOG_MESSAGE_N_CLIENT_PORT        6
#define MAILLOG_MESSAGE_N_COUNT              7

MAILLOG_API int32_t maillog_message_end(const maillog_message *m);
MAILLOG_API uint32_t maillog_message_flags(const maillog_message *m);
/* 1 present, 0 absent, MAILLOG_E_INVAL for a bad id (as maillog_record_field). */
MAILLOG_API int maillog_message_field(const maillog_message *m, int32_t field, const char **ptr,
                                      size_t *len);
MAILLOG_API int maillog_message_number(const maillog_message *m, int32_t num, int64_t *value);

/* Recipients, in the order they were first seen. */
#define MAILLOG_RECIPIENT_F_TO               0
#define MAILLOG_RECIPIENT_F_ORIG_TO          1
#define MAILLOG_RECIPIENT_F_RELAY            2 /* host[addr]:port as logged */
#define MAILLOG_RECIPIENT_F_DSN              3 /* of the last attempt */
#define MAILLOG_RECIPIENT_F_REPLY            4 /* of the last attempt */
#define MAILLOG_RECIPIENT_F_FIRST_REPLY      5 /* of the first attempt */
#define MAILLOG_RECIPIENT_F_CHILD            6 /* queue id the recipient was handed off to */
#define MAILLOG_RECIPIENT_F_COUNT            7

#define MAILLOG_RECIPIENT_N_STATUS           0 /* MAILLOG_STATUS_* of the last attempt */
#define MAILLOG_RECIPIENT_N_ATTEMPTS         1 /* delivery attempts (deferrals included) */
#define MAILLOG_RECIPIENT_N_DELAY_US         2 /* delay= of the last attempt */
#define MAILLOG_RECIPIENT_N_LAST_TIME        3 /* Unix seconds of the last attempt */
#define MAILLOG_RECIPIENT_N_COUNT            4

MAILLOG_API uint32_t maillog_message_recipient_count(const maillog_message *m);
MAILLOG_API int maillog_message_recipient_field(const maillog_message *m, uint32_t i,
                                                int32_t field, const char **ptr, size_t *len);
MAILLOG_API int maillog_message_recipient_number(const maillog_message *m, uint32_t i,
                                                 int32_t num, int64_t *value);

/* The reason (MAILLOG_REASON_*, maillog.h) of recipient i's last attempt,
 * from its dsn and reply, when its status is a failure (deferred, bounced,
 * expired, rejected, softbounce, undeliverable); MAILLOG_REASON_NONE
 * otherwise; MAILLOG_E_INVAL for a bad index.  The JSON's recipients have
 * "reason" for the same ones.  Since 0.4.0. */
MAILLOG_API int32_t maillog_message_recipient_reason(const maillog_message *m, uint32_t i);

/* Queue ids this message was handed off to (content filter, notification,
 * forwarding). */
MAILLOG_API uint32_t maillog_message_child_count(const maillog_message *m);
MAILLOG_API int maillog_message_child(const maillog_message *m, uint32_t i, const char **ptr,
                                      size_t *len);

/* Raw lines, when MAILLOG_CORR_KEEP_LINES is set: text and 1-based line
 * number in the parser's input. */
MAILLOG_API uint32_t maillog_message_line_count(const maillog_message *m);
MAILLOG_API int maillog_message_line(const maillog_message *m, uint32_t i, const char **ptr,
                                     size_t *len, uint64_t *line_number);

/* One JSON object (schema in README.md), like maillog_record_to_json. */
MAILLOG_API int maillog_message_to_json(const maillog_message *m, char *buf, size_t cap,
                                        size_t *written);

/* ---------------------------------------------------------------- sessions */
#define MAILLOG_SESSION_F_HOST               0
#define MAILLOG_SESSION_F_PROGRAM            1
#define MAILLOG_SESSION_F_CLIENT_HOST        2
#define MAILLOG_SESSION_F_CLIENT_IP          3
#define MAILLOG_SESSION_F_LAST_REJECT        4 /* reply of the last pre-queue reject */
#define MAILLOG_SESSION_F_COUNTERS           5 /* disconnect's command counters, as logged */
#define MAILLOG_SESSION_F_SESSION_ID         6 /* the MTA's own session id (OpenSMTPD); since 0.3.0 */
#define MAILLOG_SESSION_F_COUNT              7

#define MAILLOG_SESSION_N_PID                0
#define MAILLOG_SESSION_N_CONNECT_TIME       1
#define MAILLOG_SESSION_N_END_TIME           2 /* disconnect (or last line when incomplete) */
#define MAILLOG_SESSION_N_REJECTS            3 /* pre-queue rejects (NOQUEUE) */
#define MAILLOG_SESSION_N_AUTH_FAILURES      4
#define MAILLOG_SESSION_N_COUNT              5

MAILLOG_API uint32_t maillog_session_flags(const maillog_session *s); /* MAILLOG_MSG_COMPLETE,
                                                                         _EVICTED */
MAILLOG_API int maillog_session_field(const maillog_session *s, int32_t field, const char **ptr,
                                      size_t *len);
MAILLOG_API int maillog_session_number(const maillog_session *s, int32_t num, int64_t *value);
/* Queue ids of the messages accepted in this session. */
MAILLOG_API uint32_t maillog_session_message_count(const maillog_session *s);
MAILLOG_API int maillog_session_message(const maillog_session *s, uint32_t i, const char **ptr,
                                        size_t *len);
MAILLOG_API int maillog_session_to_json(const maillog_session *s, char *buf, size_t cap,
                                        size_t *written);

/* The names before 0.4.0, kept until 1.0. */
#define MAILLOG_M_HOST           MAILLOG_MESSAGE_F_HOST
#define MAILLOG_M_INSTANCE       MAILLOG_MESSAGE_F_INSTANCE
#define MAILLOG_M_QUEUE_ID       MAILLOG_MESSAGE_F_QUEUE_ID
#define MAILLOG_M_CLIENT_HOST    MAILLOG_MESSAGE_F_CLIENT_HOST
#define MAILLOG_M_CLIENT_IP      MAILLOG_MESSAGE_F_CLIENT_IP
#define MAILLOG_M_SASL_USERNAME  MAILLOG_MESSAGE_F_SASL_USERNAME
#define MAILLOG_M_MESSAGE_ID     MAILLOG_MESSAGE_F_MESSAGE_ID
#define MAILLOG_M_FROM           MAILLOG_MESSAGE_F_FROM
#define MAILLOG_M_PARENT         MAILLOG_MESSAGE_F_PARENT
#define MAILLOG_M_END_TEXT       MAILLOG_MESSAGE_F_END_TEXT
#define MAILLOG_M_COUNT          MAILLOG_MESSAGE_F_COUNT
#define MAILLOG_MN_SIZE          MAILLOG_MESSAGE_N_SIZE
#define MAILLOG_MN_NRCPT         MAILLOG_MESSAGE_N_NRCPT
#define MAILLOG_MN_FIRST_TIME    MAILLOG_MESSAGE_N_FIRST_TIME
#define MAILLOG_MN_LAST_TIME     MAILLOG_MESSAGE_N_LAST_TIME
#define MAILLOG_MN_ARRIVAL       MAILLOG_MESSAGE_N_ARRIVAL
#define MAILLOG_MN_COMPLETION    MAILLOG_MESSAGE_N_COMPLETION
#define MAILLOG_MN_CLIENT_PORT   MAILLOG_MESSAGE_N_CLIENT_PORT
#define MAILLOG_MN_COUNT         MAILLOG_MESSAGE_N_COUNT
#define MAILLOG_R_TO             MAILLOG_RECIPIENT_F_TO
#define MAILLOG_R_ORIG_TO        MAILLOG_RECIPIENT_F_ORIG_TO
#define MAILLOG_R_RELAY          MAILLOG_RECIPIENT_F_RELAY
#define MAILLOG_R_DSN            MAILLOG_RECIPIENT_F_DSN
#define MAILLOG_R_REPLY          MAILLOG_RECIPIENT_F_REPLY
#define MAILLOG_R_FIRST_REPLY    MAILLOG_RECIPIENT_F_FIRST_REPLY
#define MAILLOG_R_CHILD          MAILLOG_RECIPIENT_F_CHILD
#define MAILLOG_R_COUNT          MAILLOG_RECIPIENT_F_COUNT
#define MAILLOG_RN_STATUS        MAILLOG_RECIPIENT_N_STATUS
#define MAILLOG_RN_ATTEMPTS      MAILLOG_RECIPIENT_N_ATTEMPTS
#define MAILLOG_RN_DELAY_US      MAILLOG_RECIPIENT_N_DELAY_US
#define MAILLOG_RN_LAST_TIME     MAILLOG_RECIPIENT_N_LAST_TIME
#define MAILLOG_RN_COUNT         MAILLOG_RECIPIENT_N_COUNT
#define MAILLOG_S_HOST           MAILLOG_SESSION_F_HOST
#define MAILLOG_S_PROGRAM        MAILLOG_SESSION_F_PROGRAM
#define MAILLOG_S_CLIENT_HOST    MAILLOG_SESSION_F_CLIENT_HOST
#define MAILLOG_S_CLIENT_IP      MAILLOG_SESSION_F_CLIENT_IP
#define MAILLOG_S_LAST_REJECT    MAILLOG_SESSION_F_LAST_REJECT
#define MAILLOG_S_COUNTERS       MAILLOG_SESSION_F_COUNTERS
#define MAILLOG_S_SESSION_ID     MAILLOG_SESSION_F_SESSION_ID
#define MAILLOG_S_COUNT          MAILLOG_SESSION_F_COUNT
#define MAILLOG_SN_PID           MAILLOG_SESSION_N_PID
#define MAILLOG_SN_CONNECT_TIME  MAILLOG_SESSION_N_CONNECT_TIME
#define MAILLOG_SN_END_TIME      MAILLOG_SESSION_N_END_TIME
#define MAILLOG_SN_REJECTS       MAILLOG_SESSION_N_REJECTS
#define MAILLOG_SN_AUTH_FAILURES MAILLOG_SESSION_N_AUTH_FAILURES
#define MAILLOG_SN_COUNT         MAILLOG_SESSION_N_COUNT

#ifdef __cplusplus
}
#endif
#endif /* MAILLOG_CORRELATE_H */
