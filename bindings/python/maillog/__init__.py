"""libmaillog for Python, through ctypes: no C extension to compile.

The shared library is found through ``MAILLOG_LIBRARY`` (a path), else the
usual library search (``libmaillog.so.0``).  Records, messages and sessions
come out as dicts in the library's JSON schema (README.md, "JSON schema"),
so Python sees exactly what ``maillog-json`` prints.

    >>> import maillog
    >>> with maillog.Parser(reference_time=1795953600) as p:
    ...     rec = p.parse_line(b"Nov 28 09:00:06 mx1 postfix/qmgr[1]: 4F1A2B3C4D: removed")
    >>> rec["event"], rec["queue_id"]
    ('removed', '4F1A2B3C4D')

    for rec in maillog.parse_file("/var/log/mail.log"):   # lazily
        ...
    for msg in maillog.messages("/var/log/mail.log"):     # correlated
        ...
"""
from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
from typing import IO, Any, Dict, Iterator, List, Optional, Union

__all__ = ["MaillogError", "Parser", "parse_file", "messages", "library_version"]

_c_int_p = ctypes.POINTER(ctypes.c_int)
_RECORD_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)

OK, STOPPED = 0, 1
_OPT_REFERENCE_TIME, _OPT_DEFAULT_OFFSET, _OPT_DIALECT = 1, 2, 3
_COUNTERS = ("lines", "parsed", "unparsed", "truncated", "bytes")


class MaillogError(Exception):
    """A libmaillog call failed; ``code`` is the MAILLOG_E_* value."""

    def __init__(self, code: int, what: str = "") -> None:
        self.code = code
        text = _lib.maillog_strerror(code).decode()
        super().__init__(f"{what}: {text}" if what else text)


def _load() -> ctypes.CDLL:
    path = os.environ.get("MAILLOG_LIBRARY") or ctypes.util.find_library("maillog") or "libmaillog.so.0"
    lib = ctypes.CDLL(path)
    sig = {
        "maillog_version_string": (ctypes.c_char_p, []),
        "maillog_strerror": (ctypes.c_char_p, [ctypes.c_int]),
        "maillog_mta_name": (ctypes.c_char_p, [ctypes.c_int32]),
        "maillog_parser_new": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_uint32, ctypes.POINTER(ctypes.c_void_p)]),
        "maillog_parser_free": (None, [ctypes.c_void_p]),
        "maillog_parser_set_option": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int32, ctypes.c_int64]),
        "maillog_parser_set_callback": (ctypes.c_int, [ctypes.c_void_p, _RECORD_CB, ctypes.c_void_p]),
        "maillog_parser_counter": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_uint64)]),
        "maillog_record_new": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]),
        "maillog_record_free": (None, [ctypes.c_void_p, ctypes.c_void_p]),
        "maillog_parse_line": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]),
        "maillog_feed": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]),
        "maillog_finish": (ctypes.c_int, [ctypes.c_void_p]),
        "maillog_record_to_json": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]),
    }
    for name, (res, args) in sig.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args
    if hasattr(lib, "maillog_corr_new"):  # absent in a CORRELATE=0 build
        for name, (res, args) in {
            "maillog_corr_new": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]),
            "maillog_corr_free": (None, [ctypes.c_void_p]),
            "maillog_corr_add": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
            "maillog_corr_finish": (ctypes.c_int, [ctypes.c_void_p]),
            "maillog_corr_set_callbacks": (ctypes.c_int, [ctypes.c_void_p, _RECORD_CB, _RECORD_CB, ctypes.c_void_p]),
            "maillog_message_to_json": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]),
            "maillog_session_to_json": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]),
        }.items():
            fn = getattr(lib, name)
            fn.restype, fn.argtypes = res, args
    return lib


_lib = _load()


def _dialects() -> Dict[Optional[str], int]:
    """The dialects the loaded library knows, by name (asked, not listed
    here, so a newer library brings its own)."""
    names: Dict[Optional[str], int] = {None: 0}
    for i in range(1, 64):
        name = _lib.maillog_mta_name(i).decode()
        if not name:
            break
        names[name] = i
    return names


_DIALECTS = _dialects()


def library_version() -> str:
    """The version of the loaded shared library, e.g. "0.3.0"."""
    return _lib.maillog_version_string().decode()


def _check(rc: int, what: str) -> int:
    if rc < 0:
        raise MaillogError(rc, what)
    return rc


class _Json:
    """A reusable output buffer for the library's *_to_json writers."""

    def __init__(self) -> None:
        self.buf = ctypes.create_string_buffer(4096)
        self.need = ctypes.c_size_t()
        self.need_ref = ctypes.byref(self.need)

    def text(self, writer, obj: int) -> bytes:
        """The object's JSON text, copied out of the buffer."""
        rc = writer(obj, self.buf, len(self.buf), self.need_ref)
        if rc == -1003:  # MAILLOG_E_NOSPC: grow once to the size it reports
            self.buf = ctypes.create_string_buffer(self.need.value + 1)
            rc = writer(obj, self.buf, len(self.buf), self.need_ref)
        _check(rc, "to_json")
        return ctypes.string_at(self.buf, self.need.value)

    def __call__(self, writer, obj: int) -> Dict[str, Any]:
        return json.loads(self.text(writer, obj))


def _decode_all(texts: List[bytes]) -> List[Dict[str, Any]]:
    """Many JSON objects decoded in one call instead of one call each,
    which saves the decoder's per-call cost (a few percent of the time)."""
    if not texts:
        return []
    return json.loads(b"[" + b",".join(texts) + b"]")


class Parser:
    """A streaming parser: one dict per line, in the JSON schema.

    Use as a context manager, or call close().  Not thread-safe: one parser
    per thread.
    """

    def __init__(self, max_line: int = 0, reference_time: Optional[int] = None,
                 default_offset: int = 0, dialect: Optional[str] = None,
                 correlate: bool = False) -> None:
        # handles first, so close() works however __init__ ends
        self._p = ctypes.c_void_p()
        self._rec = ctypes.c_void_p()
        self._corr = ctypes.c_void_p()
        if dialect not in _DIALECTS:
            raise ValueError(f"unknown dialect {dialect!r}; known: {sorted(d for d in _DIALECTS if d)}")
        _check(_lib.maillog_parser_new(None, max_line, ctypes.byref(self._p)), "parser_new")
        _check(_lib.maillog_record_new(None, ctypes.byref(self._rec)), "record_new")
        if reference_time is not None:
            _check(_lib.maillog_parser_set_option(self._p, _OPT_REFERENCE_TIME, int(reference_time)), "reference_time")
        _check(_lib.maillog_parser_set_option(self._p, _OPT_DEFAULT_OFFSET, int(default_offset)), "default_offset")
        _check(_lib.maillog_parser_set_option(self._p, _OPT_DIALECT, _DIALECTS[dialect]), "dialect")
        self._json = _Json()
        self._out: List[bytes] = []  # JSON texts, decoded together by _drain
        self._error: Optional[BaseException] = None
        self._cb = _RECORD_CB(self._on_record)  # kept alive with the parser
        self._msg_cb = _RECORD_CB(self._on_message)
        self._ses_cb = _RECORD_CB(self._on_session)
        _lib.maillog_parser_set_callback(self._p, self._cb, None)
        if correlate:
            if not hasattr(_lib, "maillog_corr_new"):
                raise MaillogError(-1001, "this libmaillog was built without correlation")
            _check(_lib.maillog_corr_new(None, ctypes.byref(self._corr)), "corr_new")
            _lib.maillog_corr_set_callbacks(self._corr, self._msg_cb, self._ses_cb, None)

    # -- callbacks: exceptions must not cross the C frames; they stop the
    #    parse and are raised again on the Python side.
    def _guard(self, fn) -> int:
        try:
            fn()
            return 0
        except BaseException as exc:  # noqa: BLE001 -- re-raised after the C call
            self._error = exc
            return 1

    def _on_record(self, _user: int, rec: int) -> int:
        if self._corr:
            return self._guard(lambda: _check(_lib.maillog_corr_add(self._corr, rec), "corr_add"))
        try:  # _guard inlined: this runs once per line
            self._out.append(self._json.text(_lib.maillog_record_to_json, rec))
            return 0
        except BaseException as exc:  # noqa: BLE001 -- re-raised after the C call
            self._error = exc
            return 1

    def _on_message(self, _user: int, msg: int) -> int:
        return self._guard(lambda: self._out.append(self._json.text(_lib.maillog_message_to_json, msg)))

    def _on_session(self, _user: int, ses: int) -> int:
        return self._guard(lambda: self._out.append(self._json.text(_lib.maillog_session_to_json, ses)))

    def _drain(self) -> List[Dict[str, Any]]:
        out, self._out = self._out, []
        if self._error is not None:
            err, self._error = self._error, None
            raise err
        return _decode_all(out)

    def _live(self) -> None:
        if not self._p:
            raise ValueError("parser is closed")

    def parse_line(self, line: Union[bytes, str]) -> Dict[str, Any]:
        """Parse one line (without its newline) into a dict."""
        self._live()
        data = line.encode("utf-8", "surrogateescape") if isinstance(line, str) else bytes(line)
        _check(_lib.maillog_parse_line(self._p, data, len(data), self._rec), "parse_line")
        return self._json(_lib.maillog_record_to_json, self._rec)

    def feed(self, data: bytes) -> List[Dict[str, Any]]:
        """Feed a chunk of any size; returns the records (or, with
        correlate=True, the messages and sessions) it completed."""
        self._live()
        _check(_lib.maillog_feed(self._p, bytes(data), len(data), None), "feed")
        return self._drain()

    def finish(self) -> List[Dict[str, Any]]:
        """End of input: the last line without newline, and with
        correlate=True every message still open (flagged incomplete)."""
        self._live()
        _check(_lib.maillog_finish(self._p), "finish")
        if self._corr:
            _check(_lib.maillog_corr_finish(self._corr), "corr_finish")
        return self._drain()

    @property
    def counters(self) -> Dict[str, int]:
        """lines, parsed, unparsed, truncated, bytes."""
        self._live()
        out = {}
        for i, name in enumerate(_COUNTERS):
            v = ctypes.c_uint64()
            _check(_lib.maillog_parser_counter(self._p, i, ctypes.byref(v)), "counter")
            out[name] = v.value
        return out

    def close(self) -> None:
        if self._corr:
            _lib.maillog_corr_free(self._corr)
            self._corr = ctypes.c_void_p()
        if self._rec:
            _lib.maillog_record_free(self._rec, None)
            self._rec = ctypes.c_void_p()
        if self._p:
            _lib.maillog_parser_free(self._p)
            self._p = ctypes.c_void_p()

    def __enter__(self) -> "Parser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


def _chunks(source: Union[str, os.PathLike, IO[bytes]], size: int = 1 << 16) -> Iterator[bytes]:
    if hasattr(source, "read"):
        while True:
            chunk = source.read(size)  # type: ignore[union-attr]
            if not chunk:
                return
            yield chunk
    else:
        with open(source, "rb") as f:
            yield from _chunks(f, size)


def parse_file(source: Union[str, os.PathLike, IO[bytes]], **options: Any) -> Iterator[Dict[str, Any]]:
    """Lazily yield one dict per line of a file name or binary file object.
    Options are Parser's.  The default reference time for year-less stamps
    is the file's modification time when a name is given."""
    if "reference_time" not in options and not hasattr(source, "read"):
        options["reference_time"] = int(os.stat(source).st_mtime)
    with Parser(**options) as p:
        for chunk in _chunks(source):
            yield from p.feed(chunk)
        yield from p.finish()


def messages(source: Union[str, os.PathLike, IO[bytes]], **options: Any) -> Iterator[Dict[str, Any]]:
    """Lazily yield correlated messages and SMTP sessions (sessions carry
    "session": True) of a file, in the library's emission order."""
    options["correlate"] = True
    yield from parse_file(source, **options)
