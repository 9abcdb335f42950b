"""Use cases on the in-memory store (adapters/memory): no database, state built through the
repositories, results read back from them."""

from __future__ import annotations

import pytest

from jixiao.adapters.memory import MemoryStore
from jixiao.services.rollup import ensure_rollup
from tests.scenario import ZONE


@pytest.fixture
def store() -> MemoryStore:
    """A store as jixiao opens it: its daily rollup built (empty) and kept."""
    store = MemoryStore()
    ensure_rollup(store, ZONE)
    return store
