"""DeviceRepo, StatusRepo and MaintenanceRepo: devices by id, append-only status, maintenance."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from jixiao.domain.availability import Plan, SegmentSums, Span, reference_segment_sums
from jixiao.domain.devices import Device
from jixiao.domain.errors import Problem
from jixiao.services.inventory import Numbered, RowsRejected
from jixiao.services.monitoring import StatusRow, UnknownDevice, UnknownGroup
from jixiao.services.ports import AppendResult, DeviceSelection, KeyedChange
from jixiao.services.web_ports import LoggedChange, WebStore
from tests.scenario import (
    EAST,
    NVR,
    OLD,
    WEST,
    add_maintenance,
    county,
    device,
    import_devices,
    import_status,
    moment,
    seconds,
)

H = 3600


def _keys(store: WebStore, *devices: Device) -> list[int]:
    with store.write() as repos:
        repos.devices.upsert(list(devices))
        found = repos.devices.keys(d.device_id.value for d in devices)
    return [found[d.device_id.value] for d in devices]


# -- devices -------------------------------------------------------------------------------


def test_a_burst_upsert_adds_and_replaces_thousands_with_their_groups(store: WebStore) -> None:
    """A registration burst: 1,500 devices in one call, 500 of them already stored."""
    ids = [f"34020000001310{n:06d}" for n in range(1500)]
    with store.write() as repos:
        assert repos.devices.upsert([device(i, "旧", ("天网", "旧组")) for i in ids[:500]]) == (
            500,
            0,
        )
    with store.write() as repos:
        burst = [device(i, f"摄像机{n}", ("国标通道",) if n % 2 else ()) for n, i in enumerate(ids)]
        assert repos.devices.upsert(burst) == (1000, 500)
    with store.read() as repos:
        stored = {s.device.device_id.value: s.device for s in repos.devices.select()}
        assert repos.devices.groups() == {"国标通道": 750}
    assert len(stored) == 1500
    assert stored[ids[0]].name == "摄像机0" and stored[ids[0]].groups == ()
    assert stored[ids[1499]].name == "摄像机1499" and stored[ids[1499]].groups == ("国标通道",)


def test_upsert_adds_new_ids_and_replaces_stored_ones(store: WebStore) -> None:
    with store.write() as repos:
        assert repos.devices.upsert([device(WEST, "西门", ("天网",))]) == (1, 0)
        replaced = device(WEST, "西门（新）", ("雪亮", "天网"), area="县城", port=8000)
        assert repos.devices.upsert([device(EAST, "东门", ()), replaced]) == (1, 1)
    with store.read() as repos:
        keys = repos.devices.keys([EAST, WEST, NVR, EAST])
        assert set(keys) == {EAST, WEST}  # unknown ids are left out
        assert len(set(keys.values())) == 2
        stored = repos.devices.select()
    assert [(s.key, s.device.device_id.value) for s in stored] == [
        (keys[EAST], EAST),
        (keys[WEST], WEST),
    ]  # ordered by id
    # groups come back sorted by name; every other field as given
    assert stored[1].device == device(WEST, "西门（新）", ("天网", "雪亮"), area="县城", port=8000)


def test_select_by_group_and_the_groups_with_their_sizes(store: WebStore) -> None:
    county(store)
    with store.read() as repos:
        assert repos.devices.groups() == {"地网": 2, "天网": 3}
        members = [s.device.device_id.value for s in repos.devices.select(group="天网")]
        assert members == [NVR, OLD, EAST]  # by id
        assert repos.devices.select(group="雪亮") == []


def test_reimporting_a_device_updates_it_by_id(store: WebStore) -> None:
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


def test_a_device_twice_in_one_table_is_refused_with_both_lines(store: WebStore) -> None:
    with pytest.raises(RowsRejected) as caught:
        import_devices(
            store, [Numbered(2, device(EAST, "a", ())), Numbered(7, device(EAST, "b", ()))]
        )
    assert caught.value.problems == [Problem("test", f"设备编码{EAST}与第2行重复", 7, "device_id")]
    with store.read() as repos:
        assert repos.devices.select() == []


def test_days_are_dates(store: WebStore) -> None:
    county(store)
    with store.read() as repos:
        west = next(s.device for s in repos.devices.select() if s.device.device_id.value == WEST)
    assert west.commissioned == dt.date(2021, 3, 3)


# -- status changes ------------------------------------------------------------------------


def test_append_stores_new_moments_and_counts_repeats_as_duplicates(store: WebStore) -> None:
    east, west = _keys(store, device(EAST, "东门", ()), device(WEST, "西门", ()))
    with store.write() as repos:
        first = repos.statuses.append(
            [KeyedChange(east, 100, True, "上电"), KeyedChange(west, 50, False)], source="a.csv"
        )
        assert first == AppendResult(2, 0)
        again = repos.statuses.append(
            [KeyedChange(east, 100, True, "其他原因"), KeyedChange(east, 200, False)], source="b"
        )
        assert again == AppendResult(1, 1)
    with store.read() as repos:
        # the first cause and source of a moment stay; newest first, at most `limit`
        assert repos.status_log.changes(east, limit=5) == [
            LoggedChange(200, False, "", "b"),
            LoggedChange(100, True, "上电", "a.csv"),
        ]
        assert repos.status_log.changes(east, limit=1) == [LoggedChange(200, False, "", "b")]


def test_a_conflict_stores_nothing_of_the_append_and_names_each_conflict(store: WebStore) -> None:
    east, west = _keys(store, device(EAST, "东门", ()), device(WEST, "西门", ()))
    with store.write() as repos:
        repos.statuses.append(
            [KeyedChange(east, 100, True), KeyedChange(west, 100, True)], source="a"
        )
    with store.write() as repos:
        result = repos.statuses.append(
            [
                KeyedChange(west, 100, False, "反了"),
                KeyedChange(east, 300, True),  # new, yet not stored: the append is refused
                KeyedChange(east, 100, True),  # a duplicate, still counted
                KeyedChange(east, 100, False),
            ],
            source="b",
        )
        # conflicts in the order of (key, moment)
        assert result == AppendResult(
            0, 1, (KeyedChange(east, 100, False), KeyedChange(west, 100, False, "反了"))
        )
        assert repos.statuses.latest([east, west]) == {east: (100, True), west: (100, True)}


def test_a_moment_repeated_within_one_append_is_stored_once_the_last_given(
    store: WebStore,
) -> None:
    [east] = _keys(store, device(EAST, "东门", ()))
    with store.write() as repos:
        result = repos.statuses.append(
            [KeyedChange(east, 100, True, "甲"), KeyedChange(east, 100, False, "乙")], source="a"
        )
        assert result == AppendResult(1, 0)  # neither a duplicate nor a conflict
    with store.read() as repos:
        assert repos.status_log.changes(east, limit=9) == [LoggedChange(100, False, "乙", "a")]


def test_history_imported_out_of_order_sums_as_if_in_order(store: WebStore) -> None:
    import_devices(store, [Numbered(2, device(EAST, "东门", ()))])
    import_status(
        store,
        [
            Numbered(2, StatusRow(EAST, moment(1, 12), False)),
            Numbered(3, StatusRow(EAST, moment(2), True)),
        ],
        source="a",
    )
    # an older change arrives later: the change after it now follows "online"
    result = import_status(store, [Numbered(2, StatusRow(EAST, moment(1, 6), True))], source="b")
    assert (result.added, result.duplicates) == (1, 0)
    with store.read() as repos:
        [key] = repos.devices.keys([EAST]).values()
        start, end = seconds(1), seconds(3)
        plan = Plan((start, end), ((key,),), ((),))
        # +1 at 1st 06:00, −1 at 12:00, +1 on the 2nd; weights up to the 3rd: 42 h − 36 h + 24 h
        assert repos.statuses.segment_sums(plan) == [SegmentSums(0, 0, 1, 30 * H)]
        window = Span(seconds(1, 9), end)
        assert repos.statuses.histories([key], window) == {
            key: (True, [(seconds(1, 12), False), (seconds(2), True)])
        }


def test_the_same_change_twice_is_a_duplicate_and_stored_once(store: WebStore) -> None:
    import_devices(store, [Numbered(2, device(EAST, "东门", ()))])
    rows = [
        Numbered(2, StatusRow(EAST, moment(1), True)),
        Numbered(3, StatusRow(EAST, moment(1), True)),
    ]
    assert import_status(store, rows, source="a").duplicates == 1
    assert import_status(store, rows[:1], source="a").duplicates == 1
    with store.read() as repos:
        key = repos.devices.keys([EAST])[EAST]
        assert len(repos.status_log.changes(key, limit=10)) == 1


def test_contradictions_and_unknown_devices_refuse_the_whole_import(store: WebStore) -> None:
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
    with store.read() as repos:
        key = repos.devices.keys([EAST])[EAST]
        assert len(repos.status_log.changes(key, limit=10)) == 1


def test_histories_give_the_status_before_the_window_and_the_changes_within(
    store: WebStore,
) -> None:
    county(store)
    with store.read() as repos:
        keys = repos.devices.keys([EAST, NVR, OLD])
        window = Span(seconds(1, 8), seconds(1, 12))  # half-open: 12:00 is outside
        found = repos.statuses.histories([*keys.values(), 999_999], window)
    assert found == {
        keys[EAST]: (True, [(seconds(1, 8), False)]),
        keys[NVR]: (False, []),  # never reported: offline
        keys[OLD]: (True, []),
    }  # keys of no stored device are left out


def test_latest_status_per_device(store: WebStore) -> None:
    county(store)
    with store.read() as repos:
        keys = {s.device.device_id.value: s.key for s in repos.devices.select()}
        latest = repos.statuses.latest(list(keys.values()))
    assert latest[keys[EAST]] == (seconds(1, 12), True)
    assert keys[NVR] not in latest


def test_segment_sums_by_hand(store: WebStore) -> None:
    a, b = _keys(store, device(EAST, "东门", ()), device(WEST, "西门", ()))
    with store.write() as repos:
        repos.statuses.append(
            [
                KeyedChange(a, 0, True),
                KeyedChange(a, 50, False),
                KeyedChange(a, 120, True),
                KeyedChange(b, 10, True),
                KeyedChange(b, 150, True),  # a repeated status: no jump
            ],
            source="t",
        )
    # segments [100, 200) with a, then [200, 300) with b only (a leaves, b joins at 200)
    plan = Plan((100, 200, 300), ((a,), (b,)), ((), (a,)))
    with store.read() as repos:
        assert repos.statuses.segment_sums(plan) == [
            SegmentSums(0, 0, 1, 80),  # a offline before 100, on at 120: +1 × (200 − 120)
            SegmentSums(1, 1, 0, 0),  # b joins online, a leaves online
        ]


@pytest.mark.parametrize("seed", [1, 2])
def test_segment_sums_are_the_reference_sums(store: WebStore, seed: int) -> None:
    rnd = random.Random(seed)
    keys = _keys(store, *(device(f"640323000013200000{n:02d}", f"点{n}", ()) for n in range(6)))
    history = {
        k: sorted({rnd.randrange(0, 2000): rnd.random() < 0.5 for _ in range(12)}.items())
        for k in keys
    }
    with store.write() as repos:
        repos.statuses.append(
            [KeyedChange(k, at, on) for k, changes in history.items() for at, on in changes],
            source="t",
        )
    bounds = sorted(rnd.sample(range(0, 2200), 7))
    joins: list[list[int]] = [[] for _ in bounds[:-1]]
    leaves: list[list[int]] = [[] for _ in bounds[:-1]]
    for k in keys:
        first = rnd.randrange(len(joins))
        joins[first].append(k)
        if (last := rnd.randrange(first, len(joins) + 1)) < len(leaves) and last > first:
            leaves[last].append(k)
    plan = Plan(tuple(bounds), tuple(map(tuple, joins)), tuple(map(tuple, leaves)))
    with store.read() as repos:
        assert repos.statuses.segment_sums(plan) == reference_segment_sums(plan, history)


# -- maintenance ---------------------------------------------------------------------------


def test_maintenance_needs_a_known_device_or_group(store: WebStore) -> None:
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


def test_overlapping_windows_are_half_open_and_ordered_by_start(store: WebStore) -> None:
    [east] = _keys(store, device(EAST, "东门", ("天网",)))
    with store.write() as repos:
        late = repos.maintenance.add(Span(300, 400), "乙", device_key=None, group="天网")
        early = repos.maintenance.add(Span(100, 200), "甲", device_key=east, group=None)
        same = repos.maintenance.add(Span(100, 150), "丙", device_key=east, group=None)
        assert len({late, early, same}) == 3
    with store.read() as repos:
        assert [w.id for w in repos.maintenance.overlapping(Span(0, 1000))] == [early, same, late]
        assert repos.maintenance.overlapping(Span(200, 300)) == []  # touching is not overlapping
        [window] = repos.maintenance.overlapping(Span(399, 500))
    assert (window.span, window.reason, window.device_key, window.group) == (
        Span(300, 400),
        "乙",
        None,
        "天网",
    )


def test_by_last_change_pages_never_reported_first_then_oldest_change(store: WebStore) -> None:
    """The offline list's order, read in the store: a device that never reported first, then
    by its last change (oldest first, ties by id), with that change's status and cause."""
    a, b, c, d = (f"640323000013200000{n:02d}" for n in (1, 2, 3, 4))
    keys = _keys(store, *(device(x, x[-2:], ("g",)) for x in (a, b, c, d)))
    with store.write() as repos:
        repos.statuses.append(
            [
                KeyedChange(keys[0], 100, True),
                KeyedChange(keys[0], 300, False, "断电"),
                KeyedChange(keys[1], 200, False, "光缆"),
                KeyedChange(keys[2], 200, True),
            ],
            source="t",
        )
    with store.read() as repos:
        every = repos.devices.by_last_change(DeviceSelection(), 0, 10)
        page = repos.devices.by_last_change(DeviceSelection(), 1, 2)
        offline = repos.devices.by_last_change(
            DeviceSelection(lines=frozenset({(False, None, None)})), 0, 10
        )
    assert [(f.stored.device.device_id.value, f.at, f.online, f.cause) for f in every] == [
        (d, None, None, ""),
        (b, 200, False, "光缆"),
        (c, 200, True, ""),
        (a, 300, False, "断电"),
    ]
    assert [f.stored.key for f in page] == [keys[1], keys[2]]
    assert [f.stored.key for f in offline] == [keys[1], keys[0]]


def test_the_kind_word_of_the_table_is_kept_with_the_device(store: WebStore) -> None:
    """枪机 is a 摄像机 for every measure; the word is kept, replaced on re-import."""
    gun = dataclasses.replace(device(EAST, "东门", ("天网",)), kind_word="枪机")
    with store.write() as repos:
        repos.devices.upsert([gun, device(WEST, "西门", ())])
    with store.read() as repos:
        stored = {s.device.device_id.value: s.device for s in repos.devices.select()}
    assert (stored[EAST].kind_word, stored[EAST].kind_shown) == ("枪机", "摄像机（枪机）")
    assert (stored[WEST].kind_word, stored[WEST].kind_written) == ("", "摄像机")
    with store.write() as repos:
        repos.devices.upsert([dataclasses.replace(gun, kind_word="球机")])
        assert repos.devices.find(EAST).device.kind_word == "球机"  # type: ignore[union-attr]
