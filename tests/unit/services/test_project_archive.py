"""services/project_archive.py: an archived project leaves the default lists, refuses every
change until an administrator restores it, and both steps are audited."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.projectfile import load_project
from jixiao.services.application import Application
from jixiao.services.project_archive import ProjectArchived
from jixiao.services.projects import SetIndicator
from jixiao.services.web_errors import Refused
from tests.conftest import WORKED
from tests.unit.services.conftest import NOW

TITLE = "2023年天网工程运维经费（2023）"


def _stored(store: MemoryStore) -> int:
    with store.write() as repos:
        repos.projects.save(load_project(WORKED))
        [(key, _, _)] = repos.projects.keyed()
    return key


def _audit(store: MemoryStore) -> list[tuple[str, str, object, object]]:
    with store.read() as repos:
        entries, _ = repos.audit.page(limit=10)
    return [
        (e.action, e.target, e.before and json.loads(e.before), e.after and json.loads(e.after))
        for e in entries
    ]


def test_an_archived_project_leaves_the_lists_and_is_listed_apart(
    store: MemoryStore, application: Application
) -> None:
    key = _stored(store)
    with pytest.raises(Refused, match="请填写归档原因"):
        application.archive_project(key, reason="  ", actor="he")
    assert application.archive_project(key, reason="项目已结束", actor="he") == TITLE
    assert application.projects() == []
    assert application.departments() == []  # the year's overview leaves it out too
    [archived] = application.archived_projects()
    assert (archived.title, archived.mark.reason, archived.mark.actor, archived.mark.at) == (
        TITLE,
        "项目已结束",
        "he",
        NOW,
    )
    assert application.project(key).stored.name == "2023年天网工程运维经费"  # still readable
    assert _audit(store)[0] == ("archive", TITLE, None, {"原因": "项目已结束"})


def test_an_archived_project_is_read_only(store: MemoryStore, application: Application) -> None:
    key = _stored(store)
    application.archive_project(key, reason="项目已结束", actor="he")
    refusals: list[Callable[[], object]] = [
        lambda: application.edit_project(key, SetIndicator(0, {"actual": "1个"}), actor="cai"),
        lambda: application.update_project(key, {"department": "某局"}, actor="cai"),
        lambda: application.remove_indicator(key, 0, actor="cai"),
        lambda: application.delete_project(key, reason="不要了", actor="cai"),
        lambda: application.import_project_file(WORKED, actor="cai"),
        lambda: application.archive_project(key, reason="再归档", actor="he"),
    ]
    for refused in refusals:
        with pytest.raises(ProjectArchived, match=f"项目“{TITLE}”已归档，只读"):
            refused()
    assert len(_audit(store)) == 1  # nothing but the archiving was recorded
    assert application.project(key).stored == load_project(WORKED)


def test_a_restored_project_is_listed_and_editable_again(
    store: MemoryStore, application: Application
) -> None:
    key = _stored(store)
    with pytest.raises(Refused, match="未归档"):
        application.restore_project(key, actor="admin")
    application.archive_project(key, reason="项目已结束", actor="he")
    assert application.restore_project(key, actor="admin") == TITLE
    assert [p.key for p in application.projects()] == [key]
    assert application.archived_projects() == []
    application.update_project(key, {"department": "某局"}, actor="cai")
    assert _audit(store)[1] == ("restore", TITLE, {"归档原因": "项目已结束", "归档人": "he"}, None)
