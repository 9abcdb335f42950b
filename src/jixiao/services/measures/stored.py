"""Measures from what jixiao already stores: the device inventory and the project's own funds.

- device_count: devices of a group in service during the period (or the distinct areas);
- paid_amount: payments dated in the project year, by contract or by memo;
- payment_completed_on: the day the year's payments reached the amount due (a deadline actual);
- service_months: the months of a contract that fall inside the project year.

Payments and contracts come from the project file's `funds` (docs/project-file.md), so the
citation names the payments it added up; devices come from the store's inventory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from jixiao.domain.errors import DomainError
from jixiao.domain.funds import Contract, Payment
from jixiao.domain.money import parse_amount
from jixiao.domain.periods import Precision
from jixiao.domain.presentation import money, number
from jixiao.domain.quantities import NO_UNIT
from jixiao.domain.targets import Comparator, Dated, Measured, parse_actual
from jixiao.services.measures.base import Binding, EvidenceError, Measure
from jixiao.services.ports import DeviceSelection

FUNDS_SOURCE = "数据来源：项目的资金支付记录"
DISTINCT_FIELDS = {"area": "区域"}


def _numeric(binding: Binding, label: str) -> None:
    target = binding.indicator.target
    if target is None or target.quantity is None:
        raise EvidenceError(f"{label}证据只能用于数值指标（如 ≥16个小区、30.838万元）")


def _in_target_unit(binding: Binding, value: Decimal, unit: str) -> Measured:
    """`value` written with `unit` (or the target's own count word), read against the target."""
    target = binding.indicator.target
    assert target is not None and target.quantity is not None
    if not unit:
        unit = "" if target.quantity.unit is NO_UNIT else target.quantity.unit.symbol
    measured = parse_actual(f"{number(value)}{unit}", target)
    assert isinstance(measured, Measured)
    return measured


# --- devices ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Life:
    """Devices of one service life, counted."""

    commissioned: dt.date | None
    decommissioned: dt.date | None
    count: int


def device_count(binding: Binding) -> Measured:
    _numeric(binding, "设备数量")
    first, last = binding.period()
    group = binding.params.get("group")
    distinct = binding.params.get("distinct")
    if distinct is not None and distinct not in DISTINCT_FIELDS:
        raise EvidenceError(f"未知的去重字段“{distinct}”；可用：area（按区域/小区计数）")
    # counted in the store by service life (DeviceRepo.count_by_life), not read one by one
    lives = binding.repos.devices.count_by_life(DeviceSelection(group=group))
    who = f"分组“{group}”" if group else "设备清单"
    if not lives:
        raise EvidenceError(f"{who}没有设备；请先导入点位表")
    in_service = [
        _Life(start, end, n)
        for (start, end), n in lives.items()
        if (start is None or start <= last) and (end is None or end > first)
    ]
    count = sum(x.count for x in in_service)
    span = f"{first.isoformat()}至{last.isoformat()}"
    if not count:
        raise EvidenceError(f"{who}在{span}没有在役设备")
    late = sum(x.count for x in in_service if x.commissioned is not None and x.commissioned > first)
    ended = sum(
        x.count for x in in_service if x.decommissioned is not None and x.decommissioned <= last
    )
    parts = [f"{who}在{span}在役设备{count}台（期间内任一天在役即计入）"]
    if late or ended:
        parts.append(f"其中期间内启用{late}台、停用{ended}台")
    if distinct is None:
        measured = _in_target_unit(binding, Decimal(count), "")
    else:
        # counted per area in the store (DeviceRepo.area_counts), not read device by device
        counts = binding.repos.devices.area_counts(group, first, last)
        areas = sorted(a for a in counts if a)
        measured = _in_target_unit(binding, Decimal(len(areas)), "")
        parts.append(f"分布于{len(areas)}个区域（{'、'.join(areas)}）")
        if unnamed := counts.get("", 0):
            parts.append(f"{unnamed}台未填区域，未计入")
    citation = "；".join([*parts, "数据来源：jixiao证据库的点位表"])
    return dataclasses.replace(measured, evidence=citation)


# --- payments --------------------------------------------------------------------------------


def _contract(binding: Binding) -> Contract | None:
    name = binding.params.get("contract")
    if name is None:
        return None
    contracts = binding.project.funds.contracts
    for contract in contracts:
        if contract.name == name:
            return contract
    known = "、".join(c.name for c in contracts) or "（无）"
    raise EvidenceError(f"项目中没有名为“{name}”的合同；已有：{known}")


def _payments(binding: Binding, contract: Contract | None) -> tuple[list[Payment], str]:
    """The payments of the project year the binding selects, and how it selected them."""
    year = binding.project.year
    memo = binding.params.get("memo")
    chosen = [p for p in binding.project.funds.payments if p.on.is_within_year(year)]
    what = f"{year}年"
    if contract is not None:
        chosen = [p for p in chosen if p.contract == contract.name]
        what += f"合同“{contract.name}”的付款"
    if memo is not None:
        chosen = [p for p in chosen if memo in p.memo]
        what += f"{'中' if contract else ''}摘要含“{memo}”的付款"
    if contract is None and memo is None:
        what += "全部付款"
    if not chosen:
        raise EvidenceError(f"项目文件中没有{what}")
    return sorted(chosen, key=lambda p: p.on.last), what


def _listed(payments: list[Payment]) -> str:
    return "、".join(f"{p.on.raw} {money(p.amount)}" for p in payments)


def paid_amount(binding: Binding) -> Measured:
    _numeric(binding, "支付金额")
    contract = _contract(binding)
    if contract is None and "memo" not in binding.params:
        raise EvidenceError("支付金额证据需要 contract（合同名称）或 memo（付款摘要中的文字）")
    payments, what = _payments(binding, contract)
    total = sum((p.amount for p in payments), Decimal(0))
    target = binding.indicator.target
    assert target is not None and target.quantity is not None
    measured = parse_actual(money(total), target)
    assert isinstance(measured, Measured)
    citation = f"{what}{len(payments)}笔，合计{money(total)}（{_listed(payments)}）；{FUNDS_SOURCE}"
    return dataclasses.replace(measured, evidence=citation)


def payment_completed_on(binding: Binding) -> Dated:
    target = binding.indicator.target
    if target is None or target.comparator is not Comparator.DEADLINE:
        raise EvidenceError("付款完成日期证据只能用于时限指标（如 2021年11月前）")
    contract = _contract(binding)
    due, due_text = _amount_due(binding, contract)
    payments, what = _payments(binding, contract)
    paid = Decimal(0)
    for payment in payments:
        paid += payment.amount
        if paid >= due:
            break
    else:
        raise EvidenceError(f"{what}合计{money(paid)}，未达到{due_text}{money(due)}，付款尚未完成")
    reached = payment.on
    used = payments[: payments.index(payment) + 1]
    assumption = None
    if reached.precision is not Precision.DAY:
        assumption = f"付款日期只写到{reached.precision.value}，按{reached.last.isoformat()}计"
    citation = (
        f"{what}至{reached.raw}累计{money(paid)}，达到{due_text}{money(due)}"
        f"（{_listed(used)}）；{FUNDS_SOURCE}"
    )
    return Dated(reached.last, reached.raw, assumption, citation)


def _amount_due(binding: Binding, contract: Contract | None) -> tuple[Decimal, str]:
    if "amount" in binding.params:
        try:
            amount = parse_amount(binding.params["amount"])
        except DomainError as error:
            raise EvidenceError(f"应付金额 amount：{error}") from error
        if amount <= 0:
            raise EvidenceError("应付金额 amount 应大于0")
        return amount, "应付金额"
    if contract is None:
        raise EvidenceError("付款完成日期证据需要 contract（合同名称）或 amount（应付金额）")
    due = contract.due_in_year(binding.project.year)
    if due is None:
        raise EvidenceError(
            f"合同“{contract.name}”没有付款计划（months 或 due），无法得出当年应付金额；"
            "请补充合同的付款计划，或写 amount（应付金额）"
        )
    if due <= 0:
        raise EvidenceError(f"合同“{contract.name}”在{binding.project.year}年没有应付款")
    return due, f"合同“{contract.name}”{binding.project.year}年应付"


# --- contract service period -----------------------------------------------------------------


def service_months(binding: Binding) -> Measured:
    _numeric(binding, "服务月数")
    contract = _contract(binding)
    if contract is None:
        raise EvidenceError("服务月数证据需要 contract（合同名称）")
    first, last = _service_span(contract)
    year = binding.project.year
    start = max(_month_index(first), year * 12)
    end = min(_month_index(last), year * 12 + 11)
    months = max(0, end - start + 1)
    if months == 0:
        raise EvidenceError(
            f"合同“{contract.name}”的服务期{first.isoformat()}至{last.isoformat()}不在{year}年内"
        )
    measured = _in_target_unit(binding, Decimal(months), "个月")
    citation = (
        f"合同“{contract.name}”服务期{first.isoformat()}至{last.isoformat()}，"
        f"其中{year}年内{months}个月（按起止所在月份整月计）；数据来源：项目的合同"
    )
    return dataclasses.replace(measured, evidence=citation)


def _service_span(contract: Contract) -> tuple[dt.date, dt.date]:
    if contract.start is None:
        raise EvidenceError(f"合同“{contract.name}”没有起始日期（start），无法计算服务月数")
    if contract.months is not None:
        index = _month_index(contract.start) + contract.months - 1
        following = dt.date((index + 1) // 12, (index + 1) % 12 + 1, 1)
        return contract.start, following - dt.timedelta(days=1)
    if contract.due is not None:
        return contract.start, contract.due.last
    raise EvidenceError(f"合同“{contract.name}”没有月数（months）或到期日（due），无法计算服务月数")


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


DEVICE_COUNT = Measure(
    "device_count", "设备数量", frozenset({"group", "period", "distinct"}), device_count
)
PAID_AMOUNT = Measure(
    "paid_amount", "支付金额", frozenset({"contract", "memo"}), paid_amount, uses_store=False
)
PAYMENT_COMPLETED_ON = Measure(
    "payment_completed_on",
    "付款完成日期",
    frozenset({"contract", "amount", "memo"}),
    payment_completed_on,
    uses_store=False,
)
SERVICE_MONTHS = Measure(
    "service_months", "服务月数", frozenset({"contract"}), service_months, uses_store=False
)
