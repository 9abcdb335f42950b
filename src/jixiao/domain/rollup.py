"""The daily rollup (日汇总) of the time-weighted online rate: jumps, summed per local day.

A device is described over all time by three step functions of the moment: alive (in its
service life), expected (alive and not in maintenance) and online-and-expected (its status
while expected; offline before its first change). `marks` lists their jumps. Summed per
cohort (devices sharing groups and area) and local day, with each jump also weighted by the
seconds from it to the day's end, they give any day's seconds from counts carried from the
days before: count at the day's start × the day's length + Σ jump × (day end − moment).

So a day without any jump needs no row, the last status carries on without end, days of any
length work, and a change inserted anywhere alters only the jumps near it: a write adds the
difference between the device's jumps after and before it (see adapters/db/rollup.py).
Whole days of the direct computation (domain.availability) are the reference it must equal.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, fields

from jixiao.domain.availability import (
    NEVER_AFTER,
    NEVER_BEFORE,
    Change,
    Span,
    day_start,
    from_seconds,
)

ALWAYS = Span(NEVER_BEFORE, NEVER_AFTER)
# Days the rollup answers for; jumps before FIRST_DAY are only counted (into the day before
# it), jumps from LAST_DAY on are dropped.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(9999, 12, 31)

Mark = tuple[int, int, int, int]
"""(at, online, expected, alive): the jumps (−1, 0, +1) of the three counts at moment `at`."""


@dataclass(slots=True)
class DayMarks:
    """Jumps of one cohort on one day: each count's Σ jump, and Σ jump × (day end − moment).

    `started` counts the devices whose service life begins that day.
    """

    online: int = 0
    online_w: int = 0
    expected: int = 0
    expected_w: int = 0
    alive: int = 0
    alive_w: int = 0
    started: int = 0

    def add(self, other: DayMarks, sign: int = 1) -> None:
        self.online += sign * other.online
        self.online_w += sign * other.online_w
        self.expected += sign * other.expected
        self.expected_w += sign * other.expected_w
        self.alive += sign * other.alive
        self.alive_w += sign * other.alive_w
        self.started += sign * other.started

    def as_tuple(self) -> tuple[int, ...]:
        return (
            self.online,
            self.online_w,
            self.expected,
            self.expected_w,
            self.alive,
            self.alive_w,
            self.started,
        )

    def __bool__(self) -> bool:
        return any(self.as_tuple())


MARK_FIELDS = tuple(f.name for f in fields(DayMarks))


def _inside(spans: Sequence[Span], starts: Sequence[int], moment: int) -> bool:
    i = bisect_right(starts, moment) - 1
    return i >= 0 and moment < spans[i].end


def marks(
    changes: Sequence[Change],
    before: bool,
    counted: Sequence[Span],
    life: Span,
    lo: int = NEVER_BEFORE,
    hi: int = NEVER_AFTER,
) -> list[Mark]:
    """One device's jumps at moments lo ≤ t ≤ hi, in time order.

    `before` is its status just before `lo` (offline before any change), `changes` its sorted
    changes (those outside [lo, hi] are ignored), `counted` its expected spans over all time
    (sorted, disjoint: domain.availability.coverage over ALWAYS) and `life` its service life.
    Before NEVER_BEFORE nothing is alive: a life from NEVER_BEFORE jumps there.
    """
    lo_i = bisect_left(changes, (lo, False))
    hi_i = bisect_right(changes, (hi, True))
    within = changes[lo_i:hi_i]
    points = {at for at, _ in within}
    for span in (*counted, life):
        for edge in (span.start, span.end):
            if lo <= edge <= hi and span.length:
                points.add(edge)
    starts = [s.start for s in counted]
    out: list[Mark] = []
    status, i = before, 0
    for at in sorted(points):
        previous = status
        while i < len(within) and within[i][0] <= at:
            status = within[i][1]
            i += 1
        was, now = _inside(counted, starts, at - 1), _inside(counted, starts, at)
        lived = life.start <= at - 1 < life.end
        lives = life.start <= at < life.end
        mark = (
            at,
            int(status and now) - int(previous and was),
            int(now) - int(was),
            int(lives) - int(lived),
        )
        if mark[1] or mark[2] or mark[3]:
            out.append(mark)
    return out


def gap_range(counted: Sequence[Span]) -> tuple[int, int] | None:
    """Where a device's jumps can differ from its changes' alone: from its first gap in
    expected time to its last (None: expected at all times; life is within `counted`)."""
    if not counted:
        return NEVER_BEFORE, NEVER_AFTER
    lo = NEVER_BEFORE if counted[0].start > NEVER_BEFORE else counted[0].end
    hi = NEVER_AFTER if counted[-1].end < NEVER_AFTER else counted[-1].start
    return (lo, hi) if lo <= hi else None


class Days:
    """The local days of `zone` around the moments asked about, found by bisection."""

    def __init__(self, zone: dt.tzinfo) -> None:
        self.zone = zone
        self.first_start = day_start(FIRST_DAY, zone)
        self.last_start = day_start(LAST_DAY, zone)
        self.before_first = day_start(FIRST_DAY - dt.timedelta(days=1), zone)
        self._first: dt.date | None = None
        self._starts: list[int] = []

    def _extend(self, moment: int) -> None:
        day = from_seconds(moment, self.zone).date()
        first = dt.date(day.year, 1, 1)
        last = min(dt.date(day.year, 12, 31), LAST_DAY - dt.timedelta(days=1))
        if self._first is not None:
            first = min(first, self._first)
            last = max(last, self._first + dt.timedelta(days=len(self._starts) - 2))
        count = (last - first).days + 2
        self._first = first
        self._starts = [day_start(first + dt.timedelta(days=n), self.zone) for n in range(count)]

    def of(self, moment: int) -> Span | None:
        """The day containing `moment`; before FIRST_DAY one catch-all day, from LAST_DAY none."""
        if moment < self.first_start:
            return Span(self.before_first, self.before_first)
        if moment >= self.last_start:
            return None
        if not self._starts or not self._starts[0] <= moment < self._starts[-1]:
            self._extend(moment)
        i = bisect_right(self._starts, moment) - 1
        return Span(self._starts[i], self._starts[i + 1])


def add_marks(
    into: MutableMapping[tuple[int, int], DayMarks],
    cohort: int,
    found: Iterable[Mark],
    days: Days,
    sign: int = 1,
) -> None:
    """Add (sign=−1: subtract) a device's jumps to its cohort's days, keyed (cohort, day start).

    Jumps before FIRST_DAY are counted into the day before it, without weights.
    """
    for at, online, expected, alive in found:
        day = days.of(at)
        if day is None:
            continue
        left = day.end - at if day.length else 0
        sums = into.get((cohort, day.start))
        if sums is None:
            sums = into[(cohort, day.start)] = DayMarks()
        sums.online += sign * online
        sums.online_w += sign * online * left
        sums.expected += sign * expected
        sums.expected_w += sign * expected * left
        sums.alive += sign * alive
        sums.alive_w += sign * alive * left
        sums.started += sign * (alive > 0)


@dataclass(frozen=True, slots=True)
class DaySeconds:
    online_s: int
    expected_s: int
    alive_s: int


def day_seconds(
    carried: DayMarks, by_day: Mapping[int, DayMarks], days: Sequence[Span]
) -> list[DaySeconds]:
    """Each day's seconds, from the sums of all earlier days (`carried`) and each day's own
    (keyed by its start; contiguous `days`)."""
    online, expected, alive = carried.online, carried.expected, carried.alive
    out = []
    for day in days:
        length, row = day.length, by_day.get(day.start)
        if row is None:
            out.append(DaySeconds(online * length, expected * length, alive * length))
            continue
        out.append(
            DaySeconds(
                online * length + row.online_w,
                expected * length + row.expected_w,
                alive * length + row.alive_w,
            )
        )
        online, expected, alive = online + row.online, expected + row.expected, alive + row.alive
    return out


def alive_devices(carried: DayMarks, by_day: Mapping[int, DayMarks], days: Sequence[Span]) -> int:
    """Devices alive some time in `days`: alive at their start, or starting their life later.

    Lives begin and end at day starts (commissioning dates), so the first day's alive jumps
    all happen at its start.
    """
    first = by_day.get(days[0].start)
    alive = carried.alive + (first.alive if first else 0)
    return alive + sum(row.started for d in days[1:] if (row := by_day.get(d.start)))
