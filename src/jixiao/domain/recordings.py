"""Recording completeness (录像完整率) and storage compliance (存储合规率), from recorded intervals.

A device reports the recordings of a channel as intervals (GB/T 28181 RecordInfo: StartTime,
EndTime per file). Devices are not careful: files overlap (a main and a sub stream, an alarm
recording inside a continuous one), and a clock set back yields a file that ends before it
starts. `clean` turns what was reported into sorted, disjoint spans and says what it had to
do as findings (Chinese sentences), never failing on it: an inverted interval is not counted,
overlapping ones are merged.

Time is whole epoch seconds, spans half-open, as in domain.availability, whose coverage
(service life minus maintenance) says which time is expected: 录像完整率 = recorded ÷ expected
seconds, with maintenance and out-of-service time excluded exactly as for the online rate. A
recording that spans midnight counts in each day for the part that falls in it.

Storage compliance: a channel keeps its recordings long enough when its oldest recording is
at least the required number of days old (30 by default, 90 for a channel in a 重点 group),
counting whole local days with the day scanned included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from jixiao.domain.availability import Coverage, Span, merge, overlap, total

DEFAULT_DAYS = 30
KEY_DAYS = 90
KEY_GROUP_WORD = "重点"


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Reported intervals as sorted, disjoint spans, and what had to be done to them."""

    spans: tuple[Span, ...]
    findings: tuple[str, ...] = ()


def clean(reported: Iterable[tuple[int, int]], *, label: str = "") -> Cleaned:
    """Inverted intervals (end before start) are left out, overlapping ones merged; each is a
    finding. Zero-length files add nothing and are no finding."""
    where = f"{label}：" if label else ""
    kept: list[Span] = []
    inverted: list[tuple[int, int]] = []
    for start, end in reported:
        if end < start:
            inverted.append((start, end))
        elif end > start:
            kept.append(Span(start, end))
    kept.sort()
    overlaps = 0
    reach = None
    for span in kept:
        if reach is not None and span.start < reach:
            overlaps += 1
        reach = span.end if reach is None else max(reach, span.end)
    findings = []
    if inverted:
        findings.append(f"{where}{len(inverted)}段录像的结束时间早于开始时间，未计入")
    if overlaps:
        findings.append(f"{where}{overlaps}段录像与其他录像重叠，已合并计算")
    return Cleaned(tuple(merge(kept)), tuple(findings))


def clip(spans: Sequence[Span], window: Span) -> list[Span]:
    """The parts of sorted, disjoint `spans` inside `window` (a day: a recording that spans
    midnight keeps only its part of that day)."""
    return [part for s in spans if (part := s.clip(window)) is not None]


def by_day(spans: Sequence[Span], days: Sequence[Span]) -> list[list[Span]]:
    """Sorted, disjoint spans cut at day bounds: one list per day."""
    return [clip(spans, day) for day in days]


@dataclass(slots=True)
class Completeness:
    """Recorded seconds over expected seconds of one row (a channel, a day, a group)."""

    recorded_s: int = 0
    expected_s: int = 0

    def add(self, other: Completeness) -> None:
        self.recorded_s += other.recorded_s
        self.expected_s += other.expected_s

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.recorded_s, self.expected_s) if self.expected_s else None


def expected_in(coverage: Coverage, window: Span) -> list[Span]:
    """The time of `window` (a day) the channel is expected to record: its coverage (service
    life minus maintenance, as for the online rate) within the window."""
    return clip(coverage.counted, window)


def completeness(recorded: Sequence[Span], expected: Sequence[Span]) -> Completeness:
    """What was recorded of the expected time; recording during maintenance or outside the
    service life counts for nothing."""
    return Completeness(total(overlap(list(recorded), list(expected))), total(expected))


def gaps(recorded: Sequence[Span], expected: Sequence[Span]) -> list[Span]:
    """Expected time with no recording: where the channel's recordings are missing."""
    out: list[Span] = []
    for window in expected:
        cursor = window.start
        for span in recorded:
            if span.end <= cursor or span.start >= window.end:
                continue
            if span.start > cursor:
                out.append(Span(cursor, span.start))
            cursor = max(cursor, span.end)
        if cursor < window.end:
            out.append(Span(cursor, window.end))
    return out


def required_days(
    groups: Iterable[str], *, default: int = DEFAULT_DAYS, key: int = KEY_DAYS
) -> int:
    """Days of recordings a channel must keep: `key` (90) when one of its groups is a 重点
    group (its name contains 重点), `default` (30) otherwise."""
    return key if any(KEY_GROUP_WORD in g for g in groups) else default


def kept_days(oldest: dt.date | None, as_of: dt.date) -> int:
    """Whole days of recordings kept on `as_of`, both ends included (0 when none is known)."""
    if oldest is None or oldest > as_of:
        return 0
    return (as_of - oldest).days + 1


@dataclass(frozen=True, slots=True)
class Retention:
    """One channel's storage on a day: the oldest recording found and the days required."""

    key: int
    required: int
    oldest: dt.date | None
    as_of: dt.date

    @property
    def kept(self) -> int:
        return kept_days(self.oldest, self.as_of)

    @property
    def compliant(self) -> bool:
        return self.kept >= self.required


@dataclass(frozen=True, slots=True)
class StorageShare:
    compliant: int
    counted: int

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.compliant, self.counted) if self.counted else None


def storage_share(retentions: Iterable[Retention]) -> StorageShare:
    """The share of channels whose oldest recording is at least the required days old."""
    found = list(retentions)
    return StorageShare(sum(r.compliant for r in found), len(found))
