"""The department's 整体 self-evaluation (部门整体支出绩效自评): its projects rolled up.

What rolls up, and how (performance-cycle.md §3, where no stored rule gives a formula):
execution is computed over the whole budget — basic expenditure (基本支出) plus every
project's — from the same ledgers, never averaged; each project's score and grade are cited
as they are, never averaged into the department's; the department's own 整体 indicators (运行
成本, 管理效率, 履职效能, 社会效应, 服务对象满意度 — the common framework — with the points the
department gives them, summing to 100) are scored by the same rules as a project's indicators.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.errors import DomainError
from jixiao.domain.evaluation import Evaluation
from jixiao.domain.findings import Finding, Severity
from jixiao.domain.presentation import money, rate_text, score_text
from jixiao.domain.scoring import ScoringSettings, grade_for, round_score, score_share
from jixiao.domain.targets import Actual, EvidenceRef, Target

FRAMEWORK = ("运行成本", "管理效率", "履职效能", "社会效应", "可持续发展能力", "服务对象满意度")


class DepartmentError(DomainError):
    """A department file that cannot be rolled up (points not summing to 100, …)."""


@dataclass(frozen=True, slots=True)
class WholeIndicator:
    """A 部门整体 indicator: one of the framework's 一级, a 二级 and a 三级 with its points."""

    level1: str
    level2: str
    name: str
    target: Target | None
    actual: Actual | None
    points: Decimal


@dataclass(frozen=True, slots=True)
class Department:
    name: str
    year: int
    basic_budget: Decimal | None  # 基本支出 全年预算数; None when not given
    basic_executed: Decimal | None  # 基本支出 全年执行数
    indicators: tuple[WholeIndicator, ...]
    settings: ScoringSettings


@dataclass(frozen=True, slots=True)
class Spending:
    budget: Decimal
    executed: Decimal | None
    rate: Decimal | None


@dataclass(frozen=True, slots=True)
class WholeScore:
    indicator: WholeIndicator
    score: Decimal
    working: str


@dataclass(frozen=True, slots=True)
class DepartmentEvaluation:
    department: Department
    projects: tuple[Evaluation, ...]
    basic: Spending
    project_spending: Spending
    overall: Spending
    indicators: tuple[WholeScore, ...]
    total: Decimal
    grade: str
    findings: tuple[Finding, ...]


def _spending(budget: Decimal, executed: Decimal | None) -> Spending:
    rate = None if executed is None or budget <= 0 else executed / budget
    return Spending(budget, executed, rate)


def evaluate_department(
    department: Department, projects: Sequence[Evaluation]
) -> DepartmentEvaluation:
    total_points = sum((i.points for i in department.indicators), Decimal(0))
    if department.indicators and total_points != 100:
        raise DepartmentError(f"部门整体指标分值合计为{total_points}，应为100")
    mine = [e for e in projects if e.project.year == department.year]
    budget = sum((e.project.funds.budget for e in mine), Decimal(0))
    executed_parts = [e.execution.executed for e in mine]
    executed = (
        None
        if any(x is None for x in executed_parts)
        else sum((x for x in executed_parts if x is not None), Decimal(0))
    )
    project_spending = _spending(budget, executed)
    basic = _spending(department.basic_budget or Decimal(0), department.basic_executed)
    known = department.basic_budget is not None and department.basic_executed is not None
    overall = _spending(
        basic.budget + budget,
        None
        if executed is None or (department.basic_budget and not known)
        else ((department.basic_executed or Decimal(0)) + executed),
    )
    scores = tuple(_score(i, department) for i in department.indicators)
    total = sum((s.score for s in scores), Decimal(0))
    return DepartmentEvaluation(
        department,
        tuple(projects),
        basic,
        project_spending,
        overall,
        scores,
        total,
        grade_for(total),
        tuple(_findings(department, projects, project_spending)),
    )


def _score(indicator: WholeIndicator, department: Department) -> WholeScore:
    target, actual = indicator.target, indicator.actual
    if target is None:
        return WholeScore(indicator, Decimal(0), "缺少指标值，无法计分")
    if actual is None or isinstance(actual, EvidenceRef):
        return WholeScore(indicator, Decimal(0), "缺少实际完成值，按0分计")
    result = score_share(target, actual, indicator.points, department.settings, department.year)
    return WholeScore(indicator, round_score(indicator.points, result.share), result.working)


def _findings(
    department: Department, projects: Sequence[Evaluation], spending: Spending
) -> list[Finding]:
    out = []
    for e in projects:
        p = e.project
        where = f"项目/{p.name}"
        if p.year != department.year:
            out.append(
                Finding(
                    "project-other-year",
                    Severity.WARNING,
                    f"项目年度为{p.year}，不是部门自评年度{department.year}；其资金未计入部门执行率",
                    where,
                )
            )
        errors = sum(1 for f in e.findings if f.severity is Severity.ERROR)
        if e.grade == "差" or errors:
            out.append(
                Finding(
                    "project-weak",
                    Severity.WARNING,
                    f"项目自评{score_text(e.total)}分（{e.grade}），有{errors}个错误级问题；部门整体自评应说明原因与整改",
                    where,
                )
            )
        arrears = sum((c.arrears for c in e.contracts if c.arrears), Decimal(0))
        if arrears > 0:
            out.append(
                Finding(
                    "project-arrears",
                    Severity.WARNING,
                    f"合同欠付{money(arrears)}，应在部门整体自评中如实反映",
                    where,
                )
            )
    if spending.executed is None:
        out.append(
            Finding(
                "department-execution-unknown",
                Severity.ERROR,
                "有项目没有执行数，部门项目支出执行率无法计算",
                "部门/项目支出",
            )
        )
    if department.basic_budget is None:
        out.append(
            Finding(
                "department-no-basic",
                Severity.WARNING,
                "没有基本支出数据（basic）：执行率只按项目支出计算",
                "部门/基本支出",
            )
        )
    if not department.indicators:
        out.append(
            Finding(
                "department-no-indicators",
                Severity.ERROR,
                f"没有部门整体指标；通用框架的一级指标为：{'、'.join(FRAMEWORK)}",
                "部门/整体指标",
            )
        )
    return out


def execution_text(spending: Spending) -> str:
    executed = "—" if spending.executed is None else money(spending.executed)
    return f"预算{money(spending.budget)}，执行{executed}，执行率{rate_text(spending.rate)}"
