/* exchange.h -- what the files of the Exchange unit share.  Microsoft
 * Exchange writes its logs as CSV files of its own, each opened by '#'
 * header lines (#Software, #Version, #Log-type, #Date, #Fields) whose
 * #Fields line names the columns:
 *
 *   csv.c       one RFC 4180 field: a span of the line, "" kept as written
 *   header.c    the header lines, the columns they declare (the stream's
 *               state), the default columns of a file without a header,
 *               and the attribute iterator that names the columns
 *   tracking.c  a message tracking row into a record (event ids mapped)
 *   protocol.c  an SMTP protocol log row into a record
 *   links.c     the ids that tie a message's copies and notifications
 *   server.c    which server wrote a row: the host of the message's key
 *   exchange.c  sniff, the stamp, parse dispatch, the ml_dialect
 *
 * Nothing here allocates: the columns are kept in the parser's memory
 * (ml_dialect.state_size), the values are spans of the line. */
#ifndef ML_EXCHANGE_H
#define ML_EXCHANGE_H

#include "mta/dialect.h"
#include "mta/rows.h"
#include "scan/scan.h"

/* The columns this unit knows, by their #Fields names. */
enum {
    XC_C_OTHER = 0, /* a name it does not know: an attribute under that name */
    XC_C_DATE_TIME,
    XC_C_CLIENT_IP,
    XC_C_CLIENT_HOSTNAME,
    XC_C_SERVER_IP,
    XC_C_SERVER_HOSTNAME,
    XC_C_SOURCE_CONTEXT,
    XC_C_CONNECTOR_ID,
    XC_C_SOURCE,
    XC_C_EVENT_ID,
    XC_C_INTERNAL_MESSAGE_ID,
    XC_C_MESSAGE_ID,
    XC_C_NETWORK_MESSAGE_ID,
    XC_C_RECIPIENT_ADDRESS,
    XC_C_RECIPIENT_STATUS,
    XC_C_TOTAL_BYTES,
    XC_C_RECIPIENT_COUNT,
    XC_C_RELATED_RECIPIENT_ADDRESS,
    XC_C_REFERENCE,
    XC_C_MESSAGE_SUBJECT,
    XC_C_SENDER_ADDRESS,
    XC_C_RETURN_PATH,
    XC_C_MESSAGE_INFO,
    XC_C_DIRECTIONALITY,
    XC_C_TENANT_ID,
    XC_C_ORIGINAL_CLIENT_IP,
    XC_C_ORIGINAL_SERVER_IP,
    XC_C_CUSTOM_DATA,
    XC_C_TRANSPORT_TRAFFIC_TYPE,
    XC_C_LOG_ID,
    XC_C_SCHEMA_VERSION,
    /* the SMTP protocol logs' own */
    XC_C_SESSION_ID,
    XC_C_SEQUENCE_NUMBER,
    XC_C_LOCAL_ENDPOINT,
    XC_C_REMOTE_ENDPOINT,
    XC_C_EVENT,
    XC_C_DATA,
    XC_C_CONTEXT,
    XC_C_COUNT
};

/* What the header says the file is (xc_state.family). */
#define XC_FAM_NONE     0 /* no Exchange header seen */
#define XC_FAM_EXCHANGE 1 /* "#Software: Microsoft Exchange Server", type not yet known */
#define XC_FAM_TRACKING 2 /* Message Tracking Log */
#define XC_FAM_RECV     3 /* SMTP Receive Protocol Log */
#define XC_FAM_SEND     4 /* SMTP Send Protocol Log */
#define XC_FAM_OTHER    5 /* another Exchange log (HttpProxy, Rps...): rows are notices */

/* Which columns a row was read with (maillog_record.note[2]). */
#define XC_SET_NONE   0 /* no columns: a header line, a notice */
#define XC_SET_HEADER 1 /* the stream's #Fields (note[3]: its generation) */
#define XC_SET_26     2 /* Exchange 2007/2010 tracking, no header */
#define XC_SET_27     3 /* Exchange 2013 */
#define XC_SET_30     4 /* Exchange 2016/2019/SE */
#define XC_SET_PROTO  5 /* SMTP protocol log (9 columns) */

#define XC_HOST_MAX 63 /* bytes of a server name kept (NetBIOS: 15) */
#define XC_MAXCOL 64   /* columns kept (a row's mask of mapped columns fits 64 bits) */
#define XC_NAMES  1024 /* bytes for the names of columns this unit does not know */

typedef struct xc_state {
    int32_t family;  /* XC_FAM_* */
    uint32_t ndecl;  /* columns the last #Fields declared (0: none) */
    uint32_t ncol;   /* of those, kept: min(ndecl, XC_MAXCOL) */
    uint32_t gen;    /* +1 at every #Fields: a record read with older columns
                        has no attributes */
    uint32_t nnames; /* bytes of names[] used */
    uint8_t col[XC_MAXCOL];                      /* XC_C_* of each column */
    uint16_t name_off[XC_MAXCOL], name_len[XC_MAXCOL]; /* XC_C_OTHER: in names[] */
    char names[XC_NAMES];
    ml_day day; /* the day of the last stamp */
    /* the user a receive session's "*" rows named ("User Name: X" after
     * a refused AUTH, "X,authenticated"), for the 535 that names nobody */
    ml_logins logins;
    uint32_t legacy;     /* #Version before 15: Exchange 2007 or 2010 */
    uint32_t server_n;   /* bytes of server: the server this file is from,
                            as its rows said it (server.c); 0: not known */
    char server[XC_HOST_MAX];
} xc_state;

/* Columns one row is read with. */
typedef struct xc_cols {
    const uint8_t *col; /* XC_C_* of each column */
    uint32_t n;         /* columns */
    int32_t set;        /* XC_SET_* */
    int32_t family;     /* XC_FAM_TRACKING, _RECV, _SEND or _OTHER */
} xc_cols;

/* A row split into its values; used: bit i when column i became a field
 * (the attribute iterator skips it). */
typedef struct xc_row {
    ml_span v[XC_MAXCOL];
    uint32_t n;    /* values kept: min(fields, XC_MAXCOL) */
    int32_t idx[XC_C_COUNT]; /* column of each known name, -1: absent */
    uint64_t used;
} xc_row;

/* ------------------------------------------------------------ csv.c */
#define XC_CSV_BAD 0xFFFFFFFFu
/* The field that starts at p: its value in *v (inside the quotes of a
 * quoted field, a doubled quote "" kept as written); returns the offset of
 * the ',' that ends it, or end -- or XC_CSV_BAD when a quote is never
 * closed or a closing quote is not followed by ',' or the end. */
ML_HIDDEN uint32_t ml_xc_csv_field(const char *s, uint32_t p, uint32_t end, ml_span *v);
/* Every field of [p,end): the first max values in v (v may be NULL to
 * count); returns how many fields there are (counting stops past limit),
 * or -1 when the row is not well formed. */
ML_HIDDEN int32_t ml_xc_csv_split(const char *s, uint32_t p, uint32_t end, ml_span *v,
                                  uint32_t max, uint32_t limit);

/* ------------------------------------------------------------ header.c */
/* A '#' line at p: reads it into st and r (a notice).  1 when it is an
 * Exchange header line, 0 when not (st forgets its columns when another
 * program's file starts). */
ML_HIDDEN int ml_xc_header(xc_state *st, maillog_record *r, uint32_t p);
/* The sniff's view of a '#' line: ML_SNIFF_HEADER or ML_SNIFF_NO. */
ML_HIDDEN int ml_xc_header_claim(const xc_state *st, const char *s, uint32_t p, uint32_t end);
/* The columns of a row of nfields fields: the stream's #Fields when it
 * declared that many, else the default set of that size; 0 when none. */
ML_HIDDEN int ml_xc_columns(const xc_state *st, uint32_t nfields, xc_cols *c);
/* The default columns of a set (XC_SET_26 ...), for the attributes. */
ML_HIDDEN int ml_xc_set_columns(const xc_state *st, int32_t set, uint32_t gen, xc_cols *c);
/* maillog_record_attr_next() for the unit (ml_dialect.attr_next). */
ML_HIDDEN int ml_xc_attr_next(const maillog_record *r, uint32_t *cursor, const char **key,
                              size_t *key_len, const char **val, size_t *val_len);

/* ------------------------------------------------------------ exchange.c */
/* yyyy-mm-ddThh:mm:ss[.fff]Z in [a,b): sets the time and the TIMESTAMP
 * field; 0 when it is not such a stamp. */
ML_HIDDEN int ml_xc_stamp(xc_state *st, maillog_record *r, uint32_t a, uint32_t b);
/* Field f from value i of the row, marked used; with strip, a value in
 * <...> loses its brackets. */
ML_HIDDEN void ml_xc_set(maillog_record *r, xc_row *row, int32_t f, int32_t col, int strip);
/* "[InternalId=N, Hostname=H]" in [a,b), as an Exchange server answers
 * the end of a message's data: N, the message's id on that server, is the
 * new_queue_id (the hand-off target, as Postfix's "queued as N"); 1 when
 * set. */
ML_HIDDEN int ml_xc_internal_id(maillog_record *r, uint32_t a, uint32_t b);
/* The row's values read with columns c: idx filled. */
ML_HIDDEN void ml_xc_index(xc_row *row, const xc_cols *c);

/* ------------------------------------------------------------ tracking.c */
/* A message tracking row: 1 when understood. */
ML_HIDDEN int ml_xc_tracking(xc_state *st, maillog_record *r, xc_row *row);

/* ------------------------------------------------------------ links.c */
/* ml_dialect.link_of: a failure and its DSN by the DSN's Message-ID, a
 * SUBMIT and the transport's RECEIVE by the network-message-id. */
ML_HIDDEN int ml_xc_link_of(const maillog_record *r, const char **id, size_t *id_n);

/* ------------------------------------------------------------ server.c */
/* The host of a tracking row: the server named in its column col
 * (XC_C_CLIENT_HOSTNAME or XC_C_SERVER_HOSTNAME), which the stream learns
 * when sure; none when the column is empty.  col XC_C_COUNT: the stream's
 * server (a DELIVER of an Exchange 2007/2010 hub). */
#define XC_HUB_ROW (-2)
ML_HIDDEN void ml_xc_server_tracking(xc_state *st, maillog_record *r, const xc_row *row,
                                     int32_t col, int sure);
/* The host of a protocol log row: the server of a "SERVER\Connector"
 * connector-id (a receive connector's; a send log names none). */
ML_HIDDEN void ml_xc_server_protocol(maillog_record *r, const xc_row *row);
/* "Hostname=H" in a reply in [a,b) that names the next hop's internal id:
 * H's host as ML_F_HOP_HOST, the host under which the hop's id is kept. */
ML_HIDDEN void ml_xc_hop_host(maillog_record *r, uint32_t a, uint32_t b);

/* ------------------------------------------------------------ protocol.c */
/* An SMTP protocol log row (family XC_FAM_RECV or _SEND): 1 when understood. */
ML_HIDDEN int ml_xc_protocol(xc_state *st, maillog_record *r, xc_row *row, int32_t family);

#endif
