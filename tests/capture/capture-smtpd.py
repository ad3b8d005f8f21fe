#!/usr/bin/env python3
"""capture-smtpd.py MODE PORT [NEXT_PORT] [--seconds N] -- a tiny SMTP server on
127.0.0.1:PORT for the capture scripts (loopback only; it exits by itself
after N seconds, 300 by default).

MODE send (capture-smtpd.py send, no port): the client instead.  Each line
of standard input, `FROM | SUBJECT | RCPT...` (FROM may be empty: the null
sender), is one message sent to the MTA on 127.0.0.1:25.

MODE filter: an after-queue content filter.  Each message is passed on
unchanged to the MTA's re-injection listener on 127.0.0.1:NEXT_PORT and the
filter answers the end of DATA with that listener's own reply ("250 2.0.0
Ok: queued as CHILD"), as amavisd-new and other proxies do.

MODE sink: a remote server with scripted answers chosen by the recipient's
local part: "tempok" is refused with 451 at the first attempt and accepted
afterwards, "tempfail" is refused with 451 at the first attempt and with 550
afterwards, "refuse" always gets 550, "defer" always gets 451; everything
else is accepted."""
import smtplib
import socketserver
import sys
import threading

attempts = {}
lock = threading.Lock()
counter = [0]


class Handler(socketserver.StreamRequestHandler):
    def reply(self, text):
        self.wfile.write((text + "\r\n").encode())
        self.wfile.flush()

    def rcpt_answer(self, rcpt):
        if MODE != "sink":
            return None
        local = rcpt.split("@")[0].lower()
        with lock:
            n = attempts[rcpt] = attempts.get(rcpt, 0) + 1
        if local == "refuse" or (local == "tempfail" and n > 1):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % rcpt
        if local == "defer" or (local in ("tempok", "tempfail") and n == 1):
            return "451 4.3.0 <%s>: Recipient address rejected: Try again later" % rcpt
        return None

    def deliver(self, sender, rcpts, data):
        if MODE == "sink":
            with lock:
                counter[0] += 1
                return "250 2.0.0 Ok: queued as SINK%04d" % counter[0]
        s = smtplib.SMTP("127.0.0.1", NEXT_PORT, local_hostname="filter.test.example", timeout=30)
        try:
            s.ehlo()
            s.mail(sender)
            for r in rcpts:
                s.rcpt(r)
            code, text = s.data(data)
            s.quit()
        except (smtplib.SMTPException, OSError) as e:
            return "451 4.3.0 filter: re-injection failed: %s" % str(e).replace("\r\n", " ")
        return "%d %s" % (code, text.decode(errors="replace").replace("\n", " "))

    def handle(self):
        self.reply("220 filter.test.example ESMTP capture " + MODE)
        sender, rcpts = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode(errors="replace").rstrip("\r\n")
            verb = cmd[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250-filter.test.example\r\n250-PIPELINING\r\n250 8BITMIME" if verb == "EHLO"
                           else "250 filter.test.example")
            elif verb == "MAIL":
                sender, rcpts = cmd.split(":", 1)[1].strip().split()[0].strip("<>"), []
                self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                rcpt = cmd.split(":", 1)[1].strip().split()[0].strip("<>")
                refused = self.rcpt_answer(rcpt)
                if refused:
                    self.reply(refused)
                else:
                    rcpts.append(rcpt)
                    self.reply("250 2.1.5 Ok")
            elif verb == "DATA":
                if not rcpts:
                    self.reply("554 5.5.1 Error: no valid recipients")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = []
                while True:
                    l = self.rfile.readline()
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    body.append(l[1:] if l.startswith(b"..") else l)
                self.reply(self.deliver(sender, rcpts, b"".join(body)))
            elif verb == "RSET":
                sender, rcpts = None, []
                self.reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("250 2.0.0 Ok")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def send_all(lines):
    import time
    for line in lines:
        if not line.strip():
            continue
        frm, subject, rcpts = [f.strip() for f in line.split("|")]
        rcpts = rcpts.split()
        s = smtplib.SMTP("127.0.0.1", 25, local_hostname="client.test.example", timeout=30)
        s.sendmail(frm, rcpts, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%f.situations@client.test.example>"
                   "\r\n\r\ncapture\r\n" % (frm or "MAILER-DAEMON", ", ".join(rcpts), subject, time.time()))
        s.quit()


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["send"]:
        send_all(sys.stdin)
        sys.exit(0)
    seconds = 300.0
    if "--seconds" in args:
        i = args.index("--seconds")
        seconds = float(args[i + 1])
        del args[i:i + 2]
    MODE, PORT = args[0], int(args[1])
    NEXT_PORT = int(args[2]) if len(args) > 2 else 0
    srv = Server(("127.0.0.1", PORT), Handler)
    threading.Timer(seconds, srv.shutdown).start()
    srv.serve_forever()
