#!/usr/bin/env python3
"""compare-pflogsumm.py REPORT_BIN LOG -- run pflogsumm and maillog-report
on the same Postfix log and compare their grand totals.

Totals must be equal, except where pflogsumm is known to be wrong; there
the difference must be exactly what the report says it counted otherwise
(docs/TOOLS.md, "maillog-report and pflogsumm"):
  delivered, bytes delivered: pflogsumm adds the hop into a content filter
    (handed_off_recipients, handed_off_bytes);
  recipients, recipient domains: pflogsumm adds addresses that were only
    handed to a content filter (so it can only have more);
  deferred: pflogsumm counts distinct queue ids over the whole log, not
    messages per host (so it can only have fewer).
Exit 0 when all hold, 1 otherwise, 77 (skip) without pflogsumm.
"""
import json, re, shutil, subprocess, sys

report_bin, log = sys.argv[1], sys.argv[2]
pfl = shutil.which("pflogsumm") or (shutil.which("pflogsumm", path="/usr/sbin:/usr/bin"))
if not pfl:
    print("compare-pflogsumm: pflogsumm not installed, skipped")
    sys.exit(77)

out = subprocess.run([pfl, log], capture_output=True, text=True, check=True).stdout
names = {
    "received": "received", "delivered": "delivered", "forwarded": "forwarded",
    "deferred": "deferred", "bounced": "bounced", "rejected": "rejected",
    "reject warnings": "reject_warnings", "held": "held", "discarded": "discarded",
    "bytes received": "bytes_received", "bytes delivered": "bytes_delivered",
    "senders": "senders", "sending hosts/domains": "sending_domains",
    "recipients": "recipients", "recipient hosts/domains": "recipient_domains",
}
theirs, unit = {}, {}
for line in out.split("Per-Hour")[0].splitlines():
    m = re.match(r"\s*(\d+)([km]?)\s+(.*?)\s*(\(.*)?$", line)
    if not m or m.group(3) not in names:
        continue
    # pflogsumm prints large values truncated to whole k or m (1024-based)
    theirs[names[m.group(3)]] = int(m.group(1))
    unit[names[m.group(3)]] = {"": 1, "k": 1024, "m": 1024 * 1024}[m.group(2)]
    d = re.search(r"\((\d+)([km]?)\s+deferrals\)", line)
    if d:
        theirs["deferrals"] = int(d.group(1))
        unit["deferrals"] = {"": 1, "k": 1024, "m": 1024 * 1024}[d.group(2)]
rep = json.loads(subprocess.run([report_bin, "--json", "--quiet", log], capture_output=True,
                                text=True, check=True).stdout)
ours, bym = rep["totals"], rep["by_message"]
def scaled(key, v):
    """A value of ours in pflogsumm's printed unit for key."""
    return v // unit.get(key, 1)

fails = []
def check(key, ok, why):
    status = "ok" if ok else "FAIL"
    u = {1: "", 1024: "k", 1024 * 1024: "m"}[unit.get(key, 1)]
    print(f"  {key:18} pflogsumm {theirs.get(key)!s:>8}{u:1}  maillog-report {ours.get(key)!s:>10}  {status} {why}")
    if not ok:
        fails.append(key)

if len(theirs) < len(names):
    print("compare-pflogsumm: could not read pflogsumm's grand totals:", sorted(set(names.values()) - set(theirs)))
    sys.exit(1)
for key in ["received", "forwarded", "bounced", "rejected", "reject_warnings", "held",
            "discarded", "bytes_received", "senders", "sending_domains", "deferrals"]:
    check(key, theirs[key] == scaled(key, ours[key]), "(equal)")
check("delivered", theirs["delivered"] == scaled("delivered", ours["delivered"] + bym["handed_off_recipients"]),
      f"(+{bym['handed_off_recipients']} content-filter hops)")
check("bytes_delivered",
      theirs["bytes_delivered"] == scaled("bytes_delivered", ours["bytes_delivered"] + bym["handed_off_bytes"]),
      f"(+{bym['handed_off_bytes']} bytes of hops)")
check("recipients", theirs["recipients"] >= scaled("recipients", ours["recipients"]), "(hop-only addresses)")
check("recipient_domains", theirs["recipient_domains"] >= scaled("recipient_domains", ours["recipient_domains"]), "(hop-only domains)")
check("deferred", theirs["deferred"] <= scaled("deferred", ours["deferred"]), "(distinct queue ids, hosts merged)")
sys.exit(1 if fails else 0)
