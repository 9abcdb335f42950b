"""The SQL rollup against what only SQL has: rows written behind the store's back, and a
database from before the rollup. The agreement of the rollup with the direct computation on
every store is in tests/contract/test_rollup.py."""

from __future__ import annotations

from alembic import command
from sqlalchemy import insert

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.accounts import SqlWebStore as SqlStore
from jixiao.adapters.db.engine import make_engine
from jixiao.adapters.db.migrate import alembic_config, upgrade
from jixiao.domain.availability import to_seconds
from jixiao.services.rollup import check_rollup, ensure_rollup, rebuild_rollup
from tests.contract.rollup_checks import A, B, assert_same
from tests.contract.rollup_checks import import_devices_of as _devices
from tests.contract.rollup_checks import import_rows as _import
from tests.scenario import ZONE, device, moment


def test_a_bulk_load_behind_its_back_is_found_and_a_rebuild_puts_it_right(
    store: SqlStore,
) -> None:
    _devices(store, device(A, "甲", ("天网",)))
    _import(store, (A, moment(1), True))
    with store.read() as repos:
        key = repos.devices.keys([A])[A]
    with store.engine.begin() as connection:  # what a bulk loader does: rows, not the import
        connection.execute(
            insert(t.status_change),
            [{"device_pk": key, "at": to_seconds(moment(2)), "online": 0, "previous": 1}],
        )
    problems = check_rollup(store, ZONE)
    assert problems and problems[0].startswith("设备类")
    done = rebuild_rollup(store, ZONE)
    assert (done.zone, done.cohorts) == ("Asia/Shanghai", 1)
    assert_same(store, groups=(None, "天网"))


def test_a_store_from_before_the_rollup_gets_it_built_on_first_use(database_url: str) -> None:
    engine = make_engine(database_url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    at = to_seconds(moment(1, 8))
    with engine.begin() as connection:  # evidence stored by a jixiao of revision 0001
        connection.execute(
            insert(t.device),
            [
                {"pk": 1, "device_id": A, "kind": "camera", "name": "甲"},
                {"pk": 2, "device_id": B, "kind": "camera", "name": "乙", "area": "城关"},
            ],
        )
        connection.execute(
            insert(t.device_group),
            [{"device_pk": 1, "name": "天网"}, {"device_pk": 2, "name": "天网"}],
        )
        connection.execute(
            insert(t.status_change),
            [
                {"device_pk": 1, "at": at, "online": 1, "previous": 0},
                {"device_pk": 1, "at": at + 3600, "online": 0, "previous": 1},
                {"device_pk": 2, "at": at + 60, "online": 1, "previous": 0},
            ],
        )
        connection.execute(
            insert(t.maintenance),
            [{"group_name": "天网", "start_at": at, "end_at": at + 7200, "reason": "检修"}],
        )
    try:
        upgrade(engine)
        store = SqlStore(engine)
        assert ensure_rollup(store, ZONE) is not None
        assert ensure_rollup(store, ZONE) is None  # built once, then kept
        assert_same(store, groups=(None, "天网"))
    finally:
        engine.dispose()
