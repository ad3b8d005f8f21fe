/* gen_exchange.c -- a realistic synthetic Exchange message tracking log
 * (MSGTRK*.LOG as an Exchange 2016/2019 Mailbox server writes it: the 30
 * columns of docs formats-windows.md 1.5), for `make bench`.  It only
 * writes the log; bench.c --read times the library on it.
 *
 * What makes it look like a real file, and cost what a real one costs:
 * - a header block (#Software ... #Fields:, the first line after a UTF-8
 *   byte order mark) at the start, and again every 10 MB, as Exchange
 *   starts a new file at its default MaxFileSize;
 * - CRLF line ends; RFC 4180 quoting: a value with a ',' or a '"' (or
 *   a leading space) is quoted, an inner '"' doubled (subjects, reply
 *   texts, store-driver contexts, the next hop's reply);
 * - the events of each message in the order Exchange logs them: inbound
 *   RECEIVE (SMTP), AGENTINFO, HAREDIRECT, EXPAND of a group, DELIVER or
 *   FAIL + DSN; outbound NOTIFYMAPI, the mailbox server's RECEIVE
 *   (STOREDRIVER) and SUBMIT, then transport's own copy under a new id:
 *   RECEIVE (SMTP, client proxy), AGENTINFO, HAREDIRECT, SEND, or DEFER
 *   and a later retry (SEND, or FAIL after expiry + DSN) a few hundred
 *   messages further on; ';'-separated recipient lists with their
 *   statuses in the same order.
 *
 * Usage: gen-exchange [--lines N] [--write FILE]: at least N lines
 * (1000000 by default; the last message is finished), to FILE or to
 * standard output.  --runs N is accepted and ignored, so that `make
 * bench`'s BENCH_ARGS serve both programs.  The output depends on N only. */
#include "gen_exchange.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILE_SIZE 10000000ul /* a new header block every 10 MB */

static const char fields[] =
    "date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,"
    "source,event-id,internal-message-id,message-id,network-message-id,recipient-address,"
    "recipient-status,total-bytes,recipient-count,related-recipient-address,reference,"
    "message-subject,sender-address,return-path,message-info,directionality,tenant-id,"
    "original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,"
    "schema-version";

static FILE *out;
static unsigned long lines, bytes, file_start;
unsigned long long gx_now = 1796083200000ull; /* 2026-12-01T00:00:00Z */

static unsigned long long rng = 0x2545F4914F6CDD1DULL;
unsigned gx_rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static void emit(const char *s, size_t n)
{
    if (fwrite(s, 1, n, out) != n) {
        perror("gen-exchange");
        exit(1);
    }
    bytes += n;
}

/* yyyy-mm-ddThh:mm:ss.fffZ of ms since the epoch (days to civil date:
 * the proleptic Gregorian algorithm, for dates after 1970). */
void gx_stamp(char *s, size_t n, unsigned long long ms)
{
    unsigned long long sec = ms / 1000;
    long z = (long)(sec / 86400) + 719468, era = z / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    long y = (long)yoe + era * 400 + (m <= 2);
    snprintf(s, n, "%04ld-%02u-%02uT%02u:%02u:%02u.%03uZ", y, m, d, (unsigned)(sec / 3600 % 24),
             (unsigned)(sec / 60 % 60), (unsigned)(sec % 60), (unsigned)(ms % 1000));
}

void gx_guid(char *s, size_t n)
{
    snprintf(s, n, "%04x%04x-%04x-%04x-%04x-08de%04x%04x", gx_rnd(65536), gx_rnd(65536), gx_rnd(65536),
             0x4000 | gx_rnd(4096), 0x8000 | gx_rnd(16384), gx_rnd(65536), gx_rnd(65536));
}

/* A header block, as at the top of every file. */
static void header(void)
{
    char t[TS], line[1024];
    int n;
    gx_stamp(t, sizeof t, gx_now);
    n = snprintf(line, sizeof line,
                 "\xEF\xBB\xBF#Software: Microsoft Exchange Server\r\n#Version: " SCHEMA
                 "\r\n#Log-type: Message Tracking Log\r\n#Date: %s\r\n#Fields: %s\r\n",
                 t, fields);
    emit(line, (size_t)n);
    lines += 5;
    file_start = bytes;
}

/* One row: every value, quoted when RFC 4180 wants it; CRLF. */
void gx_row(const char *const v[NCOL])
{
    char line[8192];
    size_t n = 0;
    int i;
    if (bytes - file_start >= FILE_SIZE)
        header();
    for (i = 0; i < NCOL; i++) {
        const char *s = v[i] ? v[i] : "";
        if (i)
            line[n++] = ',';
        if (strpbrk(s, ",\"") || s[0] == ' ') {
            line[n++] = '"';
            for (; *s && n < sizeof line - 8; s++) {
                if (*s == '"')
                    line[n++] = '"';
                line[n++] = *s;
            }
            line[n++] = '"';
        } else {
            size_t k = strlen(s);
            if (k > sizeof line - 8 - n)
                k = sizeof line - 8 - n;
            memcpy(line + n, s, k);
            n += k;
        }
    }
    line[n++] = '\r';
    line[n++] = '\n';
    emit(line, n);
    lines++;
}

/* ------------------------------------------------------------ a message */
static unsigned long long next_iid = 4123456789000ull;
static const char *const first[] = {"alice", "bob", "carol", "dave", "erin", "frank", "grace",
                                    "heidi", "ivan", "judy", "mallory", "oscar", "peggy", "trent"};
static const char *const ext_domain[] = {"example.net", "fabrikam.com", "mail.example.org",
                                         "gmail.com", "outlook.com", "tailspintoys.com"};
static const char *const subjects[] = {
    "Invoice, due 12/15:",
    "Re: Q4 budget, draft",
    "Meeting \"Project Atlas\" moved to Thursday",
    "FW: Order shipped #",
    "Your weekly report",
    "Re: Re: \"urgent\", please read",
    "Team offsite: agenda, venue, travel",
    "Ticket updated [#",
    "Lunch?",
    "R\xC3\xA9sum\xC3\xA9 \xE2\x80\x93 candidate",
    "Password expires in days:",
    " Quarterly results; \"final\" numbers"};

void gx_user(char *s, size_t n, int internal)
{
    unsigned u = gx_rnd(4000);
    if (internal)
        snprintf(s, n, "%s.%s%u@" DOMAIN, first[u % 14], first[(u / 14) % 14], u);
    else
        snprintf(s, n, "%s%u@%s", first[u % 14], u % 977, ext_domain[u % 6]);
}

unsigned long long gx_next_iid(void)
{
    return next_iid++;
}

/* A new message of the kind: its ids, sender, subject, size and 1 to 13
 * recipients (most have one). */
void gx_new_msg(gx_msg *m, int kind)
{
    unsigned i, nr;
    size_t n = 0;
    char a[80];
    m->iid = gx_next_iid();
    m->t0 = gx_now;
    m->kind = kind;
    gx_guid(m->netid, sizeof m->netid);
    gx_user(m->sender, sizeof m->sender, kind != GX_INBOUND);
    if (kind != GX_INBOUND)
        snprintf(m->msgid, sizeof m->msgid, "<AM0PR01MB%04u%08X%04X@AM0PR01MB%04u.eurprd01.prod.%s>",
                 gx_rnd(10000), gx_rnd(0x7FFFFFFF), gx_rnd(65536), gx_rnd(10000), DOMAIN);
    else
        snprintf(m->msgid, sizeof m->msgid, "<%08X.%u.%llu@%s>", gx_rnd(0x7FFFFFFF),
                 gx_rnd(100000), gx_now, ext_domain[gx_rnd(6)]);
    snprintf(m->subject, sizeof m->subject, "%s %u", subjects[gx_rnd(12)], 100 + gx_rnd(9000));
    snprintf(m->size, sizeof m->size, "%u",
             2000 + gx_rnd(40000) + (gx_rnd(10) ? 0 : gx_rnd(4000000)));
    nr = gx_rnd(10) < 7 ? 1 : 2 + gx_rnd(gx_rnd(8) ? 3 : 12);
    for (i = 0; i < nr && n < sizeof m->rcpt - 80; i++) {
        gx_user(a, sizeof a, kind != GX_OUTBOUND);
        n += (size_t)snprintf(m->rcpt + n, sizeof m->rcpt - n, "%s%s", i ? ";" : "", a);
    }
    m->nr = i;
    snprintf(m->nrcpt, sizeof m->nrcpt, "%u", m->nr);
}

/* ------------------------------------------------------------ traffic */
#define PENDING 64
static gx_msg pending[PENDING]; /* deferred messages, retried later */
static unsigned npending;

/* The first recipient of m is unknown here: it fails (and the sender
 * gets a report); the others are delivered. */
static void unknown_first(const gx_msg *m)
{
    gx_msg bad = *m, rest = *m;
    char *semi = strchr(bad.rcpt, ';');
    bad.nr = 1;
    strcpy(bad.nrcpt, "1");
    if (semi)
        *semi = 0;
    gx_fail_dsn(&bad, "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", "ROUTING");
    if (!semi)
        return;
    memmove(rest.rcpt, rest.rcpt + (semi + 1 - bad.rcpt), strlen(semi + 1) + 1);
    rest.nr--;
    snprintf(rest.nrcpt, sizeof rest.nrcpt, "%u", rest.nr);
    gx_deliver(&rest);
}

/* From the Internet to mailboxes here (or on the other server). */
static void inbound(void)
{
    gx_msg m;
    gx_new_msg(&m, GX_INBOUND);
    gx_receive_smtp(&m);
    gx_agentinfo(&m);
    if (gx_rnd(3) == 0)
        gx_haredirect(&m);
    if (gx_rnd(20) == 0)
        gx_expand(&m);
    if (gx_rnd(30) == 0)
        unknown_first(&m); else if (gx_rnd(10) == 0)
        gx_send(&m, 1); /* the mailbox is on the other server */
    else
        gx_deliver(&m);
}

/* From a mailbox here: to the Internet, or (one in five) to another
 * mailbox here; one in sixteen sent to the Internet is deferred first. */
static void outbound(void)
{
    gx_msg m;
    gx_new_msg(&m, gx_rnd(5) == 0 ? GX_INTERNAL : GX_OUTBOUND);
    if (gx_rnd(3) == 0)
        gx_notifymapi(&m);
    gx_receive_store(&m); /* the mailbox server's copy (an MSGTRKMS file) */
    gx_submit(&m);
    m.iid = gx_next_iid(); /* transport's copy has an id of its own */
    gx_receive_smtp(&m);
    if (gx_rnd(2) == 0)
        gx_agentinfo(&m);
    if (gx_rnd(4) == 0)
        gx_haredirect(&m);
    if (m.kind == GX_INTERNAL) {
        gx_deliver(&m);
    } else if (gx_rnd(16) == 0 && npending < PENDING) {
        gx_defer(&m);
        pending[npending++] = m;
    } else {
        gx_send(&m, 0);
    }
}

/* The oldest deferred message's retry: mostly sent, some expire. */
static void retry(void)
{
    gx_msg m = pending[0];
    memmove(pending, pending + 1, --npending * sizeof pending[0]);
    if (gx_rnd(4) == 0)
        gx_fail_dsn(&m, "550 4.4.7 QUEUE.Expired;message expired", "QUEUE");
    else
        gx_send(&m, 0);
}

int main(int argc, char **argv)
{
    unsigned long want = 1000000;
    const char *path = NULL;
    static char obuf[1 << 20];
    int k;
    for (k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--lines") == 0 && k + 1 < argc)
            want = strtoul(argv[++k], NULL, 10);
        else if (strcmp(argv[k], "--write") == 0 && k + 1 < argc)
            path = argv[++k];
        else if (strcmp(argv[k], "--runs") == 0 && k + 1 < argc)
            k++;
        else {
            fprintf(stderr, "usage: gen-exchange [--lines N] [--write FILE]\n");
            return 2;
        }
    }
    out = path ? fopen(path, "wb") : stdout;
    if (!out) {
        perror(path);
        return 1;
    }
    setvbuf(out, obuf, _IOFBF, sizeof obuf);
    if (want)
        header();
    while (lines < want) {
        gx_now += gx_rnd(1200); /* about one message a second */
        if (npending && (npending == PENDING || gx_rnd(40) == 0))
            retry();
        else if (gx_rnd(100) < 55) /* a little over half of the traffic comes in */
            inbound();
        else
            outbound();
    }
    if (fflush(out) != 0 || (path && fclose(out) != 0)) {
        perror(path ? path : "stdout");
        return 1;
    }
    return 0;
}

