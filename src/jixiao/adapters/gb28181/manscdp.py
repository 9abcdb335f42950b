"""MANSCDP XML bodies (Application/MANSCDP+xml) of GB/T 28181, decoded tolerantly.

Real devices declare GB2312 and send GB18030 (a superset), or UTF-8; some send a bare `&`
or a stray `<` inside <Address> (Hikvision). Bytes are decoded here (GB18030 first, UTF-8
as the fallback, or the other way round when the body declares UTF-8), then parsed by lxml
with entities, DTDs and the network off, from the first root element on (a broken XML
declaration or stray bytes before the root are skipped). Element names are matched case-insensitively (the
2022 text prints `cmdType` in places). Status words ON/ONLINE/OK mean online.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

MAX_BODY = 1 << 20
MAX_DEPTH = 16

_DECLARED = re.compile(rb"<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_-]+)[\"']", re.I)
_ROOT = re.compile(r"<[A-Za-z_]")
_BARE_AMP = re.compile(r"&(?!(?:[A-Za-z][A-Za-z0-9]{1,7}|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});)")
_ADDRESS = re.compile(r"<Address>.*?</Address>", re.I | re.S)
_FORBIDDEN = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.I)
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)
_RECOVER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
)
ONLINE_WORDS = frozenset({"ON", "ONLINE", "OK"})
OFFLINE_WORDS = frozenset({"OFF", "OFFLINE", "ERROR"})


class BodyError(ValueError):
    """A body that is not MANSCDP XML we can read."""


def decode(body: bytes) -> str:
    """Text of a body: GB18030 (covers GB2312/GBK) first, then UTF-8; declared UTF-8 first."""
    declared = _DECLARED.search(body[:200])
    order = ["gb18030", "utf-8"]
    if declared and declared.group(1).lower().replace(b"_", b"-") in (b"utf-8", b"utf8"):
        order.reverse()
    for encoding in order:
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    return body.decode("gb18030", "replace")


class Node:
    """An element seen through lower-case local names, children looked up on demand.

    A thin view over the lxml element: a catalog response is read field by field, so
    copying the whole tree into Python objects first would cost more than the parse.
    """

    __slots__ = ("_children", "_element", "name")

    def __init__(self, element: Any) -> None:
        self._element = element
        self.name = _local(element.tag)
        self._children: list[Node] | None = None

    @property
    def text(self) -> str:
        return str(self._element.text or "").strip()

    @property
    def children(self) -> list[Node]:
        if self._children is None:
            self._children = [Node(c) for c in self._element if isinstance(c.tag, str)]
        return self._children

    def find(self, name: str) -> Node | None:
        for child in self.children:
            if child.name == name:
                return child
        return None

    def all(self, name: str) -> list[Node]:
        return [c for c in self.children if c.name == name]

    def fields(self) -> dict[str, str]:
        """Stripped text of each child by lower-case name (the first of a repeated name), read
        straight from the element: a RecordInfo answer has thousands of such leaves."""
        out: dict[str, str] = {}
        for child in reversed(self._element):
            tag = child.tag
            if isinstance(tag, str):
                out[tag.rsplit("}", 1)[-1].lower()] = str(child.text or "").strip()
        return out

    def get(self, name: str) -> str:
        """Stripped text of the first child called `name` ("" when absent)."""
        child = self.find(name)
        return child.text if child is not None else ""


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


_TOO_DEEP = "boolean(/*" + "/*" * MAX_DEPTH + ")"


def parse_xml(body: bytes) -> Node:
    """The root element of a body; BodyError for anything that cannot be read safely."""
    if len(body) > MAX_BODY:
        raise BodyError("body too large")
    text = decode(body)
    if _FORBIDDEN.search(text):
        raise BodyError("DTD or entity declaration refused")
    root_at = _ROOT.search(text)  # the first root element: a broken prolog is skipped
    if root_at is None:
        raise BodyError("no element")
    text = text[root_at.start() :].strip()
    text = _BARE_AMP.sub("&amp;", text)
    for attempt, parser in ((text, _PARSER), (_ADDRESS.sub("", text), _PARSER), (text, _RECOVER)):
        try:
            root = etree.fromstring(attempt.encode("utf-8"), parser)
        except etree.XMLSyntaxError:
            continue
        if root is None:
            continue
        if root.xpath(_TOO_DEEP):
            raise BodyError("nested too deeply")
        return Node(root)
    raise BodyError("not XML")


def status_word(word: str) -> bool | None:
    """ON/ONLINE/OK -> True, OFF/OFFLINE/ERROR -> False, anything else None."""
    upper = word.strip().upper()
    if upper in ONLINE_WORDS:
        return True
    if upper in OFFLINE_WORDS:
        return False
    return None


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if -1000 < value < 1000 else None


@dataclass(frozen=True, slots=True)
class CatalogItem:
    """One record of a Catalog response or NOTIFY (a channel, device or organisation node)."""

    device_id: str
    name: str = ""
    manufacturer: str = ""
    model: str = ""
    civil_code: str = ""
    address: str = ""
    parent_id: str = ""
    ip: str = ""
    port: int | None = None
    status: bool | None = None
    longitude: float | None = None
    latitude: float | None = None
    point_type: int | None = None
    event: str = ""


@dataclass(frozen=True, slots=True)
class Body:
    """What every MANSCDP body has: root (query/response/notify/control), CmdType, SN, DeviceID."""

    root: str
    cmd: str
    sn: int | None
    device_id: str


@dataclass(frozen=True, slots=True)
class Keepalive(Body):
    status: bool | None = None
    faulty: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Catalog(Body):
    """A Catalog response (root `response`) or NOTIFY (root `notify`, items carry events)."""

    sum_num: int | None = None
    items: tuple[CatalogItem, ...] = ()


@dataclass(frozen=True, slots=True)
class DeviceStatus(Body):
    result: str = ""
    online: bool | None = None
    ok: bool | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class DeviceInfo(Body):
    name: str = ""
    manufacturer: str = ""
    model: str = ""
    firmware: str = ""
    channels: int | None = None


@dataclass(frozen=True, slots=True)
class BasicParam(Body):
    """ConfigDownload/BasicParam: the device's own keepalive interval and count."""

    expiration: int | None = None
    interval: int | None = None
    count: int | None = None


@dataclass(frozen=True, slots=True)
class RecordItem:
    """One recording file of a RecordInfo answer; times as the device wrote them (local)."""

    start: str
    end: str
    device_id: str = ""
    file_path: str = ""
    kind: str = ""


@dataclass(frozen=True, slots=True)
class RecordInfo(Body):
    """A RecordInfo answer (GB/T 28181-2016 A.2.6.6): one message of a possibly split set;
    `problems` names what was wrong with it (items without times, SumNum without items)."""

    sum_num: int | None = None
    items: tuple[RecordItem, ...] = ()
    problems: tuple[str, ...] = ()


Decoded = Keepalive | Catalog | DeviceStatus | DeviceInfo | BasicParam | RecordInfo | Body

_KEEPALIVE_FAST = re.compile(
    rb"^\s*(?:<\?xml[^>]*\?>)?\s*<Notify>\s*<CmdType>Keepalive</CmdType>\s*<SN>(\d{1,9})</SN>\s*"
    rb"<DeviceID>(\d{20})</DeviceID>\s*<Status>(OK|ON|ONLINE)</Status>\s*</Notify>\s*$"
)


def read_body(body: bytes) -> Decoded:
    """The body as a typed value; unknown commands come back as a plain `Body`."""
    fast = _KEEPALIVE_FAST.match(body)
    if fast is not None:  # the common keepalive, 99% of traffic: no XML parser needed
        return Keepalive("notify", "keepalive", int(fast.group(1)), fast.group(2).decode(), True)
    root = parse_xml(body)
    cmd = root.get("cmdtype").lower()
    head = (root.name, cmd, _int(root.get("sn")), root.get("deviceid"))
    if cmd == "keepalive":
        info = root.find("info")
        faulty = tuple(n.text for n in info.all("deviceid")) if info is not None else ()
        return Keepalive(*head, status_word(root.get("status")), faulty)
    if cmd == "catalog" and root.name in ("response", "notify"):
        listing = root.find("devicelist")
        nodes = listing.all("item") if listing is not None else []
        items = tuple(_item(n) for n in nodes if n.get("deviceid"))
        sum_num = _int(root.get("sumnum"))
        if sum_num and not items:  # e.g. <DeviceListNum="1">: not an empty catalog
            raise BodyError("catalog with SumNum > 0 and no items")
        return Catalog(*head, sum_num, items)
    if cmd == "recordinfo" and root.name == "response":
        return _record_info(root, head)
    if cmd == "devicestatus" and root.name == "response":
        return DeviceStatus(
            *head,
            root.get("result").upper(),
            status_word(root.get("online")),
            status_word(root.get("status")),
            root.get("reason"),
        )
    if cmd == "deviceinfo" and root.name == "response":
        return DeviceInfo(
            *head,
            root.get("devicename"),
            root.get("manufacturer"),
            root.get("model"),
            root.get("firmware"),
            _int(root.get("channel")),
        )
    if cmd == "configdownload" and root.name == "response":
        param = root.find("basicparam")
        if param is not None:
            return BasicParam(
                *head,
                _int(param.get("expiration")),
                _int(param.get("heartbeatinterval")),
                _int(param.get("heartbeatcount")),
            )
    return Body(*head)


def _item(node: Node) -> CatalogItem:
    info = node.find("info")
    point = info.get("pointtype") if info is not None else ""
    return CatalogItem(
        device_id=node.get("deviceid"),
        name=node.get("name")[:200],
        manufacturer=node.get("manufacturer")[:100],
        model=node.get("model")[:100],
        civil_code=node.get("civilcode")[:20],
        address=node.get("address")[:300],
        parent_id=node.get("parentid").split("/")[0].strip()[:20],
        ip=node.get("ipaddress")[:64],
        port=_port(node.get("port")),
        status=status_word(node.get("status")),
        longitude=_float(node.get("longitude")),
        latitude=_float(node.get("latitude")),
        point_type=_int(point) or _int(node.get("pointtype")),
        event=node.get("event").upper(),
    )


MAX_RECORD_ITEMS = 10_000  # per message: a day of one-minute files fits many times over


def _record_info(root: Node, head: tuple[str, str, int | None, str]) -> RecordInfo:
    listing = root.find("recordlist")
    nodes = listing.all("item")[:MAX_RECORD_ITEMS] if listing is not None else []
    items, problems = [], []
    for node in nodes:
        f = node.fields()
        start, end = f.get("starttime", "")[:40], f.get("endtime", "")[:40]
        if not start or not end:
            problems.append("录像条目缺少开始或结束时间")
            continue
        items.append(
            RecordItem(
                start,
                end,
                f.get("deviceid", "")[:20],
                f.get("filepath", "")[:300],
                f.get("type", "")[:20].lower(),
            )
        )
    sum_num = _int(root.get("sumnum"))
    if root.find("sumnum") is not None and sum_num is None:
        problems.append(f"SumNum“{root.get('sumnum')[:20]}”不是数字")
    if sum_num and not nodes:
        problems.append("SumNum大于0却没有录像条目")
    return RecordInfo(*head, sum_num, tuple(items), tuple(problems))


def _port(text: str) -> int | None:
    value = _int(text)
    return value if value is not None and 0 < value < 65536 else None


# --- bodies the platform sends ------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def query(cmd: str, sn: int, device_id: str, extra: str = "") -> bytes:
    """A <Query> body (Catalog, DeviceInfo, DeviceStatus, ConfigDownload), GB18030-encoded."""
    text = (
        '<?xml version="1.0" encoding="GB2312"?>\r\n<Query>\r\n'
        f"<CmdType>{_escape(cmd)}</CmdType>\r\n<SN>{sn}</SN>\r\n"
        f"<DeviceID>{_escape(device_id)}</DeviceID>\r\n{extra}</Query>\r\n"
    )
    return text.encode("gb18030")
