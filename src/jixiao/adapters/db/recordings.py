"""The 录像巡检's recorded intervals in the SQL store (tables.recording_day)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    delete,
    exists,
    false,
    func,
    insert,
    not_,
    or_,
    select,
    tuple_,
)

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.batches import batches
from jixiao.domain.devices import DeviceKind
from jixiao.services.web_ports import QuietCameras, RecordingDay

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

    def quiet_cameras(
        self,
        first: dt.date,
        last: dt.date,
        *,
        group: str | None = None,
        busy_keys: Sequence[int] = (),
        busy_groups: Sequence[str] = (),
    ) -> QuietCameras:
        d, g, r = t.device, t.device_group, t.recording_day
        selected = and_(d.c.deleted_at.is_(None), d.c.kind == DeviceKind.CAMERA.value)
        if group is not None:
            member = g.alias("member")  # not the g the counts below join
            selected = and_(
                selected, exists().where(member.c.device_pk == d.c.pk, member.c.name == group)
            )
        quiet = and_(
            or_(d.c.commissioned.is_(None), d.c.commissioned <= first),
            or_(d.c.decommissioned.is_(None), d.c.decommissioned > last),
            not_(exists().where(r.c.device_pk == d.c.pk, r.c.day <= last)),
        )
        if busy_groups:
            busy = g.alias("busy")
            quiet = and_(
                quiet,
                not_(
                    exists().where(busy.c.device_pk == d.c.pk, busy.c.name.in_(list(busy_groups)))
                ),
            )
        busy_pks = sorted(set(busy_keys))
        if len(busy_pks) > _BATCH:  # many windows of single devices: nobody is counted unread
            quiet = and_(quiet, false())
        elif busy_pks:
            quiet = and_(quiet, d.c.pk.not_in(busy_pks))
        others = [pk for (pk,) in self._c.execute(select(d.c.pk).where(selected, not_(quiet)))]
        by_group: dict[str, int] = dict(
            self._c.execute(
                select(func.coalesce(g.c.name, ""), func.count())
                .select_from(d.outerjoin(g, g.c.device_pk == d.c.pk))
                .where(selected, quiet)
                .group_by(g.c.name)
            ).all()
        )
        # every selected camera is quiet or not (`quiet` is never NULL): counted without it
        every = self._c.execute(select(func.count()).select_from(d).where(selected)).scalar_one()
        return QuietCameras(int(every) - len(others), by_group, others)
