"""Storage fixtures: every test here runs on SQLite and on a throwaway PostgreSQL cluster
(tests/stores.py). What every store must do, the memory one included, is in tests/contract;
what is left here is about SQL itself (migrations, columns, a loader behind the store's back)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from jixiao.adapters.db.accounts import SqlWebStore
from jixiao.adapters.db.engine import make_engine
from jixiao.adapters.db.migrate import upgrade
from jixiao.services.rollup import ensure_rollup
from tests.stores import empty_database


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each backend: a temp SQLite file, or a new PostgreSQL database."""
    with empty_database(request, request.param, tmp_path) as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: Engine) -> SqlWebStore:
    """A store as jixiao opens it: migrated, its daily rollup built (empty) and kept."""
    store = SqlWebStore(engine)
    ensure_rollup(store, ZoneInfo("Asia/Shanghai"))
    return store
