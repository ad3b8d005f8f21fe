#!/usr/bin/env python3
"""compare-pflogsumm.py REPORT_BIN LOG... -- run pflogsumm and maillog-report
on the same Postfix logs and compare their grand totals.

pflogsumm reads one syslog name (postfix, or --syslog-name): each Postfix
instance of a log (postfix, postfix-out, ...) is compared on its own lines,
with pflogsumm told its name.  maillog-json (beside REPORT_BIN) says which
line is whose.

Totals must be equal, except where pflogsumm is known to be wrong; there
the difference must be exactly what the report and the correlated messages
say (docs/TOOLS.md, "maillog-report and pflogsumm"):
  received, bytes received: pflogsumm counts again a message re-injected
    by a content filter through an smtpd of the default name (a hop), and
    counts a NOQUEUE "client=" line of a before-queue filter as a message;
  sending domains: so it adds the domains of those hops that no message
    counted by the report has (a null sender's, which is the re-injecting
    client's host name, localhost);
  delivered, bytes delivered: pflogsumm adds the hop into a content filter
    (handed_off_recipients, handed_off_bytes);
  recipients, recipient domains: pflogsumm adds addresses that were only
    handed to a content filter (so it can only have more);
  deferred: pflogsumm counts distinct queue ids over the whole log, not
    messages per host (so it can only have fewer);
  every total from delivery lines: pflogsumm skips a delivery line its own
    pattern cannot read (Postfix 3.11's tls= before dsn=, a quoted address
    holding '>'): those lines, found with that pattern, are taken off;
  rejected: pflogsumm does not count a before-queue filter's proxy-reject.
Exit 0 when all hold for every log and instance, 1 otherwise, 77 (skip)
without pflogsumm.
"""
import json, os, re, shutil, subprocess, sys, tempfile

report_bin, logs = sys.argv[1], sys.argv[2:]
json_bin = os.path.join(os.path.dirname(report_bin), "maillog-json")
pfl = shutil.which("pflogsumm") or (shutil.which("pflogsumm", path="/usr/sbin:/usr/bin"))
if not pfl:
    print("compare-pflogsumm: pflogsumm not installed, skipped")
    sys.exit(77)

names = {
    "received": "received", "delivered": "delivered", "forwarded": "forwarded",
    "deferred": "deferred", "bounced": "bounced", "rejected": "rejected",
    "reject warnings": "reject_warnings", "held": "held", "discarded": "discarded",
    "bytes received": "bytes_received", "bytes delivered": "bytes_delivered",
    "senders": "senders", "sending hosts/domains": "sending_domains",
    "recipients": "recipients", "recipient hosts/domains": "recipient_domains",
}
UNITS = {"": 1, "k": 1024, "m": 1024 * 1024}


def run(args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pflogsumm_totals(log, inst):
    args = [pfl] + ([] if inst == "postfix" else ["--syslog-name=" + inst]) + [log]
    theirs, unit = {}, {}
    for line in run(args).split("Per-Hour")[0].splitlines():
        m = re.match(r"\s*(\d+)([km]?)\s+(.*?)\s*(\(.*)?$", line)
        if not m or m.group(3) not in names:
            continue
        # pflogsumm prints large values truncated to whole k or m (1024-based)
        theirs[names[m.group(3)]] = int(m.group(1))
        unit[names[m.group(3)]] = UNITS[m.group(2)]
        d = re.search(r"\((\d+)([km]?)\s+deferrals\)", line)
        if d:
            theirs["deferrals"] = int(d.group(1))
            unit["deferrals"] = UNITS[d.group(2)]
    return theirs, unit


# pflogsumm's own pattern of a delivery line (pflogsumm 1.1.x)
PFL_DELIVERY = re.compile(r"to=<([^>]*)>, (?:orig_to=<[^>]*>, )?relay=([^,]+), (?:conn_use=[^,]+, )?"
                          r"delay=([^,]+), (?:delays=[^,]+, )?(?:dsn=[^,]+, )?status=(\S+)(.*)$")


def sender_domain(m):
    """pflogsumm's sending domain of a message: the sender's domain, or for
    the null sender the client's host name (its address when unknown)."""
    frm = m.get("from", "")
    if "@" in frm:
        return frm.rsplit("@", 1)[1].lower()
    host = m.get("client_host", "")
    return (host if host and host != "unknown" else m.get("client_ip", "")).lower()


def pflogsumm_view(log, inst):
    """What pflogsumm counts otherwise than the report, from the records
    and correlated messages: received again (hops whose client= line an
    smtpd of the default name wrote, NOQUEUE client= lines) with their
    bytes, delivery lines it cannot read by status (with the bytes of the
    sent ones), and proxy-rejects."""
    with open(log, encoding="utf-8", errors="surrogateescape") as f:
        lines = f.read().split("\n")
    msgs = [json.loads(l) for l in run([json_bin, "--messages", log]).splitlines()]
    size = {m["queue_id"]: m.get("size", 0) for m in msgs if not m.get("session")}
    hops = {m["queue_id"] for m in msgs
            if not m.get("session") and m.get("parent") and not m.get("bounce")}
    # pflogsumm's command: the tag after the name, with smtps/ or submission/
    cmd = re.compile(re.escape(inst) + r"(?:/(?:smtps|submission))?/(smtpd|postscreen)$")
    bymsg = {m["queue_id"]: m for m in msgs if not m.get("session")}
    v = {"again": 0, "again_bytes": 0, "sent": 0, "sent_bytes": 0, "bounced": 0, "deferred": 0,
         "proxy_rejects": 0, "hop_domains": set()}
    for l in run([json_bin, log]).splitlines():
        r = json.loads(l)
        ev = r.get("event")
        if ev == "client" and cmd.match(r.get("program", "")):
            if "queue_id" not in r:
                v["again"] += 1
            elif r["queue_id"] in hops:
                v["again"] += 1
                v["again_bytes"] += size.get(r["queue_id"], 0)
                v["hop_domains"].add(sender_domain(bymsg[r["queue_id"]]))
        elif ev == "delivery" and not PFL_DELIVERY.search(lines[r["line"] - 1]):
            st = r.get("status")
            if st in ("sent", "bounced", "deferred"):
                v[st] += 1
            if st == "sent":
                v["sent_bytes"] += size.get(r.get("queue_id"), 0)
        elif ev == "reject" and r.get("action") == "proxy-reject":
            v["proxy_rejects"] += 1
    return v


def compare(log, inst, shown=None):
    print(f"{shown or log} (syslog name {inst}):")
    theirs, unit = pflogsumm_totals(log, inst)
    if len(theirs) < len(names):
        print("compare-pflogsumm: could not read pflogsumm's grand totals:",
              sorted(set(names.values()) - set(theirs)))
        return ["unreadable"]
    rep = json.loads(run([report_bin, "--json", "--quiet", log]))
    ours, bym = rep["totals"], rep["by_message"]
    v = pflogsumm_view(log, inst)
    theirs.setdefault("deferrals", 0)  # not printed when there are none
    fails = []

    def scaled(key, v):
        """A value of ours in pflogsumm's printed unit for key."""
        return v // unit.get(key, 1)

    def check(key, ok, why):
        u = {1: "", 1024: "k", 1024 * 1024: "m"}[unit.get(key, 1)]
        print(f"  {key:18} pflogsumm {theirs.get(key)!s:>8}{u:1}  maillog-report {ours.get(key)!s:>10}  "
              f"{'ok' if ok else 'FAIL'} {why}")
        if not ok:
            fails.append(key)

    for key in ["forwarded", "reject_warnings", "held", "discarded", "senders"]:
        check(key, theirs[key] == scaled(key, ours[key]), "(equal)")
    extra = len(v["hop_domains"] - {d["domain"] for d in rep.get("sender_domains", [])})
    check("sending_domains", theirs["sending_domains"] == scaled("sending_domains", ours["sending_domains"] + extra),
          f"(+{extra} domains of re-injected messages only)")
    check("bounced", theirs["bounced"] == scaled("bounced", ours["bounced"] - v["bounced"]),
          f"(-{v['bounced']} lines pflogsumm cannot read)")
    check("deferrals", theirs["deferrals"] == scaled("deferrals", ours["deferrals"] - v["deferred"]),
          f"(-{v['deferred']} lines pflogsumm cannot read)")
    check("rejected", theirs["rejected"] == scaled("rejected", ours["rejected"] - v["proxy_rejects"]),
          f"(-{v['proxy_rejects']} proxy-rejects)")
    check("received", theirs["received"] == scaled("received", ours["received"] + v["again"]),
          f"(+{v['again']} re-injected or NOQUEUE client lines)")
    check("bytes_received",
          theirs["bytes_received"] == scaled("bytes_received", ours["bytes_received"] + v["again_bytes"]),
          f"(+{v['again_bytes']} bytes re-injected)")
    hops, hop_bytes = bym["handed_off_recipients"], bym["handed_off_bytes"]
    check("delivered", theirs["delivered"] == scaled("delivered", ours["delivered"] + hops - v["sent"]),
          f"(+{hops} content-filter hops, -{v['sent']} lines pflogsumm cannot read)")
    check("bytes_delivered",
          theirs["bytes_delivered"] == scaled("bytes_delivered",
                                              ours["bytes_delivered"] + hop_bytes - v["sent_bytes"]),
          f"(+{hop_bytes} bytes of hops, -{v['sent_bytes']} unread)")
    check("recipients", theirs["recipients"] >= scaled("recipients", ours["recipients"] - v["sent"]),
          "(hop-only addresses)")
    check("recipient_domains",
          theirs["recipient_domains"] >= scaled("recipient_domains", ours["recipient_domains"] - v["sent"]),
          "(hop-only domains)")
    check("deferred", theirs["deferred"] <= scaled("deferred", ours["deferred"]), "(distinct queue ids, hosts merged)")
    return fails


def instances(log):
    """Each Postfix instance's lines, in order: {name: [line, ...]}."""
    with open(log, encoding="utf-8", errors="surrogateescape") as f:
        lines = f.read().split("\n")
    out = {}
    for l in run([json_bin, log]).splitlines():
        r = json.loads(l)
        if r.get("mta") == "postfix" and "instance" in r:
            out.setdefault(r["instance"], []).append(lines[r["line"] - 1])
    return out


fails = []
for log in logs:
    parts = instances(log)
    if list(parts) in ([], ["postfix"]):
        fails += compare(log, "postfix")
        continue
    for inst, lines in sorted(parts.items()):
        with tempfile.NamedTemporaryFile("w", suffix=".log", encoding="utf-8",
                                         errors="surrogateescape", delete=False) as t:
            t.write("\n".join(lines) + "\n")
        try:
            fails += [f"{inst}:{k}" for k in compare(t.name, inst, log)]
        finally:
            os.unlink(t.name)
sys.exit(1 if fails else 0)
