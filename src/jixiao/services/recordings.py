"""The 录像巡检: ask every channel's device for its recordings (GB/T 28181 RecordInfo), store
them per channel and day, and derive 录像完整率 and storage compliance (domain.recordings).

A scan of day D asks, per channel, for the recordings of D (00:00:00–23:59:59 local) and, to
learn how long recordings are kept, for those of the day its storage must still reach
(D − required + 1): the oldest recording seen is what storage compliance reads, so a channel
with any recording on that day (or a file that began before it) keeps enough. The asking goes through a `RecordSource` (the running GB/T 28181 platform,
adapters/gb28181/server.py), with a bounded number of queries open and, at night, the starts
spread over a window so that no NVR gets all its channels' queries at once.

What is counted: a channel-day with an answer counts its expected time (service life minus
maintenance, as for the online rate); a channel-day the device did not answer counts as
expected and not recorded (unverified recording is not recording) and is reported as 未应答;
a day not scanned at all counts for nothing and is reported as 未巡检.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Protocol

from jixiao.domain.availability import Span, day_start, from_seconds, local_days
from jixiao.domain.devices import DeviceKind
from jixiao.domain.presentation import hours, rate_text
from jixiao.domain.recordings import (
    Completeness,
    Retention,
    StorageShare,
    clean,
    clip,
    completeness,
    expected_in,
    gaps,
    required_days,
)
from jixiao.services.audit import record
from jixiao.services.monitoring import (
    AvailabilityQuery,
    UnknownDevice,
    UnknownGroup,
    _coverages,
    _unknown_group,
    compute_availability,
)
from jixiao.services.ports import DeviceSelection, StoredDevice
from jixiao.services.shared_selection import sharing_selections
from jixiao.services.web_ports import QuietCameras, RecordingDay, WebRepos

NO_ANSWER = "设备未应答录像查询"
QUALITY_MISSING = "图像完好率：尚无图像质量诊断数据（需视频质量诊断的抽检结果），暂不计算"


@dataclass(frozen=True, slots=True)
class Found:
    """A device's answer for one channel: files as reported (epoch seconds, possibly inverted
    or overlapping), whether all SumNum files came, and what was wrong with the answer."""

    intervals: tuple[tuple[int, int], ...] = ()
    complete: bool = True
    problems: tuple[str, ...] = ()
    heard: bool = True  # False: not one message came back


class RecordSource(Protocol):
    async def records(self, device_id: str, channel_id: str, start: int, end: int) -> Found | None:
        """The recordings of `channel_id` in [start, end] as its device `device_id` answers;
        None when the device is not online."""
        ...


@dataclass(frozen=True, slots=True)
class Target:
    """A channel to scan: its stored key and id, the registered device to ask, the days of
    recordings it must keep."""

    key: int
    channel_id: str
    ask: str
    required: int


def scan_targets(repos: WebRepos, *, group: str | None = None) -> tuple[list[Target], list[str]]:
    """The cameras the platform can ask about (a channel of a registered device, or a camera
    registered itself), and the ids of the cameras it cannot (not on GB/T 28181)."""
    devices = repos.devices.select(group=group)
    if group is not None and not devices:
        raise UnknownGroup(_unknown_group(group, repos))
    presence = repos.presence.select([d.key for d in devices])
    targets, unreachable = [], []
    for stored in devices:
        d = stored.device
        if d.kind is not DeviceKind.CAMERA:
            continue
        p = presence.get(stored.key)
        ask = (p.parent_id or (d.device_id.value if p.transport else "")) if p else ""
        if not ask:
            unreachable.append(d.device_id.value)
            continue
        targets.append(Target(stored.key, d.device_id.value, ask, required_days(d.groups)))
    return targets, unreachable


@dataclass(frozen=True, slots=True)
class ChannelScan:
    target: Target
    day: Found | None
    retention: Found | None


async def run_scan(
    source: RecordSource,
    targets: Sequence[Target],
    day: dt.date,
    zone: dt.tzinfo,
    *,
    concurrency: int = 50,
    spread_s: float = 0.0,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> list[ChannelScan]:
    """Ask for each target's day and retention probe; at most `concurrency` channels at once,
    the n-th of N starting n/N × `spread_s` seconds after the first."""
    start = day_start(day, zone)
    end = day_start(day + dt.timedelta(days=1), zone) - 1
    gate = asyncio.Semaphore(concurrency)
    count = max(1, len(targets))

    async def one(n: int, target: Target) -> ChannelScan:
        if spread_s > 0:
            await sleep(spread_s * n / count)
        async with gate:
            found = await source.records(target.ask, target.channel_id, start, end)
            probe_day = day - dt.timedelta(days=target.required - 1)
            probe = None
            if found is not None and found.heard:
                probe = await source.records(
                    target.ask,
                    target.channel_id,
                    day_start(probe_day, zone),
                    day_start(probe_day + dt.timedelta(days=1), zone) - 1,
                )
            return ChannelScan(target, found, probe)

    return list(await asyncio.gather(*(one(n, t) for n, t in enumerate(targets))))


@dataclass(frozen=True, slots=True)
class ScanSummary:
    day: dt.date
    channels: int
    answered: int
    findings: int
    unreachable: int
    rate: Fraction | None
    storage: StorageShare
    rows: tuple[RecordingDay, ...] = ()


def record_scan(
    repos: WebRepos,
    scans: Sequence[ChannelScan],
    day: dt.date,
    zone: dt.tzinfo,
    *,
    unreachable: int = 0,
    actor: str,
    now: int,
) -> ScanSummary:
    """Store one day's answers (cleaned, clipped to the day, findings kept), audited."""
    window = Span(day_start(day, zone), day_start(day + dt.timedelta(days=1), zone))
    rows = [_row(s, window, day, now) for s in scans]
    repos.recordings.put(rows)
    summary = _summary(repos, rows, day, zone, unreachable)
    record(
        repos,
        actor=actor,
        at=now,
        action="scan",
        entity="recordings",
        target=f"录像巡检{day.isoformat()}",
        after={
            "通道": summary.channels,
            "应答": summary.answered,
            "发现问题": summary.findings,
            "未接入国标": unreachable,
        },
    )
    return summary


def _row(scan: ChannelScan, window: Span, day: dt.date, now: int) -> RecordingDay:
    key, found = scan.target.key, scan.day
    if found is None or not found.heard:
        return RecordingDay(key, day, (), (NO_ANSWER,), False, None, now)
    cleaned = clean(found.intervals)
    findings = [*found.problems, *cleaned.findings]
    starts = [s.start for s in cleaned.spans]
    if scan.retention is not None and scan.retention.heard:
        kept = clean(scan.retention.intervals)
        starts += [s.start for s in kept.spans]
        findings += [f"存储时长查询：{x}" for x in (*scan.retention.problems, *kept.findings)]
    spans = tuple((s.start, s.end) for s in clip(cleaned.spans, window))
    oldest = min(starts) if starts else None
    return RecordingDay(key, day, spans, tuple(findings), True, oldest, now)


def _summary(
    repos: WebRepos, rows: list[RecordingDay], day: dt.date, zone: dt.tzinfo, unreachable: int
) -> ScanSummary:
    report = recording_report(repos, day, day, zone, keys=[r.key for r in rows])
    return ScanSummary(
        day,
        len(rows),
        sum(r.answered for r in rows),
        sum(len(r.findings) for r in rows if r.answered),
        unreachable,
        report.total.completeness.rate,
        report.total.storage,
        tuple(rows),
    )


# --- the report -------------------------------------------------------------------------------


@dataclass(slots=True)
class RateRow:
    """One group in one month (or the whole period): the rates side by side."""

    group: str
    month: str
    channels: int = 0
    completeness: Completeness = field(default_factory=Completeness)
    storage: StorageShare = field(default_factory=lambda: StorageShare(0, 0))
    online: Fraction | None = None
    unanswered: int = 0  # channel-days the device did not answer
    unscanned: int = 0  # channel-days in service never scanned


@dataclass(frozen=True, slots=True)
class ChannelRow:
    device_id: str
    name: str
    groups: tuple[str, ...]
    completeness: Completeness
    required: int
    kept: int | None  # None: never scanned
    findings: tuple[str, ...]
    missing_s: int


@dataclass(frozen=True, slots=True)
class RecordingReport:
    first: dt.date
    last: dt.date
    group: str | None
    total: RateRow
    rows: list[RateRow]
    channels: list[ChannelRow]
    quality_note: str = QUALITY_MISSING

    def citation(self, what: str = "录像完整率") -> str:
        t = self.total
        who = f"分组“{self.group}”" if self.group else "全部通道"
        period = f"{self.first.isoformat()}至{self.last.isoformat()}"
        if what == "存储合规率":
            return (
                f"存储合规率{rate_text(t.storage.rate)}：{who}{t.storage.counted}路通道中"
                f"{t.storage.compliant}路最早录像不少于规定天数（一般30天，重点部位90天），"
                f"截至{self.last.isoformat()}；数据来源：jixiao证据库的录像巡检记录（GB/T 28181 RecordInfo）"
            )
        c = t.completeness
        return (
            f"录像完整率{rate_text(c.rate)}：{who}{t.channels}路通道，{period}，"
            f"录像{hours(c.recorded_s)}小时/应录像{hours(c.expected_s)}小时；"
            f"维护时段与未在役时间不计入；未应答{t.unanswered}通道日按无录像计，"
            f"未巡检{t.unscanned}通道日不计；数据来源：jixiao证据库的录像巡检记录（GB/T 28181 RecordInfo）"
        )


def recording_report(
    repos: WebRepos,
    first: dt.date,
    last: dt.date,
    zone: dt.tzinfo,
    *,
    group: str | None = None,
    keys: Sequence[int] | None = None,
    online: bool = False,
    channels: bool = True,
) -> RecordingReport:
    """录像完整率 and storage compliance by group and month (and per channel unless not
    `channels`), from the stored scans; with `online` the online rate of the same group and
    month beside them.

    Without `channels` (the page, the measures) the cameras nothing distinguishes (in
    service the whole period, no maintenance, never scanned) are counted in the store
    (RecordingRepo.quiet_cameras) and only the others are read one by one; their figures are
    the same as if each were read (tests/unit/services/test_recordings_fast.py)."""
    repos = sharing_selections(repos)  # the online rates beside read the cohorts once
    days = local_days(first, last, zone)
    window = Span(days[0].start, days[-1].end)
    quiet = None
    if keys is not None:
        candidates = [
            d for d in repos.devices.by_keys(keys) if group is None or group in d.device.groups
        ]
    elif channels:
        candidates = repos.devices.select(group=group)
    else:
        windows = repos.maintenance.overlapping(window)
        quiet = repos.recordings.quiet_cameras(
            first,
            last,
            group=group,
            busy_keys=[w.device_key for w in windows if w.device_key is not None],
            busy_groups=sorted({w.group for w in windows if w.group is not None}),
        )
        candidates = repos.devices.by_keys(quiet.others)
    devices = [d for d in candidates if d.device.kind is DeviceKind.CAMERA]
    if group is not None and not devices and keys is None and not (quiet and quiet.count):
        raise UnknownGroup(_unknown_group(group, repos))
    wanted = [d.key for d in devices]
    covs = _coverages(repos, devices, window, zone)
    stored: dict[int, dict[dt.date, RecordingDay]] = defaultdict(dict)
    for row in repos.recordings.between(first, last, wanted):
        stored[row.key][row.day] = row
    latest = repos.recordings.latest(last, wanted)
    rows: dict[tuple[str, str], RateRow] = {}
    total = RateRow("合计", f"{first.isoformat()}至{last.isoformat()}")
    channel_rows: list[ChannelRow] = []
    months = sorted({date.strftime("%Y-%m") for date in _dates(first, last)})
    for d in devices:
        per_channel = Completeness()
        missing = 0
        names = d.device.groups or ("未分组",)
        buckets = [rows.setdefault((g, m), RateRow(g, m)) for g in names for m in months]
        seen_months: set[str] = set()
        for span, date in zip(days, _dates(first, last), strict=True):
            expected = expected_in(covs[d.key], span)
            month = date.strftime("%Y-%m")
            targets = [total, *(b for b in buckets if b.month == month)]
            found_row = stored[d.key].get(date)
            if not expected:
                continue
            seen_months.add(month)
            if found_row is None:
                for b in targets:
                    b.unscanned += 1
                continue
            spans = [Span(a, b) for a, b in found_row.spans]
            found = completeness(spans, expected)
            missing += sum(g.length for g in gaps(spans, expected))
            per_channel.add(found)
            for b in targets:
                b.completeness.add(found)
                b.unanswered += not found_row.answered
        retention = _retention(d, latest.get(d.key), stored[d.key], zone)
        for b in [total, *buckets]:
            if b is total or b.month in seen_months:
                b.channels += 1
                if retention is not None:  # a channel never scanned is not judged
                    b.storage = StorageShare(
                        b.storage.compliant + retention.compliant, b.storage.counted + 1
                    )
        findings = tuple(
            f"{day.isoformat()} {text}"
            for day, r in sorted(stored[d.key].items())
            for text in r.findings
        )
        if not channels:
            continue
        channel_rows.append(
            ChannelRow(
                d.device.device_id.value,
                d.device.name,
                d.device.groups,
                per_channel,
                required_days(d.device.groups),
                None if retention is None else retention.kept,
                findings,
                missing,
            )
        )
    if quiet is not None:
        _add_quiet(quiet, rows, total, first, last)
    out = [r for r in sorted(rows.values(), key=lambda r: (r.month, r.group)) if r.channels]
    if online:
        for r in [*out, total]:
            r.online = _online(repos, r, first, last, zone, group)
    return RecordingReport(first, last, group, total, out, channel_rows)


CHANNELS_PER_PAGE = 50


@dataclass(frozen=True, slots=True)
class ChannelPage:
    """One page of the report's channels (ordered by id) and where it stands."""

    rows: list[ChannelRow]
    total: int
    page: int
    pages: int


def channel_page(
    repos: WebRepos,
    first: dt.date,
    last: dt.date,
    zone: dt.tzinfo,
    *,
    group: str | None = None,
    page: int = 1,
    per_page: int = CHANNELS_PER_PAGE,
) -> ChannelPage:
    """The channel rows of `recording_report` for one page of the cameras (of `group`): the
    cameras counted and paged in the store, only the page's read."""
    selection = DeviceSelection(group=group, kind=DeviceKind.CAMERA)
    total = repos.devices.count(selection)
    pages = max(1, -(-total // per_page))
    page = max(1, min(page, pages))
    keys = [d.key for d in repos.devices.page(selection, (page - 1) * per_page, per_page)]
    if not keys:
        return ChannelPage([], total, page, pages)
    found = recording_report(repos, first, last, zone, group=group, keys=keys)
    return ChannelPage(found.channels, total, page, pages)


def _add_quiet(
    quiet: QuietCameras,
    rows: dict[tuple[str, str], RateRow],
    total: RateRow,
    first: dt.date,
    last: dt.date,
) -> None:
    """What reading each quiet camera would add: it counts in every month of the period and
    in the total, each of its days expected and not scanned, its storage not judged."""
    days_in: dict[str, int] = defaultdict(int)
    for date in _dates(first, last):
        days_in[date.strftime("%Y-%m")] += 1
    total.channels += quiet.count
    total.unscanned += quiet.count * sum(days_in.values())
    for name, count in quiet.by_group.items():
        for month, days in days_in.items():
            row = rows.setdefault((name or "未分组", month), RateRow(name or "未分组", month))
            row.channels += count
            row.unscanned += count * days


def _retention(
    d: StoredDevice, latest: RecordingDay | None, days: dict[dt.date, RecordingDay], zone: dt.tzinfo
) -> Retention | None:
    """The channel's storage as its latest answered scan saw it; scanned in the period but
    never answered: nothing kept; never scanned: None (not judged)."""
    required = required_days(d.device.groups)
    if latest is None:
        return Retention(d.key, required, None, max(days)) if days else None
    oldest = None if latest.oldest is None else from_seconds(latest.oldest, zone).date()
    return Retention(d.key, required, oldest, latest.day)


def _dates(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _online(
    repos: WebRepos, row: RateRow, first: dt.date, last: dt.date, zone: dt.tzinfo, group: str | None
) -> Fraction | None:
    if row.group == "合计":
        a, b, g = first, last, group
    else:
        year, month = map(int, row.month.split("-"))
        a = max(first, dt.date(year, month, 1))
        b = min(
            last,
            (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1),
        )
        if row.group == "未分组":
            return None
        g = row.group
    try:
        return compute_availability(repos, AvailabilityQuery(a, b, group=g), zone).total.rate
    except UnknownGroup:
        return None


# --- the device page's bar per day ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a day's bar: where it starts and how wide (percent of the day), and what it
    is: recorded (有录像), missing (缺失), excluded (维护或未在役), unknown (未巡检或未应答)."""

    left: float
    width: float
    kind: str
    title: str


@dataclass(frozen=True, slots=True)
class DayBar:
    day: dt.date
    segments: tuple[Segment, ...]
    rate: Fraction | None
    findings: tuple[str, ...]
    scanned: bool


def day_bars(
    repos: WebRepos, device_id: str, first: dt.date, last: dt.date, zone: dt.tzinfo
) -> list[DayBar]:
    key = repos.devices.keys([device_id]).get(device_id)
    if key is None:
        raise UnknownDevice(f"设备{device_id}不在设备清单中")
    stored = repos.devices.by_keys([key])
    days = local_days(first, last, zone)
    window = Span(days[0].start, days[-1].end)
    cov = _coverages(repos, stored, window, zone)[key]
    rows = {r.day: r for r in repos.recordings.between(first, last, [key])}
    out = []
    for span, date in zip(days, _dates(first, last), strict=True):
        row = rows.get(date)
        expected = expected_in(cov, span)
        pieces: list[tuple[Span, str]] = []
        if row is None or not row.answered:
            pieces = [(span, "unknown")]
        else:
            recorded = [Span(a, b) for a, b in row.spans]
            pieces = [(s, "recorded") for s in recorded]
            pieces += [(s, "missing") for s in gaps(recorded, expected)]
            covered = sorted([*recorded, *gaps(recorded, expected)])
            cursor = span.start
            for s in covered:
                if s.start > cursor:
                    pieces.append((Span(cursor, s.start), "excluded"))
                cursor = max(cursor, s.end)
            if cursor < span.end:
                pieces.append((Span(cursor, span.end), "excluded"))
        segments = tuple(
            Segment(
                round((s.start - span.start) * 100 / span.length, 3),
                round(s.length * 100 / span.length, 3),
                kind,
                f"{from_seconds(s.start, zone):%H:%M}–{from_seconds(s.end - 1, zone):%H:%M}",
            )
            for s, kind in sorted(pieces, key=lambda p: p[0].start)
            if s.length
        )
        rate = None
        if row is not None:
            rate = completeness([Span(a, b) for a, b in row.spans], expected).rate
        findings = row.findings if row is not None else ()
        out.append(DayBar(date, segments, rate, findings, row is not None))
    return out


__all__ = [
    "QUALITY_MISSING",
    "ChannelPage",
    "ChannelRow",
    "ChannelScan",
    "DayBar",
    "Found",
    "RateRow",
    "RecordSource",
    "RecordingReport",
    "ScanSummary",
    "Segment",
    "Target",
    "channel_page",
    "day_bars",
    "record_scan",
    "recording_report",
    "run_scan",
    "scan_targets",
]
