"""Use cases on the in-memory store (adapters/memory): no database, state built through the
repositories, results read back from them."""

from __future__ import annotations

import pytest

from jixiao.adapters.files import files
from jixiao.adapters.memory import MemoryStore
from jixiao.services.application import Application
from jixiao.services.rollup import ensure_rollup
from tests.scenario import ZONE

NOW = 1_000  # the application's clock in these tests (epoch seconds)


@pytest.fixture
def store() -> MemoryStore:
    """A store as jixiao opens it: its daily rollup built (empty) and kept."""
    store = MemoryStore()
    ensure_rollup(store, ZONE)
    return store


@pytest.fixture
def application(store: MemoryStore) -> Application:
    """The application as bootstrap builds it, on the in-memory store and a fixed clock."""
    return Application(files(), ZONE, lambda: NOW, lambda: store)
