/* test_exchange.c -- Exchange's own logs: every message tracking event id
 * in a row without its header (the default columns of 26, 27 and 30
 * fields), CSV quoting (commas, doubled quotes, a leading space), several
 * recipients and their statuses, IPv6, the null sender, empty fields and
 * a trailing comma; then streams with their headers (a byte order mark,
 * CRLF, a second #Fields mid-stream, the other Exchange logs, the SMTP
 * protocol logs), the attributes named by the columns, the subject
 * option, and the correlation of a message.  The rows are built from
 * Microsoft's documentation of the formats, with our own names (example.com,
 * 192.0.2.x). */
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ML_NO_CORRELATE
#include <maillog_correlate.h>
#endif

typedef struct xcase {
    const char *line, *expect;
} xcase;

static const xcase cases[] = {
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,"
     "08DC39E1A2B3C4D5;2026-12-04T10:00:00.050Z;0,EX01\\Default Frontend EX01,SMTP,RECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=client|event_raw=RECEIVE|client_ip=192.0.2.10|client_host=mx.example.org|"
     "!relay_host|!reply|mta=exchange|queue_id=4101|message_id=m1@example.org|"
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.20,EX01.example.com,192.0.2.20,EX01,"
     "\"MDB:0b4a0c33-58f5-4a3b-9f44-2b2e3f1f0a11,"
     " Mailbox:5c3f5f0e-1d9e-4d7b-8f4e-1c1f6a6b7e22, Event:1201, MessageClass:IPM.Note,"
     " CreationTime:2026-12-04T10:00:00.050Z, ClientType:OWA\",,STOREDRIVER,RECEIVE,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,To,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=pickup|event_raw=RECEIVE|!reply|client_host=EX01.example.com|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "CLIENTSUBMISSION,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=client|event_raw=CLIENTSUBMISSION|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,HARECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=client|event_raw=HARECEIVE|mta=exchange|queue_id=4101|message_id=m1@example.org|"
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,STOREDRIVER,"
     "SUBMIT,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,"
     "5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=sent|event_raw=SUBMIT|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.20,EX01,192.0.2.21,EX02.example.com,"
     "\";250 2.6.0 <m1@example.org> [InternalId=4102,"
     " Hostname=EX02.example.com] Queued mail for delivery;ClientSubmitTime:\","
     "Intra-Organization SMTP Send Connector,SMTP,SEND,4101,<m1@example.org>,"
     "6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,250 2.1.5 Recipient OK,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,"
     "2026-12-04T10:00:00.050Z;LSRV=EX01.example.com:TOTAL-HUB=0.3|SMR=0.1,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=sent|event_raw=SEND|relay_host=EX02.example.com|"
     "relay_ip=192.0.2.21|!client_ip|!client_host|reply=250 2.1.5 Recipient OK|"
     "reply_code=250|dsn=2.1.5|mta=exchange|queue_id=4101|message_id=m1@example.org|"
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,203.0.113.5,"
     "mail.protection.example.net,,Outbound to Office 365 - 0a1b2c3d-0000-1111-2222-33334444"
     "5555,SMTP,SENDEXTERNAL,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,250 2.1.5 Recipient OK,5120,1,,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=sent|event_raw=SENDEXTERNAL|"
     "relay_host=mail.protection.example.net|relay_ip=203.0.113.5|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,STOREDRIVER,"
     "DELIVER,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,"
     "5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=sent|event_raw=DELIVER|!reply|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,STOREDRIVER,"
     "DUPLICATEDELIVER,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=delivery|status=sent|event_raw=DUPLICATEDELIVER|!reply|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,Internet Send,"
     "QUEUE,DEFER,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,\"451 4.4.0 Primary target IP address responded with: \"\"421 4.4.2 Co"
     "nnection dropped.\"\" Attempted failover to alternate host,"
     " but that did not succeed.\",5120,1,,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=deferred|event_raw=DEFER|reply_code=451|dsn=4.4.0|"
     "reply=451 4.4.0 Primary target IP address responded with: \"\"421 4.4.2 Connection dro"
     "pped.\"\" Attempted failover to alternate host, but that did not succeed.|"
     "mta=exchange|queue_id=4101|message_id=m1@example.org|from=alice@example.org|"
     "to=bob@example.com|size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,SUBMITDEFER,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=deferred|event_raw=SUBMITDEFER|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "RESUBMITDEFER,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=delivery|status=deferred|event_raw=RESUBMITDEFER|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,THROTTLE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=deferred|event_raw=THROTTLE|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,FAIL,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,"
     "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found,5120,1,,,Quarterly numbers,"
     "alice@example.org,alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=bounced|event_raw=FAIL|"
     "reply=550 5.1.1 RESOLVER.ADR.RecipNotFound; not found|reply_code=550|dsn=5.1.1|"
     "mta=exchange|queue_id=4101|message_id=m1@example.org|from=alice@example.org|"
     "to=bob@example.com|size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,QUEUE,FAIL,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,"
     "550 4.4.7 QUEUE.Expired;message expired,5120,1,,<NDR-1@example.com>,Quarterly numbers,"
     "alice@example.org,alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=expired|event_raw=FAIL|"
     "reply=550 4.4.7 QUEUE.Expired;message expired|dsn=4.4.7|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,DELIVERFAIL,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=bounced|event_raw=DELIVERFAIL|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,SUBMITFAIL,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=bounced|event_raw=SUBMITFAIL|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "RESUBMITFAIL,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=delivery|status=bounced|event_raw=RESUBMITFAIL|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "MODERATORREJECT,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=delivery|status=bounced|event_raw=MODERATORREJECT|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "MODERATORSALLNDR,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=delivery|status=bounced|event_raw=MODERATORSALLNDR|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "MODERATIONEXPIRE,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=delivery|status=expired|event_raw=MODERATIONEXPIRE|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,DROP,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=discarded|event_raw=DROP|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,SUPPRESSED,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=discarded|event_raw=SUPPRESSED|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,BADMAIL,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=discarded|event_raw=BADMAIL|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,DSN,DSN,4102,"
     "<NDR-1@example.com>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,alice@example.org,,5120,1,,"
     "<m1@example.org>,Undeliverable: Quarterly numbers,"
     "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.com,<>,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=notification|event_raw=DSN|queue_id=4102|message_id=NDR-1@example.com|"
     "to=alice@example.org|!new_queue_id|from=MicrosoftExchange329e71ec88ae4615bbc36ab6ce411"
     "09e@example.com"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,EXPAND,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,"
     "sales@example.com,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=EXPAND|severity=info|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,RESOLVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,"
     "sales@example.com,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=RESOLVE|severity=info|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,REDIRECT,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,"
     "sales@example.com,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=REDIRECT|severity=info|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,TRANSFER,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,"
     "sales@example.com,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=TRANSFER|severity=info|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,"
     "DUPLICATEEXPAND,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,sales@example.com,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=DUPLICATEEXPAND|severity=info|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,"
     "DUPLICATEREDIRECT,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,sales@example.com,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=DUPLICATEREDIRECT|severity=info|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,"
     "MODERATORAPPROVE,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,sales@example.com,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=MODERATORAPPROVE|severity=info|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,PROCESS,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,"
     "sales@example.com,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=PROCESS|severity=info|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,"
     "PROCESSMEETINGMESSAGE,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,sales@example.com,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=PROCESSMEETINGMESSAGE|severity=info|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,POISONMESSAGE,"
     "POISONMESSAGE,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=queue_admin|status=held|severity=warning|event_raw=POISONMESSAGE|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SAFETYNET,"
     "RESUBMIT,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,"
     "5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=queue_admin|!status|event_raw=RESUBMIT|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SAFETYNET,LOAD,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=queue_admin|!status|event_raw=LOAD|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,REDUNDANCY,"
     "HADISCARD,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,"
     "5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=removed|event_raw=HADISCARD|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,"
     "No suitable shadow servers,,SMTP,HAREDIRECTFAIL,4101,<m1@example.org>,"
     "6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,Quarterly numbers,"
     "alice@example.org,alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=notice|severity=warning|event_raw=HAREDIRECTFAIL|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,AGENTINFO,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=notice|severity=info|event_raw=AGENTINFO|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,NOTIFYMAPI,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=notice|severity=info|event_raw=NOTIFYMAPI|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "NOTIFYSHADOW,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=notice|severity=info|event_raw=NOTIFYSHADOW|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,HAREDIRECT,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=notice|severity=info|event_raw=HAREDIRECT|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "INITMESSAGECREATED,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=notice|severity=info|event_raw=INITMESSAGECREATED|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,FROBNICATE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=notice|event_raw=FROBNICATE|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=notice|!event_raw|mta=exchange|queue_id=4101|message_id=m1@example.org|"
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,SEND,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com;carol@example.com,250 2.1.5 Recipient OK;250 2.1.5 Recipient OK,5120,"
     "2,,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=sent|to=bob@example.com|nrcpt=2|reply=250 2.1.5 Recipient OK|"
     "reply_code=250"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,SEND,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com;carol@example.com,250 2.1.5 Recipient OK;550 5.1.1 User unknown,5120,"
     "2,,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=sent|to=bob@example.com|!reply|!reply_code|!dsn"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,FAIL,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com;carol@example.com,550 4.4.7 QUEUE.Expired;message expired;550 4.4.7 QU"
     "EUE.Expired;message expired,5120,2,,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=expired|to=bob@example.com|"
     "reply=550 4.4.7 QUEUE.Expired;message expired|dsn=4.4.7"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,STOREDRIVER,"
     "RECEIVE,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com;carol@example.com,To;Cc,5120,1,,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=pickup|to=bob@example.com|!reply"},
    {"2026-12-04T10:00:00.123Z,2001:db8::25,mx6.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=client|client_ip=2001:db8::25|client_host=mx6.example.org"},
    {"2026-12-04T10:00:00.123Z,fe80::1234:5678:4321:1010%3,,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=client|client_ip=fe80::1234:5678:4321:1010%3|!client_host"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,<>,<>,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=client|from="},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,m1-without-brackets@example.org,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "message_id=m1-without-brackets@example.org"},
    {"2026-12-04T10:00:00.000Z,,,,,\"MDB:1, Mailbox:2, Event:3, MessageClass:IPM.Note,"
     " CreationTime:2026-12-04T09:59:59.000Z, ClientType:System\",,STOREDRIVER,NOTIFYMAPI,,,"
     ",,,,,,,,,,,,,,,,,,",
     "event=notice|event_raw=NOTIFYMAPI|!queue_id|!message_id|!from|!to|!size|!nrcpt|"
     "!client_ip|!client_host|!reply"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,<m1@example.org>,bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal",
     "event=client|mta=exchange|queue_id=4101|message_id=m1@example.org|"
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal",
     "event=client|mta=exchange|queue_id=4101|message_id=m1@example.org|"
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,",
     "event=client|mta=exchange|queue_id=4101|message_id=m1@example.org|"
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,,",
     "event=client|mta=exchange|queue_id=4101|message_id=m1@example.org|"
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,DEFER,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,"
     "\" 451 4.7.0 \"\"temporary\"\", try again\",5120,1,,,Quarterly numbers,"
     "alice@example.org,alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=deferred|!reply|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "!host|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,\"\"\"a,b\"\"@example.org\",alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=client|from=\"\"a,b\"\"@example.org"},
    {"2026-13-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=unknown|mta=|!queue_id"},
    {"2026-12-04T10:00:00.123,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=unknown|mta=|!queue_id"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004,x,"
     "y",
     "event=unknown|mta=|!queue_id"},
    {"2026-12-04T10:00:00.123Z,\"unclosed,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "RECEIVE,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,"
     "5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=unknown|mta=|!queue_id"},
    {"2026-12-04T10:00:01.001Z,EX01\\Default Frontend EX01,08DE1A2B3C4D5E6F,0,192.0.2.20:25,"
     "192.0.2.99:50123,+,,",
     "event=connect|event_raw=+|session_id=08DE1A2B3C4D5E6F|client_ip=192.0.2.99|"
     "client_port=50123"},
    {"2026-12-04T10:00:01.002Z,EX01\\Default Frontend EX01,08DE1A2B3C4D5E6F,1,192.0.2.20:25,"
     "192.0.2.99:50123,<,MAIL FROM:<spam@example.net> SIZE=1000,",
     "event=session|from=spam@example.net"},
    {"2026-12-04T10:00:01.003Z,EX01\\Default Frontend EX01,08DE1A2B3C4D5E6F,2,192.0.2.20:25,"
     "192.0.2.99:50123,<,RCPT TO:<nobody@example.com>,",
     "event=session|to=nobody@example.com"},
    {"2026-12-04T10:00:01.004Z,EX01\\Default Frontend EX01,08DE1A2B3C4D5E6F,3,192.0.2.20:25,"
     "192.0.2.99:50123,>,550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by S"
     "MTP address lookup,",
     "event=reject|status=rejected|reply_code=550|dsn=5.1.10|"
     "reply=550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address l"
     "ookup"},
    {"2026-12-04T10:00:01.005Z,EX01\\Default Frontend EX01,08DE1A2B3C4D5E6F,4,192.0.2.20:25,"
     "[2001:db8::99]:50124,>,535 5.7.3 Authentication unsuccessful,",
     "event=auth_failed|client_ip=2001:db8::99|client_port=50124|reply_code=535"},
    {"2026-12-04T10:00:01.006Z,EX01\\Default Frontend EX01,08DE1A2B3C4D5E6F,5,192.0.2.20:25,"
     "192.0.2.99:50123,*,,Tarpit for '0.00:00:05' due to '535 5.7.3 Authentication unsuccess"
     "ful'",
     "event=session|!reply"},
    {"2026-12-04T10:00:01.007Z,EX01\\Default Frontend EX01,08DE1A2B3C4D5E6F,6,192.0.2.20:25,"
     "192.0.2.99:50123,-,,Local",
     "event=disconnect|client_ip=192.0.2.99"},
    {"2026-12-04T10:00:01.007Z,EX01\\Default Frontend EX01,08DE1A2B3C4D5E6F,6,192.0.2.20:25,"
     "192.0.2.99:50123,?,,Local",
     "event=unknown|mta="},
};

#define ROW_RECV \
    "2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE," \
    "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3," \
    "bob@example.com;carol@example.com;dave@example.com,,5120,3,,,\"Re: \"\"numbers\"\"," \
    " again\",alice@example.org,alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal," \
    "Email,11111111-2222-3333-4444-555555555555,15.02.1544.004"
#define ROW_SEND \
    "2026-12-04T10:00:01.000Z,192.0.2.20,EX01,192.0.2.21,EX02.example.com,,,SMTP,SEND,4101," \
    "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com," \
    "250 2.1.5 Recipient OK,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org," \
    ",Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555," \
    "15.02.1544.004"
#define ROW_DELIVER \
    "2026-12-04T10:00:02.000Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,STOREDRIVER," \
    "DELIVER,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3," \
    "carol@example.com;dave@example.com,,5120,3,,,Quarterly numbers,alice@example.org," \
    "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email," \
    "11111111-2222-3333-4444-555555555555,15.02.1544.004"
#define FIELDS30 "#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version"

START_TEST(row_kinds) { check_expect(cases[_i].line, cases[_i].expect); }
END_TEST

/* ---------------------------------------------------------- one row */
START_TEST(time_is_utc_with_milliseconds)
{
    const maillog_record *r = parse1(cases[0].line);
    int64_t sec;
    int32_t usec, off;
    ck_assert_int_eq(maillog_record_time(r, &sec, &usec, &off), 1);
    ck_assert_int_eq(sec, 1796378400LL); /* 2026-12-04T10:00:00Z */
    ck_assert_int_eq(usec, 123000);
    ck_assert_int_eq(off, 0);
    ck_assert_uint_eq(maillog_record_flags(r) & (MAILLOG_REC_HAS_TIME | MAILLOG_REC_HAS_OFFSET),
                      MAILLOG_REC_HAS_TIME | MAILLOG_REC_HAS_OFFSET);
    ck_assert_str_eq(fld(r, MAILLOG_F_TIMESTAMP), "2026-12-04T10:00:00.123Z");
    ck_assert_ptr_nonnull(strstr(json_of(r), "\"ts\":\"2026-12-04T10:00:00.123000+00:00\""));
    ck_assert_str_eq(maillog_mta_name(MAILLOG_MTA_EXCHANGE), "exchange");
    ck_assert_str_eq(maillog_field_name(MAILLOG_F_EVENT_RAW), "event_raw");
    ck_assert_str_eq(maillog_field_name(MAILLOG_F_SUBJECT), "subject");
}
END_TEST

/* A byte order mark before a row (a file's first line) is skipped. */
START_TEST(bom_before_a_row)
{
    char line[1024];
    snprintf(line, sizeof line, "\xEF\xBB\xBF%s", cases[0].line);
    check_expect(line, "mta=exchange|event=client|queue_id=4101|ts_raw=2026-12-04T10:00:00.123Z");
}
END_TEST

/* The attributes of a row read without a header: the columns that are not
 * fields, non-empty, in order, under their names; <...> loses its
 * brackets.  The subject is neither. */
START_TEST(attributes_of_a_row)
{
    static const char *const want[][2] = {
        {"server-ip", "192.0.2.20"},
        {"server-hostname", "EX01"},
        {"source-context", "08DC39E1A2B3C4D5;2026-12-04T10:00:00.050Z;0"},
        {"connector-id", "EX01\\Default Frontend EX01"},
        {"source", "SMTP"},
        {"network-message-id", "6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3"},
        {"return-path", "alice@example.org"},
        {"directionality", "Incoming"},
        {"custom-data", "S:DeliveryPriority=Normal"},
        {"transport-traffic-type", "Email"},
        {"log-id", "11111111-2222-3333-4444-555555555555"},
        {"schema-version", "15.02.1544.004"},
    };
    const maillog_record *r = parse1(cases[0].line);
    uint32_t cur = 0;
    const char *k, *v;
    size_t kn, vn, i;
    for (i = 0; i < sizeof want / sizeof want[0]; i++) {
        ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 1);
        ck_assert_msg(kn == strlen(want[i][0]) && memcmp(k, want[i][0], kn) == 0, "key %zu: %.*s",
                      i, (int)kn, k);
        ck_assert_msg(vn == strlen(want[i][1]) && memcmp(v, want[i][1], vn) == 0, "value %zu: %.*s",
                      i, (int)vn, v);
    }
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 0);
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 0);
    ck_assert_ptr_null(strstr(json_of(r), "Quarterly"));
    /* a return-path of <> is an empty attribute value */
    r = parse1(cases[52].line);
    ck_assert_ptr_nonnull(strstr(json_of(r), "\"return-path\":\"\""));
}
END_TEST

START_TEST(every_recipient)
{
    const maillog_record *r = parse1(ROW_RECV);
    uint32_t cur = 0;
    const char *p;
    size_t n;
    static const char *const want[] = {"bob@example.com", "carol@example.com", "dave@example.com"};
    int i;
    for (i = 0; i < 3; i++) {
        ck_assert_int_eq(maillog_record_recipient_next(r, &cur, &p, &n), 1);
        ck_assert(n == strlen(want[i]) && memcmp(p, want[i], n) == 0);
    }
    ck_assert_int_eq(maillog_record_recipient_next(r, &cur, &p, &n), 0);
    ck_assert_ptr_nonnull(strstr(json_of(r), "\"to\":\"bob@example.com\",\"recipients\":"
                                             "[\"bob@example.com\",\"carol@example.com\","
                                             "\"dave@example.com\"]"));
}
END_TEST

/* ---------------------------------------------------------- streams */
typedef struct seen {
    textbuf out;
    int n;
    int subject_fields;
} seen;

static int collect(void *user, const maillog_record *r)
{
    seen *s = user;
    const char *j = json_of(r);
    textbuf_add(&s->out, j, strlen(j));
    textbuf_add(&s->out, "\n", 1);
    s->n++;
    s->subject_fields += maillog_record_field(r, MAILLOG_F_SUBJECT, NULL, NULL) == 1;
    return 0;
}

/* Feed text in chunks of k bytes; returns the records' NDJSON lines. */
static int feed_lines(maillog_parser *p, const char *text, size_t k, seen *s, char **lines, int max)
{
    size_t n = strlen(text), i;
    char *save = NULL, *l;
    int got = 0;
    memset(s, 0, sizeof *s);
    maillog_parser_set_callback(p, collect, s);
    for (i = 0; i < n; i += k)
        ck_assert_int_eq(maillog_parser_feed(p, text + i, n - i < k ? n - i : k, NULL), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_finish(p), MAILLOG_OK);
    for (l = strtok_r(s->out.buf, "\n", &save); l && got < max; l = strtok_r(NULL, "\n", &save))
        lines[got++] = l;
    return got;
}

#define HAS(line, text) ck_assert_msg(strstr((line), (text)) != NULL, "%s not in %s", (text), (line))
#define HASNT(line, text) ck_assert_msg(strstr((line), (text)) == NULL, "%s in %s", (text), (line))

static const char tracking_log[] =
    "\xEF\xBB\xBF#Software: Microsoft Exchange Server\r\n"
    "#Version: 15.02.1544.004\r\n"
    "#Log-type: Message Tracking Log\r\n"
    "#Date: 2026-12-04T10:00:00.000Z\r\n" FIELDS30 "\r\n" ROW_RECV "\r\n" ROW_SEND "\r\n"
    /* the columns change mid-stream: fewer, reordered, one unknown */
    "#Fields: event-id,date-time,internal-message-id,recipient-address,x-custom\r\n"
    "DELIVER,2026-12-04T10:00:02.500Z,4101,carol@example.com,\"a, b\"\r\n"
    "DELIVER,2026-12-04T10:00:02.600Z,4101\r\n"; /* fewer values than columns */

START_TEST(header_claims_the_stream)
{
    static const size_t chunks[] = {1, 7, 64, 4096};
    size_t k;
    for (k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        maillog_parser *p = test_parser();
        seen s;
        char *l[16];
        int64_t v = -1;
        ck_assert_int_eq(feed_lines(p, tracking_log, chunks[k], &s, l, 16), 10);
        maillog_parser_get_option(p, MAILLOG_OPT_STREAM_DIALECT, &v);
        ck_assert_int_eq(v, MAILLOG_MTA_EXCHANGE);
        HAS(l[0], "\"mta\":\"exchange\",\"severity\":\"info\",\"event\":\"notice\"");
        HAS(l[3], "\"ts\":\"2026-12-04T10:00:00.000000+00:00\"");
        HAS(l[5], "\"event\":\"client\",\"event_raw\":\"RECEIVE\",\"queue_id\":\"4101\"");
        HAS(l[5], "\"attrs\":{\"server-ip\":\"192.0.2.20\"");
        HASNT(l[5], "numbers");
        HAS(l[6], "\"event\":\"delivery\",\"event_raw\":\"SEND\"");
        HAS(l[6], "\"relay_host\":\"EX02.example.com\",\"relay_ip\":\"192.0.2.21\"");
        HAS(l[7], "\"mta\":\"exchange\",\"severity\":\"info\",\"event\":\"notice\"}");
        /* the new columns: another order, an unknown name as an attribute */
        HAS(l[8], "\"ts\":\"2026-12-04T10:00:02.500000+00:00\"");
        HAS(l[8], "\"event\":\"delivery\",\"event_raw\":\"DELIVER\",\"queue_id\":\"4101\","
                  "\"to\":\"carol@example.com\"");
        HAS(l[8], "\"attrs\":{\"x-custom\":\"a, b\"}");
        HAS(l[9], "\"unparsed\":true");
        ck_assert_int_eq(s.subject_fields, 0);
        free(s.out.buf);
        maillog_parser_free(p);
    }
}
END_TEST

/* MAILLOG_OPT_SUBJECT: the subject is a field; the JSON writes a CSV
 * value's "" as one quote. */
START_TEST(subject_when_asked)
{
    maillog_parser *p = test_parser();
    seen s;
    char *l[16];
    int64_t v = -1;
    ck_assert_int_eq(maillog_parser_get_option(p, MAILLOG_OPT_SUBJECT, &v), MAILLOG_OK);
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_SUBJECT, 2), MAILLOG_E_RANGE);
    ck_assert_int_eq(maillog_parser_set_option(p, MAILLOG_OPT_SUBJECT, 1), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_reset(p), MAILLOG_OK); /* options stay */
    maillog_parser_get_option(p, MAILLOG_OPT_SUBJECT, &v);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(feed_lines(p, tracking_log, 4096, &s, l, 16), 10);
    ck_assert_int_eq(s.subject_fields, 2);
    HAS(l[5], "\"subject\":\"Re: \\\"numbers\\\", again\"");
    HAS(l[6], "\"subject\":\"Quarterly numbers\"");
    free(s.out.buf);
    maillog_parser_free(p);
}
END_TEST

/* Attributes name their columns from the stream's header: valid until the
 * parser reads its next line; a record read with older columns has none
 * once a new #Fields came. */
START_TEST(attributes_follow_the_header)
{
    maillog_parser *p = test_parser();
    maillog_record *r = NULL, *h = NULL;
    static const char row[] = "DELIVER,2026-12-04T10:00:02.500Z,4101,carol@example.com,xyz";
    static const char fields[] = "#Fields: event-id,date-time,internal-message-id,recipient-address,x-custom";
    uint32_t cur = 0;
    const char *k, *v;
    size_t kn, vn;
    ck_assert_int_eq(maillog_record_new(NULL, &r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_new(NULL, &h), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_parse_line(p, fields, strlen(fields), h), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_mta(h), MAILLOG_MTA_UNKNOWN); /* no Exchange header yet */
    maillog_parser_parse_line(p, "#Software: Microsoft Exchange Server", 36, h);
    ck_assert_int_eq(maillog_record_mta(h), MAILLOG_MTA_EXCHANGE);
    maillog_parser_parse_line(p, fields, strlen(fields), h);
    ck_assert_int_eq(maillog_record_event(h), MAILLOG_EV_NOTICE);
    ck_assert_int_eq(maillog_parser_parse_line(p, row, strlen(row), r), MAILLOG_OK);
    ck_assert_int_eq(maillog_record_status(r), MAILLOG_STATUS_SENT);
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 1);
    ck_assert(kn == 8 && memcmp(k, "x-custom", 8) == 0 && vn == 3 && memcmp(v, "xyz", 3) == 0);
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 0);
    maillog_parser_parse_line(p, fields, strlen(fields), h); /* the columns again: a new header */
    cur = 0;
    ck_assert_int_eq(maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn), 0);
    ck_assert_str_eq(fld(r, MAILLOG_F_QUEUE_ID), "4101"); /* fields are spans: they stay */
    maillog_record_free(r, NULL);
    maillog_record_free(h, NULL);
    maillog_parser_free(p);
}
END_TEST

/* Other Exchange logs share the header: their rows are notices, even
 * when they have as many fields as a tracking row; a tracking file after
 * them is read again.  Another program's W3C header is not Exchange's. */
START_TEST(other_logs_are_notices)
{
    static const char log[] =
        "#Software: Microsoft Exchange Server\n"
        "#Version: 15.01.2375.007\n"
        "#Log-type: HttpProxy Logs\n"
        "#Date: 2026-12-04T10:00:00.000Z\n"
        "#Fields: DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,"
        "ClientRequestId,Protocol,UrlHost,UrlStem,ProtocolAction,AuthenticationType,"
        "IsAuthenticated,AuthenticatedUser,Organization,AnchorMailbox,UserAgent,ClientIpAddress,"
        "ServerHostName,FrontEndServer,HttpStatus,BackEndStatus,ErrorCode,Method,ProxyAction,"
        "TargetServer,TargetServerVersion\n"
        "2026-12-04T10:00:01.000Z,0a1b2c3d-0000-1111-2222-333344445555,15,1,2375,7,,Ews,"
        "mail.example.com,/EWS/Exchange.asmx,,Negotiate,true,EXAMPLE\\bob,,,Outlook/16.0,"
        "192.0.2.50,EX01,EX01.example.com,200,200,,POST,Proxy,EX01.example.com,Version 15.1\n"
        "2026-12-04T10:00:02.000Z,short,row\n"
        "#Software: Microsoft Exchange Server\n"
        "#Log-type: Rps Cmdlet Logs\n"
        "#Fields: DateTime,StartTime,RequestId,ClientRequestId,MajorVersion,Cmdlet,Parameters\n"
        "2026-12-04T10:00:03.000Z,2026-12-04T10:00:02.900Z,x,,15,Get-Mailbox,\"-ResultSize \"\"1\"\"\"\n"
        "#Software: Microsoft Exchange Server\n"
        "#Log-type: Message Tracking Log\n" FIELDS30 "\n" ROW_SEND "\n"
        "#Software: Microsoft Internet Information Services 10.0\n"
        "#Version: 1.0\n"
        "#Fields: date time s-ip cs-method\n"
        "2026-12-04 10:00:05 192.0.2.20 GET\n";
    maillog_parser *p = test_parser();
    seen s;
    char *l[32];
    ck_assert_int_eq(feed_lines(p, log, 4096, &s, l, 32), 19);
    HAS(l[5], "\"ts\":\"2026-12-04T10:00:01.000000+00:00\",\"mta\":\"exchange\",\"severity\":"
              "\"info\",\"event\":\"notice\",\"attrs\":{\"DateTime\":");
    HAS(l[5], "\"UrlStem\":\"/EWS/Exchange.asmx\"");
    HASNT(l[5], "queue_id");
    HAS(l[6], "\"event\":\"notice\"}");
    HAS(l[10], "\"Parameters\":\"-ResultSize \\\"1\\\"\"");
    HAS(l[14], "\"event\":\"delivery\",\"event_raw\":\"SEND\"");
    HAS(l[15], "\"unparsed\":true");
    HAS(l[16], "\"unparsed\":true");
    HAS(l[17], "\"unparsed\":true");
    HASNT(l[18], "\"mta\":\"exchange\"");
    free(s.out.buf);
    maillog_parser_free(p);
}
END_TEST

/* A send protocol log: our commands go out ('>'), the remote replies come
 * in ('<'); the remote end is the relay. */
START_TEST(send_protocol_log)
{
    static const char log[] =
        "#Software: Microsoft Exchange Server\n"
        "#Version: 15.0.0.0\n"
        "#Log-type: SMTP Send Protocol Log\n"
        "#Date: 2026-12-04T10:00:00.000Z\n"
        "#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,"
        "remote-endpoint,event,data,context\n"
        "2026-12-04T10:00:01.000Z,Internet Send,08DE1A2B3C4D5E70,0,,198.51.100.25:25,*,,"
        "attempting to connect\n"
        "2026-12-04T10:00:01.100Z,Internet Send,08DE1A2B3C4D5E70,1,192.0.2.20:41000,"
        "198.51.100.25:25,+,,\n"
        "2026-12-04T10:00:01.200Z,Internet Send,08DE1A2B3C4D5E70,2,192.0.2.20:41000,"
        "198.51.100.25:25,>,MAIL FROM:<alice@example.com> SIZE=5120,\n"
        "2026-12-04T10:00:01.300Z,Internet Send,08DE1A2B3C4D5E70,3,192.0.2.20:41000,"
        "198.51.100.25:25,<,550 5.1.1 <bob@example.net>: Recipient address rejected,\n";
    maillog_parser *p = test_parser();
    seen s;
    char *l[16];
    ck_assert_int_eq(feed_lines(p, log, 5, &s, l, 16), 9);
    HAS(l[5], "\"event\":\"session\",\"event_raw\":\"*\",\"relay_ip\":\"198.51.100.25\","
              "\"relay_port\":25");
    HAS(l[6], "\"event\":\"connect\"");
    HAS(l[7], "\"from\":\"alice@example.com\"");
    HAS(l[8], "\"event\":\"relay_error\"");
    HAS(l[8], "\"reply_code\":550");
    HASNT(l[8], "client_ip");
    free(s.out.buf);
    maillog_parser_free(p);
}
END_TEST

/* A syslog line is never Exchange's, whatever its text. */
START_TEST(syslog_lines_are_not_exchange)
{
    char line[1024];
    snprintf(line, sizeof line, "Dec  4 10:00:00 mx nobody[1]: %s", cases[0].line);
    check_expect(line, "mta=|event=unknown");
    check_expect("Dec  4 10:00:00 mx nobody[1]: #Software: Microsoft Exchange Server", "mta=");
    check_expect("#Software: Microsoft Exchange Server", "mta=exchange|event=notice");
    check_expect("#Version: 15.02.1544.004", "mta=");
    check_expect("#Fields: date time c-ip", "mta=");
}
END_TEST

#ifndef ML_NO_CORRELATE
typedef struct corr_seen {
    int n;
    textbuf out;
} corr_seen;

static int on_message(void *user, const maillog_message *m)
{
    corr_seen *s = user;
    char buf[8192];
    size_t n;
    ck_assert_int_eq(maillog_message_to_json(m, buf, sizeof buf, &n), MAILLOG_OK);
    textbuf_add(&s->out, buf, n);
    textbuf_add(&s->out, "\n", 1);
    s->n++;
    return 0;
}

static int feed_corr(void *c, const maillog_record *r)
{
    ck_assert_int_eq(maillog_corr_add(c, r), MAILLOG_OK);
    return 0;
}

/* RECEIVE starts the message with its sender, size and recipients; SEND
 * and DELIVER are deliveries; it ends when every recipient has a final
 * status, since Exchange logs no removal. */
START_TEST(a_message_correlates)
{
    static const char log[] = "#Software: Microsoft Exchange Server\n" FIELDS30
        "\n" ROW_RECV "\n" ROW_SEND "\n" ROW_DELIVER "\n";
    maillog_parser *p = test_parser();
    maillog_corr *c = NULL;
    corr_seen s;
    memset(&s, 0, sizeof s);
    ck_assert_int_eq(maillog_corr_new(NULL, &c), MAILLOG_OK);
    ck_assert_int_eq(maillog_corr_set_limit(c, MAILLOG_CORR_GRACE, 0), MAILLOG_OK);
    maillog_corr_set_callbacks(c, on_message, NULL, &s);
    maillog_parser_set_callback(p, feed_corr, c);
    ck_assert_int_eq(maillog_parser_feed(p, log, sizeof log - 1, NULL), MAILLOG_OK);
    ck_assert_int_eq(maillog_parser_finish(p), MAILLOG_OK);
    ck_assert_int_eq(s.n, 1); /* ended by its last delivery, before finish */
    ck_assert_int_eq(maillog_corr_finish(c), MAILLOG_OK);
    ck_assert_int_eq(s.n, 1);
    HAS(s.out.buf, "\"queue_id\":\"4101\"");
    HAS(s.out.buf, "\"end\":\"removed\",\"complete\":true");
    HAS(s.out.buf, "\"client_ip\":\"192.0.2.10\"");
    HAS(s.out.buf, "\"message_id\":\"m1@example.org\",\"from\":\"alice@example.org\","
                   "\"size\":5120,\"nrcpt\":3");
    HAS(s.out.buf, "{\"to\":\"bob@example.com\",\"status\":\"sent\",\"dsn\":\"2.1.5\","
                   "\"relay\":\"EX02.example.com\"");
    HAS(s.out.buf, "{\"to\":\"dave@example.com\",\"status\":\"sent\"");
    free(s.out.buf);
    maillog_corr_free(c);
    maillog_parser_free(p);
}
END_TEST
#endif

Suite *suite_exchange(void)
{
    Suite *s = suite_create("exchange");
    TCase *tc = tcase_create("exchange");
    tcase_add_loop_test(tc, row_kinds, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, time_is_utc_with_milliseconds);
    tcase_add_test(tc, bom_before_a_row);
    tcase_add_test(tc, attributes_of_a_row);
    tcase_add_test(tc, every_recipient);
    tcase_add_test(tc, header_claims_the_stream);
    tcase_add_test(tc, subject_when_asked);
    tcase_add_test(tc, attributes_follow_the_header);
    tcase_add_test(tc, other_logs_are_notices);
    tcase_add_test(tc, send_protocol_log);
    tcase_add_test(tc, syslog_lines_are_not_exchange);
#ifndef ML_NO_CORRELATE
    tcase_add_test(tc, a_message_correlates);
#endif
    suite_add_tcase(s, tc);
    return s;
}
