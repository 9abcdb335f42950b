"""asyncio glue for the GB/T 28181 platform: UDP and TCP on one port, timers, the recorder.

All protocol logic is in core.py (sans-I/O); this module moves bytes between sockets and
`Platform`, reads the clock, and hands events to the recorder. `run_sip_server` is the entry
point `jixiao sip serve` and `jixiao serve` start.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import errno
import gc
import json
import logging
import resource
import socket
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import cast

from jixiao.adapters.gb28181.cascade import CatalogEntry, CatalogWanted, Uplink, read_superiors
from jixiao.adapters.gb28181.core import Platform
from jixiao.adapters.gb28181.events import Answer, Enrol, Output, PlatformConfig
from jixiao.adapters.gb28181.guard import KINDS, SecurityEvent
from jixiao.adapters.gb28181.messages import (
    FramingError,
    SipParseError,
    StreamFramer,
    parse,
    tokens,
)
from jixiao.adapters.gb28181.orphans import Orphans, watch
from jixiao.adapters.gb28181.proxy import Trusted, read_trusted
from jixiao.adapters.gb28181.recorder import Recorder
from jixiao.adapters.gb28181.recordinfo import RecordsDone
from jixiao.adapters.gb28181.session import DeviceSession, Peer, Registered, StatusChanged
from jixiao.adapters.gb28181.udp import UdpQueue
from jixiao.config import Settings
from jixiao.services.ports import Store
from jixiao.services.presence import cascade_catalog, known_ids, restore

log = logging.getLogger(__name__)
TICK = 0.25
MAX_TCP_BUFFER = 4 << 20
KNOWN_REFRESH = 60.0
REGISTER_WAIT = 32.0  # seconds a queued REGISTER stays worth answering (RFC 3261 timer F)
YOUNG = 20_000  # the collector's young generation: most of one round's objects die within it
TCP_SILENCE = 30.0  # seconds a new TCP connection may stay silent
TCP_IDLE = 300.0  # seconds any TCP connection may stay silent (JIXIAO_SIP_TCP_IDLE)
TCP_PER_SOURCE = 1000
TCP_TOTAL = 20_000
FD_RESERVE = 512  # file descriptors kept for the web app, the store and the log
SWEEP = 1.0  # how often idle connections are looked for
LOG_EVERY = 60.0  # one log line per kind of security event per minute at most
PUBLISH_EVERY = 5.0
EVENTS_FILE = "sip-events.json"  # what `jixiao sip events` reads
DURABLE = (Registered, Enrol)  # events whose acknowledgement waits until they are stored


class ThrottledLog(logging.Filter):
    """At most one record per (logger, message template) per `every` seconds.

    asyncio logs each failed accept() and each connection error: 20 000 hostile connections
    wrote hundreds of megabytes in minutes. The first record of a kind passes, the repeats
    within the period are counted and reported with the next one that passes.
    """

    def __init__(self, every: float = 10.0) -> None:
        super().__init__()
        self.every = every
        self._last: dict[tuple[str, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg)[:200])
        now = time.monotonic()
        at, suppressed = self._last.get(key, (-self.every, 0))
        if now - at < self.every:
            self._last[key] = (at, suppressed + 1)
            return False
        if len(self._last) > 10_000:
            self._last.clear()
        self._last[key] = (now, 0)
        if suppressed:
            record.msg = f"{record.msg}（此前{self.every:.0f}秒内同类消息{suppressed}条已省略）"
        return True


class _Tcp(asyncio.Protocol):
    def __init__(self, server: SipServer, conn: int) -> None:
        self._server, self._conn = server, conn
        self._framer = StreamFramer()
        self._peer = Peer("tcp", "", 0, conn)
        self._transport: asyncio.Transport | None = None
        self.heard = False
        self.last = time.monotonic()
        self.counted = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)
        host, port = transport.get_extra_info("peername")[:2]
        self._peer = Peer("tcp", str(host), int(port), self._conn)
        if not self._server.admit(self, self._peer):
            self._transport.abort()
            return
        self.counted = True
        self._server.connections[self._conn] = self._transport

    def idle(self, now: float) -> bool:
        """Silent too long: since opening (TCP_SILENCE) or since its last message (never
        less than the keepalive window of a device registered over it)."""
        limit = self._server.tcp_idle if self.heard else min(TCP_SILENCE, self._server.tcp_idle)
        if now - self.last <= limit:
            return False
        return now - self.last > self._server.platform.keepalive_window(self._conn)

    def close(self) -> None:
        if self._transport is not None:
            self._transport.abort()

    @property
    def peer(self) -> Peer:
        return self._peer

    def data_received(self, data: bytes) -> None:
        self.last = time.monotonic()
        try:
            messages = self._framer.feed(data)
        except FramingError:
            self._server.platform.stats["malformed"] += 1
            assert self._transport is not None
            self._transport.close()
            return
        for message in messages:
            self.heard = True
            self._server.handle(self._server.platform.receive(message, self._peer, time.time()))

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.counted:
            return
        self._server.release(self, self._peer)
        if not self._server.stopping:  # our own shutdown is not the device going offline
            self._server.handle(self._server.platform.connection_lost(self._conn, time.time()))


_EPHEMERAL_TRIES = 20  # ports tried when bound to port 0 and TCP finds the number taken


class SipServer:
    """Sockets and timers around a `Platform`; events go to `on_events` (the recorder)."""

    def __init__(
        self,
        platform: Platform,
        on_events: Callable[[list[object]], None],
        *,
        host: str,
        port: int,
        tcp_per_source: int = TCP_PER_SOURCE,
        tcp_total: int = TCP_TOTAL,
        tcp_idle: float = TCP_IDLE,
        events_file: Path | None = None,
        when_stored: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        self.platform, self._on_events = platform, on_events
        # a registration or a new device is acknowledged once its events are stored: this
        # files a callback with the batch the events just went into (Recorder.when_stored)
        self._when_stored = when_stored
        self._acks: set[asyncio.Task[None]] = set()
        self._unstored: set[bytes] = set()  # answers held back; a retransmission's copy waits too
        # 级联: the superior platforms, by the address their messages come from
        self.uplinks_by_address: dict[tuple[str, int], Uplink] = {}
        # the proxies whose X-Jixiao-Source header names a relayed device's address (proxy.py)
        self.trusted_proxies = Trusted()
        self.catalog_source: Callable[[], Awaitable[list[CatalogEntry]]] | None = None
        self.host, self.port = host, port
        self.tcp_per_source, self.tcp_idle = tcp_per_source, tcp_idle
        self.tcp_total = min(tcp_total, max(64, _file_limit() - FD_RESERVE))
        self.events_file = events_file
        self.connections: dict[int, asyncio.Transport] = {}
        self._protocols: dict[int, _Tcp] = {}
        self._per_source: dict[str, int] = {}
        self._logged: dict[str, tuple[float, int]] = {}  # kind -> (last logged, since then)
        self._published = 0.0
        self._swept = 0.0
        self._udp: UdpQueue | None = None
        self.register_wait = REGISTER_WAIT
        self._tcp: asyncio.Server | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._next_conn = 0
        self._waiting: dict[tuple[str, int], asyncio.Future[object]] = {}
        self.stopping = False

    async def start(self) -> None:
        """Bind UDP and TCP on the same port (an ephemeral one when the port is 0: the
        number the system gives UDP may be taken for TCP, e.g. by a client's connection, so
        another is tried then)."""
        wanted = self.port
        tries = _EPHEMERAL_TRIES if wanted == 0 else 1
        for attempt in range(tries):
            try:
                await self._bind(wanted)
                break
            except OSError as error:
                if error.errno != errno.EADDRINUSE or attempt == tries - 1:
                    raise
        self._ticker = asyncio.create_task(self._tick())

    async def _bind(self, port: int) -> None:
        loop = asyncio.get_running_loop()
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_DGRAM)
        try:
            sock.bind((self.host, port))
            bound = int(sock.getsockname()[1])
            self._tcp = await loop.create_server(
                self._new_connection, self.host, bound, reuse_address=True, backlog=4096
            )
        except OSError:
            sock.close()
            raise
        self.port = bound
        self._udp = UdpQueue(self, sock)
        loop.add_reader(sock.fileno(), self._udp.readable)

    def _new_connection(self) -> _Tcp:
        self._next_conn += 1
        return _Tcp(self, self._next_conn)

    def admit(self, protocol: _Tcp, peer: Peer) -> bool:
        """A new TCP connection within the caps (per source address, in all)?"""
        now = time.time()
        if len(self._protocols) >= self.tcp_total:
            self.platform.guard.note("tcp-total-cap", "", peer, now)
            return False
        if self._per_source.get(peer.host, 0) >= self.tcp_per_source:
            self.platform.guard.note("tcp-per-source-cap", "", peer, now)
            return False
        self._per_source[peer.host] = self._per_source.get(peer.host, 0) + 1
        self._protocols[peer.conn] = protocol
        return True

    def release(self, protocol: _Tcp, peer: Peer) -> None:
        self.connections.pop(peer.conn, None)
        if self._protocols.pop(peer.conn, None) is not None:
            left = self._per_source.get(peer.host, 1) - 1
            if left > 0:
                self._per_source[peer.host] = left
            else:
                self._per_source.pop(peer.host, None)

    def sweep(self) -> None:
        """Close the TCP connections silent for too long (a socket each, for nothing)."""
        now, wall = time.monotonic(), time.time()
        for protocol in [p for p in self._protocols.values() if p.idle(now)]:
            self.platform.guard.note("tcp-idle", "", protocol.peer, wall)
            protocol.close()

    async def stop(self) -> None:
        self.stopping = True
        for task in list(self._acks):
            task.cancel()
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
        if self._tcp is not None:
            self._tcp.close()
            for transport in list(self.connections.values()):
                transport.abort()
            await self._tcp.wait_closed()
        if self._udp is not None:
            asyncio.get_running_loop().remove_reader(self._udp.sock.fileno())
            self._udp.close()

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(TICK)
            now = time.time()
            self.handle(self.platform.tick(now))
            for uplink in self.uplinks_by_address.values():
                self._send(uplink.tick(now).sends)
            if now - self._swept >= SWEEP:
                self._swept = now
                self.sweep()
            self._log_security(self.platform.guard.take(), now)
            if self.events_file is not None and now - self._published >= PUBLISH_EVERY:
                self._published = now
                await self.publish()

    def _log_security(self, events: list[SecurityEvent], now: float) -> None:
        """One warning per kind per minute at most, with how many happened since."""
        for event in events:
            at, since = self._logged.get(event.kind, (0.0, 0))
            if now - at < LOG_EVERY:
                self._logged[event.kind] = (at, since + 1)
                continue
            self._logged[event.kind] = (now, 0)
            where = f"{event.transport}:{event.host}:{event.port}"
            device = f"设备{event.device_id}，" if event.device_id else ""
            more = f"（上次记录后又有{since}次）" if since else ""
            log.warning("国标安全事件：%s（%s来源%s）%s", KINDS[event.kind], device, where, more)

    def security_snapshot(self) -> dict[str, object]:
        """The counts by kind and the latest events, as `jixiao sip events` shows them."""
        guard = self.platform.guard
        return {
            "updated": time.time(),
            "counts": dict(guard.counts),
            "tcp_connections": len(self._protocols),
            "recent": [
                {
                    "at": e.at,
                    "kind": e.kind,
                    "device_id": e.device_id,
                    "source": f"{e.transport}:{e.host}:{e.port}",
                }
                for e in list(guard.recent)[-50:]
            ],
        }

    async def publish(self) -> None:
        if self.events_file is None:
            return
        text = json.dumps(self.security_snapshot(), ensure_ascii=False)
        try:
            await asyncio.to_thread(_write_atomically, self.events_file, text)
        except OSError as error:
            log.debug("cannot write %s: %s", self.events_file, error)

    def handle(self, out: Output) -> None:
        held = False
        if out.events and self._when_stored is not None:
            for event in out.events:
                if isinstance(event, DURABLE):
                    held = True
                    break
        if not held:
            self._send(out.sends)
        elif self._when_stored is not None:
            # The 200 OK waits for the store: an acknowledged registration is never lost.
            # Filed before the events are pushed, it is run after the batch they go into.
            sends = out.sends
            for _, data in sends:
                self._unstored.add(data)
            self._when_stored(lambda: self._send_stored(sends))
        if out.events:
            self._on_events(out.events)
            if self.uplinks_by_address:
                self._push_status(out.events)
            if self._waiting:
                for event in out.events:
                    if isinstance(event, Answer) and event.sn is not None:
                        future = self._waiting.pop((event.device_id, event.sn), None)
                        if future is not None and not future.done():
                            future.set_result(event.value)

    def from_superior(self, uplink: Uplink, data: bytes) -> None:
        """A message from a superior platform (级联): its uplink answers it."""
        try:
            message = parse(data)
        except SipParseError:
            self.platform.stats["malformed"] += 1
            return
        out = uplink.receive(message, time.time())
        self._send(out.sends)
        for event in out.events:
            if isinstance(event, CatalogWanted) and self.catalog_source is not None:
                task = asyncio.ensure_future(self._answer_catalog(uplink, event.sn))
                self._acks.add(task)
                task.add_done_callback(self._acks.discard)

    async def _answer_catalog(self, uplink: Uplink, sn: int) -> None:
        assert self.catalog_source is not None
        try:
            entries = await self.catalog_source()
        except Exception:  # the store is down: the superior will ask again
            log.exception("无法读取设备目录，未能回答上级平台 %s 的目录查询", uplink.superior.id)
            return
        self._send(uplink.catalog(sn, entries, time.time()).sends)

    def _push_status(self, events: list[object]) -> None:
        changes = [(e.device_id, e.online) for e in events if isinstance(e, StatusChanged)]
        if changes:
            now = time.time()
            for uplink in self.uplinks_by_address.values():
                self._send(uplink.status_changed(changes, now).sends)

    def _send_stored(self, sends: list[tuple[Peer, bytes]]) -> None:
        """What was held back until its events were stored (not once the server stops)."""
        for _, data in sends:
            self._unstored.discard(data)
        if not self.stopping:
            if self._udp is not None:  # the batch's other answers follow: one burst
                self._udp.collect()
            self._send(sends)

    def _send(self, sends: list[tuple[Peer, bytes]]) -> None:
        for peer, data in sends:
            if self._unstored and data in self._unstored:
                continue  # a repeated answer of a registration not yet stored
            if peer.transport == "udp" or peer.relay is not None:
                if self._udp is not None:
                    self._udp.sendto(data, peer.address)
                continue
            connection = self.connections.get(peer.conn)
            if connection is None:
                continue
            if connection.get_write_buffer_size() > MAX_TCP_BUFFER:
                connection.abort()  # a peer that does not read: drop it, not our memory
                continue
            connection.write(data)

    async def query(self, device_id: str, cmd: str, timeout: float = 10.0) -> object | None:
        """Ask a registered device (Catalog, DeviceInfo, DeviceStatus) and wait for the
        answer; None when it is not online or does not answer in time."""
        sn, out = self.platform.query(device_id, cmd, time.time())
        return await self._answer(device_id, sn, out, timeout)

    async def _answer(
        self, device_id: str, sn: int | None, out: Output, timeout: float
    ) -> object | None:
        """Send a query's output and wait for the `Answer` with its SN (None: not sent, or
        no answer in time)."""
        if sn is None:
            return None
        future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        self._waiting[(device_id, sn)] = future
        self.handle(out)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            return None
        finally:
            self._waiting.pop((device_id, sn), None)

    async def query_records(
        self, device_id: str, channel_id: str, start: int, end: int, timeout: float = 60.0
    ) -> RecordsDone | None:
        """The recordings of `channel_id` between two epoch seconds, as its device `device_id`
        answers RecordInfo (a partial set after the platform gave up on it); None when the
        device is not online or nothing came back in time."""
        sn, out = self.platform.query_records(device_id, channel_id, start, end, time.time())
        found = await self._answer(device_id, sn, out, timeout)
        return found if isinstance(found, RecordsDone) else None


def platform_config(settings: Settings) -> PlatformConfig:
    host = settings.sip_host
    advertised = host if host not in ("0.0.0.0", "::", "") else _local_address()
    password = settings.sip_password.get_secret_value() if settings.sip_password else None
    return PlatformConfig(
        platform_id=settings.sip_id,
        host=advertised,
        port=settings.sip_port,
        password=password,
        auto_enrol=settings.sip_auto_enrol,
        keepalive_revives=settings.sip_keepalive_revives,
        interval=settings.sip_keepalive_interval,
        count=settings.sip_keepalive_count,
        subscribe=settings.sip_subscribe,
        register_rate=settings.sip_register_rate,
        register_burst=max(1.0, settings.sip_register_rate * 5),
    )


def _connect_superiors(server: SipServer, settings: Settings, store: Store) -> None:
    """级联: an uplink per configured superior, registering from the platform's own port."""
    superiors = read_superiors(settings.sip_superiors)
    if not superiors:
        return
    host = settings.sip_host if settings.sip_host not in ("0.0.0.0", "::") else _local_address()
    token = tokens()
    for superior in superiors:
        uplink = Uplink(
            superior, own_id=settings.sip_id, local_host=host, local_port=server.port, token=token
        )
        server.uplinks_by_address[(superior.host, superior.port)] = uplink
    zone = settings.zone

    async def catalog() -> list[CatalogEntry]:
        now = dt.datetime.now(dt.UTC)
        items = await asyncio.to_thread(cascade_catalog, store, now, zone)
        return [
            CatalogEntry(
                i.device_id, i.name, i.parent_id, i.online, i.vendor, i.model, i.civil_code
            )
            for i in items
        ]

    server.catalog_source = catalog


def _local_address() -> str:
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    scratch.write_text(text, encoding="utf-8")
    scratch.replace(path)


def _file_limit() -> int:
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def _raise_file_limit() -> None:
    """Each TCP device holds a socket: allow as many as the system's hard limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def run_sip_server(
    settings: Settings,
    store: Store,
    stop: asyncio.Event,
    *,
    ready: Callable[[SipServer], Awaitable[None] | None] | None = None,
) -> None:
    """Run the GB/T 28181 platform until `stop` is set: restore the devices known before,
    serve UDP and TCP on JIXIAO_SIP_HOST:JIXIAO_SIP_PORT, record every event in `store`.
    `ready` is called with the running server (its bound port, on-demand queries)."""
    _raise_file_limit()
    config = platform_config(settings)
    # behind a dispatcher each node owns only the devices that register with it: sessions
    # stored by the others are not taken over (their silence here is no sign of being offline)
    trusted = read_trusted(settings.sip_trusted_proxies)
    snapshot = await asyncio.to_thread(restore, store)
    platform = Platform(config, known=snapshot.known, passwords=snapshot.passwords)
    # last-seen times are written at least once per keepalive interval (and every 10 s at most
    # often), so an offline time worked out after a crash is right within one interval
    recorder = Recorder(
        store, seen_interval=float(min(10, max(1, config.interval))), keys=snapshot.keys
    )
    sessions = [
        (
            DeviceSession(
                item.device_id,
                p.keepalive_interval or config.interval,
                p.keepalive_count or config.count,
                item.online,
                float(p.registered_until or 0),
                p.call_id,
                Peer(p.transport, p.host, p.port or 0) if p.host else None,
            ),
            None if p.last_seen is None else float(p.last_seen),
        )
        for item in snapshot.devices
        if (p := item.presence).transport and not trusted
    ]
    channels = [
        (item.device_id, item.presence.parent_id, item.online)
        for item in snapshot.devices
        if item.presence.parent_id and not item.presence.transport
    ]
    recorder.push(platform.restore(sessions, channels, time.time()).events)
    # behind a dispatcher, lapses are checked against the other nodes' (orphans.py)
    orphans = Orphans.of(config, recorder.seen_interval) if trusted else None
    on_events = recorder.push if orphans is None else orphans.recording(platform, recorder.push)
    server = SipServer(
        platform,
        on_events,
        host=settings.sip_host,
        port=settings.sip_port,
        tcp_per_source=settings.sip_tcp_per_source,
        tcp_total=settings.sip_tcp_total,
        tcp_idle=settings.sip_tcp_idle,
        events_file=settings.data_dir / EVENTS_FILE,
        when_stored=recorder.when_stored,
    )
    server.trusted_proxies = trusted
    throttle = ThrottledLog()  # our own security lines are throttled per kind already
    noisy = logging.getLogger("asyncio")
    noisy.addFilter(throttle)
    await server.start()
    _connect_superiors(server, settings, store)
    flushing = asyncio.create_task(recorder.run(stop))
    if orphans is not None:  # the devices of a node that died, and this node's held lapses
        sweeping = asyncio.create_task(watch(store, platform, stop, orphans))
    if ready is not None:
        result = ready(server)
        if result is not None:
            await result
    # Every module, the store's snapshot and the restored sessions live as long as the
    # platform: frozen, the collector's full passes no longer walk them (each cost 50-140 ms
    # while REGISTERs waited); a larger young generation lets most of a round's objects die
    # before they are looked at. Both undone when the platform stops.
    collector = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(YOUNG, collector[0]), *collector[1:])
    try:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), KNOWN_REFRESH)
            if not stop.is_set():  # devices imported meanwhile may now register
                platform.known |= await asyncio.to_thread(known_ids, store)
    finally:
        await server.stop()
        await server.publish()
        noisy.removeFilter(throttle)
        stop.set()
        if orphans is not None:
            await sweeping
        await flushing
        gc.set_threshold(*collector)
        gc.unfreeze()
