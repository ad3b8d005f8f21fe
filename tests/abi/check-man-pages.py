#!/usr/bin/env python3
"""check-man-pages.py MANDIR SYMBOLS VERSION [--no-xref]

The installed manual against the exported symbols (make check-install):
 - every function in SYMBOLS (one a line) has MANDIR/man3/NAME.3, a page
   of its own (not a .so link to another page) whose .TH and NAME name it;
 - every maillog* page in man3 is an overview page (FAMILY) or the page of
   a function in SYMBOLS (no page left for a function that is gone, or
   installed for one this build leaves out);
 - every page that names another libmaillog page, as ".BR name (N)" or
   "\\fBname\\fR(N)", names one that is installed (skipped with --no-xref:
   the CORRELATE=0 build leaves out pages that the others name);
 - no page points to a README, which is not installed;
 - every page's .TH line names "libmaillog VERSION";
 - when man(1) is here: `man -w 3 NAME` finds the page that documents
   NAME, and groff has no warning about any page.
"""
import os
import re
import shutil
import subprocess
import sys

from man_common import FAMILY, Checks, so_of, text_of

mandir, symbols_file, version = sys.argv[1:4]
mandir = os.path.abspath(mandir)
xref = "--no-xref" not in sys.argv[4:]
symbols = [s for s in open(symbols_file).read().split() if s]
check = Checks("check-man-pages")


def names(path, name):
    return re.search(r"(^|[^A-Za-z0-9_]|\\f[BI])" + re.escape(name) + r"([^A-Za-z0-9_]|$)",
                     text_of(path), re.M) is not None


for name in symbols:
    page = os.path.join(mandir, "man3", name + ".3")
    if not os.path.isfile(page):
        check(False, "no page for " + name)
        continue
    if so_of(page) is not None:
        check(False, "%s.3 is a .so link, not a page of its own" % name)
        continue
    text = text_of(page)
    check(text.startswith(".TH %s 3 " % name.upper()), "%s.3: .TH does not name %s" % (name, name))
    check(re.search(r"^\.SH NAME\n" + re.escape(name) + r"(,| \\-)", text, re.M) is not None,
          "%s.3: NAME does not start with %s" % (name, name))

man3 = os.path.join(mandir, "man3")
for f in sorted(os.listdir(man3)):
    if f.startswith("maillog") and f.endswith(".3"):
        check(f[:-2] in FAMILY or f[:-2] in symbols,
              f + " is installed but no exported function of this build has that name")

pages = []
for sec in sorted(os.listdir(mandir)):
    d = os.path.join(mandir, sec)
    if sec.startswith("man") and os.path.isdir(d):
        pages += [os.path.join(d, f) for f in sorted(os.listdir(d))
                  if os.path.isfile(os.path.join(d, f)) and so_of(os.path.join(d, f)) is None]

ref_re = re.compile(r'^\.BR (maillog[A-Za-z0-9_-]*) \(([1-8])\)|\\fB(maillog[A-Za-z0-9_-]*)\\fR\(([1-8])\)', re.M)
for page in pages:
    base = os.path.basename(page)
    text = text_of(page)
    check("readme" not in text.lower(), base + " names a README, which is not installed")
    check('"libmaillog %s"' % version in text.split("\n", 1)[0],
          base + ": .TH does not say libmaillog " + version)
    if xref:
        for m in ref_re.finditer(text):
            ref, sec = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            check(os.path.isfile(os.path.join(mandir, "man" + sec, "%s.%s" % (ref, sec))),
                  "%s names %s(%s), which is not installed" % (base, ref, sec))

if shutil.which("man") and not os.environ.get("NO_MAN"):
    env = dict(os.environ, MANPATH=mandir, MANWIDTH="80", LC_ALL="C.UTF-8")
    # One man -w for every name: it prints the page each resolves to, in
    # order, and an error for a name it cannot find.
    r = subprocess.run(["man", "-w", "3"] + symbols, env=env, capture_output=True, text=True)
    found = r.stdout.split()
    check(r.stderr == "" and len(found) == len(symbols), "man -w: " + r.stderr.strip())
    for name, path in zip(symbols, found):
        check(path.startswith(man3 + "/") and so_of(path) is None and names(path, name),
              "man -w 3 %s finds %s, which does not document it" % (name, path))
    for page in pages:
        r = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", page],
                           env=env, capture_output=True, text=True)
        check(r.returncode == 0 and r.stderr == "",
              "groff warns about %s: %s" % (os.path.basename(page), r.stderr.strip()))
else:
    check.say("man(1) not installed: man -w and groff's warnings not checked")

check.exit()
