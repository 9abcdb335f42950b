"""Turn a structurally valid project file into the domain's Project, collecting every problem.

Each value is read by the domain's parser; a DomainError becomes a problem at that value's
path, so the user sees all mistakes of a file at once, each with its line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar, TypeVarTuple

from jixiao.domain.assessment import AssessmentRules, Basis, OnlineRule, RepairRule
from jixiao.domain.errors import DomainError
from jixiao.domain.evaluation import Project
from jixiao.domain.funds import SOURCES, Allocation, Contract, Funds, Payment
from jixiao.domain.indicators import (
    IndicatorDraft,
    Layout,
    layout_named,
    level1_name,
    level2_name,
    settle_points,
    settle_weights,
)
from jixiao.domain.money import parse_amount
from jixiao.domain.periods import LooseDate, parse_loose_date
from jixiao.domain.scoring import ReverseRule, ScoringSettings, grade_points
from jixiao.domain.targets import (
    Actual,
    ActualPartError,
    EvidenceRef,
    Graded,
    Target,
    actual_from_value,
    parse_target,
)
from jixiao.services.measures import check_period_years

from .schema import AssessmentIn, ContractIn, FundsIn, IndicatorIn, ProjectFileIn

Path = tuple[str | int, ...]
T = TypeVar("T")
Ts = TypeVarTuple("Ts")


class Collector:
    """Runs parsers, keeping each DomainError as (path, message) instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[tuple[Path, str]] = []

    def read(self, path: Path, parse: Callable[[*Ts], T], *args: *Ts) -> T | None:
        try:
            return parse(*args)
        except DomainError as error:
            self.problems.append((path, str(error)))
            return None

    def optional(self, path: Path, parse: Callable[[Any], T], value: Any) -> tuple[T | None, bool]:
        """(parsed, ok): an absent value is ok and None; a bad one is recorded and not ok."""
        if value is None:
            return None, True
        parsed = self.read(path, parse, value)
        return parsed, parsed is not None

    def add(self, path: Path, message: str) -> None:
        self.problems.append((path, message))


def to_project(doc: ProjectFileIn) -> tuple[Project | None, list[tuple[Path, str]]]:
    c = Collector()
    info = doc.project
    layout = c.read(("project", "layout"), layout_named, info.layout)
    weights = None
    if layout is not None:
        weights = c.read(("scoring", "weights"), settle_weights, layout, doc.scoring.weights)
    if not 1990 <= info.year <= 2100:
        c.add(("project", "year"), f"年度{info.year}不合理；应为四位年份，如 2021")
    if doc.scoring.overshoot_flag <= 1:
        c.add(
            ("scoring", "overshoot_flag"),
            "超额提示阈值应大于1，如 1.2（实际值达到指标值的120%时提示）",
        )
    settings = ScoringSettings(
        weights or {}, ReverseRule(doc.scoring.reverse), doc.scoring.overshoot_flag
    )
    funds = _funds(doc.funds, c)
    indicators = None
    if layout is not None and weights is not None:
        indicators = _indicators(layout, weights, doc.indicators, c)
    if c.problems or layout is None or funds is None or indicators is None:
        return None, c.problems
    project = Project(
        info.name.strip(),
        info.department.strip(),
        info.implementer.strip(),
        info.year,
        layout,
        settings,
        funds,
        indicators,
        doc.goals.expected.strip(),
        doc.goals.achieved.strip(),
        doc.published.total if doc.published else None,
        doc.published.execution if doc.published else None,
    )
    return project, []


def _indicators(
    layout: Layout, weights: dict[str, Decimal], items: list[IndicatorIn], c: Collector
) -> tuple[Any, ...] | None:
    drafts = [_draft(layout, item, ("indicators", i), c) for i, item in enumerate(items)]
    complete = [d for d in drafts if d is not None]
    if len(complete) != len(drafts):
        return None
    settled = c.read(("indicators",), settle_points, complete, weights)
    if settled is None:
        return None
    for i, indicator in enumerate(settled):
        if isinstance(indicator.actual, Graded):
            c.read(
                ("indicators", i, "actual", "points"),
                grade_points,
                indicator.actual,
                indicator.points,
            )
    return tuple(settled)


def _draft(layout: Layout, item: IndicatorIn, base: Path, c: Collector) -> IndicatorDraft | None:
    level1 = c.read((*base, "level1"), level1_name, layout, item.level1.strip())
    level2 = None
    if level1 is not None:
        level2 = c.read((*base, "level2"), level2_name, layout, level1, item.level2.strip())
    target, target_ok = c.optional((*base, "target"), parse_target, _written(item.target))
    actual, actual_ok = None, True
    if item.actual is not None and target_ok:
        actual = _actual(item.actual, target, (*base, "actual"), c)
        actual_ok = actual is not None
    if item.points is not None and item.points <= 0:
        c.add((*base, "points"), "分值应大于0；不写则平分该一级指标的权重")
    if not item.name.strip():
        c.add((*base, "name"), "三级指标名称不能为空")
    if level1 is None or level2 is None or not target_ok or not actual_ok:
        return None
    return IndicatorDraft(
        level1,
        level2,
        item.name.strip(),
        target,
        actual,
        item.points,
        item.note.strip(),
        item.published_score,
    )


def _actual(value: Any, target: Target | None, path: Path, c: Collector) -> Actual | None:
    try:
        actual = actual_from_value(value, target)
        if isinstance(actual, EvidenceRef) and "period" in dict(actual.params):
            check_period_years(dict(actual.params)["period"])
        return actual
    except ActualPartError as error:
        c.add((*path, error.part), str(error))
    except DomainError as error:
        c.add(path, str(error))
    return None


def _written(value: Any) -> Any:
    """YAML floats keep their written digits (8.5, not 8.4999…)."""
    return Decimal(repr(value)) if isinstance(value, float) else value


def _written_date(value: str | dt.date | int) -> LooseDate:
    """A payment or allocation date; a bare year (2021) means some day in that year."""
    if isinstance(value, int):
        return parse_loose_date(f"{value}年")
    return parse_loose_date(value)


def _funds(f: FundsIn, c: Collector) -> Funds | None:
    initial, initial_ok = c.optional(("funds", "initial_budget"), parse_amount, f.initial_budget)
    if initial_ok and initial is None:
        initial = Decimal(0)  # written as null: no budget; evaluate says so (missing-budget)
    budget, budget_ok = c.optional(("funds", "budget"), parse_amount, f.budget)
    executed, executed_ok = c.optional(("funds", "executed"), parse_amount, f.executed)
    sources: dict[str, Decimal] = {}
    for key, value in f.sources.items():
        if key not in SOURCES:
            c.add(("funds", "sources", key), f"未知的资金来源“{key}”；应为：{'、'.join(SOURCES)}")
        elif (amount := c.read(("funds", "sources", key), parse_amount, value)) is not None:
            sources[key] = amount
    allocations: list[Allocation] = []
    for i, a in enumerate(f.allocations):
        on = c.read(("funds", "allocations", i, "date"), _written_date, a.date)
        amount = c.read(("funds", "allocations", i, "amount"), parse_amount, a.amount)
        if on is not None and amount is not None:
            allocations.append(Allocation(on, amount, a.document.strip()))
    names = [k.name for k in f.contracts]
    payments: list[Payment] = []
    for i, p in enumerate(f.payments):
        on = c.read(("funds", "payments", i, "date"), _written_date, p.date)
        amount = c.read(("funds", "payments", i, "amount"), parse_amount, p.amount)
        if p.contract is not None and p.contract not in names:
            c.add(
                ("funds", "payments", i, "contract"),
                f"没有名为“{p.contract}”的合同；已有：{'、'.join(names) or '（无）'}",
            )
        if on is not None and amount is not None:
            payments.append(Payment(on, amount, p.memo.strip(), p.contract))
    contracts = [_contract(("funds", "contracts", i), k, c) for i, k in enumerate(f.contracts)]
    if initial is None or not (budget_ok and executed_ok) or c.problems:
        return None
    return Funds(
        initial,
        budget if budget is not None else initial,
        executed,
        sources,
        tuple(allocations),
        tuple(payments),
        tuple(k for k in contracts if k is not None),
    )


def _contract(path: Path, k: ContractIn, c: Collector) -> Contract | None:
    total = c.read((*path, "total"), parse_amount, k.total)
    paid_before, paid_ok = c.optional((*path, "paid_before"), parse_amount, k.paid_before)
    due, due_ok = c.optional((*path, "due"), parse_loose_date, k.due)
    rules, rules_ok = (None, True) if k.assessment is None else _assessment(path, k.assessment, c)
    if total is None or not (paid_ok and due_ok and rules_ok):
        return None
    contract = c.read(path, Contract, k.name.strip(), total, k.start, k.months, due, paid_before)
    if contract is None:
        return None
    if rules is not None and (k.start is None or k.months is None):
        c.add(
            (*path, "assessment"), "运维考核按月扣款，需要合同的 start（起始日期）和 months（月数）"
        )
        return None
    return dataclasses.replace(contract, contractor=k.contractor.strip(), assessment=rules)


def parse_percent(value: Any) -> Decimal:
    """A percentage as written: "95%", "1%", 95 (percentage points), into Decimal 95, 1."""
    text = str(_written(value)).strip().rstrip("%％").strip()
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise DomainError(f"无法识别的百分比“{value}”；应为如 95% 或 1%") from None
    if not number.is_finite() or number < 0:
        raise DomainError(f"无法识别的百分比“{value}”；应为如 95% 或 1%")
    return number


def _assessment(path: Path, a: AssessmentIn, c: Collector) -> tuple[AssessmentRules | None, bool]:
    before = len(c.problems)
    here = (*path, "assessment")
    online = repair = None
    if a.online_rate is not None:
        r = a.online_rate
        target = c.read((*here, "online_rate", "target"), parse_percent, r.target)
        per_point = c.read(
            (*here, "online_rate", "deduct_per_point"), parse_percent, r.deduct_per_point
        )
        if target is not None and per_point is not None:
            online = OnlineRule(target, Basis(r.basis), per_point)
    if a.repair is not None:
        late = c.read((*here, "repair", "deduct_per_late"), parse_amount, a.repair.deduct_per_late)
        if late is not None:
            repair = RepairRule(a.repair.respond_hours, a.repair.repair_hours, late)
    cap, _ = c.optional((*here, "cap"), parse_percent, a.cap)
    if len(c.problems) > before:
        return None, False
    group = None if a.scope.group is None else a.scope.group.strip() or None
    rules = c.read(here, AssessmentRules, group, online, repair, cap)
    return rules, rules is not None
