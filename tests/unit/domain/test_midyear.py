"""The pure rules of mid-year monitoring: days elapsed, payments certainly made, thresholds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jixiao.adapters.projectfile import read_project
from jixiao.domain.midyear import (
    DEFAULT_THRESHOLDS,
    elapsed_share,
    execution_to_date,
    parse_thresholds,
    with_profile,
)

PROJECT = """version: 1
project: {name: 测试, department: 局, implementer: 局, year: 2024}
funds:
  initial_budget: 100万元
  payments:
    - {date: 2024-04-30, amount: 10万元}
    - {date: 2024年5月, amount: 20万元}
    - {date: 2024年第二季度, amount: 5万元}
    - {date: 2023-12-31, amount: 99万元}
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 点位, target: ≥10个, actual: 10个}
"""


def test_days_elapsed_count_both_ends_and_leap_years() -> None:
    assert elapsed_share(2024, dt.date(2024, 1, 1)) == Decimal(1) / 366
    assert elapsed_share(2024, dt.date(2024, 12, 31)) == 1
    assert elapsed_share(2023, dt.date(2023, 7, 31)) == Decimal(212) / 365
    assert elapsed_share(2023, dt.date(2022, 12, 1)) == 0
    assert elapsed_share(2023, dt.date(2024, 2, 1)) == 1


@pytest.mark.parametrize(
    ("as_of", "executed", "uncertain", "checkpoint"),
    [
        (dt.date(2024, 4, 29), 0, ["2024年第二季度"], None),
        (dt.date(2024, 4, 30), 100_000, ["2024年第二季度"], 4),  # paid on the day counts
        (dt.date(2024, 5, 15), 100_000, ["2024年5月", "2024年第二季度"], 4),
        (dt.date(2024, 5, 31), 300_000, ["2024年第二季度"], 4),
        (dt.date(2024, 6, 30), 350_000, [], 6),
    ],
)
def test_payments_count_once_their_period_has_ended(
    as_of: dt.date, executed: int, uncertain: list[str], checkpoint: int | None
) -> None:
    project = read_project(PROJECT, "p.yaml")
    done = execution_to_date(project, as_of, DEFAULT_THRESHOLDS)
    assert done.executed == executed  # the 2023 payment is never this year's
    assert [p.on.raw for p in done.uncertain] == uncertain
    assert (done.checkpoint and done.checkpoint.month) == checkpoint


def test_thresholds_are_read_from_month_percent_pairs() -> None:
    assert parse_thresholds("6:40，4:25") == ((4, Decimal("0.25")), (6, Decimal("0.40")))
    for bad in ("13:50", "6:101", "6", "x:1", "6:abc", "6:NaN"):
        with pytest.raises(ValueError):
            parse_thresholds(bad)


LAST_YEAR = """version: 1
project: {name: 测试, department: 局, implementer: 局, year: 2023}
funds:
  initial_budget: 100万元
  payments:
    - {date: 2023-03-31, amount: 20万元}
    - {date: 2023-06-30, amount: 20万元}
    - {date: 2023-12-31, amount: 60万元}
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 点位, target: ≥10个, actual: 10个}
"""


def test_the_forecast_from_last_years_profile() -> None:
    this = read_project(PROJECT, "p.yaml")
    done = execution_to_date(this, dt.date(2024, 7, 31), DEFAULT_THRESHOLDS)
    assert done.executed == 350_000  # 10万 + 20万 + 5万 by the end of June
    profiled = with_profile(done, read_project(LAST_YEAR, "l.yaml"), dt.date(2024, 7, 31))
    # by 31 July 2023, 40万 of the year's 100万 had been paid: 35万 ÷ 40% = 87.5万
    assert profiled.profile_forecast == 875_000
    assert profiled.profile_basis == (
        "按2023年同期支付进度外推：2023年截至7月31日支付40万元，占全年100万元的40%"
    )
    early = with_profile(done, read_project(LAST_YEAR, "l.yaml"), dt.date(2024, 2, 29))
    assert early.profile_forecast is None and "没有可比的支付记录" in early.profile_basis
