"""What the sans-I/O platform hands out: messages to send, domain events, and its settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jixiao.adapters.gb28181.session import DEFAULT_COUNT, DEFAULT_INTERVAL, Peer
from jixiao.services.presence import Learned

# A device or channel to keep in the inventory is exactly what the presence service records:
# the platform emits the service's type instead of a copy with the same fields.
Enrol = Learned


@dataclass(frozen=True, slots=True)
class KeepaliveParams:
    device_id: str
    interval: int
    count: int


@dataclass(frozen=True, slots=True)
class Answer:
    """A query's answer for whoever asked on demand (DeviceStatus, DeviceInfo, Catalog)."""

    device_id: str
    sn: int | None
    value: object


@dataclass(slots=True)
class Output:
    sends: list[tuple[Peer, bytes]] = field(default_factory=list)
    events: list[object] = field(default_factory=list)

    def extend(self, other: Output) -> None:
        self.sends += other.sends
        self.events += other.events


@dataclass(frozen=True, slots=True)
class PlatformConfig:
    platform_id: str = "34020000002000000001"
    host: str = "127.0.0.1"
    port: int = 5060
    password: str | None = None
    auto_enrol: bool = False
    keepalive_revives: bool = False
    interval: int = DEFAULT_INTERVAL
    count: int = DEFAULT_COUNT
    subscribe: bool = True
    subscribe_expires: int = 600
    query_on_register: bool = True
    utc_offset: dt.timedelta = dt.timedelta(hours=8)
    register_rate: float = 200.0  # REGISTERs per second per source address (0: no limit)
    register_burst: float = 1000.0

    @property
    def realm(self) -> str:
        """The SIP domain: the first ten digits of the platform id (centre + industry code)."""
        return self.platform_id[:10]
