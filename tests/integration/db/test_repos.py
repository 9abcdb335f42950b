"""What only the SQL store keeps: the derived `previous` column of every status change.
The repositories' contract, on every store, is in tests/contract."""

from __future__ import annotations

from sqlalchemy import select

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.accounts import SqlWebStore as SqlStore
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import StatusRow
from tests.scenario import EAST, device, import_devices, import_status, moment, seconds


def _rows(store: SqlStore) -> list[tuple[int, int, int]]:
    s = t.status_change
    with store.engine.connect() as c:
        return [
            tuple(r)
            for r in c.execute(
                select(s.c.at, s.c.online, s.c.previous).order_by(s.c.device_pk, s.c.at)
            )
        ]


def test_history_imported_out_of_order_keeps_previous_right(store: SqlStore) -> None:
    import_devices(store, [Numbered(2, device(EAST, "东门", ()))])
    import_status(
        store,
        [
            Numbered(2, StatusRow(EAST, moment(1, 12), False)),
            Numbered(3, StatusRow(EAST, moment(2), True)),
        ],
        source="a",
    )
    # an older change arrives later: the row after it must now say it followed "online"
    result = import_status(store, [Numbered(2, StatusRow(EAST, moment(1, 6), True))], source="b")
    assert (result.added, result.duplicates) == (1, 0)
    assert _rows(store) == [(seconds(1, 6), 1, 0), (seconds(1, 12), 0, 1), (seconds(2), 1, 0)]
