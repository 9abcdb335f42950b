"""Targets (年度指标值) and actual values (实际完成值) read from report wording."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from jixiao.domain.errors import TargetError, UnitMismatch
from jixiao.domain.periods import Precision
from jixiao.domain.quantities import NO_UNIT, Quantity, Unit, unit_for
from jixiao.domain.targets import (
    GRADE_ALIASES,
    ActualPartError,
    Comparator,
    Dated,
    EvidenceRef,
    Grade,
    Graded,
    Measured,
    Target,
    actual_from_value,
    actual_to_value,
    parse_actual,
    parse_grade,
    parse_target,
)

PERCENT = unit_for("%")
HOUR = unit_for("小时")
WAN = unit_for("万元")
NOV_30 = dt.date(2021, 11, 30)


# --- parse_target: comparators ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        ("≥95%", Comparator.AT_LEAST, Decimal("95"), PERCENT),
        ("≤2小时", Comparator.AT_MOST, Decimal("2"), HOUR),
        ("=0次", Comparator.EQUAL, Decimal("0"), Unit("次", "计数:次")),
        ("≥100%", Comparator.AT_LEAST, Decimal("100"), PERCENT),
        ("≤180万元", Comparator.AT_MOST, Decimal("180"), WAN),
        ("≥ 95 %", Comparator.AT_LEAST, Decimal("95"), PERCENT),
        ("≥９５％", Comparator.AT_LEAST, Decimal("95"), PERCENT),
        ("＝0次", Comparator.EQUAL, Decimal("0"), Unit("次", "计数:次")),
        ("≧95%", Comparator.AT_LEAST, Decimal("95"), PERCENT),
        ("≦2小时", Comparator.AT_MOST, Decimal("2"), HOUR),
        (">=95%", Comparator.AT_LEAST, Decimal("95"), PERCENT),
        ("<=2小时", Comparator.AT_MOST, Decimal("2"), HOUR),
        ("==0次", Comparator.EQUAL, Decimal("0"), Unit("次", "计数:次")),
        ("大于等于95%", Comparator.AT_LEAST, Decimal("95"), PERCENT),
        ("不低于95%", Comparator.AT_LEAST, Decimal("95"), PERCENT),
        ("不少于16个", Comparator.AT_LEAST, Decimal("16"), Unit("个", "计数:个")),
        ("不小于95%", Comparator.AT_LEAST, Decimal("95"), PERCENT),
        ("至少16路", Comparator.AT_LEAST, Decimal("16"), Unit("路", "计数:路")),
        ("小于等于2小时", Comparator.AT_MOST, Decimal("2"), HOUR),
        ("不高于2小时", Comparator.AT_MOST, Decimal("2"), HOUR),
        ("不超过180万元", Comparator.AT_MOST, Decimal("180"), WAN),
        ("不多于3次", Comparator.AT_MOST, Decimal("3"), Unit("次", "计数:次")),
        ("不大于2小时", Comparator.AT_MOST, Decimal("2"), HOUR),
        ("等于0次", Comparator.EQUAL, Decimal("0"), Unit("次", "计数:次")),
    ],
)
def test_parse_target_splits_the_comparator_from_the_quantity(
    text: str, comparator: Comparator, value: Decimal, unit: Unit
) -> None:
    target = parse_target(text)

    assert target.comparator is comparator
    assert target.quantity == Quantity(value, unit)
    assert target.assumption is None
    assert target.deadline is None


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        ("10年以上", Comparator.AT_LEAST, Decimal("10"), unit_for("年")),
        ("95%及以上", Comparator.AT_LEAST, Decimal("95"), PERCENT),
        ("16个小区以上", Comparator.AT_LEAST, Decimal("16"), Unit("个小区", "计数:个小区")),
        ("2小时以内", Comparator.AT_MOST, Decimal("2"), HOUR),
        ("5次以下", Comparator.AT_MOST, Decimal("5"), Unit("次", "计数:次")),
        ("5次及以下", Comparator.AT_MOST, Decimal("5"), Unit("次", "计数:次")),
    ],
)
def test_parse_target_reads_comparator_suffixes(
    text: str, comparator: Comparator, value: Decimal, unit: Unit
) -> None:
    target = parse_target(text)

    assert target.comparator is comparator
    assert target.quantity == Quantity(value, unit)
    assert target.assumption is None


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("16个小区", Decimal("16"), Unit("个小区", "计数:个小区")),
        ("100%", Decimal("100"), PERCENT),
        ("1180", Decimal("1180"), NO_UNIT),
    ],
)
def test_parse_target_reads_a_bare_quantity_as_at_least_and_says_so(
    text: str, value: Decimal, unit: Unit
) -> None:
    target = parse_target(text)

    assert target.comparator is Comparator.AT_LEAST
    assert target.quantity == Quantity(value, unit)
    assert target.assumption == "未写比较符，按“≥”计分"


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit", "assumption"),
    [
        (">95%", Comparator.AT_LEAST, Decimal("95"), PERCENT, "“>”按“≥”计分"),
        ("＞95%", Comparator.AT_LEAST, Decimal("95"), PERCENT, "“>”按“≥”计分"),
        ("<2小时", Comparator.AT_MOST, Decimal("2"), HOUR, "“<”按“≤”计分"),
    ],
)
def test_parse_target_reads_strict_comparators_as_inclusive_and_says_so(
    text: str, comparator: Comparator, value: Decimal, unit: Unit, assumption: str
) -> None:
    target = parse_target(text)

    assert target.comparator is comparator
    assert target.quantity == Quantity(value, unit)
    assert target.assumption == assumption


@pytest.mark.parametrize(
    ("value", "quantity"),
    [(95, Quantity(Decimal("95"), NO_UNIT)), (Decimal("0.95"), Quantity(Decimal("0.95"), NO_UNIT))],
)
def test_parse_target_takes_plain_numbers_as_bare_at_least_targets(
    value: int | Decimal, quantity: Quantity
) -> None:
    target = parse_target(value)

    assert target.comparator is Comparator.AT_LEAST
    assert target.quantity == quantity
    assert target.assumption == "未写比较符，按“≥”计分"


def test_parse_target_keeps_the_raw_text_as_written() -> None:
    assert parse_target("  ≥９５％ ").raw == "≥９５％"


@pytest.mark.parametrize(
    ("text", "value"), [("≤1000.5万元", Decimal("1000.5")), ("≤3894.5万元", Decimal("3894.5"))]
)
def test_parse_target_reads_amounts_with_four_digit_whole_parts_and_decimals(
    text: str, value: Decimal
) -> None:
    target = parse_target(text)

    assert target.comparator is Comparator.AT_MOST
    assert target.quantity == Quantity(value, WAN)


# --- parse_target: deadlines ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2021年11月前",
        "2021年11月底",
        "2021-11-30",
        "2021年11月30日",
        "≤2021-11-30",
        "2021年11月以内",
    ],
)
def test_parse_target_reads_deadlines_to_their_last_day(text: str) -> None:
    target = parse_target(text)

    assert target.comparator is Comparator.DEADLINE
    assert target.deadline is not None
    assert target.deadline.last == NOV_30
    assert target.quantity is None


@pytest.mark.parametrize(
    ("text", "assumption"),
    [
        ("2021年11月前", "“2021年11月前”按2021-11-30（期末）为截止日"),
        ("2021年11月底", "“2021年11月底”按2021-11-30（期末）为截止日"),
        ("2021年第四季度", "“2021年第四季度”按2021-12-31（期末）为截止日"),
        ("2021年底", "“2021年底”按2021-12-31（期末）为截止日"),
    ],
)
def test_parse_target_says_when_a_deadline_is_taken_at_the_period_end(
    text: str, assumption: str
) -> None:
    assert parse_target(text).assumption == assumption


@pytest.mark.parametrize("text", ["2021-11-30", "2021年11月30日前"])
def test_parse_target_makes_no_assumption_for_a_deadline_to_the_day(text: str) -> None:
    target = parse_target(text)

    assert target.assumption is None
    assert target.deadline is not None
    assert target.deadline.precision is Precision.DAY


def test_parse_target_takes_a_date_object_as_an_exact_deadline() -> None:
    target = parse_target(NOV_30)

    assert target.comparator is Comparator.DEADLINE
    assert target.raw == "2021-11-30"
    assert target.deadline is not None
    assert (target.deadline.first, target.deadline.last) == (NOV_30, NOV_30)
    assert target.assumption is None


@pytest.mark.parametrize("text", ["≥2021-11-30", "=2021-11-30", "≥2021年", ">2021年11月"])
def test_parse_target_refuses_deadlines_with_other_comparators(text: str) -> None:
    with pytest.raises(TargetError) as caught:
        parse_target(text)

    assert f"时限指标“{text}”只能写成截止日期" in str(caught.value)


def test_parse_target_refuses_an_impossible_deadline() -> None:
    with pytest.raises(TargetError, match="不存在"):
        parse_target("2021-02-30")


# --- parse_target: qualitative ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["定性:全面提升", "定性：全面提升", "定性 : 全面提升", "定性全面提升", " 定性：全面提升 "],
)
def test_parse_target_reads_qualitative_statements(text: str) -> None:
    target = parse_target(text)

    assert target.comparator is Comparator.QUALITATIVE
    assert target.statement == "全面提升"
    assert target.quantity is None
    assert target.deadline is None
    assert target.assumption is None


@pytest.mark.parametrize("text", ["全面提升", "有效提升", "定性", "≥", "大于95%", "95kg"])
def test_parse_target_refuses_unreadable_text_and_points_to_the_qualitative_form(
    text: str,
) -> None:
    with pytest.raises(TargetError) as caught:
        parse_target(text)

    message = str(caught.value)
    assert f"无法识别的指标值“{text}”" in message
    assert "定性" in message
    assert "≥95%" in message


@pytest.mark.parametrize("text", ["", "   "])
def test_parse_target_refuses_an_empty_target(text: str) -> None:
    with pytest.raises(TargetError, match="指标值为空"):
        parse_target(text)


# --- Target printing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("≥95%", "≥95%"),
        ("16个小区", "≥16个小区"),
        ("≤180万", "≤180万元"),
        ("2小时以内", "≤2小时"),
        ("定性:全面提升", "定性：全面提升"),
        ("2021年11月前", "2021年11月前（截至2021年11月30日）"),
        ("2021-11-30", "2021-11-30"),
    ],
)
def test_target_prints_its_comparator_and_parsed_value(text: str, printed: str) -> None:
    assert str(parse_target(text)) == printed


# --- parse_actual: numbers --------------------------------------------------------------------


def test_parse_actual_converts_yuan_into_the_targets_wan() -> None:
    actual = parse_actual("1710000元", parse_target("≤180万元"))

    assert actual == Measured(Quantity(Decimal("171"), WAN), "1710000元", "1710000元折合171万元")


def test_parse_actual_converts_minutes_into_the_targets_hours() -> None:
    actual = parse_actual("90分钟", parse_target("≤2小时"))

    assert actual == Measured(Quantity(Decimal("1.5"), HOUR), "90分钟", "90分钟折合1.5小时")


@pytest.mark.parametrize(
    ("value", "target", "quantity"),
    [
        ("0.5天", "≤24小时", Quantity(Decimal("12"), HOUR)),
        ("2年", "≥18个月", Quantity(Decimal("24"), unit_for("个月"))),
        ("1.2亿元", "≤15000万元", Quantity(Decimal("12000"), WAN)),
    ],
)
def test_parse_actual_converts_within_a_dimension(
    value: str, target: str, quantity: Quantity
) -> None:
    actual = parse_actual(value, parse_target(target))

    assert isinstance(actual, Measured)
    assert actual.quantity == quantity


@pytest.mark.parametrize(
    ("value", "target", "quantity"),
    [
        ("98%", "≥95%", Quantity(Decimal("98"), PERCENT)),
        ("98％", "≥95%", Quantity(Decimal("98"), PERCENT)),
        ("１.５小时", "≤2小时", Quantity(Decimal("1.5"), HOUR)),
        ("150万", "≤180万元", Quantity(Decimal("150"), WAN)),
        ("16个小区", "16个小区", Quantity(Decimal("16"), Unit("个小区", "计数:个小区"))),
        ("0次", "=0次", Quantity(Decimal("0"), Unit("次", "计数:次"))),
        ("1180", "≥1000", Quantity(Decimal("1180"), NO_UNIT)),
    ],
)
def test_parse_actual_in_the_targets_unit_needs_no_assumption(
    value: str, target: str, quantity: Quantity
) -> None:
    actual = parse_actual(value, parse_target(target))

    assert actual == Measured(quantity, value, None)


@pytest.mark.parametrize(
    ("value", "raw"), [("95", "95"), (95, "95"), (Decimal("95.5"), "95.5"), (" 95 ", "95")]
)
def test_parse_actual_gives_a_bare_number_the_targets_unit_and_says_so(
    value: str | int | Decimal, raw: str
) -> None:
    actual = parse_actual(value, parse_target("≥95%"))

    assert isinstance(actual, Measured)
    assert actual.quantity == Quantity(Decimal(raw), PERCENT)
    assert actual.quantity.unit is PERCENT
    assert actual.raw == raw
    assert actual.assumption == "实际值未写单位，按“%”计"


def test_parse_actual_gives_a_bare_number_the_wan_of_an_amount_target() -> None:
    actual = parse_actual("171", parse_target("≤180万元"))

    assert actual == Measured(Quantity(Decimal("171"), WAN), "171", "实际值未写单位，按“万元”计")


@pytest.mark.parametrize(
    ("value", "target"),
    [("3个", "≥95%"), ("95%", "≥16个小区"), ("5天", "≤5个工作日"), ("16个", "16个小区")],
)
def test_parse_actual_refuses_an_actual_in_a_different_dimension(value: str, target: str) -> None:
    with pytest.raises(UnitMismatch, match="单位不一致"):
        parse_actual(value, parse_target(target))


@pytest.mark.parametrize("value", ["很好", "全面提升", "约95%", ""])
def test_parse_actual_refuses_unreadable_numbers_showing_the_expected_form(value: str) -> None:
    with pytest.raises(TargetError) as caught:
        parse_actual(value, parse_target("≥95%"))

    message = str(caught.value)
    assert f"无法识别的实际完成值“{value}”" in message
    assert "指标值为“≥95%”" in message
    assert "95%" in message


@pytest.mark.parametrize("value", [dt.date(2021, 11, 20), "2021年11月20日", "2021-11"])
def test_parse_actual_refuses_a_date_for_a_numeric_target(value: str | dt.date) -> None:
    with pytest.raises(TargetError) as caught:
        parse_actual(value, parse_target("≥95%"))

    assert "是日期" in str(caught.value)
    assert "≥95%" in str(caught.value)


def test_parse_actual_reads_amounts_with_four_digit_whole_parts_and_decimals() -> None:
    actual = parse_actual("1710.5万元", parse_target("≤1800万元"))

    assert actual == Measured(Quantity(Decimal("1710.5"), WAN), "1710.5万元", None)


# --- parse_actual: deadlines ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "on", "raw"),
    [
        (dt.date(2021, 11, 20), dt.date(2021, 11, 20), "2021-11-20"),
        (dt.datetime(2021, 11, 20, 9, 0), dt.date(2021, 11, 20), "2021-11-20"),
        ("2021年11月20日", dt.date(2021, 11, 20), "2021年11月20日"),
        ("2021-12-05", dt.date(2021, 12, 5), "2021-12-05"),
        ("２０２１-１１-２０", dt.date(2021, 11, 20), "2021-11-20"),
    ],
)
def test_parse_actual_reads_the_completion_day_of_a_deadline(
    value: str | dt.date, on: dt.date, raw: str
) -> None:
    actual = parse_actual(value, parse_target("2021年11月前"))

    assert actual == Dated(on, raw, None)


@pytest.mark.parametrize(
    ("value", "on", "assumption"),
    [
        ("2021年12月", dt.date(2021, 12, 31), "完成日期只写到月，按2021-12-31计"),
        ("2021年11月", dt.date(2021, 11, 30), "完成日期只写到月，按2021-11-30计"),
        ("2021年第三季度", dt.date(2021, 9, 30), "完成日期只写到季度，按2021-09-30计"),
        ("2021年", dt.date(2021, 12, 31), "完成日期只写到年，按2021-12-31计"),
    ],
)
def test_parse_actual_takes_a_loose_completion_date_at_its_period_end(
    value: str, on: dt.date, assumption: str
) -> None:
    actual = parse_actual(value, parse_target("2021年11月前"))

    assert actual == Dated(on, value, assumption)


@pytest.mark.parametrize("value", ["如期完成", "已完成", "按时", 2021])
def test_parse_actual_refuses_a_deadline_actual_that_is_not_a_date(value: str | int) -> None:
    with pytest.raises(TargetError) as caught:
        parse_actual(value, parse_target("2021年11月前"))

    message = str(caught.value)
    assert f"时限指标的实际完成值“{value}”不是日期" in message
    assert "“如期完成”不是证据" in message


def test_parse_actual_refuses_an_impossible_completion_date() -> None:
    with pytest.raises(TargetError, match="不存在"):
        parse_actual("2021-11-31", parse_target("2021年11月前"))


# --- parse_actual and parse_grade: qualitative ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        ("达成", Grade.ACHIEVED),
        ("达成年度指标", Grade.ACHIEVED),
        ("达成预期指标", Grade.ACHIEVED),
        ("部分达成", Grade.PARTLY),
        ("部分达成年度指标并具有一定效果", Grade.PARTLY),
        ("未达成", Grade.NOT_ACHIEVED),
        ("未达成年度指标且效果较差", Grade.NOT_ACHIEVED),
        (" 达成 ", Grade.ACHIEVED),
    ],
)
def test_parse_actual_reads_a_grade_for_a_qualitative_target(value: str, grade: Grade) -> None:
    assert parse_actual(value, parse_target("定性:全面提升")) == Graded(grade, None)


@pytest.mark.parametrize("value", ["基本达成", "良好", "全面提升", ""])
def test_parse_actual_refuses_an_unknown_grade(value: str) -> None:
    with pytest.raises(TargetError) as caught:
        parse_actual(value, parse_target("定性:全面提升"))

    message = str(caught.value)
    assert f"无法识别的定性档次“{value}”" in message
    assert "达成年度指标、部分达成年度指标并具有一定效果、未达成年度指标且效果较差" in message


@pytest.mark.parametrize(
    ("text", "points", "graded"),
    [
        ("达成", None, Graded(Grade.ACHIEVED, None)),
        ("部分达成", Decimal("7.5"), Graded(Grade.PARTLY, Decimal("7.5"))),
        ("未达成年度指标且效果较差", Decimal("3"), Graded(Grade.NOT_ACHIEVED, Decimal("3"))),
    ],
)
def test_parse_grade_keeps_the_points_given(
    text: str, points: Decimal | None, graded: Graded
) -> None:
    assert parse_grade(text, points) == graded


def test_grade_aliases_map_only_to_the_three_official_grades() -> None:
    assert set(GRADE_ALIASES.values()) == set(Grade)
    assert [g.value for g in Grade] == [
        "达成年度指标",
        "部分达成年度指标并具有一定效果",
        "未达成年度指标且效果较差",
    ]


# --- printing actuals -------------------------------------------------------------------------


def test_actuals_print_as_written_and_grades_in_full() -> None:
    assert str(parse_actual("90分钟", parse_target("≤2小时"))) == "90分钟"
    assert str(parse_actual("2021年12月", parse_target("2021年11月前"))) == "2021年12月"
    assert str(parse_actual("部分达成", parse_target("定性:全面提升"))) == (
        "部分达成年度指标并具有一定效果"
    )


@pytest.mark.parametrize(
    ("ref", "printed"),
    [
        (EvidenceRef("online_rate"), "证据：online_rate"),
        (
            EvidenceRef("online_rate", (("group", "地网"), ("period", "2021"))),
            "证据：online_rate（group=地网，period=2021）",
        ),
        (  # the measure known: in the reader's words, as the reports print it
            EvidenceRef("online_rate", (("group", "地网"),), "没有设备", "在线率（分组：地网）"),
            "未取得证据：在线率（分组：地网）",
        ),
    ],
)
def test_evidence_ref_prints_its_measure_and_parameters(ref: EvidenceRef, printed: str) -> None:
    assert str(ref) == printed


def test_target_defaults_leave_no_quantity_deadline_or_assumption() -> None:
    target = Target("x", Comparator.QUALITATIVE, statement="全面提升")

    assert (target.quantity, target.deadline, target.assumption) == (None, None, None)


# --- actuals as the project file writes them ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "written"),
    [
        ("96.2%", "≥95%", "96.2%"),
        (Decimal("96.2"), "≥95%", "96.2"),
        (96.2, "≥95%", "96.2"),  # a YAML float keeps its written digits
        (dt.date(2021, 11, 20), "2021年11月前", "2021-11-20"),
        ("达成", "定性:全面提升", "达成年度指标"),
        ({"grade": "部分达成", "points": 7.5}, "定性:全面提升", None),
        ({"grade": "未达成", "points": "3"}, "定性:全面提升", None),
        ({"measure": "online_rate", "group": "地网", "period": 2021}, "≥95%", None),
    ],
)
def test_an_actual_value_reads_and_writes_back_to_the_same_actual(
    value: object, target: str, written: str | None
) -> None:
    parsed = parse_target(target)
    actual = actual_from_value(value, parsed)

    back = actual_to_value(actual)
    assert actual_from_value(back, parsed) == actual
    if written is not None:
        assert back == written


def test_graded_points_and_evidence_are_written_as_the_project_file_writes_them() -> None:
    graded = actual_from_value({"grade": "部分达成", "points": 7.5}, None)
    assert actual_to_value(graded) == {"grade": "部分达成年度指标并具有一定效果", "points": 7.5}
    assert actual_to_value(Graded(Grade.ACHIEVED, Decimal(8))) == {
        "grade": "达成年度指标",
        "points": 8,
    }
    ref = actual_from_value({"measure": "online_rate", "period": 2021}, None)
    assert ref == EvidenceRef("online_rate", (("period", "2021"),))
    assert actual_to_value(ref) == {"measure": "online_rate", "period": "2021"}


@pytest.mark.parametrize(
    ("value", "part", "message"),
    [
        ({"grade": "很好"}, "grade", "无法识别的定性档次“很好”"),
        ({"grade": "达成", "points": "八分"}, "points", "得分“八分”应为数字"),
        ({"grade": "达成", "points": True}, "points", "得分应为数字"),
    ],
)
def test_a_bad_part_of_a_graded_actual_is_named(value: object, part: str, message: str) -> None:
    with pytest.raises(ActualPartError) as raised:
        actual_from_value(value, None)
    assert raised.value.part == part and message in str(raised.value)


@pytest.mark.parametrize(
    ("value", "target", "message"),
    [
        ({"grade": "达成", "colour": "red"}, None, "应为数值、日期、{grade"),
        ("96%", None, "没有年度指标值（target）"),
        (["96%"], parse_target("≥95%"), "无法识别的实际完成值"),
    ],
)
def test_an_actual_value_that_cannot_be_read_says_what_would_be_valid(
    value: object, target: Target | None, message: str
) -> None:
    with pytest.raises(TargetError, match=re.escape(message)):
        actual_from_value(value, target)
