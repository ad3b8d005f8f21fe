# Type hints of the maillog package (the C extension and its wrapper).
import os
from typing import IO, Any, Dict, ItemsView, Iterator, KeysView, List, Mapping, Optional, Union, ValuesView

_Source = Union[str, "os.PathLike[str]", IO[bytes]]
CHUNK_SIZE: int

class MaillogError(Exception):
    code: int
    def __init__(self, code: int, what: str = ...) -> None: ...

class _Entry(Mapping[str, Any]):
    """A read-only mapping in the JSON schema; keys read as attributes too."""
    def __getitem__(self, key: str) -> Any: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...
    def get(self, key: str, default: Any = ...) -> Any: ...
    def keys(self) -> KeysView[str]: ...
    def values(self) -> ValuesView[Any]: ...
    def items(self) -> ItemsView[str, Any]: ...
    def fields(self) -> Dict[str, Any]:
        """Every key as a new dict."""
    def json(self) -> str:
        """The library's JSON text."""
    def __getattr__(self, name: str) -> Any: ...

class Record(_Entry):
    """One parsed line: fields decoded when read (None when absent)."""
    line: int
    text: str
    time: Optional[float]
    flags: int
    unparsed: bool
    event: Optional[str]
    status: Optional[str]
    severity: Optional[str]
    mta: Optional[str]
    ts: Optional[str]
    ts_raw: Optional[str]
    host: Optional[str]
    program: Optional[str]
    instance: Optional[str]
    service: Optional[str]
    pid: Optional[int]
    queue_id: Optional[str]
    client_host: Optional[str]
    client_ip: Optional[str]
    client_port: Optional[int]
    message_id: Optional[str]
    from_: Optional[str]
    to: Optional[str]
    orig_to: Optional[str]
    relay_host: Optional[str]
    relay_ip: Optional[str]
    relay_port: Optional[int]
    conn_use: Optional[int]
    delay: Optional[float]
    delays: Optional[List[float]]
    dsn: Optional[str]
    status_raw: Optional[str]
    reason: Optional[str]
    reply: Optional[str]
    reply_code: Optional[int]
    size: Optional[int]
    nrcpt: Optional[int]
    new_queue_id: Optional[str]
    action: Optional[str]
    stage: Optional[str]
    body: Optional[str]
    parent_id: Optional[str]
    session_id: Optional[str]
    delivery_id: Optional[str]
    event_raw: Optional[str]
    subject: Optional[str]
    user: Optional[str]
    auth_method: Optional[str]
    helo: Optional[str]
    session_end: Optional[str]
    recipients: Optional[List[str]]
    attrs: Optional[Dict[str, str]]
    truncated: Optional[bool]
    joined: Optional[bool]
    partial: Optional[bool]
    raw: Optional[str]

class Message(_Entry):
    """A correlated message (maillog-json --messages' object)."""

class Session(_Entry):
    """An SMTP session; its dict has "session": True."""

class Parser:
    def __init__(self, max_line: int = ..., reference_time: Optional[int] = ...,
                 default_offset: Optional[int] = ..., dialect: Optional[str] = ...,
                 correlate: bool = ..., subject: bool = ..., stream_dialect: Optional[str] = ...,
                 max_messages: Optional[int] = ..., max_sessions: Optional[int] = ...,
                 max_memory: Optional[int] = ..., max_idle: Optional[int] = ...,
                 grace: Optional[int] = ..., keep_lines: bool = ...) -> None: ...
    def feed(self, data: bytes) -> List[Any]:
        """Records, or with correlate=True Messages and Sessions."""
    def finish(self) -> List[Any]: ...
    def parse_line(self, line: Union[bytes, str]) -> Record: ...
    def close(self) -> None: ...
    def __enter__(self) -> "Parser": ...
    def __exit__(self, *exc: object) -> None: ...
    @property
    def counters(self) -> Dict[str, int]: ...
    @property
    def corr_counters(self) -> Optional[Dict[str, int]]: ...

def library_version() -> str: ...
def open_log(source: _Source) -> IO[bytes]: ...
def parse_file(source: _Source, **options: Any) -> Iterator[Record]: ...
def batches(source: _Source, **options: Any) -> Iterator[List[Any]]: ...
def messages(source: _Source, *, max_messages: Optional[int] = ..., max_sessions: Optional[int] = ...,
             max_memory: Optional[int] = ..., max_idle: Optional[int] = ..., grace: Optional[int] = ...,
             keep_lines: bool = ..., **options: Any) -> Iterator[Union[Message, Session]]: ...
