"""复核: a finance bureau's rescoring of a unit's 自评表, by the 复核口径 reviewers use.

From the report alone (the evidence stays with a person), every scored row is rescored by the
first rule that applies, in this order (docs/checks.md, "Reviewer mode", gives the sources):

1. the same indicator already counted (产出 and 效益, or twice) → 0;
2. a 三级 indicator that does not belong to its 二级 (资金支付率 as a 数量指标…) → 0;
3. 满意度 with no survey in the report → 0;
4. no actual at all (no evidence) → 0;
5. a measured actual: the 10号 formula (≥: actual ÷ target; ≤: target ÷ actual; deadlines);
   met or above 130% of the target → full points, no deduction;
6. cannot be verified: an actual that is only a claim ("达标", "已完成") for a figure → −100%;
   an actual that cannot be read as the target's figure → −60%; a 定性 target under a 产出
   二级 other than 数量 → −60%; a rate with no measurement source in the report → −30%.
   A 定性 数量 or 效益 indicator keeps the unit's score (no deduction, 口径 6 and 8).

A row whose target cannot be read, and a 决策/过程 criterion of an evaluation framework, keep
the unit's score (said so). The 预算执行率 row is rescored as its points × min(全年执行数 ÷ 全年预算数, 1). Nothing here reads
files or a clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.checks.sheet_rows import CLAIM, block, key, misplaced_reason
from jixiao.domain.checks.unsupported import MEASUREMENT, SURVEY
from jixiao.domain.errors import DomainError
from jixiao.domain.money import round_half_up
from jixiao.domain.presentation import number, rate_text
from jixiao.domain.reading.facts import ReportFacts
from jixiao.domain.reading.indicators import IndicatorFact
from jixiao.domain.reading.tables import Column
from jixiao.domain.reading.text import compact
from jixiao.domain.scoring import ScoringSettings, score_share
from jixiao.domain.targets import Comparator, Dated, Measured

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
OVERSHOOT = Decimal("1.3")
_SETTINGS = ScoringSettings(weights={})

# The 复核口径 cited, by name (the sources number them differently; review-rules.md §1).
NO_EVIDENCE = "没得资料证明的，打0分"
UNVERIFIABLE = "指标不具有可考查性，酌情扣分（严重100%、中等60%、轻微30%）"
NO_SURVEY = "满意度无资料的，打0分"
OVER_130 = "完成值超过130%，不扣分"
QUALITATIVE_FITS = "数量指标、效益指标设为定性，与项目相关或产生效益，不扣分"
DUPLICATED = "产出指标、效益指标重复设置，只计一次"
MISMATCHED = "三级指标与二级指标定义不匹配，打0分"
FORMULA = "按10号文计分：完成值÷指标值（反向指标指标值÷完成值）"
EXECUTION = "预算执行率得分=分值×全年执行数÷全年预算数（10号文）"
KEPT = "无法按复核口径重算，保留自评得分"

SEVERE, MEDIUM, LIGHT = Decimal("1"), Decimal("0.6"), Decimal("0.3")


@dataclass(frozen=True, slots=True)
class ReviewLine:
    """One scored row: the unit's score beside the review's, and why they differ."""

    indicator: str
    level1: str
    points: Decimal
    unit_score: Decimal | None
    review_score: Decimal
    reason: str  # Chinese, empty when the review keeps the score
    rule: str  # the 复核口径 applied
    location: str

    @property
    def changed(self) -> bool:
        return self.unit_score is None or self.review_score != self.unit_score


@dataclass(frozen=True, slots=True)
class ProjectReview:
    project: str
    unit_total: Decimal | None  # the 总分 the report states, else its rows' sum
    review_total: Decimal | None
    lines: tuple[ReviewLine, ...]
    notes: tuple[str, ...] = ()

    @property
    def deductions(self) -> tuple[ReviewLine, ...]:
        return tuple(line for line in self.lines if line.changed)


def _met_share(fact: IndicatorFact, year: int | None) -> Decimal | None:
    target, actual = fact.target, fact.actual
    if target is None or not isinstance(actual, Measured | Dated):
        return None
    try:
        share = score_share(target, actual, ONE, _SETTINGS, year or _year_of(actual))
    except DomainError:
        return None
    return min(ONE, share.share)


def _year_of(actual: Measured | Dated) -> int:
    return actual.on.year if isinstance(actual, Dated) else 0


def _overshoot(fact: IndicatorFact) -> bool:
    target, actual = fact.target, fact.actual
    if target is None or target.quantity is None or not isinstance(actual, Measured):
        return False
    if target.comparator not in (Comparator.AT_LEAST, Comparator.EQUAL):
        return False
    value = target.quantity.value
    return value > 0 and actual.quantity.value >= value * OVERSHOOT


def _rescore(
    fact: IndicatorFact, points: Decimal, facts: ReportFacts, seen: set[str]
) -> tuple[Decimal, str, str]:
    """(review score, reason, rule) for one row."""
    if re.search(r"决策|过程|管理|实施", fact.level1):
        kept = fact.score if fact.score is not None else points
        return kept, "评价框架的决策、过程类指标，不按复核口径重算", KEPT
    name = key(fact.name)
    if name in seen:
        return ZERO, "与前面的同名指标重复，复核只计一次", DUPLICATED
    seen.add(name)
    if (why := misplaced_reason(fact)) is not None:
        return ZERO, f"{fact.level2 or fact.level1}下的{why}", MISMATCHED
    text = facts.document.text
    if block(fact) == "满意度指标" and not SURVEY.search(text):
        return ZERO, "报告没有满意度调查（问卷、样本数、满意人数）", NO_SURVEY
    if not fact.actual_raw:
        return ZERO, "没有实际完成值，无佐证", NO_EVIDENCE
    target = fact.target
    kept = fact.score if fact.score is not None else points
    if target is None:
        return kept, "指标值无法识别，保留自评得分（请人工复核）", KEPT
    if target.comparator is Comparator.QUALITATIVE:
        level2 = compact(fact.level2)
        if block(fact) == "产出指标" and not level2.startswith("数量"):
            return _cut(points, MEDIUM), "定性的产出指标，有方向无计算标准（中等）", UNVERIFIABLE
        return kept, "", QUALITATIVE_FITS
    share = _met_share(fact, facts.year_value)
    if share is None:
        if CLAIM.match(compact(fact.actual_raw)):
            return (
                ZERO,
                f"实际完成值只写“{fact.actual_raw}”，没有数值，无法考查（严重）",
                UNVERIFIABLE,
            )
        return (
            _cut(points, MEDIUM),
            f"实际完成值“{fact.actual_raw}”无法按指标值核对（中等）",
            UNVERIFIABLE,
        )
    if _overshoot(fact):
        return points, "完成值超130%，按规则不扣分", OVER_130
    score = round_half_up(points * share, 2)
    if (
        isinstance(fact.actual, Measured)
        and fact.actual.quantity.unit.symbol == "%"
        and block(fact) in ("产出指标", "效益指标")
        and not MEASUREMENT.search(text)
    ):
        return (
            _cut(score, LIGHT),
            "比率没有说明数据来源（监测、统计、抽查），（轻微）",
            UNVERIFIABLE,
        )
    reason = "" if share >= ONE else f"完成{rate_text(share)}"
    return score, reason, FORMULA


def _cut(points: Decimal, severity: Decimal) -> Decimal:
    return round_half_up(points * (ONE - severity), 2)


def _execution(facts: ReportFacts) -> ReviewLine | None:
    row = facts.funds.total if facts.funds else None
    if row is None or row.points is None:
        return None
    a, b = row.amounts.get(Column.BUDGET), row.amounts.get(Column.EXECUTED)
    if a is not None and b is not None and a > 0:
        rate = min(ONE, b / a)
        review = round_half_up(row.points * rate, 2)
        reason = f"全年执行数÷全年预算数={rate_text(b / a)}"
    elif row.rate is not None:
        review = round_half_up(row.points * min(ONE, row.rate / HUNDRED), 2)
        reason = f"按自评表执行率{number(row.rate)}%"
    else:
        return None
    return ReviewLine(
        "预算执行率",
        "预算执行率",
        row.points,
        row.score,
        review,
        reason,
        EXECUTION,
        str(row.location),
    )


def review_report(facts: ReportFacts) -> ProjectReview:
    name = facts.name.value if facts.name else facts.document.name
    seen: set[str] = set()
    lines: list[ReviewLine] = []
    for fact in facts.indicators:
        if fact.points is None:
            continue  # a row with no points of its own ("其中…") is not scored
        score, reason, rule = _rescore(fact, fact.points, facts, seen)
        score = min(fact.points, max(ZERO, score))
        lines.append(
            ReviewLine(
                fact.name,
                fact.level1,
                fact.points,
                fact.score,
                score,
                reason,
                rule,
                str(fact.location),
            )
        )
    if not lines:
        return ProjectReview(
            name, _unit_total(facts, ()), None, (), ("自评表没有可复核的指标分值",)
        )
    execution = _execution(facts)
    if execution is not None:
        lines.append(execution)
    notes = () if execution else ("未读出预算执行率的分值与执行数，复核总分不含预算执行率",)
    total = sum((line.review_score for line in lines), ZERO)
    return ProjectReview(name, _unit_total(facts, lines), total, tuple(lines), notes)


def _unit_total(
    facts: ReportFacts, lines: tuple[ReviewLine, ...] | list[ReviewLine]
) -> Decimal | None:
    if facts.sheet.score_totals:
        try:
            return Decimal(facts.sheet.score_totals[0].value)
        except ArithmeticError:  # pragma: no cover - the reader gives numbers
            return None
    scores = [line.unit_score for line in lines]
    if not scores or None in scores:
        return None
    return sum((s for s in scores if s is not None), ZERO)
