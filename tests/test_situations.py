#!/usr/bin/env python3
"""test_situations.py MAILLOG_JSON [EXPECT...] -- the per-recipient outcomes
the correlator gives on real MTA captures, against outcomes written by hand.

Each tests/data/NAME.expect (default: every tests/data/*-situations.expect)
goes with tests/data/NAME.log, made by tests/capture/capture-*.sh.  Its
lines are `QUEUE_ID RECIPIENT STATUS [known-failure: WHY]`; `#` starts a
comment.  RECIPIENT is the address as the client gave it: the correlator's
`to`, or its `orig_to` where the MTA rewrote it (Exim's local part).  The STATUS comes from what the capture script made the MTA do,
read in the MTA's own log, never from this project's output.  A line marked
known-failure is reported as such and does not fail the run while it is
still wrong; once it comes right the run fails, so the mark is removed.

Also checked: every recipient of every message in the correlator's output
has a line (the .expect is complete), each queue ID is one message, and the
log has no unparsed record."""
import glob
import json
import os
import subprocess
import sys

REFERENCE_TIME = "1795953600"


def load_expect(path):
    rows = []
    for n, line in enumerate(open(path), 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        known = None
        if "known-failure:" in text:
            text, known = text.split("known-failure:", 1)
            known = known.strip()
        fields = text.split()
        if len(fields) != 3:
            sys.exit("%s:%d: want QUEUE_ID RECIPIENT STATUS" % (path, n))
        rows.append((fields[0], fields[1], fields[2], known))
    return rows


def run(tool, *args):
    return subprocess.run([tool, "-q", "--reference-time", REFERENCE_TIME] + list(args),
                          check=True, capture_output=True, text=True).stdout


def check(tool, expect_path, report):
    log = expect_path[:-len(".expect")] + ".log"
    name = os.path.basename(log)
    messages = {}
    for line in run(tool, "--messages", log).splitlines():
        obj = json.loads(line)
        if "queue_id" in obj:
            messages.setdefault(obj["queue_id"], []).append(obj)
    unparsed = [r.get("raw", "") for r in map(json.loads, run(tool, log).splitlines()) if r.get("unparsed")]
    report(not unparsed, "%s: no unparsed record" % name,
           "%d unparsed, first: %s" % (len(unparsed), unparsed[0] if unparsed else ""))
    for qid, recs in sorted(messages.items()):
        report(len(recs) == 1, "%s: %s is one message" % (name, qid), "%d messages" % len(recs))
    expected = {}
    for qid, rcpt, status, known in load_expect(expect_path):
        expected[(qid, rcpt)] = status
        got = None
        for m in messages.get(qid, []):
            for r in m.get("recipients", []):
                if rcpt in (r.get("to"), r.get("orig_to")):
                    got = r.get("status")
        ok = got == status
        what = "%s: %s %s %s" % (name, qid, rcpt, status)
        if known is not None:
            report(not ok, what + " (known failure: %s)" % known,
                   "now right: remove its known-failure mark", known=not ok)
        else:
            report(ok, what, "got %s" % got)
    for qid, recs in sorted(messages.items()):
        for m in recs:
            for r in m.get("recipients", []):
                report((qid, r.get("to")) in expected or (qid, r.get("orig_to")) in expected,
                       "%s: %s %s has an expected outcome" % (name, qid, r.get("to")),
                       "missing from %s (correlator says %s)" % (os.path.basename(expect_path), r.get("status")))


def main():
    tool = sys.argv[1]
    expects = sys.argv[2:] or sorted(glob.glob(os.path.join(os.path.dirname(__file__), "data", "*-situations.expect")))
    counts = {"passed": 0, "failed": 0, "known": 0}

    def report(ok, what, why, known=False):
        if known:
            counts["known"] += 1
            print("KNOWN FAILURE: " + what)
        elif ok:
            counts["passed"] += 1
        else:
            counts["failed"] += 1
            print("FAIL: %s: %s" % (what, why))

    for e in expects:
        check(tool, e, report)
    print("situations: %d known failures" % counts["known"])
    print("situations: %d passed, %d failed" % (counts["passed"], counts["failed"]))
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
