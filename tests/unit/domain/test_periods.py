"""Periods: dates as reports write them, to the day, month, quarter, half-year or year."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from jixiao.domain.errors import TargetError
from jixiao.domain.periods import (
    DATE_FORMS,
    LooseDate,
    Precision,
    looks_like_date,
    parse_loose_date,
    year_end,
    year_start,
)


def _span(text: str) -> tuple[dt.date, dt.date]:
    period = parse_loose_date(text)
    return period.first, period.last


# --- exact days -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2021-11-30",
        "2021年11月30日",
        "2021年11月30",
        "2021.11.30",
        "2021/11/30",
        "2021 年 11 月 30 日",
        "  2021-11-30  ",
    ],
)
def test_parse_loose_date_reads_an_exact_day(text: str) -> None:
    period = parse_loose_date(text)

    assert period.first == dt.date(2021, 11, 30)
    assert period.last == dt.date(2021, 11, 30)
    assert period.precision is Precision.DAY


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2021-3-1", dt.date(2021, 3, 1)),
        ("2021年3月1日", dt.date(2021, 3, 1)),
        ("2020-02-29", dt.date(2020, 2, 29)),
    ],
)
def test_parse_loose_date_reads_single_digit_months_and_leap_days(text: str, day: dt.date) -> None:
    assert _span(text) == (day, day)


def test_parse_loose_date_keeps_the_raw_text_trimmed() -> None:
    assert parse_loose_date("  2021年11月前 ").raw == "2021年11月前"


@pytest.mark.parametrize(
    "value",
    [dt.date(2021, 11, 20), dt.datetime(2021, 11, 20, 15, 30)],
)
def test_parse_loose_date_takes_date_objects_as_exact_days(value: dt.date) -> None:
    assert parse_loose_date(value) == LooseDate(
        dt.date(2021, 11, 20), dt.date(2021, 11, 20), Precision.DAY, "2021-11-20"
    )


def test_loose_date_exact_is_a_single_day_written_in_iso_form() -> None:
    period = LooseDate.exact(dt.date(2021, 3, 1))

    assert period == LooseDate(
        dt.date(2021, 3, 1), dt.date(2021, 3, 1), Precision.DAY, "2021-03-01"
    )


# --- months -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2021年11月",
        "2021年11月份",
        "2021年11",
        "2021-11",
        "2021.11",
        "2021/11",
        "2021年11月底",
        "2021年11月末",
        "2021-11月底",
    ],
)
def test_parse_loose_date_reads_a_month_from_its_first_to_its_last_day(text: str) -> None:
    period = parse_loose_date(text)

    assert (period.first, period.last) == (dt.date(2021, 11, 1), dt.date(2021, 11, 30))
    assert period.precision is Precision.MONTH


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("2021年2月底", dt.date(2021, 2, 28)),
        ("2020年2月底", dt.date(2020, 2, 29)),
        ("2021年12月", dt.date(2021, 12, 31)),
        ("2021年4月", dt.date(2021, 4, 30)),
        ("2021年1月", dt.date(2021, 1, 31)),
    ],
)
def test_parse_loose_date_ends_a_month_on_its_real_last_day(text: str, last: dt.date) -> None:
    assert parse_loose_date(text).last == last


# --- deadline wording -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2021年11月前",
        "2021年11月之前",
        "2021年11月以前",
        "2021年11月底前",
        "2021年11月完成",
        "2021年11月为止",
        "2021年11月止",
        "2021年11月内",
        "2021年11月以内",
    ],
)
def test_parse_loose_date_drops_deadline_words_after_a_month(text: str) -> None:
    assert _span(text) == (dt.date(2021, 11, 1), dt.date(2021, 11, 30))


@pytest.mark.parametrize("text", ["2021年11月30日前", "2021-11-30之前", "2021年11月30日以前"])
def test_parse_loose_date_drops_deadline_words_after_a_day(text: str) -> None:
    assert _span(text) == (dt.date(2021, 11, 30), dt.date(2021, 11, 30))


@pytest.mark.parametrize("text", ["2021年11月前完成", "2021年11月底前完成"])
def test_parse_loose_date_drops_stacked_deadline_words(text: str) -> None:
    assert parse_loose_date(text).last == dt.date(2021, 11, 30)


# --- quarters, halves, years ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2021年第四季度", dt.date(2021, 10, 1), dt.date(2021, 12, 31)),
        ("2021年第4季度", dt.date(2021, 10, 1), dt.date(2021, 12, 31)),
        ("2021年四季度", dt.date(2021, 10, 1), dt.date(2021, 12, 31)),
        ("2021年第四季度末", dt.date(2021, 10, 1), dt.date(2021, 12, 31)),
        ("2021年第一季度", dt.date(2021, 1, 1), dt.date(2021, 3, 31)),
        ("2021年第1季度", dt.date(2021, 1, 1), dt.date(2021, 3, 31)),
        ("2021年第二季度", dt.date(2021, 4, 1), dt.date(2021, 6, 30)),
        ("2021年三季度末", dt.date(2021, 7, 1), dt.date(2021, 9, 30)),
        ("2021年第三季度前", dt.date(2021, 7, 1), dt.date(2021, 9, 30)),
    ],
)
def test_parse_loose_date_reads_quarters(text: str, first: dt.date, last: dt.date) -> None:
    period = parse_loose_date(text)

    assert (period.first, period.last) == (first, last)
    assert period.precision is Precision.QUARTER


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2021年上半年", dt.date(2021, 1, 1), dt.date(2021, 6, 30)),
        ("2021年上半年末", dt.date(2021, 1, 1), dt.date(2021, 6, 30)),
        ("2021年下半年", dt.date(2021, 7, 1), dt.date(2021, 12, 31)),
        ("2021年下半年底", dt.date(2021, 7, 1), dt.date(2021, 12, 31)),
    ],
)
def test_parse_loose_date_reads_half_years(text: str, first: dt.date, last: dt.date) -> None:
    period = parse_loose_date(text)

    assert (period.first, period.last) == (first, last)
    assert period.precision is not Precision.DAY


@pytest.mark.parametrize(
    "text",
    [
        "2021年",
        "2021年底",
        "2021年末",
        "2021年年底",
        "2021年年末",
        "2021年度",
        "2021年底前",
        "2021年内",
    ],
)
def test_parse_loose_date_reads_a_year_and_its_end(text: str) -> None:
    period = parse_loose_date(text)

    assert (period.first, period.last) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert period.precision is Precision.YEAR


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["2021-02-30", "2021-02-29", "2021-11-31", "2021年13月", "2021年0月", "2021年4月31日"],
)
def test_parse_loose_date_refuses_impossible_dates_in_chinese(text: str) -> None:
    with pytest.raises(TargetError) as caught:
        parse_loose_date(text)

    message = str(caught.value)
    assert f"日期“{text}”不存在" in message
    assert "月份应为1–12" in message
    assert re.search(r"[A-Za-z]", message) is None


@pytest.mark.parametrize("text", ["明年", "", "2021", "如期完成", "11月底"])
def test_parse_loose_date_refuses_text_that_is_no_date(text: str) -> None:
    with pytest.raises(TargetError):
        parse_loose_date(text)


@pytest.mark.parametrize("text", ["明年", "2021", "如期完成"])
def test_parse_loose_date_names_the_valid_forms_for_unreadable_text(text: str) -> None:
    with pytest.raises(TargetError) as caught:
        parse_loose_date(text)

    assert "无法识别的日期" in str(caught.value)
    assert DATE_FORMS in str(caught.value)


# --- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("2021年11月前", True),
        ("2021-11-30", True),
        ("2021.11", True),
        ("2021/11/30", True),
        ("2021年", True),
        (" 2021 年底", True),
        ("95%", False),
        ("2021", False),
        ("2021个", False),
        ("1000万元", False),
        ("如期完成", False),
        ("11月底", False),
    ],
)
def test_looks_like_date_spots_text_meant_as_a_date(text: str, meant: bool) -> None:
    assert looks_like_date(text) is meant


@pytest.mark.parametrize("text", ["1000.5万元", "1710.5万元", "3894.5元", "1234.5小时"])
def test_looks_like_date_does_not_take_four_digit_decimals_with_units_for_dates(text: str) -> None:
    assert looks_like_date(text) is False


@pytest.mark.parametrize(
    ("text", "year", "within"),
    [
        ("2021年11月", 2021, True),
        ("2021年第四季度", 2021, True),
        ("2021-11-30", 2022, False),
        ("2021年底", 2020, False),
    ],
)
def test_is_within_year_checks_both_ends_of_the_period(text: str, year: int, within: bool) -> None:
    assert parse_loose_date(text).is_within_year(year) is within


def test_is_within_year_is_false_for_a_period_spanning_two_years() -> None:
    period = LooseDate(dt.date(2021, 12, 1), dt.date(2022, 1, 31), Precision.MONTH, "跨年")

    assert period.is_within_year(2021) is False
    assert period.is_within_year(2022) is False


def test_year_start_and_year_end_bound_the_calendar_year() -> None:
    assert year_start(2021) == dt.date(2021, 1, 1)
    assert year_end(2021) == dt.date(2021, 12, 31)


def test_precision_values_are_the_chinese_words_used_in_messages() -> None:
    assert [p.value for p in Precision] == ["日", "月", "季度", "半年", "年"]
