"""A domain Project written back as a project file (YAML, version 1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import yaml

from jixiao.domain.evaluation import Project
from jixiao.domain.quantities import format_number
from jixiao.domain.targets import Actual, Dated, EvidenceRef, Graded, Measured


def _amount(yuan: Decimal | None) -> str | None:
    return None if yuan is None else f"{format_number(yuan)}元"


def _actual(actual: Actual | None) -> Any:
    if isinstance(actual, Measured | Dated):
        return actual.raw
    if isinstance(actual, Graded):
        if actual.points is None:
            return actual.grade.value
        return {"grade": actual.grade.value, "points": format_number(actual.points)}
    if isinstance(actual, EvidenceRef):
        return {"measure": actual.measure, **dict(actual.params)}
    return None


def project_to_document(project: Project) -> dict[str, Any]:
    funds = project.funds
    document: dict[str, Any] = {
        "version": 1,
        "project": {
            "name": project.name,
            "department": project.department,
            "implementer": project.implementer,
            "year": project.year,
            "layout": project.layout.name,
        },
        "scoring": {
            "weights": {k: format_number(v) for k, v in project.settings.weights.items()},
            "reverse": project.settings.reverse.value,
            "overshoot_flag": format_number(project.settings.overshoot_flag),
        },
        "funds": {
            "initial_budget": _amount(funds.initial_budget),
            "budget": _amount(funds.budget),
            "executed": _amount(funds.executed),
            "sources": {k: _amount(v) for k, v in funds.sources.items()},
            "allocations": [
                {"date": a.on.raw, "amount": _amount(a.amount), "document": a.document}
                for a in funds.allocations
            ],
            "payments": [
                {"date": p.on.raw, "amount": _amount(p.amount), "memo": p.memo}
                | ({"contract": p.contract} if p.contract is not None else {})
                for p in funds.payments
            ],
            "contracts": [_contract(k) for k in funds.contracts],
        },
        "goals": {"expected": project.expected_goal, "achieved": project.achieved_goal},
        "indicators": [
            {
                "level1": i.level1,
                "level2": i.level2,
                "name": i.name,
                "target": None if i.target is None else i.target.raw,
                "actual": _actual(i.actual),
                "points": format_number(i.points),
                "note": i.note,
            }
            for i in project.indicators
        ],
    }
    if funds.executed is None:
        del document["funds"]["executed"]
    return document


def _contract(k: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": k.name, "total": _amount(k.total)}
    start: dt.date | None = k.start
    if start is not None:
        out["start"] = start
    if k.months is not None:
        out["months"] = k.months
    if k.due is not None:
        out["due"] = k.due.raw
    if k.paid_before is not None:
        out["paid_before"] = _amount(k.paid_before)
    return out


def dump_project(project: Project) -> str:
    return yaml.safe_dump(
        project_to_document(project), allow_unicode=True, sort_keys=False, width=100
    )
