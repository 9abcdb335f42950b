"""services/monitoring.py: status imports, maintenance windows and the online rate of the
hand-computed day of day.py."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from jixiao.adapters.memory import MemoryStore
from jixiao.domain.availability import Span
from jixiao.domain.errors import DomainError, Problem
from jixiao.services.inventory import Numbered, RowsRejected
from jixiao.services.monitoring import (
    AvailabilityQuery,
    Breakdown,
    Method,
    StatusRow,
    UnknownDevice,
    UnknownGroup,
    compute_availability,
    offline_now,
)
from jixiao.services.ports import KeyedChange
from tests.scenario import ZONE, add_maintenance, device, import_status, moment, seconds
from tests.unit.services.day import DAY, A, B, H, two_devices


@pytest.mark.parametrize("use_rollup", [True, False])
def test_time_weighted_rate_of_the_day(store: MemoryStore, use_rollup: bool) -> None:
    two_devices(store)
    query = AvailabilityQuery(DAY, DAY, group="天网")
    with store.read() as repos:
        report = compute_availability(repos, query, ZONE, use_rollup=use_rollup)
    assert (report.total.online_s, report.total.expected_s) == (22 * H, 46 * H)
    assert report.total.rate == Fraction(11, 23)
    assert (report.total.devices, report.maintenance_s, report.out_of_life_s) == (2, 2 * H, 0)


def test_rate_by_device_and_sampled(store: MemoryStore) -> None:
    two_devices(store)
    with store.read() as repos:
        by_device = compute_availability(
            repos, AvailabilityQuery(DAY, DAY, by=Breakdown.DEVICE), ZONE
        )
        # 10:00 both offline (0 of 2); 15:00 B in maintenance, A offline (0 of 1); 20:00 2 of 2
        times = (dt.time(10), dt.time(15), dt.time(20))
        sampled = compute_availability(
            repos, AvailabilityQuery(DAY, DAY, Method.SAMPLE, sample_at=times), ZONE
        )
    assert {r.key: r.rate for r in by_device.rows} == {A: Fraction(1, 2), B: Fraction(10, 22)}
    assert (sampled.total.online, sampled.total.counted, sampled.total.samples) == (2, 5, 3)
    assert sampled.total.rate == Fraction(1, 3)  # (0/2 + 0/1 + 2/2) / 3


def test_offline_now_lists_the_last_known_offline(store: MemoryStore) -> None:
    two_devices(store)
    offline = offline_now(store, moment(1, 9), ZONE)
    assert offline == []  # the last stored changes are A online at 18:00, B at 12:00
    with store.write() as repos:
        repos.statuses.append(
            [KeyedChange(repos.devices.keys([B])[B], seconds(2, 1), False, "断电")], source="t"
        )
    assert [o.device_id for o in offline_now(store, moment(2, 9), ZONE)] == [B]


def test_a_status_import_is_stored_with_its_duplicates_counted(store: MemoryStore) -> None:
    with store.write() as repos:
        repos.devices.upsert([device(A, "甲", ())])
    rows = [
        Numbered(2, StatusRow(A, moment(1), True)),
        Numbered(3, StatusRow(A, moment(1, 8), False, "断电")),
        Numbered(4, StatusRow(A, moment(1, 8), False)),
    ]
    result = import_status(store, rows, source="a.csv")
    assert (result.added, result.duplicates) == (2, 1)
    with store.read() as repos:
        key = repos.devices.keys([A])[A]
        assert repos.statuses.latest([key]) == {key: (seconds(1, 8), False)}


def test_a_refused_status_import_stores_nothing(store: MemoryStore) -> None:
    with store.write() as repos:
        repos.devices.upsert([device(A, "甲", ())])
        key = repos.devices.keys([A])[A]
        repos.statuses.append([KeyedChange(key, seconds(1), True)], source="old")
    contradicting = [
        Numbered(2, StatusRow(A, moment(2), False)),
        Numbered(3, StatusRow(A, moment(1), False)),
    ]
    with pytest.raises(RowsRejected) as caught:
        import_status(store, contradicting, source="new")
    assert caught.value.problems == [
        Problem("new", "与库中已有记录同一时刻的状态相反", 3, "status")
    ]
    unknown = [
        Numbered(2, StatusRow(A, moment(3), False)),
        Numbered(3, StatusRow(B, moment(3), True)),
    ]
    with pytest.raises(RowsRejected) as caught:
        import_status(store, unknown, source="new")
    assert [(p.line, p.field) for p in caught.value.problems] == [(3, "device_id")]
    with store.read() as repos:
        assert repos.statuses.latest([key]) == {key: (seconds(1), True)}


def test_maintenance_is_stored_for_a_known_device_or_group(store: MemoryStore) -> None:
    with store.write() as repos:
        repos.devices.upsert([device(A, "甲", ("天网",))])
    window = add_maintenance(store, moment(1, 2), moment(1, 4), " 光缆迁改 ", device_id=A)
    with pytest.raises(UnknownGroup, match="已有分组：天网"):
        add_maintenance(store, moment(1), moment(2), "检修", group="雪亮")
    with pytest.raises(UnknownDevice):
        add_maintenance(store, moment(1), moment(2), "检修", device_id=B)
    with pytest.raises(DomainError, match="结束时间应晚于开始时间"):
        add_maintenance(store, moment(1), moment(1), "检修", group="天网")
    with pytest.raises(DomainError, match="请写明维护原因"):
        add_maintenance(store, moment(1), moment(2), " ", group="天网")
    with store.read() as repos:
        [stored] = repos.maintenance.overlapping(Span(seconds(1), seconds(2)))
        key = repos.devices.keys([A])[A]
    assert (stored.id, stored.span, stored.reason, stored.device_key, stored.group) == (
        window,
        Span(seconds(1, 2), seconds(1, 4)),
        "光缆迁改",
        key,
        None,
    )
