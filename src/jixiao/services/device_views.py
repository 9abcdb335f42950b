"""What the web app shows about devices: the inventory with its status, one device's history,
online rates by group and day or month, maintenance windows.

Status "now" is services.status_now's (domain.status: the same answer as `status offline`
and `devices list`); the rates come from services.monitoring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from fractions import Fraction

from jixiao.domain.availability import Span, Tally, from_seconds, local_days
from jixiao.domain.devices import Device, DeviceKind
from jixiao.domain.status import DeviceStatus
from jixiao.services.monitoring import (
    AvailabilityQuery,
    Breakdown,
    Method,
    RateRow,
    compute_availability,
)
from jixiao.services.om_lists import device_choices
from jixiao.services.ports import DeviceSelection, DeviceTally, Repos
from jixiao.services.rollup import RollupRates, rollup_rates
from jixiao.services.status_now import MAX_LINES, StatusNow, statuses_now, tally_statuses
from jixiao.services.web_errors import NotFound, Refused
from jixiao.services.web_ports import WebStore

MAX_DAYS = 366
FIRST_YEAR, LAST_YEAR = 1970, 2100
MAX_MONTH_DAYS = 5 * 366


@dataclass(frozen=True, slots=True)
class DeviceFilter:
    q: str = ""
    group: str | None = None
    area: str | None = None
    kind: DeviceKind | None = None
    status: DeviceStatus | None = None
    page: int = 1
    per_page: int = 50


@dataclass(frozen=True, slots=True)
class DeviceRow:
    key: int
    device: Device
    status: DeviceStatus
    since: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class DevicePage:
    rows: list[DeviceRow]
    total: int
    page: int
    pages: int
    groups: list[str]
    areas: list[str]
    counts: dict[DeviceStatus, int] = field(default_factory=dict)


def _matches(row: DeviceRow, f: DeviceFilter) -> bool:
    d = row.device
    if f.q:
        haystack = " ".join((d.device_id.value, d.name, d.address, d.ip, d.vendor, d.model))
        if f.q.strip().lower() not in haystack.lower():
            return False
    return (
        (f.group is None or f.group in d.groups)
        and (f.area is None or d.area == f.area)
        and (f.kind is None or d.kind is f.kind)
        and (f.status is None or row.status is f.status)
    )


def all_device_rows(store: WebStore, now: dt.datetime, zone: dt.tzinfo) -> list[DeviceRow]:
    with store.read() as repos:
        found = statuses_now(repos, repos.devices.select(), now, zone, whole_inventory=True)
    return [
        DeviceRow(
            f.stored.key,
            f.stored.device,
            f.status,
            None if f.since is None else from_seconds(f.since, zone),
        )
        for f in found
    ]


def find_devices(store: WebStore, f: DeviceFilter, now: dt.datetime, zone: dt.tzinfo) -> DevicePage:
    """One page of the device list: the store counts the devices by what their status depends
    on (status_now.tally_statuses decides each count's status) and reads only the page shown,
    whatever the size of the inventory."""
    base = DeviceSelection(f.q.strip(), f.group, f.area, f.kind)
    per_page = max(1, min(f.per_page, 500))
    with store.read() as repos:
        every = tally_statuses(repos.devices.tally(DeviceSelection()), now, zone)
        selection = base
        if f.status is None:
            total = every_count(every) if base == DeviceSelection() else repos.devices.count(base)
        else:
            chosen = (
                every
                if base == DeviceSelection()
                else tally_statuses(repos.devices.tally(base), now, zone)
            )
            chosen = [(line, s) for line, s in chosen if s is f.status]
            if len(chosen) > MAX_LINES:  # too many service lives to name in one query
                return _found_in_rows(store, f, now, zone)
            lines = frozenset((x.online, x.commissioned, x.decommissioned) for x, _ in chosen)
            selection = replace(base, lines=lines)
            total = every_count(chosen)
        pages = max(1, -(-total // per_page))
        page = max(1, min(f.page, pages))
        shown = repos.devices.page(selection, (page - 1) * per_page, per_page)
        rows = [_row(found, zone) for found in statuses_now(repos, shown, now, zone)]
        groups, areas = list(repos.devices.groups()), repos.devices.areas()
    counts = {s: sum(line.count for line, status in every if status is s) for s in DeviceStatus}
    return DevicePage(rows, total, page, pages, groups, areas, counts)


def every_count(lines: list[tuple[DeviceTally, DeviceStatus]]) -> int:
    return sum(line.count for line, _ in lines)


def _row(found: StatusNow, zone: dt.tzinfo) -> DeviceRow:
    since = None if found.since is None else from_seconds(found.since, zone)
    return DeviceRow(found.stored.key, found.stored.device, found.status, since)


def _found_in_rows(
    store: WebStore, f: DeviceFilter, now: dt.datetime, zone: dt.tzinfo
) -> DevicePage:
    """The list filtered by status over every device read (a store whose devices have
    hundreds of different service lives)."""
    rows = all_device_rows(store, now, zone)
    counts = {s: sum(1 for r in rows if r.status is s) for s in DeviceStatus}
    groups = sorted({g for r in rows for g in r.device.groups})
    areas = sorted({r.device.area for r in rows if r.device.area})
    found = [r for r in rows if _matches(r, f)]
    per_page = max(1, min(f.per_page, 500))
    pages = max(1, -(-len(found) // per_page))
    page = max(1, min(f.page, pages))
    shown = found[(page - 1) * per_page : page * per_page]
    return DevicePage(shown, len(found), page, pages, groups, areas, counts)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: dt.datetime
    online: bool
    cause: str
    source: str


@dataclass(frozen=True, slots=True)
class DeviceHistory:
    row: DeviceRow
    entries: list[HistoryEntry]  # newest first
    truncated: bool


def device_history(
    store: WebStore, device_id: str, now: dt.datetime, zone: dt.tzinfo, limit: int = 500
) -> DeviceHistory:
    """The device alone (its status from its own last change) and its latest changes."""
    with store.read() as repos:
        stored = repos.devices.find(device_id)
        if stored is None:
            raise NotFound(f"设备{device_id}不在设备清单中")
        row = _row(statuses_now(repos, [stored], now, zone)[0], zone)
        logged = repos.status_log.changes(row.key, limit=limit + 1)
    entries = [HistoryEntry(from_seconds(c.at, zone), c.online, c.cause, c.source) for c in logged]
    return DeviceHistory(row, entries[:limit], len(entries) > limit)


class Period(StrEnum):
    DAY = "day"
    MONTH = "month"


class Dimension(StrEnum):
    """What the columns of the rate table are: the groups (分组) or the areas (区域)."""

    GROUP = "group"
    AREA = "area"


DIMENSION_LABELS = {Dimension.GROUP: "分组", Dimension.AREA: "区域"}


@dataclass(frozen=True, slots=True)
class RateMatrix:
    """Online rates: one series per group or area (and 全部), one value per day or month;
    `rows` keeps each value's sums (hours or samples) for the exports."""

    first: dt.date
    last: dt.date
    period: Period
    method: Method
    keys: list[str]
    series: dict[str, list[Fraction | None]]
    totals: dict[str, Fraction | None]
    devices: dict[str, int]
    dimension: Dimension = Dimension.GROUP
    rows: dict[str, list[RateRow]] = field(default_factory=dict)
    total_rows: dict[str, RateRow] = field(default_factory=dict)


ALL = "全部"


def rates_by_group(
    store: WebStore,
    zone: dt.tzinfo,
    first: dt.date,
    last: dt.date,
    period: Period = Period.DAY,
    method: Method = Method.TIME,
    groups: list[str] | None = None,
) -> RateMatrix:
    with store.read() as repos:
        return rate_table(repos, zone, first, last, period, method, Dimension.GROUP, groups)


def rate_table(
    repos: Repos,
    zone: dt.tzinfo,
    first: dt.date,
    last: dt.date,
    period: Period = Period.DAY,
    method: Method = Method.TIME,
    dimension: Dimension = Dimension.GROUP,
    names: Sequence[str] | None = None,
) -> RateMatrix:
    """全部 and each group or area (`names`: only those) by day or month, each computed as
    `jixiao availability --group/--area` computes it (the rollup when it can answer)."""
    if not (first.year >= FIRST_YEAR and last.year <= LAST_YEAR):
        raise Refused(f"日期应在{FIRST_YEAR}年至{LAST_YEAR}年之间", "from")
    if last < first:
        raise Refused("结束日期早于开始日期", "to")
    limit = MAX_DAYS if period is Period.DAY else MAX_MONTH_DAYS
    if (last - first).days + 1 > limit:
        unit = "按日最多366天" if period is Period.DAY else "按月最多5年"
        raise Refused(f"期间过长：{unit}", "from")
    groups, areas = device_choices(repos, zone)
    known = groups if dimension is Dimension.GROUP else areas
    chosen = known if names is None else [n for n in names if n in known]
    if method is Method.TIME:
        days = local_days(first, last, zone)
        fast = rollup_rates(repos, zone, days, None, dimension.value)
        if fast is not None:
            return _from_rollup(fast, first, last, period, dimension, chosen)
    by = Breakdown.DAY if period is Period.DAY else Breakdown.MONTH
    keys: list[str] = []
    rows: dict[str, list[RateRow]] = {}
    totals: dict[str, RateRow] = {}
    for name in [ALL, *chosen]:
        named = None if name == ALL else name
        query = AvailabilityQuery(first, last, method, by=by)
        if dimension is Dimension.GROUP:
            query = replace(query, group=named)
        else:
            query = replace(query, area=named)
        report = compute_availability(repos, query, zone)
        keys = [r.key for r in report.rows]
        rows[name], totals[name] = report.rows, report.total
    return RateMatrix(
        first,
        last,
        period,
        method,
        keys,
        {name: [r.rate for r in found] for name, found in rows.items()},
        {name: t.rate for name, t in totals.items()},
        {name: t.devices for name, t in totals.items()},
        dimension,
        rows,
        totals,
    )


def _from_rollup(
    fast: RollupRates,
    first: dt.date,
    last: dt.date,
    period: Period,
    dimension: Dimension,
    chosen: Sequence[str],
) -> RateMatrix:
    """The table from one read of the rollup (every group or area at once): the rows
    `compute_availability` gives each name from the rollup, summed per day or month."""
    dates = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]

    def label(d: dt.date) -> str:
        return d.isoformat() if period is Period.DAY else d.strftime("%Y-%m")

    keys = list(dict.fromkeys(label(d) for d in dates))
    by_key: dict[str, list[int]] = {k: [] for k in keys}
    for i, d in enumerate(dates):
        by_key[label(d)].append(i)
    sums = {ALL: (fast.days, fast.devices)}
    sums |= {n: (fast.row_days.get(n, []), fast.row_devices.get(n, 0)) for n in chosen}
    rows: dict[str, list[RateRow]] = {}
    totals: dict[str, RateRow] = {}
    for name, (daily, devices) in sums.items():
        rows[name] = [
            _summed(k, [daily[i] for i in ix] if daily else [], devices) for k, ix in by_key.items()
        ]
        totals[name] = _summed("合计", daily, devices)
    return RateMatrix(
        first,
        last,
        period,
        Method.TIME,
        keys,
        {name: [r.rate for r in found] for name, found in rows.items()},
        {name: t.rate for name, t in totals.items()},
        {name: t.devices for name, t in totals.items()},
        dimension,
        rows,
        totals,
    )


def _summed(key: str, tallies: Sequence[Tally], devices: int) -> RateRow:
    tally = Tally()
    for t in tallies:
        tally.add(t)
    return RateRow(key, devices, tally.rate, tally.online_s, tally.expected_s)


@dataclass(frozen=True, slots=True)
class WindowRow:
    id: int
    start: dt.datetime
    end: dt.datetime
    reason: str
    who: str  # a device id or a group


def maintenance_windows(store: WebStore, zone: dt.tzinfo, limit: int = 200) -> list[WindowRow]:
    with store.read() as repos:
        windows = repos.maintenance.overlapping(Span(0, 2**62))
        ids = {s.key: s.device.device_id.value for s in repos.devices.select()}
    rows = [
        WindowRow(
            w.id,
            from_seconds(w.span.start, zone),
            from_seconds(w.span.end, zone),
            w.reason,
            ids.get(w.device_key, "") if w.device_key is not None else f"分组“{w.group}”",
        )
        for w in windows
    ]
    return sorted(rows, key=lambda w: w.start, reverse=True)[:limit]


@dataclass(frozen=True, slots=True)
class PresenceView:
    """What the GB/T 28181 platform knows of a device (never its SIP password)."""

    registered: bool
    registered_until: dt.datetime | None
    last_seen: dt.datetime | None
    transport: str
    address: str
    keepalive: str
    parent_id: str


def sip_presence(
    store: WebStore, key: int, now: dt.datetime, zone: dt.tzinfo
) -> PresenceView | None:
    """The device's GB/T 28181 registration and last keepalive, when it ever registered."""
    with store.read() as repos:
        found = repos.presence.select([key]).get(key)
    if found is None:
        return None
    until = found.registered_until or None
    moment = int(now.timestamp())
    keepalive = ""
    if found.keepalive_interval:
        keepalive = f"每{found.keepalive_interval}秒，{found.keepalive_count or 3}次未收到判离线"
    return PresenceView(
        registered=until is not None and until > moment,
        registered_until=None if until is None else from_seconds(until, zone),
        last_seen=None if found.last_seen is None else from_seconds(found.last_seen, zone),
        transport=found.transport,
        address=f"{found.host}:{found.port}" if found.host else "",
        keepalive=keepalive,
        parent_id=found.parent_id,
    )
