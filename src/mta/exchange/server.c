/* server.c -- which Exchange server wrote a row, so that a message's key is
 * (server, internal-message-id).  An internal id is a counter of the
 * server that assigned it (MSDOC message-tracking.md: "different on every
 * server"): two servers' logs read together reuse the same numbers for
 * unrelated messages, so the server must be part of the key, as the
 * syslog host is for Postfix.
 *
 * No column says "this server".  Each event names it in a column of its
 * own: the server-hostname of a RECEIVE over SMTP, a HAREDIRECT or a
 * DELIVER; the client-hostname of a SEND (the other party is the next
 * hop) and of an AGENTINFO (which leaves server-hostname empty).  Only the
 * rows of a server's own transport say it for sure (RECEIVE over SMTP,
 * SEND, HAREDIRECT, AGENTINFO): a DELIVER of Exchange 2010 names the
 * mailbox server it delivered to, not the hub that wrote it.  A row names
 * its server by its event's column, so that the rows of several servers
 * merged into one file (sorted by time, as log shippers do) each keep
 * their own, and a row's host does not depend on the rows read before it
 * (maillog-index reads a file on from a checkpoint, and replays a
 * message's lines alone).  A row whose column is empty has no host.  The
 * one exception is that hub's DELIVER, in a file whose #Version says 2007
 * or 2010: it takes the server the file's sure rows named (forgotten at
 * the next header block).  Protocol logs name the server in a receive
 * connector, "EX01\Default Frontend EX01"; a send log names none.
 *
 * Columns spell one server several ways: "EX01" in server-hostname,
 * "EX01.contoso.com" or "ex01.contoso.com" in a reply's Hostname=.  The
 * host is the first label in upper case (NetBIOS names are unique in an
 * organisation), so that every spelling keys alike; it is text the line
 * does not hold as written (ml_set_text). */
#include "mta/exchange/exchange.h"

/* The server name in [a,b) as the host: its first label, upper case, into
 * out (XC_HOST_MAX bytes); 0 for an empty name, an address or a name too
 * long to be a server's. */
static uint32_t short_name(const char *s, uint32_t a, uint32_t b, char *out)
{
    uint32_t n = 0, digits = 1, i;
    for (i = a; i < b && s[i] != '.'; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ':' || ch == ' ' || ch == '[' || ch == '\\' || n == XC_HOST_MAX)
            return 0; /* an IPv6 address, a sentence: not a server name */
        if (!ml_is(ch, ML_C_DIGIT))
            digits = 0;
        out[n++] = (char)(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
    }
    return digits ? 0 : n; /* "10" of 10.0.0.5 is an address */
}

static void set_host(maillog_record *r, const char *name, uint32_t n)
{
    if (n)
        ml_set_text(r, MAILLOG_F_HOST, name, n);
}

/* Column c of the row as the host: learned by the stream when sure. */
static void from_column(xc_state *st, maillog_record *r, const xc_row *row, int32_t c, int sure)
{
    char name[XC_HOST_MAX];
    uint32_t n = c >= 0 ? short_name(r->line, row->v[c].off, row->v[c].off + row->v[c].len, name)
                        : 0; /* -1: an empty column; XC_HUB_ROW: the stream's server */
    if (n && sure) {
        memcpy(st->server, name, n);
        st->server_n = n;
    }
    if (n)
        set_host(r, name, n);
    else if (c == XC_HUB_ROW)
        set_host(r, st->server, st->server_n);
}

void ml_xc_server_tracking(xc_state *st, maillog_record *r, const xc_row *row, int32_t col,
                           int sure)
{
    int32_t c = col < XC_C_COUNT ? row->idx[col] : XC_HUB_ROW;
    from_column(st, r, row, c == XC_HUB_ROW || (c >= 0 && row->v[c].len) ? c : -1, sure);
}

void ml_xc_server_protocol(maillog_record *r, const xc_row *row)
{
    const char *s = r->line;
    int32_t c = row->idx[XC_C_CONNECTOR_ID];
    uint32_t a, b;
    if (c >= 0 && row->v[c].len) {
        a = row->v[c].off;
        b = ml_find(s, a, a + row->v[c].len, '\\');
        if (b < a + row->v[c].len) { /* SERVER\Connector: a receive connector's */
            char name[XC_HOST_MAX];
            set_host(r, name, short_name(s, a, b, name));
        }
    }
}

/* "Hostname=H" after a reply's "[InternalId=N, ": the server that holds N. */
void ml_xc_hop_host(maillog_record *r, uint32_t a, uint32_t b)
{
    char name[XC_HOST_MAX];
    const char *s = r->line;
    uint32_t q = ML_FIND(s, a, b, "Hostname="), e, n;
    if (q >= b)
        return;
    q += 9;
    e = q;
    while (e < b && s[e] != ']' && s[e] != ',')
        e++;
    if (e < b && (n = short_name(s, q, e, name)) != 0)
        ml_set_text(r, ML_F_HOP_HOST, name, n);
}
