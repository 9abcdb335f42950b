"""write() is all or nothing; read() sees what was committed, never a write in progress."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from jixiao.adapters.projectfile import load_project
from jixiao.domain.availability import Span
from jixiao.services.ports import KeyedChange
from jixiao.services.web_ports import AuditEntry, Role, WebStore
from tests.conftest import WORKED
from tests.scenario import EAST, WEST, device


class Boom(Exception):
    pass


def test_an_exception_inside_write_leaves_nothing(store: WebStore) -> None:
    project = load_project(WORKED)
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ("天网",))])
        east = repos.devices.keys([EAST])[EAST]
    with pytest.raises(Boom), store.write() as repos:
        repos.devices.upsert([device(EAST, "东门（改）", ()), device(WEST, "西门", ())])
        repos.statuses.append([KeyedChange(east, 100, True)], source="a")
        repos.maintenance.add(Span(0, 10), "检修", device_key=east, group=None)
        repos.presence.seen({east: 100})
        repos.projects.save(project)
        user = repos.users.add("cai", "", Role.FINANCE, "h", now=1)
        repos.sessions.add("t", user, "c", now=1)
        repos.audit.add(AuditEntry(1, "cai", "update", "funds", "x"))
        repos.settings.put("bureau_name", "盐池县公安局")
        repos.rollup.rebuild(ZoneInfo("Europe/Berlin"))
        # the block sees its own writes
        assert [s.device.name for s in repos.devices.select()] == ["东门（改）", "西门"]
        assert repos.statuses.latest([east]) == {east: (100, True)}
        raise Boom
    with store.read() as repos:
        [stored] = repos.devices.select()
        assert (stored.device.name, stored.device.groups) == ("东门", ("天网",))
        assert repos.devices.groups() == {"天网": 1}
        assert repos.statuses.latest([east]) == {}
        assert repos.maintenance.overlapping(Span(0, 10)) == []
        assert repos.presence.select() == {}
        assert repos.projects.names() == []
        assert (repos.users.count(), repos.sessions.get("t")) == (0, None)
        assert repos.audit.page(limit=5) == ([], 0)
        assert repos.settings.all() == {}
        assert repos.rollup.zone() == "Asia/Shanghai"


def test_a_read_does_not_see_a_write_before_it_commits(store: WebStore) -> None:
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ())])
        with store.read() as elsewhere:
            assert elsewhere.devices.select() == []
    with store.read() as repos:
        assert [s.device.device_id.value for s in repos.devices.select()] == [EAST]


def test_a_rolled_back_write_does_not_come_back_with_the_next_one(store: WebStore) -> None:
    with pytest.raises(Boom), store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ())])
        raise Boom
    with store.write() as repos:
        repos.devices.upsert([device(WEST, "西门", ())])
    with store.read() as repos:
        [west] = repos.devices.select()
        assert repos.devices.keys([EAST, WEST]) == {WEST: west.key}
