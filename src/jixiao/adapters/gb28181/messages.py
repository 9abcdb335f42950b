"""SIP messages (RFC 3261) as GB/T 28181 uses them: parse, serialize, and TCP framing.

Sans-I/O: bytes in, values out. Header names are kept in their canonical long form (compact
forms such as `i`, `f`, `l` are expanded) and looked up case-insensitively. Header text is
decoded as UTF-8 with `surrogateescape`, so any byte survives a parse/serialize round trip.
Over UDP one datagram is one message and Content-Length may be absent; over TCP the
`StreamFramer` cuts messages out of the byte stream by Content-Length, with bounded buffers.
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

MAX_MESSAGE = 1 << 20
"""Largest message accepted (1 MiB): a catalog response may carry thousands of records."""
MAX_HEAD = 16 * 1024
"""Largest start line plus headers."""

COMPACT = {
    "i": "Call-ID",
    "m": "Contact",
    "e": "Content-Encoding",
    "l": "Content-Length",
    "c": "Content-Type",
    "f": "From",
    "s": "Subject",
    "k": "Supported",
    "t": "To",
    "v": "Via",
    "o": "Event",
    "u": "Allow-Events",
    "r": "Refer-To",
    "b": "Referred-By",
    "x": "Session-Expires",
}
_CANONICAL = {
    name.lower(): name
    for name in (
        *COMPACT.values(),
        "CSeq",
        "Max-Forwards",
        "User-Agent",
        "Expires",
        "Authorization",
        "WWW-Authenticate",
        "Date",
        "Subscription-State",
        "Allow",
        "Min-Expires",
        "Server",
        "X-GB-ver",
        "Route",
        "Record-Route",
    )
}
_CANONICAL.update({short: long for short, long in COMPACT.items()})
_METHOD = re.compile(r"^[A-Za-z][A-Za-z0-9.!%*_+`'~-]*$")
_TOKEN = re.compile(r"^[!-~]+$")


class SipParseError(ValueError):
    """Bytes that are not a SIP message we can use."""


def canonical(name: str) -> str:
    """The long, conventionally cased form of a header name (`i` -> `Call-ID`)."""
    return _CANONICAL.get(name.lower(), name)


_KEYS: dict[str, str] = {}


def _key(name: str) -> str:
    """The lower case of a header name's canonical form: what the index of a message is
    keyed by (memoised: devices and the code use a few dozen names)."""
    found = _KEYS.get(name)
    if found is None:
        found = canonical(name).lower()
        if len(_KEYS) < 4096:
            _KEYS[name] = found
    return found


def _index(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The first value of each header, by `_key` of its name."""
    index: dict[str, str] = {}
    for name, value in headers:
        key = _KEYS.get(name) or _key(name)
        if key not in index:
            index[key] = value
    return index


@dataclass(slots=True)
class _Message:
    # Not frozen: two are built per keepalive, and a frozen dataclass's __init__ costs three
    # times as much. Treat them as values all the same.
    headers: tuple[tuple[str, str], ...]
    body: bytes
    # the first value of each header by its lower-case canonical name: built while parsing,
    # or at the first lookup (a REGISTER asks for some nine headers: one dictionary lookup
    # each instead of a walk over the headers)
    _first: dict[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    def header(self, name: str) -> str | None:
        """The first value of header `name` (any case, compact or long form), or None."""
        index = self._first
        if index is None:
            index = self._first = _index(self.headers)
        return index.get(_KEYS.get(name) or _key(name))

    def header_values(self, name: str) -> list[str]:
        wanted = canonical(name).lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    @property
    def call_id(self) -> str:
        return self.header("Call-ID") or ""

    @property
    def cseq(self) -> tuple[int, str]:
        """(number, method) of the CSeq header; (0, "") when missing or unreadable."""
        raw = self.header("CSeq") or ""
        number, _, method = raw.strip().partition(" ")
        return (int(number), method.strip().upper()) if number.isdigit() else (0, "")

    @property
    def content_type(self) -> str:
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()


@dataclass(slots=True)
class Request(_Message):
    method: str = ""
    uri: str = ""

    def serialize(self) -> bytes:
        return _serialize(f"{self.method} {self.uri} SIP/2.0", self.headers, self.body)


@dataclass(slots=True)
class Response(_Message):
    status: int = 0
    reason: str = ""

    def serialize(self) -> bytes:
        return _serialize(f"SIP/2.0 {self.status} {self.reason}", self.headers, self.body)


Message = Request | Response


def _serialize(start: str, headers: Iterable[tuple[str, str]], body: bytes) -> bytes:
    lines = [start]
    # the length test first: only a name of 14 letters is lowered to be compared
    lines += [
        f"{name}: {value}"
        for name, value in headers
        if len(name) != 14 or name.lower() != "content-length"
    ]
    lines.append(f"Content-Length: {len(body)}")
    head = "\r\n".join(lines) + "\r\n\r\n"
    return head.encode("utf-8", "surrogateescape") + body


def request(
    method: str, uri: str, headers: Sequence[tuple[str, str]], body: bytes = b""
) -> Request:
    return Request(tuple(headers), body, method, uri)


def _split_head(data: bytes) -> tuple[bytes, bytes]:
    end = data.find(b"\r\n\r\n")
    if end >= 0:
        return data[:end], data[end + 4 :]
    end = data.find(b"\n\n")  # some embedded stacks end lines with LF only
    if end >= 0:
        return data[:end], data[end + 2 :]
    return data.rstrip(b"\r\n"), b""


def parse(data: bytes, *, stream: bool = False) -> Message:
    """One message. Over UDP (`stream=False`) a missing Content-Length means the rest of the
    datagram; a body shorter than Content-Length is an error, a longer one is cut."""
    if len(data) > MAX_MESSAGE:
        raise SipParseError("message too large")
    if data[:1] in (b"\r", b"\n"):
        data = data.lstrip(b"\r\n")
    head, body = _split_head(data)
    if len(head) > MAX_HEAD:
        raise SipParseError("header section too large")
    if not head:
        raise SipParseError("empty message")
    text = head.decode("utf-8", "surrogateescape")
    lines = text.split("\r\n")
    if text.count("\n") != len(lines) - 1:  # some lines end with a bare LF
        lines = text.replace("\r\n", "\n").split("\n")
    headers, index, length = _headers(lines, folded="\n " in text or "\n\t" in text)
    if length is not None:
        if length > len(body):
            raise SipParseError("body shorter than Content-Length")
        body = body[:length]
    elif stream:
        body = b""
    start = lines[0].strip()
    if start.startswith("SIP/"):
        version, _, rest = start.partition(" ")
        code, _, reason = rest.partition(" ")
        if version != "SIP/2.0" or len(code) != 3 or not code.isdigit():
            raise SipParseError("bad status line")
        status = int(code)
        if not 100 <= status <= 699:
            raise SipParseError("bad status code")
        response = Response(headers, body, status, reason.strip())
        response._first = index
        return response
    found = _STARTS.get(start)
    if found is None:
        found = _start_line(start)
    parsed = Request(headers, body, *found)
    parsed._first = index
    return parsed


_STARTS: dict[str, tuple[str, str]] = {}


def _start_line(start: str) -> tuple[str, str]:
    """(method, URI) of a request line (memoised: a device sends the same few)."""
    parts = start.split(" ")
    if len(parts) != 3 or parts[2] != "SIP/2.0" or not _METHOD.match(parts[0]):
        raise SipParseError("bad request line")
    if not parts[1] or not _TOKEN.match(parts[1]):
        raise SipParseError("bad request URI")
    found = parts[0].upper(), parts[1]
    if len(_STARTS) >= 4096:
        _STARTS.clear()
    _STARTS[start] = found
    return found


def _headers(
    lines: list[str], *, folded: bool = True
) -> tuple[tuple[tuple[str, str], ...], dict[str, str], int | None]:
    """The headers after the start line (lines[0]), their index (`_Message._first`), and
    the Content-Length if given. Without `folded` lines (none begins with a space or tab:
    the common case) one line is one header, read in a tighter loop."""
    out: list[tuple[str, str]] = []
    index: dict[str, str] = {}
    length: int | None = None
    known = _NAMED.get
    if not folded:
        for raw, sep, value in [line.partition(":") for line in lines[1:] if line]:
            if not sep:
                raise SipParseError("bad header line")
            named = known(raw) or _named(raw)
            value = value.strip()
            out.append((named[0], value))
            if named[1] not in index:
                index[named[1]] = value
        if "content-length" in index:
            value = index["content-length"]
            if not value.isdigit() or len(value) > 9:
                raise SipParseError("bad Content-Length")
            length = int(value)
        return tuple(out), index, length
    folded = False
    for line in itertools.islice(lines, 1, None):
        if not line:
            continue
        if line[0] in " \t":  # folded continuation of the previous header
            if not out:
                raise SipParseError("continuation before any header")
            name, value = out[-1]
            out[-1] = (name, f"{value} {line.strip()}")
            folded = True
            continue
        raw, sep, value = line.partition(":")
        if not sep:
            raise SipParseError("bad header line")
        name, key = known(raw) or _named(raw)
        value = value.strip()
        if key not in index:
            index[key] = value
            if key == "content-length":
                if not value.isdigit() or len(value) > 9:
                    raise SipParseError("bad Content-Length")
                length = int(value)
        out.append((name, value))
    return tuple(out), _index(out) if folded else index, length


_NAMED: dict[str, tuple[str, str]] = {}


def _named(raw: str) -> tuple[str, str]:
    """The canonical name of a header name as written and its `_key` (memoised together:
    one lookup per header line instead of two)."""
    name = _checked_name(raw)
    found = name, _key(name)
    if len(_NAMED) < 4096:
        _NAMED[raw] = found
    return found


def _checked_name(raw: str) -> str:
    """The canonical name of a header name as written (memoised by `_named`)."""
    name = raw.strip()
    if not name or not _TOKEN.match(name):
        raise SipParseError("bad header line")
    return canonical(name)


class FramingError(ValueError):
    """A TCP stream that cannot be cut into messages: the connection should be closed."""


@dataclass(slots=True)
class StreamFramer:
    """Cuts SIP messages out of a TCP byte stream by Content-Length (RFC 3261 §18.3).

    The buffer never holds more than one message's bytes (bounded by `max_message`); CRLF
    keepalives between messages (RFC 5626 §3.5.1) are skipped.
    """

    max_message: int = MAX_MESSAGE
    max_head: int = MAX_HEAD
    _buffer: bytearray = field(default_factory=bytearray)

    def feed(self, data: bytes) -> list[bytes]:
        """The whole messages completed by `data`; FramingError when the stream is broken."""
        self._buffer += data
        out: list[bytes] = []
        while True:
            while self._buffer[:2] == b"\r\n" or self._buffer[:1] == b"\n":
                del self._buffer[: 2 if self._buffer[:1] == b"\r" else 1]
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self._buffer) > self.max_head:
                    raise FramingError("header section too large")
                return out
            if end > self.max_head:
                raise FramingError("header section too large")
            length = _stream_length(bytes(self._buffer[:end]))
            total = end + 4 + length
            if total > self.max_message:
                raise FramingError("message too large")
            if len(self._buffer) < total:
                return out
            out.append(bytes(self._buffer[:total]))
            del self._buffer[:total]

    @property
    def pending(self) -> int:
        return len(self._buffer)


_LENGTH = re.compile(rb"^(?:content-length|l)[ \t]*:[ \t]*(\S*)[ \t]*$", re.I | re.M)


def _stream_length(head: bytes) -> int:
    match = _LENGTH.search(head)
    if match is None:
        return 0
    value = match.group(1)
    if not value.isdigit() or len(value) > 9:
        raise FramingError("bad Content-Length")
    return int(value)


# --- addresses and parameters -------------------------------------------------------------

_URI_USER = re.compile(r"sips?:([^@;>\s]+)@", re.I)
_TAG = re.compile(r";\s*tag=([^;>\s,]+)", re.I)


_USERS: dict[str, str] = {}


def uri_user(value: str) -> str:
    """The user part of the first SIP URI in a From/To/Contact/request URI value (memoised
    by what comes before a tag: a device names itself the same way each time, its tags
    change; a URI's user part cannot run past the tag's ";", so the first URI found before
    it is the first in the value; bounded)."""
    head = value.partition(";tag=")[0]
    found = _USERS.get(head)
    if found is None:
        match = _URI_USER.search(head)
        if match is None:
            match = _URI_USER.search(value)
            return match.group(1) if match else ""
        found = match.group(1)
        if len(_USERS) >= 100_000:
            _USERS.clear()
        _USERS[head] = found
    return found


def tag_of(value: str) -> str:
    """The `tag` parameter of a From/To value (outside the angle brackets)."""
    tail = value.rsplit(">", 1)[-1] if ">" in value else value
    if "=" not in tail:  # no parameter with a value: no tag (a REGISTER's To)
        return ""
    match = _TAG.search(tail)
    return match.group(1) if match else ""


def header_params(value: str) -> dict[str, str]:
    """`;name=value` parameters of a header value (lower-case names, quotes removed)."""
    tail = value.rsplit(">", 1)[-1] if ">" in value else value
    out = {}
    for part in tail.split(";")[1:]:
        name, _, param = part.partition("=")
        out[name.strip().lower()] = param.strip().strip('"')
    return out


def via_branch(via: str) -> str:
    """The `branch` parameter of a Via value (as `header_params` reads it)."""
    at = via.find(";branch=")
    if at < 0 or ">" in via or '"' in via or via.lower().count("branch") != 1:
        return header_params(via).get("branch", "")
    end = via.find(";", at + 8)
    return via[at + 8 : None if end < 0 else end].strip()


_RPORT = re.compile(r";\s*rport(?=;|$|\s)")


def stamp_via(via: str, host: str, port: int) -> str:
    """The top Via with `received` and a filled `rport` (RFC 3581) for the reply's route."""
    at = via.find(";rport")
    if at < 0:
        out = via
    elif via.count("rport") == 1 and via[at + 6 : at + 7] in ("", ";"):  # the common case
        out = f"{via[:at]};rport={port}{via[at + 6 :]}"
    else:
        out = _RPORT.sub(f";rport={port}", via, count=1)
    if ";received=" not in out:
        out += f";received={host}"
    return out


_COPIED = {name: name.lower() for name in ("Via", "From", "To", "Call-ID", "CSeq")}


def _answer_headers(
    req: Request, to_tag: str, source: tuple[str, int] | None
) -> list[tuple[str, str]] | None:
    """The request's Via (the first stamped with `source`), From, To (tag added), Call-ID and
    CSeq, as an answer copies them; None when the request lacks one of Via, From, Call-ID
    (nothing could route the answer)."""
    headers: list[tuple[str, str]] = []
    first_via = True
    has_from = has_call_id = False
    copied = _COPIED.get
    for name, value in req.headers:
        kind = copied(name)  # one lookup: most of a request's headers are not copied
        if kind is None:
            continue
        if kind == "via":
            if first_via and source is not None:
                value = stamp_via(value, *source)
            first_via = False
        elif kind == "to":
            if to_tag and not tag_of(value):
                value = f"{value};tag={to_tag}"
        elif kind == "from":
            has_from = True
        elif kind == "call-id":
            has_call_id = bool(value)
        headers.append((name, value))
    if first_via or not has_from or not has_call_id:
        return None
    return headers


def response_to(
    req: Request,
    status: int,
    reason: str,
    *,
    to_tag: str = "",
    extra: Sequence[tuple[str, str]] = (),
    body: bytes = b"",
    source: tuple[str, int] | None = None,
) -> Response | None:
    """A response copying the request's Via, From, To (tag added), Call-ID and CSeq; None
    when the request lacks one of Via, From, Call-ID (nothing could route the answer)."""
    headers = _answer_headers(req, to_tag, source)
    if headers is None:
        return None
    headers.extend(extra)
    return Response(tuple(headers), body, status, reason)


def answer(
    req: Request,
    status: int,
    reason: str,
    *,
    to_tag: str = "",
    extra: Sequence[tuple[str, str]] = (),
    source: tuple[str, int] | None = None,
) -> bytes | None:
    """`response_to(...).serialize()` without a body and without the Response in between: the
    same bytes, or None when that is None (the answers to REGISTERs and keepalives)."""
    headers = _answer_headers(req, to_tag, source)
    if headers is None:
        return None
    headers.extend(extra)
    return _serialize(f"SIP/2.0 {status} {reason}", headers, b"")


def tokens() -> Callable[[], str]:
    """Unique tags, branches and Call-IDs: a random prefix and a counter. They only need to
    be unique (RFC 3261 §19.3); os.urandom for each would cost more than a keepalive."""
    prefix = secrets.token_hex(4)
    counter = itertools.count(1)
    return lambda: f"{prefix}{next(counter):x}"


def expires_of(message: Request | Response) -> int | None:
    """A registration's lifetime: the Expires header, or the Contact's `expires` parameter
    (None when neither is a number)."""
    raw = message.header("Expires")
    if raw is None:
        raw = header_params(message.header("Contact") or "").get("expires")
    return int(raw.strip()) if raw is not None and raw.strip().isdigit() else None
