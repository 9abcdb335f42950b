"""Targets (年度指标值) and actual values (实际完成值) of indicators, read from report wording.

A target is a comparator (≥ ≤ =), a deadline, or a qualitative statement (定性). The comparator
is kept apart from the number, as the MOF table's 计算符号 column does. A target written with no
comparator ("100%", "16个小区") is read as ≥ and the assumption is reported, never hidden.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from jixiao.domain.errors import TargetError
from jixiao.domain.money import normalize_text
from jixiao.domain.periods import LooseDate, Precision, looks_like_date, parse_loose_date
from jixiao.domain.presentation import cn_date, number, plain_number
from jixiao.domain.quantities import NO_UNIT, Quantity, parse_quantity


class Comparator(StrEnum):
    AT_LEAST = "≥"
    AT_MOST = "≤"
    EQUAL = "="
    DEADLINE = "时限"
    QUALITATIVE = "定性"


class Grade(StrEnum):
    """The three statements a qualitative indicator is graded with (财预〔2020〕10号)."""

    ACHIEVED = "达成年度指标"
    PARTLY = "部分达成年度指标并具有一定效果"
    NOT_ACHIEVED = "未达成年度指标且效果较差"


GRADE_ALIASES: dict[str, Grade] = {
    "达成": Grade.ACHIEVED,
    "达成年度指标": Grade.ACHIEVED,
    "达成预期指标": Grade.ACHIEVED,
    "部分达成": Grade.PARTLY,
    "部分达成年度指标并具有一定效果": Grade.PARTLY,
    "未达成": Grade.NOT_ACHIEVED,
    "未达成年度指标且效果较差": Grade.NOT_ACHIEVED,
}

TARGET_FORMS = "≥95%、≤2小时、=0次、16个小区（按≥）、2021年11月前、2021-11-30、定性:全面提升"

# Written comparators, longest first so that "不低于" wins over shorter overlaps.
_PREFIXES: tuple[tuple[str, Comparator, str | None], ...] = (
    ("大于等于", Comparator.AT_LEAST, None),
    ("不低于", Comparator.AT_LEAST, None),
    ("不少于", Comparator.AT_LEAST, None),
    ("不小于", Comparator.AT_LEAST, None),
    ("小于等于", Comparator.AT_MOST, None),
    ("不高于", Comparator.AT_MOST, None),
    ("不超过", Comparator.AT_MOST, None),
    ("不多于", Comparator.AT_MOST, None),
    ("不大于", Comparator.AT_MOST, None),
    (">=", Comparator.AT_LEAST, None),
    ("<=", Comparator.AT_MOST, None),
    ("==", Comparator.EQUAL, None),
    ("至少", Comparator.AT_LEAST, None),
    ("≥", Comparator.AT_LEAST, None),
    ("≧", Comparator.AT_LEAST, None),
    ("≤", Comparator.AT_MOST, None),
    ("≦", Comparator.AT_MOST, None),
    ("=", Comparator.EQUAL, None),
    ("等于", Comparator.EQUAL, None),
    (">", Comparator.AT_LEAST, "“>”按“≥”计分"),
    ("<", Comparator.AT_MOST, "“<”按“≤”计分"),
)
# Every written comparator before a figure, longest first: for patterns reading running text.
COMPARATOR_WORDS: tuple[str, ...] = tuple(
    sorted((w for w, _, _ in _PREFIXES), key=len, reverse=True)
)
_SUFFIXES: tuple[tuple[str, Comparator], ...] = (
    ("及以上", Comparator.AT_LEAST),
    ("以上", Comparator.AT_LEAST),
    ("及以下", Comparator.AT_MOST),
    ("以下", Comparator.AT_MOST),
    ("以内", Comparator.AT_MOST),
)
_QUALITATIVE = re.compile(r"^定性\s*[:：]?\s*(?P<text>.+)$")


@dataclass(frozen=True, slots=True)
class Target:
    """A parsed target. `assumption` says in Chinese how an ambiguous text was read."""

    raw: str
    comparator: Comparator
    quantity: Quantity | None = None
    deadline: LooseDate | None = None
    statement: str = ""
    assumption: str | None = None

    def __str__(self) -> str:
        if self.comparator is Comparator.QUALITATIVE:
            return f"定性：{self.statement}"
        if self.deadline is not None:
            if self.deadline.precision is Precision.DAY:
                return self.deadline.raw
            return f"{self.deadline.raw}（截至{cn_date(self.deadline.last)}）"
        return f"{self.comparator.value}{self.quantity}"


@dataclass(frozen=True, slots=True)
class Measured:
    """A numeric actual, already converted into the target's unit.

    `evidence` cites how a measured value was obtained (devices, period, method) when it was
    resolved from the evidence store rather than typed in.
    """

    quantity: Quantity
    raw: str
    assumption: str | None = None
    evidence: str | None = None
    documents: tuple[str, ...] = ()  # titles of the attachments the actual cites
    binding: str = ""  # the measure and its parameters, in words: 在线率（分组：天网；期间：2021）

    def __str__(self) -> str:
        return self.raw


@dataclass(frozen=True, slots=True)
class Dated:
    """The date a deadline indicator was actually met; `on` is the latest day the text allows."""

    on: dt.date
    raw: str
    assumption: str | None = None
    evidence: str | None = None  # the citation, when measured from evidence (payments…)
    documents: tuple[str, ...] = ()
    binding: str = ""

    def __str__(self) -> str:
        return self.raw


@dataclass(frozen=True, slots=True)
class Graded:
    """A qualitative actual: one of the three grades and, optionally, the points the unit gives."""

    grade: Grade
    points: Decimal | None = None
    evidence: str | None = None  # the cited documents, once found in the store
    documents: tuple[str, ...] = ()
    binding: str = ""

    def __str__(self) -> str:
        return self.grade.value


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """An actual bound to measured evidence (online rate, repair time…) instead of typed in."""

    measure: str
    params: tuple[tuple[str, str], ...] = ()
    problem: str | None = None  # why the evidence store could not resolve it
    label: str = ""  # the binding in the reader's words, once the measure is known

    def __str__(self) -> str:
        """As a report prints an actual that has no evidence yet: in the reader's words when
        the measure is known (documents go to the finance bureau as they are), else as
        written in the project file."""
        if self.label:
            return f"未取得证据：{self.label}"
        args = "，".join(f"{k}={v}" for k, v in self.params)
        return f"证据：{self.measure}" + (f"（{args}）" if args else "")


Actual = Measured | Dated | Graded | EvidenceRef


def parse_target(value: str | int | Decimal | dt.date) -> Target:
    """Read a target; raise TargetError with the valid forms when it cannot be read."""
    if isinstance(value, dt.date):
        return Target(value.isoformat(), Comparator.DEADLINE, deadline=parse_loose_date(value))
    raw = str(value).strip()
    text = normalize_text(raw)
    if not text:
        raise TargetError(f"指标值为空；应为如 {TARGET_FORMS}")
    if m := _QUALITATIVE.match(text):
        return Target(raw, Comparator.QUALITATIVE, statement=m["text"].strip())
    comparator, assumption, rest = _split_comparator(text)
    if looks_like_date(rest):
        return _deadline(raw, rest, comparator)
    try:
        quantity = parse_quantity(rest)
    except TargetError as error:
        raise TargetError(
            f"无法识别的指标值“{raw}”；应为如 {TARGET_FORMS}（文字目标请写成“定性:…”）"
        ) from error
    if comparator is None:
        comparator, assumption = Comparator.AT_LEAST, "未写比较符，按“≥”计分"
    return Target(raw, comparator, quantity=quantity, assumption=assumption)


def _split_comparator(text: str) -> tuple[Comparator | None, str | None, str]:
    for word, comparator, assumption in _PREFIXES:
        if text.startswith(word):
            return comparator, assumption, text[len(word) :].strip()
    for word, comparator in _SUFFIXES:
        if text.endswith(word):
            return comparator, None, text[: -len(word)].strip()
    return None, None, text


def _deadline(raw: str, text: str, comparator: Comparator | None) -> Target:
    if comparator not in (None, Comparator.AT_MOST):
        raise TargetError(f"时限指标“{raw}”只能写成截止日期，如 {TARGET_FORMS}")
    deadline = parse_loose_date(text)
    assumption = None
    if deadline.precision is not Precision.DAY:
        assumption = f"“{deadline.raw}”按{deadline.last.isoformat()}（期末）为截止日"
    return Target(raw, Comparator.DEADLINE, deadline=deadline, assumption=assumption)


def parse_actual(value: str | int | Decimal | dt.date, target: Target) -> Actual:
    """Read an actual value for `target`, converted into the target's unit.

    Deadlines take a date; qualitative targets take a grade; numeric targets take a number,
    and a bare number takes the target's unit (reported as an assumption).
    """
    if target.comparator is Comparator.QUALITATIVE:
        return parse_grade(str(value))
    if target.comparator is Comparator.DEADLINE:
        return _completion_date(value)
    assert target.quantity is not None
    raw = str(value).strip() if not isinstance(value, dt.date) else value.isoformat()
    text = normalize_text(raw)
    if isinstance(value, dt.date) or looks_like_date(text):
        raise TargetError(f"实际完成值“{raw}”是日期，但指标值“{target.raw}”是数值")
    try:
        quantity = parse_quantity(text)
    except TargetError as error:
        raise TargetError(
            f"无法识别的实际完成值“{raw}”；指标值为“{target.raw}”，"
            f"实际值应为数字加单位，如 {target.quantity.value}{target.quantity.unit.symbol}"
        ) from error
    assumption = None
    if quantity.unit is NO_UNIT and target.quantity.unit is not NO_UNIT:
        quantity = Quantity(quantity.value, target.quantity.unit)
        assumption = f"实际值未写单位，按“{target.quantity.unit.symbol}”计"
    converted = quantity.in_unit_of(target.quantity)
    if converted.unit != quantity.unit:
        note = f"{quantity}折合{number(converted.value)}{converted.unit.symbol}"
        assumption = f"{assumption}；{note}" if assumption else note
    return Measured(converted, raw, assumption)


def _completion_date(value: str | int | Decimal | dt.date) -> Dated:
    text = value if isinstance(value, dt.date) else normalize_text(str(value))
    if isinstance(text, str) and not looks_like_date(text):
        raise TargetError(
            f"时限指标的实际完成值“{value}”不是日期；应写实际完成的日期，如 2021-11-20 或"
            f" 2021年11月20日（“如期完成”不是证据）"
        )
    done = parse_loose_date(text)
    assumption = None
    if done.precision is not Precision.DAY:
        assumption = f"完成日期只写到{done.precision.value}，按{done.last.isoformat()}计"
    return Dated(done.last, done.raw, assumption)


def parse_grade(text: str, points: Decimal | None = None) -> Graded:
    """Read one of the three qualitative grades (short forms 达成/部分达成/未达成 accepted)."""
    grade = GRADE_ALIASES.get(normalize_text(text))
    if grade is None:
        valid = "、".join(g.value for g in Grade)
        raise TargetError(f"无法识别的定性档次“{text}”；应为 {valid}")
    return Graded(grade, points)


ActualValue = str | dict[str, str | int | float | list[str]]
"""An actual as the project file writes it: text, or {grade, points}, or {measure, …}, or
either of the first two with `documents: [标题…]`."""


class ActualPartError(TargetError):
    """A part of a {grade: …, points: …} actual that cannot be read; `part` names the key."""

    def __init__(self, message: str, part: str) -> None:
        super().__init__(message)
        self.part = part


def actual_from_value(value: object, target: Target | None) -> Actual:
    """Read an actual as the project file (or a form) writes it, for `target`.

    A mapping is {measure: …, params…} or {grade: …, points: …}; anything else is read by
    parse_actual against the target, which must then be known.
    """
    if isinstance(value, dict) and "documents" in value:
        titles = _titles(value["documents"])
        rest = {k: v for k, v in value.items() if k != "documents"}
        if set(rest) == {"value"}:
            inner = actual_from_value(rest["value"], target)
        elif "grade" in rest and not set(rest) - {"grade", "points"}:
            inner = actual_from_value(rest, target)
        else:
            raise TargetError(
                "引用证明材料应写成 {grade: 定性档次, documents: [材料标题]}"
                " 或 {value: 实际完成值, documents: [材料标题]}"
            )
        if isinstance(inner, EvidenceRef):
            raise TargetError("证据度量的结果不能再引用证明材料")
        return dataclasses.replace(inner, documents=titles)
    if isinstance(value, dict):
        if "measure" in value:
            params = tuple((str(k), str(v)) for k, v in value.items() if k != "measure")
            return EvidenceRef(str(value["measure"]), params)
        if "grade" in value and not set(value) - {"grade", "points"}:
            points = None if value.get("points") is None else _points(value["points"])
            try:
                return parse_grade(str(value["grade"]), points)
            except TargetError as error:
                raise ActualPartError(str(error), "grade") from error
        raise TargetError(
            "应为数值、日期、{grade: 定性档次, points: 得分} 或 {measure: 证据度量, …}"
        )
    if target is None:
        raise TargetError("没有年度指标值（target）就无法评价实际完成值；请先填写指标值")
    if isinstance(value, float):  # YAML gives floats for bare 96.2; keep their written digits
        value = Decimal(repr(value))
    if not isinstance(value, str | int | Decimal | dt.date) or isinstance(value, bool):
        raise TargetError(f"无法识别的实际完成值“{value}”；应为数字加单位、日期或定性档次")
    return parse_actual(value, target)


def _titles(value: object) -> tuple[str, ...]:
    items = value if isinstance(value, list | tuple) else [value]
    titles = tuple(str(t).strip() for t in items if t is not None and str(t).strip())
    if not titles:
        raise ActualPartError(
            "documents 应为证明材料标题的列表，如 [等保二级测评报告]", "documents"
        )
    return titles


def actual_to_value(actual: Actual) -> ActualValue:
    """An actual as the project file writes it (the inverse of actual_from_value)."""
    if not isinstance(actual, EvidenceRef) and actual.documents:
        plain = actual_to_value(dataclasses.replace(actual, documents=()))
        if isinstance(plain, dict):
            written = dict(plain)
        else:
            written = {"grade" if isinstance(actual, Graded) else "value": plain}
        return {**written, "documents": list(actual.documents)}
    if isinstance(actual, Measured | Dated):
        return actual.raw
    if isinstance(actual, Graded):
        if actual.points is None:
            return actual.grade.value
        return {"grade": actual.grade.value, "points": plain_number(actual.points)}
    return {"measure": actual.measure, **dict(actual.params)}


def _points(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ActualPartError("得分应为数字，如 10.5", "points")
    try:
        return Decimal(repr(value) if isinstance(value, float) else str(value))
    except ArithmeticError as error:
        raise ActualPartError(f"得分“{value}”应为数字，如 10.5", "points") from error
