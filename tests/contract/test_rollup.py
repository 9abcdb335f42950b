"""The daily rollup never disagrees with the direct computation.

After every kind of write (status imports in and out of order, maintenance added later,
devices re-imported with other dates, groups or area) the time-weighted numbers read from
the rollup equal those computed from the status changes directly, for every breakdown the
rollup answers; and the rollup kept in step equals one rebuilt from scratch. What the
RollupRepo port itself answers is checked by hand at the end.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest

from jixiao.domain.availability import NEVER_BEFORE, Span, local_days, to_seconds
from jixiao.domain.devices import Device
from jixiao.domain.rollup import FIRST_DAY, DayMarks, Days
from jixiao.services.monitoring import AvailabilityQuery, Breakdown, compute_availability
from jixiao.services.ports import Cohort, Life
from jixiao.services.rollup import check_rollup, rebuild_rollup, rollup_rates
from jixiao.services.web_ports import WebStore
from tests.contract.rollup_checks import A, B, C, D, assert_same
from tests.contract.rollup_checks import import_devices_of as _devices
from tests.contract.rollup_checks import import_rows as _import
from tests.scenario import ZONE, add_maintenance, device, moment, seconds

H = 3600


def test_hand_made_edge_cases_step_by_step(store: WebStore) -> None:
    _devices(
        store,
        device(A, "甲", ("天网",), area="城关"),
        device(
            B,
            "乙",
            ("天网", "地网"),
            area="花马池",
            commissioned=dt.date(2021, 3, 2),
            decommissioned=dt.date(2021, 3, 5),
        ),
        device(C, "丙", ("地网",), area="花马池"),  # never reports: offline all the time
    )
    assert_same(store)
    # changes exactly at midnight; B reports before its commissioning and after its
    # decommissioning (mid-day of that day)
    _import(
        store,
        (A, moment(1), True),
        (A, moment(2), False),
        (A, moment(2, 12), True),
        (B, moment(1, 6), True),
        (B, moment(3), False),
        (B, moment(5, 12), False),
        (B, moment(6), True),
    )
    assert_same(store)
    with store.read() as repos:
        query = AvailabilityQuery(dt.date(2021, 3, 1), dt.date(2021, 3, 2), by=Breakdown.DAY)
        report = compute_availability(repos, query, ZONE)
    # 03-01: A on all day, C off, B not yet in service; 03-02: A on from 12:00, B on, C off
    assert [(r.online_s, r.expected_s) for r in report.rows] == [
        (86_400, 2 * 86_400),
        (43_200 + 86_400, 3 * 86_400),
    ]
    # an import that goes before what is stored: a first change long before (1899, when the
    # rollup only counts), and one between
    long_ago = dt.datetime(1899, 6, 1, 12, tzinfo=ZONE)
    _import(store, (A, moment(1, 6), False), (A, long_ago, True), (C, long_ago, True))
    _import(
        store,
        (
            B,
            moment(
                2,
                23,
            ),
            True,
        ),
        (C, moment(4) - dt.timedelta(seconds=1), True),
    )
    assert_same(store)
    # maintenance added after the import: spanning days for a group, starting at a change,
    # and a device window covering C's whole period (C is then not among the devices counted)
    _import(store, (A, moment(2, 20), False), (B, moment(4, 4), True))
    add_maintenance(store, moment(2, 20), moment(4, 4), "光缆迁改", group="天网")
    add_maintenance(store, moment(1) - dt.timedelta(days=10), moment(12), "更换", device_id=C)
    assert_same(store)
    assert_same(store, dt.date(2021, 3, 1), dt.date(2021, 3, 10))
    with store.read() as repos:
        query = AvailabilityQuery(dt.date(2021, 3, 1), dt.date(2021, 3, 10), group="地网")
        assert compute_availability(repos, query, ZONE).total.devices == 1  # B only
    # devices re-imported: other dates, groups and area (their cohorts change)
    _devices(
        store,
        device(A, "甲", ("天网", "雪亮"), area="城关", commissioned=dt.date(2021, 3, 3)),
        device(B, "乙", ("地网",), area="城关", decommissioned=dt.date(2021, 3, 8)),
        device(D, "丁", ("雪亮",), area=""),
    )
    assert_same(store, groups=(None, "天网", "地网", "雪亮"))
    # and more changes afterwards: the last status carries on past the last change
    _import(store, (D, moment(9, 9), True), (A, moment(20), False))
    assert_same(store, dt.date(2021, 3, 1), dt.date(2021, 4, 30), groups=(None, "雪亮"))


@pytest.mark.parametrize("seed", [20210305, 1, 2])
def test_random_histories_kept_in_step_equal_the_direct_computation(
    store: WebStore, seed: int
) -> None:
    rnd = random.Random(seed)
    groups = ("天网", "地网", "雪亮")
    ids = [f"6403230000132{n:07d}" for n in range(14)]
    status: dict[tuple[str, int], bool] = {}

    def some_devices() -> list[Device]:
        out = []
        for gb in rnd.sample(ids, rnd.randint(3, len(ids))):
            dates = [None, None, *(dt.date(2021, 3, d) for d in range(1, 12))]
            commissioned, decommissioned = rnd.choice(dates), rnd.choice(dates)
            if commissioned and decommissioned and decommissioned <= commissioned:
                decommissioned = commissioned + dt.timedelta(days=rnd.randint(1, 3))
            out.append(
                device(
                    gb,
                    gb[-2:],
                    tuple(rnd.sample(groups, rnd.randint(1, 2))),
                    area=rnd.choice(["城关", "花马池", ""]),
                    commissioned=commissioned,
                    decommissioned=decommissioned,
                )
            )
        return out

    _devices(store, *[device(gb, gb[-2:], ("天网",)) for gb in ids])
    start = to_seconds(moment(1)) - 4 * 86_400
    for step in range(14):
        action = rnd.choice(["status", "status", "status", "window", "devices"])
        if action == "status":
            rows = []
            for gb in rnd.sample(ids, 8):
                for _ in range(rnd.randint(1, 6)):
                    at = (
                        start
                        + rnd.choice([0, 3600, 86_400 * rnd.randint(1, 14)])
                        + rnd.choice([0, rnd.randrange(86_400)])
                    )
                    online = status.setdefault((gb, at), rnd.random() < 0.6)
                    rows.append((gb, dt.datetime.fromtimestamp(at, ZONE), online))
            rnd.shuffle(rows)
            _import(store, *rows)
        elif action == "window":
            with store.read() as repos:
                known = sorted(repos.devices.groups())
            begin = start + rnd.randrange(16 * 86_400)
            end = begin + rnd.choice([3600, 86_400, 3 * 86_400 + rnd.randrange(86_400)])
            where: dict[str, str] = (
                {"group": rnd.choice(known)}
                if rnd.random() < 0.5
                else {"device_id": rnd.choice(ids)}
            )
            add_maintenance(
                store,
                dt.datetime.fromtimestamp(begin, ZONE),
                dt.datetime.fromtimestamp(end, ZONE),
                f"检修{step}",
                group=where.get("group"),
                device_id=where.get("device_id"),
            )
        else:
            _devices(store, *some_devices())
        first = dt.date(2021, 2, 25) + dt.timedelta(days=rnd.randrange(6))
        with store.read() as repos:
            known = sorted(repos.devices.groups())
        assert_same(
            store,
            first,
            first + dt.timedelta(days=rnd.randrange(1, 16)),
            groups=(None, rnd.choice(known)),
        )


def test_another_zone_is_answered_directly_until_rebuilt_in_it(store: WebStore) -> None:
    berlin = ZoneInfo("Europe/Berlin")  # 2021-03-28 is 23 hours long there
    _devices(store, device(A, "甲", ("天网",)), device(B, "乙", ("地网",)))
    _import(store, (A, moment(27, 12), True), (B, moment(28, 1), True), (A, moment(29), False))
    first, last = dt.date(2021, 3, 25), dt.date(2021, 3, 31)
    with store.read() as repos:
        assert rollup_rates(repos, berlin, local_days(first, last, berlin), None) is None
    rebuild_rollup(store, berlin)
    assert check_rollup(store, ZONE) == ["日汇总未按时区 Asia/Shanghai 建立"]
    add_maintenance(store, moment(27, 20), moment(28, 10), "检修", group="地网")
    assert_same(store, first, last, groups=(None, "地网"), zone=berlin)
    with store.read() as repos:
        query = AvailabilityQuery(first, last, by=Breakdown.DAY)
        rows = compute_availability(repos, query, berlin).rows
    # 03-28 is 23 h there; 地网's window ends 10:00 Shanghai time, 3 h into Berlin's day
    assert rows[3].expected_s == 2 * 23 * 3600 - 3 * 3600


def test_a_store_without_a_rollup_is_answered_directly(fresh_store: WebStore) -> None:
    store = fresh_store
    _devices(store, device(A, "甲", ("天网",)))
    _import(store, (A, moment(1, 8), True))
    with store.read() as repos:
        assert repos.rollup.zone() is None
        days = local_days(dt.date(2021, 3, 1), dt.date(2021, 3, 2), ZONE)
        assert rollup_rates(repos, ZONE, days, None) is None
    rebuild_rollup(store, ZONE)
    assert_same(store, groups=(None, "天网"))


def test_the_rollup_repository_by_hand(fresh_store: WebStore) -> None:
    store = fresh_store
    _devices(
        store,
        device(A, "甲", ("天网",), area="城关"),
        device(B, "乙", ("天网", "地网"), area="花马池", commissioned=dt.date(2021, 3, 2)),
        device(C, "丙", ("天网",), area="城关"),
    )
    _import(store, (A, moment(1, 6), True))
    with store.write() as repos:
        assert repos.rollup.zone() is None
        # cohorts numbered in the order of (area, groups): 城 U+57CE before 花 U+82B1; rows:
        # 城关 before 1900 (A and C expected and alive since ever), 城关 on 03-01 (A online
        # at 06:00), 花马池 on 03-02 (B commissioned)
        assert repos.rollup.rebuild(ZONE) == (2, 3)
        assert repos.rollup.zone() == "Asia/Shanghai"
        town, village = repos.rollup.cohorts()
        keys = repos.devices.keys([A, B, C])
    assert (town.area, town.groups, town.devices) == ("城关", ("天网",), 2)
    assert (village.area, village.groups, village.devices) == ("花马池", ("地网", "天网"), 1)
    with store.read() as repos:
        carried, within = repos.rollup.sums([town.id, village.id], Span(seconds(2), seconds(3)))
        assert carried == {town.id: DayMarks(online=1, expected=2, alive=2)}
        day = 24 * H
        assert within == {(village.id, seconds(2)): DayMarks(0, 0, 1, day, 1, day, 1)}
        carried, within = repos.rollup.sums([town.id, village.id], Span(seconds(1), seconds(2)))
        assert carried == {town.id: DayMarks(expected=2, alive=2)}
        # 花马池's row of 03-02 is after the window: neither carried nor within
        assert within == {(town.id, seconds(1)): DayMarks(online=1, online_w=18 * H)}
        # the same added up over the cohorts in the store: a row per day
        both = [town.id, village.id]
        assert repos.rollup.day_sums(both, Span(seconds(2), seconds(3))) == (
            DayMarks(online=1, expected=2, alive=2),
            {seconds(2): DayMarks(0, 0, 1, day, 1, day, 1)},
        )
        assert repos.rollup.day_sums(both, Span(seconds(1), seconds(3))) == (
            DayMarks(expected=2, alive=2),
            {
                seconds(1): DayMarks(online=1, online_w=18 * H),
                seconds(2): DayMarks(0, 0, 1, day, 1, day, 1),
            },
        )
        assert repos.rollup.day_sums([village.id], Span(seconds(1), seconds(2))) == (
            DayMarks(),
            {},
        )
        assert repos.rollup.day_sums([], Span(seconds(1), seconds(2))) == (DayMarks(), {})
        assert repos.rollup.lives(keys=[keys[B]], cohorts=[town.id]) == [
            Life(keys[A], town.id, None, None),
            Life(keys[B], village.id, dt.date(2021, 3, 2), None),
            Life(keys[C], town.id, None, None),
        ]
        assert repos.rollup.differences(ZONE) == []
        assert repos.rollup.differences(ZoneInfo("Europe/Berlin")) == [
            "日汇总未按时区 Europe/Berlin 建立"
        ]
    # kept in step: a device moves to another cohort, a new one makes a new cohort
    _devices(store, device(C, "丙", ("地网", "天网"), area="花马池"), device(D, "丁", ("雪亮",)))
    with store.read() as repos:
        cohorts = repos.rollup.cohorts()
    assert cohorts[:2] == [
        Cohort(town.id, "城关", ("天网",), 1),
        Cohort(village.id, "花马池", ("地网", "天网"), 2),
    ]
    assert [(c.area, c.groups, c.devices) for c in cohorts[2:]] == [("", ("雪亮",), 1)]
    assert check_rollup(store, ZONE) == []


def test_jumps_before_1900_are_only_counted(store: WebStore) -> None:
    _devices(store, device(A, "甲", ("天网",)))
    long_ago = dt.datetime(1899, 6, 1, 12, tzinfo=ZONE)
    _import(store, (A, long_ago, True))
    with store.read() as repos:
        [cohort] = repos.rollup.cohorts()
        days = Days(ZONE)
        carried, within = repos.rollup.sums([cohort.id], Span(days.first_start, seconds(1)))
    assert days.first_start == to_seconds(dt.datetime.combine(FIRST_DAY, dt.time(), ZONE))
    assert carried == {cohort.id: DayMarks(online=1, expected=1, alive=1)}
    assert within == {}
    assert NEVER_BEFORE < days.before_first < days.first_start
