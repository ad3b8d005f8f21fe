/*
 * maillog.h -- libmaillog public API: mail-server log lines to structured records.
 *
 * Copyright (c) 2026 The libmaillog authors.  MIT licence, see COPYING.
 *
 * This header is the reference documentation.  Conventions used throughout:
 *
 *  - Functions that can fail return an int: 0 (MAILLOG_OK) on success, a
 *    negative MAILLOG_E_* code on error, or the positive MAILLOG_STOPPED
 *    where stated; those that answer a question (is the field present? is
 *    there a next attribute?) return 1 or 0 instead of MAILLOG_OK.  The
 *    functions that cannot fail return their value: a size (size_t), a
 *    count, flags or an id (uint32_t, uint64_t, int32_t), a static string
 *    or a span of the line (const char *), or nothing (void).
 *  - Types crossing the ABI are fixed-width integers, size_t for lengths, and
 *    opaque handles.  No struct is passed by value, no function is variadic,
 *    enums are plain int32_t values so that FFI bindings need no enum types.
 *  - The library has no global mutable state, never reads the locale, never
 *    prints, and never calls the time zone functions of libc.  Distinct
 *    handles may be used from distinct threads concurrently; one handle must
 *    not be used from two threads at once.
 *  - SPAN LIFETIME: every span (a pointer/offset and a length) that the
 *    library hands out points into the line being parsed -- either the
 *    caller's buffer or the parser's carry buffer -- and is valid only until
 *    the record callback returns (streaming) or until the caller's buffer
 *    changes or the record is reused (one-line parse).  Spans are not
 *    NUL-terminated.  The library never frees caller memory.
 *
 * Since 0.1.0 unless stated otherwise.
 */
#ifndef MAILLOG_H
#define MAILLOG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Export control: the library is built with -fvisibility=hidden and only
 * declarations marked MAILLOG_API are exported (plus a linker version
 * script).  Users never need to define anything. */
#if defined(_WIN32) && defined(MAILLOG_BUILDING)
#define MAILLOG_API __declspec(dllexport)
#elif defined(__GNUC__) && defined(MAILLOG_BUILDING)
#define MAILLOG_API __attribute__((visibility("default")))
#else
#define MAILLOG_API
#endif

/* ---------------------------------------------------------------- version
 * ABI policy: MAJOR changes when the ABI breaks (soname libmaillog.so.MAJOR);
 * MINOR adds functions or enum values at the end of their lists; PATCH fixes.
 * Enum values are never renumbered within one MAJOR version. */
#define MAILLOG_VERSION_MAJOR 0
#define MAILLOG_VERSION_MINOR 5
#define MAILLOG_VERSION_PATCH 0
#define MAILLOG_VERSION_STRING "0.5.0"
#define MAILLOG_VERSION_HEX                                                   \
    ((MAILLOG_VERSION_MAJOR << 16) | (MAILLOG_VERSION_MINOR << 8) |           \
     MAILLOG_VERSION_PATCH)

/* The version of the library actually linked, as MAILLOG_VERSION_HEX. */
MAILLOG_API uint32_t maillog_version(void);
/* The same as a static string such as "0.1.0". */
MAILLOG_API const char *maillog_version_string(void);

/* ----------------------------------------------------------------- errors */
#define MAILLOG_OK 0
/* Returned (positive) by maillog_feed()/maillog_finish() when the record
 * callback returned non-zero: parsing stopped after that line. */
#define MAILLOG_STOPPED 1

#define MAILLOG_E_INVAL -1001   /* invalid argument (NULL handle, bad id) */
#define MAILLOG_E_NOMEM -1002   /* an allocation failed; nothing changed */
#define MAILLOG_E_NOSPC -1003   /* output buffer too small (see *needed) */
#define MAILLOG_E_RANGE -1004   /* value out of range (option, size)      */
#define MAILLOG_E_ALIGN -1005   /* caller memory not aligned to 8 bytes   */
#define MAILLOG_E_STATE -1006   /* call not allowed now (e.g. feed inside
                                   its own callback)                       */
#define MAILLOG_E_END   -1007   /* reserved: never returned (the iterators
                                   return 0 when exhausted); kept so that
                                   code naming it still compiles           */

/* A static, English, one-line description of a code; never NULL. */
MAILLOG_API const char *maillog_strerror(int code);
/* The code's symbolic name, such as "MAILLOG_E_NOMEM"; never NULL. */
MAILLOG_API const char *maillog_err_name(int code);

/* ------------------------------------------------------------- allocator
 * Optional allocator hooks, used only when a handle is created or destroyed
 * (never on the per-line path).  alloc must return memory aligned for any
 * object, or NULL.  Passing NULL for the whole struct means malloc/free. */
typedef struct maillog_allocator {
    void *(*alloc)(void *ctx, size_t size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
} maillog_allocator;

/* ----------------------------------------------------------------- fields
 * A record's text fields, addressable by id so that tools and bindings can
 * loop over them (0 .. MAILLOG_F_COUNT-1).  The JSON key of each is in the
 * comment; maillog_field_name() returns it. */
#define MAILLOG_F_TIMESTAMP     0  /* "ts_raw": timestamp text as written */
#define MAILLOG_F_HOST          1  /* "host" */
#define MAILLOG_F_PROGRAM       2  /* "program": whole tag, postfix-out/submission/smtpd */
#define MAILLOG_F_INSTANCE      3  /* "instance": first tag component, postfix-out */
#define MAILLOG_F_SERVICE       4  /* "service": last tag component (the daemon), smtpd */
#define MAILLOG_F_PID           5  /* "pid" */
#define MAILLOG_F_QUEUE_ID      6  /* "queue_id" (absent for NOQUEUE) */
#define MAILLOG_F_CLIENT_HOST   7  /* "client_host" ("unknown" kept as logged) */
#define MAILLOG_F_CLIENT_IP     8  /* "client_ip" */
#define MAILLOG_F_CLIENT_PORT   9  /* "client_port" */
#define MAILLOG_F_MESSAGE_ID   10  /* "message_id", without angle brackets */
#define MAILLOG_F_FROM         11  /* "from", without angle brackets; "" = null sender */
#define MAILLOG_F_TO           12  /* "to" */
#define MAILLOG_F_ORIG_TO      13  /* "orig_to" */
#define MAILLOG_F_RELAY_HOST   14  /* "relay_host" (also none, local, virtual...) */
#define MAILLOG_F_RELAY_IP     15  /* "relay_ip": the relay's address without
                                      brackets (addr of Postfix's
                                      relay=host[addr]:port), or a socket
                                      path (private/dovecot-lmtp) */
#define MAILLOG_F_RELAY_PORT   16  /* "relay_port" */
#define MAILLOG_F_CONN_USE     17  /* "conn_use" */
#define MAILLOG_F_DELAY        18  /* "delay" */
#define MAILLOG_F_DELAYS       19  /* "delays": a/b/c/d as written */
#define MAILLOG_F_DSN          20  /* "dsn": enhanced status code x.y.z */
#define MAILLOG_F_STATUS       21  /* "status_raw": status word as written */
#define MAILLOG_F_REPLY        22  /* "reply": status/reply text, outer ( ) removed */
#define MAILLOG_F_REPLY_CODE   23  /* "reply_code": 3-digit SMTP code */
#define MAILLOG_F_SIZE         24  /* "size" */
#define MAILLOG_F_NRCPT        25  /* "nrcpt" */
#define MAILLOG_F_NEW_QUEUE_ID 26  /* "new_queue_id": hand-off target (queued as X,
                                      notification: X) */
#define MAILLOG_F_ACTION       27  /* "action": reject, discard, hold, warning, ... */
#define MAILLOG_F_STAGE        28  /* "stage": SMTP stage (RCPT, DATA, "end of DATA",
                                      header, body) */
#define MAILLOG_F_BODY         29  /* "body": the MTA's text after the envelope */
#define MAILLOG_F_PARENT_ID    30  /* "parent_id": the message this one was created
                                      from, named on its own line (Exim's R= on a
                                      bounce); since 0.3.0 */
#define MAILLOG_F_SESSION_ID   31  /* "session_id": the MTA's own id of the SMTP
                                      session (OpenSMTPD); since 0.3.0 */
#define MAILLOG_F_DELIVERY_ID  32  /* "delivery_id": qmail's delivery number, which
                                      its result line names instead of the
                                      message; since 0.3.0 */
#define MAILLOG_F_EVENT_RAW    33  /* "event_raw": the MTA's own name of the event,
                                      as written (Exchange's event-id: RECEIVE,
                                      DELIVER, FAIL...); since 0.4.0 */
#define MAILLOG_F_SUBJECT      34  /* "subject": the message's subject, only when
                                      the parser's MAILLOG_OPT_SUBJECT is set
                                      (Exchange's message-subject); since 0.4.0 */
#define MAILLOG_F_USER         35  /* "user": the login name a client authenticated
                                      (or failed to) as: Postfix sasl_username,
                                      Exim A=...:name, a Windows MTA's AUTH user;
                                      since 0.5.0 */
#define MAILLOG_F_AUTH_METHOD  36  /* "auth_method": the SASL mechanism or the
                                      MTA's authenticator (PLAIN, LOGIN,
                                      dovecot_plain); since 0.5.0 */
#define MAILLOG_F_HELO         37  /* "helo": the name the client gave in HELO or
                                      EHLO; since 0.5.0 */
#define MAILLOG_F_SESSION_END  38  /* "session_end": how a session ended, one word
                                      of: quit, timeout, lost, tls, errors,
                                      bare_lf, refused, other; since 0.5.0 */
#define MAILLOG_F_COUNT        39  /* number of field ids in this version */

/* ---------------------------------------------------------------- numbers
 * Numeric values parsed from the fields above.  Durations are in
 * microseconds.  Ids 0 .. MAILLOG_N_COUNT-1. */
#define MAILLOG_N_PID               0
#define MAILLOG_N_CLIENT_PORT       1
#define MAILLOG_N_RELAY_PORT        2
#define MAILLOG_N_CONN_USE          3
#define MAILLOG_N_DELAY_US          4  /* delay=                      */
#define MAILLOG_N_DELAY_BEFORE_US   5  /* delays= part 1: before qmgr */
#define MAILLOG_N_DELAY_QUEUE_US    6  /* delays= part 2: in qmgr     */
#define MAILLOG_N_DELAY_CONNECT_US  7  /* delays= part 3: connection  */
#define MAILLOG_N_DELAY_XMIT_US     8  /* delays= part 4: transmission */
#define MAILLOG_N_REPLY_CODE        9
#define MAILLOG_N_SIZE             10
#define MAILLOG_N_NRCPT            11
#define MAILLOG_N_PRI              12  /* syslog <PRI> value when present */
#define MAILLOG_N_COUNT            13

/* ------------------------------------------------------------ vocabularies
 * Normalised values shared by every MTA dialect. */
#define MAILLOG_MTA_UNKNOWN 0
#define MAILLOG_MTA_POSTFIX  1
#define MAILLOG_MTA_SENDMAIL 2 /* sendmail, sm-mta, sm-msp-queue (since 0.3.0) */
#define MAILLOG_MTA_EXIM     3 /* mainlog and syslog (since 0.3.0) */
#define MAILLOG_MTA_OPENSMTPD 4 /* tag smtpd, 6.x/7.x logging (since 0.3.0) */
#define MAILLOG_MTA_QMAIL    5 /* splogger and multilog files (since 0.3.0) */
#define MAILLOG_MTA_EXCHANGE 6 /* Microsoft Exchange message tracking logs (CSV
                                  files with #Fields headers; since 0.4.0) */
#define MAILLOG_MTA_HMAILSERVER 7 /* hMailServer's own log files (since 0.5.0) */
#define MAILLOG_MTA_MAILENABLE 8 /* MailEnable's SMTP activity and W3C logs
                                    (local time; since 0.5.0) */
#define MAILLOG_MTA_COUNT    9

/* What a line says happened. */
#define MAILLOG_EV_UNKNOWN       0  /* not understood: see maillog_record_flags() */
#define MAILLOG_EV_CONNECT       1  /* client connected (smtpd, postscreen CONNECT) */
#define MAILLOG_EV_DISCONNECT    2  /* client disconnected (with command counters) */
#define MAILLOG_EV_CLIENT        3  /* queue id assigned to a client's message */
#define MAILLOG_EV_PICKUP        4  /* local submission picked up (uid=, from=) */
#define MAILLOG_EV_MESSAGE_ID    5  /* message-id logged by cleanup */
#define MAILLOG_EV_QUEUED        6  /* sender, size, nrcpt known: message in queue */
#define MAILLOG_EV_DELIVERY      7  /* delivery attempt for one recipient (status) */
#define MAILLOG_EV_REMOVED       8  /* message left the queue */
#define MAILLOG_EV_EXPIRED       9  /* message expired, returned to sender */
#define MAILLOG_EV_REJECT       10  /* reject/discard/hold by smtpd, cleanup, milter */
#define MAILLOG_EV_ACTION       11  /* non-final access/header action (warning, info,
                                       reject_warning, filter, redirect, prepend...) */
#define MAILLOG_EV_NOTIFICATION 12  /* DSN/bounce message created: new_queue_id */
#define MAILLOG_EV_SESSION      13  /* session event: lost connection, timeout, TLS,
                                       too many errors, pipelining */
#define MAILLOG_EV_AUTH_FAILED  14  /* SASL authentication failed */
#define MAILLOG_EV_SCREEN       15  /* postscreen verdicts: PASS, DNSBL, PREGREET... */
#define MAILLOG_EV_DNSBL        16  /* dnsblog: address listed by a DNSBL */
#define MAILLOG_EV_RELAY_ERROR  17  /* delivery agent connection/reply problem
                                       without a recipient (host said, timeout) */
#define MAILLOG_EV_QUEUE_ADMIN  18  /* postsuper/qmgr: requeued, held, released,
                                       skipped */
#define MAILLOG_EV_STATISTICS   19  /* anvil/scache statistics */
#define MAILLOG_EV_DAEMON       20  /* master/daemon start, stop, reload */
#define MAILLOG_EV_NOTICE       21  /* other recognised line (warnings etc.) */
#define MAILLOG_EV_COUNT        22

/* Normalised delivery outcome. */
#define MAILLOG_STATUS_NONE          0
#define MAILLOG_STATUS_SENT          1
#define MAILLOG_STATUS_DEFERRED      2
#define MAILLOG_STATUS_BOUNCED       3
#define MAILLOG_STATUS_EXPIRED       4
#define MAILLOG_STATUS_DISCARDED     5
#define MAILLOG_STATUS_REJECTED      6
#define MAILLOG_STATUS_HELD          7
#define MAILLOG_STATUS_SOFTBOUNCE    8
#define MAILLOG_STATUS_UNDELIVERABLE 9
#define MAILLOG_STATUS_DELIVERABLE  10
#define MAILLOG_STATUS_OTHER        11  /* a status word not in this list */
#define MAILLOG_STATUS_COUNT        12

/* Severity: from the MTA's own prefix (warning:, fatal: ...) or else from
 * a syslog <PRI>.  Values follow syslog's numbering. */
#define MAILLOG_SEV_NONE    -1
#define MAILLOG_SEV_PANIC    0  /* emerg */
#define MAILLOG_SEV_ALERT    1
#define MAILLOG_SEV_FATAL    2  /* crit */
#define MAILLOG_SEV_ERROR    3
#define MAILLOG_SEV_WARNING  4
#define MAILLOG_SEV_NOTICE   5
#define MAILLOG_SEV_INFO     6
#define MAILLOG_SEV_DEBUG    7

/* Static lower-case names ("delivery", "sent", "warning", "postfix",
 * JSON keys for fields); "" for an id out of range. */
MAILLOG_API const char *maillog_field_name(int32_t field);
MAILLOG_API const char *maillog_event_name(int32_t event);
MAILLOG_API const char *maillog_status_name(int32_t status);
MAILLOG_API const char *maillog_severity_name(int32_t severity);
MAILLOG_API const char *maillog_mta_name(int32_t mta);

/* ---------------------------------------------------------------- reasons
 * Why a delivery attempt failed, in a fixed vocabulary shared by every MTA
 * (maillog_reason(3) lists each name with its rules).  Decided from the
 * enhanced status code (RFC 3463) where its subject and detail settle it,
 * else from well-known wordings of the reply text (case-insensitive ASCII;
 * '_' reads as a space), else from the enhanced code's class and subject,
 * else from the reply code.  Ids are never renumbered; new ones are added
 * before MAILLOG_REASON_COUNT.  Since 0.4.0. */
#define MAILLOG_REASON_NONE               0  /* not a failure (sent, or no status) */
#define MAILLOG_REASON_OTHER              1  /* a failure no rule names */
#define MAILLOG_REASON_USER_UNKNOWN       2  /* no such mailbox (x.1.1) */
#define MAILLOG_REASON_MAILBOX_FULL       3  /* over quota (x.2.2) */
#define MAILLOG_REASON_MAILBOX_DISABLED   4  /* suspended, inactive, disabled (x.2.1) */
#define MAILLOG_REASON_HAS_MOVED          5  /* the recipient moved (x.1.6, 551) */
#define MAILLOG_REASON_HOST_UNKNOWN       6  /* the domain or host does not exist (5.1.2) */
#define MAILLOG_REASON_NOT_ACCEPT         7  /* the domain takes no mail: null MX (x.1.10, 521) */
#define MAILLOG_REASON_RELAY_DENIED       8  /* relaying refused */
#define MAILLOG_REASON_SENDER_REJECTED    9  /* the sender's address refused (x.1.7, x.1.8) */
#define MAILLOG_REASON_SPAM              10  /* the content judged spam */
#define MAILLOG_REASON_VIRUS             11  /* malware found */
#define MAILLOG_REASON_BLOCKED           12  /* the client address or host blocked: DNSBL,
                                                block lists */
#define MAILLOG_REASON_BAD_REPUTATION    13  /* low reputation of the sending IP or domain */
#define MAILLOG_REASON_REQUIRE_PTR       14  /* no or bad reverse DNS (x.7.25) */
#define MAILLOG_REASON_AUTH_FAILURE      15  /* SPF, DKIM or DMARC failed (x.7.20-x.7.26) */
#define MAILLOG_REASON_AUTH_REQUIRED     16  /* SMTP authentication needed or refused (530,
                                                535, x.7.8) */
#define MAILLOG_REASON_POLICY            17  /* refused by a local or organisational policy */
#define MAILLOG_REASON_CONTENT_REJECTED  18  /* the message's form or content refused: headers,
                                                RFC 5322, attachments (x.6.x) */
#define MAILLOG_REASON_MESSAGE_TOO_LARGE 19  /* size limit (x.3.4, x.2.3) */
#define MAILLOG_REASON_RATE_LIMITED      20  /* too many messages, recipients or connections */
#define MAILLOG_REASON_GREYLISTED        21  /* try again later, on purpose */
#define MAILLOG_REASON_TLS_FAILURE       22  /* TLS needed, refused or failed (x.7.10) */
#define MAILLOG_REASON_DNS_FAILURE       23  /* a name lookup failed for now (x.4.3, 4.1.2) */
#define MAILLOG_REASON_CONNECTION_REFUSED 24 /* the server refused the connection */
#define MAILLOG_REASON_TIMEOUT           25  /* a connection or reply timed out */
#define MAILLOG_REASON_NETWORK_ERROR     26  /* connection lost, unreachable (x.4.x) */
#define MAILLOG_REASON_SYNTAX_ERROR      27  /* a command or address refused as malformed
                                                (x.5.x, 500-504) */
#define MAILLOG_REASON_SYSTEM_ERROR      28  /* the server's own fault: configuration, loops
                                                (x.3.x, 451) */
#define MAILLOG_REASON_SYSTEM_FULL       29  /* the server is out of storage (x.3.1, 452) */
#define MAILLOG_REASON_MAILER_ERROR      30  /* the local delivery program or file failed */
#define MAILLOG_REASON_EXPIRED           31  /* given up after the queue lifetime (x.4.7) */
#define MAILLOG_REASON_RETRY_WAIT        32  /* not tried: an earlier failure's retry time
                                                has not come */
#define MAILLOG_REASON_COUNT             33

/* The reason of a failure from its parts: the enhanced status code
 * ("5.1.1", dsn_len 0 when absent: then the first one in the text is
 * used), the reply code (0 when absent: then a leading one in the text)
 * and the reply text.  Any pointer may be NULL with its length 0.  Never
 * MAILLOG_REASON_NONE: MAILLOG_REASON_OTHER when no rule applies.  No
 * allocation, no locale. */
MAILLOG_API int32_t maillog_reason_of(const char *dsn, size_t dsn_len, int32_t reply_code,
                                      const char *text, size_t text_len);
/* The static snake_case name of a reason ("user_unknown"; "none" for
 * MAILLOG_REASON_NONE), "" for an id out of range. */
MAILLOG_API const char *maillog_reason_name(int32_t reason);
/* The id of a name as maillog_reason_name() writes it, or -1. */
MAILLOG_API int32_t maillog_reason_from_name(const char *name, size_t len);

/* ------------------------------------------------------------------ record
 * One log line, parsed.  Opaque: obtain one with maillog_record_new() or
 * place one in caller memory with maillog_record_sizeof()/_init().  A record
 * delivered to a callback is owned by the parser and valid during the
 * callback only. */
typedef struct maillog_record maillog_record;

/* Record flags (maillog_record_flags()). */
#define MAILLOG_REC_UNPARSED   0x0001u /* body not understood: raw text kept */
#define MAILLOG_REC_TRUNCATED  0x0002u /* line longer than the parser's max_line:
                                          only the first max_line bytes are kept */
#define MAILLOG_REC_HAS_TIME   0x0004u /* a timestamp was recognised */
#define MAILLOG_REC_HAS_OFFSET 0x0008u /* the timestamp carried a UTC offset */
#define MAILLOG_REC_YEAR_GUESS 0x0010u /* year inferred (RFC 3164 style stamp) */
#define MAILLOG_REC_NO_NEWLINE 0x0020u /* final line of input had no newline */
#define MAILLOG_REC_HAS_ENVELOPE 0x0040u /* a syslog-style prefix was recognised */
#define MAILLOG_REC_JOINED     0x0080u /* made by the stream from the syslog fragments
                                          ([1/3] [2/3] [3/3]) of one Exim entry: the
                                          line is the first one's prefix and every
                                          fragment's text (since 0.3.0) */
#define MAILLOG_REC_PARTIAL    0x0100u /* with JOINED: some fragments never came */

/* Bytes of caller memory a record needs (aligned to 8 bytes). */
MAILLOG_API size_t maillog_record_sizeof(void);
/* Place a record in caller memory of at least maillog_record_sizeof() bytes.
 * Returns MAILLOG_E_RANGE if too small, MAILLOG_E_ALIGN if misaligned. */
MAILLOG_API int maillog_record_init(void *mem, size_t memlen, maillog_record **out);
/* Allocate a record (alloc may be NULL for malloc; an allocator must set
 * both alloc and free, else MAILLOG_E_INVAL).  The record remembers its
 * allocator: maillog_record_free() ignores its second argument since 0.5.0
 * (pass NULL), and does nothing for a record placed with
 * maillog_record_init(), whose memory stays the caller's. */
MAILLOG_API int maillog_record_new(const maillog_allocator *alloc, maillog_record **out);
MAILLOG_API void maillog_record_free(maillog_record *rec, const maillog_allocator *alloc);
/* Copy src into dst (a record from maillog_record_new() or _init()), and
 * src's line into line, which must hold maillog_record_line(src)'s length
 * in bytes: dst reads line then, so it outlives the callback that was
 * given src, for as long as line is kept.  dst keeps its own memory and
 * allocator.  Attributes that a header line names (Exchange's columns)
 * are still read from the parser's stream state: the parser must live,
 * and not read another such header, while dst is read.  A reason src
 * holds already (MAILLOG_OPT_REASON) is copied; otherwise dst looks it up
 * from line when asked.  MAILLOG_E_INVAL on a NULL argument.  Since
 * 0.5.0. */
MAILLOG_API int maillog_record_copy(maillog_record *dst, const maillog_record *src,
                                    char *line);
/* Write rec as bytes into buf, for another thread (or a later moment) to
 * read back with maillog_record_unpack(): its scalars, then the fields and
 * numbers from the first it has to the last, and the reason (maillog_record_reason()) looked up
 * now.  The line itself is not written: keep it beside.  Returns the size
 * the packed record needs, never more than maillog_record_sizeof(), and
 * writes only when cap is at least that (so a NULL buf with cap 0 asks the
 * size); 0 for a NULL rec.  buf needs no alignment.  As with
 * maillog_record_copy(), attributes a header line names are read from the
 * parser's stream state.  Since 0.5.0. */
MAILLOG_API size_t maillog_record_pack(const maillog_record *rec, void *buf, size_t cap);
/* Read a record that maillog_record_pack() wrote at buf into dst (from
 * maillog_record_new() or _init(); it keeps its own memory and allocator),
 * reading line, the packed record's line, which must outlive dst's use.
 * Returns the bytes read from buf (the size pack returned), so that packed
 * records laid end to end are walked; 0 on a NULL argument.  Since 0.5.0. */
MAILLOG_API size_t maillog_record_unpack(maillog_record *dst, const void *buf,
                                         const char *line);

/* The whole line (without its newline and a CR before it) and its length;
 * truncated to max_line for an over-long line.  Span lifetime rule above. */
MAILLOG_API const char *maillog_record_line(const maillog_record *rec, size_t *len);
/* 1-based number of the line in the parser's input. */
MAILLOG_API uint64_t maillog_record_line_number(const maillog_record *rec);
MAILLOG_API uint32_t maillog_record_flags(const maillog_record *rec);
MAILLOG_API int32_t maillog_record_event(const maillog_record *rec);
MAILLOG_API int32_t maillog_record_status(const maillog_record *rec);
MAILLOG_API int32_t maillog_record_severity(const maillog_record *rec);
MAILLOG_API int32_t maillog_record_mta(const maillog_record *rec);

/* Field as pointer + length.  Returns 1 when present (possibly empty, e.g.
 * the null sender), 0 when absent (then *ptr = NULL, *len = 0), or
 * MAILLOG_E_INVAL for a bad id.  ptr/len may be NULL.  Span lifetime rule. */
MAILLOG_API int maillog_record_field(const maillog_record *rec, int32_t field,
                                     const char **ptr, size_t *len);
/* Field as offset from the line start + length; same returns.  A field
 * whose value is a word of a fixed vocabulary rather than text of the line
 * (session_end, since 0.5.0), or text the line holds only encoded (a user
 * name the log gives in base64, since 0.5.0), is absent here: read it with
 * maillog_record_field(), which then points to static text or into the
 * record itself (valid as long as the record is not reused). */
MAILLOG_API int maillog_record_span(const maillog_record *rec, int32_t field,
                                    uint32_t *off, uint32_t *len);
/* Parsed number: 1 present, 0 absent, MAILLOG_E_INVAL bad id. */
MAILLOG_API int maillog_record_number(const maillog_record *rec, int32_t num,
                                      int64_t *value);
/* Timestamp: seconds since the Unix epoch (UTC; when the line had no offset
 * the parser's default offset, 0 unless set, was applied), microseconds,
 * and the offset east of UTC in seconds.  Returns 1 when the record has a
 * time, 0 when not.  Any pointer may be NULL. */
MAILLOG_API int maillog_record_time(const maillog_record *rec, int64_t *unix_sec,
                                    int32_t *usec, int32_t *utc_offset_sec);

/* Iterate every key=value attribute of the line that is not one of the
 * fields above (sasl_username, proto, helo, tls, command counters...).
 * Set *cursor = 0 before the first call; each call returns 1 and fills the
 * key and value spans (angle brackets stripped from <...> values), or 0
 * when there are no more.  No allocation; span lifetime rule applies.
 * In a file whose columns a header names (Exchange's "#Fields:"), the
 * attributes are the non-empty columns that are not fields, keyed by the
 * column's name: the value is a span of the line, the key is static text
 * or the parser's copy of the header, valid while the parser lives and
 * until it parses its next line (a callback, or right after
 * maillog_parser_parse_line()). */
MAILLOG_API int maillog_record_attr_next(const maillog_record *rec, uint32_t *cursor,
                                         const char **key, size_t *key_len,
                                         const char **val, size_t *val_len);

/* Every recipient the line names, in order.  A Sendmail delivery line may
 * name several in one to= ("<a>,<b>"), an Exchange tracking row in its
 * recipient-address column ("a@x;b@y"); other lines name at most the one in
 * the to field.  Set *cursor = 0 before the first call; each call returns 1
 * with the address (angle brackets removed) or 0 when there are no more.
 * No allocation; span lifetime rule.  Since 0.3.0. */
MAILLOG_API int maillog_record_recipient_next(const maillog_record *rec, uint32_t *cursor,
                                              const char **ptr, size_t *len);

/* The reply text decoded for reading: qmail writes its results with '_'
 * for spaces and '/' for line breaks ("Remote_host_said:_250_ok/"); this
 * writes them back as spaces and newlines.  Other dialects' replies are
 * copied as they are.  Writes a NUL; *written (may be NULL) gets the length
 * without it.  Returns 1 when the record has a reply, 0 when not (buf gets
 * ""), MAILLOG_E_NOSPC when cap is too small (*written gets the length
 * needed), MAILLOG_E_INVAL for a NULL record.  Since 0.3.0. */
MAILLOG_API int maillog_record_reply_text(const maillog_record *rec, char *buf, size_t cap,
                                          size_t *written);

/* The reason of a record whose status is a failure (deferred, bounced,
 * expired, rejected, softbounce, undeliverable), from its dsn, reply_code
 * and reply fields; MAILLOG_REASON_EXPIRED for an expired status.
 * MAILLOG_REASON_NONE for any other status, without looking at the text:
 * a sent line costs one comparison.  The JSON has "reason" for the same
 * records.  Since 0.4.0. */
MAILLOG_API int32_t maillog_record_reason(const maillog_record *rec);

/* Write the record as one JSON object (no newline) and a terminating NUL
 * into buf.  *written (may be NULL) receives the length without the NUL.
 * When cap is too small, returns MAILLOG_E_NOSPC and *written receives the
 * length needed (without NUL); buf then holds a truncated, NUL-terminated
 * prefix.  The output is valid JSON and valid UTF-8 whatever the line
 * holds: invalid UTF-8 bytes become U+FFFD.  All cap bytes of buf may be
 * written: those after the NUL are scratch.  Schema: maillog-json(5). */
MAILLOG_API int maillog_record_to_json(const maillog_record *rec, char *buf, size_t cap,
                                       size_t *written);

/* ------------------------------------------------------------------ parser */
typedef struct maillog_parser maillog_parser;

/* Called once per line, in input order.  Return 0 to continue; any other
 * value stops parsing after this line (feed/finish return MAILLOG_STOPPED).
 * The callback may read the record and call maillog_record_* functions; it
 * must not call maillog_parser_feed()/_finish()/_reset() on the same parser. */
typedef int (*maillog_record_cb)(void *user, const maillog_record *rec);

/* Default and limits of max_line, the longest line kept whole. */
#define MAILLOG_MAX_LINE_DEFAULT 65536u
#define MAILLOG_MAX_LINE_MIN 64u
#define MAILLOG_MAX_LINE_MAX (1u << 30)

/* Bytes of caller memory a parser with this max_line needs (0 = default);
 * 0 is returned when max_line is out of range. */
MAILLOG_API size_t maillog_parser_sizeof(uint32_t max_line);
/* Place a parser in caller memory (8-byte aligned, at least
 * maillog_parser_sizeof(max_line) bytes).  No maillog_parser_free() needed;
 * the caller releases mem. */
MAILLOG_API int maillog_parser_init(void *mem, size_t memlen, uint32_t max_line,
                                    maillog_parser **out);
/* Allocate a parser (alloc NULL = malloc/free; the struct is copied). */
MAILLOG_API int maillog_parser_new(const maillog_allocator *alloc, uint32_t max_line,
                                   maillog_parser **out);
/* Free a parser made by maillog_parser_new(); NULL is a no-op. */
MAILLOG_API void maillog_parser_free(maillog_parser *p);
/* Forget any partial line, counters, line number and year state; keep the
 * callback and options. */
MAILLOG_API int maillog_parser_reset(maillog_parser *p);
MAILLOG_API int maillog_parser_set_callback(maillog_parser *p, maillog_record_cb cb,
                                            void *user);

/* Options (maillog_parser_set_option). */
/* Reference time (Unix seconds) for the year of year-less timestamps: the
 * first such line gets the latest year in which it is not more than a day
 * after the reference; later lines advance the year on Dec->Jan.  Default:
 * the time the parser was created or reset. */
#define MAILLOG_OPT_REFERENCE_TIME 1
/* Offset east of UTC, seconds, assumed for timestamps without one
 * (-86399..86399).  Default 0 (UTC). */
#define MAILLOG_OPT_DEFAULT_OFFSET 2
/* Force a dialect (MAILLOG_MTA_*) for every line instead of detecting it
 * from the program tag; MAILLOG_MTA_UNKNOWN (default) = detect. */
#define MAILLOG_OPT_DIALECT 3
/* The dialect (MAILLOG_MTA_*) the stream has shown it is, or
 * MAILLOG_MTA_UNKNOWN (default) while it has not.  Lines with a syslog
 * tag are always detected line by line, since one syslog file holds many
 * programs.  A line without a tag (an MTA's own log file, a file with
 * header lines) goes first to this dialect, and to the others only when
 * it does not understand the line.  The parser sets it itself when a
 * dialect claims a header line (such as "#Fields:") or reads 8 untagged
 * lines in a row, and clears it when another dialect reads an untagged
 * line; setting it names the format of a stream and skips that sniffing.
 * Reset by maillog_parser_reset().  Since 0.4.0. */
#define MAILLOG_OPT_STREAM_DIALECT 4
/* 1: the message's subject, when a format logs it (Exchange's
 * message-subject column), is the field MAILLOG_F_SUBJECT; 0 (default): it
 * is neither a field nor an attribute, since a subject is often personal
 * data.  Kept by maillog_parser_reset().  Since 0.4.0. */
#define MAILLOG_OPT_SUBJECT 5
/* 1: each record's reason (maillog_record_reason) is looked up as the line
 * is parsed, before the callback, and kept in the record, so that its
 * copies (maillog_record_copy, _pack) carry it: for a program that parses
 * on one thread and reads the records on another, which then does not pay
 * for the lookup.  0 (default): looked up when asked.  The reason is the
 * same either way.  Kept by maillog_parser_reset().  Since 0.6.0. */
#define MAILLOG_OPT_REASON 6

MAILLOG_API int maillog_parser_set_option(maillog_parser *p, int32_t option, int64_t value);

/* A time zone for stamps without an offset, where one offset does not do
 * (daylight saving time): called for each such stamp with its local
 * wall-clock time, as seconds since 1970-01-01 read as if the clock were
 * UTC, it returns the offset east of UTC, in seconds, in force at that
 * time (-86399..86399; another value is taken as 0).  A wall time that
 * occurs twice (the hour repeated when clocks go back) or not at all is
 * the callback's to decide.  It must not call the parser.  The library
 * has no time zone database: a program can answer from mktime(3) with TZ
 * set (as the tools' --timezone does).  NULL (default): the offset
 * MAILLOG_OPT_DEFAULT_OFFSET.  Kept by maillog_parser_reset().
 * MAILLOG_E_INVAL for a NULL parser.  Since 0.5.0. */
typedef int32_t (*maillog_zone_fn)(void *user, int64_t wall_sec);
MAILLOG_API int maillog_parser_set_zone(maillog_parser *p, maillog_zone_fn zone, void *user);
MAILLOG_API int maillog_parser_get_option(const maillog_parser *p, int32_t option,
                                          int64_t *value);

/* Parse one line (len bytes, without its newline; a trailing CR and LF are
 * ignored) into a caller-owned record.  No allocation.  The record's spans
 * point into line.  Counts toward the parser's counters and line number,
 * and sees the same stream state (MAILLOG_OPT_STREAM_DIALECT, a dialect's
 * header lines) as fed lines.  Does not call the callback.  The line is
 * the caller's and is kept whole whatever the parser's max_line (which
 * bounds only the stream's carry buffer); only a line of 4 GiB or more is
 * cut, and flagged MAILLOG_REC_TRUNCATED.  Since 0.4.0. */
MAILLOG_API int maillog_parser_parse_line(maillog_parser *p, const char *line, size_t len,
                                          maillog_record *rec);

/* Feed a chunk of any size (lines may span chunks).  The callback runs once
 * per complete line.  *consumed (may be NULL) receives how many bytes of
 * buf were used: len unless the callback stopped, in which case it points
 * just past the stopping line and MAILLOG_STOPPED is returned; feed the rest
 * again to continue.  An over-long line is delivered once, truncated and
 * flagged, and its remainder skipped.  Since 0.4.0. */
MAILLOG_API int maillog_parser_feed(maillog_parser *p, const char *buf, size_t len,
                                    size_t *consumed);
/* End of input: deliver a final line that had no newline (flagged
 * MAILLOG_REC_NO_NEWLINE), and whatever a dialect still holds (a joined
 * entry whose last fragments never came, flagged MAILLOG_REC_PARTIAL).
 * The parser can be fed again afterwards.  Since 0.4.0. */
MAILLOG_API int maillog_parser_finish(maillog_parser *p);

/* The names of 0.1 to 0.3, kept until 1.0: the same functions. */
MAILLOG_API int maillog_parse_line(maillog_parser *p, const char *line, size_t len,
                                   maillog_record *rec);
MAILLOG_API int maillog_feed(maillog_parser *p, const char *buf, size_t len,
                             size_t *consumed);
MAILLOG_API int maillog_finish(maillog_parser *p);

/* Counters since creation/reset (maillog_parser_counter). */
#define MAILLOG_CTR_LINES     0  /* records delivered or parsed */
#define MAILLOG_CTR_PARSED    1  /* records understood (not UNPARSED) */
#define MAILLOG_CTR_UNPARSED  2
#define MAILLOG_CTR_TRUNCATED 3
#define MAILLOG_CTR_BYTES     4  /* bytes fed and consumed */
#define MAILLOG_CTR_COUNT     5
MAILLOG_API int maillog_parser_counter(const maillog_parser *p, int32_t counter,
                                       uint64_t *value);

#ifdef __cplusplus
}
#endif
#endif /* MAILLOG_H */
