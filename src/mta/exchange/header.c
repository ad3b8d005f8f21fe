/* header.c -- an Exchange log's header lines and the columns they name.
 *
 *   #Software: Microsoft Exchange Server
 *   #Version: 15.01.2375.007
 *   #Log-type: Message Tracking Log
 *   #Date: 2024-03-01T10:00:00.000Z
 *   #Fields: date-time,client-ip,...
 *
 * The #Fields line is the only authority on the columns; it is read again
 * wherever it appears (a new file in a concatenated stream).  A row of a
 * file read without its header (a tail, a test file) gets the default
 * columns of its field count: 26 (Exchange 2007/2010), 27 (2013), 30
 * (2016, 2019, SE) for message tracking, 9 for an SMTP protocol log.
 * Other Exchange logs (HttpProxy, Rps cmdlet, ...) share the header: their
 * rows are read as notices, never as tracking rows. */
#include "mta/exchange/exchange.h"

static const ml_word names[XC_C_COUNT + 1] = {
    ML_W(""), /* XC_C_OTHER */
    ML_W("date-time"), ML_W("client-ip"), ML_W("client-hostname"), ML_W("server-ip"),
    ML_W("server-hostname"), ML_W("source-context"), ML_W("connector-id"), ML_W("source"),
    ML_W("event-id"), ML_W("internal-message-id"), ML_W("message-id"),
    ML_W("network-message-id"), ML_W("recipient-address"), ML_W("recipient-status"),
    ML_W("total-bytes"), ML_W("recipient-count"), ML_W("related-recipient-address"),
    ML_W("reference"), ML_W("message-subject"), ML_W("sender-address"), ML_W("return-path"),
    ML_W("message-info"), ML_W("directionality"), ML_W("tenant-id"),
    ML_W("original-client-ip"), ML_W("original-server-ip"), ML_W("custom-data"),
    ML_W("transport-traffic-type"), ML_W("log-id"), ML_W("schema-version"),
    ML_W("session-id"), ML_W("sequence-number"), ML_W("local-endpoint"),
    ML_W("remote-endpoint"), ML_W("event"), ML_W("data"), ML_W("context"), {NULL, 0},
};

/* The default columns (MSDOC message-tracking.md and protocol-logging.md;
 * the 26- and 27-column sets as the headers of public 2010 and 2013 files
 * name them). */
#define XC_TRACK_HEAD                                                                         \
    XC_C_DATE_TIME, XC_C_CLIENT_IP, XC_C_CLIENT_HOSTNAME, XC_C_SERVER_IP,                    \
        XC_C_SERVER_HOSTNAME, XC_C_SOURCE_CONTEXT, XC_C_CONNECTOR_ID, XC_C_SOURCE,           \
        XC_C_EVENT_ID, XC_C_INTERNAL_MESSAGE_ID, XC_C_MESSAGE_ID
#define XC_TRACK_TAIL                                                                         \
    XC_C_RECIPIENT_ADDRESS, XC_C_RECIPIENT_STATUS, XC_C_TOTAL_BYTES, XC_C_RECIPIENT_COUNT,   \
        XC_C_RELATED_RECIPIENT_ADDRESS, XC_C_REFERENCE, XC_C_MESSAGE_SUBJECT,                \
        XC_C_SENDER_ADDRESS, XC_C_RETURN_PATH, XC_C_MESSAGE_INFO, XC_C_DIRECTIONALITY,       \
        XC_C_TENANT_ID, XC_C_ORIGINAL_CLIENT_IP, XC_C_ORIGINAL_SERVER_IP, XC_C_CUSTOM_DATA
static const uint8_t set26[26] = {XC_TRACK_HEAD, XC_TRACK_TAIL};
static const uint8_t set27[27] = {XC_TRACK_HEAD, XC_C_NETWORK_MESSAGE_ID, XC_TRACK_TAIL};
static const uint8_t set30[30] = {XC_TRACK_HEAD, XC_C_NETWORK_MESSAGE_ID, XC_TRACK_TAIL,
                                  XC_C_TRANSPORT_TRAFFIC_TYPE, XC_C_LOG_ID,
                                  XC_C_SCHEMA_VERSION};
static const uint8_t set9[9] = {XC_C_DATE_TIME,       XC_C_CONNECTOR_ID,    XC_C_SESSION_ID,
                                XC_C_SEQUENCE_NUMBER, XC_C_LOCAL_ENDPOINT,  XC_C_REMOTE_ENDPOINT,
                                XC_C_EVENT,           XC_C_DATA,            XC_C_CONTEXT};

static int32_t column_id(const char *s, uint32_t n)
{
    int i = ml_word_index(s, n, names + 1);
    return i < 0 ? XC_C_OTHER : i + 1;
}

/* ---------------------------------------------------------- the header */
#define HDR(s, p, end, lit) ML_AT(s, p, end, lit)

/* The family a #Log-type value names. */
static int32_t log_type(const char *s, uint32_t p, uint32_t end)
{
    while (end > p && s[end - 1] == ' ')
        end--;
    if (end - p == 20 && memcmp(s + p, "Message Tracking Log", 20) == 0)
        return XC_FAM_TRACKING;
    if (end - p == 25 && memcmp(s + p, "SMTP Receive Protocol Log", 25) == 0)
        return XC_FAM_RECV;
    if (end - p == 22 && memcmp(s + p, "SMTP Send Protocol Log", 22) == 0)
        return XC_FAM_SEND;
    return XC_FAM_OTHER;
}

int ml_xc_header_claim(const xc_state *st, const char *s, uint32_t p, uint32_t end)
{
    if (HDR(s, p, end, "#Software: Microsoft Exchange") || HDR(s, p, end, "#Log-type: ") ||
        HDR(s, p, end, "#Fields: date-time,"))
        return ML_SNIFF_HEADER;
    if (st && st->family != XC_FAM_NONE &&
        (HDR(s, p, end, "#Version: ") || HDR(s, p, end, "#Date: ") || HDR(s, p, end, "#Fields: ")))
        return ML_SNIFF_HEADER;
    return ML_SNIFF_NO;
}

/* A new header block: another file, maybe another server's (server.c). */
static void forget_columns(xc_state *st)
{
    st->ndecl = st->ncol = st->nnames = 0;
    st->gen++;
    st->server_n = 0;
}

/* "#Fields: a,b,c" from p (past the ": "). */
static void fields(xc_state *st, const char *s, uint32_t p, uint32_t end)
{
    int have_event_id = 0, have_session = 0;
    forget_columns(st);
    for (;;) {
        uint32_t e = ml_find(s, p, end, ','), a = p, b = e;
        while (a < b && s[a] == ' ')
            a++;
        while (b > a && s[b - 1] == ' ')
            b--;
        if (st->ncol < XC_MAXCOL) {
            int32_t c = column_id(s + a, b - a);
            uint32_t i = st->ncol++;
            st->col[i] = (uint8_t)c;
            st->name_off[i] = st->name_len[i] = 0;
            if (c == XC_C_OTHER && b - a <= XC_NAMES - st->nnames) { /* else it goes unnamed */
                memcpy(st->names + st->nnames, s + a, b - a);
                st->name_off[i] = (uint16_t)st->nnames;
                st->name_len[i] = (uint16_t)(b - a);
                st->nnames += b - a;
            }
            have_event_id |= c == XC_C_EVENT_ID;
            have_session |= c == XC_C_SESSION_ID;
        }
        st->ndecl++;
        if (e >= end)
            break;
        p = e + 1;
    }
    /* without a #Log-type, the columns say what the file is */
    if (st->family == XC_FAM_NONE || st->family == XC_FAM_EXCHANGE)
        st->family = have_event_id ? XC_FAM_TRACKING : have_session ? XC_FAM_RECV : XC_FAM_OTHER;
}

int ml_xc_header(xc_state *st, maillog_record *r, uint32_t p)
{
    const char *s = r->line;
    uint32_t end = r->len;
    if (HDR(s, p, end, "#Software: ")) {
        if (!HDR(s, p, end, "#Software: Microsoft Exchange")) {
            st->family = XC_FAM_NONE; /* another program's file starts */
            forget_columns(st);
            return 0;
        }
        st->family = XC_FAM_EXCHANGE; /* a new file: its own #Fields will follow */
        forget_columns(st);
    } else if (HDR(s, p, end, "#Log-type: ")) {
        st->family = log_type(s, p + 11, end);
    } else if (HDR(s, p, end, "#Fields: ")) {
        if (st->family == XC_FAM_NONE && !HDR(s, p, end, "#Fields: date-time,"))
            return 0; /* another program's columns (W3C, IIS) */
        fields(st, s, p + 9, end);
    } else if (st->family == XC_FAM_NONE) {
        return 0; /* #Version:, #Date:, a comment: only inside an Exchange header */
    } else if (HDR(s, p, end, "#Version: ")) {
        /* 8.x and 14.x: Exchange 2007 and 2010, whose hubs log DELIVER */
        st->legacy = end - p > 11 && ((s[p + 10] == '8' && s[p + 11] == '.') ||
                                      (s[p + 10] == '1' && s[p + 11] == '4'));
    } else if (HDR(s, p, end, "#Date: ")) {
        uint32_t a = p + 7, b = a;
        while (b < end && s[b] != ' ')
            b++;
        ml_xc_stamp(st, r, a, b);
    }
    ml_set(r, MAILLOG_F_BODY, p, end - p);
    r->event = MAILLOG_EV_NOTICE;
    r->note[2] = XC_SET_NONE;
    return 1;
}

/* ---------------------------------------------------------- the columns */
static int default_set(int32_t set, xc_cols *c)
{
    switch (set) {
    case XC_SET_26: c->col = set26, c->n = 26, c->family = XC_FAM_TRACKING; break;
    case XC_SET_27: c->col = set27, c->n = 27, c->family = XC_FAM_TRACKING; break;
    case XC_SET_30: c->col = set30, c->n = 30, c->family = XC_FAM_TRACKING; break;
    case XC_SET_PROTO: c->col = set9, c->n = 9, c->family = XC_FAM_RECV; break;
    default: return 0;
    }
    c->set = set;
    return 1;
}

int ml_xc_columns(const xc_state *st, uint32_t nfields, xc_cols *c)
{
    if (st->ndecl && nfields == st->ndecl) {
        c->col = st->col;
        c->n = st->ncol;
        c->set = XC_SET_HEADER;
        c->family = st->family == XC_FAM_EXCHANGE ? XC_FAM_OTHER : st->family;
        return 1;
    }
    if (st->family == XC_FAM_OTHER)
        return 0; /* another log's row: never read as tracking */
    if (!default_set(nfields == 26   ? XC_SET_26
                     : nfields == 27 ? XC_SET_27
                     : nfields == 30 ? XC_SET_30
                     : nfields == 9  ? XC_SET_PROTO
                                     : XC_SET_NONE,
                     c))
        return 0;
    if (c->set == XC_SET_PROTO && st->family == XC_FAM_SEND)
        c->family = XC_FAM_SEND;
    return 1;
}

int ml_xc_set_columns(const xc_state *st, int32_t set, uint32_t gen, xc_cols *c)
{
    if (set != XC_SET_HEADER)
        return default_set(set, c);
    if (!st || st->gen != gen || !st->ndecl)
        return 0; /* the stream has read other columns since */
    c->col = st->col;
    c->n = st->ncol;
    c->set = set;
    c->family = st->family;
    return 1;
}

/* ---------------------------------------------------------- attributes */
/* The cursor: the next column (7 bits) and where its value starts (25
 * bits); a row longer than that has no attributes. */
#define CUR_COL_SHIFT 25
#define CUR_OFF_MASK  ((1u << CUR_COL_SHIFT) - 1)
#define CUR_END       0xFFFFFFFFu

int ml_xc_attr_next(const maillog_record *r, uint32_t *cursor, const char **key,
                    size_t *key_len, const char **val, size_t *val_len)
{
    const xc_state *st = (const xc_state *)r->dstate;
    const char *s = r->line;
    uint64_t used = r->note[0] | (uint64_t)r->note[1] << 32;
    uint32_t i, p, end = r->len;
    xc_cols c;
    if (*cursor == CUR_END || end > CUR_OFF_MASK || !ml_has(r, MAILLOG_F_BODY) ||
        !ml_xc_set_columns(st, (int32_t)r->note[2], r->note[3], &c)) {
        *cursor = CUR_END;
        return 0;
    }
    if (*cursor == 0) {
        i = 0;
        p = r->f[MAILLOG_F_BODY].off;
    } else {
        i = *cursor >> CUR_COL_SHIFT;
        p = *cursor & CUR_OFF_MASK;
    }
    for (; i < c.n && p <= end; i++) {
        ml_span v;
        uint32_t e = ml_xc_csv_field(s, p, end, &v), a = v.off, b = v.off + v.len, kn;
        const char *k;
        if (e == XC_CSV_BAD)
            break;
        if (c.col[i] != XC_C_OTHER) {
            k = names[c.col[i]].s;
            kn = names[c.col[i]].n;
        } else {
            k = st->names + st->name_off[i]; /* only a header names unknown columns */
            kn = st->name_len[i];
        }
        if (v.len && kn && !((used >> i) & 1u)) {
            if (b - a >= 2 && s[a] == '<' && s[b - 1] == '>')
                a++, b--;
            *cursor = (i + 1) << CUR_COL_SHIFT | (e < end ? e + 1 : end);
            return ml_attr_put(key, key_len, val, val_len, k, kn, s + a, b - a);
        }
        if (e >= end)
            break;
        p = e + 1;
    }
    *cursor = CUR_END;
    return 0;
}
