"""What check-man-pages.py (the installed manual) and check-man-sources.py
(the manual in the tree) share: the overview pages, and the counting of
checks."""
import sys

# The overview pages: the only maillog* pages in section 3 that are not
# the page of a function.
FAMILY = {"maillog", "maillog_correlate", "maillog_reason"}


class Checks:
    def __init__(self, tool):
        self.tool, self.passed, self.failed = tool, 0, 0

    def __call__(self, cond, msg):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("%s: %s" % (self.tool, msg))

    def say(self, msg):
        print("%s: %s" % (self.tool, msg))

    def exit(self, what=""):
        self.say("%s%d passed, %d failed" % (what, self.passed, self.failed))
        sys.exit(1 if self.failed else 0)


def text_of(path):
    with open(path, errors="replace") as f:
        return f.read()


def so_of(path):
    """The target of a .so link page, or None for a page."""
    with open(path, errors="replace") as f:
        first = f.readline().strip()
    return first[4:].strip() if first.startswith(".so ") else None
