"""Dates as reports write them: exact days, months, quarters, years, and deadlines like "11月前".

A written date is a period (LooseDate) with its first and last day. A deadline is met when the
work finished by the period's last day; an actual written only to the month is taken at the
month's last day, because the evidence does not show it happened earlier.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from jixiao.domain.errors import TargetError


class Precision(StrEnum):
    DAY = "日"
    MONTH = "月"
    QUARTER = "季度"
    HALF = "半年"
    YEAR = "年"


@dataclass(frozen=True, slots=True)
class LooseDate:
    """A date as written, possibly only to the month, quarter or year."""

    first: dt.date
    last: dt.date
    precision: Precision
    raw: str

    @classmethod
    def exact(cls, day: dt.date) -> LooseDate:
        return cls(day, day, Precision.DAY, day.isoformat())

    def is_within_year(self, year: int) -> bool:
        return self.first.year == year and self.last.year == year


DATE_FORMS = (
    "2021-11-30、2021年11月30日、2021年11月、2021年11月前、2021年11月底、2021年第四季度、2021年底"
)

_SUFFIX = re.compile(r"(之前|以前|前|完成|为止|止|以内|内)$")
_DAY = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_MONTH = re.compile(r"^(\d{4})\s*(?:[-./]|年)\s*(\d{1,2})\s*(?:月份?)?\s*(?:底|末|月底|月末)?$")
_QUARTER = re.compile(r"^(\d{4})\s*年\s*第?\s*([1-4一二三四])\s*季度\s*(?:末|底)?$")
_HALF = re.compile(r"^(\d{4})\s*年\s*(上|下)半年\s*(?:末|底)?$")
_YEAR = re.compile(r"^(\d{4})\s*年\s*(?:度)?\s*(?:底|末|年底|年末)?$")
_QUARTER_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4}


_SEPARATED = re.compile(
    r"^\d{4}[-./]\d{1,2}(?:[-./]\d{1,2}日?)?(?:底|末)?(?:之前|以前|前|完成|为止|止)*$"
)


def looks_like_date(text: str) -> bool:
    """True when the text is meant as a date: "2021年…", or wholly "2021-11-30" / "2021.11".

    "1000.5万元" is a number: a separated form counts only when nothing but date words follow.
    """
    text = text.strip().replace(" ", "")
    return bool(re.match(r"^\d{4}年", text) or _SEPARATED.match(text))


def parse_loose_date(value: str | dt.date) -> LooseDate:
    """Read a written date; raise TargetError naming the valid forms when it is not one."""
    if isinstance(value, dt.datetime):
        return LooseDate.exact(value.date())
    if isinstance(value, dt.date):
        return LooseDate.exact(value)
    raw = value.strip()
    text = raw.replace(" ", "")
    while (stripped := _SUFFIX.sub("", text)) != text:  # "11月底前完成": strip every word
        text = stripped
    return _match(text, raw)


def _date(raw: str, year: int, month: int, day: int | None = None) -> dt.date:
    """The day (the month's last when `day` is None); an impossible one is a TargetError."""
    try:
        if day is None:
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day)
    except (ValueError, calendar.IllegalMonthError) as error:
        raise TargetError(f"日期“{raw}”不存在（月份应为1–12，日不超过当月天数）") from error


def _match(text: str, raw: str) -> LooseDate:
    if m := _DAY.match(text):
        day = _date(raw, int(m[1]), int(m[2]), int(m[3]))
        return LooseDate(day, day, Precision.DAY, raw)
    if m := _MONTH.match(text):
        year, month = int(m[1]), int(m[2])
        last = _date(raw, year, month)
        return LooseDate(last.replace(day=1), last, Precision.MONTH, raw)
    if m := _QUARTER.match(text):
        year, quarter = int(m[1]), _QUARTER_NUMBER.get(m[2]) or int(m[2])
        first = dt.date(year, 3 * quarter - 2, 1)
        return LooseDate(first, _date(raw, year, 3 * quarter), Precision.QUARTER, raw)
    if m := _HALF.match(text):
        year, first_half = int(m[1]), m[2] == "上"
        first = dt.date(year, 1 if first_half else 7, 1)
        last = dt.date(year, 6, 30) if first_half else dt.date(year, 12, 31)
        return LooseDate(first, last, Precision.HALF, raw)
    if m := _YEAR.match(text):
        year = int(m[1])
        return LooseDate(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR, raw)
    raise TargetError(f"无法识别的日期“{raw}”；应为如 {DATE_FORMS}")


def year_start(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)
