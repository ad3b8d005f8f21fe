#!/usr/bin/env python3
"""Compare maillog-exporter's counters with maillog-report --json on the
same lines: every total the two tools both have must be equal.

  exporter-compare.py REPORT.json[,REPORT.json...] text METRICS.txt
  exporter-compare.py REPORT.json[,REPORT.json...] prometheus http://127.0.0.1:PORT

Several reports (comma-separated) are summed: one per file the exporter
read as a stream of its own (a rotated file, then the new one).

The second form asks a Prometheus server (its HTTP query API) for the sums
of the series it scraped from the exporter.  Exit 0 when all are equal; 1
with the differences printed."""
import json
import re
import sys
import urllib.parse
import urllib.request

SERIES = re.compile(r'^([a-z_]+)(?:\{(.*)\})? ([0-9.e+-]+)$')
LABEL = re.compile(r'([a-z_]+)="((?:[^"\\]|\\.)*)"')


def from_text(path):
    """{(name, frozenset(labels except mta/host/instance)): sum}."""
    sums = {}
    with open(path) as f:
        for line in f:
            m = SERIES.match(line.strip())
            if not m:
                continue
            labels = dict(LABEL.findall(m.group(2) or ''))
            key = (m.group(1), frozenset((k, v) for k, v in labels.items()
                                         if k not in ('mta', 'host', 'instance')))
            sums[key] = sums.get(key, 0) + float(m.group(3))
    return lambda name, **lab: sums.get((name, frozenset(lab.items())), 0)


def from_prometheus(url):
    def query(name, **lab):
        sel = ','.join('%s="%s"' % kv for kv in lab.items())
        q = 'sum(%s{job="maillog"%s})' % (name, ',' + sel if sel else '')
        with urllib.request.urlopen(url + '/api/v1/query?' + urllib.parse.urlencode({'query': q})) as r:
            res = json.load(r)['data']['result']
        return float(res[0]['value'][1]) if res else 0
    return query


def expected(rep):
    t = rep['totals']
    exp = {
        ('maillog_lines_total', ()): rep['lines'],
        ('maillog_unparsed_lines_total', ()): rep['unparsed'],
        ('maillog_messages_received_total', ()): t['received'],
        ('maillog_received_bytes_total', ()): t['bytes_received'],
        ('maillog_delivered_bytes_total', ()): t['bytes_delivered'],
        ('maillog_recipients_total', (('outcome', 'sent'),)): t['delivered'],
        ('maillog_recipients_total', (('outcome', 'bounced'),)): t['bounced'],
        ('maillog_recipients_total', (('outcome', 'rejected'),)): t['rejected'],
        ('maillog_recipients_total', (('outcome', 'discarded'),)): t['discarded'],
        ('maillog_delivery_delay_seconds_count', ()): t['delivered'],
        ('maillog_connections_total', ()): rep['connections']['count'],
        ('maillog_auth_failures_total', ()): sum(e['count'] for e in rep['sasl_failures']),
        ('maillog_deferrals_total', ()): t['deferrals'],
    }
    for e in rep['by_reason']:
        exp[('maillog_rejects_total', (('reason', e['reason']),))] = e['rejects']
        exp[('maillog_deferrals_total', (('reason', e['reason']),))] = e['deferrals']
    return exp


def main():
    exp, reasons = {}, set()
    for path in sys.argv[1].split(','):
        rep = json.load(open(path))
        reasons |= {e['reason'] for e in rep['by_reason']}
        for k, v in expected(rep).items():
            exp[k] = exp.get(k, 0) + v
    get = from_text(sys.argv[3]) if sys.argv[2] == 'text' else from_prometheus(sys.argv[3])
    bad = 0
    for (name, labels), want in sorted(exp.items()):
        if name == 'maillog_deferrals_total' and not labels:
            got = sum(get(name, reason=r) for r in sorted(reasons))
        else:
            got = get(name, **dict(labels))
        if got != want:
            print('%s%s: exporter %g, maillog-report %g' % (name, dict(labels) or '', got, want))
            bad = 1
    if not bad:
        print('exporter-compare: %d totals equal to maillog-report\'s' % len(exp))
    return bad


if __name__ == '__main__':
    sys.exit(main())
