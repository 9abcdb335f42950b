"""Online rate (在线率) from status changes, time-weighted and sampled, with exclusions.

Inside this module time is whole seconds since the Unix epoch (status evidence is recorded to
the second); aware datetimes convert at the edges with `to_seconds`. Every interval is
half-open [start, end). A device is expected online (应在线) during its service life minus
approved maintenance; before its first status change it counts as offline.

Two ways to get the same numbers:
- per device (`time_weighted`, `sampled`): the reference, over each device's changes;
- per segment (`time_plan`/`sample_plan`, then `segment_states`): the period is cut wherever
  the set of counted devices changes, and only sums over all changes in each segment are
  needed. A database computes those sums without sending the changes to Python
  (services.monitoring); `reference_segment_sums` is the same sums by the definition.
"""

from __future__ import annotations

import datetime as dt
import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from jixiao.domain.errors import DomainError

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
DAY_S = 86_400
# Open ends of a service life: far outside any reporting period, still exact integers.
NEVER_BEFORE = -(2**62)
NEVER_AFTER = 2**62

Change = tuple[int, bool]
"""(at, online): the moment a new status began, in epoch seconds."""


class AvailabilityError(DomainError):
    """A period, window or sample time that cannot be used."""


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open interval [start, end) of epoch seconds."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise AvailabilityError("时段的结束时间早于开始时间")

    @property
    def length(self) -> int:
        return self.end - self.start

    def clip(self, other: Span) -> Span | None:
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Span(start, end) if start < end else None


def to_seconds(moment: dt.datetime) -> int:
    """Epoch seconds of an aware datetime, rounded down to the second."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise AvailabilityError(f"时间“{moment.isoformat()}”没有时区")
    return (moment - EPOCH) // dt.timedelta(seconds=1)


def from_seconds(seconds: int, zone: dt.tzinfo) -> dt.datetime:
    return (EPOCH + dt.timedelta(seconds=seconds)).astimezone(zone)


def day_start(day: dt.date, zone: dt.tzinfo) -> int:
    return to_seconds(dt.datetime.combine(day, dt.time(), tzinfo=zone))


def local_days(first: dt.date, last: dt.date, zone: dt.tzinfo) -> list[Span]:
    """Whole days in `zone`, `first` and `last` included (Asia/Shanghai days are 86 400 s)."""
    if last < first:
        raise AvailabilityError(f"结束日期{last.isoformat()}早于开始日期{first.isoformat()}")
    count = (last - first).days + 1
    starts = [day_start(first + dt.timedelta(days=i), zone) for i in range(count + 1)]
    return [Span(a, b) for a, b in itertools.pairwise(starts)]


def sample_instants(
    first: dt.date, last: dt.date, times: Sequence[dt.time], zone: dt.tzinfo
) -> list[int]:
    """Inspection instants (抽检时刻): each day of the period at each of `times`."""
    if not times:
        raise AvailabilityError("至少需要一个抽检时刻，如 10:00")
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return sorted({to_seconds(dt.datetime.combine(d, t, tzinfo=zone)) for d in days for t in times})


def life_span(
    commissioned: dt.date | None, decommissioned: dt.date | None, zone: dt.tzinfo
) -> Span:
    """Service life: from the commissioning day's start to the decommissioning day's start."""
    start = NEVER_BEFORE if commissioned is None else day_start(commissioned, zone)
    end = NEVER_AFTER if decommissioned is None else day_start(decommissioned, zone)
    return Span(start, max(start, end))


def merge(spans: Iterable[Span]) -> list[Span]:
    """The union of `spans` as sorted, disjoint, non-touching spans."""
    out: list[Span] = []
    for span in sorted(s for s in spans if s.length):
        if out and span.start <= out[-1].end:
            if span.end > out[-1].end:
                out[-1] = Span(out[-1].start, span.end)
        else:
            out.append(span)
    return out


def subtract(base: Span, cuts: Iterable[Span]) -> list[Span]:
    out, cursor = [], base.start
    for cut in merge(c for s in cuts if (c := s.clip(base)) is not None):
        if cut.start > cursor:
            out.append(Span(cursor, cut.start))
        cursor = max(cursor, cut.end)
    if cursor < base.end:
        out.append(Span(cursor, base.end))
    return out


def total(spans: Iterable[Span]) -> int:
    return sum(s.length for s in spans)


def overlap(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """The intersection of two sorted, disjoint span lists."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if (common := a[i].clip(b[j])) is not None:
            out.append(common)
        if a[i].end <= b[j].end:
            i += 1
        else:
            j += 1
    return out


@dataclass(frozen=True, slots=True)
class Coverage:
    """The part of a window a device is expected online: its life minus maintenance."""

    key: int
    alive: Span | None
    counted: tuple[Span, ...]
    out_of_life_s: int
    maintenance_s: int

    @property
    def expected_s(self) -> int:
        return total(self.counted)


def coverage(key: int, window: Span, life: Span, maintenance: Iterable[Span]) -> Coverage:
    """Maintenance windows (approved downtime) and time outside the life are not expected."""
    alive = window.clip(life)
    if alive is None:
        return Coverage(key, None, (), window.length, 0)
    cuts = list(maintenance)
    counted = tuple(subtract(alive, cuts)) if cuts else (alive,)
    return Coverage(
        key, alive, counted, window.length - alive.length, alive.length - total(counted)
    )


def online_spans(changes: Sequence[Change], window: Span, *, initially_online: bool) -> list[Span]:
    """Maximal online spans within `window`; `changes` sorted by time.

    `initially_online` is the status before the first change given; changes before the window
    only set the status it opens with, and a repeated status changes nothing.
    """
    state, since, out = initially_online, window.start, []
    for at, online in changes:
        if at >= window.end:
            break
        if at <= window.start:
            state = online
            continue
        if online != state:
            if state:
                out.append(Span(since, at))
            state, since = online, at
    if state:
        out.append(Span(since, window.end))
    return out


def status_at(changes: Sequence[Change], moment: int, *, initially_online: bool) -> bool:
    """The status at `moment`: a change at exactly `moment` has already happened."""
    index = bisect_right(changes, (moment, True))
    return changes[index - 1][1] if index else initially_online


@dataclass(frozen=True, slots=True)
class History:
    """One device's evidence for a window: coverage, the status before it, changes within it."""

    coverage: Coverage
    initially_online: bool
    changes: tuple[Change, ...]


@dataclass(slots=True)
class Tally:
    """Time-weighted sums of one row: online seconds over expected seconds."""

    online_s: int = 0
    expected_s: int = 0

    def add(self, other: Tally) -> None:
        self.online_s += other.online_s
        self.expected_s += other.expected_s

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.online_s, self.expected_s) if self.expected_s else None


@dataclass(slots=True)
class Census:
    """One inspection: devices online among the devices counted at that instant."""

    online: int = 0
    counted: int = 0

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.online, self.counted) if self.counted else None


def mean_share(censuses: Iterable[Census]) -> Fraction | None:
    """Sampled online rate: the mean of the inspections' shares (inspections of nobody skipped)."""
    shares = [s for c in censuses if (s := c.share) is not None]
    return sum(shares, Fraction(0)) / len(shares) if shares else None


def time_weighted(histories: Iterable[History], buckets: Sequence[Span]) -> list[Tally]:
    """Reference time-weighted sums per bucket (contiguous spans, e.g. the days of a period)."""
    tallies = [Tally() for _ in buckets]
    starts = [b.start for b in buckets]
    window = Span(buckets[0].start, buckets[-1].end)
    for history in histories:
        counted = history.coverage.counted
        online = overlap(
            online_spans(history.changes, window, initially_online=history.initially_online),
            counted,
        )
        for spans, field in ((counted, "expected_s"), (online, "online_s")):
            for span in spans:
                i = bisect_right(starts, span.start) - 1
                while i < len(buckets) and buckets[i].start < span.end:
                    if (part := span.clip(buckets[i])) is not None:
                        tally = tallies[i]
                        setattr(tally, field, getattr(tally, field) + part.length)
                    i += 1
    return tallies


def sampled(histories: Iterable[History], instants: Sequence[int]) -> list[Census]:
    """Reference sampled counts: per instant, devices counted and devices online."""
    censuses = [Census() for _ in instants]
    for history in histories:
        counted = history.coverage.counted
        starts = [s.start for s in counted]
        for census, moment in zip(censuses, instants, strict=True):
            i = bisect_right(starts, moment) - 1
            if i < 0 or moment >= counted[i].end:
                continue
            census.counted += 1
            census.online += status_at(
                history.changes, moment, initially_online=history.initially_online
            )
    return censuses


@dataclass(frozen=True, slots=True)
class Plan:
    """Segments [bounds[j], bounds[j+1]) and the devices entering/leaving the counted set."""

    bounds: tuple[int, ...]
    joins: tuple[tuple[int, ...], ...]
    leaves: tuple[tuple[int, ...], ...]


def _plan(bounds: list[int], ranges: Mapping[int, list[tuple[int, int]]]) -> Plan:
    """`ranges`: per device, the segment index ranges [i, k) during which it is counted."""
    joins: list[list[int]] = [[] for _ in bounds[:-1]]
    leaves: list[list[int]] = [[] for _ in bounds[:-1]]
    for key, spans in ranges.items():
        merged: list[tuple[int, int]] = []
        for i, k in sorted(spans) if len(spans) > 1 else spans:
            if i >= k:
                continue
            if merged and i <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(k, merged[-1][1]))
            else:
                merged.append((i, k))
        for i, k in merged:
            joins[i].append(key)
            if k < len(leaves):
                leaves[k].append(key)
    return Plan(tuple(bounds), tuple(map(tuple, joins)), tuple(map(tuple, leaves)))


def time_plan(coverages: Iterable[Coverage], buckets: Sequence[Span]) -> Plan:
    """Segments for time-weighted sums: cut at bucket bounds and wherever coverage changes."""
    coverages = list(coverages)
    points = {b.start for b in buckets} | {buckets[-1].end}
    for c in coverages:
        for span in c.counted:
            points.update((span.start, span.end))
    bounds = sorted(points)
    index = {x: i for i, x in enumerate(bounds)}
    ranges = {c.key: [(index[s.start], index[s.end]) for s in c.counted] for c in coverages}
    return _plan(bounds, ranges)


def sample_plan(coverages: Iterable[Coverage], instants: Sequence[int]) -> Plan:
    """Segments for sampled counts: segment j starts just after instant j (so a change at the
    instant itself counts) and the counted set is the one at that instant."""
    bounds = [t + 1 for t in instants] + [instants[-1] + 1]
    ranges = {
        c.key: [(bisect_left(instants, s.start), bisect_left(instants, s.end)) for s in c.counted]
        for c in coverages
    }
    return _plan(bounds, ranges)


@dataclass(frozen=True, slots=True)
class SegmentSums:
    """What a store sums for one segment of a plan.

    joined_online / left_online: devices joining / leaving the counted set at the segment
    start that were online just before it. delta_count: Σ(online − previous) over the counted
    devices' changes within the segment; delta_weight: Σ(online − previous)·(segment end − at).
    """

    joined_online: int = 0
    left_online: int = 0
    delta_count: int = 0
    delta_weight: int = 0


@dataclass(frozen=True, slots=True)
class SegmentState:
    counted: int
    online_at_start: int
    online_s: int


def segment_states(plan: Plan, sums: Sequence[SegmentSums]) -> list[SegmentState]:
    """Per segment: devices counted, online at its start, and their online seconds in it.

    The online count is carried from segment to segment; online seconds are the count at the
    start times the length, plus each change's effect up to the segment end.
    """
    online = counted = 0
    states = []
    for j, s in enumerate(sums):
        online += s.joined_online - s.left_online
        counted += len(plan.joins[j]) - len(plan.leaves[j])
        length = plan.bounds[j + 1] - plan.bounds[j]
        states.append(SegmentState(counted, online, online * length + s.delta_weight))
        online += s.delta_count
    return states


def tallies_from_states(
    plan: Plan, states: Sequence[SegmentState], buckets: Sequence[Span]
) -> list[Tally]:
    tallies = [Tally() for _ in buckets]
    starts = [b.start for b in buckets]
    for j, state in enumerate(states):
        tally = tallies[bisect_right(starts, plan.bounds[j]) - 1]
        tally.online_s += state.online_s
        tally.expected_s += state.counted * (plan.bounds[j + 1] - plan.bounds[j])
    return tallies


def censuses_from_states(states: Sequence[SegmentState]) -> list[Census]:
    return [Census(s.online_at_start, s.counted) for s in states]


def reference_segment_sums(
    plan: Plan, changes: Mapping[int, Sequence[Change]]
) -> list[SegmentSums]:
    """SegmentSums by their definition, from each device's whole history (sorted changes)."""
    members: set[int] = set()
    out = []
    for j, (x, y) in enumerate(zip(plan.bounds, plan.bounds[1:], strict=False)):

        def online_before(keys: Iterable[int], moment: int = x) -> int:
            return sum(
                status_at(changes.get(k, ()), moment - 1, initially_online=False) for k in keys
            )

        joined, left = online_before(plan.joins[j]), online_before(plan.leaves[j])
        members.update(plan.joins[j])
        members.difference_update(plan.leaves[j])
        count = weight = 0
        for key in members:
            previous = False
            for at, online in changes.get(key, ()):
                if x <= at < y:
                    delta = int(online) - int(previous)
                    count, weight = count + delta, weight + delta * (y - at)
                previous = online
        out.append(SegmentSums(joined, left, count, weight))
    return out
