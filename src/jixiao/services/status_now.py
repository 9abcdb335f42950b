"""Each device's status now (当前状态): the one reading of the store behind
`jixiao status offline` (monitoring.offline_now), `jixiao devices list`
(presence.device_statuses), the web's device list (device_views.all_device_rows) and the
overview's 当前在线 (dashboard). Each device's last stored status change goes through
`domain.status.current_status`; nothing else decides. For the device list and the
overview's counts at scale the store counts devices by what their status depends on
(`tally_statuses`), and current_status decides each such line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from jixiao.domain.status import DeviceStatus, counts_as_offline, current_status
from jixiao.services.ports import DeviceSelection, DeviceTally, Repos, StoredDevice


@dataclass(frozen=True, slots=True)
class StatusNow:
    stored: StoredDevice
    status: DeviceStatus
    since: int | None  # epoch seconds of its last stored status change; None: never reported


def statuses_now(
    repos: Repos,
    devices: Sequence[StoredDevice],
    now: dt.datetime,
    zone: dt.tzinfo,
    *,
    whole_inventory: bool = False,
) -> list[StatusNow]:
    """`devices` (in their order) with their status at `now`. `whole_inventory`: they are
    every stored device, read in one scan instead of looked up by key."""
    keys = None if whole_inventory else [s.key for s in devices]
    latest = repos.presence.latest(keys) if devices else {}
    out = []
    for s in devices:
        last = latest.get(s.key)
        status = current_status(
            last,
            commissioned=s.device.commissioned,
            decommissioned=s.device.decommissioned,
            now=now,
            zone=zone,
        )
        out.append(StatusNow(s, status, None if last is None else last[0]))
    return out


def tally_statuses(
    tallies: Sequence[DeviceTally], now: dt.datetime, zone: dt.tzinfo
) -> list[tuple[DeviceTally, DeviceStatus]]:
    """Each tally line (devices alike in what their status depends on: the last change's
    online flag and the service life) with the status `current_status` gives them at `now`."""
    return [
        (
            line,
            current_status(
                None if line.online is None else (0, line.online),
                commissioned=line.commissioned,
                decommissioned=line.decommissioned,
                now=now,
                zone=zone,
            ),
        )
        for line in tallies
    ]


MAX_LINES = 200  # service lives named in one query; beyond, every device is read


def offline_found(
    repos: Repos, now: dt.datetime, zone: dt.tzinfo, *, group: str | None = None
) -> list[StatusNow]:
    """The devices (of `group`) whose status now counts as offline, with it: the store counts
    devices by what their status depends on, current_status picks the lines that are
    offline, and only the devices of those lines are read."""
    selection = DeviceSelection(group=group)
    lines = [
        (line.online, line.commissioned, line.decommissioned)
        for line, status in tally_statuses(repos.devices.tally(selection), now, zone)
        if counts_as_offline(status)
    ]
    if len(lines) > MAX_LINES:
        devices = repos.devices.select(group=group)
        found = statuses_now(repos, devices, now, zone, whole_inventory=group is None)
        return [f for f in found if counts_as_offline(f.status)]
    if not lines:
        return []
    chosen = replace(selection, lines=frozenset(lines))
    devices = repos.devices.page(chosen, 0, repos.devices.count(chosen))
    return statuses_now(repos, devices, now, zone)
