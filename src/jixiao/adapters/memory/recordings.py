"""The 录像巡检's recorded intervals in memory (as adapters/db/recordings.py stores them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from jixiao.adapters.memory.state import Transaction
from jixiao.services.web_ports import RecordingDay


class MemoryRecordingRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def put(self, rows: Sequence[RecordingDay]) -> None:
        t = self._tx.writing()
        for row in rows:
            t.device(row.key)  # a foreign key
            t.recordings[(row.key, row.day)] = row

    def between(
        self, first: dt.date, last: dt.date, keys: Sequence[int] | None = None
    ) -> list[RecordingDay]:
        wanted = None if keys is None else set(keys)
        found = [
            row
            for (key, day), row in self._tx.tables.recordings.items()
            if first <= day <= last
            and (wanted is None or key in wanted)
            and key in self._tx.tables.devices
        ]
        return sorted(found, key=lambda r: (r.key, r.day))

    def latest(self, as_of: dt.date, keys: Sequence[int] | None = None) -> dict[int, RecordingDay]:
        wanted = None if keys is None else set(keys)
        out: dict[int, RecordingDay] = {}
        for (key, day), row in self._tx.tables.recordings.items():
            if day > as_of or not row.answered or (wanted is not None and key not in wanted):
                continue
            if key not in self._tx.tables.devices:
                continue
            if key not in out or out[key].day < day:
                out[key] = row
        return out
