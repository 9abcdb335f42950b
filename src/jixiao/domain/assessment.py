"""An O&M contract's monthly assessment (运维考核): rates, SLA counts, deductions, payable.

The rules are the contract's (there is no national formula, docs/assessment.md):
- online rate: below `target` (a percentage), `deduct_per_point` % of the month's fee is
  deducted per percentage point short, on the raw or the corrected rate (`basis`); the rate
  is the figure users read (rounded down to 0.01 %, domain.presentation), so the shortfall
  is never larger than what the table shows;
- repair: `deduct_per_late` 元 for each ticket restored after `repair_hours` (exactly at
  the deadline is on time) or still down past it;
- cap: the most a month can lose, as a percentage of its fee.

payable + deduction = fee, and deduction ≤ cap (and ≤ fee) hold for every month.
The corrected rate excludes approved exemptions from the expected time like maintenance
windows (only offline time can be excused), so corrected ≥ raw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from jixiao.domain.errors import DomainError
from jixiao.domain.money import round_half_up
from jixiao.domain.presentation import number as _num
from jixiao.domain.presentation import percent, rate_text, yuan
from jixiao.domain.tickets import HOUR_S, Sla, Ticket, TicketCounts, count_tickets

HUNDRED = Decimal(100)


class AssessmentError(DomainError):
    """Assessment rules that cannot be applied."""


class Basis(StrEnum):
    RAW = "raw"
    CORRECTED = "corrected"


BASIS_LABELS = {Basis.RAW: "原始在线率", Basis.CORRECTED: "修正在线率"}


@dataclass(frozen=True, slots=True)
class OnlineRule:
    target: Decimal  # percentage, 95 for 95%
    basis: Basis = Basis.CORRECTED
    deduct_per_point: Decimal = Decimal(0)  # percentage of the month's fee per point short

    def describe(self) -> str:
        return (
            f"{BASIS_LABELS[self.basis]}低于{_pct(self.target)}的，"
            f"每低1个百分点扣当月费用的{_pct(self.deduct_per_point)}"
        )


@dataclass(frozen=True, slots=True)
class RepairRule:
    respond_hours: Decimal
    repair_hours: Decimal
    deduct_per_late: Decimal = Decimal(0)  # 元 per late repair

    @property
    def sla(self) -> Sla:
        return Sla(int(self.respond_hours * HOUR_S), int(self.repair_hours * HOUR_S))

    def describe(self) -> str:
        return (
            f"{_num(self.respond_hours)}小时内响应、{_num(self.repair_hours)}小时内修复；"
            f"每超时修复1单扣{yuan(self.deduct_per_late)}"
        )


@dataclass(frozen=True, slots=True)
class AssessmentRules:
    """A contract's `assessment:` block; `group` is the devices it covers (None: all)."""

    group: str | None = None
    online: OnlineRule | None = None
    repair: RepairRule | None = None
    cap: Decimal | None = None  # percentage of the month's fee

    def __post_init__(self) -> None:
        if self.cap is not None and not Decimal(0) <= self.cap <= HUNDRED:
            raise AssessmentError("扣款上限（cap）应在0%至100%之间")
        if self.online is not None and not Decimal(0) < self.online.target <= HUNDRED:
            raise AssessmentError("在线率目标（target）应在0%至100%之间")
        if self.online is not None and self.online.deduct_per_point < 0:
            raise AssessmentError("每点扣款比例（deduct_per_point）不能为负")
        if self.repair is not None and (
            self.repair.respond_hours <= 0 or self.repair.repair_hours <= 0
        ):
            raise AssessmentError("响应时限和修复时限（respond_hours、repair_hours）应大于0")
        if self.repair is not None and self.repair.deduct_per_late < 0:
            raise AssessmentError("每单超时扣款（deduct_per_late）不能为负")


@dataclass(frozen=True, slots=True)
class MonthFacts:
    """What a month's assessment is computed from, already gathered by the service."""

    month: dt.date  # its first day
    fee: Decimal
    online_s: int
    expected_s: int  # maintenance and out-of-service time already excluded
    exempted_s: int  # offline expected time excused by approved exemptions
    # the scope's tickets opened in the month, or their counts as the store made them
    tickets: Sequence[Ticket] | TicketCounts
    as_of: int  # when the still-open tickets are judged


@dataclass(frozen=True, slots=True)
class Deduction:
    rule: str  # the rule applied, in words
    reason: str  # what happened this month
    amount: Decimal


@dataclass(frozen=True, slots=True)
class MonthAssessment:
    month: dt.date
    fee: Decimal
    raw_rate: Fraction | None
    corrected_rate: Fraction | None
    online_s: int
    expected_s: int
    exempted_s: int
    tickets: int
    closed: int
    responded_on_time: int
    late_responses: int
    repaired_on_time: int
    late_repairs: int
    repair_hours_total: Fraction
    deductions: tuple[Deduction, ...]
    cap: Decimal | None  # 元
    deduction: Decimal
    payable: Decimal

    @property
    def mttr_hours(self) -> Fraction | None:
        """Mean time to repair (平均修复时长), over the tickets restored."""
        return self.repair_hours_total / self.closed if self.closed else None

    @property
    def label(self) -> str:
        return f"{self.month.year}年{self.month.month}月"


def rates(online_s: int, expected_s: int, exempted_s: int) -> tuple[Fraction | None, ...]:
    """(raw, corrected): online ÷ expected, and online ÷ (expected − excused offline time)."""
    raw = Fraction(online_s, expected_s) if expected_s else None
    left = expected_s - exempted_s
    corrected = Fraction(online_s, left) if left else None
    return raw, corrected


def assess_month(rules: AssessmentRules, facts: MonthFacts) -> MonthAssessment:
    raw, corrected = rates(facts.online_s, facts.expected_s, facts.exempted_s)
    deductions: list[Deduction] = []
    if rules.online is not None:
        rule = rules.online
        rate = raw if rule.basis is Basis.RAW else corrected
        if rate is not None:
            shown = percent(rate)
            short = max(Decimal(0), rule.target - shown)
            amount = round_half_up(facts.fee * rule.deduct_per_point / HUNDRED * short, 2)
            reason = (
                f"{BASIS_LABELS[rule.basis]}{rate_text(rate)}，低于目标{_num(short)}个百分点"
                if short
                else f"{BASIS_LABELS[rule.basis]}{rate_text(rate)}，达到目标"
            )
            deductions.append(Deduction(rule.describe(), reason, amount))
    sla = None if rules.repair is None else rules.repair.sla
    counts = (
        facts.tickets
        if isinstance(facts.tickets, TicketCounts)
        else count_tickets(facts.tickets, sla, facts.as_of)
    )
    late_repair = counts.late_repairs
    if rules.repair is not None:
        deductions.append(
            Deduction(
                rules.repair.describe(),
                f"超时修复{late_repair}单",
                round_half_up(rules.repair.deduct_per_late * late_repair, 2),
            )
        )
    wanted = sum((d.amount for d in deductions), Decimal(0))
    cap = None if rules.cap is None else round_half_up(facts.fee * rules.cap / HUNDRED, 2)
    deduction = min(wanted, facts.fee, *(() if cap is None else (cap,)))
    deduction = max(deduction, Decimal(0))
    return MonthAssessment(
        facts.month,
        facts.fee,
        raw,
        corrected,
        facts.online_s,
        facts.expected_s,
        facts.exempted_s,
        counts.tickets,
        counts.closed,
        counts.responded_on_time,
        counts.late_responses,
        counts.repaired_on_time,
        counts.late_repairs,
        Fraction(counts.repair_s, HOUR_S),
        tuple(deductions),
        cap,
        deduction,
        facts.fee - deduction,
    )


def _pct(value: Decimal) -> str:
    return f"{_num(value)}%"


@dataclass(frozen=True, slots=True)
class Totals:
    """A year's (or any run of months') totals."""

    fee: Decimal
    deduction: Decimal
    payable: Decimal
    tickets: int
    late_repairs: int


def sum_months(months: Sequence[MonthAssessment]) -> Totals:
    return Totals(
        sum((m.fee for m in months), Decimal(0)),
        sum((m.deduction for m in months), Decimal(0)),
        sum((m.payable for m in months), Decimal(0)),
        sum(m.tickets for m in months),
        sum(m.late_repairs for m in months),
    )
