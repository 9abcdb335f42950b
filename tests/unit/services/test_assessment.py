"""services/assessment.py on the Skynet example's devices, status history and tickets
(examples/tianwang-*.csv), through the application on the in-memory store."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from jixiao.adapters.files import files
from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.projectfile import load_project
from jixiao.domain.assessment import AssessmentRules, Basis, OnlineRule, RepairRule, sum_months
from jixiao.domain.availability import to_seconds
from jixiao.domain.errors import DomainError
from jixiao.services.application import Application
from jixiao.services.scoring import evaluate_project
from tests.conftest import EXAMPLES, SKYNET
from tests.scenario import ZONE

H = 3600
CONTRACT = "天网工程服务费"
NOW = to_seconds(dt.datetime(2022, 3, 1, tzinfo=ZONE))


@pytest.fixture
def app(store: MemoryStore) -> Application:
    application = Application(files(), ZONE, lambda: NOW, lambda: store)
    application.import_devices(EXAMPLES / "tianwang-devices.csv", actor="test")
    application.import_status(EXAMPLES / "tianwang-status.csv", actor="test")
    application.import_tickets(EXAMPLES / "tianwang-tickets.csv", actor="test")
    return application


def test_august_loses_for_the_rate_and_the_late_repair(app: Application) -> None:
    # 4 cameras × 744 h = 2976 h; one down 168 h: 2808/2976 = 94.35 % (down), no exemption.
    # 0.65 points × 1 % × 324 500 = 2 109.25 元; one repair late: 500 元.
    _, contract, [august] = app.assess(SKYNET, CONTRACT, [dt.date(2021, 8, 1)])
    assert contract.contractor == "某某科技有限公司"
    assert august.raw_rate == august.corrected_rate == Fraction(2808, 2976)
    assert (august.tickets, august.late_responses, august.late_repairs) == (1, 1, 1)
    assert [d.amount for d in august.deductions] == [Decimal("2109.25"), Decimal(500)]
    assert (august.fee, august.deduction, august.payable) == (
        Decimal(324_500),
        Decimal("2609.25"),
        Decimal("321890.75"),
    )


def test_june_is_corrected_by_the_approved_road_works(app: Application) -> None:
    # 2880 h expected, 72 h down, 60 h of it excused: raw 2808/2880, corrected 2808/2820;
    # the repair took 72 h, 60 h of them exempted: 12 h, on time.
    _, _, [june] = app.assess(SKYNET, CONTRACT, [dt.date(2021, 6, 1)])
    assert (june.raw_rate, june.corrected_rate) == (Fraction(2808, 2880), Fraction(2808, 2820))
    assert june.exempted_s == 60 * H
    assert (june.repaired_on_time, june.late_repairs, june.deduction) == (1, 0, Decimal(0))


def test_a_ticket_spanning_months_counts_in_the_month_it_opened(app: Application) -> None:
    # Opened 03-31 22:00, responded 3 h later (late), repaired after 28 h of which 8 h are an
    # approved power cut: 20 h, on time. Its exemption excuses 2 h of March and 6 h of April.
    _, _, [march, april] = app.assess(SKYNET, CONTRACT, [dt.date(2021, 3, 1), dt.date(2021, 4, 1)])
    assert (march.tickets, march.late_responses, march.repaired_on_time) == (2, 1, 2)
    assert (march.exempted_s, april.exempted_s, april.tickets) == (2 * H, 6 * H, 0)
    assert march.mttr_hours == Fraction(12 + 28, 2)


def test_the_year_and_the_contract_schedule_use_the_payable_amounts(
    app: Application, store: MemoryStore
) -> None:
    months = [dt.date(2021, m, 1) for m in range(1, 13)]
    _, _, year = app.assess(SKYNET, CONTRACT, months)
    totals = sum_months(year)
    # August 2 609.25 元; December: an exemption asked but not approved, 30 h: 500 元
    assert (totals.fee, totals.deduction, totals.late_repairs) == (
        Decimal(3_894_000),
        Decimal("3109.25"),
        2,
    )
    assert totals.payable + totals.deduction == totals.fee
    with store.read() as repos:
        evaluation = evaluate_project(load_project(SKYNET), repos, ZONE)
    [status] = evaluation.contracts
    assert status.due == Decimal(11_682_000) - Decimal("3109.25")
    assert status.arrears == status.due - Decimal(1_600_000)


def test_a_contract_without_rules_or_an_unknown_one_is_refused(app: Application) -> None:
    with pytest.raises(DomainError, match="没有名为“别的合同”的合同；已有：天网工程服务费"):
        app.assess(SKYNET, "别的合同", [dt.date(2021, 8, 1)])


def test_editing_the_rules_changes_the_stored_months_and_is_audited(
    app: Application, store: MemoryStore
) -> None:
    key, _ = app.import_project(load_project(SKYNET), actor="test")
    rules = AssessmentRules(
        "盐边天网",
        OnlineRule(Decimal(94), Basis.CORRECTED, Decimal(2)),
        RepairRule(Decimal(2), Decimal(200), Decimal(500)),
        Decimal(10),
    )
    app.edit_assessment_rules(key, CONTRACT, rules, actor="hetong")
    # 94.35 % meets 94 %; August's 168 h repair is within 200 h: nothing deducted
    _, contract, [august] = app.assess_stored(key, CONTRACT, [dt.date(2021, 8, 1)])
    assert contract.assessment == rules and august.deduction == 0
    with store.read() as repos:
        [entry], _ = repos.audit.page(limit=1)
    assert (entry.username, entry.action, entry.entity) == ("hetong", "update", "assessment")
    assert "每超时修复1单扣500元" in (entry.before or "") and "200小时内修复" in (entry.after or "")
    with pytest.raises(DomainError, match="项目中没有名为“别的合同”的合同"):
        app.edit_assessment_rules(key, "别的合同", rules, actor="hetong")
    with pytest.raises(DomainError, match="没有编号为999的项目"):
        app.edit_assessment_rules(999, CONTRACT, rules, actor="hetong")
