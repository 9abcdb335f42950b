"""What only the in-memory store does: a read() block refuses to write, and a write() inside
a write() of the same thread is refused instead of waiting for itself."""

from __future__ import annotations

import pytest

from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.memory.state import ReadOnly
from jixiao.services.ports import Store
from jixiao.services.web_ports import Role, WebStore
from tests.scenario import EAST, device


def test_it_is_both_ports() -> None:
    store = MemoryStore()
    evidence: Store = store
    web: WebStore = store
    assert evidence.describe() == web.describe() == "内存证据库"


def test_a_read_block_refuses_to_write() -> None:
    store = MemoryStore()
    with store.read() as repos:
        with pytest.raises(ReadOnly):
            repos.devices.upsert([device(EAST, "东门", ())])
        with pytest.raises(ReadOnly):
            repos.users.add("cai", "", Role.FINANCE, "h", now=0)
        assert repos.devices.select() == []


def test_a_write_inside_a_write_is_refused() -> None:
    store = MemoryStore()
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ())])
        with pytest.raises(RuntimeError, match="write\\(\\) inside a write\\(\\)"), store.write():
            pass
    with store.read() as repos:  # the outer block still committed
        assert [s.device.name for s in repos.devices.select()] == ["东门"]
