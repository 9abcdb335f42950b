"""Funds (资金): budget, allocations (下达/到位), payments, and multi-year contracts.

Numbers are derived from stored events, never typed in: the execution rate comes from payments
dated in the year (unless the unit states 全年执行数 explicitly, in which case a disagreement with
the payments is reported); arrears come from the contract's schedule and what was paid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.domain.assessment import AssessmentRules
from jixiao.domain.errors import FundsError
from jixiao.domain.money import round_half_up
from jixiao.domain.periods import LooseDate, year_end

SOURCES = ("当年财政拨款", "上年结转资金", "其他资金")


@dataclass(frozen=True, slots=True)
class Allocation:
    """Money made available (资金下达/到位) under a document number (文号)."""

    on: LooseDate
    amount: Decimal
    document: str = ""


@dataclass(frozen=True, slots=True)
class Payment:
    """Money paid out (支付); `contract` names the contract it settles, if any."""

    on: LooseDate
    amount: Decimal
    memo: str = ""
    contract: str | None = None


@dataclass(frozen=True, slots=True)
class Contract:
    """A multi-year obligation: `total` paid in `months` equal monthly instalments from `start`.

    Instalment k falls due on the last day of the k-th month, counting the month of `start` as
    the first. Without `months`, a single `due` date may be given; with neither, the schedule is
    unknown and nothing can be said about arrears. `paid_before` is what was paid before the
    project year (None when the report does not say); payments linked to the contract and
    dated before the project year are taken to be part of it and not added again.
    """

    name: str
    total: Decimal
    start: dt.date | None = None
    months: int | None = None
    due: LooseDate | None = None
    paid_before: Decimal | None = Decimal(0)
    contractor: str = ""  # 承接单位 (乙方)
    assessment: AssessmentRules | None = None  # 运维考核 rules (domain.assessment)
    # Deductions of its monthly assessments, by the month's first day: what falls due is the
    # payable amount, so a deduction is never arrears. Filled from the store when assessed.
    deductions: Mapping[dt.date, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.months is not None and (self.months <= 0 or self.start is None):
            raise FundsError(
                f"合同“{self.name}”：按月付款需要 start（起始日期）和正整数 months（月数）"
            )

    @property
    def has_schedule(self) -> bool:
        return self.months is not None or self.due is not None

    def instalments_due_by(self, day: dt.date) -> int:
        """How many monthly instalments have fallen due on or before `day`."""
        if self.months is None or self.start is None:
            return 0
        elapsed = (day.year - self.start.year) * 12 + (day.month - self.start.month)
        month_ended = day == _month_end(day)
        return max(0, min(self.months, elapsed + (1 if month_ended else 0)))

    def scheduled_by(self, day: dt.date) -> Decimal | None:
        """The schedule's amount on or before `day`, before any assessment deduction."""
        if self.months is not None:
            return round_half_up(self.total * self.instalments_due_by(day) / self.months, 2)
        return self.due_by(day)

    def month_fee(self, month: dt.date) -> Decimal:
        """The instalment of the month starting `month` (0 outside the schedule), so the
        months of a contract add up to its total exactly."""
        end = self.scheduled_by(_month_end(month))
        before = self.scheduled_by(month - dt.timedelta(days=1))
        if self.months is None or end is None or before is None:
            raise FundsError(f"合同“{self.name}”没有按月付款计划（start、months），无法按月考核")
        return end - before

    def due_by(self, day: dt.date) -> Decimal | None:
        """The amount due on or before `day` (less the deductions of the months ended by
        then); None when the schedule is unknown."""
        if self.months is not None:
            scheduled = round_half_up(self.total * self.instalments_due_by(day) / self.months, 2)
            deducted = sum(
                (d for month, d in self.deductions.items() if _month_end(month) <= day),
                Decimal(0),
            )
            return scheduled - deducted
        if self.due is not None:
            return self.total if day >= self.due.last else Decimal(0)
        return None

    def due_in_year(self, year: int) -> Decimal | None:
        end, before = self.due_by(year_end(year)), self.due_by(year_end(year - 1))
        return None if end is None or before is None else end - before


def _month_end(day: dt.date) -> dt.date:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


@dataclass(frozen=True, slots=True)
class ContractStatus:
    """A contract at the end of the project year: due, paid, arrears, this year's obligation."""

    contract: Contract
    as_of: dt.date
    due: Decimal | None
    paid: Decimal | None
    paid_in_year: Decimal
    due_in_year: Decimal | None

    @property
    def arrears(self) -> Decimal | None:
        """欠付: due minus paid, never negative; None when either is unknown."""
        if self.due is None or self.paid is None:
            return None
        return max(Decimal(0), self.due - self.paid)

    @property
    def outstanding(self) -> Decimal | None:
        """What remains to be paid over the whole contract."""
        return None if self.paid is None else self.contract.total - self.paid


@dataclass(frozen=True, slots=True)
class Funds:
    initial_budget: Decimal
    budget: Decimal
    executed: Decimal | None = None
    sources: Mapping[str, Decimal] = field(default_factory=dict)
    allocations: tuple[Allocation, ...] = ()
    payments: tuple[Payment, ...] = ()
    contracts: tuple[Contract, ...] = ()

    def paid_in_year(self, year: int) -> Decimal:
        return sum((p.amount for p in self.payments if p.on.is_within_year(year)), Decimal(0))

    def executed_in_year(self, year: int) -> Decimal | None:
        """全年执行数: as stated, else the payments dated in the year; None when neither exists."""
        if self.executed is not None:
            return self.executed
        if any(p.on.is_within_year(year) for p in self.payments):
            return self.paid_in_year(year)
        return None

    def allocated(self) -> Decimal | None:
        if not self.allocations:
            return None
        return sum((a.amount for a in self.allocations), Decimal(0))

    def contract_status(self, contract: Contract, year: int) -> ContractStatus:
        as_of = year_end(year)
        linked = [
            p for p in self.payments if p.contract == contract.name and p.on.first.year >= year
        ]
        paid_after = sum((p.amount for p in linked if p.on.last <= as_of), Decimal(0))
        paid = None if contract.paid_before is None else contract.paid_before + paid_after
        in_year = sum((p.amount for p in linked if p.on.is_within_year(year)), Decimal(0))
        return ContractStatus(
            contract, as_of, contract.due_by(as_of), paid, in_year, contract.due_in_year(year)
        )


def execution_rate(executed: Decimal, budget: Decimal) -> Decimal:
    """执行率 = 全年执行数 ÷ 全年预算数, exact (round only when presenting)."""
    if budget <= 0:
        raise FundsError("全年预算数为0，无法计算执行率；请填写 funds.budget")
    return executed / budget
