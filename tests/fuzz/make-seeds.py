#!/usr/bin/env python3
"""make-seeds.py OUTDIR -- seed inputs for the fuzz harnesses and the replay
check: every line of the project's data (with an option byte in front),
whole data files, and hostile inputs built to hit worst cases: long runs of
'=', '<', '[', deep parentheses, a 10,000-character queue id, NUL bytes,
syslog #012 escapes, out-of-range timestamps, injection attempts."""
import glob, os, sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
n = 0

def put(data):
    global n
    with open(os.path.join(out, "seed%05d" % n), "wb") as f:
        f.write(data)
    n += 1

pre = b"Nov 28 09:00:01 mx1 postfix/smtpd[1]: "
hostile = [
    pre + b"=" * 100000,
    pre + b"<" * 100000,
    pre + b"[" * 100000,
    pre + b"(" * 100000 + b")" * 100000,
    pre + b"ABC" + b"D" * 10000 + b": removed",
    pre + b"4F1A2B3C4D: to=<" + b"\"" * 5000 + b">, status=sent (" + b"(" * 5000,
    pre + b"NOQUEUE: reject: RCPT from x[1.2.3.4]: 550 " + b"; from=<a> " * 5000,
    pre + b"connect from a\x00b[1.2.3.4]\x00\xff\xfe",
    pre + b"warning: header Subject: x#012queued as ABC123#011 from x[1.2.3.4]; from=<a>",
    b"Nov 28 09:00:01 mx1 postfix/smtpd[1]: connect from h[1.2.3.4] helo=<x status=bounced>",
    b"2026-13-01T00:00:61+99:99 mx1 postfix/qmgr[1]: ABCDEF1: removed",
    b"Feb 29 25:61:61 mx1 postfix/qmgr[1]: ABCDEF1: removed",
    b"<999>1 9999-12-31T23:59:59.999999Z - - - - [" + b"]" * 1000,
    b"@ffffffffffffffffffffffff x",
    b"99999999999999999.999999 mx1 postfix/qmgr[1]: ABCDEF1: removed",
    b"\r\n\r\n\n\r",
]
for h in hostile:
    for mode in (b"\x00", b"\x01"):
        put(mode + h)
    put(h + b"\n" + h)
for path in sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "data", "*.log"))):
    data = open(path, "rb").read()
    put(b"\x05" + data)
    for line in data.split(b"\n"):
        if line:
            put(b"\x01" + line)
# Streams whose header lines declare their columns (fuzz_dialect's fixture
# reads "#Fields:", Exchange too), with the three option bytes of
# stream_check.h in front:
# a second header that changes the columns, short and long data lines,
# syslog and own-stamp lines in between, a header with too many columns.
fields = [
    b"#Fields: qid c-ip cs-from cs-to\nA1 192.0.2.1 a@b c@d\nA2 ::1 <> e@f\n"
    b"#Fields: cs-to qid extra c-ip\nd@e B1 x 192.0.2.9\nshort\n",
    b"#Fields: qid\nQ1\nDec  4 10:00:00 mx postfix/qmgr[9]: ABCDEF1: removed\nQ2\n"
    b"2026-12-04 10:00:00 1rABCD-000123-AB Completed\nQ3\n",
    b"#Fields: " + b"c-ip " * 40 + b"\n" + b"1.2.3.4 " * 40 + b"\n#Fields:\n\n#Fields: qid\r\nZ\r\n",
    b"A1 192.0.2.1\n#Fields: qid c-ip\nA1 192.0.2.1\n" * 20,
]
# Exchange's own files (the built-in dialect behind fuzz_stream): a header
# with a byte order mark and CRLF, rows of 30, 27, 26 and 9 fields, quoted
# values with "" and commas, a second #Fields, another Exchange log, a
# quote never closed, a row without its header, too many columns.
hdr = (b"\xef\xbb\xbf#Software: Microsoft Exchange Server\r\n#Version: 15.02.1544.004\r\n"
       b"#Log-type: Message Tracking Log\r\n#Date: 2026-12-04T10:00:00.000Z\r\n")
cols30 = (b"date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,"
          b"connector-id,source,event-id,internal-message-id,message-id,network-message-id,"
          b"recipient-address,recipient-status,total-bytes,recipient-count,"
          b"related-recipient-address,reference,message-subject,sender-address,return-path,"
          b"message-info,directionality,tenant-id,original-client-ip,original-server-ip,"
          b"custom-data,transport-traffic-type,log-id,schema-version")
row30 = (b"2026-12-04T10:00:00.123Z,192.0.2.10,mx.example.org,192.0.2.20,EX01,"
         b"\";250 2.6.0 <a@b> [InternalId=4102, Hostname=EX02] Queued\",Send,SMTP,SEND,4101,"
         b"<m1@example.org>,6f1c2d3e,a@x;b@y;c@z,\"250 2.1.5 OK;550 4.4.7 QUEUE.Expired;x;"
         b"250 \"\"q\"\"\",5120,3,,,\"Re: \"\"hi\"\", you\",<>,<>,,Incoming,,,,S:K=V,Email,"
         b"11111111-2222,15.02")
row9 = (b"2026-12-04T10:00:01.000Z,EX01\\Default,08DE1A2B3C4D5E6F,3,192.0.2.20:25,"
        b"[2001:db8::9]:50123,>,535 5.7.3 Authentication unsuccessful,")
exchange = [
    hdr + b"#Fields: " + cols30 + b"\r\n" + row30 + b"\r\n" + row30.replace(b"SEND", b"FAIL") + b"\r\n"
    b"#Fields: event-id,date-time,internal-message-id,recipient-address,x-custom\r\n"
    b"DELIVER,2026-12-04T10:00:02.500Z,4101,c@d,\"a, b\"\r\nDELIVER,2026-12-04T10:00:02Z\r\n",
    row30 + b"\n" + row30.replace(b",Email,11111111-2222,15.02", b"") + b"\n" +
    row30.replace(b",6f1c2d3e,", b",") .replace(b",Email,11111111-2222,15.02", b"") + b"\n" + row9 + b"\n",
    b"#Software: Microsoft Exchange Server\n#Log-type: HttpProxy Logs\n#Fields: DateTime,A,B\n"
    b"2026-12-04T10:00:01.000Z,x,\"y\"\"\"\n" + row30 + b"\n#Log-type: SMTP Send Protocol Log\n"
    b"#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,"
    b"event,data,context\n" + row9.replace(b">,", b"<,") + b"\n",
    hdr + b"#Fields: " + b"c," * 100 + b"date-time\n" + b"x," * 100 + b"2026-12-04T10:00:00Z\n"
    b"2026-12-04T10:00:00.123Z,\"never closed," + b"," * 28 + b"\n" + row30 + b"," * 40 + b"\n",
]
# MailEnable's files: activity rows of 12 and 11 columns with the file
# marker, TABs too many and too few, a bad date; W3C rows under a #Fields
# header, a second header that reorders them, rows without one, '-' and '+'.
me_row = (b"12/04/26 09:02:12\tSMTP-IN\t5E1A0C3B9F0D4E21A7C6D0E1F2A3B4C5.MAI\t1320\t2001:db8::1\t"
          b"MAIL\tMAIL FROM:<a@example.org> SIZE=99999999999999999999\t250 OK\t43\t28\tu\t")
me_out = (b"12/04/26 09:02:22\tSMTP-OU\tAB.MAI\t1512\t192.0.2.25\tDATE\t.\t"
          b"250 2.0.0 Ok\t2071\t14\t\tSubject: x")
w3c = (b"#Fields: date time c-ip agent account s-ip s-port cs-method cs-uristem cs-uriquery "
       b"s-computername sc-bytes cs-bytes cs-username\r\n")
w3c_row = (b"2024-05-29 05:23:30 192.0.2.9 SMTP-IN example.org 192.0.2.1 1076 AUTH {blank} "
           b"535+Invalid+Username+or+Password MAIL01 34 14 grace@example.org")
mailenable = [
    b"[12/04/26 00:00:02]*** LOG FILE STARTED ***\r\n" + me_row + b"\r\n" + me_out + b"\r\n" +
    me_row.replace(b"MAIL\t", b"RCPT\t").replace(b"250 OK", b"550 no") + b"\r\n" +
    me_row[:-1] + b"\r\n" + me_row + b"\t\t\t\r\n" + me_row.replace(b"12/04", b"99/99") + b"\r\n"
    b"05/24/21 00:02:38\tIMAP-IN\t\t3404\t192.0.2.5\tLOGIN\tLOGIN \"u\t\"\t001 NO\t53\t42\t\t\r\n",
    w3c + w3c_row + b"\r\n" + w3c_row.replace(b" AUTH ", b" - ") + b"\r\n"
    b"#Fields: time date agent c-ip cs-method cs-uriquery x\r\n05:23:40 2024-05-29 SMTP-OU - RCPT "
    b"452+busy -\r\n" + w3c_row + b"\r\n",
    w3c_row + b"\n" + w3c_row.replace(b"SMTP-IN", b"POP3-IN") + b"\n" + me_row + b"\n" + row9 + b"\n",
]
fields += exchange + mailenable
for f in fields:
    for opts in (b"\x01\x00\x00", b"\x07\x03\xff", b"\x10\x01\x05"):
        put(opts + f)
for f in exchange + mailenable: # and the lines alone, for fuzz_line
    for line in f.split(b"\n"):
        if line:
            put(b"\x00" + line)
# hMailServer's own files: every type, CRLF, a text with quotes and a
# TAB, a line a bare LF broke, a retry, long ids, columns missing, and a
# syslog line and an Exchange row in between.
def hms(kind, rest):
    return b'"' + kind + b'"\t' + rest
hd = b'\t"2026-12-04 09:00:01.100"\t"192.0.2.7"\t"'
ha = b'\t"2026-12-04 09:00:01.200"\t"SMTPDeliverer - Message '
def sess(kind, texts, sid=b"3120\t41", eol=b"\r\n"):
    return b"".join(hms(kind, sid + hd + t + b'"' + eol) for t in texts)
def app(texts):
    return b"".join(hms(b"APPLICATION", b"77" + ha + t + b'"\n') for t in texts)
hmail = [
    sess(b"SMTPD", [b"SENT: 220 mx ESMTP", b'RECEIVED: EHLO "q"\tx', b"RECEIVED: AUTH LOGIN",
                    b"SENT: 334 VXNlcm5hbWU6", b"RECEIVED: YWxpY2U=", b"SENT: 535 Authentication failed.",
                    b"RECEIVED: HELO x\n", b"SENT: 421 Connection timeout."]),
    app([b"9: Delivering message from <Empty> to a@b, <c@d>, . File: x"]) +
    sess(b"SMTPC", [b"SENT: RCPT TO:<a@b>", b"RECEIVED: 550 5.1.1 no", b"SENT: [nl].", b"RECEIVED: 250 ok"],
         b"77\t99", b"\n") +
    app([b"9: Message delivery thread completed.", b"9: Delivering message from a@b to c@d. File: x"]) +
    b"Dec  4 09:00:01 mx postfix/qmgr[9]: ABCDEF1: removed\n" + b"2026-12-04T10:00:00.123Z,x\n" +
    app([b"99999999999999999999: Message could not be delivered."]),
    hms(b"DEBUG", b'1\t"2026-12-04 09:00:01"\t"Ending session 123456789012345678901"\n') +
    hms(b"SMTPD", b'1\t2\t"2026-02-30 09:00:01.1"\t"x"\t"SENT: 220"\n') +
    hms(b"SMTPD", b'1\t"2026-12-04 09:00:01.100"\t"SENT: 220"\n') +
    hms(b"TCPIP", b'1\t"2026-12-04 09:00:01.100"\t"\n"\n""\n'),
]
def put_stream(f):
    """f under three parser options (fuzz_stream), then its lines alone
    (fuzz_line)."""
    for opts in (b"\x01\x00\x00", b"\x07\x03\xff", b"\x10\x01\x05"):
        put(opts + f)
    for line in f.split(b"\n"):
        if line:
            put(b"\x00" + line)
for f in hmail:
    put_stream(f)
# AUTH user names in base64 (hMailServer, MailEnable) and the names an
# Exchange receive log's "*" rows give, with the 535 that follows: names
# decoded whole and from AUTH PLAIN (no, one, two and three NULs, an
# empty authcid), bad padding and digits, control bytes, a text longer
# than the record's buffer, a W3C '+' that is a base64 digit, sessions
# and sockets interleaved and reused.
import base64
def b64(x):
    return base64.b64encode(x)
names = [b"alice@example.org", b"\x00bob\x00pw", b"\x00\x00pw", b"a\x00b", b"\x00c\x00d\x00e",
         b"x\x01y", b"\xff\xfe", b"n" * 200, b"\x00" + b"u" * 300 + b"\x00p", b""]
enc = [b64(x) for x in names] + [b"YW=x", b"Y===", b"YWxp", b"****", b"{blank}", b"QQ==QQ==",
                                  b"A" * 2000, b"AGgrawBw"]
auth = [
    sess(b"SMTPD", sum([[b"RECEIVED: AUTH LOGIN", b"SENT: 334 VXNlcm5hbWU6", b"RECEIVED: " + e,
                         b"SENT: 334 UGFzc3dvcmQ6", b"RECEIVED: ***", b"SENT: 535 Authentication failed.",
                         b"RECEIVED: AUTH PLAIN " + e + b" ***", b"SENT: 535 x",
                         b"RECEIVED: AUTH LOGIN " + e, b"SENT: 535 x"] for e in enc], [])) +
    sess(b"SMTPD", [b"SENT: 535 Authentication failed.", b"RECEIVED: " + enc[0]], b"3121	42"),
    b"".join(b"12/04/26 09:02:1%d\tSMTP-IN\tA.MAI\t%d\t192.0.2.1\tAUTH\t%s\t%s\t1\t1\t\t\r\n"
             % (i % 10, 1320 + i % 9, d, r)
             for i, (d, r) in enumerate([(b"AUTH LOGIN", b"334 VXNlcm5hbWU6")] +
                                        [(e, b"334 UGFzc3dvcmQ6") for e in enc] +
                                        [(b"AUTH PLAIN " + e, b"535 Invalid") for e in enc] +
                                        [(e, b"535 Invalid") for e in enc])) +
    b"12/04/26 09:02:13\tSMTP-IN\tA.MAI\t1320\t192.0.2.1\tRCPT\tRCPT TO:<a@b>\t250 OK\t1\t1\t\t\r\n"
    b"12/04/26 09:02:13\tSMTP-IN\tA.MAI\t1320\t192.0.2.1\tDATA\tDATA\t354 go\t1\t1\t\t\r\n"
    b"12/04/26 09:02:13\tSMTP-IN\tA.MAI\t1320\t192.0.2.1\tDATA\tDATA\t354 go\t1\t1\t\t\r\n",
    w3c + b"".join(w3c_row.replace(b"{blank}", b"AUTH+PLAIN+" + e).replace(b"grace@example.org", b"-")
                   + b"\r\n" for e in enc),
    b"#Software: Microsoft Exchange Server\n#Log-type: SMTP Receive Protocol Log\n"
    b"#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,"
    b"event,data,context\n" + b"".join(
        b"2026-12-04T10:00:01.000Z,EX01\\D,S%d,1,192.0.2.20:25,192.0.2.9:5,%s\n" % (i % 11, t)
        for i, t in enumerate([b"*,,User Name: administrator", b">,535 5.7.3 x,",
                               b"*,\"a,\"\"b\",authenticated", b"*,,User Name: " + b"u" * 300,
                               b"*,,User Name: ", b"<,AUTH LOGIN,", b">,535 5.7.3 x,",
                               b"*,u@example.com,authenticated"] * 3)),
]
for f in auth:
    put_stream(f)
print("%d seeds in %s" % (n, out))
