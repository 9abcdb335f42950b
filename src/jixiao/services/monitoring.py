"""Use cases of status evidence: import history, maintenance windows, online rate, offline list.

`compute_availability` is the online rate (在线率) of a selection of devices over whole days.
Time-weighted totals and breakdowns by day, month, group and area are read from the daily
rollup (services.rollup) when it can answer; otherwise, and for the sampled method, the
coverage of each device (life minus maintenance) is computed here and the status sums in the
store (segment plans, see domain.availability); breakdowns by device and the longest outages
come from per-device histories.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import cast

from jixiao.domain.availability import (
    Census,
    Coverage,
    History,
    Span,
    Tally,
    censuses_from_states,
    coverage,
    from_seconds,
    life_span,
    local_days,
    mean_share,
    online_spans,
    overlap,
    sample_instants,
    sample_plan,
    sampled,
    segment_states,
    subtract,
    tallies_from_states,
    time_plan,
    time_weighted,
    to_seconds,
    total,
)
from jixiao.domain.errors import DomainError, Problem
from jixiao.domain.presentation import hours, rate_text
from jixiao.domain.status import counts_as_offline
from jixiao.services.audit import record
from jixiao.services.inventory import Numbered, RowsRejected
from jixiao.services.ports import AppendResult, KeyedChange, Repos, Store, StoredDevice
from jixiao.services.rollup import rollup_rates
from jixiao.services.shared_selection import remembered
from jixiao.services.status_now import StatusNow, offline_found
from jixiao.services.web_ports import WebRepos


class UnknownGroup(DomainError):
    """A group (分组) no stored device belongs to."""


class UnknownDevice(DomainError):
    """A device id that is not in the inventory."""


class Method(StrEnum):
    TIME = "time"
    SAMPLE = "sample"


METHOD_LABELS = {Method.TIME: "按时长加权", Method.SAMPLE: "定时抽检"}


class Breakdown(StrEnum):
    DAY = "day"
    MONTH = "month"
    DEVICE = "device"
    GROUP = "group"
    AREA = "area"


@dataclass(frozen=True, slots=True)
class StatusRow:
    device_id: str
    at: dt.datetime
    online: bool
    cause: str = ""


def import_status(
    repos: WebRepos,
    rows: Sequence[Numbered[StatusRow]],
    *,
    source: str,
    actor: str,
    now: int,
) -> AppendResult:
    """Append a status history, all or nothing: unknown devices and contradictions are
    refused; the import is audited with what it added."""
    problems: list[Problem] = []
    keys = repos.devices.keys(r.value.device_id for r in rows)
    seen: dict[tuple[str, int], tuple[int, bool]] = {}
    changes, lines, duplicates = [], {}, 0
    for row in rows:
        value, at = row.value, to_seconds(row.value.at)
        if value.device_id not in keys:
            problems.append(
                Problem(
                    source,
                    f"设备{value.device_id}不在设备清单中；请先导入点位表",
                    row.line,
                    "device_id",
                )
            )
            continue
        earlier = seen.get((value.device_id, at))
        if earlier is not None:
            if earlier[1] != value.online:
                problems.append(
                    Problem(
                        source, f"与第{earlier[0]}行同一设备同一时刻的状态相反", row.line, "status"
                    )
                )
            duplicates += 1
            continue
        seen[(value.device_id, at)] = (row.line, value.online)
        key = keys[value.device_id]
        changes.append(KeyedChange(key, at, value.online, value.cause))
        lines[(key, at)] = row.line
    if problems:
        raise RowsRejected(problems)
    result = repos.statuses.append(changes, source=source)
    if result.conflicts:
        raise RowsRejected(
            [
                Problem(source, "与库中已有记录同一时刻的状态相反", lines[(c.key, c.at)], "status")
                for c in result.conflicts
            ]
        )
    stored = AppendResult(result.added, result.duplicates + duplicates)
    record(
        repos,
        actor=actor,
        at=now,
        action="import",
        entity="status",
        target=source,
        after={"新增": stored.added, "重复已跳过": stored.duplicates},
    )
    return stored


def add_maintenance(
    repos: WebRepos,
    start: dt.datetime,
    end: dt.datetime,
    reason: str,
    *,
    device_id: str | None = None,
    group: str | None = None,
    actor: str,
    now: int,
) -> int:
    """Record approved downtime (维护窗口) for one device or a whole group, audited."""
    span = Span(to_seconds(start), to_seconds(end))
    if span.length == 0:
        raise DomainError("维护窗口的结束时间应晚于开始时间")
    if not reason.strip():
        raise DomainError("请写明维护原因（--reason），如 光缆迁改、设备更换")
    key = None
    if device_id is not None:
        key = repos.devices.keys([device_id]).get(device_id)
        if key is None:
            raise UnknownDevice(f"设备{device_id}不在设备清单中")
    elif group is not None and group not in repos.devices.groups():
        raise UnknownGroup(_unknown_group(group, repos))
    window = repos.maintenance.add(span, reason.strip(), device_key=key, group=group)
    record(
        repos,
        actor=actor,
        at=now,
        action="create",
        entity="maintenance",
        target=f"#{window} " + (f"设备{device_id}" if device_id else f"分组“{group}”"),
        after={
            "开始": start.isoformat(timespec="minutes"),
            "结束": end.isoformat(timespec="minutes"),
            "原因": reason.strip(),
        },
    )
    return window


def _unknown_group(group: str, repos: Repos) -> str:
    known = "、".join(repos.devices.groups()) or "（尚无设备，请先导入点位表）"
    return f"没有属于分组“{group}”的设备；已有分组：{known}"


def _unknown_area(area: str, repos: Repos) -> str:
    known = "、".join(repos.devices.areas()) or "（尚无填写区域的设备）"
    return f"没有区域为“{area}”的设备；已有区域：{known}"


@dataclass(frozen=True, slots=True)
class AvailabilityQuery:
    first: dt.date
    last: dt.date
    method: Method = Method.TIME
    group: str | None = None
    sample_at: tuple[dt.time, ...] = (dt.time(10),)
    by: Breakdown | None = None
    outages: int = 0
    area: str | None = None  # only the devices of this area (区域)


@dataclass(frozen=True, slots=True)
class RateRow:
    """One row of a breakdown; time rows fill the seconds, sample rows the counts."""

    key: str
    devices: int
    rate: Fraction | None
    online_s: int = 0
    expected_s: int = 0
    samples: int = 0
    online: int = 0
    counted: int = 0


@dataclass(frozen=True, slots=True)
class Outage:
    device_id: str
    name: str
    start: dt.datetime
    end: dt.datetime
    seconds: int
    maintenance_s: int
    ongoing: bool


@dataclass(frozen=True, slots=True)
class AvailabilityReport:
    query: AvailabilityQuery
    total: RateRow
    maintenance_s: int
    out_of_life_s: int
    store: str
    rows: list[RateRow] = field(default_factory=list)
    outages: list[Outage] = field(default_factory=list)
    exempted_s: int = 0  # offline expected time excused by approved exemptions (工单免责)

    @property
    def corrected_rate(self) -> Fraction | None:
        """修正在线率: online ÷ (expected − excused offline time); time-weighted only."""
        t = self.total
        if self.query.method is not Method.TIME or t.expected_s - self.exempted_s <= 0:
            return None
        return Fraction(t.online_s, t.expected_s - self.exempted_s)

    def corrected_citation(self) -> str:
        """The corrected rate with the rule used, as the text outputs write it."""
        if self.query.method is not Method.TIME:
            return "修正在线率：定时抽检不作修正（修正在线率按时长加权计算）"
        return (
            f"修正在线率{rate_text(self.corrected_rate)}：已批准的工单免责（停电、道路施工、"
            f"不可抗力、业主原因等）{hours(self.exempted_s)}小时不计入应在线时间，"
            f"只剔除离线时段，维护窗口不重复剔除；原始在线率{rate_text(self.total.rate)}"
        )

    def citation(self) -> str:
        """How the number was obtained, in the words a report can quote."""
        q, t = self.query, self.total
        who = f"分组“{q.group}”" if q.group else "全部设备"
        if q.area:
            who = f"区域“{q.area}”" if not q.group else f"{who}中区域“{q.area}”"
        period = f"{q.first.isoformat()}至{q.last.isoformat()}"
        if q.method is Method.TIME:
            how = f"在线{hours(t.online_s)}小时/应在线{hours(t.expected_s)}小时"
        else:
            times = "、".join(x.strftime("%H:%M") for x in q.sample_at)
            how = f"每日{times}抽检{t.samples}次，在线{t.online}台次/应在线{t.counted}台次"
        return (
            f"在线率{rate_text(t.rate)}（{METHOD_LABELS[q.method]}）：{who}{t.devices}台设备，"
            f"{period}，{how}；已剔除维护{hours(self.maintenance_s)}小时、"
            f"未在役{hours(self.out_of_life_s)}小时；数据来源：jixiao证据库的设备状态变化记录"
            + (
                f"；修正在线率{rate_text(self.corrected_rate)}（另剔除已批准免责"
                f"{hours(self.exempted_s)}小时）"
                if self.exempted_s
                else ""
            )
        )


def availability(store: Store, query: AvailabilityQuery, zone: dt.tzinfo) -> AvailabilityReport:
    with store.read() as repos:
        return compute_availability(repos, query, zone, store.describe())


def compute_availability(
    repos: Repos,
    query: AvailabilityQuery,
    zone: dt.tzinfo,
    store: str = "",
    *,
    use_rollup: bool = True,
) -> AvailabilityReport:
    """Time-weighted sums come from the daily rollup when it can answer (services.rollup),
    else, and for the sampled method, by device and outages, from the status changes
    directly; `use_rollup=False` forces the direct computation, the reference. Within one
    evaluation (repositories that share their reads) each query is computed once: 在线率
    and 修正在线率 of one group and period, in the evaluation and in its monitoring."""
    return remembered(
        cast(WebRepos, repos),
        ("availability", query, zone, store, use_rollup),
        lambda: _compute_availability(repos, query, zone, store, use_rollup=use_rollup),
    )


def _compute_availability(
    repos: Repos,
    query: AvailabilityQuery,
    zone: dt.tzinfo,
    store: str,
    *,
    use_rollup: bool,
) -> AvailabilityReport:
    days = local_days(query.first, query.last, zone)
    window = Span(days[0].start, days[-1].end)
    fast = None
    if use_rollup and query.method is Method.TIME and query.by is not Breakdown.DEVICE:
        by = query.by.value if query.by in (Breakdown.GROUP, Breakdown.AREA) else None
        fast = rollup_rates(repos, zone, days, query.group, by, area=query.area)
    devices: list[StoredDevice] = []
    covs: dict[int, Coverage] = {}
    if fast is None or query.outages:
        devices = repos.devices.select(group=query.group)
        if query.area is not None:
            devices = [d for d in devices if d.device.area == query.area]
        covs = _coverages(repos, devices, window, zone)
    if query.group is not None and not (fast.members if fast else devices):
        raise UnknownGroup(_unknown_group(query.group, repos))
    if query.area is not None and not (fast.members if fast else devices):
        raise UnknownGroup(_unknown_area(query.area, repos))
    rows_of = _Rates(repos, query, days, zone)
    if fast is not None:
        per_day: DaySums = fast.days
        counted = fast.devices
        maintenance_s = fast.alive_s - sum(t.expected_s for t in fast.days)
        out_of_life_s = fast.members * window.length - fast.alive_s
    else:
        per_day = rows_of.per_day(list(covs.values()))
        counted = _counted(covs.values())
        maintenance_s = sum(c.maintenance_s for c in covs.values())
        out_of_life_s = sum(c.out_of_life_s for c in covs.values())
    total_row = rows_of.merge("合计", per_day, counted)
    rows: list[RateRow] = []
    if query.by is Breakdown.DAY:
        rows = [
            rows_of.merge(d.isoformat(), rows_of.pick(per_day, [i]), counted)
            for i, d in enumerate(rows_of.dates)
        ]
    elif query.by is Breakdown.MONTH:
        months: dict[str, list[int]] = defaultdict(list)
        for i, d in enumerate(rows_of.dates):
            months[d.strftime("%Y-%m")].append(i)
        rows = [rows_of.merge(m, rows_of.pick(per_day, ix), counted) for m, ix in months.items()]
    elif query.by in (Breakdown.GROUP, Breakdown.AREA) and fast is not None:
        rows = [
            RateRow(name, fast.row_devices[name], t.rate, t.online_s, t.expected_s)
            for name, t in fast.rows.items()
        ]
    elif query.by in (Breakdown.GROUP, Breakdown.AREA):
        rows = _by_attribute(rows_of, devices, covs, query.by)
    histories: dict[int, History] = {}
    if query.by is Breakdown.DEVICE or query.outages:
        found = repos.statuses.histories(list(covs), window)
        for k, cov in covs.items():
            initially_online, changes = found.get(k, (False, []))
            histories[k] = History(cov, initially_online, tuple(changes))
    if query.by is Breakdown.DEVICE:
        rows = [rows_of.device_row(d, histories[d.key], window) for d in devices]
    outages = _outages(devices, histories, window, zone)[: query.outages] if query.outages else []
    return AvailabilityReport(query, total_row, maintenance_s, out_of_life_s, store, rows, outages)


def _coverages(
    repos: Repos, devices: Sequence[StoredDevice], window: Span, zone: dt.tzinfo
) -> dict[int, Coverage]:
    by_device: dict[int, list[Span]] = defaultdict(list)
    by_group: dict[str, list[Span]] = defaultdict(list)
    for w in repos.maintenance.overlapping(window):
        if w.device_key is not None:
            by_device[w.device_key].append(w.span)
        elif w.group is not None:
            by_group[w.group].append(w.span)
    out = {}
    for stored in devices:
        d = stored.device
        cuts = by_device.get(stored.key, []) + [s for g in d.groups for s in by_group.get(g, [])]
        life = life_span(d.commissioned, d.decommissioned, zone)
        out[stored.key] = coverage(stored.key, window, life, cuts)
    return out


DaySums = list[Tally] | list[list[Census]]


class _Rates:
    """Per-day sums for a set of coverages, and rows merged from them."""

    def __init__(
        self, repos: Repos, query: AvailabilityQuery, days: list[Span], zone: dt.tzinfo
    ) -> None:
        self.repos, self.query, self.days = repos, query, days
        self.dates = [query.first + dt.timedelta(days=i) for i in range(len(days))]
        self.instants = sample_instants(query.first, query.last, query.sample_at, zone)

    def per_day(self, covs: list[Coverage]) -> DaySums:
        statuses = self.repos.statuses
        if self.query.method is Method.TIME:
            plan = time_plan(covs, self.days)
            states = segment_states(plan, statuses.segment_sums(plan))
            return tallies_from_states(plan, states, self.days)
        plan = sample_plan(covs, self.instants)
        censuses = censuses_from_states(segment_states(plan, statuses.segment_sums(plan)))
        grouped: list[list[Census]] = [[] for _ in self.days]
        starts = [d.start for d in self.days]
        for moment, census in zip(self.instants, censuses, strict=True):
            grouped[bisect_right(starts, moment) - 1].append(census)
        return grouped

    def merge(self, key: str, sums: DaySums, devices: int) -> RateRow:
        """A row over `sums`; `devices` is how many devices had expected time in the period."""
        tally, censuses = Tally(), []
        for part in sums:
            if isinstance(part, Tally):
                tally.add(part)
            else:
                censuses.extend(part)
        if self.query.method is Method.TIME:
            return RateRow(key, devices, tally.rate, tally.online_s, tally.expected_s)
        return RateRow(
            key,
            devices,
            mean_share(censuses),
            samples=len(censuses),
            online=sum(c.online for c in censuses),
            counted=sum(c.counted for c in censuses),
        )

    def pick(self, sums: DaySums, indexes: Sequence[int]) -> DaySums:
        if self.query.method is Method.TIME:
            return [cast(Tally, sums[i]) for i in indexes]
        return [cast(list[Census], sums[i]) for i in indexes]

    def device_row(self, stored: StoredDevice, history: History, window: Span) -> RateRow:
        key = stored.device.device_id.value
        counted = _counted([history.coverage])
        if self.query.method is Method.TIME:
            return self.merge(key, time_weighted([history], [window]), counted)
        return self.merge(key, [sampled([history], self.instants)], counted)


def _by_attribute(
    rates: _Rates, devices: Sequence[StoredDevice], covs: dict[int, Coverage], by: Breakdown
) -> list[RateRow]:
    keys_of: Callable[[StoredDevice], Sequence[str]] = (
        (lambda s: s.device.groups)
        if by is Breakdown.GROUP
        else (lambda s: [s.device.area or "（未填区域）"])
    )
    members: dict[str, list[Coverage]] = defaultdict(list)
    for stored in devices:
        for name in keys_of(stored):
            members[name].append(covs[stored.key])
    return [rates.merge(name, rates.per_day(m), _counted(m)) for name, m in sorted(members.items())]


def _counted(covs: Iterable[Coverage]) -> int:
    return sum(1 for c in covs if c.counted)


def _outages(
    devices: Sequence[StoredDevice], histories: dict[int, History], window: Span, zone: dt.tzinfo
) -> list[Outage]:
    """Offline spans within each device's life, longest first, with their maintenance share."""
    found = []
    for stored in devices:
        h = histories[stored.key]
        if h.coverage.alive is None:
            continue
        online = online_spans(h.changes, window, initially_online=h.initially_online)
        for gap in subtract(h.coverage.alive, online):
            excused = gap.length - total(overlap([gap], h.coverage.counted))
            found.append(
                Outage(
                    stored.device.device_id.value,
                    stored.device.name,
                    from_seconds(gap.start, zone),
                    from_seconds(gap.end, zone),
                    gap.length,
                    excused,
                    gap.end == window.end,
                )
            )
    return sorted(found, key=lambda o: (-o.seconds, o.device_id, o.start))


@dataclass(frozen=True, slots=True)
class OfflineDevice:
    device_id: str
    name: str
    area: str
    since: dt.datetime | None
    cause: str = ""


def offline_now(
    store: Store, now: dt.datetime, zone: dt.tzinfo, group: str | None = None
) -> list[OfflineDevice]:
    """Devices in service at `now` that are offline or never reported (domain.status), those
    that never reported first, then by when they went offline."""
    with store.read() as repos:
        if group is not None and group not in repos.devices.groups():
            raise UnknownGroup(_unknown_group(group, repos))
        found = offline_found(repos, now, zone, group=group)
    return offline_devices(found, zone)


def offline_devices(found: Iterable[StatusNow], zone: dt.tzinfo) -> list[OfflineDevice]:
    """The open faults (未恢复故障) among `found`, in `offline_now`'s order."""
    faults = sorted(
        (f for f in found if counts_as_offline(f.status)),
        key=lambda f: (f.since is not None, f.since or 0, f.stored.device.device_id.value),
    )
    return [
        OfflineDevice(
            f.stored.device.device_id.value,
            f.stored.device.name,
            f.stored.device.area,
            None if f.since is None else from_seconds(f.since, zone),
        )
        for f in faults
    ]
