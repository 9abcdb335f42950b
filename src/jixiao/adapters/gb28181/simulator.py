"""A fleet of simulated GB/T 28181 devices (NVRs with camera channels) for tests and benchmarks.

Each device registers with digest auth, sends a keepalive every interval, re-registers before
its registration expires, answers Catalog (one item per MESSAGE, sent one after another as
real devices do), DeviceInfo, DeviceStatus and ConfigDownload queries and accepts SUBSCRIBE.
A share of the devices can fall silent (`drop`), as cameras do when their power or fibre goes.
Over UDP the whole fleet shares one socket (the platform routes by device id); over TCP
each device has its own connection, and dropping closes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import heapq
import itertools
import secrets
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from jixiao.adapters.gb28181 import digest, manscdp, recordinfo
from jixiao.adapters.gb28181.fleet_transports import FleetUdp, TcpDevice
from jixiao.adapters.gb28181.messages import (
    Request,
    Response,
    SipParseError,
    parse,
    response_to,
    tokens,
    uri_user,
)

CENTRE = "34020000"
RETRY = 10.0  # seconds before an unanswered REGISTER is sent again
YIELD_EVERY = 200  # due timers handled before the answers received meanwhile are read


def device_id(index: int, type_code: str = "118") -> str:
    """The id of simulated device `index`: centre 34020000, industry 00, network 0."""
    return f"{CENTRE}00{type_code}0{index:06d}"


def channel_id(index: int, channel: int, per_device: int) -> str:
    return f"{CENTRE}00131{1 + (index * per_device + channel) // 1_000_000}{(index * per_device + channel) % 1_000_000:06d}"


@dataclass(frozen=True, slots=True)
class FleetConfig:
    platform_host: str
    platform_port: int
    count: int
    platform_id: str = "34020000002000000001"
    channels: int = 2
    password: str | None = None
    transport: str = "udp"
    interval: float = 60.0
    expires: int = 3600
    register_rate: float = 2000.0
    first: int = 0
    local_host: str = "127.0.0.1"
    offline_channels: int = 0  # channels reported OFF in the catalog (the last ones)
    # RecordInfo: every channel records continuously for the last `record_days` local days
    # (today included), in files of `record_file_s` seconds starting `record_file_shift`
    # seconds after local midnight (a shift makes files span midnight), except in the daily
    # gaps (seconds after local midnight, [start, end)); `record_gaps_of` overrides the gaps
    # for some channels. `record_quirks`: "overlap" repeats a file shifted by a minute,
    # "inverted" adds a file that ends before it starts.
    record_days: int = 90
    record_file_s: int = 3600
    record_file_shift: int = 0
    record_gaps: tuple[tuple[int, int], ...] = ()
    record_gaps_of: Mapping[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    record_days_of: Mapping[str, int] = field(default_factory=dict)
    record_quirks: frozenset[str] = frozenset()
    record_per_message: int = 8
    utc_offset: int = 8 * 3600

    @property
    def realm(self) -> str:
        return self.platform_id[:10]


@dataclass(slots=True)
class Stats:
    registered: int = 0
    register_failures: int = 0
    keepalives: int = 0
    keepalive_ok: int = 0
    keepalive_rejected: int = 0
    catalogs: int = 0
    queries: int = 0
    record_queries: int = 0


@dataclass(slots=True)
class _Device:
    index: int
    device_id: str
    call_id: str
    tag: str
    cseq: int = 0
    register_cseq: int = 0  # the CSeq of its latest REGISTER: answers to older ones are late
    registered: bool = False
    silent: bool = False
    auth_nc: int = 0
    auth: str | None = None
    conn: TcpDevice | None = None
    outbox: list[bytes] = field(default_factory=list)


class Fleet:
    """The simulated devices and the sockets they talk over."""

    def __init__(self, config: FleetConfig) -> None:
        self.config = config
        self.stats = Stats()
        c = config
        self.devices = [
            _Device(
                i,
                device_id(c.first + i),
                f"{secrets.token_hex(8)}@{c.local_host}",
                secrets.token_hex(4),
            )
            for i in range(c.count)
        ]
        self._by_id = {d.device_id: d for d in self.devices}
        self._udp: FleetUdp | None = None
        self._local_port = 0
        self._timers: list[tuple[float, int, int, str]] = []
        self._seq = itertools.count()
        self._runner: asyncio.Task[None] | None = None
        self._pending: dict[str, tuple[_Device, str]] = {}
        self._token = tokens()
        self._chains: dict[str, tuple[_Device, list[bytes]]] = {}  # RecordInfo answers to send
        self._unacked: dict[str, tuple[_Device, bytes, int]] = {}  # answers sent, not yet 200
        self.registered_event = asyncio.Event()

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        if self.config.transport == "udp":
            family = socket.AF_INET6 if ":" in self.config.local_host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_DGRAM)
            sock.bind((self.config.local_host, 0))
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
            self._udp = FleetUdp(self, sock, loop)
            self._local_port = int(sock.getsockname()[1])
        spacing = 1.0 / self.config.register_rate
        now = time.monotonic()
        for n, device in enumerate(self.devices):
            self._at(now + n * spacing, device, "register")
        self._runner = asyncio.create_task(self._run())

    async def stop(self, *, drain_s: float = 2.0) -> None:
        """Stop sending, wait up to `drain_s` for the answers to keepalives already sent, then
        close: without the wait a reply in flight at the end counts as unanswered."""
        if self._runner is not None:
            self._runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._runner
        loop = asyncio.get_running_loop()
        deadline = loop.time() + drain_s
        while loop.time() < deadline and any(k == "keepalive" for _, k in self._pending.values()):
            await asyncio.sleep(0.02)
        for device in self.devices:
            if device.conn is not None:
                device.conn.close()
        if self._udp is not None:
            self._udp.close()

    async def wait_registered(self, timeout: float) -> bool:
        """True when every device that is not silent has registered within `timeout`."""
        deadline = time.monotonic() + timeout
        # counted once, not every 50 ms: at 100,000 devices the count was a tenth of a core
        speaking = sum(1 for d in self.devices if not d.silent)
        while time.monotonic() < deadline:
            if self.stats.registered >= speaking:
                return True
            await asyncio.sleep(0.05)
        return False

    def drop(self, share: float, *, close: bool = True) -> list[str]:
        """Silence the first `share` of the devices (no keepalives); over TCP close their
        connections too when `close`. Returns their ids."""
        chosen = self.devices[: round(len(self.devices) * share)]
        for device in chosen:
            device.silent = True
            if close and device.conn is not None:
                device.conn.close()
                device.conn = None
        return [d.device_id for d in chosen]

    # --- timers ----------------------------------------------------------------------------

    def _at(self, when: float, device: _Device, action: str) -> None:
        heapq.heappush(self._timers, (when, next(self._seq), device.index, action))

    async def _run(self) -> None:
        while True:
            now = time.monotonic()
            done = 0
            while self._timers and self._timers[0][0] <= now:
                done += 1
                if done % YIELD_EVERY == 0:
                    # a storm's thousands of due REGISTERs: let the answers that came in
                    # meanwhile be read, or they overflow the socket and every device retries
                    await asyncio.sleep(0)
                _, _, index, action = heapq.heappop(self._timers)
                device = self.devices[index]
                if device.silent:
                    continue
                if action == "register":
                    auth, device.auth = device.auth, None
                    await self._register(device, auth)
                    if auth is None:  # UDP may lose it or its answer: try again if unanswered
                        self._at(now + RETRY + device.index % 7, device, "retry")
                elif action == "retry" and not device.registered:
                    await self._register(device)
                    self._at(now + RETRY + device.index % 7, device, "retry")
                elif action == "keepalive":
                    self._keepalive(device, now)
                elif action.startswith("resend:"):
                    self._resend(action[7:], now)
            delay = self._timers[0][0] - time.monotonic() if self._timers else 0.05
            await asyncio.sleep(min(max(delay, 0.0), 0.05))

    # --- device behaviour ------------------------------------------------------------------

    def _request(
        self,
        device: _Device,
        method: str,
        headers: list[tuple[str, str]],
        body: bytes = b"",
        *,
        call_id: str | None = None,
    ) -> bytes:
        c = self.config
        device.cseq += 1
        port = device.conn.local_port if device.conn is not None else self._local_port
        target = f"sip:{c.platform_id}@{c.platform_host}:{c.platform_port}"
        all_headers = [
            (
                "Via",
                f"SIP/2.0/{c.transport.upper()} {c.local_host}:{port};rport;branch=z9hG4bK{self._token()}",
            ),
            ("From", f"<sip:{device.device_id}@{c.realm}>;tag={device.tag}"),
            (
                "To",
                f"<sip:{c.platform_id}@{c.realm}>"
                if method != "REGISTER"
                else f"<sip:{device.device_id}@{c.realm}>",
            ),
            ("Call-ID", call_id or device.call_id),
            ("CSeq", f"{device.cseq} {method}"),
            ("Max-Forwards", "70"),
            ("User-Agent", "jixiao-simulator"),
            *headers,
        ]
        return Request(tuple(all_headers), body, method, target).serialize()

    async def _register(self, device: _Device, auth: str | None = None) -> None:
        c = self.config
        if c.transport == "tcp" and device.conn is None:
            try:
                device.conn = await TcpDevice.connect(self, device)
            except OSError:
                self.stats.register_failures += 1
                self._at(time.monotonic() + 5, device, "register")
                return
        headers = [
            ("Contact", f"<sip:{device.device_id}@{c.local_host}:{self._local_port}>"),
            ("Expires", str(c.expires)),
            ("X-GB-ver", "3.0"),
        ]
        if auth is not None:
            headers.append(("Authorization", auth))
        else:  # a fresh attempt: challenges may be answered again
            device.auth_nc = 0
        request = self._request(device, "REGISTER", headers)
        device.register_cseq = device.cseq
        self._send(device, request)

    def _keepalive(self, device: _Device, now: float) -> None:
        if not device.registered:
            return
        body = (
            '<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n'
            f"<SN>{device.cseq + 1}</SN>\r\n<DeviceID>{device.device_id}</DeviceID>\r\n"
            "<Status>OK</Status>\r\n</Notify>\r\n"
        ).encode()
        call_id = self._token()
        self._pending[call_id] = (device, "keepalive")
        self.stats.keepalives += 1
        self._send(
            device,
            self._request(
                device,
                "MESSAGE",
                [("Content-Type", "Application/MANSCDP+xml")],
                body,
                call_id=call_id,
            ),
        )
        self._at(now + self.config.interval, device, "keepalive")

    def _send(self, device: _Device, data: bytes) -> None:
        if device.conn is not None:
            device.conn.write(data)
        elif self._udp is not None:
            self._udp.sendto(data, (self.config.platform_host, self.config.platform_port))

    def _send_answer(self, device: _Device, data: bytes) -> None:
        """A MESSAGE of a catalog or RecordInfo answer: over UDP sent again until the platform
        answers it (1, 2, 4 s), as devices do: a loss would stall the set."""
        self._send(device, data)
        if device.conn is None:
            call_id = _call_id_of(data)
            self._unacked[call_id] = (device, data, 0)
            self._at(time.monotonic() + 1.0, device, f"resend:{call_id}")

    def _resend(self, call_id: str, now: float) -> None:
        found = self._unacked.get(call_id)
        if found is None:
            return
        device, data, tries = found
        if tries >= 3:
            del self._unacked[call_id]
            return
        self._unacked[call_id] = (device, data, tries + 1)
        self._send(device, data)
        self._at(now + 2.0 ** (tries + 1), device, f"resend:{call_id}")

    def received(self, data: bytes, device_hint: _Device | None = None) -> None:
        try:
            message = parse(data, stream=device_hint is not None)
        except SipParseError:
            return
        if isinstance(message, Response):
            self._response(message)
            return
        target = uri_user(message.uri) or uri_user(message.header("To") or "")
        device = self._by_id.get(target) or device_hint
        if device is None or device.silent:
            return
        self._query(device, message)

    def _response(self, res: Response) -> None:
        number, method = res.cseq
        if method == "REGISTER":
            device = self._by_id.get(uri_user(res.header("To") or ""))
            if device is None or number != device.register_cseq:
                # the answer to a REGISTER the device has since sent again (a platform
                # answering a storm late): its transaction is over, as a device's stack
                # drops it; answered, it registered every such device twice
                return
            if res.status == 401:
                params = digest.parse_credentials(res.header("WWW-Authenticate") or "") or {}
                if self.config.password is None or device.auth_nc > 3:
                    self.stats.register_failures += 1
                    return
                device.auth_nc += 1
                uri = f"sip:{self.config.platform_id}@{self.config.realm}"
                auth = digest.authorization(
                    params,
                    username=device.device_id,
                    password=self.config.password,
                    method="REGISTER",
                    uri=uri,
                    cnonce=self._token(),
                )
                device.auth = auth
                self._at(time.monotonic(), device, "register")
            elif res.status == 200:
                device.auth_nc = 0
                if not device.registered:
                    device.registered = True
                    self.stats.registered += 1
                    first = time.monotonic() + (device.index % 997) / 997 * self.config.interval
                    self._at(first, device, "keepalive")
                self._at(time.monotonic() + self.config.expires * 0.8, device, "register")
            elif res.status >= 300:
                self.stats.register_failures += 1
            return
        self._unacked.pop(res.call_id, None)
        chain = self._chains.pop(res.call_id, None)
        if chain is not None:  # a RecordInfo answer was taken: the next message of its set
            device, rest = chain
            if rest:
                if len(rest) > 1:
                    self._chains[_call_id_of(rest[0])] = (device, rest[1:])
                self._send_answer(device, rest[0])
            return
        pending = self._pending.pop(res.call_id, None)
        if pending is None:
            return
        device, kind = pending
        if kind == "keepalive":
            if res.status == 200:
                self.stats.keepalive_ok += 1
            else:
                self.stats.keepalive_rejected += 1
                device.registered = False
                self.stats.registered -= 1
                self._at(time.monotonic() + 1, device, "register")
        elif kind == "catalog" and device.outbox:
            message = device.outbox.pop(0)  # serially: the next one after the 200 OK
            if device.outbox:
                self._pending[_call_id_of(message)] = (device, "catalog")
            self._send_answer(device, message)

    def _query(self, device: _Device, req: Request) -> None:
        if req.method == "SUBSCRIBE":
            reply = response_to(
                req,
                200,
                "OK",
                to_tag=self._token(),
                extra=(("Expires", req.header("Expires") or "600"),),
            )
            if reply is not None:
                self._send(device, reply.serialize())
            return
        ok = response_to(req, 200, "OK", to_tag=self._token())
        if ok is not None:
            self._send(device, ok.serialize())
        if req.method != "MESSAGE":
            return
        try:
            body = manscdp.read_body(req.body)
        except manscdp.BodyError:
            return
        self.stats.queries += 1
        answers = self._answers(device, body, req.body)
        if not answers:
            return
        messages = [
            self._request(
                device,
                "MESSAGE",
                [("Content-Type", "Application/MANSCDP+xml")],
                a,
                call_id=self._token(),
            )
            for a in answers
        ]
        if body.cmd == "recordinfo":
            self.stats.record_queries += 1
            if len(messages) > 1:
                self._chains[_call_id_of(messages[0])] = (device, messages[1:])
        elif body.cmd == "catalog":
            self.stats.catalogs += 1
            device.outbox = messages[1:]
            if device.outbox:
                self._pending[_call_id_of(messages[0])] = (device, "catalog")
        if body.cmd in ("recordinfo", "catalog"):
            self._send_answer(device, messages[0])
        else:
            self._send(device, messages[0])

    def _answers(self, device: _Device, body: manscdp.Decoded, req_body: bytes) -> list[bytes]:
        head = f"<CmdType>{{}}</CmdType>\r\n<SN>{body.sn}</SN>\r\n<DeviceID>{device.device_id}</DeviceID>\r\n"
        wrap = '<?xml version="1.0" encoding="GB2312"?>\r\n<Response>\r\n{}</Response>\r\n'
        c = self.config
        if body.cmd == "catalog":
            out = []
            for j in range(c.channels):
                status = "OFF" if j >= c.channels - c.offline_channels else "ON"
                item = (
                    f"<Item>\r\n<DeviceID>{channel_id(c.first + device.index, j, c.channels)}</DeviceID>\r\n"
                    f"<Name>模拟通道{j + 1}</Name>\r\n<Manufacturer>jixiao</Manufacturer>\r\n"
                    f"<Model>SIM-IPC</Model>\r\n<CivilCode>340200</CivilCode>\r\n"
                    f"<Address>模拟路{device.index}号</Address>\r\n<Parental>0</Parental>\r\n"
                    f"<ParentID>{device.device_id}</ParentID>\r\n<Status>{status}</Status>\r\n"
                    "<Info>\r\n<PointType>3</PointType>\r\n</Info>\r\n</Item>\r\n"
                )
                text = (
                    head.format("Catalog")
                    + f'<SumNum>{c.channels}</SumNum>\r\n<DeviceList Num="1">\r\n{item}</DeviceList>\r\n'
                )
                out.append(wrap.format(text).encode("gb18030"))
            if not out:
                out.append(
                    wrap.format(head.format("Catalog") + "<SumNum>0</SumNum>\r\n").encode("gb18030")
                )
            return out
        if body.cmd == "recordinfo":
            return self._records(body.device_id, body.sn, req_body)
        if body.cmd == "deviceinfo":
            text = head.format("DeviceInfo") + (
                f"<DeviceName>模拟NVR{device.index}</DeviceName>\r\n<Result>OK</Result>\r\n"
                f"<Manufacturer>jixiao</Manufacturer>\r\n<Model>SIM-NVR</Model>\r\n"
                f"<Firmware>1.0</Firmware>\r\n<Channel>{c.channels}</Channel>\r\n"
            )
            return [wrap.format(text).encode("gb18030")]
        if body.cmd == "devicestatus":
            text = (
                head.format("DeviceStatus")
                + "<Result>OK</Result>\r\n<Online>ONLINE</Online>\r\n<Status>OK</Status>\r\n"
            )
            return [wrap.format(text).encode("gb18030")]
        if body.cmd == "configdownload":
            text = head.format("ConfigDownload") + (
                "<Result>OK</Result>\r\n<BasicParam>\r\n"
                f"<Expiration>{c.expires}</Expiration>\r\n<HeartBeatInterval>{int(c.interval)}</HeartBeatInterval>\r\n"
                "<HeartBeatCount>3</HeartBeatCount>\r\n</BasicParam>\r\n"
            )
            return [wrap.format(text).encode("gb18030")]
        return []

    def recordings(self, channel: str, start: int, end: int, now: int) -> list[tuple[int, int]]:
        """The files of `channel` overlapping [start, end] as (start, end) epoch seconds:
        continuous recording over the kept days minus the daily gaps, cut into files."""
        c = self.config
        offset = c.utc_offset
        midnight = (now + offset) // 86_400 * 86_400 - offset
        oldest = midnight - (c.record_days_of.get(channel, c.record_days) - 1) * 86_400
        gaps = c.record_gaps_of.get(channel, c.record_gaps)
        first = max(start, oldest)
        last = min(end, now)
        if first >= last:
            return []
        step, shift = c.record_file_s, c.record_file_shift
        slot = (first - shift + offset) // step * step + shift - offset
        files = []
        while slot < last:
            pieces = [(max(slot, oldest), min(slot + step, now))]
            day = (slot + offset) // 86_400 * 86_400 - offset
            for day_start in (day, day + 86_400):
                for a, b in gaps:
                    cut_a, cut_b = day_start + a, day_start + b
                    pieces = [
                        part
                        for x, y in pieces
                        for part in ((x, min(y, cut_a)), (max(x, cut_b), y))
                        if part[0] < part[1]
                    ]
            files += [p for p in pieces if p[0] <= end and p[1] >= start]
            slot += step
        if "overlap" in c.record_quirks and files:
            files.append((files[0][0] + 60, files[0][1] + 60))
        if "inverted" in c.record_quirks and files:
            files.append((files[-1][1], files[-1][0]))
        return files

    def _records(self, channel: str, sn: int | None, query: bytes) -> list[bytes]:
        offset = dt.timedelta(seconds=self.config.utc_offset)
        try:
            root = manscdp.parse_xml(query)
        except manscdp.BodyError:
            return []
        start = recordinfo.parse_gb_time(root.get("starttime"), offset)
        end = recordinfo.parse_gb_time(root.get("endtime"), offset)
        if start is None or end is None:
            return []
        files = self.recordings(channel, start, end, int(time.time()))
        head = (
            '<?xml version="1.0" encoding="GB2312"?>\r\n<Response>\r\n'
            f"<CmdType>RecordInfo</CmdType>\r\n<SN>{sn}</SN>\r\n<DeviceID>{channel}</DeviceID>\r\n"
            f"<Name>模拟通道</Name>\r\n<SumNum>{len(files)}</SumNum>\r\n"
        )
        per = max(1, self.config.record_per_message)
        out = []
        for i in range(0, max(len(files), 1), per):
            chunk = files[i : i + per]
            items = "".join(
                f"<Item>\r\n<DeviceID>{channel}</DeviceID>\r\n<Name>模拟通道</Name>\r\n"
                f"<FilePath>/rec/{channel}/{a}</FilePath>\r\n<Address>模拟</Address>\r\n"
                f"<StartTime>{recordinfo.gb_time(a, offset)}</StartTime>\r\n"
                f"<EndTime>{recordinfo.gb_time(b, offset)}</EndTime>\r\n"
                "<Secrecy>0</Secrecy>\r\n<Type>time</Type>\r\n</Item>\r\n"
                for a, b in chunk
            )
            listing = (
                f'<RecordList Num="{len(chunk)}">\r\n{items}</RecordList>\r\n' if chunk else ""
            )
            out.append((head + listing + "</Response>\r\n").encode("gb18030"))
        return out


def _call_id_of(data: bytes) -> str:
    try:
        return parse(data).call_id
    except SipParseError:
        return ""
