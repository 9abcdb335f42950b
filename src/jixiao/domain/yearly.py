"""Year over year: a continuing project (a 120-month O&M contract) is one project-year per year.

The next year's project-year starts from this one: the same name, units, layout and scoring;
the same indicators with their targets and evidence bindings (a binding to this year's
period moves to the next); the contracts, with what was paid on them this year added to what
was paid before. What belongs to this year only is left out: its actuals typed in, its
payments and allocations (a payment already dated in the next year stays), its executed
figure, what was achieved and the deviation notes.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from jixiao.domain.evaluation import Project
from jixiao.domain.funds import Contract, Funds
from jixiao.domain.indicators import Indicator
from jixiao.domain.targets import EvidenceRef


def next_year(project: Project) -> Project:
    """The project-year that follows `project` (its targets and bindings carried forward)."""
    year = project.year
    funds = project.funds
    contracts = tuple(_paid_this_year(c, funds, year) for c in funds.contracts)
    carried = Funds(
        initial_budget=funds.budget,
        budget=funds.budget,
        executed=None,
        payments=tuple(p for p in funds.payments if p.on.first.year > year),
        contracts=contracts,
    )
    return dataclasses.replace(
        project,
        year=year + 1,
        funds=carried,
        indicators=tuple(_indicator(i, year) for i in project.indicators),
        achieved_goal="",
    )


def _paid_this_year(contract: Contract, funds: Funds, year: int) -> Contract:
    if contract.paid_before is None:
        return contract
    paid = sum(
        (
            p.amount
            for p in funds.payments
            if p.contract == contract.name and p.on.is_within_year(year)
        ),
        Decimal(0),
    )
    return dataclasses.replace(contract, paid_before=contract.paid_before + paid)


def _indicator(indicator: Indicator, year: int) -> Indicator:
    actual = indicator.actual
    if isinstance(actual, EvidenceRef):
        params = tuple(
            (k, str(year + 1) if (k, v) == ("period", str(year)) else v) for k, v in actual.params
        )
        actual = EvidenceRef(actual.measure, params)
    else:
        actual = None
    return dataclasses.replace(indicator, actual=actual, note="")
