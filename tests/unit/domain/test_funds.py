"""Funds: execution from payments, allocations, and contract schedules with arrears (§1.5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jixiao.domain.errors import FundsError
from jixiao.domain.funds import Allocation, Contract, Funds, Payment, execution_rate
from jixiao.domain.periods import parse_loose_date

WAN = Decimal(10_000)
PAID_BEFORE = Decimal(600_000)  # 60万元
YEAR = 2021


def wan(amount: str) -> Decimal:
    """万元 -> 元."""
    return Decimal(amount) * WAN


def pay(on: str, amount_wan: str, contract: str | None = None) -> Payment:
    return Payment(parse_loose_date(on), wan(amount_wan), contract=contract)


def funds(
    budget_wan: str = "180",
    executed_wan: str | None = None,
    payments: tuple[Payment, ...] = (),
    contracts: tuple[Contract, ...] = (),
    allocations: tuple[Allocation, ...] = (),
) -> Funds:
    return Funds(
        initial_budget=wan("200"),
        budget=wan(budget_wan),
        executed=None if executed_wan is None else wan(executed_wan),
        allocations=allocations,
        payments=payments,
        contracts=contracts,
    )


def lease(paid_before: Decimal | None = PAID_BEFORE) -> Contract:
    """3894万元 over 120 monthly instalments of 32.45万元 from 2019-01-01."""
    return Contract(
        "天网租赁", wan("3894"), start=dt.date(2019, 1, 1), months=120, paid_before=paid_before
    )


# --- execution ------------------------------------------------------------------------------


def test_a_stated_executed_figure_is_used_as_is() -> None:
    assert funds(executed_wan="171").executed_in_year(YEAR) == wan("171")


def test_a_stated_executed_figure_wins_over_the_payments() -> None:
    stated = funds(executed_wan="171", payments=(pay("2021-06-30", "160"),))
    assert stated.executed_in_year(YEAR) == wan("171")


def test_executed_is_the_sum_of_payments_dated_in_the_year() -> None:
    # 100 + 71 = 171万元; the 2020 payment of 20万元 is not counted
    payments = (pay("2021-03-15", "100"), pay("2021年12月", "71"), pay("2020-12-31", "20"))
    assert funds(payments=payments).executed_in_year(YEAR) == wan("171")
    assert funds(payments=payments).paid_in_year(YEAR) == wan("171")


def test_a_payment_dated_only_to_a_quarter_of_the_year_counts_in_that_year() -> None:
    assert funds(payments=(pay("2021年第四季度", "50"),)).paid_in_year(YEAR) == wan("50")


def test_without_an_executed_figure_or_payments_executed_is_unknown() -> None:
    assert funds().executed_in_year(YEAR) is None


def test_payments_only_from_another_year_leave_executed_unknown() -> None:
    assert funds(payments=(pay("2020-12-31", "20"),)).executed_in_year(YEAR) is None


def test_paid_in_a_year_without_payments_is_zero() -> None:
    assert funds().paid_in_year(YEAR) == Decimal(0)


def test_the_execution_rate_is_executed_over_budget_exactly() -> None:
    # 171 / 180 = 0.95
    assert execution_rate(wan("171"), wan("180")) == Decimal("0.95")


def test_the_execution_rate_is_not_capped() -> None:
    # 198 / 180 = 1.1
    assert execution_rate(wan("198"), wan("180")) == Decimal("1.1")


def test_a_zero_budget_has_no_execution_rate() -> None:
    with pytest.raises(FundsError):
        execution_rate(wan("10"), Decimal(0))


# --- allocations ----------------------------------------------------------------------------


def test_allocated_is_the_sum_of_the_allocations() -> None:
    allocations = (
        Allocation(parse_loose_date("2021-03-01"), wan("100"), "X财预〔2021〕1号"),
        Allocation(parse_loose_date("2021-09-01"), wan("50.5")),
    )
    assert funds(allocations=allocations).allocated() == wan("150.5")


def test_without_allocations_allocated_is_unknown() -> None:
    assert funds().allocated() is None


# --- contract schedule ----------------------------------------------------------------------


def test_instalments_due_count_the_start_month_as_the_first() -> None:
    # 2019-01 … 2021-12 = 36 months, all ended by 2021-12-31
    assert lease().instalments_due_by(dt.date(2021, 12, 31)) == 36


def test_an_instalment_is_not_due_before_its_months_last_day() -> None:
    # 2021-12-15: 2019-01 … 2021-11 ended = 35
    assert lease().instalments_due_by(dt.date(2021, 12, 15)) == 35


def test_no_instalments_are_due_before_the_start() -> None:
    assert lease().instalments_due_by(dt.date(2018, 12, 31)) == 0


def test_the_first_instalment_falls_due_at_the_end_of_the_start_month() -> None:
    contract = Contract("维保", wan("12"), start=dt.date(2021, 3, 15), months=12)
    assert contract.instalments_due_by(dt.date(2021, 3, 30)) == 0
    assert contract.instalments_due_by(dt.date(2021, 3, 31)) == 1


def test_a_leap_february_ends_on_the_29th() -> None:
    contract = Contract("维保", wan("12"), start=dt.date(2024, 1, 1), months=12)
    assert contract.instalments_due_by(dt.date(2024, 2, 28)) == 1
    assert contract.instalments_due_by(dt.date(2024, 2, 29)) == 2


def test_instalments_due_never_exceed_the_term() -> None:
    assert lease().instalments_due_by(dt.date(2040, 1, 1)) == 120


def test_the_amount_due_is_the_instalments_due_times_the_monthly_amount() -> None:
    # 3894万 / 120 = 32.45万; 36 × 32.45万 = 1168.2万元
    assert lease().due_by(dt.date(2021, 12, 31)) == wan("1168.2")


def test_the_amount_due_in_the_year_is_twelve_instalments() -> None:
    # due by 2021-12-31 (36) − due by 2020-12-31 (24) = 12 × 32.45万 = 389.4万元
    assert lease().due_in_year(YEAR) == wan("389.4")


def test_a_cumulative_amount_due_rounds_half_up_to_the_fen() -> None:
    # 100元 over 3 months: 33.333… -> 33.33, 66.666… -> 66.67, then 100
    contract = Contract("小额", Decimal(100), start=dt.date(2021, 1, 1), months=3)
    assert contract.due_by(dt.date(2021, 1, 31)) == Decimal("33.33")
    assert contract.due_by(dt.date(2021, 2, 28)) == Decimal("66.67")
    assert contract.due_by(dt.date(2021, 3, 31)) == Decimal("100.00")


def test_a_contract_with_a_single_due_date_is_due_in_full_from_that_day() -> None:
    contract = Contract("一次性采购", wan("50"), due=parse_loose_date("2021年6月"))
    assert contract.has_schedule is True
    assert contract.due_by(dt.date(2021, 6, 29)) == Decimal(0)
    assert contract.due_by(dt.date(2021, 6, 30)) == wan("50")
    assert contract.due_in_year(2021) == wan("50")
    assert contract.due_in_year(2022) == Decimal(0)
    assert contract.due_in_year(2020) == Decimal(0)


def test_a_contract_without_a_schedule_has_nothing_known_due() -> None:
    contract = Contract("框架协议", wan("500"))
    assert contract.has_schedule is False
    assert contract.instalments_due_by(dt.date(2021, 12, 31)) == 0
    assert contract.due_by(dt.date(2021, 12, 31)) is None
    assert contract.due_in_year(YEAR) is None


def test_monthly_instalments_without_a_start_date_are_an_error() -> None:
    with pytest.raises(FundsError):
        Contract("天网租赁", wan("3894"), months=120)


def test_a_term_of_zero_months_is_an_error() -> None:
    with pytest.raises(FundsError):
        Contract("天网租赁", wan("3894"), start=dt.date(2019, 1, 1), months=0)


# --- contract status ------------------------------------------------------------------------


def test_the_contract_status_at_year_end_shows_due_paid_and_arrears() -> None:
    # due 1168.2万; paid 60万 before + 100万 in 2021 = 160万; arrears 1168.2 − 160 = 1008.2万
    contract = lease()
    status = funds(
        budget_wan="100", payments=(pay("2021-06-30", "100", "天网租赁"),), contracts=(contract,)
    ).contract_status(contract, YEAR)
    assert status.as_of == dt.date(2021, 12, 31)
    assert status.due == wan("1168.2")
    assert status.paid == wan("160")
    assert status.paid_in_year == wan("100")
    assert status.due_in_year == wan("389.4")
    assert status.arrears == wan("1008.2")
    # 3894 − 160 = 3734万元
    assert status.outstanding == wan("3734")


def test_payments_not_linked_to_the_contract_do_not_pay_it() -> None:
    contract = lease()
    payments = (pay("2021-06-30", "100", "天网租赁"), pay("2021-07-31", "30"))
    status = funds(payments=payments, contracts=(contract,)).contract_status(contract, YEAR)
    assert status.paid == wan("160")
    assert status.paid_in_year == wan("100")


def test_payments_after_the_year_end_do_not_reduce_that_years_arrears() -> None:
    contract = lease()
    payments = (pay("2021-06-30", "100", "天网租赁"), pay("2022-01-15", "500", "天网租赁"))
    status = funds(payments=payments, contracts=(contract,)).contract_status(contract, YEAR)
    assert status.paid == wan("160")
    assert status.paid_in_year == wan("100")
    assert status.arrears == wan("1008.2")


def test_arrears_are_never_negative_when_paid_ahead() -> None:
    # due 1168.2万, paid 1200 + 0 = 1200万 -> arrears 0
    contract = lease(paid_before=wan("1200"))
    status = funds(contracts=(contract,)).contract_status(contract, YEAR)
    assert status.arrears == Decimal(0)


def test_without_paid_before_paid_arrears_and_outstanding_are_unknown() -> None:
    contract = lease(paid_before=None)
    status = funds(
        payments=(pay("2021-06-30", "100", "天网租赁"),), contracts=(contract,)
    ).contract_status(contract, YEAR)
    assert status.due == wan("1168.2")
    assert status.paid is None
    assert status.paid_in_year == wan("100")
    assert status.arrears is None
    assert status.outstanding is None


def test_without_a_schedule_arrears_are_unknown() -> None:
    contract = Contract("框架协议", wan("500"))
    status = funds(contracts=(contract,)).contract_status(contract, YEAR)
    assert status.due is None
    assert status.due_in_year is None
    assert status.paid == Decimal(0)
    assert status.arrears is None


def test_a_linked_payment_from_before_the_year_is_not_counted_on_top_of_paid_before() -> None:
    # paid_before 60万 already includes the 2020 payment of 20万; 2021 adds 100万 -> 160万
    contract = lease()
    payments = (pay("2020-06-30", "20", "天网租赁"), pay("2021-06-30", "100", "天网租赁"))
    status = funds(payments=payments, contracts=(contract,)).contract_status(contract, YEAR)
    assert status.paid == wan("160")
