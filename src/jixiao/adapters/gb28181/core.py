"""The upper platform (上级平台) as a sans-I/O core: bytes and time in, bytes and events out.

`Platform.receive` handles one message from a peer, `tick` runs the timers (keepalive
deadlines, catalog assembly, retransmissions, subscription refresh), `connection_lost` a TCP
drop, and `query` sends Catalog/DeviceInfo/DeviceStatus queries on demand. Each returns an
`Output`: messages to send and domain events (status changes, last-seen times, registrations,
inventory records). server.py moves the bytes; recorder.py stores the events.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable

from jixiao.adapters.gb28181 import manscdp
from jixiao.adapters.gb28181.catalog import CatalogAssembler, CatalogDone
from jixiao.adapters.gb28181.channels import Channels
from jixiao.adapters.gb28181.digest import (
    ALGORITHMS,
    NonceBook,
    Verdict,
    challenge,
    parse_credentials,
)
from jixiao.adapters.gb28181.events import (
    Answer,
    Enrol,
    KeepaliveParams,
    Output,
    PlatformConfig,
)
from jixiao.adapters.gb28181.guard import Guard, same_source
from jixiao.adapters.gb28181.messages import (
    Request,
    Response,
    SipParseError,
    answer,
    expires_of,
    parse,
    tokens,
    uri_user,
    via_branch,
)
from jixiao.adapters.gb28181.outgoing import Outgoing
from jixiao.adapters.gb28181.recordinfo import RecordAssembler, RecordsDone, query_extra
from jixiao.adapters.gb28181.session import (
    DeviceSession,
    Peer,
    StatusChanged,
    Wheel,
)
from jixiao.domain.devices import DeviceError, GbId

MAX_FAILURES = 3
ANSWER_TTL = 32.0  # RFC 3261 timers F and J: how long a REGISTER's answer is repeated
MAX_ANSWERED = 200_000
BAN_SECONDS = 600.0
MAX_FAILING = 100_000
UNSOLICITED_MAX = 5  # catalog sets a device may push unasked per window (some do after a change)
UNSOLICITED_WINDOW = 600.0
CATALOG_RETRY = 60.0  # a catalog not complete by then is asked again, the wait doubling
CATALOG_REFRESH = 86_400.0  # a complete catalog is asked again once a day
# The queries after a first registration (Catalog, DeviceInfo, ConfigDownload, SUBSCRIBE) go
# out for at most QUERY_RATE devices a second, after a burst of QUERY_BURST; in a storm (every
# device of a county registering after a power cut) the rest wait in line for the timer,
# instead of four requests per device at once overflowing the devices' and our own buffers.
QUERY_RATE = 1000.0
QUERY_BURST = 200.0


class Platform:
    def __init__(
        self,
        config: PlatformConfig,
        *,
        known: Iterable[str] = (),
        passwords: dict[str, str] | None = None,
        token: Callable[[], str] | None = None,
        nonces: NonceBook | None = None,
    ) -> None:
        self.config = config
        self.known: set[str] = set(known)
        self.passwords: dict[str, str] = dict(passwords or {})
        self.sessions: dict[str, DeviceSession] = {}
        self._channels = Channels(config.realm, self.sessions)
        self.channels = self._channels.by_id
        self.nonces = nonces if nonces is not None else NonceBook()
        self.catalogs = CatalogAssembler()
        self.records = RecordAssembler(config.utc_offset)
        self._token = token if token is not None else tokens()
        self._deadlines = Wheel()
        # when each online device's catalog is next asked for, and how often it was asked in
        # vain: a set lost in a registration burst, or cut short, is re-queried, not forgotten
        self._catalog_due = Wheel()
        self._catalog_tries: dict[str, int] = {}
        self._query_tokens = QUERY_BURST
        self._query_refilled: float | None = None
        self._query_line: deque[str] = deque()  # devices whose first queries wait
        self.outgoing = Outgoing(config, self._token)
        # wrong passwords per (device id, source address): (count, ban until)
        self._failures: dict[tuple[str, str], tuple[int, float]] = {}
        self._unsolicited: dict[str, list[float]] = {}
        self.guard = Guard(config.register_rate, config.register_burst)
        self._answered: OrderedDict[tuple[str, str, str, Peer], tuple[float, bytes]] = OrderedDict()
        self._by_conn: dict[int, set[str]] = {}
        self.stats: dict[str, int] = {"malformed": 0, "keepalive": 0, "rejected": 0}
        self._date_second: tuple[int | None, str] = (None, "")

    # --- entry points ----------------------------------------------------------------------

    def receive(self, data: bytes, peer: Peer, now: float) -> Output:
        """One message from `peer`. Malformed input is counted and dropped, never raised."""
        out = Output()
        if data[:9] == b"REGISTER " and not self.guard.register_allowed(peer.host, now):
            self.guard.note("register-rate", "", peer, now)  # dropped unparsed: UDP retries
            return out
        try:
            message = parse(data, stream=peer.transport == "tcp")
        except SipParseError:
            self.stats["malformed"] += 1
            return out
        try:
            if isinstance(message, Response):
                self.outgoing.response(message, now)
            else:
                self._request(message, peer, now, out)
        except (ValueError, KeyError, IndexError, UnicodeError):
            self.stats["malformed"] += 1  # a message we could frame but not use
        return out

    def tick(self, now: float) -> Output:
        out = Output()
        for device_id in self._deadlines.due(now):
            session = self.sessions.get(device_id)
            if session is None or session.deadline is None:
                continue
            if not session.lapsed(now):
                self._deadlines.schedule(device_id, session.deadline)
                continue
            self._expire(session, now, out)
        for done in self.catalogs.expire(now):
            self._catalog_done(done, now, out)
        for records in self.records.expire(now):
            out.events.append(Answer(records.device_id, records.sn, records))
        self.outgoing.retransmit(now, out)
        while self._query_line and self._take_query_token(now):
            session = self.sessions.get(self._query_line.popleft())
            if session is not None and session.peer is not None and session.online_at(now):
                self._first_queries(session, now, out)
        for device_id in self._catalog_due.due(now):
            session = self.sessions.get(device_id)
            if session is None or session.peer is None or not session.online_at(now):
                self._catalog_tries.pop(device_id, None)
                continue
            self.stats["catalog_requery"] = self.stats.get("catalog_requery", 0) + 1
            self._send_query(session, "Catalog", now, out)
        for device_id in self.outgoing.refresh.due(now):
            self._subscribe(device_id, now, out)
        self.nonces.expire(now)
        while self._answered:  # kept for two timer F periods: late copies are then dropped
            at, _ = next(iter(self._answered.values()))
            if now - at < 2 * ANSWER_TTL:
                break
            self._answered.popitem(last=False)
        return out

    def connection_lost(self, conn: int, now: float) -> Output:
        """A TCP connection closed: devices registered over it go offline at once."""
        out = Output()
        for device_id in self._by_conn.pop(conn, set()):
            session = self.sessions.get(device_id)
            if session is not None and session.peer is not None and session.peer.conn == conn:
                self._offline(session, session.dropped(now), out)
                self._deadlines.schedule(device_id, None)
        return out

    def keepalive_window(self, conn: int) -> float:
        """The longest interval × count of the devices registered over TCP connection `conn`
        (0 when none): an idle timeout shorter than that would cut a healthy device."""
        windows = [
            s.interval * s.count
            for d in self._by_conn.get(conn, ())
            if (s := self.sessions.get(d)) is not None
        ]
        return float(max(windows, default=0))

    def query(self, device_id: str, cmd: str, now: float) -> tuple[int | None, Output]:
        """Send a query (Catalog, DeviceInfo, DeviceStatus) to a registered device; its SN."""
        out = Output()
        session = self.sessions.get(device_id)
        if session is None or session.peer is None or not session.online_at(now):
            return None, out
        return self._send_query(session, cmd, now, out), out

    def query_records(
        self, device_id: str, channel_id: str, start: int, end: int, now: float
    ) -> tuple[int | None, Output]:
        """Ask a registered device for the recordings of its channel `channel_id` (itself
        when it records on its own) between two epoch seconds; the query's SN, or None when
        the device is not online. The answer comes as an `Answer` carrying `RecordsDone`."""
        out = Output()
        session = self.sessions.get(device_id)
        if session is None or session.peer is None or not session.online_at(now):
            return None, out
        extra = query_extra(start, end, self.config.utc_offset)
        sn = self.outgoing.query(session, "RecordInfo", now, out, extra, target=channel_id)
        self.records.expect(device_id, sn, channel_id, now)
        return sn, out

    def restore(
        self,
        sessions: Iterable[tuple[DeviceSession, float | None]],
        channels: Iterable[tuple[str, str, bool | None]],
        now: float,
    ) -> Output:
        """Take back what the store knew before a restart: devices (each with its last-seen
        time) and channels (id, parent, online).

        A device stored online gets one keepalive window from now to be heard from; if it
        stays silent it goes offline as of its lapse from its last-seen time (the window, or
        its registration expiry if earlier), so the downtime counts as offline
        (`DeviceSession.resume`).
        """
        out = Output()
        restored = list(sessions)
        for session, last_seen in restored:
            self.sessions[session.device_id] = session
            self.known.add(session.device_id)
            session.last_seen = last_seen
        for channel_id, parent, online in channels:
            self._channels.restore(channel_id, parent, online)
        for session, _ in restored:
            if session.online:
                self._offline(session, session.resume(now), out)
                self._deadlines.schedule(session.device_id, session.deadline)
        return out

    # --- requests from devices --------------------------------------------------------------

    def _request(self, req: Request, peer: Peer, now: float, out: Output) -> None:
        method = req.method
        if method == "MESSAGE":
            self._message(req, peer, now, out)
        elif method == "REGISTER":
            # a retransmission (the same bytes: the CSeq as written) comes from the same
            # source: another source's copy must not plant the answer the device then gets
            key = (req.call_id, req.header("CSeq") or "", via_branch(req.header("Via") or ""), peer)
            answered = self._answered.get(key)
            if answered is not None and now - answered[0] < ANSWER_TTL:
                out.sends.append((peer, answered[1]))  # the same answer (RFC 3261 §17.2.2)
                return
            if answered is not None and now - answered[0] < 2 * ANSWER_TTL:
                # older than timer F: the device gave up on it (a copy stuck in a queue)
                self.stats["stale"] = self.stats.get("stale", 0) + 1
                return
            start = len(out.sends)
            self._register(req, peer, now, out)
            if len(out.sends) > start:
                if len(self._answered) >= MAX_ANSWERED:
                    self._answered.popitem(last=False)
                self._answered[key] = (now, out.sends[start][1])
        elif method == "NOTIFY":
            self._notify(req, peer, now, out)
        elif method == "OPTIONS":
            self._reply(req, peer, 200, "OK", out)
        elif method != "ACK":
            self._reply(req, peer, 501, "Not Implemented", out)

    def _reply(
        self,
        req: Request,
        peer: Peer,
        status: int,
        reason: str,
        out: Output,
        extra: tuple[tuple[str, str], ...] = (),
    ) -> None:
        source = peer.address  # where it came from: the device, or the proxy that relayed it
        response = answer(req, status, reason, to_tag=self._token(), extra=extra, source=source)
        if response is None:
            self.stats["malformed"] += 1
            return
        if status >= 300:
            self.stats["rejected"] += 1
        out.sends.append((peer, response))

    def _message(self, req: Request, peer: Peer, now: float, out: Output) -> None:
        device_id = uri_user(req.header("From") or "")
        try:
            body = manscdp.read_body(req.body)
        except manscdp.BodyError:
            self.stats["malformed"] += 1
            self._reply(req, peer, 400, "Bad Request", out)
            return
        session = self.sessions.get(device_id) or self.sessions.get(body.device_id)
        if session is not None and not same_source(session, peer):
            self.guard.note("other-source-message", session.device_id, peer, now)
            self._reply(req, peer, 403, "Forbidden", out)
            return
        if session is not None:
            self._catch_up(session, now, out)
        if isinstance(body, manscdp.Keepalive):
            self.stats["keepalive"] += 1
            if session is None:
                self.guard.note("unknown-device", body.device_id or device_id, peer, now)
                self._reply(req, peer, 404, "Not Found", out)
                return
            ok, events = session.keepalive(now, peer, revive=self.config.keepalive_revives)
            if not ok:  # offline: the device should register again (GB/T 28181 §9.6)
                self._reply(req, peer, 403, "Forbidden", out)
                return
            self._reply(req, peer, 200, "OK", out)
            self._deadlines.schedule(session.device_id, session.deadline)
            out.events += events
            return
        if session is None:
            self.guard.note("unknown-device", body.device_id or device_id, peer, now)
            self._reply(req, peer, 404, "Not Found", out)
            return
        self._reply(req, peer, 200, "OK", out)
        if session.online:
            session.heard(now, peer)
            self._deadlines.schedule(session.device_id, session.deadline)
        self._body(session, body, now, out)

    def _body(self, session: DeviceSession, body: manscdp.Decoded, now: float, out: Output) -> None:
        device_id = session.device_id
        if isinstance(body, manscdp.Catalog):
            if not self.catalogs.expected(device_id, body.sn) and not self._may_push(
                device_id, now
            ):
                assert session.peer is not None
                self.guard.note("unsolicited-catalog", device_id, session.peer, now)
                return
            done = self.catalogs.add(device_id, body, now)
            if done is not None:
                self._catalog_done(done, now, out)
        elif isinstance(body, manscdp.DeviceInfo):
            out.events.append(
                Enrol(device_id, body.name, vendor=body.manufacturer, model=body.model)
            )
            out.events.append(Answer(device_id, body.sn, body))
        elif isinstance(body, manscdp.BasicParam):
            if body.interval and body.count and 0 < body.interval <= 3600 and body.count <= 100:
                session.interval, session.count = body.interval, body.count
                out.events.append(KeepaliveParams(device_id, body.interval, body.count))
        elif isinstance(body, manscdp.DeviceStatus):
            out.events.append(Answer(device_id, body.sn, body))
        elif isinstance(body, manscdp.RecordInfo):
            if not self.records.expected(device_id, body.sn):
                self.stats["unsolicited-records"] = self.stats.get("unsolicited-records", 0) + 1
                return
            records: RecordsDone | None = self.records.add(device_id, body, now)
            if records is not None:
                out.events.append(Answer(device_id, records.sn, records))

    def _register(self, req: Request, peer: Peer, now: float, out: Output) -> None:
        device_id = uri_user(req.header("To") or "") or uri_user(req.header("From") or "")
        session = self.sessions.get(device_id)
        if session is None:  # a session's id was checked when it first registered
            try:
                GbId.parse(device_id)
            except DeviceError:
                self._reply(req, peer, 403, "Forbidden", out)
                return
        expires = _expires(req)
        if expires is None:
            self._reply(req, peer, 400, "Missing Expires", out)
            return
        if device_id not in self.known and session is None and not self.config.auto_enrol:
            self.guard.note("unknown-device", device_id, peer, now)
            self._reply(req, peer, 403, "Forbidden", out)
            return
        from_source = session is not None and same_source(session, peer)
        banned = self._failures.get((device_id, peer.host))
        if banned is not None and banned[0] >= MAX_FAILURES and now < banned[1] and not from_source:
            self.guard.note("banned", device_id, peer, now)
            self._reply(req, peer, 403, "Forbidden", out)
            return
        credentials = req.header("Authorization")
        same_dialog = session is not None and session.registered and session.call_id == req.call_id
        password = self.passwords.get(device_id, self.config.password)
        # the credential-less refresh (and unregister) only from where it registered: Call-IDs
        # are not secret (some devices use their id), the source of an authenticated
        # registration is (over TCP, its very connection)
        shortcut = same_dialog and from_source and not credentials
        if password is not None and same_dialog and not from_source and not credentials:
            self.guard.note("other-source-register", device_id, peer, now)
        if (
            password is not None
            and not shortcut
            and not self._authorized(req, credentials, peer, device_id, password, session, now, out)
        ):
            return
        self._failures.pop((device_id, peer.host), None)
        self._accept(req, peer, device_id, expires, session, now, out)

    def _authorized(
        self,
        req: Request,
        raw: str | None,
        peer: Peer,
        device_id: str,
        password: str,
        session: DeviceSession | None,
        now: float,
        out: Output,
    ) -> bool:
        """Digest check of `raw` (Authorization); on failure its 401 or 403 is in `out`."""
        params = parse_credentials(raw) if raw else None
        algorithm = (params or {}).get("algorithm", "").upper() or (
            session.algorithm if session else "MD5"
        )
        if algorithm not in ALGORITHMS:
            algorithm = "MD5"
        verdict = (
            Verdict.STALE
            if params is None
            else self.nonces.verify(
                params, method="REGISTER", realm=self.config.realm, password=password, now=now
            )
        )
        if verdict is Verdict.OK:
            if params is not None and params.get("username") != device_id:
                # Hikvision signs as "admin": verified with the device's password all the same
                self.guard.note("username-differs", device_id, peer, now)
            if session is not None:
                session.algorithm = algorithm
            return True
        if verdict is not Verdict.WRONG:
            # no, expired, used or unreadable credentials: a fresh challenge, never a strike
            # (a device refreshing early with its cached nonce is not guessing passwords)
            value = challenge(
                self.config.realm,
                self.nonces.issue(now),
                algorithm,
                stale=params is not None and verdict in (Verdict.STALE, Verdict.REPLAY),
            )
            self._reply(req, peer, 401, "Unauthorized", out, (("WWW-Authenticate", value),))
            return False
        key = (device_id, peer.host)
        count, _ = self._failures.get(key, (0, 0.0))
        if len(self._failures) >= MAX_FAILING:  # ids sprayed at us: keep only live bans
            self._failures = {k: v for k, v in self._failures.items() if v[1] > now}
            if len(self._failures) >= MAX_FAILING:
                self._failures.clear()
        self._failures[key] = (count + 1, now + BAN_SECONDS)
        self.guard.note("wrong-password", device_id, peer, now)
        self._reply(req, peer, 403, "Forbidden", out)
        return False

    def _accept(
        self,
        req: Request,
        peer: Peer,
        device_id: str,
        expires: int,
        session: DeviceSession | None,
        now: float,
        out: Output,
    ) -> None:
        extra = [("Expires", str(expires)), ("Date", self._gb_date(now))]
        version = req.header("X-GB-ver")
        if version:
            extra.append(("X-GB-ver", version))
        self._reply(req, peer, 200, "OK", out, tuple(extra))
        if expires == 0:
            if session is not None:
                events = session.unregister(now)
                self._offline(session, events, out)
                self._deadlines.schedule(device_id, None)
                self.outgoing.forget(device_id)
            return
        first = session is None or not session.registered
        if session is None:
            session = DeviceSession(device_id, self.config.interval, self.config.count)
            self.sessions[device_id] = session
            if device_id not in self.known:
                self.known.add(device_id)
                out.events.append(Enrol(device_id, device_id, registering=True))
        events = session.register(now, expires, req.call_id, peer)
        if peer.conn:
            self._by_conn.setdefault(peer.conn, set()).add(device_id)
        self._deadlines.schedule(device_id, session.deadline)
        out.events += events
        if first and self.config.query_on_register:
            if not self._query_line and self._take_query_token(now):
                self._first_queries(session, now, out)
            else:
                self._query_line.append(device_id)
                self.stats["queries_deferred"] = self.stats.get("queries_deferred", 0) + 1

    def _take_query_token(self, now: float) -> bool:
        last = self._query_refilled if self._query_refilled is not None else now
        self._query_tokens = min(QUERY_BURST, self._query_tokens + (now - last) * QUERY_RATE)
        self._query_refilled = now
        if self._query_tokens < 1:
            return False
        self._query_tokens -= 1
        return True

    def _first_queries(self, session: DeviceSession, now: float, out: Output) -> None:
        """What a device is asked when it first registers: its channels, itself, its
        keepalive settings, and a catalog subscription."""
        self._send_query(session, "Catalog", now, out)
        self._send_query(session, "DeviceInfo", now, out)
        self._send_query(
            session, "ConfigDownload", now, out, "<ConfigType>BasicParam</ConfigType>\r\n"
        )
        if self.config.subscribe:
            self._subscribe(session.device_id, now, out)

    def _gb_date(self, now: float) -> str:
        """GB/T 28181 time sync: local time as yyyy-MM-ddTHH:mm:ss.SSS, no zone (the part
        to the second is formatted once a second)."""
        second = int(now // 1)
        micro = round((now - second) * 1e6)  # as datetime rounds a timestamp
        if micro >= 1_000_000:
            second, micro = second + 1, 0
        if self._date_second[0] != second:
            moment = dt.datetime.fromtimestamp(second, dt.timezone(self.config.utc_offset))
            self._date_second = second, moment.strftime("%Y-%m-%dT%H:%M:%S.")
        return f"{self._date_second[1]}{micro // 1000:03d}"

    def _notify(self, req: Request, peer: Peer, now: float, out: Output) -> None:
        device_id = uri_user(req.header("From") or "")
        session = self.sessions.get(device_id)
        if session is not None and not same_source(session, peer):
            self.guard.note("other-source-notify", device_id, peer, now)
            self._reply(req, peer, 403, "Forbidden", out)
            return
        if session is not None:
            self._catch_up(session, now, out)
        if session is None or not session.online:
            self._reply(req, peer, 481, "Subscription Does Not Exist", out)
            return
        try:
            body = manscdp.read_body(req.body)
        except manscdp.BodyError:
            self.stats["malformed"] += 1
            self._reply(req, peer, 400, "Bad Request", out)
            return
        self._reply(req, peer, 200, "OK", out)
        session.heard(now, peer)
        self._deadlines.schedule(device_id, session.deadline)
        if not isinstance(body, manscdp.Catalog):
            return
        for item in body.items:
            self._channels.notified(device_id, item, now, out)
        self._foreign(now)

    # --- catalog ---------------------------------------------------------------------------

    def _catalog_done(self, done: CatalogDone, now: float, out: Output) -> None:
        if done.complete:  # else the re-query set when it was asked for stays due
            self._catalog_tries.pop(done.device_id, None)
            self._catalog_due.schedule(done.device_id, now + CATALOG_REFRESH)
        self._channels.listed(done.device_id, done.items, now, out)
        self._foreign(now)
        out.events.append(Answer(done.device_id, done.sn, done))

    def _may_push(self, device_id: str, now: float) -> bool:
        """An unasked catalog set: a few per window per device, the rest ignored."""
        times = [t for t in self._unsolicited.get(device_id, ()) if now - t < UNSOLICITED_WINDOW]
        if len(times) >= UNSOLICITED_MAX:
            self._unsolicited[device_id] = times
            return False
        times.append(now)
        self._unsolicited[device_id] = times
        return True

    def _foreign(self, now: float) -> None:
        """Catalog items about another device's channels were ignored: security events."""
        for sender, _channel in self._channels.take_foreign():
            session = self.sessions.get(sender)
            peer = session.peer if session is not None and session.peer else Peer("udp", "", 0)
            self.guard.note("foreign-channel", sender, peer, now)

    # --- status bookkeeping ----------------------------------------------------------------

    def _catch_up(self, session: DeviceSession, now: float, out: Output) -> None:
        """A message from a device whose lapse has passed finds it offline as of the lapse,
        whether or not the timer has run yet."""
        if session.lapsed(now):
            self._expire(session, now, out)

    def _expire(self, session: DeviceSession, now: float, out: Output) -> None:
        self._offline(session, session.expire(now), out)
        self._deadlines.schedule(session.device_id, None)

    def _offline(self, session: DeviceSession, events: list[object], out: Output) -> None:
        """A device's offline events, and its channels' (front-end devices only, type < 200:
        channels under a lower platform keep the status its catalog and NOTIFYs report)."""
        out.events += events
        went = next((e for e in events if isinstance(e, StatusChanged) and not e.online), None)
        if went is not None:
            self._channels.parent_offline(session, went.at, out)

    # --- requests to devices ---------------------------------------------------------------

    def _send_query(
        self, session: DeviceSession, cmd: str, now: float, out: Output, extra: str = ""
    ) -> int:
        sn = self.outgoing.query(session, cmd, now, out, extra)
        if cmd == "Catalog":
            self.catalogs.expect(session.device_id, sn, now)
            tries = self._catalog_tries.get(session.device_id, 0)
            self._catalog_tries[session.device_id] = tries + 1
            wait = min(CATALOG_RETRY * 2 ** min(tries, 16), CATALOG_REFRESH)
            self._catalog_due.schedule(session.device_id, now + wait)
        return sn

    def _subscribe(self, device_id: str, now: float, out: Output) -> None:
        session = self.sessions.get(device_id)
        if session is None or not session.online_at(now) or session.peer is None:
            self.outgoing.forget(device_id)
            return
        self.outgoing.subscribe(session, now, out)


def _expires(req: Request) -> int | None:
    """Registration lifetime, at most a week."""
    found = expires_of(req)
    return None if found is None else min(found, 7 * 86_400)
