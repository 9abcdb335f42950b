"""The CorrectionRepo port: the record of what was deleted by mistake, who, when and why."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Connection, insert, select, update

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.projects import new_key
from jixiao.services.web_ports import Deletion


class SqlCorrectionRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, deletion: Deletion) -> int:
        row = dataclasses.asdict(deletion)
        del row["id"]
        return new_key(self._c.execute(insert(t.correction).values(row)))

    def get(self, deletion_id: int) -> Deletion | None:
        c = t.correction
        row = self._c.execute(select(c).where(c.c.id == deletion_id)).one_or_none()
        return None if row is None else _deletion(row)

    def pending(self) -> list[Deletion]:
        c = t.correction
        rows = self._c.execute(
            select(c).where(c.c.restored_at.is_(None)).order_by(c.c.at.desc(), c.c.id.desc())
        )
        return [_deletion(r) for r in rows]

    def restored(self, deletion_id: int, *, actor: str, at: int) -> None:
        c = t.correction
        self._c.execute(
            update(c).where(c.c.id == deletion_id).values(restored_by=actor, restored_at=at)
        )


def _deletion(row: Any) -> Deletion:
    m = row._mapping
    return Deletion(**{f.name: m[f.name] for f in dataclasses.fields(Deletion)})
