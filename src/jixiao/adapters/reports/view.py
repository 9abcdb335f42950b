"""What the 自评表 and 自评报告 show, formatted once for every writer (Word, Excel, Markdown).

Every figure comes from the Evaluation; nothing here decides a score. Figures are written by
domain.presentation: amounts in 万元 as reports write them, rates in per cent, scores with two
decimals in tables and without trailing zeros in prose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.adapters.reports.evidence_annex import EvidenceAnnex, build_annex
from jixiao.domain.evaluation import Evaluation, IndicatorScore
from jixiao.domain.funds import SOURCES, ContractStatus
from jixiao.domain.presentation import cn_date, rate_text, score_prose, score_text, wan
from jixiao.domain.scoring import FLAG_LABELS, Flag
from jixiao.domain.targets import Comparator, EvidenceRef


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    level1: str
    level2: str
    name: str
    target: str
    target_text: str  # for prose: ≥95% / “全面提升”（定性）
    actual: str
    points: str
    score: str
    note: str
    status: str  # met | short | missing-actual | missing-target | unresolved
    working: str
    flags: tuple[str, ...]
    points_text: str
    score_text: str
    lost: bool


@dataclass(frozen=True, slots=True)
class Block:
    """A 一级指标 block with its rows; rows keep the order the project file gives."""

    name: str
    weight: str
    score: str
    rows: tuple[IndicatorRow, ...]


@dataclass(frozen=True, slots=True)
class ContractLine:
    name: str
    total: str
    term: str
    as_of: str
    due: str | None
    paid: str | None
    arrears: str | None
    due_in_year: str | None
    paid_in_year: str


@dataclass(frozen=True, slots=True)
class Deviation:
    """A reason the 偏离绩效目标的原因和改进措施 section must speak of, with the unit's note."""

    subject: str
    problem: str
    note: str


@dataclass(frozen=True, slots=True)
class ReportView:
    title: str
    year: int
    name: str
    department: str
    implementer: str
    expected_goal: str
    achieved_goal: str
    initial_budget: str
    budget: str
    executed: str | None
    execution_rate: str
    execution_weight: str
    execution_score: str
    sources: tuple[tuple[str, str], ...]
    allocations: tuple[tuple[str, str, str], ...]  # (date, document, amount 万元)
    allocated: str | None
    allocation_rate: str | None
    payments: tuple[tuple[str, str, str], ...]  # (date, amount 万元, memo)
    paid_in_year: str
    contracts: tuple[ContractLine, ...]
    blocks: tuple[Block, ...]
    deviations: tuple[Deviation, ...]
    total: str
    points_total: str
    grade: str
    counts: dict[str, int] = field(default_factory=dict)
    layout: str = ""
    annex: EvidenceAnnex | None = None  # 证据清单

    @property
    def rows(self) -> tuple[IndicatorRow, ...]:
        return tuple(row for block in self.blocks for row in block.rows)


def _status(row: IndicatorScore) -> str:
    if Flag.MISSING_TARGET in row.flags:
        return "missing-target"
    if Flag.MISSING_ACTUAL in row.flags:
        return "missing-actual"
    if Flag.UNRESOLVED_EVIDENCE in row.flags:
        return "unresolved"
    return "short" if row.score < row.indicator.points else "met"


def _row(row: IndicatorScore) -> IndicatorRow:
    ind = row.indicator
    unresolved = isinstance(ind.actual, EvidenceRef)
    return IndicatorRow(
        level1=ind.level1,
        level2=ind.level2,
        name=ind.name,
        target=str(ind.target) if ind.target else "",
        target_text=(
            f"“{ind.target.statement}”（定性）"
            if ind.target is not None and ind.target.comparator is Comparator.QUALITATIVE
            else str(ind.target or "")
        ),
        # evidence not obtained: the 实际完成值 cell says （未提供） and the 偏差原因 why
        actual="" if unresolved else str(ind.actual) if ind.actual else "",
        points=score_text(ind.points),
        score=score_text(row.score),
        note="；".join(part for part in (str(ind.actual) if unresolved else "", ind.note) if part),
        status=_status(row),
        working=row.working,
        flags=tuple(FLAG_LABELS[f] for f in row.flags),
        points_text=score_prose(ind.points),
        score_text=score_prose(row.score),
        lost=row.score < ind.points,
    )


def _contract(status: ContractStatus) -> ContractLine:
    k = status.contract
    if k.months is not None and k.start is not None:
        term = f"自{cn_date(k.start)}起分{k.months}个月支付"
    elif k.due is not None:
        term = f"应于{k.due.raw}付清"
    else:
        term = ""
    return ContractLine(
        k.name,
        wan(k.total),
        term,
        cn_date(status.as_of),
        None if status.due is None else wan(status.due),
        None if status.paid is None else wan(status.paid),
        None if status.arrears is None else wan(status.arrears),
        None if status.due_in_year is None else wan(status.due_in_year),
        wan(status.paid_in_year),
    )


def _deviations(evaluation: Evaluation, rows: list[IndicatorScore]) -> list[Deviation]:
    """Every indicator that lost points, was flagged or lacks evidence; plus empty blocks,
    execution below 100 % and contract arrears. Never empty when something was missed."""
    items: list[Deviation] = []
    for row in rows:
        ind, status = row.indicator, _status(row)
        subject = f"{ind.level2}“{ind.name}”"
        if status == "missing-target":
            problem = f"没有可衡量的年度指标值，{score_prose(ind.points)}分未得"
        elif status in ("missing-actual", "unresolved"):
            problem = f"没有实际完成值（证据），按0分计，失{score_prose(ind.points)}分"
        elif status == "short":
            problem = (
                f"年度指标值{ind.target}，实际完成{ind.actual}，"
                f"得{score_prose(row.score)}分（分值{score_prose(ind.points)}分）"
            )
        elif Flag.OVERSHOOT in row.flags and row.completion is not None:
            problem = (
                f"实际完成{ind.actual}，为年度指标值{ind.target}的"
                f"{rate_text(row.completion)}，需说明指标值是否设置偏低"
            )
        else:
            continue
        items.append(Deviation(subject, problem, ind.note))
    for finding in evaluation.findings:
        if finding.rule == "empty-block":
            weight = score_prose(evaluation.project.settings.weights[finding.location])
            items.append(
                Deviation(f"“{finding.location}”", f"未设置三级指标，该部分{weight}分得0分", "")
            )
        elif finding.rule in ("contract-arrears", "budget-below-obligation"):
            name = finding.location.removeprefix("合同/")
            subject = f"合同“{name}”" if name != finding.location else "合同付款"
            items.append(Deviation(subject, finding.message, ""))
    ex = evaluation.execution
    if ex.rate is None:
        items.append(Deviation("预算执行", "没有全年执行数或当年支付记录，预算执行率按0分计", ""))
    elif ex.rate < 1:
        items.append(
            Deviation(
                "预算执行",
                f"执行率{rate_text(ex.rate)}，得{score_prose(ex.score)}分（分值{score_prose(ex.weight)}分）",
                "",
            )
        )
    return items


def build_view(evaluation: Evaluation) -> ReportView:
    p, funds, ex = evaluation.project, evaluation.project.funds, evaluation.execution
    rows = list(evaluation.indicators)
    blocks = []
    for level1 in p.layout.blocks:
        members = [r for r in rows if r.indicator.level1 == level1]
        score = sum((r.score for r in members), Decimal(0))
        blocks.append(
            Block(
                level1,
                score_prose(p.settings.weights[level1]),
                score_prose(score),
                tuple(_row(r) for r in members),
            )
        )
    allocated = funds.allocated()
    statuses = [_status(r) for r in rows]
    counts = {
        "indicators": len(rows),
        "met": statuses.count("met"),
        "short": statuses.count("short"),
        "missing": statuses.count("missing-actual") + statuses.count("unresolved"),
        "no_target": statuses.count("missing-target"),
    }
    return ReportView(
        title=f"{p.name}绩效自评报告",
        year=p.year,
        name=p.name,
        department=p.department,
        implementer=p.implementer,
        expected_goal=p.expected_goal,
        achieved_goal=p.achieved_goal,
        initial_budget=wan(funds.initial_budget),
        budget=wan(funds.budget),
        executed=None if ex.executed is None else wan(ex.executed),
        execution_rate=rate_text(ex.rate),
        execution_weight=score_text(ex.weight),
        execution_score=score_text(ex.score),
        sources=tuple((s, wan(funds.sources[s])) for s in SOURCES if s in funds.sources),
        allocations=tuple((a.on.raw, a.document, wan(a.amount)) for a in funds.allocations),
        allocated=None if allocated is None else wan(allocated),
        allocation_rate=None
        if allocated is None or funds.budget == 0
        else rate_text(allocated / funds.budget),
        payments=tuple(
            (pay.on.raw, wan(pay.amount), pay.memo)
            for pay in funds.payments
            if pay.on.is_within_year(p.year)
        ),
        paid_in_year=wan(funds.paid_in_year(p.year)),
        contracts=tuple(_contract(c) for c in evaluation.contracts),
        blocks=tuple(blocks),
        deviations=tuple(_deviations(evaluation, rows)),
        total=score_text(evaluation.total),
        points_total=score_text(evaluation.points_total),
        grade=evaluation.grade,
        counts=counts,
        layout=p.layout.description,
        annex=build_annex(evaluation),
    )
