"""The 运维 (O&M) lists: the devices offline now (离线清单) with since when, for how long and
the last cause, one page read from the store in one query whatever the inventory's size; and
the maintenance windows (维护窗口) filtered by what they cover.

Which devices are offline is domain.status.current_status's decision, as everywhere
(services/status_now.py): the store counts the devices by what their status depends on, the
lines that count as offline are chosen here, and the store reads the page of those lines in
the offline list's order (never reported first, then the longest offline first).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from jixiao.domain.availability import NEVER_BEFORE, Span, from_seconds, to_seconds
from jixiao.domain.errors import DomainError
from jixiao.domain.status import DeviceStatus, counts_as_offline, current_status
from jixiao.services.audit import record
from jixiao.services.ports import DeviceSelection, DeviceTally, LastChange, Repos
from jixiao.services.rollup import zone_key
from jixiao.services.status_now import MAX_LINES, tally_statuses
from jixiao.services.web_ports import WebRepos


def device_choices(repos: Repos, zone: dt.tzinfo) -> tuple[list[str], list[str]]:
    """The groups and the areas the filters offer: from the daily rollup's cohorts (a few
    rows) when it is kept in `zone`, else from the devices (a scan of the inventory)."""
    if repos.rollup.zone() == zone_key(zone):
        cohorts = [c for c in repos.rollup.cohorts() if c.devices]
        groups = sorted({g for c in cohorts for g in c.groups})
        return groups, sorted({c.area for c in cohorts if c.area})
    return list(repos.devices.groups()), repos.devices.areas()


PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_EXPORT = 200_000  # rows of one offline export: the whole list of a very large inventory


@dataclass(frozen=True, slots=True)
class OfflineFilter:
    """`q`: a case-insensitive part of the id, name, address, IP, vendor or model."""

    q: str = ""
    group: str | None = None
    area: str | None = None
    page: int = 1
    per_page: int = PER_PAGE

    def selection(self) -> DeviceSelection:
        return DeviceSelection(self.q.strip(), self.group, self.area)

    def described(self) -> str:
        """The filter in words, for an export's subtitle ("" when none)."""
        parts = [
            f"分组“{self.group}”" if self.group else "",
            f"区域“{self.area}”" if self.area else "",
            f"含“{self.q.strip()}”" if self.q.strip() else "",
        ]
        return "，".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class OfflineRow:
    device_id: str
    name: str
    area: str
    groups: tuple[str, ...]
    status: DeviceStatus
    since: dt.datetime | None  # None: it never reported
    seconds: int | None  # how long it has been offline, to the list's moment
    cause: str


@dataclass(frozen=True, slots=True)
class OfflineList:
    rows: list[OfflineRow]
    total: int
    page: int
    pages: int
    as_of: dt.datetime
    filter: OfflineFilter


def offline_list(
    repos: WebRepos,
    f: OfflineFilter,
    now: dt.datetime,
    zone: dt.tzinfo,
    *,
    everything: bool = False,
) -> OfflineList:
    """One page of the devices offline at `now` (`everything`: all of them, for an export)."""
    groups, areas = device_choices(repos, zone) if f.group or f.area else ([], [])
    if f.group is not None and f.group not in groups:
        known = "、".join(groups) or "（尚无设备，请先导入点位表）"
        raise DomainError(f"没有属于分组“{f.group}”的设备；已有分组：{known}")
    if f.area is not None and f.area not in areas:
        known = "、".join(areas) or "（尚无填写区域的设备）"
        raise DomainError(f"没有区域为“{f.area}”的设备；已有区域：{known}")
    base = f.selection()
    offline = [
        (line, s)
        for line, s in tally_statuses(repos.devices.tally(base), now, zone)
        if counts_as_offline(s)
    ]
    total = sum(line.count for line, _ in offline)
    per_page = MAX_EXPORT if everything else max(1, min(f.per_page, MAX_PER_PAGE))
    pages = max(1, -(-total // per_page))
    page = 1 if everything else max(1, min(f.page, pages))
    offset = (page - 1) * per_page
    found = offline_page(repos, base, [line for line, _ in offline], offset, per_page, now, zone)
    rows = [_row(c, now, zone) for c in found]
    return OfflineList(rows, total, page, pages, now, replace(f, page=page))


def offline_page(
    repos: Repos,
    base: DeviceSelection,
    offline: Sequence[DeviceTally],
    offset: int,
    limit: int,
    now: dt.datetime,
    zone: dt.tzinfo,
) -> list[LastChange]:
    """The devices of `base` offline now, `limit` of them from `offset` in the offline list's
    order (never reported first, then the longest offline first): `offline` are the tally
    lines of `base` whose status counts as offline."""
    if not offline or limit <= 0:
        return []
    if len(offline) > MAX_LINES:  # too many service lives to name: read all, keep the offline
        return [
            c
            for c in repos.devices.by_last_change(base, 0, repos.devices.count(base))
            if counts_as_offline(_status(c, now, zone))
        ][offset : offset + limit]
    lines = frozenset((x.online, x.commissioned, x.decommissioned) for x in offline)
    return repos.devices.by_last_change(replace(base, lines=lines), offset, limit)


def _status(found: LastChange, now: dt.datetime, zone: dt.tzinfo) -> DeviceStatus:
    d = found.stored.device
    last = None if found.at is None or found.online is None else (found.at, found.online)
    return current_status(
        last, commissioned=d.commissioned, decommissioned=d.decommissioned, now=now, zone=zone
    )


def _row(found: LastChange, now: dt.datetime, zone: dt.tzinfo) -> OfflineRow:
    d = found.stored.device
    return OfflineRow(
        d.device_id.value,
        d.name,
        d.area,
        d.groups,
        _status(found, now, zone),
        None if found.at is None else from_seconds(found.at, zone),
        None if found.at is None else max(0, to_seconds(now) - found.at),
        found.cause,
    )


# Maintenance windows (维护窗口): the list, filtered by what they cover and when.


@dataclass(frozen=True, slots=True)
class WindowFilter:
    """`q`: part of the device id, the group or the reason; `active`: only the windows not
    yet over at the list's moment."""

    q: str = ""
    group: str | None = None
    active: bool = False
    page: int = 1
    per_page: int = PER_PAGE


@dataclass(frozen=True, slots=True)
class WindowLine:
    id: int
    start: dt.datetime
    end: dt.datetime
    reason: str
    device_id: str  # "" for a group's window
    group: str  # "" for a device's window
    hours: float

    @property
    def who(self) -> str:
        return f"设备{self.device_id}" if self.device_id else f"分组“{self.group}”"


@dataclass(frozen=True, slots=True)
class WindowList:
    rows: list[WindowLine]
    total: int
    page: int
    pages: int
    filter: WindowFilter


def window_list(repos: WebRepos, f: WindowFilter, now: dt.datetime, zone: dt.tzinfo) -> WindowList:
    """The live windows, newest start first: a few thousand at most over the years, read
    whole, with the ids of their devices."""
    windows = repos.maintenance.overlapping(Span(NEVER_BEFORE, 2**62))
    if f.active:
        moment = to_seconds(now)
        windows = [w for w in windows if w.span.end > moment]
    if f.group is not None:
        windows = [w for w in windows if w.group == f.group]
    keyed = sorted({w.device_key for w in windows if w.device_key is not None})
    ids = {s.key: s.device.device_id.value for s in repos.devices.by_keys(keyed)}
    q = f.q.strip().lower()
    if q:
        windows = [
            w
            for w in windows
            if q in w.reason.lower()
            or q in (w.group or "").lower()
            or (w.device_key is not None and q in ids.get(w.device_key, "").lower())
        ]
    windows.sort(key=lambda w: (-w.span.start, -w.id))
    per_page = max(1, min(f.per_page, MAX_PER_PAGE))
    pages = max(1, -(-len(windows) // per_page))
    page = max(1, min(f.page, pages))
    shown = windows[(page - 1) * per_page : page * per_page]
    rows = [
        WindowLine(
            w.id,
            from_seconds(w.span.start, zone),
            from_seconds(w.span.end, zone),
            w.reason,
            "" if w.device_key is None else ids.get(w.device_key, ""),
            w.group or "",
            w.span.length / 3600,
        )
        for w in shown
    ]
    return WindowList(rows, len(windows), page, pages, replace(f, page=page))


def add_area_maintenance(
    repos: WebRepos,
    start: dt.datetime,
    end: dt.datetime,
    reason: str,
    area: str,
    *,
    actor: str,
    now: int,
) -> list[int]:
    """A window for each device of `area` (区域) now: an area is no maintenance target of
    its own in the store, so the windows are the devices' (a device added to the area later
    is not covered; each window is edited or deleted on its own). One audit entry names the
    area and the windows."""
    span = Span(to_seconds(start), to_seconds(end))
    if span.length == 0:
        raise DomainError("维护窗口的结束时间应晚于开始时间")
    if not reason.strip():
        raise DomainError("请写明维护原因，如 光缆迁改、设备更换")
    chosen = DeviceSelection(area=area)
    members = repos.devices.page(chosen, 0, repos.devices.count(chosen))
    if not members:
        known = "、".join(repos.devices.areas()) or "（尚无填写区域的设备）"
        raise DomainError(f"没有区域为“{area}”的设备；已有区域：{known}")
    ids = [
        repos.maintenance.add(span, reason.strip(), device_key=s.key, group=None) for s in members
    ]
    record(
        repos,
        actor=actor,
        at=now,
        action="create",
        entity="maintenance",
        target=f"区域“{area}”{len(ids)}台设备（#{ids[0]}至#{ids[-1]}）",
        after={
            "开始": start.isoformat(timespec="minutes"),
            "结束": end.isoformat(timespec="minutes"),
            "原因": reason.strip(),
            "设备数": len(ids),
        },
    )
    return ids
