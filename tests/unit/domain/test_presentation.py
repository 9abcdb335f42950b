"""Presentation: money exact in 万元, rates down to 0.01 %, scores half-up to 0.01, dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.domain.money import parse_amount
from jixiao.domain.presentation import (
    DASH,
    cn_date,
    hours,
    moment,
    money,
    number,
    percent,
    rate_text,
    score_prose,
    score_text,
    wan,
    yuan,
)
from jixiao.domain.scoring import round_score

# --- number -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("95"), "95"),
        (Decimal("95.00"), "95"),
        (Decimal("2.50"), "2.5"),
        (Decimal("30.838"), "30.838"),
        (Decimal("1E+2"), "100"),
        (Decimal("100"), "100"),
        (Decimal("0.00"), "0"),
        (Decimal("-0.00"), "0"),
        (Decimal("0.05"), "0.05"),
        (Decimal("-2.50"), "-2.5"),
        (None, "—"),
    ],
)
def test_number_writes_no_exponent_or_trailing_zeros(value: Decimal | None, text: str) -> None:
    assert number(value) == text


# --- money --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("646380.00"), "64.638"),
        (Decimal("1135585.00"), "113.5585"),
        (Decimal("38940000.00"), "3894"),
        (Decimal("38940000"), "3894"),
        (Decimal("120000000"), "12000"),
        (Decimal("308380.00"), "30.838"),
        (Decimal("100"), "0.01"),
        (Decimal("0.01"), "0.000001"),  # exact to the 分: six decimals of 万元, never rounded
        (Decimal("12345.67"), "1.234567"),
        (Decimal("0.00"), "0"),
        (Decimal("0"), "0"),
        (Decimal("-12345.60"), "-1.23456"),  # a difference of two amounts may be negative
        (Decimal("-0.00"), "0"),
        (None, "—"),
    ],
)
def test_wan_writes_the_exact_figure_without_trailing_zeros(
    amount: Decimal | None, text: str
) -> None:
    assert wan(amount) == text


def test_money_and_yuan_carry_their_unit() -> None:
    assert money(Decimal("646380.00")) == "64.638万元"
    assert money(Decimal("-10000")) == "-1万元"
    assert yuan(Decimal("646380.00")) == "646380元"
    assert yuan(Decimal("0.50")) == "0.5元"
    assert yuan(Decimal(0)) == "0元"


@pytest.mark.parametrize("text", ["64.638万元", "3894万", "113.5585万元", "1.2亿元", "三十万元"])
def test_money_reads_back_through_parse_amount(text: str) -> None:
    amount = parse_amount(text)

    assert parse_amount(money(amount)) == amount
    assert parse_amount(yuan(amount)) == amount


@given(st.integers(min_value=0, max_value=10**15))
def test_any_whole_fen_amount_survives_a_round_trip_through_wan(fen: int) -> None:
    amount = Decimal(fen) / 100

    assert parse_amount(money(amount)) == amount


# --- rates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "shown"),
    [
        (Fraction(998265, 1000000), Decimal("99.82")),  # 99.8265 %: down, never up to 99.83
        (Fraction(99999, 100000), Decimal("99.99")),  # 99.999 %: down to 99.99, not 100
        (Fraction(10**30 - 1, 10**30), Decimal("99.99")),  # float would say 100
        (Fraction(1), Decimal("100")),
        (Fraction(0), Decimal("0")),
        (Fraction(2, 3), Decimal("66.66")),
        (Fraction(1, 200000), Decimal("0")),  # 0.0005 %
        (Decimal("0.95"), Decimal("95")),
        (Decimal("0.87654"), Decimal("87.65")),
        (Decimal("1.2025"), Decimal("120.25")),
    ],
)
def test_percent_rounds_a_rate_down_to_two_decimals(
    rate: Fraction | Decimal, shown: Decimal
) -> None:
    assert percent(rate) == shown


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (Fraction(998265, 1000000), "99.82%"),
        (Fraction(99999, 100000), "99.99%"),
        (Fraction(1), "100%"),
        (Fraction(0), "0%"),
        (Decimal("0.95"), "95%"),
        (Decimal("0.998"), "99.8%"),
        (Fraction(1, 3), "33.33%"),
        (None, "—"),
    ],
)
def test_rate_text_writes_the_rounded_percentage(
    rate: Fraction | Decimal | None, text: str
) -> None:
    assert rate_text(rate) == text


@given(st.fractions(min_value=0, max_value=2))
def test_a_printed_rate_never_exceeds_the_rate_and_is_within_a_hundredth(rate: Fraction) -> None:
    shown = Fraction(percent(rate))

    assert shown <= rate * 100 < shown + Fraction(1, 100)


@given(st.fractions(min_value=0, max_value=1))
def test_a_score_of_ten_points_recomputed_from_the_printed_rate_is_the_printed_score(
    rate: Fraction,
) -> None:
    """Why rates round down: with the MOF's 10 points, points × printed rate rounds to the same
    score as points × the exact rate (half-up rounding of the rate can move it by 0.01)."""
    exact = Decimal(rate.numerator) / Decimal(rate.denominator)  # as scoring divides
    printed = percent(exact) / 100

    assert round_score(Decimal(10), printed) == round_score(Decimal(10), exact)


# --- scores -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0.005"), "0.01"),  # half-up: 四舍五入
        (Decimal("0.0049999"), "0.00"),
        (Decimal("2.675"), "2.68"),  # binary floats would give 2.67
        (Decimal("9.825"), "9.83"),  # half-even would give 9.82
        (Decimal("9.5"), "9.50"),
        (Decimal("10"), "10.00"),
        (Decimal("0"), "0.00"),
        (None, "—"),
    ],
)
def test_score_text_rounds_half_up_to_two_fixed_decimals(value: Decimal | None, text: str) -> None:
    assert score_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("10.00"), "10"),
        (Decimal("9.50"), "9.5"),
        (Decimal("9.825"), "9.83"),
        (Decimal("0.005"), "0.01"),
        (Decimal("0"), "0"),
    ],
)
def test_score_prose_rounds_half_up_and_drops_trailing_zeros(value: Decimal, text: str) -> None:
    assert score_prose(value) == text


# --- durations and dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(5400, "1.5"), (0, "0.0"), (180, "0.1"), (540, "0.2"), (518400, "144.0"), (34800, "9.7")],
)
def test_hours_rounds_half_up_to_one_decimal(seconds: int, text: str) -> None:
    assert hours(seconds) == text


def test_dates_are_written_as_chinese_prose_and_table_times() -> None:
    assert cn_date(dt.date(2021, 11, 30)) == "2021年11月30日"
    assert cn_date(dt.date(2021, 3, 1)) == "2021年3月1日"
    at = dt.datetime(2021, 3, 8, 9, 5, 7)
    assert moment(at) == "2021-03-08 09:05"
    assert moment(at, seconds=True) == "2021-03-08 09:05:07"
    assert moment(None) == DASH == "—"
