"""Repository contracts on both backends: devices by id, append-only status, maintenance."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.accounts import SqlWebStore as SqlStore
from jixiao.domain.availability import Span
from jixiao.domain.errors import Problem
from jixiao.services.inventory import Numbered, RowsRejected
from jixiao.services.monitoring import (
    StatusRow,
    UnknownDevice,
    UnknownGroup,
)

from .scenario import (
    EAST,
    NVR,
    WEST,
    add_maintenance,
    county,
    device,
    import_devices,
    import_status,
    moment,
    seconds,
)


def test_reimporting_a_device_updates_it_by_id(store: SqlStore) -> None:
    assert import_devices(store, [Numbered(2, device(EAST, "东门", ("地网",)))]) == (1, 0)
    again = [
        Numbered(2, device(EAST, "东门（新）", ("天网", "雪亮"), area="县城")),
        Numbered(3, device(WEST, "西门", ())),
    ]
    assert import_devices(store, again) == (1, 1)
    with store.read() as repos:
        stored = {s.device.device_id.value: s.device for s in repos.devices.select()}
        assert stored[EAST].name == "东门（新）"
        assert stored[EAST].groups == ("天网", "雪亮")
        assert repos.devices.groups() == {"天网": 1, "雪亮": 1}
        assert [s.device.device_id.value for s in repos.devices.select(group="雪亮")] == [EAST]


def test_a_device_twice_in_one_table_is_refused_with_both_lines(store: SqlStore) -> None:
    with pytest.raises(RowsRejected) as caught:
        import_devices(
            store, [Numbered(2, device(EAST, "a", ())), Numbered(7, device(EAST, "b", ()))]
        )
    assert caught.value.problems == [Problem("test", f"设备编码{EAST}与第2行重复", 7, "device_id")]
    with store.read() as repos:
        assert repos.devices.select() == []


def _rows(store: SqlStore) -> list[tuple[int, int, int]]:
    s = t.status_change
    with store.engine.connect() as c:
        return [
            tuple(r)
            for r in c.execute(
                select(s.c.at, s.c.online, s.c.previous).order_by(s.c.device_pk, s.c.at)
            )
        ]


def test_history_imported_out_of_order_keeps_previous_right(store: SqlStore) -> None:
    import_devices(store, [Numbered(2, device(EAST, "东门", ()))])
    import_status(
        store,
        [
            Numbered(2, StatusRow(EAST, moment(1, 12), False)),
            Numbered(3, StatusRow(EAST, moment(2), True)),
        ],
        source="a",
    )
    # an older change arrives later: the row after it must now say it followed "online"
    result = import_status(store, [Numbered(2, StatusRow(EAST, moment(1, 6), True))], source="b")
    assert (result.added, result.duplicates) == (1, 0)
    assert _rows(store) == [(seconds(1, 6), 1, 0), (seconds(1, 12), 0, 1), (seconds(2), 1, 0)]


def test_the_same_change_twice_is_a_duplicate_and_stored_once(store: SqlStore) -> None:
    import_devices(store, [Numbered(2, device(EAST, "东门", ()))])
    rows = [
        Numbered(2, StatusRow(EAST, moment(1), True)),
        Numbered(3, StatusRow(EAST, moment(1), True)),
    ]
    assert import_status(store, rows, source="a").duplicates == 1
    assert import_status(store, rows[:1], source="a").duplicates == 1
    assert len(_rows(store)) == 1


def test_contradictions_and_unknown_devices_refuse_the_whole_import(store: SqlStore) -> None:
    import_devices(store, [Numbered(2, device(EAST, "东门", ()))])
    import_status(store, [Numbered(2, StatusRow(EAST, moment(1), True))], source="a")
    rows = [
        Numbered(2, StatusRow(EAST, moment(2), True)),
        Numbered(3, StatusRow(EAST, moment(1), False)),
        Numbered(4, StatusRow(NVR, moment(1), False)),
    ]
    with pytest.raises(RowsRejected) as caught:
        import_status(store, rows, source="b")
    assert [(p.line, p.field) for p in caught.value.problems] == [(4, "device_id")]
    with pytest.raises(RowsRejected) as caught:
        import_status(store, rows[:2], source="b")
    assert caught.value.problems == [Problem("b", "与库中已有记录同一时刻的状态相反", 3, "status")]
    assert len(_rows(store)) == 1


def test_maintenance_needs_a_known_device_or_group(store: SqlStore) -> None:
    county(store)
    with pytest.raises(UnknownDevice):
        add_maintenance(store, moment(1), moment(2), "检修", device_id="64032300001329999999")
    with pytest.raises(UnknownGroup, match="已有分组：地网、天网"):
        add_maintenance(store, moment(1), moment(2), "检修", group="雪亮")
    add_maintenance(store, moment(1), moment(2), "检修", device_id=EAST)
    with store.read() as repos:
        windows = repos.maintenance.overlapping(Span(seconds(1, 23), seconds(3)))
        assert [(w.group, w.reason) for w in windows] == [(None, "检修")]
        assert [w.group for w in repos.maintenance.overlapping(Span(seconds(1), seconds(2)))] == [
            None,
            "地网",
        ]


def test_latest_status_per_device(store: SqlStore) -> None:
    county(store)
    with store.read() as repos:
        keys = {s.device.device_id.value: s.key for s in repos.devices.select()}
        latest = repos.statuses.latest(list(keys.values()))
    assert latest[keys[EAST]] == (seconds(1, 12), True)
    assert keys[NVR] not in latest


def test_days_are_dates_on_both_backends(store: SqlStore) -> None:
    county(store)
    with store.read() as repos:
        west = next(s.device for s in repos.devices.select() if s.device.device_id.value == WEST)
    assert west.commissioned == dt.date(2021, 3, 3)
