"""DeviceRepo's narrow reads, one answer on the in-memory store, SQLite and PostgreSQL:
area_counts (the 设备数量 measure's areas, counted in the store with the same in-service,
group and deleted filters as tally), count_by_life (tally without the status) and
decommissioned (ticket sync's ends of service)."""

from __future__ import annotations

import datetime as dt

from jixiao.services.ports import DeviceSelection, KeyedChange
from jixiao.services.web_ports import WebStore
from tests.scenario import device

D = dt.date


def test_areas_of_the_devices_in_service_per_group(store: WebStore) -> None:
    # 2023: 甲 and 乙 in 城东 all year; 丙 in 城西 from 07-01; 丁 without an area; 戊 in 城北
    # until 2023-01-01 (its last day 2022-12-31); 己 in 城南 deleted; 庚 in 城中 of 地网 only.
    devices = [
        device("31010000001320000001", "甲", ("天网",), area="城东"),
        device("31010000001320000002", "乙", ("天网",), area="城东", commissioned=D(2020, 5, 1)),
        device("31010000001320000003", "丙", ("天网",), area="城西", commissioned=D(2023, 7, 1)),
        device("31010000001320000004", "丁", ("天网",)),
        device("31010000001320000005", "戊", ("天网",), area="城北", decommissioned=D(2023, 1, 1)),
        device("31010000001320000006", "己", ("天网",), area="城南"),
        device("31010000001320000007", "庚", ("地网",), area="城中"),
    ]
    with store.write() as repos:
        repos.devices.upsert(devices)
        deleted = repos.devices.keys(["31010000001320000006"])["31010000001320000006"]
        repos.devices.set_deleted(deleted, 5)
    with store.read() as repos:
        counts = repos.devices.area_counts
        year = D(2023, 1, 1), D(2023, 12, 31)
        assert counts("天网", *year) == {"": 1, "城东": 2, "城西": 1}
        assert list(counts("天网", *year)) == ["", "城东", "城西"]
        assert counts(None, *year) == {"": 1, "城东": 2, "城西": 1, "城中": 1}
        # the first half: 丙 not yet; 2022: 戊 still, 丙 not
        assert counts("天网", D(2023, 1, 1), D(2023, 6, 30)) == {"": 1, "城东": 2}
        assert counts("天网", D(2022, 1, 1), D(2022, 12, 31)) == {"": 1, "城东": 2, "城北": 1}
        assert counts("天网", D(2023, 7, 1), D(2023, 7, 1)) == {"": 1, "城东": 2, "城西": 1}
        assert counts("无此分组", *year) == {}


def test_the_decommissioned_devices_alone_with_their_service_life(store: WebStore) -> None:
    # ticket sync's ends of service: 乙 and 丙 have one, 丁 too but is deleted; 甲 none
    with store.write() as repos:
        repos.devices.upsert(
            [
                device("31010000001320000001", "甲", ("天网",)),
                device("31010000001320000002", "乙", ("天网",), decommissioned=D(2023, 3, 1)),
                device(
                    "31010000001320000003",
                    "丙",
                    ("地网",),
                    commissioned=D(2020, 1, 1),
                    decommissioned=D(2023, 1, 1),
                ),
                device("31010000001320000004", "丁", ("天网",), decommissioned=D(2023, 5, 1)),
            ]
        )
        keys = repos.devices.keys(f"3101000000132000000{n}" for n in range(1, 5))
        repos.devices.set_deleted(keys["31010000001320000004"], 5)
    with store.read() as repos:
        assert repos.devices.decommissioned() == {
            keys["31010000001320000002"]: (None, D(2023, 3, 1)),
            keys["31010000001320000003"]: (D(2020, 1, 1), D(2023, 1, 1)),
        }


def test_devices_counted_by_service_life_as_tally_counts_them(store: WebStore) -> None:
    # 甲 and 乙 (天网) without a service life, one reporting and one never; 丙 (天网) from
    # 2023-07-01; 丁 (天网) until 2023-01-01; 戊 (天网) deleted; 己 (地网) without one
    devices = [
        device("31010000001320000001", "甲", ("天网",)),
        device("31010000001320000002", "乙", ("天网",)),
        device("31010000001320000003", "丙", ("天网",), commissioned=D(2023, 7, 1)),
        device("31010000001320000004", "丁", ("天网",), decommissioned=D(2023, 1, 1)),
        device("31010000001320000005", "戊", ("天网",)),
        device("31010000001320000006", "己", ("地网",)),
    ]
    with store.write() as repos:
        repos.devices.upsert(devices)
        keys = repos.devices.keys(d.device_id.value for d in devices)
        repos.statuses.append([KeyedChange(keys["31010000001320000001"], 100, True)], source="t")
        repos.devices.set_deleted(keys["31010000001320000005"], 5)
    with store.read() as repos:
        lives = repos.devices.count_by_life(DeviceSelection(group="天网"))
        every = repos.devices.count_by_life(DeviceSelection())
        tallied: dict[tuple[dt.date | None, dt.date | None], int] = {}
        for line in repos.devices.tally(DeviceSelection(group="天网")):
            life = (line.commissioned, line.decommissioned)
            tallied[life] = tallied.get(life, 0) + line.count
        nobody = repos.devices.count_by_life(DeviceSelection(group="无此分组"))
    assert lives == {(None, None): 2, (D(2023, 7, 1), None): 1, (None, D(2023, 1, 1)): 1}
    assert lives == tallied
    assert every == {**lives, (None, None): 3}
    assert nobody == {}


def test_the_choices_of_groups_and_areas_leave_out_deleted_devices(store: WebStore) -> None:
    # 甲 (天网, 城东) and 乙 (天网 and 雪亮, 城东) stay; 丙 (雪亮, 城西) and 丁 (地网, 城南)
    # are deleted: 地网 and 城南 had no other device, 城西 none either; 戊 without an area
    devices = [
        device("31010000001320000001", "甲", ("天网",), area="城东"),
        device("31010000001320000002", "乙", ("天网", "雪亮"), area="城东"),
        device("31010000001320000003", "丙", ("雪亮",), area="城西"),
        device("31010000001320000004", "丁", ("地网",), area="城南"),
        device("31010000001320000005", "戊", ("天网",)),
    ]
    with store.write() as repos:
        repos.devices.upsert(devices)
        keys = repos.devices.keys(d.device_id.value for d in devices)
        before = repos.devices.groups(), repos.devices.areas()
        for n in (3, 4):
            repos.devices.set_deleted(keys[f"3101000000132000000{n}"], 5)
    with store.read() as repos:
        groups, areas = repos.devices.groups(), repos.devices.areas()
    assert before == ({"地网": 1, "天网": 3, "雪亮": 2}, ["城东", "城南", "城西"])
    assert (groups, list(groups)) == ({"天网": 3, "雪亮": 1}, ["天网", "雪亮"])
    assert areas == ["城东"]
