"""Properties of the scoring rules and the equal split, checked with Hypothesis."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from jixiao.domain.errors import TargetError
from jixiao.domain.indicators import split_equally
from jixiao.domain.periods import looks_like_date
from jixiao.domain.presentation import number
from jixiao.domain.scoring import ReverseRule, ScoringSettings, round_score, score_share
from jixiao.domain.targets import EvidenceRef, Measured, parse_actual, parse_target

ZERO = Decimal(0)


def readable(value: Decimal) -> bool:
    """False for bare four-digit decimals such as 2021.11, which are read as dates (ambiguous
    without a unit); the scoring properties skip them."""
    return not looks_like_date(number(value))


points_st = st.decimals(min_value="0.01", max_value="100", places=2)
targets_st = st.decimals(min_value="0.01", max_value="100000", places=2).filter(readable)
actuals_st = st.decimals(min_value="0", max_value="1000000", places=2).filter(readable)
reverse_st = st.sampled_from(list(ReverseRule))
dates_st = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2032, 12, 31))
years_st = st.integers(min_value=2016, max_value=2031)
# 1 … 100 in steps of 0.5
weights_st = st.integers(min_value=2, max_value=200).map(lambda halves: Decimal(halves) / 2)
counts_st = st.integers(min_value=1, max_value=50)


def score(
    comparator: str,
    target: Decimal,
    actual: Decimal,
    points: Decimal,
    reverse: ReverseRule = ReverseRule.RATIO,
) -> Decimal:
    parsed = parse_target(f"{comparator}{number(target)}个")
    measured = parse_actual(f"{number(actual)}个", parsed)
    assert not isinstance(measured, EvidenceRef)
    settings = ScoringSettings(weights={}, reverse=reverse)
    return round_score(points, score_share(parsed, measured, points, settings, 2021).share)


def deadline_score(deadline: dt.date, done: dt.date, points: Decimal, year: int) -> Decimal:
    parsed = parse_target(deadline)
    measured = parse_actual(done, parsed)
    assert not isinstance(measured, EvidenceRef)
    settings = ScoringSettings(weights={})
    return round_score(points, score_share(parsed, measured, points, settings, year).share)


# --- bounds ---------------------------------------------------------------------------------


@given(points=points_st, target=targets_st, actual=actuals_st)
def test_an_at_least_score_is_between_zero_and_the_points(
    points: Decimal, target: Decimal, actual: Decimal
) -> None:
    assert ZERO <= score("≥", target, actual, points) <= points


@given(points=points_st, target=targets_st, actual=actuals_st, reverse=reverse_st)
def test_an_at_most_score_is_between_zero_and_the_points_under_either_rule(
    points: Decimal, target: Decimal, actual: Decimal, reverse: ReverseRule
) -> None:
    assert ZERO <= score("≤", target, actual, points, reverse) <= points


@given(points=points_st, target=targets_st, actual=actuals_st)
def test_an_equal_score_is_between_zero_and_the_points(
    points: Decimal, target: Decimal, actual: Decimal
) -> None:
    assert ZERO <= score("=", target, actual, points) <= points


@given(points=points_st, actual=actuals_st)
def test_an_equal_zero_score_is_either_full_or_nothing(points: Decimal, actual: Decimal) -> None:
    assert score("=", ZERO, actual, points) == (points if actual == 0 else ZERO)


@given(points=points_st, deadline=dates_st, done=dates_st, year=years_st)
def test_a_deadline_score_is_between_zero_and_the_points(
    points: Decimal, deadline: dt.date, done: dt.date, year: int
) -> None:
    assert ZERO <= deadline_score(deadline, done, points, year) <= points


@given(points=points_st, target=targets_st, actual=actuals_st)
def test_meeting_an_at_least_target_always_earns_full_points(
    points: Decimal, target: Decimal, actual: Decimal
) -> None:
    met = target + actual
    assume(readable(met))
    assert score("≥", target, met, points) == points


@given(points=points_st, target=targets_st, actual=actuals_st, reverse=reverse_st)
def test_meeting_an_at_most_target_always_earns_full_points(
    points: Decimal, target: Decimal, actual: Decimal, reverse: ReverseRule
) -> None:
    assert score("≤", target, min(target, actual), points, reverse) == points


# --- monotonicity ---------------------------------------------------------------------------


@given(points=points_st, target=targets_st, first=actuals_st, second=actuals_st)
def test_an_at_least_score_never_falls_as_the_actual_rises(
    points: Decimal, target: Decimal, first: Decimal, second: Decimal
) -> None:
    low, high = sorted((first, second))
    assert score("≥", target, low, points) <= score("≥", target, high, points)


@given(points=points_st, target=targets_st, first=actuals_st, second=actuals_st, reverse=reverse_st)
def test_an_at_most_score_never_rises_as_the_actual_rises_under_either_rule(
    points: Decimal, target: Decimal, first: Decimal, second: Decimal, reverse: ReverseRule
) -> None:
    low, high = sorted((first, second))
    assert score("≤", target, low, points, reverse) >= score("≤", target, high, points, reverse)


@given(points=points_st, deadline=dates_st, first=dates_st, second=dates_st, year=years_st)
def test_a_deadline_score_never_rises_as_completion_gets_later(
    points: Decimal, deadline: dt.date, first: dt.date, second: dt.date, year: int
) -> None:
    early, late = sorted((first, second))
    assert deadline_score(deadline, early, points, year) >= deadline_score(
        deadline, late, points, year
    )


# --- equal split ----------------------------------------------------------------------------


@given(weight=weights_st, count=counts_st)
def test_an_equal_split_always_sums_exactly_to_the_weight(weight: Decimal, count: int) -> None:
    shares = split_equally(weight, count)
    assert len(shares) == count
    assert sum(shares, ZERO) == weight


@given(weight=weights_st, count=counts_st)
@example(weight=Decimal(1), count=40)
def test_an_equal_split_never_gives_a_negative_share(weight: Decimal, count: int) -> None:
    assert min(split_equally(weight, count)) >= ZERO


# --- reading numbers ------------------------------------------------------------------------


@given(value=st.decimals(min_value="0.01", max_value="100000", places=2))
@example(value=Decimal("1000.5"))
def test_any_positive_number_is_read_as_a_number_target_and_actual(value: Decimal) -> None:
    text = f"{number(value)}个"
    try:
        target = parse_target(f"≥{text}")
        actual = parse_actual(text, target)
    except TargetError:
        pytest.fail(f"“{text}” was not read as a number")
    assert target.quantity is not None
    assert target.quantity.value == value
    assert isinstance(actual, Measured)
    assert actual.quantity.value == value
