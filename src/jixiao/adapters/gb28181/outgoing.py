"""Requests the platform sends to devices: queries (MESSAGE) and catalog subscriptions.

Sans-I/O like the rest: requests are appended to an `Output`. Over UDP a request is sent
again until a final response arrives (RFC 3261 timer E: 0.5, 1, 2, 4 s, then given up); a
subscription is refreshed in its dialog before it expires, and dropped when the device
refuses it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from jixiao.adapters.gb28181 import manscdp
from jixiao.adapters.gb28181.events import Output, PlatformConfig
from jixiao.adapters.gb28181.messages import Request, Response, tag_of, uri_user, via_branch
from jixiao.adapters.gb28181.session import DeviceSession, Peer, Wheel

RETRANSMITS = (0.5, 1.0, 2.0, 4.0)
MANSCDP = ("Content-Type", "Application/MANSCDP+xml")


@dataclass(slots=True)
class _Pending:
    peer: Peer
    data: bytes
    tries: int = 0


@dataclass(slots=True)
class _Subscription:
    call_id: str
    from_tag: str
    sn: int
    to_tag: str = ""
    cseq: int = 1


class Outgoing:
    def __init__(self, config: PlatformConfig, token: Callable[[], str]) -> None:
        self.config, self._token = config, token
        self._sn = itertools.count(1)
        self._cseq = itertools.count(1)
        self._pending: dict[str, _Pending] = {}
        self._retransmit = Wheel()
        self._subscriptions: dict[str, _Subscription] = {}
        self.refresh = Wheel()

    @property
    def pending(self) -> int:
        return len(self._pending)

    def query(
        self,
        session: DeviceSession,
        cmd: str,
        now: float,
        out: Output,
        extra: str = "",
        *,
        target: str = "",
    ) -> int:
        """A <Query> MESSAGE (Catalog, DeviceInfo, DeviceStatus, ConfigDownload, RecordInfo)
        about `target` (a channel of the device; the device itself by default); its SN."""
        sn = next(self._sn)
        body = manscdp.query(cmd, sn, target or session.device_id, extra)
        self._send(session, "MESSAGE", [MANSCDP], body, now, out)
        return sn

    def subscribe(self, session: DeviceSession, now: float, out: Output) -> None:
        """SUBSCRIBE to the device's catalog, or refresh the subscription in its dialog."""
        device_id = session.device_id
        sub = self._subscriptions.get(device_id)
        if sub is None:
            sub = _Subscription(
                f"{self._token()}@{self.config.host}", self._token(), next(self._sn)
            )
            self._subscriptions[device_id] = sub
        else:
            sub.cseq += 1
        expires = self.config.subscribe_expires
        self.refresh.schedule(device_id, now + max(30.0, expires * 0.9))
        # `;id=` names the subscription (RFC 6665 §8.2.1; some devices fail without it): the
        # SN of its query, the same in every refresh
        headers = [("Event", f"Catalog;id={sub.sn}"), ("Expires", str(expires)), MANSCDP]
        body = manscdp.query("Catalog", sub.sn, device_id)
        self._send(session, "SUBSCRIBE", headers, body, now, out, dialog=sub)

    def forget(self, device_id: str) -> None:
        self._subscriptions.pop(device_id, None)
        self.refresh.schedule(device_id, None)

    def _send(
        self,
        session: DeviceSession,
        method: str,
        headers: list[tuple[str, str]],
        body: bytes,
        now: float,
        out: Output,
        *,
        dialog: _Subscription | None = None,
    ) -> None:
        peer = session.peer
        assert peer is not None
        c = self.config
        branch = f"z9hG4bK{self._token()}"
        to = f"<sip:{session.device_id}@{c.realm}>"
        if dialog is not None and dialog.to_tag:
            to += f";tag={dialog.to_tag}"
        from_tag = dialog.from_tag if dialog else self._token()
        all_headers = [
            ("Via", f"SIP/2.0/{peer.transport.upper()} {c.host}:{c.port};rport;branch={branch}"),
            ("From", f"<sip:{c.platform_id}@{c.realm}>;tag={from_tag}"),
            ("To", to),
            ("Call-ID", dialog.call_id if dialog else f"{self._token()}@{c.host}"),
            ("CSeq", f"{dialog.cseq if dialog else next(self._cseq)} {method}"),
            ("Contact", f"<sip:{c.platform_id}@{c.host}:{c.port}>"),
            ("Max-Forwards", "70"),
            ("User-Agent", "jixiao"),
            *headers,
        ]
        uri = f"sip:{session.device_id}@{peer.host}:{peer.port}"
        data = Request(tuple(all_headers), body, method, uri).serialize()
        out.sends.append((peer, data))
        if peer.transport == "udp":
            self._pending[branch] = _Pending(peer, data)
            self._retransmit.schedule(branch, now + RETRANSMITS[0])

    def retransmit(self, now: float, out: Output) -> None:
        for branch in self._retransmit.due(now):
            pending = self._pending.get(branch)
            if pending is None:
                continue
            if pending.tries >= len(RETRANSMITS):
                del self._pending[branch]
                continue
            pending.tries += 1
            out.sends.append((pending.peer, pending.data))
            wait = RETRANSMITS[min(pending.tries, len(RETRANSMITS) - 1)]
            self._retransmit.schedule(branch, now + wait)

    def response(self, res: Response, now: float) -> None:
        """A device's answer to one of our requests."""
        branch = via_branch(res.header("Via") or "")
        if res.status >= 200 and self._pending.pop(branch, None) is not None:
            self._retransmit.schedule(branch, None)
        _, method = res.cseq
        if method != "SUBSCRIBE" or res.status < 200:
            return
        device_id = uri_user(res.header("To") or "")
        sub = self._subscriptions.get(device_id)
        if sub is None or sub.call_id != res.call_id:
            return
        if res.status >= 300:  # not supported by this device: do not keep asking
            self.forget(device_id)
            return
        sub.to_tag = tag_of(res.header("To") or "") or sub.to_tag
        granted = res.header("Expires")
        if granted and granted.isdigit() and int(granted) > 0:
            self.refresh.schedule(device_id, now + max(30.0, int(granted) * 0.9))
