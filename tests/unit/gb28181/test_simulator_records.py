"""The simulator's recordings: files of the kept days minus the daily gaps, across midnight
when shifted, and the quirks (an overlapping and an inverted file) asked for."""

from __future__ import annotations

import datetime as dt

from jixiao.adapters.gb28181.inspection import next_run
from jixiao.adapters.gb28181.simulator import Fleet, FleetConfig

H = 3600
EIGHT = dt.timezone(dt.timedelta(hours=8))
# 2026-12-07 10:00 Beijing time: "now"; midnight of the 6th is the day asked for
NOW = int(dt.datetime(2026, 12, 7, 10, tzinfo=EIGHT).timestamp())
DAY = int(dt.datetime(2026, 12, 6, tzinfo=EIGHT).timestamp())


def _files(**config: object) -> list[tuple[int, int]]:
    fleet = Fleet(FleetConfig("127.0.0.1", 5060, 1, **config))  # type: ignore[arg-type]
    return [(a - DAY, b - DAY) for a, b in fleet.recordings("c", DAY, DAY + 86_399, NOW)]


def test_hourly_files_with_a_gap_and_files_across_midnight() -> None:
    plain = _files(record_gaps=((9 * H, 11 * H),))
    assert len(plain) == 22 and plain[8] == (8 * H, 9 * H) and plain[9] == (11 * H, 12 * H)
    shifted = _files(record_file_shift=1800, record_gaps_of={"c": ((23 * H, 24 * H),)})
    # the file from 23:30 the day before is cut at that day's gap, so it starts at midnight;
    # the last one, 22:30–23:30, stops at this day's gap
    assert shifted[0] == (0, H // 2) and shifted[-1] == (22 * H + 1800, 23 * H)


def test_kept_days_and_quirks() -> None:
    assert _files(record_days_of={"c": 1}) == []  # only today is kept
    quirky = _files(record_quirks=frozenset({"overlap", "inverted"}))
    assert quirky[-2:] == [(60, H + 60), (H + 60, 60)]  # the repeat, then one turned round


def test_the_nightly_scan_starts_at_the_hour_today_or_tomorrow() -> None:
    morning = dt.datetime(2026, 12, 7, 0, 30, tzinfo=EIGHT)
    assert next_run(morning, 1) == dt.datetime(2026, 12, 7, 1, tzinfo=EIGHT)
    assert next_run(morning.replace(hour=1), 1) == dt.datetime(2026, 12, 8, 1, tzinfo=EIGHT)
