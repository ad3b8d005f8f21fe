#!/usr/bin/env python3
"""corpus-check.py -- run maillog-json over the public sample logs in
../shared/corpus (not shipped with the project; skipped when absent) and
report every unparsed line and every field that disagrees with the expected
values the grok-patterns YAML files carry.  `make corpus-check` runs it.
Exit status 1 when anything disagrees."""
import glob, json, os, subprocess, sys

try:
    import yaml
except ImportError:
    print("corpus-check: python3-yaml not installed; skipped")
    sys.exit(0)

TOOL = sys.argv[1] if len(sys.argv) > 1 else "build/bin/maillog-json"
CORPUS = os.environ.get("MAILLOG_CORPUS", "../shared/corpus/public")
if not os.path.isdir(CORPUS):
    print("corpus-check: %s not found; skipped" % CORPUS)
    sys.exit(0)

# grok result key -> our JSON key (values compared as strings)
MAP = {
    "postfix_queueid": "queue_id", "postfix_client_hostname": "client_host",
    "postfix_client_ip": "client_ip", "postfix_client_port": "client_port",
    "postfix_relay_hostname": "relay_host", "postfix_relay_ip": "relay_ip",
    "postfix_relay_port": "relay_port", "postfix_from": "from", "postfix_message-id": "message_id",
    "postfix_status": "status", "postfix_smtp_stage": "stage", "postfix_dnsbl_domain": None,
    "postfix_status_code": "reply_code", "postfix_status_code_enhanced": "dsn",
    "postfix_bounce_queueid": "new_queue_id", "postfix_smtp_response": "reply",
}

def run(lines, dialect=None):
    args = [TOOL, "--reference-time", "2026-11-29"] + (["--dialect", dialect] if dialect else [])
    out = subprocess.run(args, input="\n".join(lines).encode() + b"\n", capture_output=True, check=True)
    return [json.loads(l) for l in out.stdout.splitlines()]

bad = 0
checked = 0
# Shapes we deliberately do not accept, with the reason:
# - a host and tag with no timestamp before them (a fail2ban test variant):
#   a bare "word tag[pid]:" prefix would misread ordinary text as a host.
KNOWN_UNSUPPORTED = ("mail.example.com exim[3751842]: ",)
# 1. grok bodies with expected values
for path in sorted(glob.glob(os.path.join(CORPUS, "whyscream__postfix-grok-patterns/test/*.yaml"))):
    d = yaml.safe_load(open(path))
    # Only whole-line patterns: the *_DATA, DELAYS, TLS_FEATURES and RELAY
    # files test fragments of a line.
    if any(x in d["pattern"] for x in ("_DATA", "DELAYS", "TLS_FEATURES", "POSTFIX_RELAY")):
        continue
    rec = run([d["data"]], "postfix")[0]
    name = os.path.basename(path)
    if rec.get("unparsed"):
        print("UNPARSED %s: %s" % (name, d["data"]))
        bad += 1
        continue
    for k, v in (d.get("results") or {}).items():
        ours = MAP.get(k)
        if not ours:
            continue
        checked += 1
        got = rec.get(ours)
        want = str(v)
        if ours == "status":  # our status is normalised (docs/FORMATS.md, "JSON schema")
            want = {"undeliverable-but-not-cached": "undeliverable",
                    "force-expired": "expired"}.get(want.lower(), want.lower())
        if ours == "queue_id" and want == "NOQUEUE" and got is None:
            continue  # NOQUEUE: no queue id, by design
        if ours == "reply" and got and want in got:
            continue  # our reply keeps "host X said:" and "(in reply to ...)"
        if ours == "client_ip" and got is None and "unknown" in str(d.get("results")):
            pass
        if ours == "stage" and got and got.upper().startswith(want.upper()):
            continue
        if str(got) != want:
            print("MISMATCH %s %s: got %r want %r" % (name, ours, got, want))
            bad += 1
# 2. whole syslog files: every Postfix and Sendmail line must parse
for rel in ["fail2ban__fail2ban/fail2ban/tests/files/logs/postfix",
            "kumina__postfix_exporter/postfix_exporter_test.go.EXTRACTED_LOG_LINES.txt",
            "fail2ban__fail2ban/fail2ban/tests/files/logs/sendmail-reject",
            "fail2ban__fail2ban/fail2ban/tests/files/logs/sendmail-auth",
            "fail2ban__fail2ban/fail2ban/tests/files/logs/exim",
            "fail2ban__fail2ban/fail2ban/tests/files/logs/exim-spam",
            "fail2ban__fail2ban/fail2ban/tests/files/logs/qmail",
            "yudai09__fluent-plugin-sendmail/test/data/data"]:
    path = os.path.join(CORPUS, rel)
    if not os.path.exists(path):
        continue
    lines = [l for l in open(path, encoding="utf-8", errors="replace").read().splitlines()
             if l and not l.startswith("#")]
    for rec in run(lines):
        checked += 1
        if rec.get("unparsed") and rec["raw"].startswith(KNOWN_UNSUPPORTED):
            print("known, not supported: %s" % rec["raw"][:80])
            continue
        if rec.get("unparsed"):
            print("UNPARSED %s: %s" % (rel, rec["raw"]))
            bad += 1
# 3. fluent-plugin-sendmail's expected deliveries: each to= line correlated
# with its from= line (recipients, status, dsn, delay, relay, sender,
# message-id, client)
base = os.path.join(CORPUS, "yudai09__fluent-plugin-sendmail/test/data")
if os.path.exists(os.path.join(base, "result")):
    lines = open(os.path.join(base, "data")).read().splitlines()
    recs = [r for r in run(lines) if r.get("event") == "delivery"]
    frm = [r for r in run(lines) if r.get("event") == "client"][0]
    want_all = [json.loads(l) for l in open(os.path.join(base, "result")) if l.strip()]
    for want in want_all:
        to = [t.strip("<>") for t in want["to"]]
        got = [r for r in recs if r.get("recipients", [r.get("to")]) == to and
               r.get("delay") == want["delay_in_sec"]]
        checked += 1
        if len(got) != 1:
            print("MISMATCH sendmail: no record for %s" % to)
            bad += 1
            continue
        r = got[0]
        # their "sent_local" (local mailer) is our "sent": the mailer is an attribute
        st = {"sent_local": "sent"}.get(want["status_canonical"], want["status_canonical"])
        pairs = [(r.get("status"), st), (r.get("dsn"), want["dsn"]),
                 (r.get("relay_ip"), (want.get("relay_to") or {}).get("ip")),
                 (frm.get("from"), want["from"].strip("<>")),
                 (frm.get("message_id"), want["msgid"].strip("<>")),
                 (frm.get("client_ip"), want["relay_from"]["ip"]),
                 (frm.get("size"), int(want["size"])), (frm.get("nrcpt"), int(want["nrcpts"]))]
        for g, w in pairs:
            checked += 1
            if g != w:
                print("MISMATCH sendmail %s: got %r want %r" % (to, g, w))
                bad += 1
# 4. Exchange's own files: every line understood (header lines are
# notices), and the values the samples' own tests expect
def run_file(path):
    out = subprocess.run([TOOL, path], capture_output=True, check=True)
    return [json.loads(l) for l in out.stdout.splitlines()]

def expect(name, got, want):
    global bad, checked
    checked += 1
    if got != want:
        print("MISMATCH %s: got %r want %r" % (name, got, want))
        bad += 1

def whole_files(rels, mta):
    """Every line of each file read by mta: {basename: records}."""
    global bad, checked
    got = {}
    for rel in rels:
        path = os.path.join(CORPUS, rel)
        if not os.path.exists(path):
            continue
        got[os.path.basename(rel)] = recs = run_file(path)
        for rec in recs:
            checked += 1
            if rec.get("unparsed") or rec.get("mta") != mta:
                print("UNPARSED %s: %s" % (rel, rec.get("raw", rec)))
                bad += 1
    return got

ex = whole_files(["awslabs__kinesis-agent-windows/ExchangeLogParserTest.cs.EXTRACTED_MSGTRK_SAMPLE.LOG",
                  "elastic__beats/filebeat/tests/files/logs/bom8.log",
                  "DigitalRuby__IPBan/IPBanTests/TestData/LogFiles/Exchange/smtp_auth_successful.log",
                  "crowdsecurity__hub/.tests/exchange-smtp-bf/exchange-smtp-bf.log",
                  "crowdsecurity__hub/.tests/exchange-smtp-logs/exchange-smtp-logs.log"], "exchange")
# the C# test asserts date-time, client-ip (empty), client-hostname and
# custom-data of both records
recs = [r for r in ex.get("ExchangeLogParserTest.cs.EXTRACTED_MSGTRK_SAMPLE.LOG", []) if r.get("event_raw")]
if recs:
    expect("awslabs records", len(recs), 2)
    expect("awslabs ts", [r.get("ts") for r in recs],
           ["2017-05-22T17:33:35.632000+00:00", "2017-05-22T17:33:35.695000+00:00"])
    expect("awslabs client_ip", [r.get("client_ip") for r in recs], [None, None])
    expect("awslabs client_host", [r.get("client_host") for r in recs], ["EX13D13UWA001", None])
    expect("awslabs custom-data", [r["attrs"].get("custom-data", "")[:30] for r in recs],
           ["S:AMA=SUM|action=p|error=|atch", "S:DeliveryPriority=Normal;S:Or"])
    expect("awslabs HAREDIRECT recipients", recs[1].get("recipients"),
           ["abannert@amazon.com", "bryanson@amazon.com", "zihoncao@amazon.com"])
# filebeat expects the first event to be "#Software: ..." with the BOM gone:
# here the header line claims the stream
recs = ex.get("bom8.log", [])
if recs:
    expect("bom8 first line", (recs[0].get("mta"), recs[0].get("event")), ("exchange", "notice"))
    expect("bom8 rows", [(r.get("event_raw"), r.get("ts")) for r in recs if r.get("event_raw")],
           [("NOTIFYMAPI", "2016-04-05T00:00:02.052000+00:00"),
            ("NOTIFYMAPI", "2016-04-05T00:00:02.145000+00:00")])
# IPBan expects one successful login from 180.20.20.20
recs = ex.get("smtp_auth_successful.log", [])
if recs:
    expect("ipban 235", [(r.get("client_ip"), r.get("reply_code")) for r in recs
                         if r.get("reply_code") == 235], [("180.20.20.20", 235)])
    expect("ipban failures", [r for r in recs if r.get("event") == "auth_failed"], [])
# crowdsec's parser.assert: the fields of its one line; the brute force
# file: nine authentication failures
recs = ex.get("exchange-smtp-logs.log", [])
if recs:
    r = recs[0]
    expect("crowdsec fields", (r.get("ts"), r["attrs"].get("connector-id"), r.get("session_id"),
                               r["attrs"].get("sequence-number"), r["attrs"].get("local-endpoint"),
                               r.get("client_ip"), r.get("client_port"), r.get("event_raw"),
                               r.get("reply_code"), r.get("reply"), r.get("event")),
           ("2022-07-20T21:12:06.270000+00:00", "EXCHANGE-1\\Default Frontend EXCHANGE-1",
            "08DA4F7C11473A60", "9", "192.168.9.241:25", "192.168.9.212", 53722, ">", 535,
            "535 5.7.3 Authentication unsuccessful", "auth_failed"))
if "exchange-smtp-bf.log" in ex:
    expect("crowdsec brute force", [r.get("event") for r in ex["exchange-smtp-bf.log"]],
           ["auth_failed"] * 9)
# 5. MailEnable's activity logs: every line understood (the file marker is
# a notice), and the values the MANIFEST and formats-windows.md state
me = whole_files(["DigitalRuby__IPBan/IPBanCore/ipban.config.EXTRACTED_MAILENABLE_LINES.txt",
                  "sachinsamylist__mailenable-smtp-security-script/MailEnable SMTP Security Script/"
                  "SMTP-Activity.log"], "mailenable")
recs = me.get("ipban.config.EXTRACTED_MAILENABLE_LINES.txt", [])
if recs:
    # an SMTP AUTH failure (account in column 11) and an IMAP LOGIN failure
    expect("ipban mailenable", [(r.get("ts"), r.get("event"), r.get("client_ip"), r.get("user"),
                                 r.get("session_id"), r.get("reply_code"),
                                 r.get("attrs", {}).get("message-file")) for r in recs],
           [("2020-09-01T00:00:19", "auth_failed", "21.74.49.152", "user.name@domain.com", "2816",
             535, "6468E5679CDC4F53AFB8064FA9FA29E6.MAI"),
            ("2021-05-24T00:02:38", "auth_failed", "55.55.55.56", "user@domain.com", "3404",
             None, None)])
recs = me.get("SMTP-Activity.log", [])
if recs:
    # the marker, then one 14-row block three times (IPs edited): each has
    # 4 AUTH LOGIN failures (535, account in column 11 once known) and 2
    # banners; the base64 passwords are never attributes
    expect("sachinsamylist marker", (recs[0].get("event"), recs[0].get("ts")),
           ("notice", "2025-03-26T00:00:04"))
    expect("sachinsamylist rows", len(recs), 43)
    expect("sachinsamylist auth failures",
           [(r.get("client_ip"), r.get("user")) for r in recs if r.get("event") == "auth_failed"][:4],
           [("218.62.48.58", None), ("81.30.107.98", "tci"), ("81.30.107.99", "czech"),
            ("81.30.107.92", "kaisen")])
    expect("sachinsamylist failure count", sum(r.get("event") == "auth_failed" for r in recs), 12)
    expect("sachinsamylist banners", [(r.get("event"), r.get("reply")) for r in recs
                                      if r.get("reply_code") == 220][:1], [("connect", "220 W")])
    expect("sachinsamylist base64 hidden", any("MTIzNDU2" in json.dumps(r.get("attrs", {}))
                                               for r in recs), False)
# 6. hMailServer's own files, wherever the corpus has them (none is named
# in MANIFEST.md yet): every line read by the hmailserver dialect, none
# unparsed
for path in sorted(glob.glob(os.path.join(CORPUS, "**", "hmailserver*.log"), recursive=True)):
    for rec in run_file(path):
        checked += 1
        if rec.get("unparsed") or rec.get("mta") != "hmailserver":
            print("UNPARSED %s: %s" % (os.path.relpath(path, CORPUS), rec.get("raw", rec)))
            bad += 1
print("corpus-check: %d checked, %d disagreements" % (checked, bad))
sys.exit(1 if bad else 0)
