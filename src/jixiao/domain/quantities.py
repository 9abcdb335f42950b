"""Quantities (数值+单位) and the units indicators are measured in, with conversion and matching.

Units fall into dimensions. Within a dimension values convert (万元 -> 元, 小时 -> 分钟, 年 -> 月);
across dimensions they cannot be compared (% vs 个 is an error). Count words (个, 路, 次, 个小区)
are each their own dimension, because 16个小区 and 16台 count different things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jixiao.domain.errors import TargetError, UnitMismatch
from jixiao.domain.money import YUAN_PER_UNIT
from jixiao.domain.presentation import number


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit: what it is written as, what it measures, and its size in the dimension's base."""

    symbol: str
    dimension: str
    factor: Decimal = Decimal(1)


_KNOWN: dict[str, Unit] = {}


def _register(dimension: str, factor: int | Decimal, *symbols: str) -> None:
    canonical = Unit(symbols[0], dimension, Decimal(factor))
    for symbol in symbols:
        _KNOWN[symbol] = canonical


_register("比率", 1, "%", "百分比", "％")
for _factor in dict.fromkeys(YUAN_PER_UNIT.values()):  # money's own words: 元, 万元/万, 亿元/亿
    _register("金额", _factor, *(u for u, f in YUAN_PER_UNIT.items() if f == _factor))
_register("时长", 1, "秒", "秒钟", "s")
_register("时长", 60, "分钟", "min")
_register("时长", 3600, "小时", "个小时", "h")
_register("时长", 86400, "天", "日", "自然日")
_register("月数", 1, "个月", "月")
_register("月数", 12, "年")
_register("工作日", 1, "个工作日", "工作日")

NO_UNIT = Unit("", "无单位")

# Count words reports write after an indicator's figure; any other Chinese word is one too
# (unit_for), these are the ones looked for in running text.
COUNT_WORDS = (
    "个小区", "路", "个", "台", "套", "次", "户", "人", "处", "项", "件", "起", "公里", "米",
    "条", "家", "所", "座", "部", "辆",
)  # fmt: skip
# Unit words that in running text are something else: "10万人" counts people, "3月" and "1日"
# are parts of a date; the Latin abbreviations and 百分比 do not follow figures in reports.
_NOT_AFTER_FIGURES = {"万", "亿", "月", "日", "s", "min", "h", "百分比", "％"}
FIGURE_UNITS: tuple[str, ...] = tuple(
    sorted(
        [s for s in _KNOWN if s not in _NOT_AFTER_FIGURES] + list(COUNT_WORDS),
        key=len,
        reverse=True,
    )
)
"""The words that end an indicator's figure in running text, longest first (for patterns)."""


# A rate per something, as subsidy standards are written: 元/户, 万元/人, 元/人·月, 次/年.
_PER = re.compile(
    r"(?P<of>[^/／]+)[/／](?P<per>[\u4e00-\u9fff]{1,4}(?:[·*×・][\u4e00-\u9fff]{1,4})?)"
)


def unit_for(symbol: str) -> Unit:
    """The unit written as `symbol`; an unknown word is a count word (个, 路, 个小区, 台); a
    unit per something ("元/户") measures its unit per that thing (元/户 and 万元/户 convert)."""
    symbol = symbol.strip()
    if not symbol:
        return NO_UNIT
    if symbol in _KNOWN:
        return _KNOWN[symbol]
    per = _PER.fullmatch(symbol)
    if per is not None:
        of = unit_for(per["of"])
        thing = re.sub(r"[*×・]", "·", per["per"])
        return Unit(f"{of.symbol}/{thing}", f"{of.dimension}/{thing}", of.factor)
    if not re.fullmatch(r"[\u4e00-\u9fff]{1,8}", symbol):
        raise TargetError(
            f"无法识别的单位“{symbol}”；单位应为 %、元/万元、小时、天、年，或计数词如 个、路、个小区"
        )
    return Unit(symbol, f"计数:{symbol}")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit, exactly as written (Decimal, never float)."""

    value: Decimal
    unit: Unit

    def __str__(self) -> str:
        return f"{number(self.value)}{self.unit.symbol}"

    def in_unit_of(self, other: Quantity) -> Quantity:
        """This quantity in `other`'s unit; raises UnitMismatch when they measure different things."""
        if self.unit == other.unit:
            return self
        if self.unit.dimension != other.unit.dimension:
            raise UnitMismatch(
                f"单位不一致：指标值单位为“{other.unit.symbol or '无'}”，"
                f"实际值单位为“{self.unit.symbol or '无'}”，两者无法比较；"
                f"请写成同一类单位（如都用 %，或 元 与 万元）"
            )
        return Quantity(self.value * self.unit.factor / other.unit.factor, other.unit)


_QUANTITY = re.compile(r"^(?P<number>[+-]?\d+(?:\.\d+)?)\s*(?P<unit>.*)$")


def parse_quantity(text: str) -> Quantity:
    """Read "95%", "2.5小时", "16个小区", "30.838万元", "1180" into a Quantity."""
    match = _QUANTITY.match(text.replace(",", "").strip())
    if match is None:
        raise TargetError(
            f"无法识别的数值“{text}”；应为数字加单位，如 95%、2小时、16个小区、30.838万元"
        )
    try:
        value = Decimal(match["number"])
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
        raise TargetError(f"无法识别的数值“{text}”") from error
    return Quantity(value, unit_for(match["unit"]))
