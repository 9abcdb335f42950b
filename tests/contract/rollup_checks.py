"""The daily rollup's agreement with the direct computation, checked on any store."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from jixiao.domain.availability import local_days
from jixiao.domain.devices import Device
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import (
    AvailabilityQuery,
    AvailabilityReport,
    Breakdown,
    StatusRow,
    compute_availability,
)
from jixiao.services.rollup import check_rollup, rollup_rates
from jixiao.services.web_ports import WebStore
from tests.scenario import ZONE, import_devices, import_status

A, B, C, D = (f"640323000013200000{n:02d}" for n in (11, 12, 13, 14))
BREAKDOWNS = (None, Breakdown.DAY, Breakdown.MONTH, Breakdown.GROUP, Breakdown.AREA)


def reports(
    store: WebStore, first: dt.date, last: dt.date, group: str | None, zone: ZoneInfo
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
    store: WebStore,
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
        for fast, direct in reports(store, first, last, group, zone):
            assert fast == direct, (group, fast.query.by)
    assert check_rollup(store, zone) == []


def import_rows(store: WebStore, *rows: tuple[str, dt.datetime, bool]) -> None:
    """Status rows (device id, moment, online) through the import use case."""
    numbered = [Numbered(i + 2, StatusRow(d, at, on)) for i, (d, at, on) in enumerate(rows)]
    import_status(store, numbered, source="test")


def import_devices_of(store: WebStore, *devices: Device) -> None:
    """Devices through the 点位表 import use case."""
    import_devices(store, [Numbered(i + 2, d) for i, d in enumerate(devices)])
