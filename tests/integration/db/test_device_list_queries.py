"""The device list at scale: a page costs the same few SQL statements at 50 and at 500
devices, and shows what reading every device shows (the same rows, statuses and counts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from jixiao import bootstrap
from jixiao.config import Settings
from jixiao.domain.availability import to_seconds
from jixiao.domain.devices import Device, DeviceKind, GbId
from jixiao.domain.status import DeviceStatus
from jixiao.services.device_views import (
    DeviceFilter,
    _found_in_rows,
    device_history,
    find_devices,
)
from jixiao.services.ports import KeyedChange

ZONE = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2024, 3, 1, 12, tzinfo=ZONE)
START = to_seconds(dt.datetime(2024, 1, 1, tzinfo=ZONE))
ONE = "64032300001320000010"


def _store(tmp_path: Path, count: int) -> Any:
    """`count` devices: every 7th never reports, every 5th is offline now, every 11th was
    decommissioned on 2024-02-01, every other 13th is commissioned only on 2024-06-01."""
    store = bootstrap.build(Settings(data_dir=tmp_path / f"d{count}")).store
    devices = [
        Device(
            GbId(f"64032300001320{n:06d}"),
            DeviceKind.CAMERA if n % 3 else DeviceKind.NVR,
            f"点位{n}",
            ("天网",) if n % 2 else ("雪亮", "天网"),
            f"乡镇{n % 4}",
            address=f"路{n}号",
            commissioned=dt.date(2024, 6, 1) if n % 13 == 0 and n % 11 else None,
            decommissioned=dt.date(2024, 2, 1) if n % 11 == 0 else None,
        )
        for n in range(count)
    ]
    with store.write() as repos:
        repos.devices.upsert(devices)
        keys = repos.devices.keys(d.device_id.value for d in devices)
        changes = []
        for n, d in enumerate(devices):
            key = keys[d.device_id.value]
            if n % 7:
                changes.append(KeyedChange(key, START + n, True))
            if n % 7 and n % 5 == 0:
                changes.append(KeyedChange(key, START + 86_400 + n, False, "断电"))
        repos.statuses.append(changes, source="test")
    return store


def _statements(store: Any, action: Any) -> int:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return len(seen)


FILTERS = [
    DeviceFilter(),
    DeviceFilter(page=3),
    DeviceFilter(group="雪亮", page=2),
    DeviceFilter(status=DeviceStatus.OFFLINE),
    DeviceFilter(status=DeviceStatus.OUT_OF_SERVICE, kind=DeviceKind.NVR),
    DeviceFilter(q="点位1", area="乡镇1", status=DeviceStatus.ONLINE),
    DeviceFilter(q="100%"),
]


def test_a_page_of_the_device_list_costs_the_same_statements_at_50_and_500(
    tmp_path: Path,
) -> None:
    costs = {}
    for count in (50, 500):
        store = _store(tmp_path, count)
        costs[count] = [
            _statements(store, lambda s=store, f=f: find_devices(s, f, NOW, ZONE)) for f in FILTERS
        ]
        costs[count].append(_statements(store, lambda s=store: device_history(s, ONE, NOW, ZONE)))
    assert costs[50] == costs[500]
    assert max(costs[500]) <= 10


@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_the_paged_list_shows_what_reading_every_device_shows(
    tmp_path: Path, f: DeviceFilter
) -> None:
    store = _store(tmp_path, 120)
    paged, whole = find_devices(store, f, NOW, ZONE), _found_in_rows(store, f, NOW, ZONE)
    assert paged == whole
    assert paged.rows or f.q == "100%"


def test_the_counts_are_worked_out_by_hand(tmp_path: Path) -> None:
    # 50 devices: out of service = decommissioned (0, 11, 22, 33, 44) and not yet
    # commissioned (13, 26, 39) -> 8; never reported, in service: 7, 14, 21, 28, 35, 42, 49
    # -> 7; offline: multiples of 5 not of 7, in service (5, 10, 15, 20, 25, 30, 40, 45) -> 8.
    found = find_devices(_store(tmp_path, 50), DeviceFilter(), NOW, ZONE)
    assert found.counts == {
        DeviceStatus.ONLINE: 27,
        DeviceStatus.OFFLINE: 8,
        DeviceStatus.NEVER_REPORTED: 7,
        DeviceStatus.OUT_OF_SERVICE: 8,
    }
    assert (found.total, found.pages, found.areas) == (50, 1, ["乡镇0", "乡镇1", "乡镇2", "乡镇3"])


def test_a_device_deleted_by_mistake_is_in_no_page_count_or_area(tmp_path: Path) -> None:
    """Device 1 is online, in 乡镇1 and alone there with its id; deleted, it leaves the list,
    the online count and its page, and comes back when restored."""
    store = _store(tmp_path, 50)
    one = "64032300001320000001"
    with store.write() as repos:
        key = repos.devices.keys([one])[one]
        repos.devices.set_deleted(key, 1_700_000_000)
    found = find_devices(store, DeviceFilter(), NOW, ZONE)
    assert found.total == 49 and found.counts[DeviceStatus.ONLINE] == 26
    assert one not in {r.device.device_id.value for r in found.rows}
    assert find_devices(store, DeviceFilter(q=one), NOW, ZONE).total == 0
    with store.read() as repos:
        assert repos.devices.find(one) is None
    with store.write() as repos:
        repos.devices.set_deleted(key, None)
    assert find_devices(store, DeviceFilter(), NOW, ZONE).total == 50
