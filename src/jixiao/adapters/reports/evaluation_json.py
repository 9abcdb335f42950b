"""The `evaluate --json` object (DESIGN.md's contract): plain JSON types, rates as fractions.

Scores and rates are numbers; money is a number of 元 (two decimals) plus the 万元 text a
report prints, so a consumer never has to guess the unit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.domain.evaluation import Evaluation, IndicatorScore
from jixiao.domain.findings import Finding
from jixiao.domain.funds import ContractStatus
from jixiao.domain.money import round_half_up
from jixiao.domain.presentation import SCORE_PLACES, percent, wan


def _score(value: Decimal | None) -> float | None:
    """A score or points: half-up to two decimals, as the tables print it."""
    return None if value is None else float(round_half_up(value, SCORE_PLACES))


def _rate(value: Decimal | None) -> float | None:
    """A rate as a fraction: the printed percentage (rounded down) divided by 100."""
    return None if value is None else float(percent(value) / 100)


def _money(value: Decimal | None) -> dict[str, Any] | None:
    return None if value is None else {"yuan": float(value), "wan": wan(value)}


def evaluation_to_dict(evaluation: Evaluation) -> dict[str, Any]:
    p, funds, ex = evaluation.project, evaluation.project.funds, evaluation.execution
    return {
        "project": {
            "name": p.name,
            "department": p.department,
            "implementer": p.implementer,
            "year": p.year,
            "layout": p.layout.name,
        },
        "funds": {
            "initial_budget": _money(funds.initial_budget),
            "budget": _money(funds.budget),
            "executed": _money(ex.executed),
            "allocated": _money(funds.allocated()),
            "paid_in_year": _money(funds.paid_in_year(p.year)),
            "sources": {k: _money(v) for k, v in funds.sources.items()},
            "allocations": [
                {"date": a.on.raw, "amount": _money(a.amount), "document": a.document}
                for a in funds.allocations
            ],
            "contracts": [_contract(c) for c in evaluation.contracts],
        },
        "execution": {
            "rate": _rate(ex.rate),
            "score": _score(ex.score),
            "points": _score(ex.weight),
        },
        "indicators": [_indicator(row) for row in evaluation.indicators],
        "points_total": _score(evaluation.points_total),
        "total": _score(evaluation.total),
        "grade": evaluation.grade,
        "findings": [finding_to_dict(f) for f in evaluation.findings],
    }


def _indicator(row: IndicatorScore) -> dict[str, Any]:
    ind = row.indicator
    return {
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "target": None if ind.target is None else str(ind.target),
        "comparator": None if ind.target is None else ind.target.comparator.value,
        "actual": None if ind.actual is None else str(ind.actual),
        "evidence": getattr(ind.actual, "evidence", None),
        "points": _score(ind.points),
        "score": _score(row.score),
        "completion": _rate(row.completion),
        "working": row.working,
        "flags": [f.value for f in row.flags],
        "assumptions": list(row.assumptions),
        "note": ind.note,
    }


def _contract(status: ContractStatus) -> dict[str, Any]:
    k = status.contract
    return {
        "name": k.name,
        "total": _money(k.total),
        "start": None if k.start is None else k.start.isoformat(),
        "months": k.months,
        "as_of": status.as_of.isoformat(),
        "due": _money(status.due),
        "paid": _money(status.paid),
        "arrears": _money(status.arrears),
        "outstanding": _money(status.outstanding),
        "due_in_year": _money(status.due_in_year),
        "paid_in_year": _money(status.paid_in_year),
    }


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "evidence": list(finding.evidence),
        "location": finding.location,
    }
