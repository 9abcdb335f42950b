"""The O&M measures (services/measures/om.py) on the Skynet example's evidence: each actual
is the figure its citation quotes, hand-computed from examples/tianwang-*.csv."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from jixiao.adapters.files import files
from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.memory.tickets import MemoryTicketRepo
from jixiao.adapters.projectfile import read_project
from jixiao.domain.availability import Span, to_seconds
from jixiao.domain.evaluation import Project
from jixiao.domain.targets import Measured
from jixiao.domain.tickets import Sla
from jixiao.services import assessment, monitoring
from jixiao.services.application import Application
from jixiao.services.evidence import resolve_evidence
from jixiao.services.measures import MEASURES
from jixiao.services.monitoring import AvailabilityQuery
from jixiao.services.scoring import evaluate_project
from tests.conftest import EXAMPLES, SKYNET
from tests.scenario import ZONE

NOW = to_seconds(dt.datetime(2022, 3, 1, tzinfo=ZONE))


@pytest.fixture
def loaded(store: MemoryStore) -> MemoryStore:
    application = Application(files(), ZONE, lambda: NOW, lambda: store)
    application.import_devices(EXAMPLES / "tianwang-devices.csv", actor="test")
    application.import_status(EXAMPLES / "tianwang-status.csv", actor="test")
    application.import_tickets(EXAMPLES / "tianwang-tickets.csv", actor="test")
    return store


def bound(target: str, actual: str) -> Project:
    """The Skynet example with one more indicator, bound to `actual`."""
    text = SKYNET.read_text(encoding="utf-8")
    extra = f'  - {{level1: 产出指标, level2: 质量指标, name: 考核, target: "{target}", actual: {actual}}}\n'
    return read_project(text.replace("indicators:\n", "indicators:\n" + extra, 1), "p.yaml")


def measure(store: MemoryStore, target: str, actual: str) -> Measured:
    with store.read() as repos:
        resolved = resolve_evidence(bound(target, actual), repos, ZONE)
    found = resolved.indicators[0].actual
    assert isinstance(found, Measured), found
    return found


_REAL_COUNTS = MemoryTicketRepo.month_counts


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many windows each ticket-count query of the in-memory store was asked for."""
    asked: list[int] = []

    def counted(self: MemoryTicketRepo, windows: Any, **rest: Any) -> Any:
        asked.append(len(windows))
        return _REAL_COUNTS(self, windows, **rest)

    monkeypatch.setattr(MemoryTicketRepo, "month_counts", counted)
    return asked


def test_every_om_measure_is_registered() -> None:
    assert {
        "corrected_online_rate",
        "repair_on_time_rate",
        "mean_repair_hours",
        "ticket_closure_rate",
        "assessment_deduction",
    } <= set(MEASURES)


def test_corrected_online_rate_of_june(loaded: MemoryStore) -> None:
    # 2808 h online of 2880 h; 60 h of road works excused: 2808/2820 = 99.5744…% -> 99.57
    found = measure(
        loaded, "≥95%", "{measure: corrected_online_rate, group: 天网, period: 2021-06}"
    )
    assert found.quantity.value == Decimal("99.57")
    assert found.evidence is not None
    assert found.evidence.startswith("修正在线率99.57%（按时长加权）：分组“天网”4台设备")
    assert "在线2808.0小时/应在线2820.0小时" in found.evidence
    assert "原始在线率97.5%" in found.evidence


def test_repair_on_time_rate_of_the_year(loaded: MemoryStore) -> None:
    # 6 tickets; late: August (168 h) and December (30 h, exemption not approved): 4/6
    found = measure(
        loaded, "≥90%", "{measure: repair_on_time_rate, group: 天网, contract: 天网工程服务费}"
    )
    assert found.quantity.value == Decimal("66.66")
    assert found.evidence == (
        "故障修复及时率66.66%：分组“天网”，2021-01-01至2021-12-31报修工单6张，"
        "4张在24小时内修复（已批准免责的时长不计），2张超时或到期末仍未修复；"
        "数据来源：jixiao证据库的工单记录"
    )


def test_mean_repair_hours_and_closure(loaded: MemoryStore) -> None:
    # (12 + 28 + 72 + 168 + 24 + 30) / 6 = 334 / 6 = 55.67 -> 55.7 h; all 6 closed
    mean = measure(loaded, "≤24小时", "{measure: mean_repair_hours, group: 天网}")
    assert mean.quantity.value == Decimal("55.7")
    closure = measure(loaded, "≥95%", "{measure: ticket_closure_rate, group: 天网}")
    assert closure.quantity.value == Decimal(100)


def test_the_year_deductions(loaded: MemoryStore) -> None:
    found = measure(loaded, "≤10000元", "{measure: assessment_deduction, contract: 天网工程服务费}")
    assert found.quantity.value == Decimal("3109.25")
    assert found.evidence is not None
    assert "（2021年8月2609.25元、2021年12月500元）" in found.evidence


def test_no_tickets_is_no_evidence(store: MemoryStore) -> None:
    with store.read() as repos:
        resolved = resolve_evidence(bound("≥90%", "{measure: repair_on_time_rate}"), repos, ZONE)
    assert not isinstance(resolved.indicators[0].actual, Measured)


def test_an_evaluation_reads_each_assessed_month_once_with_the_same_figures(
    loaded: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two 考核扣款 measures (the example's and this one) and the contract's deductions assess
    # the same 12 months of 2021: the store is read for them once, and all give August
    # 2609.25 and December 500; each month's seconds are those of that month queried alone
    real = monitoring.compute_availability
    read: list[dt.date] = []

    def counted(repos: Any, query: Any, zone: Any, *rest: Any) -> Any:
        read.append(query.first)
        return real(repos, query, zone, *rest)

    monkeypatch.setattr(assessment, "compute_availability", counted)
    project = bound("≤10000元", "{measure: assessment_deduction, contract: 天网工程服务费}")
    with loaded.read() as repos:
        evaluation = evaluate_project(project, repos, ZONE)
    assert read == [dt.date(2021, 1, 1)]  # the year's daily sums, once, by month
    actual = evaluation.project.indicators[0].actual
    assert isinstance(actual, Measured) and actual.quantity.value == Decimal("3109.25")
    [contract] = [c for c in evaluation.project.funds.contracts if c.name == "天网工程服务费"]
    assert dict(contract.deductions) == {
        dt.date(2021, 8, 1): Decimal("2609.25"),
        dt.date(2021, 12, 1): Decimal("500"),
    }
    read.clear()  # outside an evaluation nothing is remembered: each measure reads its months
    with loaded.read() as repos:
        resolve_evidence(project, repos, ZONE)
        [contract] = [c for c in project.funds.contracts if c.name == "天网工程服务费"]
        assert contract.assessment is not None
        months = [dt.date(2021, m, 1) for m in range(1, 13)]
        as_of = to_seconds(dt.datetime(2022, 1, 1, tzinfo=ZONE))
        assessed = assessment.assess_months(
            repos, contract, contract.assessment, months, ZONE, as_of=as_of
        )
        for month in assessed:
            last = (month.month + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
            query = AvailabilityQuery(month.month, last, group=contract.assessment.group)
            alone = real(repos, query, ZONE)
            assert (month.online_s, month.expected_s) == (
                alone.total.online_s,
                alone.total.expected_s,
            )
    assert len(read) == 2 + 1


def test_a_repair_rate_bound_to_the_contract_shares_the_assessments_ticket_read(
    loaded: MemoryStore, calls: list[int]
) -> None:
    # the example binds 故障修复及时率 to its contract (scope 盐边天网, 24 h) and 考核扣款 to
    # the same year: one grouped ticket query serves both, and the rate is the one a single
    # query over the year gives (tickets opened in the year, judged at its end)
    project = bound(
        "≥90%", "{measure: repair_on_time_rate, group: 盐边天网, contract: 天网工程服务费}"
    )
    with loaded.read() as repos:
        evaluation = evaluate_project(project, repos, ZONE)
        year = Span(
            to_seconds(dt.datetime(2021, 1, 1, tzinfo=ZONE)),
            to_seconds(dt.datetime(2022, 1, 1, tzinfo=ZONE)),
        )
        (alone,) = _REAL_COUNTS(
            repos.tickets, [year], group="盐边天网", sla=Sla(0, 24 * 3600), as_of=year.end
        )
    assert calls == [12]  # the twelve months, once, for both measures and the deductions
    actual = evaluation.project.indicators[0].actual
    assert isinstance(actual, Measured) and actual.evidence is not None
    n, late = alone.tickets, alone.late_repairs
    assert n > 0 and late > 0
    assert f"工单{n}张，{n - late}张在24小时内修复" in actual.evidence


def test_a_repair_limit_other_than_the_contracts_is_counted_on_its_own(
    loaded: MemoryStore, calls: list[int]
) -> None:
    # 200 h is not the contract's 24 h: the rate counts the year by its own query
    project = bound(
        "≥90%",
        "{measure: repair_on_time_rate, group: 盐边天网, contract: 天网工程服务费, repair_hours: 200}",
    )
    with loaded.read() as repos:
        evaluation = evaluate_project(project, repos, ZONE)
    assert sorted(calls) == [1, 12]  # this rate (the year), the example's 考核扣款 (12 months)
    found = evaluation.project.indicators[0].actual
    assert isinstance(found, Measured) and found.evidence is not None
    assert "在200小时内修复" in found.evidence


def test_a_years_assessment_counts_its_tickets_by_one_query_even_outside_an_evaluation(
    loaded: MemoryStore, calls: list[int]
) -> None:
    # the 考核 page assesses twelve months on plain repositories (nothing remembered): the
    # twelve months' tickets are still one grouped query, not one per month
    project = read_project(SKYNET.read_text(encoding="utf-8"), "p.yaml")
    [contract] = [c for c in project.funds.contracts if c.name == "天网工程服务费"]
    assert contract.assessment is not None
    months = [dt.date(2021, m, 1) for m in range(1, 13)]
    as_of = to_seconds(dt.datetime(2022, 1, 1, tzinfo=ZONE))
    with loaded.read() as repos:
        assessed = assessment.assess_months(
            repos, contract, contract.assessment, months, ZONE, as_of=as_of
        )
    assert calls == [12]
    assert [m.deduction for m in assessed if m.deduction] == [Decimal("2609.25"), Decimal("500")]
