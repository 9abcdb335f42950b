"""services/evidence.py: an indicator bound to the online rate, measured from the store.

The store holds the day of day.py: 22 h online of 46 h expected, 2 h maintenance.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.projectfile import read_project
from jixiao.domain.targets import EvidenceRef, Measured
from jixiao.services.evidence import resolve_evidence
from tests.scenario import ZONE
from tests.unit.services.day import two_devices

PROJECT = """\
version: 1
project: {name: 天网运维, year: 2021}
funds: {initial_budget: 10万元, executed: 10万元}
indicators:
  - {level1: 产出, level2: 质量, name: 在线率, target: "≥95%", actual: ACTUAL, points: 50}
  - {level1: 满意度, level2: 服务对象满意度, name: 满意度, target: "≥90%", actual: 95%}
"""


def test_an_online_rate_binding_becomes_a_cited_actual(store: MemoryStore) -> None:
    two_devices(store)
    bound = "{measure: online_rate, group: 天网, period: 2021-03-01..2021-03-01}"
    project = read_project(PROJECT.replace("ACTUAL", bound), "p.yaml")
    with store.read() as repos:
        resolved = resolve_evidence(project, repos, ZONE)
    actual = resolved.indicators[0].actual
    assert isinstance(actual, Measured)
    assert actual.quantity.value == Decimal("47.82")  # 22/46 = 47.826086…%, rounded down
    assert actual.evidence == (
        "在线率47.82%（按时长加权）：分组“天网”2台设备，2021-03-01至2021-03-01，"
        "在线22.0小时/应在线46.0小时；已剔除维护2.0小时、未在役0.0小时；"
        "数据来源：jixiao证据库的设备状态变化记录"
    )
    assert resolved.indicators[1] == project.indicators[1]


def test_a_group_without_devices_is_a_problem_not_a_number(store: MemoryStore) -> None:
    two_devices(store)
    bound = "{measure: online_rate, group: 雪亮, period: 2021-03}"
    project = read_project(PROJECT.replace("ACTUAL", bound), "p.yaml")
    with store.read() as repos:
        actual = resolve_evidence(project, repos, ZONE).indicators[0].actual
    assert isinstance(actual, EvidenceRef)
    assert actual.problem is not None and "没有属于分组“雪亮”的设备" in actual.problem
    # the reports print it in the reader's words, not the project file's
    assert str(actual) == "未取得证据：在线率（分组：雪亮；期间：2021-03）"
