"""Quantities: numbers with units, their dimensions, and conversion within a dimension."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.domain.errors import DomainError, TargetError, UnitMismatch
from jixiao.domain.quantities import (
    NO_UNIT,
    Quantity,
    Unit,
    parse_quantity,
    unit_for,
)

PERCENT = Unit("%", "比率", Decimal(1))
YUAN = Unit("元", "金额", Decimal(1))
WAN = Unit("万元", "金额", Decimal(10000))
YI = Unit("亿元", "金额", Decimal(100000000))
SECOND = Unit("秒", "时长", Decimal(1))
MINUTE = Unit("分钟", "时长", Decimal(60))
HOUR = Unit("小时", "时长", Decimal(3600))
DAY = Unit("天", "时长", Decimal(86400))
MONTH = Unit("个月", "月数", Decimal(1))
YEAR = Unit("年", "月数", Decimal(12))
WORKDAY = Unit("个工作日", "工作日", Decimal(1))


# --- unit_for ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("symbol", "unit"),
    [
        ("%", PERCENT),
        ("％", PERCENT),
        ("百分比", PERCENT),
        ("元", YUAN),
        ("万元", WAN),
        ("万", WAN),
        ("亿元", YI),
        ("亿", YI),
        ("秒", SECOND),
        ("秒钟", SECOND),
        ("s", SECOND),
        ("分钟", MINUTE),
        ("min", MINUTE),
        ("小时", HOUR),
        ("个小时", HOUR),
        ("h", HOUR),
        ("天", DAY),
        ("日", DAY),
        ("自然日", DAY),
        ("个月", MONTH),
        ("月", MONTH),
        ("年", YEAR),
        ("个工作日", WORKDAY),
        ("工作日", WORKDAY),
        (" 小时 ", HOUR),
    ],
)
def test_unit_for_maps_each_known_spelling_to_its_canonical_unit(symbol: str, unit: Unit) -> None:
    assert unit_for(symbol) == unit


@pytest.mark.parametrize(
    ("symbol", "dimension"),
    [
        ("个", "计数:个"),
        ("路", "计数:路"),
        ("次", "计数:次"),
        ("个小区", "计数:个小区"),
        ("台", "计数:台"),
    ],
)
def test_unit_for_makes_each_unknown_chinese_word_its_own_count_dimension(
    symbol: str, dimension: str
) -> None:
    assert unit_for(symbol) == Unit(symbol, dimension, Decimal(1))


@pytest.mark.parametrize("symbol", ["", "   "])
def test_unit_for_reads_no_symbol_as_no_unit(symbol: str) -> None:
    assert unit_for(symbol) is NO_UNIT
    assert Unit("", "无单位", Decimal(1)) == NO_UNIT


def test_a_unit_per_something_converts_only_with_the_same_thing() -> None:
    assert parse_quantity("0.583万元/人*月").in_unit_of(parse_quantity("530元/人·月")) == (
        parse_quantity("5830元/人·月")
    )
    assert str(parse_quantity("5830元/户")) == "5830元/户"
    with pytest.raises(UnitMismatch):
        parse_quantity("5830元/户").in_unit_of(parse_quantity("5300元/人"))
    with pytest.raises(TargetError, match="无法识别的单位"):
        unit_for("kg/户")


@pytest.mark.parametrize("symbol", ["kg", "%以上", "个 小区", "m2", "一二三四五六七八九"])
def test_unit_for_refuses_unknown_non_count_words_in_chinese(symbol: str) -> None:
    with pytest.raises(TargetError) as caught:
        unit_for(symbol)

    assert "无法识别的单位" in str(caught.value)
    assert "个小区" in str(caught.value)


# --- parse_quantity ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("95%", Decimal("95"), PERCENT),
        ("95％", Decimal("95"), PERCENT),
        ("2.5小时", Decimal("2.5"), HOUR),
        ("16个小区", Decimal("16"), Unit("个小区", "计数:个小区")),
        ("30.838万元", Decimal("30.838"), WAN),
        ("1180", Decimal("1180"), NO_UNIT),
        ("1,180台", Decimal("1180"), Unit("台", "计数:台")),
        ("  95 %  ", Decimal("95"), PERCENT),
        ("+3个", Decimal("3"), Unit("个", "计数:个")),
        ("-5%", Decimal("-5"), PERCENT),
        ("0次", Decimal("0"), Unit("次", "计数:次")),
        ("10年", Decimal("10"), YEAR),
        ("90分钟", Decimal("90"), MINUTE),
    ],
)
def test_parse_quantity_reads_a_number_and_its_unit(text: str, value: Decimal, unit: Unit) -> None:
    assert parse_quantity(text) == Quantity(value, unit)


def test_parse_quantity_keeps_the_number_exact() -> None:
    quantity = parse_quantity("0.1%")

    assert quantity.value == Decimal("0.1")
    assert isinstance(quantity.value, Decimal)


@pytest.mark.parametrize("text", ["", "全面提升", "%95", "约95%", ".5小时"])
def test_parse_quantity_refuses_text_that_is_not_a_number(text: str) -> None:
    with pytest.raises(TargetError) as caught:
        parse_quantity(text)

    assert "无法识别的数值" in str(caught.value)
    assert "16个小区" in str(caught.value)


@pytest.mark.parametrize("text", ["95kg", "1e5", "95.%"])
def test_parse_quantity_refuses_unknown_units(text: str) -> None:
    with pytest.raises(TargetError, match="无法识别的单位"):
        parse_quantity(text)


# --- Quantity.in_unit_of ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "target", "converted"),
    [
        (Decimal("1710000"), YUAN, WAN, Decimal("171")),
        (Decimal("171"), WAN, YUAN, Decimal("1710000")),
        (Decimal("1.2"), YI, WAN, Decimal("12000")),
        (Decimal("64.638"), WAN, YUAN, Decimal("646380")),
        (Decimal("90"), MINUTE, HOUR, Decimal("1.5")),
        (Decimal("1.5"), HOUR, MINUTE, Decimal("90")),
        (Decimal("0.5"), DAY, HOUR, Decimal("12")),
        (Decimal("7200"), SECOND, HOUR, Decimal("2")),
        (Decimal("10"), YEAR, MONTH, Decimal("120")),
        (Decimal("6"), MONTH, YEAR, Decimal("0.5")),
    ],
)
def test_in_unit_of_converts_within_a_dimension(
    value: Decimal, unit: Unit, target: Unit, converted: Decimal
) -> None:
    result = Quantity(value, unit).in_unit_of(Quantity(Decimal(1), target))

    assert result == Quantity(converted, target)


def test_in_unit_of_returns_the_same_quantity_when_units_agree() -> None:
    quantity = parse_quantity("3日")

    assert quantity.in_unit_of(parse_quantity("5天")) is quantity


def test_in_unit_of_treats_spelling_variants_as_the_same_unit() -> None:
    quantity = parse_quantity("180万")

    assert quantity.in_unit_of(parse_quantity("200万元")) == Quantity(Decimal("180"), WAN)


@pytest.mark.parametrize(
    ("actual", "target"),
    [
        ("3个", "95%"),
        ("95%", "3个"),
        ("16个", "16个小区"),
        ("5天", "5个工作日"),
        ("2年", "2天"),
        ("100元", "100%"),
        ("95", "95%"),
        ("2小时", "2"),
    ],
)
def test_in_unit_of_refuses_quantities_of_different_dimensions(actual: str, target: str) -> None:
    with pytest.raises(UnitMismatch) as caught:
        parse_quantity(actual).in_unit_of(parse_quantity(target))

    assert "单位不一致" in str(caught.value)


def test_unit_mismatch_names_both_units_in_chinese() -> None:
    with pytest.raises(UnitMismatch) as caught:
        parse_quantity("3个").in_unit_of(parse_quantity("95%"))

    message = str(caught.value)
    assert "指标值单位为“%”" in message
    assert "实际值单位为“个”" in message
    assert isinstance(caught.value, DomainError)


def test_unit_mismatch_writes_no_unit_as_wu() -> None:
    with pytest.raises(UnitMismatch) as caught:
        parse_quantity("95").in_unit_of(parse_quantity("95%"))

    assert "实际值单位为“无”" in str(caught.value)


# --- printing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "text"),
    [
        (Quantity(Decimal("95"), PERCENT), "95%"),
        (Quantity(Decimal("2.50"), HOUR), "2.5小时"),
        (Quantity(Decimal("16"), Unit("个小区", "计数:个小区")), "16个小区"),
        (Quantity(Decimal("180"), WAN), "180万元"),
        (Quantity(Decimal("1180"), NO_UNIT), "1180"),
        (parse_quantity("180万"), "180万元"),
    ],
)
def test_quantity_prints_its_number_and_canonical_symbol(quantity: Quantity, text: str) -> None:
    assert str(quantity) == text
