"""Scoring rules on a ScoreSheet, as a project file gives it."""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.checks import check_sheet
from jixiao.domain.reading.score_sheet import ScoreSheet, SheetRow, Stated
from jixiao.domain.targets import Grade

D = Decimal
WEIGHTS = (("产出指标", D(50)), ("效益指标", D(30)), ("满意度指标", D(10)), ("预算执行率", D(10)))


def rules(sheet: ScoreSheet) -> list[str]:
    return [f.rule for f in check_sheet(sheet)]


def test_a_consistent_sheet_is_quiet() -> None:
    row = SheetRow("效益指标", "长效运行", D(15), D("10.5"), Grade.PARTLY, "indicators[6]")
    assert rules(ScoreSheet(rows=(row,), weights=WEIGHTS)) == []


def test_weights_short_of_100_are_reported_with_the_gap() -> None:
    weights = (*WEIGHTS[:2], ("满意度指标", D(0)), WEIGHTS[3])
    (finding,) = check_sheet(ScoreSheet(weights=weights, weights_location="scoring.weights"))
    assert finding.rule == "weights-not-100"
    assert "合计90分" in finding.message


def test_points_outside_the_grades_band_are_reported() -> None:
    row = SheetRow("效益指标", "长效运行", D(15), D(13), Grade.PARTLY, "indicators[6]")
    (finding,) = check_sheet(ScoreSheet(rows=(row,), weights=WEIGHTS))
    assert finding.rule == "score-out-of-band"
    assert "[9, 12)" in finding.message


def test_a_grade_that_is_not_the_totals() -> None:
    sheet = ScoreSheet(
        weights=WEIGHTS,
        score_totals=(Stated("85", "总分85", "表1"),),
        grades=(Stated("优", "自评等级：优", "表1"),),
    )
    assert rules(sheet) == ["grade-mismatch"]
    good = ScoreSheet(
        weights=WEIGHTS, score_totals=sheet.score_totals, grades=(Stated("良", "", ""),)
    )
    assert rules(good) == []
