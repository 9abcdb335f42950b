"""A domain Project written back as a project file (YAML, version 1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import yaml

from jixiao.domain.assessment import AssessmentRules
from jixiao.domain.evaluation import Project
from jixiao.domain.presentation import number, plain_number, yuan
from jixiao.domain.targets import actual_to_value


def _amount(amount: Decimal | None) -> str | None:
    return None if amount is None else yuan(amount)


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
            "weights": {k: number(v) for k, v in project.settings.weights.items()},
            "reverse": project.settings.reverse.value,
            "overshoot_flag": number(project.settings.overshoot_flag),
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
                "actual": None if i.actual is None else actual_to_value(i.actual),
                "points": number(i.points),
                "note": i.note,
            }
            | (
                {"published_score": number(i.published_score)}
                if i.published_score is not None
                else {}
            )
            for i in project.indicators
        ],
    }
    published = {"total": project.published_total, "execution": project.published_execution}
    if any(v is not None for v in published.values()):
        document["published"] = {k: number(v) for k, v in published.items() if v is not None}
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
    if k.contractor:
        out["contractor"] = k.contractor
    if k.assessment is not None:
        out["assessment"] = _assessment(k.assessment)
    return out


def _assessment(rules: AssessmentRules) -> dict[str, Any]:
    out: dict[str, Any] = {"scope": {"group": rules.group} if rules.group else {}}
    if rules.online is not None:
        out["online_rate"] = {
            "target": f"{number(rules.online.target)}%",
            "basis": rules.online.basis.value,
            "deduct_per_point": f"{number(rules.online.deduct_per_point)}%",
        }
    if rules.repair is not None:
        out["repair"] = {
            "respond_hours": plain_number(rules.repair.respond_hours),
            "repair_hours": plain_number(rules.repair.repair_hours),
            "deduct_per_late": yuan(rules.repair.deduct_per_late),
        }
    if rules.cap is not None:
        out["cap"] = f"{number(rules.cap)}%"
    return out


def dump_project(project: Project) -> str:
    return yaml.safe_dump(
        project_to_document(project), allow_unicode=True, sort_keys=False, width=100
    )
