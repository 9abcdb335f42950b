"""services/projects.py: an edit is stored with its audit entry; a refused one stores nothing."""

from __future__ import annotations

import json

import pytest

from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.projectfile import load_project
from jixiao.adapters.projectfile.documents import DocumentCodec
from jixiao.domain.targets import Measured
from jixiao.services.projects import ProjectInvalid, SetIndicator, edit_project, import_project
from jixiao.services.web_errors import NotFound
from tests.conftest import WORKED
from tests.scenario import ZONE

NAME = "2023年天网工程运维经费"


def _stored(store: MemoryStore) -> int:
    with store.write() as repos:
        repos.projects.save(load_project(WORKED))
        [(key, _, _)] = repos.projects.keyed()
    return key


def test_an_edit_is_stored_with_its_audit_entry(store: MemoryStore) -> None:
    key = _stored(store)
    edit = SetIndicator(0, {"actual": "1200个"})
    done = edit_project(store, DocumentCodec(), ZONE, key, edit, actor="cai", now=1_000)
    with store.read() as repos:
        stored = repos.projects.by_key(key)
        entries, total = repos.audit.page(limit=5)
    assert stored is not None and stored == done.stored
    actual = stored.indicators[0].actual
    assert isinstance(actual, Measured) and actual.raw == "1200个"
    assert total == 1
    [entry] = entries
    assert (entry.at, entry.username, entry.action, entry.entity, entry.target) == (
        1_000,
        "cai",
        "update",
        "indicator",
        f"{NAME}（2023）/维护视频监控点位数",
    )
    assert entry.before is not None and json.loads(entry.before)["actual"] == "1180个"
    assert entry.after is not None and json.loads(entry.after)["actual"] == "1200个"


def test_a_refused_edit_stores_nothing(store: MemoryStore) -> None:
    key = _stored(store)
    with store.read() as repos:
        before = repos.projects.by_key(key)
    with pytest.raises(ProjectInvalid):
        edit_project(
            store,
            DocumentCodec(),
            ZONE,
            key,
            SetIndicator(0, {"target": "很多"}),
            actor="cai",
            now=1,
        )
    with pytest.raises(NotFound):
        edit_project(store, DocumentCodec(), ZONE, key + 1, SetIndicator(0, {}), actor="cai", now=1)
    with store.read() as repos:
        assert repos.projects.by_key(key) == before
        assert repos.audit.page(limit=5) == ([], 0)


def test_an_imported_project_replaces_its_name_and_year_and_keeps_its_key(
    store: MemoryStore,
) -> None:
    key = _stored(store)
    assert import_project(store, load_project(WORKED), actor="admin", now=5) == (key, True)
    with store.read() as repos:
        [entry], _ = repos.audit.page(limit=5)
    assert (entry.action, entry.entity, entry.target) == ("import", "project", f"{NAME}（2023）")
    assert entry.after == '{"指标数": 8, "替换已有": true}'
