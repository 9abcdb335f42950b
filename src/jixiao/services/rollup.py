"""Time-weighted online rates read from the daily rollup (日汇总), and its upkeep commands.

`rollup_rates` answers what `monitoring.compute_availability` needs for the time-weighted
method (per day, per group or area, devices, excluded time) from the rollup's few rows per
cohort and day, instead of every status change; None when the rollup cannot answer (not
built, built in another zone, days outside it), and the direct computation is used instead.
"""

from __future__ import annotations

import datetime as dt
import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from jixiao.domain.availability import Span, Tally, coverage, life_span, merge
from jixiao.domain.rollup import FIRST_DAY, LAST_DAY, alive_devices, day_seconds
from jixiao.services.ports import Cohort, Repos, Store, StoredWindow


@dataclass(frozen=True, slots=True)
class RollupRates:
    """The time-weighted sums of a selection of devices over whole days."""

    days: list[Tally]
    devices: int
    members: int
    alive_s: int
    rows: dict[str, Tally] = field(default_factory=dict)
    row_devices: dict[str, int] = field(default_factory=dict)
    row_days: dict[str, list[Tally]] = field(default_factory=dict)  # each row's daily sums


def zone_key(zone: dt.tzinfo) -> str | None:
    return zone.key if isinstance(zone, ZoneInfo) else None


def rollup_rates(
    repos: Repos,
    zone: dt.tzinfo,
    days: Sequence[Span],
    group: str | None,
    by: str | None = None,
    *,
    area: str | None = None,
) -> RollupRates | None:
    """Daily sums of the devices (of `group`, of `area`), and per group or area (`by`) over
    the period."""
    key = zone_key(zone)
    if key is None or repos.rollup.zone() != key:
        return None
    window = Span(days[0].start, days[-1].end)
    first = dt.datetime.fromtimestamp(window.start, zone).date()
    last = dt.datetime.fromtimestamp(window.end - 1, zone).date()
    if first < FIRST_DAY or last >= LAST_DAY - dt.timedelta(days=1):
        return None
    cohorts = [
        c
        for c in repos.rollup.cohorts()
        if c.devices and (group is None or group in c.groups) and (area is None or c.area == area)
    ]
    excused = _excused(repos, cohorts, window, days, zone)
    rows: dict[str, list[Cohort]] = defaultdict(list)
    for c in cohorts:
        for name in _names(c, by):
            rows[name].append(c)

    def total(of: Sequence[Cohort]) -> tuple[list[Tally], int, int]:
        """The cohorts' marks added up in the store (a row per day: the seconds and devices
        are sums of the marks, so adding the cohorts first changes nothing)."""
        carry, by_day = repos.rollup.day_sums([c.id for c in of], window)
        excuses = sum(excused.get(c.id, 0) for c in of)
        seconds = day_seconds(carry, by_day, days)
        tallies = [Tally(s.online_s, s.expected_s) for s in seconds]
        return (
            tallies,
            alive_devices(carry, by_day, days) - excuses,
            sum(s.alive_s for s in seconds),
        )

    per_day, devices, alive_s = total(cohorts)
    out = RollupRates(per_day, devices, sum(c.devices for c in cohorts), alive_s)
    for name, members in sorted(rows.items()):
        tallies, count, _ = total(members)
        out.rows[name] = Tally(sum(x.online_s for x in tallies), sum(x.expected_s for x in tallies))
        out.row_devices[name] = count
        out.row_days[name] = tallies
    return out


def _names(cohort: Cohort, by: str | None) -> Sequence[str]:
    if by == "group":
        return cohort.groups
    if by == "area":
        return [cohort.area or "（未填区域）"]
    return []


def _excused(
    repos: Repos, cohorts: Sequence[Cohort], window: Span, days: Sequence[Span], zone: dt.tzinfo
) -> dict[int, int]:
    """Per cohort, devices alive in the period whose whole time in it is maintenance: they
    are alive, yet not among the devices counted. Only windows covering a whole day can."""
    found = repos.maintenance.overlapping(window)
    if not found:
        return {}
    starts = [d.start for d in days]

    def whole_day(spans: Iterable[Span]) -> bool:
        for span in merge(c for s in spans if (c := s.clip(window)) is not None):
            i = bisect_left(starts, span.start)
            if i < len(days) and days[i].end <= span.end:
                return True
        return False

    by_device: dict[int, list[Span]] = defaultdict(list)
    by_group: dict[str, list[Span]] = defaultdict(list)
    for w in found:
        _file(w, by_device, by_group)
    every_group = [s for spans in by_group.values() for s in spans]
    keys = [k for k, spans in by_device.items() if whole_day([*spans, *every_group])]
    groups_of = {c.id: c.groups for c in cohorts}
    whole = [c.id for c in cohorts if whole_day(s for g in c.groups for s in by_group.get(g, ()))]
    if not keys and not whole:
        return {}
    out: dict[int, int] = defaultdict(int)
    for life in repos.rollup.lives(keys=keys, cohorts=whole):
        if life.cohort not in groups_of:
            continue
        cuts = by_device.get(life.key, []) + [
            s for g in groups_of[life.cohort] for s in by_group.get(g, ())
        ]
        lived = life_span(life.commissioned, life.decommissioned, zone)
        cov = coverage(life.key, window, lived, cuts)
        if cov.alive is not None and not cov.counted:
            out[life.cohort] += 1
    return out


def _file(
    w: StoredWindow, by_device: dict[int, list[Span]], by_group: dict[str, list[Span]]
) -> None:
    if w.device_key is not None:
        by_device[w.device_key].append(w.span)
    elif w.group is not None:
        by_group[w.group].append(w.span)


@dataclass(frozen=True, slots=True)
class Rebuilt:
    zone: str
    cohorts: int
    rows: int
    seconds: float


def rebuild_rollup(store: Store, zone: ZoneInfo) -> Rebuilt:
    """Build the rollup from the stored evidence (after a bulk load, or a change of zone)."""
    started = time.perf_counter()
    with store.write() as repos:
        cohorts, rows = repos.rollup.rebuild(zone)
    return Rebuilt(zone.key, cohorts, rows, time.perf_counter() - started)


def ensure_rollup(store: Store, zone: ZoneInfo) -> Rebuilt | None:
    """Build the rollup if it never was (a new store, or one upgraded from before it)."""
    with store.read() as repos:
        if repos.rollup.zone() is not None:
            return None
    started = time.perf_counter()
    with store.write() as repos:
        if repos.rollup.zone() is not None:  # another process built it meanwhile
            return None
        cohorts, rows = repos.rollup.rebuild(zone)
    return Rebuilt(zone.key, cohorts, rows, time.perf_counter() - started)


def check_rollup(store: Store, zone: ZoneInfo) -> list[str]:
    """Where the stored rollup differs from one built now (empty: it is right)."""
    with store.write() as repos:  # the writers' lock: nothing changes while it compares
        return repos.rollup.differences(zone)
