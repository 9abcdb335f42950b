"""Work orders, the corrected online rate and a month's 考核, on hand-computed cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.domain.assessment import (
    AssessmentError,
    AssessmentRules,
    Basis,
    MonthFacts,
    OnlineRule,
    RepairRule,
    assess_month,
    rates,
)
from jixiao.domain.availability import Span, coverage, day_start, life_span
from jixiao.domain.funds import Contract
from jixiao.domain.tickets import (
    Exemption,
    ExemptionCategory,
    Sla,
    Ticket,
    TicketError,
    check,
    exempted_offline_s,
    exemption_category,
    overlapping,
    problems,
)

H = 3600
ZONE = ZoneInfo("Asia/Shanghai")
MARCH = dt.date(2024, 3, 1)
DEVICE = "34020000001320000001"


def at(day: int, hour: int, month: int = 3) -> int:
    return day_start(dt.date(2024, month, day), ZONE) + hour * H


def approved(start: int, end: int) -> Exemption:
    return Exemption(ExemptionCategory.POWER, Span(start, end), "供电检修", "张科长", start)


# --- tickets --------------------------------------------------------------------------------


def test_a_repair_exactly_at_the_deadline_is_on_time_and_a_second_later_is_late() -> None:
    sla = Sla(2 * H, 24 * H)
    on_time = Ticket(DEVICE, at(1, 0), responded=at(1, 2), repaired=at(2, 0))
    late = Ticket(DEVICE, at(1, 0), responded=at(1, 2) + 1, repaired=at(2, 0) + 1)
    assert not sla.repair_late(on_time, as_of=at(30, 0))
    assert not sla.response_late(on_time, as_of=at(30, 0))
    assert sla.repair_late(late, as_of=at(30, 0))
    assert sla.response_late(late, as_of=at(30, 0))


def test_an_approved_exemption_stops_the_repair_clock_for_its_length() -> None:
    sla = Sla(2 * H, 24 * H)
    roadworks = approved(at(1, 0), at(2, 0))
    ticket = Ticket(DEVICE, at(1, 0), responded=at(1, 1), repaired=at(3, 0), exemption=roadworks)
    assert not sla.repair_late(ticket, as_of=at(30, 0))
    assert sla.repair_late(
        Ticket(DEVICE, at(1, 0), repaired=at(3, 0), exemption=roadworks.withdraw()), as_of=0
    )


def test_a_ticket_still_open_is_late_only_once_its_deadline_has_passed() -> None:
    sla = Sla(2 * H, 24 * H)
    running = Ticket(DEVICE, at(1, 0))
    assert not sla.repair_late(running, as_of=at(2, 0))
    assert sla.repair_late(running, as_of=at(2, 0) + 1)


def test_a_repair_before_the_opening_and_an_exemption_outside_the_outage_are_refused() -> None:
    backwards = Ticket(DEVICE, at(2, 0), repaired=at(1, 0))
    assert problems(backwards) == [("repaired", "修复时间早于报修时间")]
    outside = Ticket(DEVICE, at(2, 0), repaired=at(2, 10), exemption=approved(at(2, 8), at(2, 12)))
    assert problems(outside) == [("exempt_from", "免责时段超出了故障时段（报修至修复）")]
    with pytest.raises(TicketError, match="修复时间早于报修时间"):
        check(backwards)


def test_overlapping_tickets_of_one_device_are_found_touching_ones_are_not() -> None:
    first = Ticket(DEVICE, at(1, 0), repaired=at(1, 10))
    touching = Ticket(DEVICE, at(1, 10), repaired=at(1, 12))
    inside = Ticket(DEVICE, at(1, 5))
    other_device = Ticket("34020000001320000002", at(1, 5))
    assert overlapping([first, touching, other_device]) == []
    assert overlapping([inside, first]) == [(first, inside)]


def test_withdrawing_an_approval_keeps_the_request() -> None:
    exemption = approved(at(1, 0), at(1, 5)).withdraw()
    assert not exemption.approved and exemption.category is ExemptionCategory.POWER
    assert exemption.approve("李主任", 99).approved_by == "李主任"


def test_the_category_is_read_from_the_reason() -> None:
    assert exemption_category("道路施工挖断光缆") is ExemptionCategory.ROADWORKS
    assert exemption_category("设备被盗") is ExemptionCategory.OTHER


# --- the corrected rate ----------------------------------------------------------------------


def test_an_exemption_overlapping_maintenance_excuses_only_the_offline_time_left() -> None:
    # One day: online 0–8 h, offline 8–20 h, online 20–24 h; maintenance 10–14 h;
    # approved exemption 8–16 h. Expected 20 h, online 12 h; excused = (8–10) + (14–16) = 4 h.
    window = Span(at(1, 0), at(2, 0))
    cov = coverage(1, window, life_span(None, None, ZONE), [Span(at(1, 10), at(1, 14))])
    changes = [(at(1, 0), True), (at(1, 8), False), (at(1, 20), True)]
    excused = exempted_offline_s(
        changes,
        initially_online=False,
        counted=cov.counted,
        exempt=[Span(at(1, 8), at(1, 16))],
        window=window,
    )
    assert (cov.expected_s, excused) == (20 * H, 4 * H)
    raw, corrected = rates(12 * H, cov.expected_s, excused)
    assert (raw, corrected) == (Fraction(12, 20), Fraction(12, 16))


def test_a_ticket_spanning_months_excuses_each_month_its_own_part() -> None:
    # Offline from 03-31 20:00, exemption 03-31 20:00 – 04-01 04:00: 4 h in each month.
    changes = [(at(1, 0), True), (at(31, 20), False), (at(1, 22, month=4), True)]
    exempt = [Span(at(31, 20), at(1, 4, month=4))]
    march = Span(at(1, 0), at(1, 0, month=4))
    april = Span(at(1, 0, month=4), at(1, 0, month=5))
    for window in (march, april):
        found = exempted_offline_s(
            changes, initially_online=False, counted=[window], exempt=exempt, window=window
        )
        assert found == 4 * H


def test_a_device_decommissioned_mid_month_is_excused_only_while_in_service() -> None:
    # Offline from 03-10; exempted 03-10 to 03-20; decommissioned 03-16: 6 days excused.
    window = Span(at(1, 0), at(1, 0, month=4))
    life = life_span(None, dt.date(2024, 3, 16), ZONE)
    cov = coverage(1, window, life, [])
    changes = [(at(1, 0), True), (at(10, 0), False)]
    excused = exempted_offline_s(
        changes,
        initially_online=False,
        counted=cov.counted,
        exempt=[Span(at(10, 0), at(20, 0))],
        window=window,
    )
    assert cov.expected_s == 15 * 24 * H
    assert excused == 6 * 24 * H
    raw, corrected = rates(9 * 24 * H, cov.expected_s, excused)
    assert raw == Fraction(9, 15) and corrected == 1


# --- a month's assessment ---------------------------------------------------------------------

RULES = AssessmentRules(
    group="天网",
    online=OnlineRule(Decimal(95), Basis.CORRECTED, Decimal(2)),
    repair=RepairRule(Decimal(2), Decimal(24), Decimal(200)),
    cap=Decimal(10),
)


def june_tickets() -> list[Ticket]:
    """150 faults: 138 repaired in 10 h, 12 in 30 h (the worked example's counts)."""
    start = at(1, 0, month=6)
    quick = [Ticket(DEVICE, start + i * H, responded=start + i * H + H) for i in range(138)]
    quick = [Ticket(t.device_id, t.opened, t.responded, repaired=t.opened + 10 * H) for t in quick]
    slow = [Ticket(DEVICE, start, responded=start + 3 * H, repaired=start + 30 * H)] * 12
    return quick + slow


def facts(fee: Decimal = Decimal(300_000)) -> MonthFacts:
    return MonthFacts(
        dt.date(2024, 6, 1),
        fee,
        online_s=396_000 * H,
        expected_s=432_000 * H,
        exempted_s=10_560 * H,
        tickets=june_tickets(),
        as_of=at(1, 0, month=8),
    )


def test_the_worked_example_month() -> None:
    # corrected = 396000 / 421440 = 93.96 % (down); 1.04 points × 2 % × 300 000 = 6 240 元;
    # 12 late repairs × 200 = 2 400 元; cap 30 000 元 not reached.
    month = assess_month(RULES, facts())
    assert month.raw_rate == Fraction(396_000, 432_000)
    assert month.corrected_rate == Fraction(396_000, 421_440)
    assert [d.amount for d in month.deductions] == [Decimal("6240.00"), Decimal(2400)]
    assert month.deductions[0].reason == "修正在线率93.96%，低于目标1.04个百分点"
    assert (month.tickets, month.late_repairs, month.repaired_on_time) == (150, 12, 138)
    assert (month.late_responses, month.responded_on_time) == (12, 138)
    assert month.mttr_hours == Fraction(138 * 10 + 12 * 30, 150)
    assert (month.cap, month.deduction, month.payable) == (
        Decimal("30000.00"),
        Decimal("8640.00"),
        Decimal("291360.00"),
    )


def test_on_the_raw_rate_the_same_month_loses_more() -> None:
    rules = AssessmentRules(online=OnlineRule(Decimal(95), Basis.RAW, Decimal(2)))
    # raw 91.66 % (rounded down): 3.34 points × 2 % × 300 000 = 20 040 元
    assert assess_month(rules, facts()).deduction == Decimal("20040.00")


def test_the_cap_bounds_the_month() -> None:
    rules = AssessmentRules(
        online=RULES.online,
        repair=RepairRule(Decimal(2), Decimal(24), Decimal(5000)),
        cap=Decimal(5),
    )
    month = assess_month(rules, facts())
    assert sum(d.amount for d in month.deductions) == Decimal("66240.00")
    assert (month.deduction, month.payable) == (Decimal("15000.00"), Decimal("285000.00"))


def test_rules_out_of_range_are_refused() -> None:
    with pytest.raises(AssessmentError, match="扣款上限"):
        AssessmentRules(cap=Decimal(120))


def test_the_month_fee_is_the_schedule_instalment() -> None:
    contract = Contract("天网运维", Decimal(38_940_000), start=dt.date(2019, 1, 1), months=120)
    assert contract.month_fee(dt.date(2024, 3, 1)) == Decimal(324_500)
    assert contract.month_fee(dt.date(2029, 1, 1)) == 0


def test_a_deduction_lowers_what_is_due_so_it_is_never_arrears() -> None:
    contract = Contract(
        "天网运维",
        Decimal(38_940_000),
        start=dt.date(2019, 1, 1),
        months=120,
        deductions={dt.date(2024, 3, 1): Decimal(1000)},
    )
    due_feb = contract.due_by(dt.date(2024, 2, 29))
    assert due_feb == Decimal(324_500) * 62
    assert contract.due_by(dt.date(2024, 3, 30)) == due_feb  # March not ended yet
    assert contract.due_by(dt.date(2024, 3, 31)) == Decimal(324_500) * 63 - 1000


# --- properties -----------------------------------------------------------------------------

seconds = st.integers(min_value=0, max_value=10**7)
percentages = st.decimals(min_value=0, max_value=100, places=2)


@given(online=seconds, offline=seconds, excused_share=st.fractions(0, 1))
def test_corrected_is_never_below_raw(online: int, offline: int, excused_share: Fraction) -> None:
    expected = online + offline
    excused = int(offline * excused_share)
    raw, corrected = rates(online, expected, excused)
    if raw is not None and corrected is not None:
        assert raw <= corrected <= 1


@given(
    online=seconds,
    offline=seconds,
    excused_share=st.fractions(0, 1),
    fee=st.decimals(min_value=0, max_value=10**7, places=2),
    target=st.decimals(min_value=1, max_value=100, places=2),
    per_point=percentages,
    per_late=st.decimals(min_value=0, max_value=10**5, places=2),
    cap=st.none() | percentages,
    late=st.integers(0, 50),
)
def test_deduction_within_the_cap_and_payable_plus_deduction_is_the_fee(
    online: int,
    offline: int,
    excused_share: Fraction,
    fee: Decimal,
    target: Decimal,
    per_point: Decimal,
    per_late: Decimal,
    cap: Decimal | None,
    late: int,
) -> None:
    rules = AssessmentRules(
        online=OnlineRule(target, Basis.CORRECTED, per_point),
        repair=RepairRule(Decimal(2), Decimal(24), per_late),
        cap=cap,
    )
    tickets = [Ticket(DEVICE, 0, repaired=30 * H)] * late
    month = assess_month(
        rules,
        MonthFacts(MARCH, fee, online, online + offline, int(offline * excused_share), tickets, 0),
    )
    assert month.payable + month.deduction == fee
    assert Decimal(0) <= month.deduction <= fee
    if month.cap is not None:
        assert month.deduction <= month.cap
