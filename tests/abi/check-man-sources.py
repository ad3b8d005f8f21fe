#!/usr/bin/env python3
"""check-man-sources.py VERSION HEADER... (make check-man)

The manual in the tree (man/) against the public headers, before anything is
installed: every exported function must have a page of its own, written
from its declaration, so that the pages cannot drift from the API unseen.

 - every function a HEADER declares (MAILLOG_API) has man/NAME.3, a real
   page (not a .so link);
 - every man/maillog*.3 is either a family page (an overview: FAMILY below)
   or the page of a declared function: no page outlives its function;
 - a function's page has .TH NAME 3 ... "libmaillog VERSION", a NAME line
   that starts with the function, the sections of a function page
   (SYNOPSIS, DESCRIPTION, RETURN VALUE, SEE ALSO), and a SYNOPSIS that
   includes the header declaring it and gives its prototype exactly;
 - a page whose RETURN VALUE speaks of error codes has ERRORS, which
   names only MAILLOG_E_* codes that the headers define;
 - every page that a SEE ALSO names as NAME(N) exists in man/, and a
   function's SEE ALSO names its overview page;
 - groff -man -ww -z has no warning about any page in man/, typeset or
   formatted for 80 columns (skipped when groff is not installed).
"""
import os
import re
import shlex
import shutil
import subprocess
import sys

from man_common import FAMILY, Checks, so_of, text_of

SECTIONS = ["NAME", "LIBRARY", "SYNOPSIS", "DESCRIPTION", "RETURN VALUE", "SEE ALSO"]

version, headers = sys.argv[1], sys.argv[2:]
mandir = "man"
check = Checks("check-man-sources")


def norm(proto):
    """A prototype with one space between tokens and none inside ( )."""
    p = re.sub(r"\s+", " ", proto).strip()
    p = re.sub(r"\(\s+", "(", p)
    p = re.sub(r"\s+\)", ")", p)
    p = re.sub(r"\s*,\s*", ", ", p)
    return re.sub(r"\s*;$", ";", p)


# name -> (header basename, normalised prototype); the error codes
declared = {}
codes = set()
for hdr in headers:
    text = open(hdr).read()
    codes |= set(re.findall(r"^#define (MAILLOG_E_[A-Z]+) ", text, re.M))
    for m in re.finditer(r"^MAILLOG_API ([^;]*;)", text, re.M):
        name = re.search(r"(maillog_\w+)\(", m.group(1)).group(1)
        declared[name] = (os.path.basename(hdr), norm(m.group(1)))


def sections(text):
    out, cur = {}, None
    for line in text.split("\n"):
        m = re.match(r'^\.SH\s+"?([^"]*)"?\s*$', line)
        if m:
            cur = m.group(1).strip()
            out[cur] = []
        elif cur:
            out[cur].append(line)
    return out


def synopsis_text(lines):
    """The C text of a SYNOPSIS: .B/.BI/.BR arguments joined, roff quoting
    undone; returns (includes, prototypes)."""
    includes, protos, cur = [], [], ""
    for line in lines:
        m = re.match(r"^\.(B|BI|BR|IB|I)\s+(.*)$", line)
        if not m:
            continue
        words = "".join(shlex.split(m.group(2).replace("\\-", "-")))
        if words.startswith("#include"):
            includes.append(words.split("<")[-1].rstrip(">"))
            continue
        cur += " " + words
        if cur.rstrip().endswith(";"):
            protos.append(norm(cur))
            cur = ""
    return includes, protos


pages = sorted(f[:-2] for f in os.listdir(mandir) if f.endswith(".3"))
for name in sorted(declared):
    path = os.path.join(mandir, name + ".3")
    if not os.path.isfile(path):
        check(False, "%s has no page of its own (%s)" % (name, path))
        continue
    text = text_of(path)
    first = text.split("\n", 1)[0]
    if so_of(path) is not None:
        check(False, "%s is a .so link, not a page" % path)
        continue
    check(re.match(r'^\.TH %s 3 "[0-9-]+" "libmaillog %s" ' % (re.escape(name.upper()),
                                                               re.escape(version)), first),
          '%s: .TH must be: .TH %s 3 "DATE" "libmaillog %s" ...' % (path, name.upper(), version))
    sec = sections(text)
    for s in SECTIONS:
        check(s in sec, "%s has no %s section" % (path, s))
    name_line = " ".join(sec.get("NAME", [])).strip()
    check(re.match(re.escape(name) + r"(,| \\-)", name_line) is not None,
          "%s: NAME does not start with %s" % (path, name))
    hdr, proto = declared[name]
    includes, protos = synopsis_text(sec.get("SYNOPSIS", []))
    check(hdr in includes, "%s: SYNOPSIS does not include <%s>" % (path, hdr))
    check(proto in protos, "%s: SYNOPSIS does not give the prototype of the header:\n  %s\n"
          "  page has: %s" % (path, proto, protos))
    # A page whose RETURN VALUE speaks of error codes says which ones, and
    # only codes that exist.
    errs = re.findall(r"^\.B (MAILLOG_E_\w+)", "\n".join(sec.get("ERRORS", [])), re.M)
    returns_codes = re.search(r"negative error code|\\fBMAILLOG_E_\w+\\fR",
                              " ".join(sec.get("RETURN VALUE", [])))
    check(not returns_codes or errs,
          "%s: RETURN VALUE names error codes but ERRORS lists no MAILLOG_E_* code" % path)
    for e in errs:
        check(e in codes, "%s: ERRORS names %s, which the headers do not define" % (path, e))
    see = re.findall(r"^\.BR\s+(\S+)\s+\(3\)", "\n".join(sec.get("SEE ALSO", [])), re.M)
    check(FAMILY & set(see), "%s: SEE ALSO names no overview page (%s)" % (path, ", ".join(
        sorted(f + "(3)" for f in FAMILY))))
    for line in sec.get("SEE ALSO", []):
        m = re.match(r"^\.BR\s+(\S+)\s+\(([1-8])\)", line)
        if m:
            check(os.path.isfile(os.path.join(mandir, "%s.%s" % m.groups())),
                  "%s: SEE ALSO names %s(%s), which has no page in man/" % ((path,) + m.groups()))

for page in pages:
    if page.startswith("maillog") and page not in FAMILY:
        check(page in declared, "man/%s.3 documents no function that %s declare: remove it, "
              "or make it a family page" % (page, " ".join(headers)))

# Typeset, and formatted for a terminal of 80 columns as man(1) does (a
# line that cannot be adjusted warns only there).
GROFF = [["groff", "-man", "-ww", "-z"],
         ["groff", "-man", "-ww", "-z", "-Tutf8", "-rLL=78n", "-rLT=78n"]]
if shutil.which("groff"):
    for f in sorted(os.listdir(mandir)):
        if re.search(r"\.[1-8]$", f):
            for cmd in GROFF:
                r = subprocess.run(cmd + [os.path.join(mandir, f)], capture_output=True,
                                   text=True)
                check(r.returncode == 0 and r.stderr == "",
                      "%s warns about man/%s: %s" % (" ".join(cmd), f, r.stderr.strip()))
else:
    check.say("groff not installed: the pages' warnings not checked")

check.exit("%d functions, " % len(declared))
