"""libmaillog for Python: mail-server logs parsed in C, read lazily.

    >>> import maillog
    >>> with maillog.Parser(reference_time=1795953600) as p:
    ...     rec = p.parse_line(b"Nov 28 09:00:06 mx1 postfix/qmgr[1]: 4F1A2B3C4D: removed")
    >>> rec.event, rec.queue_id, rec["queue_id"]
    ('removed', '4F1A2B3C4D', '4F1A2B3C4D')

    for rec in maillog.parse_file("/var/log/mail.log.1.gz"):   # lazily, in batches
        if rec.status == "bounced":
            print(rec.to, rec.reply)
    for msg in maillog.messages("/var/log/mail.log", max_messages=50000):
        print(msg["queue_id"], [r["status"] for r in msg["recipients"]])

A Record keeps the spans the C parser found and the bytes of the chunk
they point into; a field becomes a str only when read.  Records, messages
and sessions are read-only mappings in the library's JSON schema
(docs/TOOLS.md) and compare equal to the dicts of that schema; fields()
gives a real dict, json() the JSON text.
"""
from __future__ import annotations

import bz2
import collections.abc
import gzip
import lzma
import os
from typing import IO, Any, Iterator, Optional, Union

from . import _maillog
from ._maillog import Message, Parser, Record, Session

__all__ = ["MaillogError", "Parser", "Record", "Message", "Session", "parse_file", "messages",
           "batches", "open_log", "library_version", "CHUNK_SIZE"]

# Bytes read per feed(): large enough that Python's cost per call is
# nothing, small enough that a batch's records (about 250 bytes each) stay
# in the CPU's cache until they are handed out: 1 MiB chunks took 1.4
# times as long as 128 KiB ones (200k lines, process time).
CHUNK_SIZE = 1 << 17


class MaillogError(_maillog.Error):
    """A libmaillog call failed; ``code`` is the MAILLOG_E_* value."""

    def __init__(self, code: int, what: str = "") -> None:
        self.code = code
        text = _maillog.strerror(code)
        super().__init__(f"{what}: {text}" if what else text)


_maillog.set_error_class(MaillogError)
for _cls in (Record, Message, Session):
    collections.abc.Mapping.register(_cls)
# The dialects the library knows, by name (None: detect); kept for scripts
# written against the ctypes binding.
_DIALECTS = {None: 0, **_maillog.dialects()}


def library_version() -> str:
    """The version of libmaillog compiled into the extension, e.g. "0.5.0"."""
    return _maillog.library_version()


_MAGIC = ((b"\x1f\x8b", gzip.open), (b"\xfd7zXZ\x00", lzma.open), (b"BZh", bz2.open))


def _head(f: Any) -> bytes:
    if hasattr(f, "peek"):
        return f.peek(6)[:6]  # type: ignore[no-any-return]
    if hasattr(f, "seekable") and f.seekable():
        pos = f.tell()
        head = f.read(6)
        f.seek(pos)
        return head  # type: ignore[no-any-return]
    return b""


def _opener(head: bytes) -> Any:
    for magic, opener in _MAGIC:
        if head.startswith(magic):
            return opener
    if head.startswith(b"\x28\xb5\x2f\xfd"):
        raise ValueError("zstd-compressed input: decompress it first (zstdcat FILE | ...)")
    return None


def open_log(source: Union[str, "os.PathLike[str]", IO[bytes]]) -> IO[bytes]:
    """A binary file object for a file name or object, decompressing gzip,
    xz and bzip2 by their magic bytes (not their names).  zstd has no
    standard-library module: decompress it first (zstdcat).  A file object
    given stays the caller's to close."""
    if hasattr(source, "read"):
        opener = _opener(_head(source))
        return opener(source, "rb") if opener else source  # type: ignore[return-value]
    f = open(source, "rb")
    try:
        opener = _opener(_head(f))
    except BaseException:
        f.close()
        raise
    if opener is None:
        return f
    f.close()
    return opener(source, "rb")  # type: ignore[no-any-return]


def _batches(source: Union[str, "os.PathLike[str]", IO[bytes]], p: Parser) -> Iterator[list]:
    f = open_log(source)
    try:
        read = f.read
        while True:
            chunk = read(CHUNK_SIZE)
            if not chunk:
                break
            yield p.feed(chunk)
        yield p.finish()
    finally:
        if f is not source:
            f.close()


def parse_file(source: Union[str, "os.PathLike[str]", IO[bytes]], **options: Any) -> Iterator[Record]:
    """Lazily yield one Record per line of a file name or binary file
    object (gzip, xz and bzip2 decompressed).  Options are Parser's.  The
    reference time for year-less stamps defaults to the file's
    modification time when a name is given.  The file is read in chunks of
    CHUNK_SIZE bytes, parsed a chunk at a time; a file this opens is closed
    at the end of the loop, or when the iterator is dropped."""
    if "reference_time" not in options and not hasattr(source, "read"):
        options["reference_time"] = int(os.stat(source).st_mtime)
    p = Parser(**options)
    f = open_log(source)
    return _maillog.Reader(p, f.read, CHUNK_SIZE, None if f is source else f.close)  # type: ignore[no-any-return]


def batches(source: Union[str, "os.PathLike[str]", IO[bytes]], **options: Any) -> Iterator[list]:
    """As parse_file() (or messages() with correlate=True), one list per
    chunk read: the fastest loop when records are handled in bulk."""
    if "reference_time" not in options and not hasattr(source, "read"):
        options["reference_time"] = int(os.stat(source).st_mtime)
    with Parser(**options) as p:
        yield from _batches(source, p)


def messages(source: Union[str, "os.PathLike[str]", IO[bytes]], *,
             max_messages: Optional[int] = None, max_sessions: Optional[int] = None,
             max_memory: Optional[int] = None, max_idle: Optional[int] = None,
             grace: Optional[int] = None, keep_lines: bool = False,
             **options: Any) -> Iterator[Union[Message, Session]]:
    """Lazily yield correlated messages and SMTP sessions (a Session's dict
    has "session": True) of a file, in the library's emission order.  The
    limits are maillog_corr_set_limit's (None: the library's default):
    open messages, open sessions, bytes, idle seconds of log time, grace
    seconds; keep_lines keeps each message's raw lines."""
    options.update(correlate=True, max_messages=max_messages, max_sessions=max_sessions,
                   max_memory=max_memory, max_idle=max_idle, grace=grace, keep_lines=keep_lines)
    return parse_file(source, **options)  # type: ignore[return-value]

