"""services/measures/stored.py: device counts, payments and service months, hand-computed.

Devices: 东门 (no dates), 西门 commissioned 2021-07-01 (mid-year), 北门 decommissioned
2021-01-01 (out of service all 2021), 南门 in 雪亮 only. Areas: 东门 and 西门 in 城关社区,
and one more community for a third 地网 camera commissioned 2021-12-31.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.projectfile import read_project
from jixiao.domain.evaluation import evaluate
from jixiao.domain.targets import Dated, EvidenceRef, Measured
from jixiao.services.evidence import resolve_evidence
from tests.scenario import ZONE, device

PROJECT = """\
version: 1
project: {name: 地网租赁, year: 2021}
funds:
  initial_budget: 64.638万元
  payments:
    - {date: 2021-03-31, amount: 20万元, memo: 地网工程服务费一期, contract: 地网租赁}
    - {date: 2021-11-30, amount: 10.838万元, memo: 地网工程服务费二期, contract: 地网租赁}
    - {date: 2021-12-20, amount: 5万元, memo: 地网工程服务费三期, contract: 地网租赁}
    - {date: 2021, amount: 33.8万元, memo: 雪亮工程网络安全升级}
    - {date: 2020-12-31, amount: 1万元, memo: 地网工程上年尾款}
  contracts:
    - {name: 地网租赁, total: 36.838万元, start: 2021-04-01, months: 12, paid_before: 0}
    - {name: 无计划合同, total: 1万元}
indicators:
  - {level1: 产出, level2: 数量, name: 指标, target: TARGET, actual: ACTUAL, points: 50}
  - {level1: 满意度, level2: 服务对象满意度, name: 满意度, target: "≥90%", actual: 95%}
"""


@pytest.fixture
def devices(store: MemoryStore) -> MemoryStore:
    with store.write() as repos:
        repos.devices.upsert(
            [
                device("64032300001320000001", "东门", ("地网",), area="城关社区"),
                device(
                    "64032300001320000002",
                    "西门",
                    ("地网",),
                    area="城关社区",
                    commissioned=dt.date(2021, 7, 1),
                ),
                device(
                    "64032300001320000003",
                    "北门",
                    ("地网",),
                    area="旧城社区",
                    commissioned=dt.date(2020, 1, 1),
                    decommissioned=dt.date(2021, 1, 1),
                ),
                device(
                    "64032300001320000004",
                    "新村口",
                    ("地网",),
                    area="新村社区",
                    commissioned=dt.date(2021, 12, 31),
                ),
                device("64032300001320000005", "南门", ("雪亮",), area="县城"),
            ]
        )
    return store


def resolved(store: MemoryStore, target: str, actual: str) -> Measured | Dated | EvidenceRef:
    text = PROJECT.replace("TARGET", target).replace("ACTUAL", actual)
    project = read_project(text, "p.yaml")
    with store.read() as repos:
        value = resolve_evidence(project, repos, ZONE).indicators[0].actual
    assert isinstance(value, Measured | Dated | EvidenceRef)
    return value


def test_devices_in_service_any_day_of_the_year_count(devices: MemoryStore) -> None:
    # 东门 all year, 西门 from 07-01, 新村口 from 12-31; 北门 stopped on 2021-01-01 (its
    # service ends at the start of that day), so it is not in service in 2021.
    actual = resolved(devices, '"≥3台"', "{measure: device_count, group: 地网}")
    assert isinstance(actual, Measured)
    assert actual.quantity.value == Decimal(3)
    assert actual.evidence == (
        "分组“地网”在2021-01-01至2021-12-31在役设备3台（期间内任一天在役即计入）；"
        "其中期间内启用2台、停用0台；数据来源：jixiao证据库的点位表"
    )


def test_a_device_commissioned_mid_year_is_outside_an_earlier_period(
    devices: MemoryStore,
) -> None:
    actual = resolved(
        devices, '"≥3台"', "{measure: device_count, group: 地网, period: 2021-01-01..2021-06-30}"
    )
    assert isinstance(actual, Measured)
    assert actual.quantity.value == Decimal(1)  # only 东门: 西门 starts 07-01


def test_distinct_areas_count_communities(devices: MemoryStore) -> None:
    actual = resolved(devices, "2个小区", "{measure: device_count, group: 地网, distinct: area}")
    assert isinstance(actual, Measured)
    assert actual.quantity.value == Decimal(2)  # 城关社区 and 新村社区; 旧城社区 is out of service
    assert str(actual.quantity.unit.symbol) == "个小区"
    assert actual.evidence is not None and "分布于2个区域（城关社区、新村社区）" in actual.evidence


def test_distinct_areas_leave_out_and_count_the_devices_without_one(devices: MemoryStore) -> None:
    with devices.write() as repos:
        repos.devices.upsert([device("64032300001320000006", "无名", ("地网",))])
    actual = resolved(devices, "2个小区", "{measure: device_count, group: 地网, distinct: area}")
    assert isinstance(actual, Measured)
    assert actual.quantity.value == Decimal(2)
    assert actual.evidence == (
        "分组“地网”在2021-01-01至2021-12-31在役设备4台（期间内任一天在役即计入）；"
        "其中期间内启用2台、停用0台；分布于2个区域（城关社区、新村社区）；"
        "1台未填区域，未计入；数据来源：jixiao证据库的点位表"
    )


def test_paid_amount_by_contract_adds_the_years_linked_payments(devices: MemoryStore) -> None:
    actual = resolved(devices, "35.838万元", "{measure: paid_amount, contract: 地网租赁}")
    assert isinstance(actual, Measured)
    assert actual.quantity.value == Decimal("35.838")  # 20 + 10.838 + 5
    assert actual.evidence == (
        "2021年合同“地网租赁”的付款3笔，合计35.838万元（2021-03-31 20万元、"
        "2021-11-30 10.838万元、2021-12-20 5万元）；"
        "数据来源：项目的资金支付记录"
    )


def test_paid_amount_by_memo_skips_other_years(devices: MemoryStore) -> None:
    # "地网工程" matches the three 2021 payments, not the 2020 尾款.
    actual = resolved(devices, "35.838万元", "{measure: paid_amount, memo: 地网工程}")
    assert isinstance(actual, Measured)
    assert actual.quantity.value == Decimal("35.838")


def test_a_payment_dated_on_the_deadline_meets_it(devices: MemoryStore) -> None:
    # Due to 地网租赁 in 2021: 9 of 12 instalments (April to December) of 36.838万元 =
    # 27.6285万元. Paid 20万元 on 03-31, then 30.838万元 in all on 11-30: reached on 11-30.
    actual = resolved(
        devices, "2021年11月前", "{measure: payment_completed_on, contract: 地网租赁}"
    )
    assert isinstance(actual, Dated)
    assert actual.on == dt.date(2021, 11, 30)
    assert actual.evidence is not None
    assert "至2021-11-30累计30.838万元，达到合同“地网租赁”2021年应付27.6285万元" in (
        actual.evidence
    )
    project = read_project(
        PROJECT.replace("TARGET", "2021年11月前").replace(
            "ACTUAL", "{measure: payment_completed_on, contract: 地网租赁}"
        ),
        "p.yaml",
    )
    with devices.read() as repos:
        row = evaluate(resolve_evidence(project, repos, ZONE)).indicators[0]
    assert row.score == Decimal(50)  # on the deadline day is in time


def test_an_amount_reached_only_in_december_is_late(devices: MemoryStore) -> None:
    actual = resolved(
        devices,
        "2021年11月前",
        "{measure: payment_completed_on, memo: 地网工程, amount: 35.838万元}",
    )
    assert isinstance(actual, Dated)
    assert actual.on == dt.date(2021, 12, 20)


def test_a_payment_dated_to_the_year_counts_on_its_last_day(devices: MemoryStore) -> None:
    actual = resolved(
        devices, "2021年11月前", "{measure: payment_completed_on, memo: 雪亮, amount: 33.8万元}"
    )
    assert isinstance(actual, Dated)
    assert actual.on == dt.date(2021, 12, 31)
    assert actual.assumption == "付款日期只写到年，按2021-12-31计"


def test_payments_short_of_the_amount_are_a_problem(devices: MemoryStore) -> None:
    actual = resolved(
        devices, "2021年11月前", "{measure: payment_completed_on, memo: 雪亮, amount: 40万元}"
    )
    assert isinstance(actual, EvidenceRef)
    assert actual.problem == (
        "2021年摘要含“雪亮”的付款合计33.8万元，未达到应付金额40万元，付款尚未完成"
    )


def test_service_months_inside_the_year(devices: MemoryStore) -> None:
    # 2021-04-01 for 12 months ends 2022-03-31: April to December 2021 = 9 months = 0.75年.
    actual = resolved(devices, "1年", "{measure: service_months, contract: 地网租赁}")
    assert isinstance(actual, Measured)
    assert actual.quantity.value == Decimal("0.75")
    assert actual.evidence is not None and "服务期2021-04-01至2022-03-31" in actual.evidence


def test_an_unknown_contract_is_an_unresolved_binding_in_chinese(devices: MemoryStore) -> None:
    for measure in ("paid_amount", "payment_completed_on", "service_months"):
        target = "2021年11月前" if measure == "payment_completed_on" else "1年"
        actual = resolved(devices, target, f"{{measure: {measure}, contract: 天网合同}}")
        assert isinstance(actual, EvidenceRef)
        assert actual.problem == ("项目中没有名为“天网合同”的合同；已有：地网租赁、无计划合同")


def test_a_contract_without_schedule_cannot_give_months(devices: MemoryStore) -> None:
    actual = resolved(devices, "1年", "{measure: service_months, contract: 无计划合同}")
    assert isinstance(actual, EvidenceRef)
    assert actual.problem == "合同“无计划合同”没有起始日期（start），无法计算服务月数"


def test_measures_of_the_files_own_funds_need_no_store() -> None:
    from jixiao.services.scoring import evaluate_project, needs_store

    text = PROJECT.replace("TARGET", "35.838万元").replace(
        "ACTUAL", "{measure: paid_amount, contract: 地网租赁}"
    )
    project = read_project(text, "p.yaml")
    assert not needs_store(project)
    row = evaluate_project(project, None, ZONE).indicators[0]
    assert row.score == Decimal(50) and row.working.endswith("数据来源：项目的资金支付记录）")
