"""RecordingRepo: the 录像巡检's rows per channel and day, on every store."""

from __future__ import annotations

import datetime as dt

import pytest

from jixiao.services.web_ports import RecordingDay, WebStore
from tests.scenario import EAST, WEST, device

D1, D2, D3 = dt.date(2021, 3, 1), dt.date(2021, 3, 2), dt.date(2021, 3, 3)


def _keys(store: WebStore) -> tuple[int, int]:
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ("重点",)), device(WEST, "西门", ())])
        found = repos.devices.keys([EAST, WEST])
    return found[EAST], found[WEST]


def test_rows_are_replaced_per_device_and_day(store: WebStore) -> None:
    east, west = _keys(store)
    first = RecordingDay(east, D1, ((10, 20), (30, 40)), ("1段录像重叠",), True, 5, 100)
    with store.write() as repos:
        repos.recordings.put([first, RecordingDay(west, D1, (), (), False, None, 100)])
        repos.recordings.put([RecordingDay(east, D2, ((50, 60),), oldest=4, scanned=200)])
    with store.write() as repos:  # scanned again: the new row replaces the old one
        repos.recordings.put([RecordingDay(east, D2, ((50, 70),), oldest=3, scanned=300)])
    with store.read() as repos:
        rows = repos.recordings.between(D1, D3)
        assert rows == [
            first,
            RecordingDay(east, D2, ((50, 70),), oldest=3, scanned=300),
            RecordingDay(west, D1, (), (), False, None, 100),
        ]
        assert repos.recordings.between(D2, D3, [west]) == []
        assert [r.day for r in repos.recordings.between(D1, D1, [east])] == [D1]


def test_latest_answered_row_per_device(store: WebStore) -> None:
    east, west = _keys(store)
    with store.write() as repos:
        repos.recordings.put(
            [
                RecordingDay(east, D1, oldest=1),
                RecordingDay(east, D3, oldest=3),
                RecordingDay(west, D1, oldest=7),
                RecordingDay(west, D2, answered=False),  # no answer: not the latest known
            ]
        )
    with store.read() as repos:
        latest = repos.recordings.latest(D2)
        assert {k: (r.day, r.oldest) for k, r in latest.items()} == {
            east: (D1, 1),
            west: (D1, 7),
        }
        assert repos.recordings.latest(D3, [east])[east].oldest == 3
        assert repos.recordings.latest(dt.date(2021, 2, 1)) == {}


def test_a_row_of_an_unknown_device_is_refused(store: WebStore) -> None:
    _keys(store)
    with pytest.raises(Exception), store.write() as repos:  # noqa: B017 — each store its own error
        repos.recordings.put([RecordingDay(999_999, D1)])
    with store.read() as repos:
        assert repos.recordings.between(D1, D3) == []
