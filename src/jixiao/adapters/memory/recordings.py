"""The 录像巡检's recorded intervals in memory (as adapters/db/recordings.py stores them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from jixiao.adapters.memory.state import Transaction
from jixiao.domain.devices import DeviceKind
from jixiao.services.web_ports import QuietCameras, RecordingDay


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

    def quiet_cameras(
        self,
        first: dt.date,
        last: dt.date,
        *,
        group: str | None = None,
        busy_keys: Sequence[int] = (),
        busy_groups: Sequence[str] = (),
    ) -> QuietCameras:
        tables = self._tx.tables
        scanned = {key for key, day in tables.recordings if day <= last}
        count, by_group, others = 0, dict[str, int](), []
        for key, d in sorted(tables.devices.items()):
            if d.kind is not DeviceKind.CAMERA or (group is not None and group not in d.groups):
                continue
            if (
                (d.commissioned is None or d.commissioned <= first)
                and (d.decommissioned is None or d.decommissioned > last)
                and key not in scanned
                and key not in busy_keys
                and not set(d.groups) & set(busy_groups)
            ):
                count += 1
                for name in dict.fromkeys(d.groups) or ("",):
                    by_group[name] = by_group.get(name, 0) + 1
            else:
                others.append(key)
        return QuietCameras(count, by_group, others)
