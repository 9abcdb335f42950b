"""Year over year: the next project-year carries targets, bindings and contracts forward."""

from __future__ import annotations

from decimal import Decimal

from jixiao.adapters.projectfile import read_project
from jixiao.domain.targets import EvidenceRef
from jixiao.domain.yearly import next_year

PROJECT = """version: 1
project: {name: 天网运维, department: 局, implementer: 局, year: 2021}
funds:
  initial_budget: 120万元
  budget: 100万元
  executed: 90万元
  allocations: [{date: 2021-02-01, amount: 100万元, document: 财〔2021〕1号}]
  payments:
    - {date: 2020-12-20, amount: 5万元, contract: 运维合同}
    - {date: 2021-06-30, amount: 40万元, contract: 运维合同}
    - {date: 2021-12-31, amount: 50万元, contract: 运维合同}
    - {date: 2021-08-01, amount: 3万元, memo: 零星维修}
    - {date: 2022-01-15, amount: 7万元, contract: 运维合同}
  contracts:
    - {name: 运维合同, total: 1200万元, start: 2019-01-01, months: 120, paid_before: 200万元}
goals: {expected: 保障运行, achieved: 已保障}
indicators:
  - {level1: 产出指标, level2: 质量指标, name: 在线率, target: ≥95%,
     actual: {measure: online_rate, group: 天网, period: "2021"}}
  - {level1: 产出指标, level2: 质量指标, name: 上半年在线率, target: ≥95%,
     actual: {measure: online_rate, group: 天网, period: 2021-01..2021-06}}
  - {level1: 产出指标, level2: 数量指标, name: 点位, target: ≥710路, actual: 700路, note: 拆除10路}
"""


def test_the_next_year_keeps_what_continues_and_drops_what_was_this_years() -> None:
    nxt = next_year(read_project(PROJECT, "p.yaml"))
    assert nxt.year == 2022 and nxt.name == "天网运维"
    assert (nxt.funds.initial_budget, nxt.funds.budget, nxt.funds.executed) == (
        Decimal(1_000_000),
        Decimal(1_000_000),
        None,
    )
    assert nxt.funds.allocations == ()
    assert [p.amount for p in nxt.funds.payments] == [Decimal(70_000)]  # already in 2022
    # 200万 before 2021, plus the 90万 paid on the contract in 2021 (the 2020 payment was
    # already part of paid_before; the 零星维修 is not the contract's)
    [contract] = nxt.funds.contracts
    assert contract.paid_before == Decimal(2_900_000)
    whole, part, count = nxt.indicators
    assert whole.actual == EvidenceRef("online_rate", (("group", "天网"), ("period", "2022")))
    assert part.actual == EvidenceRef(
        "online_rate", (("group", "天网"), ("period", "2021-01..2021-06"))
    )  # an explicit period other than the year is the user's: kept
    assert (count.target is not None and str(count.target), count.actual, count.note) == (
        "≥710路",
        None,
        "",
    )
    assert nxt.expected_goal == "保障运行" and nxt.achieved_goal == ""
