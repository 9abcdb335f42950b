"""evaluate(): the whole 自评表 — execution, indicators, total, grade and findings (§1.4–1.6, §4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jixiao.domain.errors import GradeError
from jixiao.domain.evaluation import (
    ExecutionScore,
    Project,
    evaluate,
    score_execution,
    score_indicator,
)
from jixiao.domain.findings import Finding, Severity
from jixiao.domain.funds import Allocation, Contract, Funds, Payment
from jixiao.domain.indicators import EXECUTION, LAYOUTS, Indicator
from jixiao.domain.periods import parse_loose_date
from jixiao.domain.scoring import Flag, ReverseRule, ScoringSettings
from jixiao.domain.targets import EvidenceRef, parse_actual, parse_grade, parse_target

WAN = Decimal(10_000)
PAID_BEFORE = Decimal(600_000)  # 60万元
YEAR = 2023
DEFAULT_WEIGHTS = {
    "产出指标": Decimal(50),
    "效益指标": Decimal(30),
    "满意度指标": Decimal(10),
    EXECUTION: Decimal(10),
}
NOTE = "已分析偏差原因并提出改进措施"


def wan(amount: str) -> Decimal:
    """万元 -> 元."""
    return Decimal(amount) * WAN


def pay(on: str, amount_wan: str, contract: str | None = None) -> Payment:
    return Payment(parse_loose_date(on), wan(amount_wan), contract=contract)


def funds(
    budget_wan: str = "180",
    executed_wan: str | None = "171",
    payments: tuple[Payment, ...] = (),
    contracts: tuple[Contract, ...] = (),
    sources: dict[str, Decimal] | None = None,
    allocations: tuple[Allocation, ...] = (),
) -> Funds:
    return Funds(
        initial_budget=wan("200"),
        budget=wan(budget_wan),
        executed=None if executed_wan is None else wan(executed_wan),
        sources=sources or {},
        allocations=allocations,
        payments=payments,
        contracts=contracts,
    )


def indicator(
    level1: str,
    level2: str,
    name: str,
    target: str,
    actual: str | dt.date | None,
    points: str,
    note: str = NOTE,
) -> Indicator:
    parsed = parse_target(target)
    return Indicator(
        level1,
        level2,
        name,
        parsed,
        None if actual is None else parse_actual(actual, parsed),
        Decimal(points),
        note,
    )


def satisfaction(points: str = "10") -> Indicator:
    return indicator("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "92%", points)


def benefit(points: str = "30") -> Indicator:
    return indicator("效益指标", "社会效益指标", "群众安全感", "≥90%", "95%", points)


def output(points: str = "50") -> Indicator:
    return indicator("产出指标", "质量指标", "视频点位在线率", "≥95%", "96.2%", points)


def project(
    *indicators: Indicator,
    money: Funds | None = None,
    reverse: ReverseRule = ReverseRule.RATIO,
    year: int = YEAR,
) -> Project:
    return Project(
        name="2023年天网工程运维经费",
        department="某县公安局",
        implementer="科技信息化大队",
        year=year,
        layout=LAYOUTS["mof-2020"],
        settings=ScoringSettings(weights=DEFAULT_WEIGHTS, reverse=reverse),
        funds=funds() if money is None else money,
        indicators=indicators,
    )


def full_marks(*replacing: Indicator) -> Project:
    """A project whose blocks are each one full-marks indicator, plus `replacing` ones."""
    blocks = {i.level1 for i in replacing}
    base = [b for b in (output(), benefit(), satisfaction()) if b.level1 not in blocks]
    return project(*base, *replacing)


def worked_example(reverse: ReverseRule = ReverseRule.RATIO) -> Project:
    """§4 of the reference note: 2023年天网工程运维经费."""
    sustained = parse_target("定性:长效运行")
    return project(
        indicator("产出指标", "数量指标", "维护视频监控点位数", "≥1200个", "1180个", "10"),
        indicator("产出指标", "质量指标", "视频点位在线率", "≥95%", "96.2%", "10"),
        indicator("产出指标", "质量指标", "故障修复及时率", "≥90%", "88%", "10"),
        indicator("产出指标", "时效指标", "故障平均响应时间", "≤2小时", "2.5小时", "10"),
        indicator("产出指标", "成本指标", "运维总成本", "≤180万元", "171万元", "10"),
        indicator("效益指标", "社会效益指标", "视频监控辅助破案数", "≥300起", "420起", "15"),
        Indicator(
            "效益指标",
            "可持续影响指标",
            "系统长效稳定运行",
            sustained,
            parse_grade("部分达成", Decimal("10.5")),
            Decimal(15),
            NOTE,
        ),
        indicator("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "92%", "10"),
        money=funds(budget_wan="180", executed_wan="171"),
        reverse=reverse,
    )


def rules(findings: tuple[Finding, ...]) -> list[str]:
    return [f.rule for f in findings]


# --- the worked example ---------------------------------------------------------------------


def test_the_worked_example_totals_92_61_and_grades_you() -> None:
    # 9.50 + (9.83 + 10 + 9.78 + 8.00 + 10) + (15 + 10.50) + 10 = 9.50 + 47.61 + 25.50 + 10 = 92.61
    evaluation = evaluate(worked_example())
    assert evaluation.execution.score == Decimal("9.50")
    assert [r.score for r in evaluation.indicators] == [
        Decimal("9.83"),
        Decimal("10"),
        Decimal("9.78"),
        Decimal("8.00"),
        Decimal("10"),
        Decimal("15"),
        Decimal("10.50"),
        Decimal("10"),
    ]
    assert evaluation.total == Decimal("92.61")
    assert evaluation.grade == "优"
    assert evaluation.points_total == Decimal(100)


def test_the_worked_example_with_the_linear_reverse_rule_totals_92_11() -> None:
    # response time 10 × (1 − 0.5 / 2) = 7.50 instead of 8.00: 92.61 − 0.50 = 92.11
    evaluation = evaluate(worked_example(ReverseRule.LINEAR))
    assert evaluation.indicators[3].score == Decimal("7.50")
    assert evaluation.total == Decimal("92.11")
    assert evaluation.grade == "优"


def test_the_worked_example_flags_shortfalls_and_the_overshoot() -> None:
    flags = [r.flags for r in evaluate(worked_example()).indicators]
    assert flags == [
        (Flag.SHORTFALL,),
        (),
        (Flag.SHORTFALL,),
        (Flag.SHORTFALL,),
        (),
        (Flag.OVERSHOOT,),
        (Flag.SHORTFALL,),
        (),
    ]


def test_the_worked_example_with_notes_finds_only_the_overshoot() -> None:
    # 420 / 300 = 1.4 -> 140%
    assert evaluate(worked_example()).findings == (
        Finding(
            "overshoot",
            Severity.WARNING,
            "实际完成值为指标值的140%，需说明目标是否设置偏低（不扣分）",
            "效益指标/社会效益指标/视频监控辅助破案数",
            ("420起",),
        ),
    )


def test_rows_below_points_or_far_above_target_without_a_note_are_found() -> None:
    example = worked_example()
    bare = project(
        *(
            Indicator(i.level1, i.level2, i.name, i.target, i.actual, i.points)
            for i in example.indicators
        )
    )
    missing = [f.location for f in evaluate(bare).findings if f.rule == "missing-deviation-note"]
    assert missing == [
        "产出指标/数量指标/维护视频监控点位数",
        "产出指标/质量指标/故障修复及时率",
        "产出指标/时效指标/故障平均响应时间",
        "效益指标/社会效益指标/视频监控辅助破案数",
        "效益指标/可持续影响指标/系统长效稳定运行",
    ]


# --- budget execution -----------------------------------------------------------------------


def test_execution_of_171_of_180_is_a_rate_of_95_percent_scoring_9_50() -> None:
    # 171 / 180 = 0.95; 10 × 0.95 = 9.50
    assert score_execution(project()) == ExecutionScore(
        wan("180"), wan("171"), Decimal("0.95"), Decimal(10), Decimal("9.50")
    )


def test_over_execution_is_capped_at_the_weight() -> None:
    # 198 / 180 = 1.1 -> min(1.1, 1) × 10 = 10
    execution = score_execution(project(money=funds(executed_wan="198")))
    assert execution.rate == Decimal("1.1")
    assert execution.score == Decimal(10)


def test_no_executed_figure_and_no_payments_scores_zero_and_is_found() -> None:
    evaluation = evaluate(_with_funds(full_marks(), funds(executed_wan=None)))
    assert evaluation.execution == ExecutionScore(wan("180"), None, None, Decimal(10), Decimal(0))
    assert evaluation.findings == (
        Finding(
            "missing-execution",
            Severity.ERROR,
            "没有全年执行数，也没有2023年内的支付记录，预算执行率按0分计",
            EXECUTION,
        ),
    )
    # 0 + 50 + 30 + 10
    assert evaluation.total == Decimal(90)


def test_executed_comes_from_payments_dated_in_the_year_only() -> None:
    # 2023: 100 + 71 = 171万 (the 2022 payment of 20万 is not counted); 171 / 180 = 0.95
    payments = (pay("2022-12-20", "20"), pay("2023-05-10", "100"), pay("2023-11-30", "71"))
    execution = score_execution(project(money=funds(executed_wan=None, payments=payments)))
    assert execution.executed == wan("171")
    assert execution.rate == Decimal("0.95")
    assert execution.score == Decimal("9.50")


def test_an_executed_figure_disagreeing_with_the_payments_is_found() -> None:
    payments = (pay("2023-05-10", "100"), pay("2023-11-30", "60"))
    evaluation = evaluate(_with_funds(full_marks(), funds(executed_wan="171", payments=payments)))
    # the stated 171万 is still what is scored: 9.50
    assert evaluation.execution.score == Decimal("9.50")
    assert evaluation.findings == (
        Finding(
            "execution-payments-mismatch",
            Severity.WARNING,
            "填报的全年执行数171万元与2023年支付合计160万元不符",
            EXECUTION,
        ),
    )


def test_an_executed_figure_matching_the_payments_finds_nothing() -> None:
    payments = (pay("2023-05-10", "100"), pay("2023-11-30", "71"))
    evaluation = evaluate(_with_funds(full_marks(), funds(executed_wan="171", payments=payments)))
    assert evaluation.findings == ()


def test_a_zero_budget_scores_no_execution_and_says_so() -> None:
    """A project file may leave the budget null (an import of a report that states none):
    the rest is scored, the 预算执行率 row gets 0 and a finding says why."""
    evaluation = evaluate(_with_funds(full_marks(), funds(budget_wan="0")))
    assert (evaluation.execution.rate, evaluation.execution.score) == (None, Decimal(0))
    assert [f.rule for f in evaluation.findings] == ["missing-budget"]


def test_sources_not_adding_up_to_the_budget_are_found() -> None:
    sources = {"当年财政拨款": wan("150"), "上年结转资金": wan("20")}
    evaluation = evaluate(_with_funds(full_marks(), funds(sources=sources)))
    assert evaluation.findings == (
        Finding(
            "sources-sum-mismatch",
            Severity.WARNING,
            "各资金来源合计170万元，与全年预算数180万元不符",
            "资金来源",
        ),
    )


def test_allocations_short_of_the_budget_are_found_with_the_rate() -> None:
    # 150 / 180 = 83.333…% -> 83.33%
    allocations = (Allocation(parse_loose_date("2023-03-01"), wan("150"), "X财预〔2023〕1号"),)
    evaluation = evaluate(_with_funds(full_marks(), funds(allocations=allocations)))
    assert evaluation.findings == (
        Finding(
            "allocation-short",
            Severity.WARNING,
            "资金下达150万元，全年预算数180万元，到位率83.33%",
            "资金到位",
        ),
    )


# --- indicators -----------------------------------------------------------------------------


def test_an_indicator_without_an_actual_scores_zero_and_is_missing_evidence() -> None:
    missing = indicator("产出指标", "数量指标", "维护视频监控点位数", "≥1200个", None, "50")
    evaluation = evaluate(full_marks(missing))
    row = evaluation.indicators[-1]
    assert row.score == Decimal(0)
    assert row.flags == (Flag.MISSING_ACTUAL,)
    assert row.working == "缺少实际完成值，按0分计"
    assert evaluation.findings == (
        Finding(
            "missing-evidence",
            Severity.ERROR,
            "没有实际完成值（证据），按0分计，失50分",
            "产出指标/数量指标/维护视频监控点位数",
        ),
    )
    # 9.50 + 0 + 30 + 10
    assert evaluation.total == Decimal("49.50")
    assert evaluation.grade == "差"


def test_an_indicator_without_a_target_scores_zero_and_is_missing_target() -> None:
    untargeted = Indicator("效益指标", "社会效益指标", "群众安全感", None, None, Decimal(30), NOTE)
    evaluation = evaluate(full_marks(untargeted))
    row = evaluation.indicators[-1]
    assert row.score == Decimal(0)
    assert row.flags == (Flag.MISSING_TARGET,)
    assert evaluation.findings == (
        Finding(
            "missing-target",
            Severity.ERROR,
            "没有可衡量的指标值，30分无法得分",
            "效益指标/社会效益指标/群众安全感",
        ),
    )


def test_an_actual_bound_to_unfetched_evidence_scores_zero_and_is_found() -> None:
    target = parse_target("≥95%")
    bound = Indicator(
        "产出指标", "质量指标", "视频点位在线率", target, EvidenceRef("在线率"), Decimal(50), NOTE
    )
    evaluation = evaluate(full_marks(bound))
    row = evaluation.indicators[-1]
    assert row.score == Decimal(0)
    assert row.flags == (Flag.UNRESOLVED_EVIDENCE,)
    assert evaluation.findings == (
        Finding(
            "unresolved-evidence",
            Severity.ERROR,
            "证据：在线率尚未取得（需接入证据库），按0分计",
            "产出指标/质量指标/视频点位在线率",
        ),
    )


def test_a_block_without_indicators_is_an_empty_block_scoring_nothing() -> None:
    evaluation = evaluate(project(output(), benefit()))
    assert evaluation.findings == (
        Finding(
            "empty-block",
            Severity.ERROR,
            "“满意度指标”（权重10分）没有任何三级指标，该部分得0分",
            "满意度指标",
        ),
    )
    # 9.50 + 50 + 30
    assert evaluation.total == Decimal("89.50")
    assert evaluation.grade == "良"


def test_a_target_read_with_an_assumed_comparator_is_flagged_and_found() -> None:
    assumed = indicator("产出指标", "数量指标", "覆盖小区数", "16个小区", "16个小区", "50")
    evaluation = evaluate(full_marks(assumed))
    assert evaluation.indicators[-1].flags == (Flag.ASSUMPTION,)
    assert evaluation.indicators[-1].score == Decimal(50)
    assert evaluation.findings == (
        Finding(
            "assumption",
            Severity.INFO,
            "未写比较符，按“≥”计分",
            "产出指标/数量指标/覆盖小区数",
        ),
    )


def test_a_late_deadline_is_scored_by_days_in_the_project_year() -> None:
    # 2023-01-01 -> 2023-11-30 = 333 days, -> 2023-12-31 = 364 days: 50 × 333 / 364 = 45.74
    late = indicator("产出指标", "时效指标", "系统升级完成时间", "2023年11月前", "2023-12-31", "50")
    row = score_indicator(late, project())
    assert row.score == Decimal("45.74")
    assert row.working == "逾期：分值×333天÷364天（自2023-01-01起算）"
    # "11月前" is read as the month's last day, which is reported as an assumption
    assert row.flags == (Flag.SHORTFALL, Flag.ASSUMPTION)
    assert row.assumptions == ("“2023年11月前”按2023-11-30（期末）为截止日",)


def test_a_qualitative_grade_outside_its_band_stops_the_evaluation() -> None:
    graded = Indicator(
        "效益指标",
        "可持续影响指标",
        "系统长效稳定运行",
        parse_target("定性:长效运行"),
        parse_grade("部分达成", Decimal(24)),
        Decimal(30),
        NOTE,
    )
    with pytest.raises(GradeError):
        evaluate(full_marks(graded))


def test_full_marks_everywhere_with_full_execution_totals_100() -> None:
    evaluation = evaluate(_with_funds(full_marks(), funds(executed_wan="180")))
    assert evaluation.total == Decimal(100)
    assert evaluation.grade == "优"
    assert evaluation.findings == ()


# --- contracts ------------------------------------------------------------------------------


def lease(paid_before: Decimal | None = PAID_BEFORE) -> Contract:
    """3894万元 over 120 months of 32.45万元 from 2019-01-01."""
    return Contract(
        "天网租赁", wan("3894"), start=dt.date(2019, 1, 1), months=120, paid_before=paid_before
    )


def leased_project(contract: Contract) -> Project:
    money = funds(
        budget_wan="100",
        executed_wan=None,
        payments=(pay("2021-06-30", "100", "天网租赁"),),
        contracts=(contract,),
    )
    return project(output(), benefit(), satisfaction(), money=money, year=2021)


def test_contract_arrears_and_an_obligation_above_the_budget_are_found() -> None:
    # due by 2021-12-31: 36 × 32.45万 = 1168.2万; paid 60 + 100 = 160万; arrears 1008.2万
    # due in 2021: 12 × 32.45万 = 389.4万; budget 100万 covers 100 / 389.4 = 25.6805…% -> 25.68%
    evaluation = evaluate(leased_project(lease()))
    assert evaluation.findings == (
        Finding(
            "contract-arrears",
            Severity.WARNING,
            "截至2021-12-31按合同应付1168.2万元，已付160万元，欠付1008.2万元",
            "合同/天网租赁",
        ),
        Finding(
            "budget-below-obligation",
            Severity.WARNING,
            "2021年合同应付389.4万元，全年预算数100万元，仅覆盖25.68%",
            "合同",
        ),
    )
    (status,) = evaluation.contracts
    assert status.arrears == wan("1008.2")
    # execution from the 2021 payment: 100 / 100 -> 10
    assert evaluation.execution.score == Decimal(10)
    assert evaluation.total == Decimal(100)


def test_a_contract_without_paid_before_is_found_as_paid_unknown() -> None:
    evaluation = evaluate(leased_project(lease(paid_before=None)))
    assert rules(evaluation.findings) == ["contract-paid-unknown", "budget-below-obligation"]
    assert evaluation.findings[0] == Finding(
        "contract-paid-unknown",
        Severity.INFO,
        "未填写以前年度已付金额（paid_before），无法计算欠付",
        "合同/天网租赁",
    )


def test_a_contract_without_a_schedule_is_found_as_schedule_unknown() -> None:
    evaluation = evaluate(leased_project(Contract("天网租赁", wan("3894"))))
    assert evaluation.findings == (
        Finding(
            "contract-schedule-unknown",
            Severity.INFO,
            "合同总额3894万元，未填写付款计划，无法判断是否欠付",
            "合同/天网租赁",
        ),
    )


def _with_funds(p: Project, money: Funds) -> Project:
    return project(*p.indicators, money=money, reverse=p.settings.reverse, year=p.year)
