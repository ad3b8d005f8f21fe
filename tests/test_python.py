"""Tests of the Python binding (bindings/python/maillog) against the built
shared library: the same golden files as the C suite.  Run by make check
with MAILLOG_LIBRARY pointing at build/lib."""
import io
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "python"))
import maillog  # noqa: E402

REF = 1795953600
DATA = os.path.join(HERE, "data")


def golden(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


class ParseTests(unittest.TestCase):
    def test_parse_file_matches_golden(self):
        for name in ("postfix-kinds", "envelopes", "postfix-loopback", "correlate-cases",
                     "sendmail-loopback", "exim-loopback", "opensmtpd-loopback", "qmail-kinds"):
            got = list(maillog.parse_file(os.path.join(DATA, name + ".log"), reference_time=REF))
            self.assertEqual(got, golden(name + ".ndjson"), name)

    def test_file_object_and_small_chunks(self):
        with open(os.path.join(DATA, "postfix-kinds.log"), "rb") as f:
            data = f.read()
        with maillog.Parser(reference_time=REF) as p:
            got = []
            for i in range(0, len(data), 7):
                got += p.feed(data[i:i + 7])
            got += p.finish()
            self.assertEqual(p.counters["lines"], len(got))
        self.assertEqual(got, golden("postfix-kinds.ndjson"))
        self.assertEqual(list(maillog.parse_file(io.BytesIO(data), reference_time=REF)), got)

    def test_parse_line_and_str(self):
        with maillog.Parser(reference_time=REF) as p:
            rec = p.parse_line("Nov 28 09:00:06 mx1 postfix/qmgr[1]: 4F1A2B3C4D: from=<>, size=5, nrcpt=1 (queue active)")
        self.assertEqual(rec["event"], "queued")
        self.assertEqual(rec["from"], "")
        self.assertEqual(rec["size"], 5)

    def test_dialects_come_from_the_library(self):
        self.assertEqual(sorted(d for d in maillog._DIALECTS if d),
                         ["exchange", "exim", "hmailserver", "opensmtpd", "postfix", "qmail",
                          "sendmail"])
        with maillog.Parser(reference_time=REF, dialect="sendmail") as p:
            rec = p.parse_line("u31FFPtp032300: to=<a@x.example>,<b@x.example>, delay=00:00:01, stat=Sent")
        self.assertEqual(rec["recipients"], ["a@x.example", "b@x.example"])
        self.assertEqual(rec["mta"], "sendmail")

    def test_errors(self):
        with self.assertRaises(ValueError):
            maillog.Parser(dialect="nosuch")
        with self.assertRaises(maillog.MaillogError) as cm:
            maillog.Parser(default_offset=10**9)
        self.assertEqual(cm.exception.code, -1004)
        p = maillog.Parser()
        p.close()
        with self.assertRaises(ValueError):
            p.parse_line(b"x")

    def test_long_record_between_short_ones(self):
        # the writer's buffer grows for the long one; the short ones after
        # it must come out whole and alone, in one chunk or many
        short = b"Nov 28 09:00:06 mx1 postfix/qmgr[1]: 4F1A2B3C4D: removed"
        long_ = (b"Nov 28 09:00:07 mx1 postfix/smtp[2]: 4F1A2B3C4D: to=<a@b.example>, "
                 b"status=bounced (" + b"x" * 20000 + b")")
        data = short + b"\n" + long_ + b"\n" + short + b"\n"
        with maillog.Parser(reference_time=REF) as p:
            alone = p.parse_line(short)
        for size in (len(data), 4096, 1000):
            with maillog.Parser(reference_time=REF) as p:
                got = []
                for i in range(0, len(data), size):
                    got += p.feed(data[i:i + size])
                got += p.finish()
            self.assertEqual(len(got), 3, size)
            self.assertEqual(len(got[1]["reply"]), 20000)
            self.assertEqual(got[1]["status"], "bounced")
            for rec in (got[0], got[2]):
                self.assertEqual({k: v for k, v in rec.items() if k != "line"},
                                 {k: v for k, v in alone.items() if k != "line"})

    def test_binary_garbage_gives_valid_records(self):
        data = bytes(range(256)) * 4
        got = list(maillog.parse_file(io.BytesIO(data), reference_time=REF))
        self.assertEqual(len(got), 5)
        self.assertTrue(all(r.get("unparsed") for r in got))


@unittest.skipUnless(hasattr(maillog._lib, "maillog_corr_new"), "built with CORRELATE=0")
class MessageTests(unittest.TestCase):
    def test_messages_match_golden(self):
        for name in ("postfix-loopback", "correlate-cases", "sendmail-loopback", "exim-loopback",
                     "opensmtpd-loopback", "qmail-kinds"):
            got = list(maillog.messages(os.path.join(DATA, name + ".log"), reference_time=REF))
            self.assertEqual(got, golden(name + ".messages.ndjson"), name)


if __name__ == "__main__":
    unittest.main()
