"""Scoring as stated: weights that do not sum to 100, qualitative points outside their band,
and a grade that is not the total's. Works on a ScoreSheet, so a report's 自评表 and a project
file are checked alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal

from jixiao.domain.checks.base import Context, Hit, Rule, named
from jixiao.domain.checks.sheet_rows import other_framework, stated_execution
from jixiao.domain.errors import GradeError
from jixiao.domain.findings import Severity
from jixiao.domain.presentation import number
from jixiao.domain.reading.score_sheet import ScoreSheet
from jixiao.domain.scoring import grade_for, grade_points
from jixiao.domain.targets import Graded

HUNDRED = Decimal(100)


MAIN_BLOCKS = ("产出", "效益", "满意度")


def weight_sums(sheet: ScoreSheet) -> Iterator[Hit]:
    if sheet.weights:
        yield from _stated_sum(list(sheet.weights), sheet.weights_location)
        return
    yield from _row_sums(sheet)


def report_weight_sums(sheet: ScoreSheet) -> Iterator[Hit]:
    """A report's stated weights are summed only when all three 一级 blocks are stated (a
    report naming one block's weight says nothing of the others); a 预算执行率 weight it does
    not state is the funds block's points, else the 10 of 10号."""
    if not sheet.weights:
        # Rows are summed only against a stated total: a table cut short, or rows without
        # their points, would add up to less than 100 without being wrong.
        for stated in sheet.points_totals:
            if Decimal(stated.value) != HUNDRED:
                yield Hit(
                    f"分值合计写{stated.value}分，应为100分", stated.location, (stated.quote,)
                )
        return
    names = [k for k, _ in sheet.weights]
    if not all(any(n.startswith(b) for n in names) for b in MAIN_BLOCKS):
        return
    weights, assumed = list(sheet.weights), ""
    if not any(n.startswith("预算执行") for n in names):
        execution = sheet.execution_points
        if execution is None:
            execution, assumed = Decimal(10), "（未写预算执行率分值，按10分计）"
        weights.append(("预算执行率", execution))
    yield from _stated_sum(weights, sheet.weights_location, assumed)


def _stated_sum(
    weights: list[tuple[str, Decimal]], location: str, assumed: str = ""
) -> Iterator[Hit]:
    total = sum((w for _, w in weights), Decimal(0))
    if total != HUNDRED:
        listed = "、".join(f"{k}（{number(w)}分）" for k, w in weights)
        yield Hit(
            f"各部分权重合计{number(total)}分，应为100分：{listed}{assumed}", location, (listed,)
        )


def _row_sums(sheet: ScoreSheet) -> Iterator[Hit]:
    for stated in sheet.points_totals:
        if Decimal(stated.value) != HUNDRED:
            yield Hit(f"分值合计写{stated.value}分，应为100分", stated.location, (stated.quote,))
    points = [r.points for r in sheet.rows]
    if sheet.points_totals or not points or None in points or sheet.execution_points is None:
        return
    total = sum((p for p in points if p is not None), Decimal(0)) + sheet.execution_points
    if total != HUNDRED:
        yield Hit(
            f"各指标分值与预算执行率分值合计{number(total)}分，应为100分",
            sheet.rows[0].location,
        )


def grade_bands(sheet: ScoreSheet) -> Iterator[Hit]:
    for row in sheet.rows:
        if row.grade is None or row.points is None or row.score is None:
            continue
        try:
            grade_points(Graded(row.grade, row.score), row.points)
        except GradeError as error:
            yield Hit(
                f"{named(row.name)}：{error}",
                row.location,
                (f"{row.grade.value}，得分{row.score}",),
            )


def grade_matches(sheet: ScoreSheet) -> Iterator[Hit]:
    total: Decimal | None = None
    if sheet.score_totals:
        total = Decimal(sheet.score_totals[0].value)
    else:
        scores = [r.score for r in sheet.rows]
        if scores and None not in scores and sheet.execution_score is not None:
            total = sum((s for s in scores if s is not None), Decimal(0)) + sheet.execution_score
    if total is None:
        return
    expected = grade_for(total)
    for stated in sheet.grades:
        if stated.value != expected:
            yield Hit(
                f"等级写“{stated.value}”，但总分{number(total)}分对应“{expected}”"
                f"（优≥90，良80–90，中60–80，差<60）",
                stated.location,
                (stated.quote,),
            )


SHEET_RULES = (
    ("weights-not-100", Severity.ERROR, "权重（分值）合计不是100分", weight_sums),
    ("score-out-of-band", Severity.ERROR, "定性指标得分不在所选档次的区间内", grade_bands),
    ("grade-mismatch", Severity.ERROR, "等级与总分不符", grade_matches),
)


def _on_report(
    function: Callable[[ScoreSheet], Iterator[Hit]],
) -> Callable[[Context], Iterator[Hit]]:
    def check(context: Context) -> Iterator[Hit]:
        return function(context.facts.sheet)

    return check


def report_weights(context: Context) -> Iterator[Hit]:
    """weights-not-100 on a report: its 预算执行率 weight as stated anywhere in it, and quiet
    for a 决策/过程 framework (not the 10号 自评 weights)."""
    if other_framework(context):
        return
    sheet = context.facts.sheet
    if (execution := stated_execution(context)) is not None:
        sheet = replace(sheet, execution_points=execution)
    yield from report_weight_sums(sheet)


RULES = tuple(
    Rule(
        rule_id,
        severity,
        title,
        report_weights if rule_id == "weights-not-100" else _on_report(function),
    )
    for rule_id, severity, title, function in SHEET_RULES
)
