"""A device's current status (当前状态), and when a registering device's signalling lapses.

`current_status` is the one rule every view of "now" uses (`jixiao status offline`,
`jixiao devices list`, the web's device list and the overview's 当前在线): a device outside
its service life is out of service (停用), whatever it last reported; inside it, its last
stored status change decides (在线 / 离线), and a device that never reported is 从未上报 (it
counts as offline, as it does in the online rate). The service life is the online rate's:
from the start of the commissioning day up to, not including, the decommissioning day, in the
reporting zone (`availability.life_span`).

`lapse` is the GB/T 28181 rule (§9.6) for a device registered to the platform: it goes offline
at min(registration expiry, last heard + keepalive interval × count). The platform's session,
its restart logic and its channels all ask it; none works the moment out for itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from jixiao.domain.availability import Change, life_span, to_seconds


class DeviceStatus(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    NEVER_REPORTED = "never-reported"
    OUT_OF_SERVICE = "out-of-service"


STATUS_LABELS: dict[DeviceStatus, str] = {
    DeviceStatus.ONLINE: "在线",
    DeviceStatus.OFFLINE: "离线",
    DeviceStatus.NEVER_REPORTED: "从未上报",
    DeviceStatus.OUT_OF_SERVICE: "停用",
}


def in_service(
    commissioned: dt.date | None,
    decommissioned: dt.date | None,
    now: dt.datetime,
    zone: dt.tzinfo,
) -> bool:
    """Whether `now` is inside the service life (the same life the online rate counts)."""
    life = life_span(commissioned, decommissioned, zone)
    return life.start <= to_seconds(now) < life.end


def current_status(
    last: Change | None,
    *,
    commissioned: dt.date | None = None,
    decommissioned: dt.date | None = None,
    now: dt.datetime,
    zone: dt.tzinfo,
) -> DeviceStatus:
    """The status at `now` of a device whose last stored status change is `last` (None: it
    never reported); `now` is an aware datetime, `zone` the reporting zone of the dates."""
    if not in_service(commissioned, decommissioned, now, zone):
        return DeviceStatus.OUT_OF_SERVICE
    if last is None:
        return DeviceStatus.NEVER_REPORTED
    return DeviceStatus.ONLINE if last[1] else DeviceStatus.OFFLINE


def counts_as_offline(status: DeviceStatus) -> bool:
    """In service and not online: an open fault (未恢复故障) in `status offline` and 总览."""
    return status in (DeviceStatus.OFFLINE, DeviceStatus.NEVER_REPORTED)


@dataclass(frozen=True, slots=True)
class Lapse:
    """When a registered device goes offline unless it is heard from again, and why."""

    at: float
    expired: bool  # True: its registration runs out (first, or at the same moment as the
    # keepalive window); False: its keepalives stop

    def passed(self, now: float) -> bool:
        """Whether it has lapsed by `now`: at the lapse moment itself the device is offline."""
        return now >= self.at


def keepalive_window(interval: int, count: int) -> int:
    """Seconds of silence before a device is offline: interval × count, each at least 1."""
    return max(1, interval) * max(1, count)


def lapse(heard: float, registered_until: float, interval: int, count: int) -> Lapse:
    """When a device last heard from at `heard` (epoch seconds: a REGISTER, a keepalive or
    any accepted message) goes offline: min(registration expiry, heard + interval × count).

    `registered_until` is 0 when there is no registration. A registration that had already
    run out when the device was heard (a keepalive revived it, JIXIAO_SIP_KEEPALIVE_REVIVES)
    does not count: only the keepalive window does.
    """
    keepalive = heard + keepalive_window(interval, count)
    if heard < registered_until <= keepalive:
        return Lapse(registered_until, expired=True)
    return Lapse(keepalive, expired=False)
