"""复核 (domain/review.py): each 复核口径 on a 自评表 shaped as county units publish it, with the
expected review scores computed by hand."""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.review import (
    DUPLICATED,
    FORMULA,
    KEPT,
    MISMATCHED,
    NO_EVIDENCE,
    NO_SURVEY,
    OVER_130,
    UNVERIFIABLE,
    ProjectReview,
    review_report,
)
from tests.unit.checks.reports import facts_of

T = "\t"
SURVEYED = "经发放调查问卷300份，收回有效问卷289份，学生满意度96.5%。经平台统计，覆盖率100%。"


def sheet(*rows: tuple[str, ...], text: str = SURVEYED, total: str = "") -> str:
    return "\n".join(
        [
            "某县教育体育局",
            "2022年度义务教育营养改善计划专项资金绩效自评报告",
            text,
            T.join(
                [
                    "项目资金（万元）",
                    "年初预算数",
                    "全年预算数",
                    "全年执行数",
                    "分值",
                    "执行率",
                    "得分",
                ]
            ),
            T.join(["年度资金总额", "40", "40", "36", "10", "90%", "9"]),
            "",
            T.join(
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
            ),
            *(T.join(r) for r in rows),
            *([T.join(["总分", "", "", "", "", "100", total])] if total else []),
        ]
    )


def review(*rows: tuple[str, ...], text: str = SURVEYED, total: str = "") -> ProjectReview:
    return review_report(facts_of(sheet(*rows, text=text, total=total)))


def line(result: ProjectReview, name: str) -> tuple[Decimal, str]:
    found = next(x for x in result.lines if x.indicator == name)
    return found.review_score, found.rule


COUNT = ("产出指标", "数量指标", "学生受资助人数", "≥735人次", "700人次", "20", "20")
RATE = ("产出指标", "质量指标", "营养改善计划覆盖率", "≥100%", "100%", "10", "10")
SATISFIED = ("满意度指标", "服务对象满意度指标", "学生满意度", "≥95%", "96.5%", "10", "10")


def test_a_missed_count_is_scored_by_the_formula_and_totals_include_execution() -> None:
    result = review(COUNT, RATE, SATISFIED, total="49")
    # 20 × 700 ÷ 735 = 19.047… → 19.05; execution 10 × 36 ÷ 40 = 9
    assert line(result, "学生受资助人数") == (Decimal("19.05"), FORMULA)
    assert result.review_total == Decimal("19.05") + 10 + 10 + 9
    assert result.unit_total == Decimal(49)
    assert [x.indicator for x in result.deductions] == ["学生受资助人数"]


def test_satisfaction_without_a_survey_scores_nothing() -> None:
    result = review(COUNT, SATISFIED, text="经平台统计，学生满意度96.5%。")
    assert line(result, "学生满意度") == (Decimal(0), NO_SURVEY)
    assert line(review(COUNT, SATISFIED), "学生满意度")[0] == Decimal(10)


def test_no_actual_is_no_evidence() -> None:
    empty = ("产出指标", "质量指标", "营养改善计划覆盖率", "≥100%", "—", "10", "10")
    assert line(review(COUNT, empty), "营养改善计划覆盖率") == (Decimal(0), NO_EVIDENCE)


def test_far_above_the_target_is_not_deducted() -> None:
    high = ("效益指标", "社会效益指标", "政策知晓率", "≥50%", "98%", "20", "16")
    assert line(review(COUNT, high), "政策知晓率") == (Decimal(20), OVER_130)


def test_unverifiable_actuals_by_severity() -> None:
    claimed = ("产出指标", "质量指标", "营养改善计划覆盖率", "≥100%", "达标", "10", "10")
    assert line(review(claimed), "营养改善计划覆盖率") == (Decimal(0), UNVERIFIABLE)  # −100%
    vague = ("产出指标", "时效指标", "配餐及时性", "定性:及时", "达成年度指标", "10", "10")
    assert line(review(vague), "配餐及时性") == (Decimal(4), UNVERIFIABLE)  # −60%
    unsourced = review(RATE, text="经发放调查问卷300份。")  # a rate, no source named
    assert line(unsourced, "营养改善计划覆盖率") == (Decimal(7), UNVERIFIABLE)  # −30%


def test_qualitative_benefit_keeps_the_units_score() -> None:
    benefit = (
        "效益指标",
        "社会效益指标",
        "减轻家庭负担",
        "定性:有效减轻",
        "达成年度指标",
        "10",
        "9",
    )
    assert line(review(benefit), "减轻家庭负担")[0] == Decimal(9)


def test_duplicated_and_misplaced_indicators_score_nothing() -> None:
    twice = ("效益指标", "社会效益指标", "学生受资助人数", "≥735人次", "735人次", "10", "10")
    paid = ("产出指标", "数量指标", "资金支付率", "≥100%", "100%", "10", "10")
    result = review(COUNT, twice, paid)
    assert [x.review_score for x in result.lines if x.indicator == "学生受资助人数"][1] == 0
    assert [x.rule for x in result.lines if x.indicator == "学生受资助人数"][1] == DUPLICATED
    assert line(result, "资金支付率") == (Decimal(0), MISMATCHED)


def test_a_report_without_scored_rows_says_so() -> None:
    result = review_report(
        facts_of("某县公安局\n2021年天网工程运维经费绩效自评报告\n项目完成良好。")
    )
    assert result.review_total is None and result.notes


def test_an_unreadable_target_or_a_framework_criterion_keeps_the_units_score() -> None:
    odd = ("效益指标", "社会效益指标", "政策知晓率", "达到省定标准", "98%", "10", "9")
    criterion = ("项目决策", "决策过程", "可行性", "实际工作需求", "实际工作需求", "2", "2")
    result = review(odd, criterion)
    # a target in words (read as 定性 since "═100%" became readable as "=100%") keeps it too
    assert line(result, "政策知晓率")[0] == Decimal(9)
    assert line(result, "可行性") == (Decimal(2), KEPT)
