"""services/inventory.py: the 点位表 import, all or nothing."""

from __future__ import annotations

import pytest

from jixiao.adapters.memory import MemoryStore
from jixiao.domain.errors import Problem
from jixiao.services.inventory import Numbered, RowsRejected
from tests.scenario import EAST, NVR, WEST, device, import_devices


def test_new_ids_are_added_and_known_ones_updated(store: MemoryStore) -> None:
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ("天网",))])
    rows = [
        Numbered(2, device(WEST, "西门", ("地网",))),
        Numbered(3, device(EAST, "东门（新）", ())),
    ]
    assert import_devices(store, rows) == (1, 1)
    with store.read() as repos:
        assert [(s.device.device_id.value, s.device.name) for s in repos.devices.select()] == [
            (EAST, "东门（新）"),
            (WEST, "西门"),
        ]
        assert [s.device.device_id.value for s in repos.devices.select(group="地网")] == [WEST]


def test_an_id_twice_refuses_the_whole_table(store: MemoryStore) -> None:
    rows = [
        Numbered(2, device(NVR, "中心", ())),
        Numbered(3, device(EAST, "甲", ())),
        Numbered(5, device(EAST, "乙", ())),
    ]
    with pytest.raises(RowsRejected) as caught:
        import_devices(store, rows)
    assert caught.value.problems == [Problem("test", f"设备编码{EAST}与第3行重复", 5, "device_id")]
    with store.read() as repos:
        assert repos.devices.select() == []
