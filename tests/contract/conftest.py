"""The repository contract: every test here takes a `store` and runs on the in-memory store,
on SQLite and on PostgreSQL (tests/stores.py), so all three give one answer.

The SQL stores are SqlWebStore, whose transactions hold every repository of services/ports.py
and services/web_ports.py, as MemoryStore's do.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao.adapters.db.accounts import SqlWebStore
from jixiao.adapters.db.engine import make_engine
from jixiao.adapters.db.migrate import upgrade
from jixiao.adapters.memory import MemoryStore
from jixiao.services.rollup import ensure_rollup
from jixiao.services.web_ports import WebStore
from tests.scenario import ZONE
from tests.stores import empty_database


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def fresh_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[WebStore]:
    """An empty store as a first start finds it: migrated, its daily rollup not yet built."""
    if request.param == "memory":
        yield MemoryStore()
        return
    with empty_database(request, request.param, tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        try:
            yield SqlWebStore(engine)
        finally:
            engine.dispose()


@pytest.fixture
def store(fresh_store: WebStore) -> WebStore:
    """A store as jixiao opens it: its daily rollup built (empty) and kept."""
    ensure_rollup(fresh_store, ZONE)
    return fresh_store
