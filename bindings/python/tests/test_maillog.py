"""Tests of the maillog package (run by `make check-python` with pytest in
a venv where the package was installed by pip): the same golden files as
the C suite, read through every way the package gives them out."""
import bz2
import collections.abc
import datetime
import gzip
import io
import json
import lzma
import os
import pickle

import pytest

import maillog

REF = 1795953600
DATA = os.environ.get("MAILLOG_TEST_DATA") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests", "data")
LOGS = sorted(f[:-4] for f in os.listdir(DATA) if f.endswith(".log"))
STORIES = sorted(f[:-len(".messages.ndjson")] for f in os.listdir(DATA) if f.endswith(".messages.ndjson"))
QUEUED = b"Nov 28 09:00:06 mx1 postfix/qmgr[1]: 4F1A2B3C4D: from=<>, size=5, nrcpt=1 (queue active)"


def golden(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def path(name):
    return os.path.join(DATA, name + ".log")


def test_the_data_is_there():
    assert "postfix-loopback" in LOGS and "exchange-tracking" in STORIES


@pytest.mark.parametrize("name", LOGS)
def test_parse_file_matches_golden(name):
    got = list(maillog.parse_file(path(name), reference_time=REF))
    assert all(type(r) is maillog.Record for r in got)
    want = golden(name + ".ndjson")
    assert got == want  # a Record equals the dict of the JSON schema
    assert [r.fields() for r in got] == want
    assert [json.loads(r.json()) for r in got] == want


@pytest.mark.parametrize("name", LOGS)
def test_every_key_and_attribute_agrees_with_the_dict(name):
    """The fast paths (spans decoded on access) against the JSON."""
    for rec in maillog.parse_file(path(name), reference_time=REF):
        d = json.loads(rec.json())
        for key, value in d.items():
            assert rec[key] == value, (key, rec.line)
            assert rec.get(key) == value
            assert getattr(rec, key) == value or key == "unparsed"
        for key in ("queue_id", "from", "to", "status", "event", "size", "reply", "client_ip",
                    "pid", "relay_port", "mta", "severity", "session_id", "delivery_id"):
            assert rec.get(key) == d.get(key), (key, rec.line)
            assert getattr(rec, key) == d.get(key), (key, rec.line)
            assert (key in rec) == (key in d)
            if key not in d:
                with pytest.raises(KeyError):
                    rec[key]
        assert rec.from_ == d.get("from")
        assert rec.line == d["line"]
        assert rec.unparsed == bool(d.get("unparsed"))
        assert len(rec) == len(d) and list(rec) == list(d) and dict(rec.items()) == d
        if d.get("ts"):
            ts = datetime.datetime.fromisoformat(d["ts"])
            if ts.tzinfo is None:
                ts = ts.replace(tzinfo=datetime.timezone.utc)
            assert rec.time == pytest.approx(ts.timestamp(), abs=1e-6)
        elif "ts" not in d:
            assert rec.time is None


def test_text_and_raw_fields():
    with maillog.Parser(reference_time=REF) as p:
        rec = p.parse_line(QUEUED)
    assert rec.text == QUEUED.decode()
    assert rec.ts_raw == "Nov 28 09:00:06"
    assert rec.body is not None and "from=<>" in rec.body
    assert rec.from_ == "" and rec["from"] == "" and rec.size == 5 and rec["nrcpt"] == 1
    assert rec.to is None and rec.get("to", "x") == "x" and "to" not in rec
    assert rec.time == pytest.approx(1795856406.0)
    assert isinstance(rec, maillog.Record) and pickle.loads(pickle.dumps(rec)) == rec


def test_decoded_user_reads_as_text():
    # hMailServer logs AUTH LOGIN's name in base64: the record's user is
    # the decoded name, by attribute, by key, in the dict and the JSON,
    # after the parser and its chunk are gone
    lines = (b'"SMTPD"\t3150\t45\t"2026-12-04 09:12:00.200"\t"192.0.2.201"\t"RECEIVED: AUTH LOGIN"\n'
             b'"SMTPD"\t3150\t45\t"2026-12-04 09:12:00.201"\t"192.0.2.201"\t"SENT: 334 VXNlcm5hbWU6"\n'
             b'"SMTPD"\t3150\t45\t"2026-12-04 09:12:00.300"\t"192.0.2.201"\t"RECEIVED: YWRtaW4="\n'
             b'"SMTPD"\t3150\t45\t"2026-12-04 09:12:03.400"\t"192.0.2.201"\t"SENT: 535 Authentication failed."\n')
    p = maillog.Parser(reference_time=REF)
    got = p.feed(lines) + p.finish()
    p.close()
    del p
    assert [r.user for r in got] == [None, None, "admin", "admin"]
    assert got[3].event == "auth_failed" and got[3]["user"] == "admin"
    assert got[2].fields()["user"] == "admin" and '"user":"admin"' in got[2].json()
    assert pickle.loads(pickle.dumps(got[3]))["user"] == "admin"


def test_records_outlive_their_parser_and_chunk():
    data = open(path("postfix-loopback"), "rb").read()
    p = maillog.Parser(reference_time=REF)
    got = p.feed(bytearray(data)) + p.finish()  # a bytearray is copied, not kept
    p.close()
    del p
    assert got == golden("postfix-loopback.ndjson")


def test_small_chunks_and_counters():
    with open(path("postfix-kinds"), "rb") as f:
        data = f.read()
    with maillog.Parser(reference_time=REF) as p:
        got = []
        for i in range(0, len(data), 7):  # most lines carried over a boundary
            got += p.feed(data[i:i + 7])
        got += p.finish()
        assert p.counters["lines"] == len(got)
        assert p.counters["bytes"] == len(data)
        assert p.corr_counters is None
    assert got == golden("postfix-kinds.ndjson")
    assert list(maillog.parse_file(io.BytesIO(data), reference_time=REF)) == got


def test_batches_are_lists_per_chunk(monkeypatch):
    monkeypatch.setattr(maillog, "CHUNK_SIZE", 4096)
    size = os.path.getsize(path("postfix-loopback"))
    got = list(maillog.batches(path("postfix-loopback"), reference_time=REF))
    assert len(got) >= size // 4096
    assert [r for b in got for r in b] == golden("postfix-loopback.ndjson")


@pytest.mark.parametrize("compress", [gzip.compress, lzma.compress, bz2.compress])
def test_compressed_input_by_magic(tmp_path, compress):
    data = open(path("postfix-loopback"), "rb").read()
    f = tmp_path / "mail.log.1"  # no telling suffix: the magic bytes decide
    f.write_bytes(compress(data))
    want = golden("postfix-loopback.ndjson")
    assert list(maillog.parse_file(str(f), reference_time=REF)) == want
    with open(f, "rb") as fo:
        assert list(maillog.parse_file(fo, reference_time=REF)) == want
        assert not fo.closed  # the caller's file stays open
    assert list(maillog.parse_file(io.BytesIO(compress(data)), reference_time=REF)) == want
    if maillog._maillog.HAVE_CORRELATE:
        assert (list(maillog.messages(str(f), reference_time=REF))
                == golden("postfix-loopback.messages.ndjson"))


def test_zstd_is_refused_not_misread(tmp_path):
    f = tmp_path / "mail.log.zst"
    f.write_bytes(b"\x28\xb5\x2f\xfd" + b"\0" * 20)
    with pytest.raises(ValueError, match="zstd"):
        list(maillog.parse_file(str(f)))


def test_old_scripts_dict_idioms():
    """What scripts did with the dicts of the ctypes binding."""
    want = golden("postfix-loopback.ndjson")
    got = list(maillog.parse_file(path("postfix-loopback"), reference_time=REF))
    assert [dict(r) for r in got] == want
    assert json.loads("[" + ",".join(json.dumps(r.fields()) for r in got) + "]") == want
    assert [{k: v for k, v in r.items()} for r in got] == want
    assert all(isinstance(r, collections.abc.Mapping) for r in got)
    assert sorted(got[0].keys()) == sorted(want[0]) and list(got[0].values()) == list(want[0].values())


def test_subject_and_stream_dialect_options():
    def subjects(**opts):
        return [r.subject for r in maillog.parse_file(path("exchange-tracking"), reference_time=REF, **opts)]
    assert not any(subjects())  # personal data: left out unless asked
    assert any(subjects(subject=True))
    with maillog.Parser(reference_time=REF, stream_dialect="qmail") as p:
        assert p.parse_line(b"@400000006764a2c01f3b2f3c new msg 12345").mta == "qmail"
    with pytest.raises(ValueError):
        maillog.Parser(stream_dialect="nosuch")


def test_parse_line_accepts_str():
    with maillog.Parser(reference_time=REF) as p:
        rec = p.parse_line(QUEUED.decode())
    assert rec["event"] == "queued" and rec["from"] == "" and rec["size"] == 5


def test_dialects_come_from_the_library():
    assert sorted(d for d in maillog._DIALECTS if d) == [
        "exchange", "exim", "hmailserver", "mailenable", "opensmtpd", "postfix", "qmail", "sendmail"]
    with maillog.Parser(reference_time=REF, dialect="sendmail") as p:
        rec = p.parse_line("u31FFPtp032300: to=<a@x.example>,<b@x.example>, delay=00:00:01, stat=Sent")
    assert rec["recipients"] == ["a@x.example", "b@x.example"] and rec.recipients == rec["recipients"]
    assert rec["mta"] == "sendmail" and rec.status == "sent" and rec.delay == 1


def test_errors():
    with pytest.raises(ValueError):
        maillog.Parser(dialect="nosuch")
    with pytest.raises(maillog.MaillogError) as e:
        maillog.Parser(default_offset=10**9)
    assert e.value.code == -1004
    with pytest.raises(ValueError):
        maillog.Parser(max_messages=5)  # limits need the correlator
    p = maillog.Parser()
    p.close()
    with pytest.raises(ValueError):
        p.parse_line(b"x")
    with pytest.raises(ValueError):
        p.feed(b"x\n")
    with pytest.raises(TypeError):
        maillog.Parser().feed("text, not bytes")


def test_long_record_between_short_ones():
    short = b"Nov 28 09:00:06 mx1 postfix/qmgr[1]: 4F1A2B3C4D: removed"
    long_ = (b"Nov 28 09:00:07 mx1 postfix/smtp[2]: 4F1A2B3C4D: to=<a@b.example>, "
             b"status=bounced (" + b"x" * 20000 + b")")
    data = short + b"\n" + long_ + b"\n" + short + b"\n"
    with maillog.Parser(reference_time=REF) as p:
        alone = p.parse_line(short).fields()
    del alone["line"]
    for size in (len(data), 4096, 1000):
        with maillog.Parser(reference_time=REF) as p:
            got = []
            for i in range(0, len(data), size):
                got += p.feed(data[i:i + size])
            got += p.finish()
        assert len(got) == 3
        assert len(got[1].reply) == 20000 and got[1].status == "bounced"
        for rec in (got[0], got[2]):
            d = rec.fields()
            del d["line"]
            assert d == alone


def test_binary_garbage_gives_valid_records():
    got = list(maillog.parse_file(io.BytesIO(bytes(range(256)) * 4), reference_time=REF))
    assert len(got) == 5 and all(r.get("unparsed") and r.unparsed for r in got)
    assert all(isinstance(r.raw, str) and isinstance(r.text, str) for r in got)


@pytest.mark.skipif(not maillog._maillog.HAVE_CORRELATE, reason="built with CORRELATE=0")
class TestMessages:
    @pytest.mark.parametrize("name", STORIES)
    def test_messages_match_golden(self, name):
        got = list(maillog.messages(path(name), reference_time=REF))
        want = golden(name + ".messages.ndjson")
        assert got == want
        for m, w in zip(got, want):
            assert type(m) is (maillog.Session if w.get("session") else maillog.Message)
            assert m.fields() == w and json.loads(m.json()) == w
            assert m.queue_id == w.get("queue_id") and m.from_ == w.get("from")
            assert m.get("nosuch", 7) == 7 and m.nosuch is None

    def test_limits_evict(self):
        want = golden("correlate-cases.messages.ndjson")
        got = list(maillog.messages(path("correlate-cases"), reference_time=REF,
                                    max_messages=1, max_sessions=1))
        assert got != want
        assert any(m.get("evicted") for m in got)
        # nothing is dropped: every queue id still comes out
        assert ({m["queue_id"] for m in want if "queue_id" in m}
                <= {m["queue_id"] for m in got if "queue_id" in m})

    def test_a_loop_left_early_closes_the_file(self, monkeypatch):
        opened = []
        real = maillog.open_log
        monkeypatch.setattr(maillog, "open_log", lambda src: opened.append(real(src)) or opened[-1])
        it = maillog.messages(path("postfix-loopback"), reference_time=REF)
        first = next(it)
        assert len(opened) == 1 and not opened[0].closed
        del it  # the reader closes the file it opened; its items live on
        assert opened[0].closed
        assert first == golden("postfix-loopback.messages.ndjson")[0]
        for _ in maillog.parse_file(path("postfix-kinds")):
            pass
        assert opened[1].closed  # and at the end of a loop

    def test_limits_are_checked(self):
        with pytest.raises(maillog.MaillogError):
            maillog.Parser(correlate=True, max_messages=-1)

    def test_parser_with_correlation_and_counters(self):
        with maillog.Parser(reference_time=REF, correlate=True, grace=0) as p:
            got = p.feed(open(path("postfix-loopback"), "rb").read()) + p.finish()
            cc = p.corr_counters
        assert cc["messages"] + cc["sessions"] == len(got) and cc["records"] > len(got)

    def test_keep_lines(self):
        plain = list(maillog.messages(path("postfix-loopback"), reference_time=REF))
        kept = list(maillog.messages(path("postfix-loopback"), reference_time=REF, keep_lines=True))
        assert len(plain) == len(kept)
        assert any(k.fields() != p.fields() for p, k in zip(plain, kept))
