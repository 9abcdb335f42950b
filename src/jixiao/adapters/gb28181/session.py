"""The per-device session (会话) of the upper platform: registration, keepalive, online status.

A pure state machine: each method takes the time (`now`, epoch seconds) and returns the
domain events it causes; nothing here reads a clock or does I/O. A device is online from a
successful REGISTER until it unregisters (Expires: 0), its TCP connection drops, or its
signalling lapses: `domain.status.lapse`, min(registration expiry, last heard + interval ×
count) (the rule WVP uses), which is also what a restart (`resume`) and the channels ask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from jixiao.domain.status import Lapse, lapse

DEFAULT_INTERVAL = 60
DEFAULT_COUNT = 3


class Cause(StrEnum):
    """Why a status changed; stored as the status change's cause."""

    REGISTER = "register"
    UNREGISTER = "unregister"
    EXPIRED = "registration-expired"
    TIMEOUT = "keepalive-timeout"
    KEEPALIVE = "keepalive"  # a keepalive revived an offline device (option)
    TCP_DROP = "tcp-drop"
    CATALOG = "catalog"
    PARENT_OFFLINE = "parent-offline"
    NOTIFY_ON = "notify-on"
    NOTIFY_OFF = "notify-off"
    NOTIFY_VLOST = "notify-vlost"
    NOTIFY_DEFECT = "notify-defect"
    NOTIFY_DEL = "notify-del"


class Peer(NamedTuple):
    """Where a device's messages come from: transport, address, and the TCP connection id;
    `relay`: the trusted proxy that relayed them (proxy.py), where answers go instead.

    A named tuple, not a frozen dataclass: a REGISTER's peer is hashed some six times (the
    UDP queue's and the retransmission cache's keys), and a tuple hashes and compares in C.
    """

    transport: str  # "udp" or "tcp"
    host: str
    port: int
    conn: int = 0
    relay: tuple[str, int] | None = None

    @property
    def address(self) -> tuple[str, int]:
        """Where datagrams for it are sent: its relay, or itself."""
        return self.relay or (self.host, self.port)


@dataclass(frozen=True, slots=True)
class StatusChanged:
    device_id: str
    at: float
    online: bool
    cause: Cause


@dataclass(frozen=True, slots=True)
class Seen:
    """A device was heard from (keepalive or any accepted message): its last_seen moves."""

    device_id: str
    at: float


@dataclass(frozen=True, slots=True)
class Registered:
    device_id: str
    at: float
    expires_at: float
    call_id: str
    peer: Peer


@dataclass(slots=True)
class DeviceSession:
    """One registering device (IPC, NVR or lower platform) as the platform sees it."""

    device_id: str
    interval: int = DEFAULT_INTERVAL
    count: int = DEFAULT_COUNT
    online: bool | None = None  # None: not known since the platform started
    registered_until: float = 0.0
    call_id: str = ""
    peer: Peer | None = None
    last_seen: float | None = None
    due: Lapse | None = None  # when (and why) it goes offline unless heard from again
    algorithm: str = "MD5"
    channels: set[str] = field(default_factory=set)
    # restored online after a restart and not heard from since: offline from this lapse
    # (not from when the platform noticed) if it stays silent
    stopped: Lapse | None = None

    @property
    def deadline(self) -> float | None:
        """When the platform checks it next: its lapse, or the end of a restart's grace."""
        return None if self.due is None else self.due.at

    def lapse(self, heard: float) -> Lapse:
        """When it goes offline if heard from at `heard` and never again (domain.status)."""
        return lapse(heard, self.registered_until, self.interval, self.count)

    def lapsed(self, now: float) -> bool:
        """Its deadline has passed (whether or not the platform's timer has run yet)."""
        return self.due is not None and self.due.passed(now)

    def online_at(self, now: float) -> bool:
        """Online at `now`: online and not lapsed."""
        return self.online is True and not self.lapsed(now)

    def _set(self, online: bool, now: float, cause: Cause) -> list[StatusChanged]:
        if self.online is online:
            return []
        self.online = online
        return [StatusChanged(self.device_id, now, online, cause)]

    def _heard(self, now: float) -> None:
        self.last_seen, self.due, self.stopped = now, self.lapse(now), None

    def register(self, now: float, expires: int, call_id: str, peer: Peer) -> list[object]:
        """A REGISTER was accepted (Expires > 0): online until the new deadline."""
        self.registered_until, self.call_id, self.peer = now + expires, call_id, peer
        self._heard(now)
        registered = Registered(self.device_id, now, self.registered_until, call_id, peer)
        return [registered, Seen(self.device_id, now), *self._set(True, now, Cause.REGISTER)]

    def unregister(self, now: float) -> list[object]:
        self.registered_until, self.due, self.stopped = 0.0, None, None
        registered = Registered(self.device_id, now, 0.0, self.call_id, self.peer or _NOWHERE)
        return [registered, *self._set(False, now, Cause.UNREGISTER)]

    @property
    def registered(self) -> bool:
        return self.registered_until > 0

    def keepalive(self, now: float, peer: Peer, *, revive: bool) -> tuple[bool, list[object]]:
        """A keepalive: accepted (True) from an online device. An offline one must register
        again (the standard), unless `revive` lets a keepalive alone bring it back (WVP's
        option for fleets that never re-register). Callers expire a due deadline first."""
        if not self.online and not revive:
            return False, []
        return True, self.heard(now, peer, cause=Cause.KEEPALIVE)

    def heard(self, now: float, peer: Peer, *, cause: Cause = Cause.KEEPALIVE) -> list[object]:
        """Any accepted message: the device is alive, its deadline moves. Callers accept
        messages only from where it registered (`guard.same_source`): a device that moved
        registers again, so its address changes only with its credentials."""
        self._heard(now)
        return [Seen(self.device_id, now), *self._set(True, now, cause)]

    def expire(self, now: float) -> list[object]:
        """The deadline passed with nothing heard: offline when it lapsed (at the deadline,
        or, restored and silent since, when it stopped)."""
        went = self.stopped or self.due
        if went is None or not self.lapsed(now):
            return []
        self.due = self.stopped = None
        if went.expired:
            self.registered_until = 0.0
        return list(self._set(False, went.at, Cause.EXPIRED if went.expired else Cause.TIMEOUT))

    def resume(self, now: float) -> list[object]:
        """Back after a restart, stored online, `last_seen` as stored (None: unknown).

        If its registration ran out while the platform was down it is offline at once, as of
        its lapse (never later than the expiry). Otherwise it gets one keepalive window from
        `now` (never past its registration) to be heard from, as if heard at `now`: if it
        keeps talking it stays online with no gap; if it stays silent it is offline as of its
        lapse from `last_seen` (docs/gb28181.md, Restarts), or from `now` when that is
        unknown, so the time the platform was down counts as offline for it.
        """
        heard = now if self.last_seen is None else min(self.last_seen, now)
        went = self.lapse(heard)
        if 0 < self.registered_until <= now:
            if went.at >= self.registered_until:
                went = Lapse(self.registered_until, expired=True)
            self.due, self.stopped = went, None
            return self.expire(now)
        self.due = self.lapse(now)
        self.stopped = went if self.last_seen is not None else Lapse(now, expired=False)
        return []

    def dropped(self, now: float) -> list[object]:
        """The TCP connection it registered over closed: offline at once (GB/T 28181-2022 §9.1)."""
        self.registered_until, self.due, self.stopped = 0.0, None, None
        return list(self._set(False, now, Cause.TCP_DROP))


_NOWHERE = Peer("udp", "", 0)


class Wheel:
    """Deadlines bucketed by whole second: O(1) to move one, cheap to collect the due ones."""

    def __init__(self) -> None:
        self._buckets: dict[int, set[str]] = {}
        self._at: dict[str, int] = {}
        self._cursor: int | None = None

    def __len__(self) -> int:
        return len(self._at)

    def schedule(self, key: str, at: float | None) -> None:
        second = None if at is None else int(at)
        old = self._at.get(key)
        if old == second:
            return
        if old is not None:
            bucket = self._buckets.get(old)
            if bucket is not None:
                bucket.discard(key)
                if not bucket:
                    del self._buckets[old]
            del self._at[key]
        if second is not None:
            self._buckets.setdefault(second, set()).add(key)
            self._at[key] = second
            if self._cursor is not None and second < self._cursor:
                self._cursor = second

    def due(self, now: float) -> list[str]:
        """Keys whose second is before `now`'s whole second ends (they may not be due yet
        to the fraction: callers check the exact deadline)."""
        if not self._buckets:
            return []
        if self._cursor is None:
            self._cursor = min(self._buckets)
        out: list[str] = []
        last = int(now)
        while self._cursor <= last:
            bucket = self._buckets.pop(self._cursor, None)
            if bucket:
                for key in bucket:
                    del self._at[key]
                out.extend(bucket)
            self._cursor += 1
            if not self._buckets:
                self._cursor = None
                break
            if self._cursor < last - 60:  # far behind: jump over the empty seconds
                self._cursor = max(self._cursor, min(self._buckets))
        return out
