"""The 录像巡检's recorded intervals in the SQL store (tables.recording_day)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, tuple_

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.batches import batches
from jixiao.services.web_ports import RecordingDay

_BATCH = 500


def _row(r: Any) -> RecordingDay:
    return RecordingDay(
        r.device_pk,
        r.day,
        tuple((int(a), int(b)) for a, b in json.loads(r.spans)),
        tuple(json.loads(r.findings)),
        bool(r.answered),
        r.oldest,
        r.scanned,
    )


class SqlRecordingRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def put(self, rows: Sequence[RecordingDay]) -> None:
        r = t.recording_day
        latest = {(row.key, row.day): row for row in rows}  # the last of a repeated key wins
        items = list(latest.values())
        for i in range(0, len(items), _BATCH):
            chunk = items[i : i + _BATCH]
            self._c.execute(
                delete(r).where(tuple_(r.c.device_pk, r.c.day).in_([(x.key, x.day) for x in chunk]))
            )
            self._c.execute(
                insert(r),
                [
                    {
                        "device_pk": x.key,
                        "day": x.day,
                        "spans": json.dumps([list(s) for s in x.spans]),
                        "findings": json.dumps(list(x.findings), ensure_ascii=False),
                        "answered": int(x.answered),
                        "oldest": x.oldest,
                        "scanned": x.scanned,
                    }
                    for x in chunk
                ],
            )

    def between(
        self, first: dt.date, last: dt.date, keys: Sequence[int] | None = None
    ) -> list[RecordingDay]:
        r = t.recording_day
        query = select(r).where(r.c.day >= first, r.c.day <= last)
        queries = (
            [query]
            if keys is None
            else [query.where(r.c.device_pk.in_(chunk)) for chunk in batches(sorted(set(keys)))]
        )
        found = [_row(x) for q in queries for x in self._c.execute(q)]
        return sorted(found, key=lambda row: (row.key, row.day))

    def latest(self, as_of: dt.date, keys: Sequence[int] | None = None) -> dict[int, RecordingDay]:
        r = t.recording_day
        newest = (
            select(r.c.device_pk, func.max(r.c.day).label("day"))
            .where(r.c.day <= as_of, r.c.answered == 1)
            .group_by(r.c.device_pk)
        )
        chunks = [None] if keys is None else list(batches(sorted(set(keys))))
        out = {}
        for chunk in chunks:
            part = newest if chunk is None else newest.where(r.c.device_pk.in_(chunk))
            sub = part.subquery()
            query = select(r).join(
                sub, and_(r.c.device_pk == sub.c.device_pk, r.c.day == sub.c.day)
            )
            out.update({row.key: row for row in (_row(x) for x in self._c.execute(query))})
        return out
