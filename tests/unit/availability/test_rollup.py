"""The daily rollup's arithmetic (domain.rollup) against the per-device reference.

Random devices (changes, service life, maintenance) over three days: their jumps summed per
day give each day's online, expected and alive seconds exactly; the difference of jumps
over the moments a write can affect turns the sums before it into the sums after it; and a
device's jumps are its changes' jumps plus corrections where it is not expected.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from jixiao.domain.availability import (
    NEVER_AFTER,
    NEVER_BEFORE,
    Change,
    History,
    Span,
    coverage,
    local_days,
    time_weighted,
    total,
)
from jixiao.domain.rollup import (
    ALWAYS,
    DayMarks,
    Days,
    Mark,
    add_marks,
    alive_devices,
    day_seconds,
    gap_range,
    marks,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")  # 2021-03-28 is 23 hours long
DAY = 86_400
Device = tuple[list[Change], Span, list[Span]]
"""A device's sorted changes, service life and maintenance windows."""
Sums = dict[tuple[int, int], DayMarks]


def _period(zone: ZoneInfo) -> list[Span]:
    return local_days(dt.date(2021, 3, 27), dt.date(2021, 3, 29), zone)


@st.composite
def device_st(draw: st.DrawFn, zone: ZoneInfo) -> Device:
    days = _period(zone)
    lo, hi = days[0].start - DAY, days[-1].end + DAY
    moments = st.one_of(
        st.integers(lo, hi), st.sampled_from([d.start for d in days] + [days[-1].end])
    )
    changes = sorted(draw(st.dictionaries(moments, st.booleans(), max_size=10)).items())
    ends = st.tuples(moments, moments).map(sorted)
    # a service life runs from a day's start to a day's start (commissioning dates)
    starts = st.sampled_from([days[0].start - DAY] + [d.start for d in days] + [days[-1].end])
    life = draw(
        st.one_of(
            st.just(ALWAYS),
            st.tuples(starts, starts).map(lambda ab: Span(min(ab), max(ab))),
            starts.map(lambda a: Span(a, NEVER_AFTER)),
            starts.map(lambda b: Span(NEVER_BEFORE, b)),
        )
    )
    windows = draw(st.lists(ends.map(lambda ab: Span(ab[0], ab[1])), max_size=3))
    return changes, life, windows


def _sums(found: list[Mark], days: Days, sign: int = 1, into: Sums | None = None) -> Sums:
    out: Sums = {} if into is None else into
    add_marks(out, 0, found, days, sign)
    return out


def _nonzero(sums: Sums) -> dict[tuple[int, int], tuple[int, ...]]:
    return {k: v.as_tuple() for k, v in sums.items() if v}


def _full(device: Device) -> list[Mark]:
    changes, life, windows = device
    return marks(changes, False, coverage(0, ALWAYS, life, windows).counted, life)


@given(
    st.sampled_from([SHANGHAI, BERLIN]).flatmap(
        lambda z: st.tuples(st.just(z), st.lists(device_st(z), min_size=1, max_size=4))
    )
)
def test_day_sums_equal_the_per_device_reference(case: tuple[ZoneInfo, list[Device]]) -> None:
    zone, devices = case
    period, days = _period(zone), Days(zone)
    window = Span(period[0].start, period[-1].end)
    sums: dict[tuple[int, int], DayMarks] = {}
    histories = []
    for key, device in enumerate(devices):
        changes, life, windows = device
        _sums(_full(device), days, into=sums)
        before = [on for at, on in changes if at <= window.start]
        within = tuple(c for c in changes if window.start < c[0] < window.end)
        cov = coverage(key, window, life, windows)
        histories.append(History(cov, before[-1] if before else False, within))
    carried, by_day = DayMarks(), {}
    for (_, start), row in sums.items():
        if start < window.start:
            carried.add(row)
        elif start < window.end:
            by_day[start] = row
    seconds = day_seconds(carried, by_day, period)
    reference = time_weighted(histories, period)
    assert [(s.online_s, s.expected_s) for s in seconds] == [
        (r.online_s, r.expected_s) for r in reference
    ]
    alive = [
        sum(total([c]) for h in histories if (c := h.coverage.alive) and (c := c.clip(d)))
        for d in period
    ]
    assert [s.alive_s for s in seconds] == alive
    assert alive_devices(carried, by_day, period) == sum(1 for h in histories if h.coverage.alive)


@given(
    device_st(SHANGHAI),
    st.lists(st.tuples(st.integers(-3 * DAY, 3 * DAY), st.booleans()), min_size=1, max_size=5),
)
def test_an_import_adds_the_difference_of_the_jumps_after_its_first_change(
    device: Device, extra: list[tuple[int, bool]]
) -> None:
    changes, life, windows = device
    base = _period(SHANGHAI)[1].start
    known = dict(changes)
    added = {base + at: known.get(base + at, on) for at, on in extra}
    after = sorted({**known, **added}.items())
    lo = min(added)
    before = [on for at, on in changes if at < lo]
    status = before[-1] if before else False
    counted = coverage(0, ALWAYS, life, windows).counted
    days = Days(SHANGHAI)
    sums = _sums(_full(device), days)
    _sums(marks(changes, status, counted, life, lo), days, -1, sums)
    _sums(marks(after, status, counted, life, lo), days, 1, sums)
    assert _nonzero(sums) == _nonzero(_sums(_full((after, life, windows)), days))


@given(device_st(SHANGHAI), st.integers(-2 * DAY, 2 * DAY), st.integers(1, 2 * DAY))
def test_a_window_added_later_changes_the_jumps_within_it_only(
    device: Device, start: int, length: int
) -> None:
    changes, life, windows = device
    new = Span(_period(SHANGHAI)[1].start + start, _period(SHANGHAI)[1].start + start + length)
    before = [on for at, on in changes if at < new.start]
    status = before[-1] if before else False
    old_counted = coverage(0, ALWAYS, life, windows).counted
    new_counted = coverage(0, ALWAYS, life, [*windows, new]).counted
    days = Days(SHANGHAI)
    sums = _sums(_full(device), days)
    _sums(marks(changes, status, old_counted, life, new.start, new.end), days, -1, sums)
    _sums(marks(changes, status, new_counted, life, new.start, new.end), days, 1, sums)
    assert _nonzero(sums) == _nonzero(_sums(_full((changes, life, [*windows, new])), days))


@given(device_st(SHANGHAI))
def test_jumps_are_the_changes_plus_corrections_where_not_expected(
    device: Device,
) -> None:
    """What a full build sums: Σ(online − previous) of every change (in SQL), one expected
    and alive device from the start, and the corrections within the gap range."""
    changes, life, windows = device
    days = Days(SHANGHAI)
    sums = _sums([(NEVER_BEFORE, 0, 1, 1)], days)
    previous = False
    plain = []
    for at, online in changes:
        if online != previous:
            plain.append((at, int(online) - int(previous), 0, 0))
        previous = online
    _sums(plain, days, into=sums)
    counted = coverage(0, ALWAYS, life, windows).counted
    if (where := gap_range(counted)) is not None:
        lo, hi = where
        before = [on for at, on in changes if at < lo]
        status = before[-1] if before else False
        _sums(marks(changes, status, counted, life, lo, hi), days, into=sums)
        _sums(marks(changes, status, (ALWAYS,), ALWAYS, lo, hi), days, -1, sums)
    assert _nonzero(sums) == _nonzero(_sums(_full(device), days))


def test_days_reach_from_1900_and_stop_before_9999_12_31() -> None:
    days = Days(SHANGHAI)
    assert days.of(NEVER_BEFORE) == Span(days.before_first, days.before_first)
    assert days.of(NEVER_AFTER - 1) is None
    first = days.of(days.first_start)
    assert first is not None and first.length == DAY
    march = days.of(_period(SHANGHAI)[0].start + 5)
    assert march == _period(SHANGHAI)[0]
