"""The inventory and status use cases write their audit entries in their own transaction."""

from __future__ import annotations

import json

import pytest

from jixiao.adapters.memory import MemoryStore
from jixiao.services.inventory import Numbered, RowsRejected
from jixiao.services.monitoring import StatusRow
from tests.scenario import (
    EAST,
    NVR,
    WEST,
    add_maintenance,
    device,
    import_devices,
    import_status,
    moment,
)


def _entries(store: MemoryStore) -> list[tuple[str, str, str]]:
    with store.read() as repos:
        entries, _ = repos.audit.page(limit=50)
    return [(e.action, e.entity, e.target) for e in reversed(entries)]


def test_each_device_the_import_changes_gets_an_entry(store: MemoryStore) -> None:
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ("天网",)), device(WEST, "西门", ())])
    rows = [
        Numbered(2, device(EAST, "东门", ("天网",))),  # unchanged: no entry
        Numbered(3, device(WEST, "西门（新）", ())),
        Numbered(4, device(NVR, "中心", ())),
    ]
    assert import_devices(store, rows, actor="yun", now=7) == (1, 2)
    assert _entries(store) == [("update", "device", WEST), ("create", "device", NVR)]
    with store.read() as repos:
        entries, _ = repos.audit.page(limit=1, offset=1)
    assert entries[0].before is not None and json.loads(entries[0].before)["名称"] == "西门"


def test_a_refused_import_leaves_neither_devices_nor_entries(store: MemoryStore) -> None:
    rows = [Numbered(2, device(EAST, "甲", ())), Numbered(3, device(EAST, "乙", ()))]
    with pytest.raises(RowsRejected):
        import_devices(store, rows, actor="yun", now=7)
    status = [Numbered(2, StatusRow(EAST, moment(1), True))]
    with pytest.raises(RowsRejected):  # not in the inventory
        import_status(store, status, source="a.csv", actor="yun", now=8)
    with store.read() as repos:
        assert repos.devices.select() == []
    assert _entries(store) == []


def test_status_imports_and_maintenance_are_recorded(store: MemoryStore) -> None:
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ("天网",))])
    rows = [Numbered(2, StatusRow(EAST, moment(1), True))]
    result = import_status(store, rows, source="a.csv", actor="yun", now=8)
    assert (result.added, result.duplicates) == (1, 0)
    window = add_maintenance(
        store, moment(2), moment(3), "检修", device_id=None, group="天网", actor="yun", now=9
    )
    assert _entries(store) == [
        ("import", "status", "a.csv"),
        ("create", "maintenance", f"#{window} 分组“天网”"),
    ]
    with store.read() as repos:
        entries, _ = repos.audit.page(limit=2)
    assert json.loads(entries[1].after or "") == {"新增": 1, "重复已跳过": 0}
