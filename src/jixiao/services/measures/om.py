"""O&M measures from the work orders (工单) and the contract assessment (运维考核).

- corrected_online_rate (修正在线率): the online rate with approved exemptions excused;
- repair_on_time_rate (故障修复及时率): tickets opened in the period repaired within the
  SLA (`repair_hours`, default the contract's or 24), of all tickets opened; a ticket still
  down past its deadline at the period's end is late;
- mean_repair_hours (平均修复时长): over the tickets restored;
- ticket_closure_rate (工单闭环率): tickets restored of those opened in the period;
- assessment_deduction (考核扣款): a contract's deductions over the period's months.

No tickets means no evidence: reviewers give such an indicator 0, and so does the measure
(EvidenceError). Every figure is written once, rounded as docs/scoring.md says, and the
citation quotes that same figure.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import astuple
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from jixiao.domain.availability import Span, day_start
from jixiao.domain.errors import DomainError
from jixiao.domain.money import round_half_up
from jixiao.domain.presentation import hours, rate_text, yuan
from jixiao.domain.targets import Measured, parse_actual
from jixiao.domain.tickets import HOUR_S, Sla, TicketCounts
from jixiao.services.assessment import (
    assess_months,
    assessed_contract,
    contract_months,
    month_windows,
    ticket_months,
)
from jixiao.services.measures.base import Binding, EvidenceError, Measure
from jixiao.services.monitoring import AvailabilityQuery, UnknownGroup, compute_availability
from jixiao.services.tickets import excused_in

SOURCE = "数据来源：jixiao证据库的工单记录"


def _numeric(binding: Binding, what: str) -> None:
    target = binding.indicator.target
    if target is None or target.quantity is None:
        raise EvidenceError(f"{what}证据只能用于数值指标")


def _measured(binding: Binding, figure: str, citation: str) -> Measured:
    assert binding.indicator.target is not None
    measured = parse_actual(figure, binding.indicator.target)
    assert isinstance(measured, Measured)
    return dataclasses.replace(measured, evidence=citation)


def _who(group: str | None) -> str:
    return f"分组“{group}”" if group else "全部设备"


def corrected_online_rate(binding: Binding) -> Measured:
    _numeric(binding, "修正在线率")
    first, last = binding.period()
    group = binding.params.get("group")
    query = AvailabilityQuery(first, last, group=group)
    try:
        report = compute_availability(binding.repos, query, binding.zone)
    except UnknownGroup as error:
        raise EvidenceError(str(error)) from error
    report = dataclasses.replace(report, exempted_s=_excused(binding, group, first, last))
    rate = report.corrected_rate
    if rate is None:
        raise EvidenceError(
            f"{_who(group)}在{first.isoformat()}至{last.isoformat()}没有应在线时间"
            "（设备未启用、已停用、全部在维护或免责）"
        )
    t = report.total
    citation = (
        f"修正在线率{rate_text(rate)}（按时长加权）：{_who(group)}{t.devices}台设备，"
        f"{first.isoformat()}至{last.isoformat()}，在线{hours(t.online_s)}小时/"
        f"应在线{hours(t.expected_s - report.exempted_s)}小时；已批准的工单免责"
        f"{hours(report.exempted_s)}小时不计入应在线时间（只剔除离线时段），"
        f"原始在线率{rate_text(t.rate)}；已剔除维护{hours(report.maintenance_s)}小时、"
        f"未在役{hours(report.out_of_life_s)}小时；数据来源：jixiao证据库的设备状态变化记录和工单记录"
    )
    return _measured(binding, rate_text(rate), citation)


def _days(first: dt.date, last: dt.date, zone: dt.tzinfo) -> Span:
    """The days `first` to `last`: from the first one's midnight to the midnight after the last."""
    return Span(day_start(first, zone), day_start(last + dt.timedelta(days=1), zone))


def _excused(binding: Binding, group: str | None, first: dt.date, last: dt.date) -> int:
    """What tickets.with_exemptions adds to the report."""
    return excused_in(binding.repos, group, _days(first, last, binding.zone), binding.zone)


def _period_counts(
    binding: Binding, sla: Sla | None = None, known: TicketCounts | None = None
) -> tuple[TicketCounts, str]:
    """The scope's tickets opened in the period, counted in the store (one aggregate query,
    as the 考核 counts them: domain.tickets.count_tickets, a deleted device's tickets left
    out) unless already `known`, and the period's words."""
    first, last = binding.period()
    group = binding.params.get("group")
    span = _days(first, last, binding.zone)
    repos = binding.repos
    if group is not None and group not in repos.devices.groups():
        raise EvidenceError(f"没有属于分组“{group}”的设备")
    if known is None:
        (known,) = repos.tickets.month_counts([span], group=group, sla=sla, as_of=span.end)
    words = f"{_who(group)}，{first.isoformat()}至{last.isoformat()}报修"
    if not known.tickets:
        raise EvidenceError(f"{words}的工单没有记录；无记录的指标不得分")
    return known, words


def _repair_hours(binding: Binding) -> Decimal:
    written = binding.params.get("repair_hours")
    if written is None and (name := binding.params.get("contract")):
        try:
            _, rules = assessed_contract(binding.project, name)
        except DomainError as error:
            raise EvidenceError(str(error)) from error
        if rules.repair is not None:
            return rules.repair.repair_hours
    try:
        value = Decimal(written or "24")
    except ArithmeticError:
        raise EvidenceError(f"无法识别的修复时限“{written}”；应为小时数，如 24") from None
    if not value.is_finite() or value <= 0:
        raise EvidenceError(f"修复时限“{written}”应为正的小时数，如 24")
    return value


def _as_assessed(binding: Binding, repair_s: int) -> TicketCounts | None:
    """The period's tickets as the named contract's 考核 counts them month by month (one
    read shared with its 考核扣款 in the same evaluation), summed; None unless the contract's
    months are exactly the period's, its scope is the bound group and its repair limit the
    one asked (the counts are then the same as one query over the period)."""
    name = binding.params.get("contract")
    if not name:
        return None
    try:
        contract, rules = assessed_contract(binding.project, name)
    except DomainError:
        return None
    group = binding.params.get("group")
    if rules.repair is None or rules.repair.sla.repair_s != repair_s or group != rules.group:
        return None
    first, last = binding.period()
    months = contract_months(contract, first, last)
    windows = month_windows(months, binding.zone)
    period = _days(first, last, binding.zone)
    if not windows or windows[0].start != period.start or windows[-1].end != period.end:
        return None
    if any(a.end != b.start for a, b in pairwise(windows)):
        return None  # a month outside the contract inside the period
    found = ticket_months(binding.repos, group, rules.repair.sla, windows, period.end)
    return TicketCounts(*(sum(column) for column in zip(*(astuple(c) for c in found), strict=True)))


def repair_on_time_rate(binding: Binding) -> Measured:
    _numeric(binding, "故障修复及时率")
    limit = _repair_hours(binding)
    repair_s = int(limit * HOUR_S)
    counts, words = _period_counts(binding, Sla(0, repair_s), _as_assessed(binding, repair_s))
    n, late = counts.tickets, counts.late_repairs
    rate = Fraction(n - late, n)
    citation = (
        f"故障修复及时率{rate_text(rate)}：{words}工单{n}张，"
        f"{n - late}张在{_hours(limit)}小时内修复（已批准免责的时长不计），"
        f"{late}张超时或到期末仍未修复；{SOURCE}"
    )
    return _measured(binding, rate_text(rate), citation)


def mean_repair_hours(binding: Binding) -> Measured:
    _numeric(binding, "平均修复时长")
    counts, words = _period_counts(binding)
    if not counts.closed:
        raise EvidenceError(f"{words}的工单都未修复，没有修复时长")
    mean = round_half_up(Decimal(counts.repair_s) / counts.closed / HOUR_S, 1)
    citation = (
        f"平均修复时长{mean}小时：{words}工单{counts.tickets}张，已修复{counts.closed}张，"
        f"修复时长（报修至修复）共{hours(counts.repair_s)}小时；{SOURCE}"
    )
    return _measured(binding, f"{mean}小时", citation)


def ticket_closure_rate(binding: Binding) -> Measured:
    _numeric(binding, "工单闭环率")
    counts, words = _period_counts(binding)
    rate = Fraction(counts.closed, counts.tickets)
    citation = (
        f"工单闭环率{rate_text(rate)}：{words}工单{counts.tickets}张，"
        f"已修复关闭{counts.closed}张；{SOURCE}"
    )
    return _measured(binding, rate_text(rate), citation)


def assessment_deduction(binding: Binding) -> Measured:
    _numeric(binding, "考核扣款")
    name = binding.params.get("contract")
    if not name:
        raise EvidenceError("考核扣款需要 contract（合同名称）")
    try:
        contract, rules = assessed_contract(binding.project, name)
    except DomainError as error:
        raise EvidenceError(str(error)) from error
    first, last = binding.period()
    months = contract_months(contract, first, last)
    if not months:
        raise EvidenceError(f"合同“{name}”在{first.isoformat()}至{last.isoformat()}没有付款月份")
    as_of = day_start(last + dt.timedelta(days=1), binding.zone)
    assessed = assess_months(binding.repos, contract, rules, months, binding.zone, as_of=as_of)
    total = sum((m.deduction for m in assessed), Decimal(0))
    fee = sum((m.fee for m in assessed), Decimal(0))
    per_month = "、".join(f"{m.label}{yuan(m.deduction)}" for m in assessed if m.deduction)
    citation = (
        f"考核扣款{yuan(total)}：合同“{name}”{months[0].strftime('%Y-%m')}至"
        f"{months[-1].strftime('%Y-%m')}共{len(months)}个月，费用{yuan(fee)}，"
        f"扣款{yuan(total)}（{per_month or '各月均未扣款'}），应付{yuan(fee - total)}；"
        f"数据来源：jixiao证据库的设备状态变化记录和工单记录"
    )
    return _measured(binding, yuan(total), citation)


def _hours(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


CORRECTED_ONLINE_RATE = Measure(
    "corrected_online_rate",
    "修正在线率",
    frozenset({"group", "period"}),
    corrected_online_rate,
)
REPAIR_ON_TIME_RATE = Measure(
    "repair_on_time_rate",
    "故障修复及时率",
    frozenset({"group", "period", "repair_hours", "contract"}),
    repair_on_time_rate,
)
MEAN_REPAIR_HOURS = Measure(
    "mean_repair_hours", "平均修复时长", frozenset({"group", "period"}), mean_repair_hours
)
TICKET_CLOSURE_RATE = Measure(
    "ticket_closure_rate", "工单闭环率", frozenset({"group", "period"}), ticket_closure_rate
)
ASSESSMENT_DEDUCTION = Measure(
    "assessment_deduction",
    "考核扣款",
    frozenset({"contract", "period"}),
    assessment_deduction,
)
OM_MEASURES = (
    CORRECTED_ONLINE_RATE,
    REPAIR_ON_TIME_RATE,
    MEAN_REPAIR_HOURS,
    TICKET_CLOSURE_RATE,
    ASSESSMENT_DEDUCTION,
)
