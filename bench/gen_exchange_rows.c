/* gen_exchange_rows.c -- one function per row of a message tracking log
 * that gen-exchange writes (see gen_exchange.h): the columns each event
 * fills, with the shapes of docs formats-windows.md 1.5 and 1.6
 * (source-context, message-info, custom-data, recipient-status). */
#include "gen_exchange.h"

#include <stdio.h>
#include <string.h>

#define SHADOW "EX02." DOMAIN
#define SYSTEM "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@" DOMAIN

/* s = item once per recipient, ';'-separated (a status column). */
static void per_rcpt(char *s, size_t n, const char *item, unsigned nr)
{
    size_t k = 0;
    unsigned i;
    for (i = 0; i < nr && k < n; i++)
        k += (size_t)snprintf(s + k, n - k, "%s%s", i ? ";" : "", item);
}

/* The columns every row of a message has; the event's own come after. */
static void base(const char *v[NCOL], const gx_msg *m, char *t, char *iid, char *logid,
                 const char *source, const char *event)
{
    memset(v, 0, sizeof(char *) * NCOL);
    gx_now += 5 + gx_rnd(400);
    gx_stamp(t, TS, gx_now);
    snprintf(iid, 24, "%llu", m->iid);
    gx_guid(logid, 40);
    v[C_TIME] = t;
    v[C_SOURCE] = source;
    v[C_EVENT] = event;
    v[C_IID] = iid;
    v[C_MSGID] = m->msgid;
    v[C_NETID] = m->netid;
    v[C_RCPT] = m->rcpt;
    v[C_BYTES] = m->size;
    v[C_NRCPT] = m->nrcpt;
    v[C_SUBJECT] = m->subject;
    v[C_SENDER] = m->sender;
    v[C_RETPATH] = m->sender;
    v[C_DIR] = m->kind == GX_INBOUND ? "Incoming" : "Originating";
    v[C_TRAFFIC] = "Email";
    v[C_LOGID] = logid;
    v[C_SCHEMA] = SCHEMA;
}

#define ROW_VARS                                                                                \
    const char *v[NCOL];                                                                        \
    char t[TS], iid[24], logid[40]

/* What the agents did: the spam filter's verdict on a message that came
 * in, a transport rule's on one that goes out. */
void gx_agentinfo(const gx_msg *m)
{
    ROW_VARS;
    char custom[512], rule[40];
    const char *dom = strchr(m->sender, '@') + 1;
    base(v, m, t, iid, logid, "AGENT", "AGENTINFO");
    v[C_CHOST] = HOST;
    if (m->kind == GX_INBOUND) {
        snprintf(custom, sizeof custom,
                 "S:SFA=SUM|SFV=%s|SCL=%u|SCORE=%d|LIST=0|DI=|RD=mail.%s|H=mail.%s|"
                 "CIP=198.51.100.%u|SFP=1501|ASF=0|CTRY=|CLTCTRY=|LANG=en|LAT=%u|LAT=%u|FROM=%s;"
                 "S:AMA=SUM|v=1|action=|error=|atch=%u;S:DeliveryPriority=Normal;"
                 "S:AccountForest=" DOMAIN,
                 gx_rnd(20) ? "NSPM" : "SKN", gx_rnd(6), (int)gx_rnd(9) - 5, dom, dom,
                 gx_rnd(250), gx_rnd(400), gx_rnd(50), m->sender, gx_rnd(3));
    } else {
        gx_guid(rule, sizeof rule);
        snprintf(custom, sizeof custom,
                 "S:TRA=ETR|ruleId=%s|st=%s|action=SetHeader|sev=1|mode=Enforce;"
                 "S:DeliveryPriority=Normal;S:AccountForest=" DOMAIN, rule, t);
    }
    v[C_CUSTOM] = custom;
    gx_row(v);
}

/* A copy kept on the shadow server (high availability). */
void gx_haredirect(const gx_msg *m)
{
    ROW_VARS;
    char ctx[256];
    base(v, m, t, iid, logid, "SMTP", "HAREDIRECT");
    v[C_SHOST] = HOST;
    snprintf(ctx, sizeof ctx,
             SHADOW " = 250 2.6.0 %s [InternalId=%llu, Hostname=" SHADOW "] Queued mail for redundancy",
             m->msgid, 5000000000000ull + m->iid % 1000000000ull);
    v[C_CONTEXT] = ctx;
    v[C_CUSTOM] = "S:DeliveryPriority=Normal;S:AccountForest=" DOMAIN;
    gx_row(v);
}

/* A distribution group among the recipients: its members. */
void gx_expand(gx_msg *m)
{
    ROW_VARS;
    char group[80];
    unsigned i, k = 3 + gx_rnd(6);
    size_t n = strlen(m->rcpt);
    snprintf(group, sizeof group, "team-%u@" DOMAIN, gx_rnd(200));
    for (i = 0; i < k && n < sizeof m->rcpt - 80; i++) {
        char a[80];
        gx_user(a, sizeof a, 1);
        n += (size_t)snprintf(m->rcpt + n, sizeof m->rcpt - n, ";%s", a);
        m->nr++;
    }
    snprintf(m->nrcpt, sizeof m->nrcpt, "%u", m->nr);
    base(v, m, t, iid, logid, "ROUTING", "EXPAND");
    v[C_SHOST] = HOST;
    v[C_RELATED] = group;
    v[C_CUSTOM] = "S:DeliveryPriority=Normal;S:AccountForest=" DOMAIN;
    gx_row(v);
}

/* Received over SMTP: from the Internet through the front end, or from
 * this server's own mailbox submission through the client proxy. */
void gx_receive_smtp(const gx_msg *m)
{
    ROW_VARS;
    char ip[20], host[64], ctx[80], ts[TS];
    unsigned a = gx_rnd(250);
    int own = m->kind != GX_INBOUND;
    base(v, m, t, iid, logid, "SMTP", "RECEIVE");
    snprintf(ip, sizeof ip, "198.51.100.%u", a);
    snprintf(host, sizeof host, "mail%u.%s", a, strchr(m->sender, '@') + 1);
    if (own) {
        strcpy(ip, HOST_IP);
        strcpy(host, HOST "." DOMAIN);
    }
    gx_stamp(ts, sizeof ts, gx_now - 90);
    snprintf(ctx, sizeof ctx, "08DE%08X%04X;%s;0", gx_rnd(0x7FFFFFFF), gx_rnd(65536), ts);
    v[C_CIP] = ip;
    v[C_CHOST] = host;
    v[C_SIP] = HOST_IP;
    v[C_SHOST] = HOST;
    v[C_CONTEXT] = ctx;
    v[C_CONNECTOR] = own ? HOST "\\Client Proxy " HOST : HOST "\\Default Frontend " HOST;
    v[C_INFO] = own ? "0cI: " : "04I: ";
    v[C_OCIP] = ip;
    v[C_OSIP] = HOST_IP;
    v[C_CUSTOM] = "S:ProxyHop1=" HOST "." DOMAIN "(" HOST_IP ");S:DeliveryPriority=Normal;"
                  "S:AccountForest=" DOMAIN;
    gx_row(v);
}

/* The store driver's context: "MDB:<guid>, Mailbox:<guid>, ..." (quoted). */
static void store_context(char *s, size_t n, const char *cls)
{
    char mdb[40], mbx[40], ts[TS];
    static const char *const client[] = {"OWA", "MOMT", "AirSync", "Transport"};
    gx_guid(mdb, sizeof mdb);
    gx_guid(mbx, sizeof mbx);
    gx_stamp(ts, sizeof ts, gx_now - 40);
    snprintf(s, n, "MDB:%s, Mailbox:%s, Event:%u, MessageClass:%s, CreationTime:%s, ClientType:%s",
             mdb, mbx, 100000 + gx_rnd(90000000), cls, ts, client[gx_rnd(4)]);
}

void gx_notifymapi(const gx_msg *m)
{
    ROW_VARS;
    char ctx[256], info[160];
    base(v, m, t, iid, logid, "STOREDRIVER", "NOTIFYMAPI");
    store_context(ctx, sizeof ctx, "IPM.Note");
    snprintf(info, sizeof info, "%s;LSRV=" HOST "." DOMAIN ":TOTAL-SUB=0.%03u|SA=0.%03u|MTSS-PEN=0.000",
             t, gx_rnd(1000), gx_rnd(1000));
    v[C_IID] = v[C_RCPT] = v[C_BYTES] = v[C_NRCPT] = v[C_MSGID] = NULL;
    v[C_CONTEXT] = ctx;
    v[C_INFO] = info;
    gx_row(v);
}

/* Mailbox transport submission hands the message to transport. */
void gx_submit(const gx_msg *m)
{
    ROW_VARS;
    char ctx[288];
    base(v, m, t, iid, logid, "STOREDRIVER", "SUBMIT");
    store_context(ctx, sizeof ctx, "IPM.Note");
    strcat(ctx, ", SubmissionAssistant:ThrottlingTime=0");
    v[C_CIP] = HOST_IP;
    v[C_CHOST] = HOST;
    v[C_SHOST] = HOST "." DOMAIN;
    v[C_CONTEXT] = ctx;
    v[C_CUSTOM] = "S:DeliveryPriority=Normal;S:AccountForest=" DOMAIN;
    gx_row(v);
}

/* A mailbox user's message, picked up from the store: the roles as
 * statuses. */
void gx_receive_store(const gx_msg *m)
{
    ROW_VARS;
    char roles[256], custom[160], ctx[256];
    base(v, m, t, iid, logid, "STOREDRIVER", "RECEIVE");
    store_context(ctx, sizeof ctx, "IPM.Note");
    v[C_CONTEXT] = ctx;
    per_rcpt(roles, sizeof roles, m->nr > 2 && gx_rnd(2) ? "Cc" : "To", m->nr);
    memcpy(roles, "To", 2); /* the first is always a To */
    snprintf(custom, sizeof custom, "S:DeliveryPriority=Normal;S:OriginalFromAddress=%s;"
             "S:AccountForest=" DOMAIN, m->sender);
    v[C_CIP] = HOST_IP;
    v[C_CHOST] = v[C_SHOST] = HOST "." DOMAIN;
    v[C_RSTATUS] = roles;
    v[C_INFO] = "04I: ";
    v[C_CUSTOM] = custom;
    gx_row(v);
}

/* Handed to the next hop: an Internet MX, or the other server. */
void gx_send(const gx_msg *m, int internal)
{
    ROW_VARS;
    char ctx[384], ok[1024], info[256], ip[20], host[80], ts[TS];
    unsigned a = gx_rnd(250);
    base(v, m, t, iid, logid, "SMTP", "SEND");
    gx_stamp(ts, sizeof ts, m->t0);
    if (internal) {
        snprintf(ip, sizeof ip, "10.0.0.6");
        snprintf(host, sizeof host, "EX02." DOMAIN);
        snprintf(ctx, sizeof ctx,
                 ";250 2.6.0 %s [InternalId=%llu, Hostname=EX02." DOMAIN "] %s bytes in 0.%03u, "
                 "%u.%03u KB/sec Queued mail for delivery;ClientSubmitTime:%s",
                 m->msgid, 6000000000000ull + m->iid % 1000000000ull, m->size, gx_rnd(1000),
                 100 + gx_rnd(9000), gx_rnd(1000), ts);
    } else {
        snprintf(ip, sizeof ip, "203.0.113.%u", a);
        snprintf(host, sizeof host, "mx%u.%s", a % 4, strchr(m->rcpt, '@') + 1);
        snprintf(ctx, sizeof ctx, ";250 2.0.0 OK  %u %08x.%u - gsmtp;ClientSubmitTime:%s",
                 1795996800 + gx_rnd(1000000), gx_rnd(0x7FFFFFFF), gx_rnd(1000), ts);
    }
    per_rcpt(ok, sizeof ok, "250 2.1.5 Recipient OK", m->nr);
    snprintf(info, sizeof info, "%s;LSRV=" HOST "." DOMAIN ":TOTAL-HUB=%u.%03u|SMR=0.%03u(SMRDE=0.%03u|"
             "SMRC=0.%03u)|CAT=0.%03u(CATRS=0.%03u)|QDE=0.%03u|SMSC=0.%03u",
             ts, gx_rnd(3), gx_rnd(1000), gx_rnd(1000), gx_rnd(1000), gx_rnd(1000), gx_rnd(1000), gx_rnd(1000),
             gx_rnd(1000), gx_rnd(1000));
    v[C_CIP] = HOST_IP;
    v[C_CHOST] = HOST;
    v[C_SIP] = ip;
    v[C_SHOST] = host;
    v[C_CONTEXT] = ctx;
    v[C_CONNECTOR] = internal ? "Intra-Organization SMTP Send Connector" : "Outbound to Internet";
    v[C_RSTATUS] = ok;
    v[C_INFO] = info;
    v[C_CUSTOM] = "S:DeliveryPriority=Normal;S:AccountForest=" DOMAIN;
    gx_row(v);
}

/* Into the mailboxes: one row for the recipients of one database. */
void gx_deliver(const gx_msg *m)
{
    ROW_VARS;
    char info[256], custom[320], db[40], mb[40], ts[TS];
    base(v, m, t, iid, logid, "STOREDRIVER", "DELIVER");
    gx_stamp(ts, sizeof ts, m->t0);
    gx_guid(db, sizeof db);
    gx_guid(mb, sizeof mb);
    snprintf(info, sizeof info, "%s;SRV=" HOST "." DOMAIN ":TOTAL-DEL=0.%03u|SDD=0.%03u|SDSS=0.%03u"
             "(SDSSO=0.%03u)", ts, gx_rnd(1000), gx_rnd(1000), gx_rnd(1000), gx_rnd(1000));
    snprintf(custom, sizeof custom, "S:MailboxDatabaseGuid=%s;S:Mailboxes=%s;S:StoreObjectIds=%08X;"
             "S:FromEntryId=%u;S:DeliveryLatency=0.%03u;S:AccountForest=" DOMAIN, db, mb,
             gx_rnd(0x7FFFFFFF), gx_rnd(100000), gx_rnd(1000));
    v[C_CIP] = HOST_IP;
    v[C_CHOST] = v[C_SHOST] = HOST "." DOMAIN;
    v[C_CONNECTOR] = NULL;
    v[C_INFO] = info;
    v[C_CUSTOM] = custom;
    gx_row(v);
}

/* A temporary failure of every recipient: the next hop's own reply,
 * quoted inside ours (its '"' doubled in the file). */
void gx_defer(const gx_msg *m)
{
    ROW_VARS;
    char one[320], st[2048];
    base(v, m, t, iid, logid, "SMTP", "DEFER");
    snprintf(one, sizeof one, "451 4.4.0 Primary target IP address responded with: \"421 4.4.2 "
             "Connection dropped due to SocketError.\" Attempted failover to alternate host, but "
             "that did not succeed. Either there are no alternate hosts, or delivery failed to all "
             "alternate hosts. The last endpoint attempted was 203.0.113.%u:25", gx_rnd(250));
    per_rcpt(st, sizeof st, one, m->nr);
    v[C_SHOST] = HOST;
    v[C_CONNECTOR] = "Outbound to Internet";
    v[C_RSTATUS] = st;
    v[C_INFO] = t;
    gx_row(v);
}

/* A permanent failure of every recipient, and the non-delivery report it
 * makes, sent back to the sender. */
void gx_fail_dsn(const gx_msg *m, const char *status, const char *source)
{
    ROW_VARS;
    gx_msg ndr;
    char ref[96], st[1024];
    base(v, m, t, iid, logid, source, "FAIL");
    per_rcpt(st, sizeof st, status, m->nr);
    v[C_SHOST] = HOST;
    v[C_RSTATUS] = st;
    gx_row(v);
    gx_new_msg(&ndr, m->kind == GX_INBOUND ? GX_OUTBOUND : GX_INTERNAL);
    snprintf(ndr.msgid, sizeof ndr.msgid, "<%08X%04X@" HOST "." DOMAIN ">", gx_rnd(0x7FFFFFFF),
             gx_rnd(65536));
    snprintf(ndr.rcpt, sizeof ndr.rcpt, "%s", m->sender);
    snprintf(ndr.subject, sizeof ndr.subject, "Undeliverable: %.100s", m->subject);
    snprintf(ndr.sender, sizeof ndr.sender, "%s", SYSTEM);
    ndr.nr = 1;
    strcpy(ndr.nrcpt, "1");
    snprintf(ref, sizeof ref, "%s", m->msgid);
    base(v, &ndr, t, iid, logid, "DSN", "DSN");
    v[C_SHOST] = HOST;
    v[C_REF] = ref;
    v[C_RETPATH] = "<>";
    gx_row(v);
    if (ndr.kind == GX_INTERNAL)
        gx_deliver(&ndr); /* back to the sender's mailbox */
    else
        gx_send(&ndr, 0);
}

/* ------------------------------------------------------------ traffic */
