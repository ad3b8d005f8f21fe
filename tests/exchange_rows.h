/* exchange_rows.h -- Exchange rows without their header, each with what
 * its record must hold (check_expect's syntax): test_exchange_rows.c checks
 * every one, test_exchange.c feeds some of them in streams.  Built from
 * Microsoft's documentation of the formats, with our own names
 * (example.com, 192.0.2.x). */
#ifndef MAILLOG_EXCHANGE_ROWS_H
#define MAILLOG_EXCHANGE_ROWS_H

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
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.20,EX01.example.com,192.0.2.20,EX01,"
     "\"MDB:0b4a0c33-58f5-4a3b-9f44-2b2e3f1f0a11,"
     " Mailbox:5c3f5f0e-1d9e-4d7b-8f4e-1c1f6a6b7e22, Event:1201, MessageClass:IPM.Note,"
     " CreationTime:2026-12-04T10:00:00.050Z, ClientType:OWA\",,STOREDRIVER,RECEIVE,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,To,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=pickup|event_raw=RECEIVE|!reply|client_host=EX01.example.com|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "CLIENTSUBMISSION,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=client|event_raw=CLIENTSUBMISSION|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,HARECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=client|event_raw=HARECEIVE|mta=exchange|queue_id=4101|message_id=m1@example.org|"
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,STOREDRIVER,"
     "SUBMIT,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,"
     "5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=sent|event_raw=SUBMIT|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
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
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.20,EX01.example.com,203.0.113.5,"
     "mail.protection.example.net,,Outbound to Office 365 - 0a1b2c3d-0000-1111-2222-33334444"
     "5555,SMTP,SENDEXTERNAL,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,250 2.1.5 Recipient OK,5120,1,,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=sent|event_raw=SENDEXTERNAL|"
     "relay_host=mail.protection.example.net|relay_ip=203.0.113.5|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,STOREDRIVER,"
     "DELIVER,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,"
     "5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=sent|event_raw=DELIVER|!reply|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,STOREDRIVER,"
     "DUPLICATEDELIVER,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=delivery|status=sent|event_raw=DUPLICATEDELIVER|!reply|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|host=EX01|!subject"},
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
     "to=bob@example.com|size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,SUBMITDEFER,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=deferred|event_raw=SUBMITDEFER|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "RESUBMITDEFER,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=delivery|status=deferred|event_raw=RESUBMITDEFER|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,THROTTLE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=deferred|event_raw=THROTTLE|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,FAIL,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,"
     "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found,5120,1,,,Quarterly numbers,"
     "alice@example.org,alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=bounced|event_raw=FAIL|"
     "reply=550 5.1.1 RESOLVER.ADR.RecipNotFound; not found|reply_code=550|dsn=5.1.1|"
     "mta=exchange|queue_id=4101|message_id=m1@example.org|from=alice@example.org|"
     "to=bob@example.com|size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,QUEUE,FAIL,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,"
     "550 4.4.7 QUEUE.Expired;message expired,5120,1,,<NDR-1@example.com>,Quarterly numbers,"
     "alice@example.org,alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=expired|event_raw=FAIL|"
     "reply=550 4.4.7 QUEUE.Expired;message expired|dsn=4.4.7|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,DELIVERFAIL,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=bounced|event_raw=DELIVERFAIL|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,SUBMITFAIL,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=bounced|event_raw=SUBMITFAIL|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "RESUBMITFAIL,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=delivery|status=bounced|event_raw=RESUBMITFAIL|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "MODERATORREJECT,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=delivery|status=bounced|event_raw=MODERATORREJECT|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "MODERATORSALLNDR,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=delivery|status=bounced|event_raw=MODERATORSALLNDR|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "MODERATIONEXPIRE,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=delivery|status=expired|event_raw=MODERATIONEXPIRE|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,DROP,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=discarded|event_raw=DROP|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,SUPPRESSED,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=discarded|event_raw=SUPPRESSED|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,BADMAIL,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=discarded|event_raw=BADMAIL|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
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
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,RESOLVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,"
     "sales@example.com,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=RESOLVE|severity=info|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,REDIRECT,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,"
     "sales@example.com,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=REDIRECT|severity=info|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,TRANSFER,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,"
     "sales@example.com,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=TRANSFER|severity=info|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,"
     "DUPLICATEEXPAND,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,sales@example.com,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=DUPLICATEEXPAND|severity=info|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,"
     "DUPLICATEREDIRECT,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,sales@example.com,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=DUPLICATEREDIRECT|severity=info|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,"
     "MODERATORAPPROVE,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,sales@example.com,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=MODERATORAPPROVE|severity=info|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,PROCESS,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,"
     "sales@example.com,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=PROCESS|severity=info|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,ROUTING,"
     "PROCESSMEETINGMESSAGE,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,sales@example.com,,Quarterly numbers,alice@example.org,"
     "alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=action|!status|event_raw=PROCESSMEETINGMESSAGE|severity=info|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,POISONMESSAGE,"
     "POISONMESSAGE,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=queue_admin|status=held|severity=warning|event_raw=POISONMESSAGE|mta=exchange|"
     "queue_id=4101|message_id=m1@example.org|from=alice@example.org|to=bob@example.com|"
     "size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SAFETYNET,"
     "RESUBMIT,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,"
     "5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=queue_admin|!status|event_raw=RESUBMIT|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SAFETYNET,LOAD,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=queue_admin|!status|event_raw=LOAD|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,REDUNDANCY,"
     "HADISCARD,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,"
     "5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=removed|event_raw=HADISCARD|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,"
     "No suitable shadow servers,,SMTP,HAREDIRECTFAIL,4101,<m1@example.org>,"
     "6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,Quarterly numbers,"
     "alice@example.org,alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=notice|severity=warning|event_raw=HAREDIRECTFAIL|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,AGENTINFO,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=notice|severity=info|event_raw=AGENTINFO|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,NOTIFYMAPI,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=notice|severity=info|event_raw=NOTIFYMAPI|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "NOTIFYSHADOW,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=notice|severity=info|event_raw=NOTIFYSHADOW|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,HAREDIRECT,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=notice|severity=info|event_raw=HAREDIRECT|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,"
     "INITMESSAGECREATED,4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,"
     "bob@example.com,,5120,1,,,Quarterly numbers,alice@example.org,alice@example.org,,"
     "Incoming,,,,S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,"
     "15.02.1544.004",
     "event=notice|severity=info|event_raw=INITMESSAGECREATED|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,FROBNICATE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=notice|event_raw=FROBNICATE|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=notice|!event_raw|mta=exchange|queue_id=4101|message_id=m1@example.org|"
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|host=EX01|!subject"},
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
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal",
     "event=client|mta=exchange|queue_id=4101|message_id=m1@example.org|"
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,",
     "event=client|mta=exchange|queue_id=4101|message_id=m1@example.org|"
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,RECEIVE,"
     "4101,<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,,5120,1,,,"
     "Quarterly numbers,alice@example.org,alice@example.org,,Incoming,,,,"
     "S:DeliveryPriority=Normal,Email,11111111-2222-3333-4444-555555555555,,",
     "event=client|mta=exchange|queue_id=4101|message_id=m1@example.org|"
     "from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|host=EX01|!subject"},
    {"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,,,SMTP,DEFER,4101,"
     "<m1@example.org>,6f1c2d3e-4a5b-6c7d-8e9f-08dc39e1a2b3,bob@example.com,"
     "\" 451 4.7.0 \"\"temporary\"\", try again\",5120,1,,,Quarterly numbers,"
     "alice@example.org,alice@example.org,,Incoming,,,,S:DeliveryPriority=Normal,Email,"
     "11111111-2222-3333-4444-555555555555,15.02.1544.004",
     "event=delivery|status=deferred|!reply|mta=exchange|queue_id=4101|"
     "message_id=m1@example.org|from=alice@example.org|to=bob@example.com|size=5120|nrcpt=1|"
     "host=EX01|!subject"},
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

#endif
