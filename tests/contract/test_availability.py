"""Online rates computed through any store equal hand computation and the per-device reference."""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction

import pytest

from jixiao.domain.availability import (
    History,
    Span,
    coverage,
    from_seconds,
    life_span,
    local_days,
    mean_share,
    sample_instants,
    sampled,
    time_weighted,
)
from jixiao.domain.devices import Device, DeviceKind, GbId
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import (
    AvailabilityQuery,
    Breakdown,
    Method,
    StatusRow,
    UnknownGroup,
    availability,
    offline_now,
)
from jixiao.services.web_ports import WebStore
from tests.scenario import (
    NVR,
    WEST,
    ZONE,
    add_maintenance,
    county,
    import_devices,
    import_status,
    moment,
)

H = 3600
MARCH_1, MARCH_4 = dt.date(2021, 3, 1), dt.date(2021, 3, 4)


def test_group_rate_by_day_is_the_hand_computed_one(store: WebStore) -> None:
    county(store)
    report = availability(
        store, AvailabilityQuery(MARCH_1, MARCH_4, group="地网", by=Breakdown.DAY), ZONE
    )
    # day 1: east expected 24−4 h, online 8 + 10 h; west not yet in service
    # days 2–4: east online all day; west from the 3rd, online from 06:00
    assert [(r.key, r.online_s // H, r.expected_s // H) for r in report.rows] == [
        ("2021-03-01", 18, 20),
        ("2021-03-02", 24, 24),
        ("2021-03-03", 42, 48),
        ("2021-03-04", 48, 48),
    ]
    assert report.total.rate == Fraction(132, 140)
    assert report.total.devices == 2
    assert report.maintenance_s == 4 * H
    assert report.out_of_life_s == 2 * 24 * H


def test_sampled_rate_at_ten_oclock(store: WebStore) -> None:
    county(store)
    query = AvailabilityQuery(MARCH_1, MARCH_4, Method.SAMPLE, group="天网", by=Breakdown.DAY)
    report = availability(store, query, ZONE)
    # 天网: east (in maintenance only as 地网 member: 10:00 on the 1st excluded), NVR (never
    # reported: offline), old (online until decommissioned on the 2nd)
    assert [(r.online, r.counted) for r in report.rows] == [(1, 2), (1, 2), (1, 2), (1, 2)]
    assert report.total.rate == Fraction(1, 2)


def test_breakdowns_by_group_area_month_and_device(store: WebStore) -> None:
    county(store)
    rates = {
        by: {
            r.key: r.rate
            for r in availability(store, AvailabilityQuery(MARCH_1, MARCH_4, by=by), ZONE).rows
        }
        for by in (Breakdown.GROUP, Breakdown.AREA, Breakdown.MONTH, Breakdown.DEVICE)
    }
    assert rates[Breakdown.GROUP]["地网"] == Fraction(132, 140)
    assert rates[Breakdown.AREA]["花马池镇"] == Fraction(132, 140)
    # 县城: NVR offline 4 days, old online 1 day (decommissioned on the 2nd)
    assert rates[Breakdown.AREA]["县城"] == Fraction(24, 5 * 24)
    assert rates[Breakdown.DEVICE][NVR] == 0
    assert rates[Breakdown.DEVICE][WEST] == Fraction(42, 48)
    assert list(rates[Breakdown.MONTH]) == ["2021-03"]


def test_longest_outages_and_offline_list(store: WebStore) -> None:
    county(store)
    report = availability(store, AvailabilityQuery(MARCH_1, MARCH_4, outages=2), ZONE)
    assert [(o.device_id, o.seconds // H, o.ongoing) for o in report.outages] == [
        (NVR, 96, True),
        (WEST, 6, False),
    ]
    offline = offline_now(store, moment(5), ZONE)
    assert [o.device_id for o in offline] == [NVR]


def test_an_unknown_group_is_a_clear_error(store: WebStore) -> None:
    county(store)
    with pytest.raises(UnknownGroup, match="没有属于分组“雪亮”的设备；已有分组：地网、天网"):
        availability(store, AvailabilityQuery(MARCH_1, MARCH_4, group="雪亮"), ZONE)


def test_random_histories_through_the_store_match_the_reference(store: WebStore) -> None:
    rnd = random.Random(20210301)
    period = local_days(MARCH_1, dt.date(2021, 3, 6), ZONE)
    window = Span(period[0].start, period[-1].end)
    devices, histories = [], {}
    for n in range(12):
        gb = f"640323000013{n:08d}"
        commissioned = rnd.choice([None, dt.date(2021, 3, rnd.randint(1, 6))])
        devices.append(
            Numbered(
                n + 2,
                Device(
                    GbId(gb), DeviceKind.CAMERA, f"点位{n}", ("天网",), commissioned=commissioned
                ),
            )
        )
        times = sorted(
            rnd.sample(range(window.start - 86_400, window.end + 86_400, 300), rnd.randint(0, 30))
        )
        histories[gb] = [(t, rnd.random() < 0.6) for t in times]
    import_devices(store, devices)
    rows = [
        Numbered(i, StatusRow(gb, from_seconds(t, ZONE), on))
        for i, (gb, t, on) in enumerate((gb, t, on) for gb, cs in histories.items() for t, on in cs)
    ]
    rnd.shuffle(rows)  # out of order: `previous` must still come out right
    import_status(store, rows, source="random")

    add_maintenance(
        store,
        from_seconds(window.start + 5 * H, ZONE),
        from_seconds(window.start + 50 * H, ZONE),
        "检修",
        device_id="64032300001300000003",
    )
    add_maintenance(
        store,
        from_seconds(window.start + 70 * H, ZONE),
        from_seconds(window.start + 75 * H, ZONE),
        "停电",
        group="天网",
    )
    refs = []
    for n, numbered in enumerate(devices):
        d = numbered.value
        cuts = [Span(window.start + 70 * H, window.start + 75 * H)]
        if n == 3:
            cuts.append(Span(window.start + 5 * H, window.start + 50 * H))
        cov = coverage(n, window, life_span(d.commissioned, None, ZONE), cuts)
        changes = histories[d.device_id.value]
        before = [on for t, on in changes if t < window.start]
        refs.append(
            History(
                cov,
                before[-1] if before else False,
                tuple((t, on) for t, on in changes if window.start <= t < window.end),
            )
        )
    report = availability(
        store, AvailabilityQuery(MARCH_1, dt.date(2021, 3, 6), by=Breakdown.DAY), ZONE
    )
    expected = time_weighted(refs, period)
    assert [(r.online_s, r.expected_s) for r in report.rows] == [
        (t.online_s, t.expected_s) for t in expected
    ]
    inspections = (dt.time(3), dt.time(10, 30))
    report = availability(
        store,
        AvailabilityQuery(MARCH_1, dt.date(2021, 3, 6), Method.SAMPLE, sample_at=inspections),
        ZONE,
    )
    instants = sample_instants(MARCH_1, dt.date(2021, 3, 6), inspections, ZONE)
    assert report.total.rate == mean_share(sampled(refs, instants))


def test_the_worked_example_of_docs_evidence_md(store: WebStore) -> None:
    county(store)
    timed = availability(store, AvailabilityQuery(MARCH_1, MARCH_4, group="地网"), ZONE)
    assert timed.citation() == (
        "在线率94.28%（按时长加权）：分组“地网”2台设备，2021-03-01至2021-03-04，"
        "在线132.0小时/应在线140.0小时；已剔除维护4.0小时、未在役48.0小时；"
        "数据来源：jixiao证据库的设备状态变化记录"
    )
    assert "sqlite" not in timed.citation()  # no server paths in what a report quotes
    query = AvailabilityQuery(MARCH_1, MARCH_4, Method.SAMPLE, group="地网", by=Breakdown.DAY)
    sampled_report = availability(store, query, ZONE)
    assert [(r.online, r.counted) for r in sampled_report.rows] == [(0, 0), (1, 1), (2, 2), (2, 2)]
    assert sampled_report.total.rate == 1
