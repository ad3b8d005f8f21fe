#!/usr/bin/env python3
"""capture-send.py [--relay-source IP] -- the scenarios the capture scripts
send to the MTA under test on 127.0.0.1:25 (loopback only): local delivery,
two recipients, one unknown recipient, a relay attempt (from IP, default
127.0.0.1), a deferral, two recipients deferred together and a bounce."""
import smtplib, sys, time

relay_source = sys.argv[2] if len(sys.argv) > 2 and sys.argv[1] == "--relay-source" else "127.0.0.1"


def send(frm, rcpts, subject, source="127.0.0.1"):
    s = smtplib.SMTP("127.0.0.1", 25, local_hostname="client.test", timeout=30,
                     source_address=(source, 0))
    try:
        s.sendmail(frm, rcpts, f"From: {frm}\r\nTo: {', '.join(rcpts)}\r\nSubject: {subject}\r\n"
                   f"Message-ID: <{time.time()}.capture@client.test>\r\n\r\ncapture\r\n")
    except smtplib.SMTPException as e:
        print("refused as expected:", e)
    finally:
        s.quit()


send("sender@client.test", ["alice@localhost"], "local")
send("sender@client.test", ["alice@localhost", "bob@localhost"], "two recipients")
send("sender@client.test", ["alice@localhost", "nosuchuser@localhost"], "one unknown")
send("sender@client.test", ["alice@outside.example"], "relay refused", source=relay_source)
send("sender@client.test", ["carol@deferred.test.example"], "deferred")
send("sender@client.test", ["dan@deferred.test.example", "erin@deferred.test.example"], "deferred pair")
send("sender@client.test", ["gone@localhost"], "bounce")
