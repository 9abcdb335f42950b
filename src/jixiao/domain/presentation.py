"""Presentation (呈现): money, rates, scores and dates as every output writes them.

The terminal tables, the report view, the web's filters and charts, the checker's messages,
the importer and the evidence citations all format through here, so one figure reads the same
everywhere. The rounding policy (docs/scoring.md, "Rounding and presentation"):

- money is exact: 万元 with as many decimals as the amount needs (down to the 分), never rounded;
- a rate is written as a percentage rounded DOWN to two decimals, never above the true value:
  a measured rate is rounded once, and that figure is both the indicator's actual (what is
  scored) and the figure its citation quotes;
- a score is rounded half-up (四舍五入) to two decimals, as the MOF 自评表 prints it;
- a value that is not known is written "—" in tables.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

from jixiao.domain.money import round_half_up, to_wan

DASH = "—"
RATE_PLACES = 2  # decimals of a percentage
SCORE_PLACES = 2


def number(value: Decimal | None) -> str:
    """A Decimal as written, without exponent or trailing zeros: 95, 2.5, 30.838."""
    if value is None:
        return DASH
    text = f"{value:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def plain_number(value: Decimal) -> int | float:
    """A Decimal as a YAML/JSON number that reads back to the same Decimal: 8, 10.5."""
    return int(value) if value == value.to_integral_value() else float(str(value))


def wan(amount: Decimal | None) -> str:
    """元 as a number of 万元 without the unit, exact: "64.638", "3894", "113.5585", "0.000001"."""
    return DASH if amount is None else number(to_wan(amount))


def money(amount: Decimal) -> str:
    """An amount in 万元 with its unit, as report prose writes it: "64.638万元"."""
    return f"{wan(amount)}万元"


def yuan(amount: Decimal) -> str:
    """An amount in 元 with its unit, exact: "646380元", "0.5元"."""
    return f"{number(amount)}元"


def percent(rate: Fraction | Decimal) -> Decimal:
    """A rate (a fraction: 0.998265) as a percentage rounded down to two decimals (99.82).

    Exact: the fraction is floored, never passed through float or a limited Decimal context,
    so 0.99999 gives 99.99 and 1 gives 100.00.
    """
    scale = 10**RATE_PLACES
    floored = math.floor(Fraction(rate) * 100 * scale)
    return Decimal(floored).scaleb(-RATE_PLACES)


def rate_text(rate: Fraction | Decimal | None) -> str:
    """A rate as a percentage, rounded down to two decimals: "99.82%", "95%", "—"."""
    return DASH if rate is None else f"{number(percent(rate))}%"


def score_text(value: Decimal | None) -> str:
    """A score or points in a table: half-up, always two decimals ("10.00", "9.83", "—")."""
    return DASH if value is None else f"{round_half_up(value, SCORE_PLACES):.{SCORE_PLACES}f}"


def score_prose(value: Decimal) -> str:
    """A score or points in prose: half-up to two decimals, no trailing zeros (10, 9.5, 9.83)."""
    return number(round_half_up(value, SCORE_PLACES))


def hours(seconds: int) -> str:
    """A duration in hours with one decimal, half-up, as citations and tables write it: 1.5."""
    return f"{round_half_up(Decimal(seconds) / 3600, 1):.1f}"


def cn_date(day: dt.date) -> str:
    """A day as Chinese prose writes it: 2021年11月30日."""
    return f"{day.year}年{day.month}月{day.day}日"


def moment(at: dt.datetime | None, seconds: bool = False) -> str:
    """A time of day in a table: 2021-03-08 10:00 (with seconds when asked), "—" when unknown."""
    if at is None:
        return DASH
    return at.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def duration(seconds: int) -> str:
    """How long something has lasted, to the minute, as the offline list writes it:
    "3天4小时", "5小时12分钟", "12分钟" (rounded down: a fault 59 s old is "0分钟")."""
    minutes = max(0, seconds) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours_, minutes = divmod(rest, 60)
    if days:
        return f"{days}天{hours_}小时"
    if hours_:
        return f"{hours_}小时{minutes}分钟"
    return f"{minutes}分钟"
