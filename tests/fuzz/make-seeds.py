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
# reads "#Fields:"), with the three option bytes of stream_check.h in front:
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
for f in fields:
    for opts in (b"\x01\x00\x00", b"\x07\x03\xff", b"\x10\x01\x05"):
        put(opts + f)
print("%d seeds in %s" % (n, out))
