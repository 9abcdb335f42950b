"""The daily rollup never disagrees with the direct computation, on both backends.

After every kind of write (status imports in and out of order, maintenance added later,
devices re-imported with other dates, groups or area) the time-weighted numbers read from
the rollup equal those computed from the status changes directly, for every breakdown the
rollup answers; and the rollup kept in step equals one rebuilt from scratch.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import Engine, insert

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.accounts import SqlWebStore as SqlStore
from jixiao.adapters.db.engine import make_engine
from jixiao.adapters.db.migrate import alembic_config, upgrade
from jixiao.domain.availability import local_days, to_seconds
from jixiao.domain.devices import Device
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import (
    AvailabilityQuery,
    AvailabilityReport,
    Breakdown,
    StatusRow,
    compute_availability,
)
from jixiao.services.rollup import check_rollup, ensure_rollup, rebuild_rollup, rollup_rates

from .scenario import ZONE, add_maintenance, device, import_devices, import_status, moment

A, B, C, D = (f"640323000013200000{n:02d}" for n in (11, 12, 13, 14))
BREAKDOWNS = (None, Breakdown.DAY, Breakdown.MONTH, Breakdown.GROUP, Breakdown.AREA)


def _reports(
    store: SqlStore, first: dt.date, last: dt.date, group: str | None, zone: ZoneInfo
) -> list[tuple[AvailabilityReport, AvailabilityReport]]:
    out = []
    with store.read() as repos:
        for by in BREAKDOWNS:
            query = AvailabilityQuery(first, last, group=group, by=by)
            out.append(
                (
                    compute_availability(repos, query, zone),
                    compute_availability(repos, query, zone, use_rollup=False),
                )
            )
    return out


def assert_same(
    store: SqlStore,
    first: dt.date = dt.date(2021, 2, 26),
    last: dt.date = dt.date(2021, 3, 10),
    *,
    groups: tuple[str | None, ...] = (None, "天网", "地网"),
    zone: ZoneInfo = ZONE,
) -> None:
    """Rollup == direct for every breakdown, and the rollup == one rebuilt now."""
    with store.read() as repos:
        assert rollup_rates(repos, zone, local_days(first, last, zone), None) is not None
    for group in groups:
        for fast, direct in _reports(store, first, last, group, zone):
            assert fast == direct, (group, fast.query.by)
    assert check_rollup(store, zone) == []


def _import(store: SqlStore, *rows: tuple[str, dt.datetime, bool]) -> None:
    numbered = [Numbered(i + 2, StatusRow(d, at, on)) for i, (d, at, on) in enumerate(rows)]
    import_status(store, numbered, source="test")


def _devices(store: SqlStore, *devices: Device) -> None:
    import_devices(store, [Numbered(i + 2, d) for i, d in enumerate(devices)])


def test_hand_made_edge_cases_step_by_step(store: SqlStore) -> None:
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
    store: SqlStore, seed: int
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
                **where,
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


def test_a_bulk_load_behind_its_back_is_found_and_a_rebuild_puts_it_right(
    store: SqlStore,
) -> None:
    _devices(store, device(A, "甲", ("天网",)))
    _import(store, (A, moment(1), True))
    with store.read() as repos:
        key = repos.devices.keys([A])[A]
    with store.engine.begin() as connection:  # what a bulk loader does: rows, not the import
        connection.execute(
            insert(t.status_change),
            [{"device_pk": key, "at": to_seconds(moment(2)), "online": 0, "previous": 1}],
        )
    problems = check_rollup(store, ZONE)
    assert problems and problems[0].startswith("设备类")
    done = rebuild_rollup(store, ZONE)
    assert (done.zone, done.cohorts) == ("Asia/Shanghai", 1)
    assert_same(store, groups=(None, "天网"))


def test_another_zone_is_answered_directly_until_rebuilt_in_it(store: SqlStore) -> None:
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


def test_a_store_without_a_rollup_is_answered_directly(engine: Engine) -> None:
    store = SqlStore(engine)
    _devices(store, device(A, "甲", ("天网",)))
    _import(store, (A, moment(1, 8), True))
    with store.read() as repos:
        assert repos.rollup.zone() is None
        days = local_days(dt.date(2021, 3, 1), dt.date(2021, 3, 2), ZONE)
        assert rollup_rates(repos, ZONE, days, None) is None
    rebuild_rollup(store, ZONE)
    assert_same(store, groups=(None, "天网"))


def test_a_store_from_before_the_rollup_gets_it_built_on_first_use(database_url: str) -> None:
    engine = make_engine(database_url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    at = to_seconds(moment(1, 8))
    with engine.begin() as connection:  # evidence stored by a jixiao of revision 0001
        connection.execute(
            insert(t.device),
            [
                {"pk": 1, "device_id": A, "kind": "camera", "name": "甲"},
                {"pk": 2, "device_id": B, "kind": "camera", "name": "乙", "area": "城关"},
            ],
        )
        connection.execute(
            insert(t.device_group),
            [{"device_pk": 1, "name": "天网"}, {"device_pk": 2, "name": "天网"}],
        )
        connection.execute(
            insert(t.status_change),
            [
                {"device_pk": 1, "at": at, "online": 1, "previous": 0},
                {"device_pk": 1, "at": at + 3600, "online": 0, "previous": 1},
                {"device_pk": 2, "at": at + 60, "online": 1, "previous": 0},
            ],
        )
        connection.execute(
            insert(t.maintenance),
            [{"group_name": "天网", "start_at": at, "end_at": at + 7200, "reason": "检修"}],
        )
    try:
        upgrade(engine)
        store = SqlStore(engine)
        assert ensure_rollup(store, ZONE) is not None
        assert ensure_rollup(store, ZONE) is None  # built once, then kept
        assert_same(store, groups=(None, "天网"))
    finally:
        engine.dispose()
