"""级联 (cascade): jixiao as a lower platform of a superior (上级平台), sans-I/O.

A county platform is judged on the online rate the city's platform sees, so jixiao registers
to each configured superior with its own 20-digit id (digest auth), keeps the registration
alive with keepalives, answers the superior's Catalog query with its devices and channels and
their status, and, once subscribed, pushes every status change by NOTIFY (GB/T 28181-2016
§9.4/§9.5, 2022 §9.6). `Uplink` holds one superior's state; `server.py` moves its bytes
(messages from the superior's address go to it, not to the device platform) and fetches the
catalog from the store when the superior asks (`CatalogWanted`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from jixiao.adapters.gb28181 import digest, manscdp
from jixiao.adapters.gb28181.events import Output
from jixiao.adapters.gb28181.messages import (
    Request,
    Response,
    expires_of,
    request,
    response_to,
)
from jixiao.adapters.gb28181.session import Peer
from jixiao.domain.devices import DeviceError, GbId

REGISTER_RETRY = 30.0  # after a refusal or no answer: try again
ANSWER_WAIT = 4.0  # a REGISTER or keepalive unanswered for this long counts as lost
MISSED_KEEPALIVES = 3  # then the registration is taken as lost and made again
PER_MESSAGE = 4  # catalog items per MESSAGE: one datagram stays under a 1,500-byte MTU
MANSCDP = "Application/MANSCDP+xml"


class SuperiorError(ValueError):
    """A superior's configuration cannot be used; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class Superior:
    """One superior platform, as configured (JIXIAO_SIP_SUPERIORS)."""

    id: str
    host: str
    port: int = 5060
    password: str = ""
    username: str = ""  # the digest username; empty: jixiao's own id (as most platforms expect)
    expires: int = 3600
    interval: int = 60  # keepalive interval, seconds

    @property
    def realm(self) -> str:
        return self.id[:10]


def read_superiors(raw: str) -> tuple[Superior, ...]:
    """JIXIAO_SIP_SUPERIORS: a JSON list of objects {id, host, port, password, username,
    expires, interval}; raise SuperiorError naming the item and field that is wrong."""
    if not raw.strip():
        return ()
    try:
        items = json.loads(raw)
    except json.JSONDecodeError as error:
        raise SuperiorError(f"不是有效的 JSON（第{error.colno}列）：{error.msg}") from error
    if not isinstance(items, list):
        raise SuperiorError('应为 JSON 列表，如 [{"id": "…", "host": "…"}]')
    out: list[Superior] = []
    known = set(Superior.__dataclass_fields__)
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise SuperiorError(f"第{n}个上级平台应为对象")
        unknown = set(item) - known
        if unknown:
            raise SuperiorError(
                f"第{n}个上级平台有未知字段：{'、'.join(sorted(unknown))}；可用：{'、'.join(sorted(known))}"
            )
        try:
            GbId.parse(str(item.get("id", "")))
        except DeviceError as error:
            raise SuperiorError(f"第{n}个上级平台的 id：{error}") from error
        if not item.get("host"):
            raise SuperiorError(f"第{n}个上级平台缺少 host（上级平台的地址）")
        try:
            superior = Superior(
                id=str(item["id"]),
                host=str(item["host"]),
                port=int(item.get("port", 5060)),
                password=str(item.get("password", "")),
                username=str(item.get("username", "")),
                expires=int(item.get("expires", 3600)),
                interval=int(item.get("interval", 60)),
            )
        except (TypeError, ValueError) as error:
            raise SuperiorError(f"第{n}个上级平台：port、expires、interval 应为整数") from error
        if not (0 < superior.port < 65536 and 60 <= superior.expires <= 86_400):
            raise SuperiorError(f"第{n}个上级平台：port 应在1–65535，expires 在60–86400秒")
        if not 5 <= superior.interval <= 3600:
            raise SuperiorError(f"第{n}个上级平台：interval（心跳周期）应在5–3600秒")
        out.append(superior)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """A device or channel as the superior's catalog shows it."""

    device_id: str
    name: str
    parent_id: str
    online: bool | None
    manufacturer: str = ""
    model: str = ""
    civil_code: str = ""


@dataclass(frozen=True, slots=True)
class CatalogWanted:
    """The superior asked for the catalog (SN `sn`): the server reads it and calls `catalog`."""

    superior_id: str
    sn: int


@dataclass(slots=True)
class _Subscription:
    call_id: str
    from_header: str  # the superior's From (with its tag): our NOTIFY's To
    to_tag: str  # our tag in the dialog: our NOTIFY's From tag
    until: float
    cseq: int = 0


@dataclass(slots=True)
class _State:
    registered_until: float = 0.0
    register_due: float = 0.0  # when to (re-)register
    register_sent: float | None = None  # an unanswered REGISTER's time
    keepalive_due: float = 0.0
    keepalive_sent: dict[str, float] = field(default_factory=dict)  # call id -> sent at
    missed: int = 0
    tries: int = 0  # challenges answered for the current REGISTER
    cseq: int = 0
    subscription: _Subscription | None = None
    sn: int = 0


class Uplink:
    """One superior: registration, keepalives, catalog answers, status NOTIFYs."""

    def __init__(
        self,
        superior: Superior,
        *,
        own_id: str,
        local_host: str,
        local_port: int,
        token: Callable[[], str],
    ) -> None:
        self.superior, self.own_id = superior, own_id
        self.local_host, self.local_port = local_host, local_port
        self._token = token
        self.peer = Peer("udp", superior.host, superior.port)
        self.call_id = f"{token()}@{local_host}"
        self.tag = token()
        self.state = _State()
        self.stats: dict[str, int] = {"registered": 0, "refused": 0, "catalogs": 0, "notifies": 0}

    @property
    def registered(self) -> bool:
        return self.state.registered_until > 0

    def is_from(self, host: str, port: int) -> bool:
        return host == self.superior.host and port == self.superior.port

    # --- timers ----------------------------------------------------------------------------

    def tick(self, now: float) -> Output:
        out = Output()
        s = self.state
        if s.register_sent is not None and now - s.register_sent > ANSWER_WAIT:
            s.register_sent = None  # unanswered: the superior may be down; try again later
            s.register_due = now + REGISTER_RETRY
        if s.register_sent is None and now >= s.register_due:
            self._register(now, out)
        for call_id, sent in list(s.keepalive_sent.items()):
            if now - sent > ANSWER_WAIT:
                del s.keepalive_sent[call_id]
                s.missed += 1
        if self.registered and s.missed >= MISSED_KEEPALIVES:
            self._lost(now)
            self._register(now, out)
        elif self.registered and now >= s.keepalive_due:
            self._keepalive(now, out)
        if s.subscription is not None and now >= s.subscription.until:
            s.subscription = None
        return out

    def _lost(self, now: float) -> None:
        self.state.registered_until = 0.0
        self.state.missed = 0
        self.state.subscription = None

    # --- what the superior sends -----------------------------------------------------------

    def receive(self, message: Request | Response, now: float) -> Output:
        out = Output()
        if isinstance(message, Response):
            self._response(message, now, out)
            return out
        if message.method == "MESSAGE":
            self._message(message, now, out)
        elif message.method == "SUBSCRIBE":
            self._subscribe(message, now, out)
        elif message.method in ("ACK", "BYE"):
            if message.method == "BYE":
                self._reply(message, 200, "OK", out)
        else:
            self._reply(message, 501, "Not Implemented", out)
        return out

    def _response(self, res: Response, now: float, out: Output) -> None:
        s = self.state
        _, method = res.cseq
        if method == "REGISTER" and res.call_id == self.call_id:
            s.register_sent = None
            if res.status == 401 and s.tries < 2:
                s.tries += 1
                params = digest.parse_credentials(res.header("WWW-Authenticate") or "") or {}
                self._register(now, out, authorization=self._authorization(params))
            elif res.status == 200:
                s.tries = 0
                expires = expires_of(res) or self.superior.expires
                if not self.registered:
                    self.stats["registered"] += 1
                    s.keepalive_due = now  # the first keepalive at once
                s.registered_until = now + expires
                s.register_due = now + max(30.0, expires * 0.8)
            elif res.status >= 300:
                self.stats["refused"] += 1
                s.tries = 0
                self._lost(now)
                s.register_due = now + REGISTER_RETRY
        elif method == "MESSAGE" and res.call_id in s.keepalive_sent:
            del s.keepalive_sent[res.call_id]
            if res.status == 200:
                s.missed = 0
            else:  # the superior no longer knows us: register again
                self._lost(now)
                s.register_due = now

    def _message(self, req: Request, now: float, out: Output) -> None:
        try:
            body = manscdp.read_body(req.body)
        except manscdp.BodyError:
            self._reply(req, 400, "Bad Request", out)
            return
        self._reply(req, 200, "OK", out)
        if body.root == "query" and body.cmd == "catalog":
            self.stats["catalogs"] += 1
            out.events.append(CatalogWanted(self.superior.id, body.sn or 0))
        elif body.root == "query" and body.cmd == "deviceinfo":
            self._send(
                "MESSAGE",
                self._response_body(
                    "DeviceInfo",
                    body.sn or 0,
                    f"<DeviceName>{escape(self.own_id)}</DeviceName>\r\n<Result>OK</Result>\r\n"
                    "<Manufacturer>jixiao</Manufacturer>\r\n",
                ),
                now,
                out,
            )

    def _subscribe(self, req: Request, now: float, out: Output) -> None:
        event = (req.header("Event") or "").split(";")[0].strip().lower()
        if event != "catalog":
            self._reply(req, 489, "Bad Event", out)
            return
        raw = (req.header("Expires") or "").strip()
        expires = min(int(raw), 86_400) if raw.isdigit() else 3600
        to_tag = self._token()
        self._reply(req, 200, "OK", out, to_tag=to_tag, extra=(("Expires", str(expires)),))
        s = self.state
        if expires == 0:
            s.subscription = None
            return
        s.subscription = _Subscription(req.call_id, req.header("From") or "", to_tag, now + expires)

    # --- what jixiao sends -----------------------------------------------------------------

    def catalog(self, sn: int, entries: Sequence[CatalogEntry], now: float) -> Output:
        """The answer to Catalog query `sn`: SumNum items, PER_MESSAGE to a MESSAGE."""
        out = Output()
        total = len(entries)
        if total == 0:
            self._send(
                "MESSAGE", self._response_body("Catalog", sn, "<SumNum>0</SumNum>\r\n"), now, out
            )
            return out
        for start in range(0, total, PER_MESSAGE):
            chunk = entries[start : start + PER_MESSAGE]
            items = "".join(_item(e, self.own_id) for e in chunk)
            body = (
                f'<SumNum>{total}</SumNum>\r\n<DeviceList Num="{len(chunk)}">\r\n'
                f"{items}</DeviceList>\r\n"
            )
            self._send("MESSAGE", self._response_body("Catalog", sn, body), now, out)
        return out

    def status_changed(self, changes: Sequence[tuple[str, bool]], now: float) -> Output:
        """NOTIFY the subscribed superior of devices gone online (ON) or offline (OFF)."""
        out = Output()
        sub = self.state.subscription
        if sub is None or not changes or now >= sub.until:
            return out
        for start in range(0, len(changes), PER_MESSAGE):
            chunk = changes[start : start + PER_MESSAGE]
            items = "".join(
                f"<Item>\r\n<DeviceID>{escape(d)}</DeviceID>\r\n<Event>{'ON' if on else 'OFF'}</Event>\r\n"
                f"<Status>{'ON' if on else 'OFF'}</Status>\r\n</Item>\r\n"
                for d, on in chunk
            )
            self.state.sn += 1
            body = (
                '<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Catalog</CmdType>\r\n'
                f"<SN>{self.state.sn}</SN>\r\n<DeviceID>{self.own_id}</DeviceID>\r\n"
                f'<SumNum>{len(chunk)}</SumNum>\r\n<DeviceList Num="{len(chunk)}">\r\n{items}'
                "</DeviceList>\r\n</Notify>\r\n"
            ).encode("gb18030")
            sub.cseq += 1
            remaining = max(0, int(sub.until - now))
            headers = [
                *self._via(),
                ("From", f"<sip:{self.own_id}@{self.own_id[:10]}>;tag={sub.to_tag}"),
                ("To", sub.from_header),
                ("Call-ID", sub.call_id),
                ("CSeq", f"{sub.cseq} NOTIFY"),
                ("Max-Forwards", "70"),
                ("Event", "Catalog"),
                ("Subscription-State", f"active;expires={remaining}"),
                ("Content-Type", MANSCDP),
            ]
            target = f"sip:{self.superior.id}@{self.superior.host}:{self.superior.port}"
            out.sends.append((self.peer, request("NOTIFY", target, headers, body).serialize()))
            self.stats["notifies"] += 1
        return out

    def _register(self, now: float, out: Output, *, authorization: str | None = None) -> None:
        s = self.state
        if authorization is None:
            s.tries = 0
        s.cseq += 1
        s.register_sent = now
        sup = self.superior
        headers = [
            *self._via(),
            ("From", f"<sip:{self.own_id}@{self.own_id[:10]}>;tag={self.tag}"),
            ("To", f"<sip:{self.own_id}@{self.own_id[:10]}>"),
            ("Call-ID", self.call_id),
            ("CSeq", f"{s.cseq} REGISTER"),
            ("Max-Forwards", "70"),
            ("Contact", f"<sip:{self.own_id}@{self.local_host}:{self.local_port}>"),
            ("Expires", str(sup.expires)),
            ("User-Agent", "jixiao"),
        ]
        if authorization is not None:
            headers.append(("Authorization", authorization))
        out.sends.append((self.peer, request("REGISTER", self._uri(), headers).serialize()))

    def _authorization(self, params: dict[str, str]) -> str:
        return digest.authorization(
            params,
            username=self.superior.username or self.own_id,
            password=self.superior.password,
            method="REGISTER",
            uri=self._uri(),
            cnonce=self._token(),
        )

    def _keepalive(self, now: float, out: Output) -> None:
        s = self.state
        s.keepalive_due = now + self.superior.interval
        s.sn += 1
        body = (
            '<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n'
            f"<SN>{s.sn}</SN>\r\n<DeviceID>{self.own_id}</DeviceID>\r\n<Status>OK</Status>\r\n"
            "</Notify>\r\n"
        ).encode("gb18030")
        call_id = self._send("MESSAGE", body, now, out)
        s.keepalive_sent[call_id] = now

    def _response_body(self, cmd: str, sn: int, inner: str) -> bytes:
        return (
            '<?xml version="1.0" encoding="GB2312"?>\r\n<Response>\r\n'
            f"<CmdType>{cmd}</CmdType>\r\n<SN>{sn}</SN>\r\n<DeviceID>{self.own_id}</DeviceID>\r\n"
            f"{inner}</Response>\r\n"
        ).encode("gb18030")

    def _send(self, method: str, body: bytes, now: float, out: Output) -> str:
        """A request outside any dialog (MESSAGE): its Call-ID."""
        call_id = f"{self._token()}@{self.local_host}"
        self.state.cseq += 1
        headers = [
            *self._via(),
            ("From", f"<sip:{self.own_id}@{self.own_id[:10]}>;tag={self._token()}"),
            ("To", f"<sip:{self.superior.id}@{self.superior.realm}>"),
            ("Call-ID", call_id),
            ("CSeq", f"{self.state.cseq} {method}"),
            ("Max-Forwards", "70"),
            ("Content-Type", MANSCDP),
        ]
        out.sends.append((self.peer, request(method, self._uri(), headers, body).serialize()))
        return call_id

    def _reply(
        self,
        req: Request,
        status: int,
        reason: str,
        out: Output,
        *,
        to_tag: str = "",
        extra: Sequence[tuple[str, str]] = (),
    ) -> None:
        res = response_to(req, status, reason, to_tag=to_tag or self._token(), extra=extra)
        if res is not None:
            out.sends.append((self.peer, res.serialize()))

    def _via(self) -> list[tuple[str, str]]:
        branch = f"z9hG4bK{self._token()}"
        return [("Via", f"SIP/2.0/UDP {self.local_host}:{self.local_port};rport;branch={branch}")]

    def _uri(self) -> str:
        return f"sip:{self.superior.id}@{self.superior.realm}"


def _item(entry: CatalogEntry, own_id: str) -> str:
    """One catalog item; a device registered to jixiao itself has jixiao as its parent."""
    status = "ON" if entry.online else "OFF"
    parent = f"<ParentID>{escape(entry.parent_id or own_id)}</ParentID>\r\n"
    civil = escape(entry.civil_code or entry.device_id[:6])
    return (
        f"<Item>\r\n<DeviceID>{escape(entry.device_id)}</DeviceID>\r\n"
        f"<Name>{escape(entry.name)}</Name>\r\n"
        f"<Manufacturer>{escape(entry.manufacturer)}</Manufacturer>\r\n"
        f"<Model>{escape(entry.model)}</Model>\r\n<Owner>0</Owner>\r\n"
        f"<CivilCode>{civil}</CivilCode>\r\n{parent}<Parental>0</Parental>\r\n"
        f"<SafetyWay>0</SafetyWay>\r\n<RegisterWay>1</RegisterWay>\r\n<Secrecy>0</Secrecy>\r\n"
        f"<Status>{status}</Status>\r\n</Item>\r\n"
    )
