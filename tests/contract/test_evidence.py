"""`actual: {measure: online_rate, …}` resolved from the store, with a citation or a problem."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from jixiao.adapters.projectfile import read_project
from jixiao.adapters.reports.evaluation_json import evaluation_to_dict
from jixiao.domain.errors import InputError
from jixiao.domain.evaluation import Project, evaluate
from jixiao.domain.targets import EvidenceRef, Measured
from jixiao.services.evidence import EvidenceError, parse_period, resolve_evidence
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import StatusRow
from jixiao.services.web_ports import WebStore
from tests.scenario import ZONE, county, device, import_devices, import_status

PROJECT = """\
version: 1
project: {name: 地网租赁, year: 2021}
funds: {initial_budget: 10万元, executed: 10万元}
indicators:
  - {level1: 产出, level2: 质量, name: 在线率, target: "≥95%", actual: ACTUAL, points: 50}
  - {level1: 效益, level2: 社会效益, name: 治安, target: "定性:提升", actual: 达成}
  - {level1: 满意度, level2: 服务对象满意度, name: 满意度, target: "≥90%", actual: 95%}
"""


def resolved(project: Project, store: WebStore, zone: ZoneInfo) -> Project:
    with store.read() as repos:
        return resolve_evidence(project, repos, zone)


def _project(actual: str) -> Project:
    return read_project(PROJECT.replace("ACTUAL", actual), "p.yaml")


def test_online_rate_of_a_group_becomes_a_cited_actual(store: WebStore) -> None:
    county(store)
    project = resolved(
        _project("{measure: online_rate, group: 地网, period: 2021-03-01..2021-03-04}"),
        store,
        ZONE,
    )
    actual = project.indicators[0].actual
    assert isinstance(actual, Measured)
    assert actual.quantity.value == Decimal("94.28")  # 132/140 = 94.2857…%, rounded down once
    assert actual.evidence is not None
    assert actual.evidence.startswith(
        "在线率94.28%（按时长加权）：分组“地网”2台设备，2021-03-01至2021-03-04"
    )
    assert "已剔除维护4.0小时、未在役48.0小时" in actual.evidence
    row = evaluation_to_dict(evaluate(project))["indicators"][0]
    assert row["evidence"] == actual.evidence
    assert row["score"] == 49.62  # 50 × 94.28 / 95, recomputable from the printed figure


@pytest.mark.parametrize(
    ("actual", "problem"),
    [
        ("{measure: repair_time}", "未知的证据度量“repair_time”"),
        ("{measure: online_rate, group: 雪亮}", "没有属于分组“雪亮”的设备"),
        ("{measure: online_rate, period: 2021年}", "无法识别的期间“2021年”"),
        ("{measure: online_rate, method: daily}", "未知的计算方法“daily”"),
        ("{measure: online_rate, colour: red}", "不认识参数“colour”"),
        ("{measure: online_rate, group: 地网, period: 2021-13}", "无法识别的期间“2021-13”"),
    ],
)
def test_unresolvable_evidence_is_a_finding_not_a_crash(
    store: WebStore, actual: str, problem: str
) -> None:
    county(store)
    project = resolved(_project(actual), store, ZONE)
    ref = project.indicators[0].actual
    assert isinstance(ref, EvidenceRef)
    assert ref.problem is not None and problem in ref.problem
    findings = evaluation_to_dict(evaluate(project))["findings"]
    assert [f["rule"] for f in findings if problem in f["message"]] == ["unresolved-evidence"]


def test_sampled_evidence_cites_its_inspections(store: WebStore) -> None:
    county(store)
    project = resolved(
        _project(
            "{measure: online_rate, group: 天网, period: 2021-03, method: sample, sample_at: '10:00'}"
        ),
        store,
        ZONE,
    )
    actual = project.indicators[0].actual
    assert isinstance(actual, Measured)
    assert actual.evidence is not None and "每日10:00抽检31次" in actual.evidence


def test_a_measured_rate_is_scored_and_cited_as_the_same_figure(store: WebStore) -> None:
    """998265/1000000 = 99.8265 %: rounded once, down; the actual and its citation both say
    99.82% (the citation used to round to 99.83% beside an actual of 99.8265%)."""
    camera = "64032300001320000003"
    import_devices(store, [Numbered(2, device(camera, "南门", ("雪亮",)))])
    start = dt.datetime(2021, 1, 1, tzinfo=ZONE)
    outage = start + dt.timedelta(days=10)
    rows = [
        StatusRow(camera, start, True),
        StatusRow(camera, outage, False, "断电"),
        StatusRow(camera, outage + dt.timedelta(seconds=18738), True),
    ]
    import_status(store, [Numbered(i + 2, r) for i, r in enumerate(rows)], source="test")
    # 125 days = 10 800 000 s expected; (10 800 000 − 18 738) / 10 800 000 = 998265/1000000
    project = resolved(
        _project("{measure: online_rate, group: 雪亮, period: 2021-01-01..2021-05-05}"), store, ZONE
    )
    actual = project.indicators[0].actual
    assert isinstance(actual, Measured) and actual.evidence is not None
    assert str(actual) == "99.82%" and actual.quantity.value == Decimal("99.82")
    assert actual.evidence.startswith(
        "在线率99.82%（按时长加权）：分组“雪亮”1台设备，2021-01-01至2021-05-05，"
        "在线2994.8小时/应在线3000.0小时"
    )
    row = evaluation_to_dict(evaluate(project))["indicators"][0]
    assert row["actual"] == "99.82%" and row["evidence"].startswith("在线率99.82%")


def test_periods() -> None:
    assert parse_period("2021") == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert parse_period("2021-02") == (dt.date(2021, 2, 1), dt.date(2021, 2, 28))
    assert parse_period("2021-1-1 至 2021-6-30") == (dt.date(2021, 1, 1), dt.date(2021, 6, 30))
    with pytest.raises(EvidenceError):
        parse_period("2021-06-30..2021-01-01")


@pytest.mark.parametrize("period", ["0001", "1969", "2101-01", "2021-01-01..9999-12-31"])
def test_a_period_outside_1970_to_2100_is_refused_when_read(period: str) -> None:
    with pytest.raises(EvidenceError, match="超出1970–2100年"):
        parse_period(period)
    with pytest.raises(InputError, match="超出1970–2100年"):
        _project(f'{{measure: online_rate, period: "{period}"}}')


def test_online_rate_evidence_needs_a_numeric_target(store: WebStore) -> None:
    county(store)
    text = PROJECT.replace(
        'target: "≥95%", actual: ACTUAL', 'target: "定性:稳定", actual: {measure: online_rate}'
    )
    project = resolved(read_project(text, "p.yaml"), store, ZONE)
    ref = project.indicators[0].actual
    assert isinstance(ref, EvidenceRef)
    assert ref.problem == "在线率证据只能用于数值指标（如 ≥95%）"
