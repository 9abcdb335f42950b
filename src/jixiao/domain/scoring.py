"""Scoring rules of 财预〔2020〕10号 self-evaluation: actual vs target -> points, and the grade.

Each comparator has one small rule function, looked up in RULES; reverse (≤) indicators use the
rule chosen in the project's settings (REVERSE_RULES); qualitative grades are checked against
GRADE_BANDS. Every score is rounded half-up to 0.01 and capped at the indicator's points.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from jixiao.domain.errors import GradeError, TargetError
from jixiao.domain.money import round_half_up
from jixiao.domain.periods import year_start
from jixiao.domain.presentation import number, rate_text
from jixiao.domain.targets import Comparator, Dated, Grade, Graded, Measured, Target

ZERO = Decimal(0)
ONE = Decimal(1)


class ReverseRule(StrEnum):
    """How a missed ≤ target scores: ratio w×X/a, or linear w×max(0, 1−(a−X)/X)."""

    RATIO = "ratio"
    LINEAR = "linear"


class Flag(StrEnum):
    """What a person should look at on an indicator row; the value is the JSON id."""

    SHORTFALL = "shortfall"
    OVERSHOOT = "overshoot"
    ASSUMPTION = "assumption"
    MISSING_ACTUAL = "missing-actual"
    MISSING_TARGET = "missing-target"
    UNRESOLVED_EVIDENCE = "unresolved-evidence"
    MISSING_NOTE = "missing-note"


FLAG_LABELS: dict[Flag, str] = {
    Flag.SHORTFALL: "未完成",
    Flag.OVERSHOOT: "超额较多",
    Flag.ASSUMPTION: "含推定",
    Flag.MISSING_ACTUAL: "缺实际值",
    Flag.MISSING_TARGET: "缺指标值",
    Flag.UNRESOLVED_EVIDENCE: "证据未取得",
    Flag.MISSING_NOTE: "缺偏差说明",
}


@dataclass(frozen=True, slots=True)
class ScoringSettings:
    weights: Mapping[str, Decimal]
    reverse: ReverseRule = ReverseRule.RATIO
    overshoot_flag: Decimal = Decimal("1.2")


@dataclass(frozen=True, slots=True)
class RuleResult:
    """A rule's unrounded share of the points (0..1), its completion ratio and its working."""

    share: Decimal
    completion: Decimal | None
    working: str


# Qualitative bands as shares of the points: (low, high, high is inclusive).
GRADE_BANDS: dict[Grade, tuple[Decimal, Decimal, bool]] = {
    Grade.ACHIEVED: (Decimal("0.8"), ONE, True),
    Grade.PARTLY: (Decimal("0.6"), Decimal("0.8"), False),
    Grade.NOT_ACHIEVED: (ZERO, Decimal("0.6"), False),
}


def _at_least(target: Target, actual: Measured, _: ScoringSettings) -> RuleResult:
    x, a = _values(target, actual)
    if a >= x:
        return RuleResult(ONE, a / x if x > 0 else None, "达到指标值，得满分")
    if x <= 0:  # a ratio to a zero or negative target means nothing; below it is simply missed
        return RuleResult(ZERO, None, f"实际{_n(a)}低于指标值{_n(x)}，得0分")
    return RuleResult(a / x, a / x, f"分值×{_n(a)}÷{_n(x)}")


def _at_most_ratio(x: Decimal, a: Decimal) -> RuleResult:
    return RuleResult(x / a, x / a, f"分值×{_n(x)}÷{_n(a)}（反向指标，比值法）")


def _at_most_linear(x: Decimal, a: Decimal) -> RuleResult:
    share = max(ZERO, ONE - (a - x) / x)
    return RuleResult(share, share, f"分值×(1−({_n(a)}−{_n(x)})÷{_n(x)})（反向指标，线性法）")


REVERSE_RULES: dict[ReverseRule, Callable[[Decimal, Decimal], RuleResult]] = {
    ReverseRule.RATIO: _at_most_ratio,
    ReverseRule.LINEAR: _at_most_linear,
}


def _at_most(target: Target, actual: Measured, settings: ScoringSettings) -> RuleResult:
    x, a = _values(target, actual)
    if a <= x:
        return RuleResult(ONE, None, "未超过指标值，得满分")
    if x == 0:
        return RuleResult(ZERO, None, "指标值为0而实际大于0，得0分")
    return REVERSE_RULES[settings.reverse](x, a)


def _equal(target: Target, actual: Measured, settings: ScoringSettings) -> RuleResult:
    x, a = _values(target, actual)
    if x == 0:
        if a == 0:
            return RuleResult(ONE, None, "指标值为0，实际为0，得满分")
        return RuleResult(ZERO, None, f"指标值为0，实际为{_n(a)}，得0分")
    return _at_least(target, actual, settings)


def _deadline(target: Target, actual: Dated, year: int) -> RuleResult:
    assert target.deadline is not None
    deadline = target.deadline.last
    if actual.on <= deadline:
        return RuleResult(
            ONE, None, f"{actual.on.isoformat()}完成，不晚于截止日{deadline.isoformat()}"
        )
    start = year_start(year)
    allowed, taken = (deadline - start).days, (actual.on - start).days
    share = Decimal(max(allowed, 0)) / Decimal(taken) if taken > 0 else ZERO
    return RuleResult(
        share, share, f"逾期：分值×{allowed}天÷{taken}天（自{start.isoformat()}起算）"
    )


def _qualitative(points: Decimal, actual: Graded) -> RuleResult:
    given = grade_points(actual, points)
    share = given / points if points else ZERO
    return RuleResult(share, None, f"定性“{actual.grade.value}”，评定{_n(given)}分")


NumericRule = Callable[[Target, Measured, ScoringSettings], RuleResult]
RULES: dict[Comparator, NumericRule] = {
    Comparator.AT_LEAST: _at_least,
    Comparator.AT_MOST: _at_most,
    Comparator.EQUAL: _equal,
}


def grade_points(actual: Graded, points: Decimal) -> Decimal:
    """The points a qualitative grade earns; raise GradeError when outside the grade's band.

    Omitted points mean full points, which only 达成年度指标 allows.
    """
    low, high, high_inclusive = GRADE_BANDS[actual.grade]
    lo, hi = points * low, points * high
    band = f"[{_n(lo)}, {_n(hi)}{']' if high_inclusive else ')'}"
    if actual.points is None:
        if actual.grade is Grade.ACHIEVED:
            return points
        raise GradeError(f"定性档次“{actual.grade.value}”须填写得分（points），范围 {band}")
    given = actual.points
    above = given > hi if high_inclusive else given >= hi
    if given < lo or above:
        raise GradeError(
            f"定性档次“{actual.grade.value}”的得分{_n(given)}超出允许范围 {band}"
            f"（分值{_n(points)}的{rate_text(low)}–{rate_text(high)}）"
        )
    return given


def score_share(
    target: Target,
    actual: Measured | Dated | Graded,
    points: Decimal,
    settings: ScoringSettings,
    year: int,
) -> RuleResult:
    """The unrounded share of `points` that `actual` earns against `target`."""
    if isinstance(actual, Graded):
        if target.comparator is not Comparator.QUALITATIVE:
            raise TargetError(f"指标值“{target.raw}”是数值或时限，实际完成值不能是定性档次")
        return _qualitative(points, actual)
    if isinstance(actual, Dated):
        if target.comparator is not Comparator.DEADLINE:
            raise TargetError(f"指标值“{target.raw}”不是时限，实际完成值不能是日期")
        return _deadline(target, actual, year)
    if target.comparator not in RULES:
        raise TargetError(f"指标值“{target.raw}”是时限或定性，实际完成值不能是数值")
    return RULES[target.comparator](target, actual, settings)


def round_score(points: Decimal, share: Decimal) -> Decimal:
    """points × share, half-up to 0.01, within [0, points]."""
    return min(points, max(ZERO, round_half_up(points * share, 2)))


def is_overshoot(target: Target, completion: Decimal | None, settings: ScoringSettings) -> bool:
    """actual/target at or above the flag for ≥ and =X targets: explain, never deduct."""
    return (
        target.comparator in (Comparator.AT_LEAST, Comparator.EQUAL)
        and completion is not None
        and completion >= settings.overshoot_flag
    )


GRADE_THRESHOLDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(90), "优"),
    (Decimal(80), "良"),
    (Decimal(60), "中"),
    (Decimal("-Infinity"), "差"),
)


def grade_for(total: Decimal) -> str:
    """优 ≥ 90, 良 [80, 90), 中 [60, 80), 差 < 60."""
    return next(name for floor, name in GRADE_THRESHOLDS if total >= floor)


def _values(target: Target, actual: Measured) -> tuple[Decimal, Decimal]:
    assert target.quantity is not None
    return target.quantity.value, actual.quantity.value


def _n(value: Decimal) -> str:
    """A number in a working: as written, or to 4 decimals where a product runs longer."""
    return number(round_half_up(value, 4))
