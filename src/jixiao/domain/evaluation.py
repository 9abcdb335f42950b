"""A project-year and its self-evaluation (自评): scores, total, grade and findings.

`evaluate` is the whole 自评表 computation: budget execution, every indicator by its rule, the
gaps (missing targets, missing evidence, empty blocks) and the funds' own findings (payments
that disagree with the stated execution, contract arrears behind a "100%" claim).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.findings import Finding, Severity
from jixiao.domain.funds import ContractStatus, Funds, execution_rate
from jixiao.domain.indicators import EXECUTION, Indicator, Layout
from jixiao.domain.presentation import money, number, rate_text
from jixiao.domain.scoring import (
    Flag,
    ScoringSettings,
    grade_for,
    is_overshoot,
    round_score,
    score_share,
)
from jixiao.domain.targets import EvidenceRef, Grade, Graded

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Project:
    name: str
    department: str
    implementer: str
    year: int
    layout: Layout
    settings: ScoringSettings
    funds: Funds
    indicators: tuple[Indicator, ...]
    expected_goal: str = ""
    achieved_goal: str = ""
    published_total: Decimal | None = None  # the 总分 the unit's own 自评表 states
    published_execution: Decimal | None = None  # its 预算执行率 得分


@dataclass(frozen=True, slots=True)
class ExecutionScore:
    """预算执行率 row: budget (A), executed (B), rate B/A, weight and score."""

    budget: Decimal
    executed: Decimal | None
    rate: Decimal | None
    weight: Decimal
    score: Decimal


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    indicator: Indicator
    score: Decimal
    completion: Decimal | None
    working: str
    flags: tuple[Flag, ...]
    assumptions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    project: Project
    execution: ExecutionScore
    indicators: tuple[IndicatorScore, ...]
    contracts: tuple[ContractStatus, ...]
    total: Decimal
    grade: str
    findings: tuple[Finding, ...]

    @property
    def points_total(self) -> Decimal:
        """The 总分 row's 分值: every block's weight, including blocks with no indicator."""
        return sum(self.project.settings.weights.values(), ZERO)


def evaluate(project: Project) -> Evaluation:
    execution = score_execution(project)
    rows = tuple(score_indicator(i, project) for i in project.indicators)
    contracts = tuple(
        project.funds.contract_status(c, project.year) for c in project.funds.contracts
    )
    total = execution.score + sum((r.score for r in rows), ZERO)
    findings = (
        *_execution_findings(project, execution),
        *_block_findings(project),
        *_indicator_findings(rows),
        *_contract_findings(contracts, project),
        *_published_findings(project, execution, rows, total),
    )
    return Evaluation(project, execution, rows, contracts, total, grade_for(total), findings)


def score_execution(project: Project) -> ExecutionScore:
    """score = weight × min(执行率, 1), half-up to 0.01; no executed figure scores 0."""
    weight = project.settings.weights[EXECUTION]
    executed = project.funds.executed_in_year(project.year)
    if executed is None or project.funds.budget <= 0:  # no budget: no rate to compute
        return ExecutionScore(project.funds.budget, executed, None, weight, ZERO)
    rate = execution_rate(executed, project.funds.budget)
    return ExecutionScore(project.funds.budget, executed, rate, weight, round_score(weight, rate))


def score_indicator(indicator: Indicator, project: Project) -> IndicatorScore:
    target, actual = indicator.target, indicator.actual
    assumptions = tuple(
        a for a in (target and target.assumption, getattr(actual, "assumption", None)) if a
    )
    if target is None:
        return IndicatorScore(
            indicator, ZERO, None, "缺少指标值，无法计分", (Flag.MISSING_TARGET,), ()
        )
    if actual is None:
        return IndicatorScore(
            indicator, ZERO, None, "缺少实际完成值，按0分计", (Flag.MISSING_ACTUAL,), assumptions
        )
    if isinstance(actual, EvidenceRef):
        working = (
            f"{actual}：{actual.problem}，按0分计"
            if actual.problem
            else f"{actual}尚未取得（需接入证据库），按0分计"
        )
        return IndicatorScore(
            indicator, ZERO, None, working, (Flag.UNRESOLVED_EVIDENCE,), assumptions
        )
    result = score_share(target, actual, indicator.points, project.settings, project.year)
    score = round_score(indicator.points, result.share)
    flags: list[Flag] = []
    if score < indicator.points:
        flags.append(Flag.SHORTFALL)
    if is_overshoot(target, result.completion, project.settings):
        flags.append(Flag.OVERSHOOT)
    if assumptions:
        flags.append(Flag.ASSUMPTION)
    if (Flag.SHORTFALL in flags or Flag.OVERSHOOT in flags) and not indicator.note.strip():
        flags.append(Flag.MISSING_NOTE)
    working = result.working
    if actual.evidence:
        working += f"（证据：{actual.evidence}）"
    return IndicatorScore(indicator, score, result.completion, working, tuple(flags), assumptions)


def _where(indicator: Indicator) -> str:
    return f"{indicator.level1}/{indicator.level2}/{indicator.name}"


def _published_findings(
    project: Project, execution: ExecutionScore, rows: tuple[IndicatorScore, ...], total: Decimal
) -> Iterator[Finding]:
    """Where the unit's own 自评表 scored a row (or the whole) differently from these rules."""
    if project.published_execution is not None and project.published_execution != execution.score:
        yield Finding(
            "self-score-differs",
            Severity.WARNING,
            f"预算执行率：单位自评{number(project.published_execution)}分，"
            f"按规则计{number(execution.score)}分（分值{number(execution.weight)}）",
            "预算执行率",
        )
    for row in rows:
        ind = row.indicator
        if ind.published_score is not None and ind.published_score != row.score:
            yield Finding(
                "self-score-differs",
                Severity.WARNING,
                f"单位自评{number(ind.published_score)}分，按规则计{number(row.score)}分"
                f"（分值{number(ind.points)}）：{row.working}",
                f"{ind.level1}/{ind.level2}/{ind.name}",
            )
    if project.published_total is not None and project.published_total != total:
        yield Finding(
            "self-total-differs",
            Severity.WARNING,
            f"单位自评总分{number(project.published_total)}分，按规则计算总分{number(total)}分",
            "总分",
        )


def _indicator_findings(rows: tuple[IndicatorScore, ...]) -> Iterator[Finding]:
    for row in rows:
        ind, where = row.indicator, _where(row.indicator)
        points = number(ind.points)
        if Flag.MISSING_TARGET in row.flags:
            yield Finding(
                "missing-target", Severity.ERROR, f"没有可衡量的指标值，{points}分无法得分", where
            )
        if Flag.MISSING_ACTUAL in row.flags:
            yield Finding(
                "missing-evidence",
                Severity.ERROR,
                f"没有实际完成值（证据），按0分计，失{points}分",
                where,
            )
        if Flag.UNRESOLVED_EVIDENCE in row.flags:
            yield Finding("unresolved-evidence", Severity.ERROR, row.working, where)
        if Flag.OVERSHOOT in row.flags and row.completion is not None:
            pct = rate_text(row.completion)
            yield Finding(
                "overshoot",
                Severity.WARNING,
                f"实际完成值为指标值的{pct}，需说明目标是否设置偏低（不扣分）",
                where,
                (str(ind.actual),),
            )
        if Flag.MISSING_NOTE in row.flags:
            yield Finding(
                "missing-deviation-note",
                Severity.WARNING,
                "得分低于分值或超额较多，但未填写偏差原因分析及改进措施",
                where,
            )
        actual = ind.actual
        if isinstance(actual, Graded) and actual.grade is Grade.ACHIEVED and not actual.documents:
            yield Finding(
                "grade-without-document",
                Severity.WARNING,
                f"定性指标评为“{Grade.ACHIEVED.value}”，但未引用任何证明材料（documents）；"
                f"复核时没有资料证明的指标按0分计，失{points}分",
                where,
            )
        for assumption in row.assumptions:
            yield Finding("assumption", Severity.INFO, assumption, where)


def _block_findings(project: Project) -> Iterator[Finding]:
    for level1 in project.layout.blocks:
        if not any(i.level1 == level1 for i in project.indicators):
            weight = number(project.settings.weights[level1])
            yield Finding(
                "empty-block",
                Severity.ERROR,
                f"“{level1}”（权重{weight}分）没有任何三级指标，该部分得0分",
                level1,
            )


def _execution_findings(project: Project, execution: ExecutionScore) -> Iterator[Finding]:
    funds, year = project.funds, project.year
    if funds.budget <= 0:
        yield Finding(
            "missing-budget",
            Severity.ERROR,
            "没有填写预算数（funds.initial_budget 为空或为0），无法计算执行率，预算执行率按0分计",
            EXECUTION,
        )
    elif execution.executed is None:
        yield Finding(
            "missing-execution",
            Severity.ERROR,
            f"没有全年执行数，也没有{year}年内的支付记录，预算执行率按0分计",
            EXECUTION,
        )
    paid = funds.paid_in_year(year)
    if funds.executed is not None and funds.payments and paid != funds.executed:
        yield Finding(
            "execution-payments-mismatch",
            Severity.WARNING,
            f"填报的全年执行数{money(funds.executed)}与{year}年支付合计{money(paid)}不符",
            EXECUTION,
        )
    if funds.sources:
        total = sum(funds.sources.values(), ZERO)
        if total != funds.budget:
            yield Finding(
                "sources-sum-mismatch",
                Severity.WARNING,
                f"各资金来源合计{money(total)}，与全年预算数{money(funds.budget)}不符",
                "资金来源",
            )
    allocated = funds.allocated()
    if allocated is not None and allocated < funds.budget:
        rate = rate_text(allocated / funds.budget)
        yield Finding(
            "allocation-short",
            Severity.WARNING,
            f"资金下达{money(allocated)}，全年预算数{money(funds.budget)}，到位率{rate}",
            "资金到位",
        )


def _contract_findings(
    contracts: tuple[ContractStatus, ...], project: Project
) -> Iterator[Finding]:
    year_obligation = ZERO
    for status in contracts:
        contract, where = status.contract, f"合同/{status.contract.name}"
        if not contract.has_schedule:
            yield Finding(
                "contract-schedule-unknown",
                Severity.INFO,
                f"合同总额{money(contract.total)}，未填写付款计划，无法判断是否欠付",
                where,
            )
        elif status.paid is None:
            yield Finding(
                "contract-paid-unknown",
                Severity.INFO,
                "未填写以前年度已付金额（paid_before），无法计算欠付",
                where,
            )
        arrears = status.arrears
        if (
            arrears is not None
            and arrears > 0
            and status.due is not None
            and status.paid is not None
        ):
            yield Finding(
                "contract-arrears",
                Severity.WARNING,
                f"截至{status.as_of.isoformat()}按合同应付{money(status.due)}，"
                f"已付{money(status.paid)}，欠付{money(arrears)}",
                where,
            )
        year_obligation += status.due_in_year or ZERO
    if year_obligation > 0:
        coverage = rate_text(project.funds.budget / year_obligation)
        if project.funds.budget < year_obligation:
            yield Finding(
                "budget-below-obligation",
                Severity.WARNING,
                f"{project.year}年合同应付{money(year_obligation)}，全年预算数"
                f"{money(project.funds.budget)}，仅覆盖{coverage}",
                "合同",
            )
