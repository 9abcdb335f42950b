"""Hand-computed online rates for small scenarios (Asia/Shanghai days, half-open intervals)."""

from __future__ import annotations

import datetime as dt
import itertools
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from jixiao.domain.availability import (
    DAY_S,
    AvailabilityError,
    Census,
    History,
    Span,
    Tally,
    censuses_from_states,
    coverage,
    life_span,
    local_days,
    mean_share,
    online_spans,
    reference_segment_sums,
    sample_instants,
    sample_plan,
    sampled,
    segment_states,
    status_at,
    tallies_from_states,
    time_plan,
    time_weighted,
    to_seconds,
)

ZONE = ZoneInfo("Asia/Shanghai")
H = 3600


def at(day: int, hour: float = 0, month: int = 3) -> int:
    """Epoch seconds of 2021-<month>-<day> <hour> in Asia/Shanghai."""
    base = dt.datetime(2021, month, day, tzinfo=ZONE)
    return to_seconds(base) + int(hour * H)


def days(first: int, last: int) -> list[Span]:
    return local_days(dt.date(2021, 3, first), dt.date(2021, 3, last), ZONE)


def history(
    changes: list[tuple[int, bool]],
    buckets: list[Span],
    *,
    life: Span | None = None,
    maintenance: tuple[Span, ...] = (),
    initially_online: bool = False,
    key: int = 1,
) -> History:
    window = Span(buckets[0].start, buckets[-1].end)
    cov = coverage(key, window, life or Span(-(2**62), 2**62), maintenance)
    return History(cov, initially_online, tuple(changes))


def total(tallies: list[Tally]) -> Tally:
    out = Tally()
    for t in tallies:
        out.add(t)
    return out


def test_shanghai_days_are_whole_86400_second_days_starting_at_1600_utc() -> None:
    year = local_days(dt.date(2021, 1, 1), dt.date(2021, 12, 31), ZONE)
    assert len(year) == 365
    assert {d.length for d in year} == {DAY_S}
    assert year[0].start == to_seconds(dt.datetime(2020, 12, 31, 16, tzinfo=dt.UTC))
    assert all(a.end == b.start for a, b in itertools.pairwise(year))


def test_a_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(AvailabilityError, match="早于"):
        local_days(dt.date(2021, 3, 2), dt.date(2021, 3, 1), ZONE)


def test_transitions_exactly_at_the_period_bounds_count_inside_and_outside() -> None:
    day = days(1, 1)
    # on at the first instant of the day, off at the first instant of the next day
    whole = history([(at(1), True), (at(2), False)], day)
    assert time_weighted([whole], day)[0] == Tally(DAY_S, DAY_S)
    # online before the period, off exactly at its start: offline all day
    dropped = history([(at(1), False)], day, initially_online=True)
    assert time_weighted([dropped], day)[0] == Tally(0, DAY_S)


def test_a_device_with_no_status_counts_as_offline() -> None:
    day = days(1, 2)
    assert total(time_weighted([history([], day)], day)) == Tally(0, 2 * DAY_S)
    censuses = sampled(
        [history([], day)],
        sample_instants(dt.date(2021, 3, 1), dt.date(2021, 3, 2), [dt.time(10)], ZONE),
    )
    assert censuses == [Census(0, 1), Census(0, 1)]


def test_maintenance_overlapping_an_outage_is_excluded_from_both_sides() -> None:
    # on 00:00, off 08:00, on 12:00; approved maintenance 10:00–14:00
    day = days(1, 1)
    h = history(
        [(at(1), True), (at(1, 8), False), (at(1, 12), True)],
        day,
        maintenance=(Span(at(1, 10), at(1, 14)),),
    )
    tally = time_weighted([h], day)[0]
    assert tally == Tally(18 * H, 20 * H)
    assert tally.rate == Fraction(9, 10)
    assert h.coverage.maintenance_s == 4 * H


def test_a_device_commissioned_mid_period_counts_from_its_commissioning_day() -> None:
    period = days(1, 4)
    life = life_span(dt.date(2021, 3, 3), None, ZONE)
    h = history([(at(3, 6), True)], period, life=life)
    tallies = time_weighted([h], period)
    assert [t.expected_s for t in tallies] == [0, 0, DAY_S, DAY_S]
    assert total(tallies) == Tally(42 * H, 48 * H)
    assert total(tallies).rate == Fraction(7, 8)
    assert h.coverage.out_of_life_s == 2 * DAY_S


def test_a_device_is_not_counted_from_its_decommissioning_day() -> None:
    period = days(1, 4)
    life = life_span(None, dt.date(2021, 3, 3), ZONE)
    h = history([(at(1), True)], period, life=life)
    assert [t.expected_s for t in time_weighted([h], period)] == [DAY_S, DAY_S, 0, 0]
    assert total(time_weighted([h], period)).rate == 1


def test_two_devices_pool_their_seconds() -> None:
    day = days(1, 1)
    steady = history([(at(1), True)], day, key=1)
    flapping = history([(at(1, 6), True), (at(1, 18), False)], day, key=2)
    tally = time_weighted([steady, flapping], day)[0]
    assert tally == Tally(36 * H, 48 * H)
    assert tally.rate == Fraction(3, 4)


def test_sampled_rate_is_the_mean_of_the_inspections_shares() -> None:
    # 10:00 daily over two days; a device commissioned on day 2 is counted only then
    period = days(1, 2)
    instants = sample_instants(dt.date(2021, 3, 1), dt.date(2021, 3, 2), [dt.time(10)], ZONE)
    old = history([(at(1), True), (at(2), False)], period, key=1)
    new = history(
        [(at(2, 9), True)], period, key=2, life=life_span(dt.date(2021, 3, 2), None, ZONE)
    )
    censuses = sampled([old, new], instants)
    assert censuses == [Census(1, 1), Census(1, 2)]
    assert mean_share(censuses) == Fraction(3, 4)


def test_a_change_at_the_inspection_instant_has_already_happened() -> None:
    moment = at(1, 10)
    assert status_at([(moment, True)], moment, initially_online=False) is True
    assert status_at([(moment + 1, True)], moment, initially_online=False) is False


def test_inspections_in_maintenance_do_not_count_the_device() -> None:
    period = days(1, 1)
    instants = [at(1, 10)]
    h = history([(at(1), True)], period, maintenance=(Span(at(1, 9), at(1, 11)),))
    assert sampled([h], instants) == [Census(0, 0)]
    assert mean_share(sampled([h], instants)) is None


def test_online_spans_ignore_repeated_statuses() -> None:
    window = Span(0, 100)
    assert online_spans(
        [(10, True), (20, True), (30, False), (40, False)], window, initially_online=False
    ) == [Span(10, 30)]


def test_segment_plan_gives_the_same_sums_as_the_reference() -> None:
    period = days(1, 3)
    histories = [
        history(
            [(at(1, 8), True), (at(2, 8), False)],
            period,
            key=1,
            maintenance=(Span(at(1, 20), at(2, 2)),),
        ),
        history([(at(1), True)], period, key=2, life=life_span(dt.date(2021, 3, 2), None, ZONE)),
        history([], period, key=3),
    ]
    changes = {h.coverage.key: list(h.changes) for h in histories}
    plan = time_plan([h.coverage for h in histories], period)
    states = segment_states(plan, reference_segment_sums(plan, changes))
    assert tallies_from_states(plan, states, period) == time_weighted(histories, period)
    instants = sample_instants(
        dt.date(2021, 3, 1), dt.date(2021, 3, 3), [dt.time(1), dt.time(10)], ZONE
    )
    plan = sample_plan([h.coverage for h in histories], instants)
    states = segment_states(plan, reference_segment_sums(plan, changes))
    assert censuses_from_states(states) == sampled(histories, instants)
