"""Project-years stored: the project read back, replaced by name and year, found by key."""

from __future__ import annotations

import dataclasses

import pytest

from jixiao.adapters.projectfile import load_project, read_project
from jixiao.adapters.projectfile.export import dump_project
from jixiao.adapters.reports.evaluation_json import evaluation_to_dict
from jixiao.domain.evaluation import evaluate
from jixiao.services.web_ports import Archived, WebStore
from tests.conftest import CONFERENCE, SKYNET, WORKED, YANCHI


@pytest.mark.parametrize("path", [WORKED, SKYNET, CONFERENCE, YANCHI], ids=lambda p: p.stem)
def test_a_stored_project_evaluates_as_its_file(store: WebStore, path: object) -> None:
    original = load_project(path)  # type: ignore[arg-type]
    with store.write() as repos:
        assert repos.projects.save(original) is False
    with store.read() as repos:
        [stored] = repos.projects.get(original.name, original.year)
    assert stored == original
    assert evaluation_to_dict(evaluate(stored)) == evaluation_to_dict(evaluate(original))
    exported = read_project(dump_project(stored), "export.yaml")
    assert evaluation_to_dict(evaluate(exported)) == evaluation_to_dict(evaluate(original))


def test_saving_the_same_project_year_replaces_it(store: WebStore) -> None:
    project = load_project(WORKED)
    with store.write() as repos:
        repos.projects.save(project)
        assert repos.projects.save(project) is True
        assert repos.projects.names() == [(project.name, project.year)]


def test_projects_by_name_year_and_key_and_a_replaced_one_keeps_its_key(
    store: WebStore,
) -> None:
    worked = load_project(WORKED)
    older = dataclasses.replace(worked, year=2021)
    other = dataclasses.replace(worked, name="2023年安防运维", year=2023)
    with store.write() as repos:
        for project in (worked, older, other):
            repos.projects.save(project)
        keyed = repos.projects.keyed()
    # by year, then name (天 U+5929 before 安 U+5B89)
    assert [(n, y) for _, n, y in keyed] == [
        ("2023年天网工程运维经费", 2021),
        ("2023年天网工程运维经费", 2023),
        ("2023年安防运维", 2023),
    ]
    key = {(n, y): k for k, n, y in keyed}
    assert len(set(key.values())) == 3
    edited = dataclasses.replace(worked, department="县公安局")
    with store.write() as repos:
        assert repos.projects.save(edited) is True
    with store.read() as repos:
        assert repos.projects.keyed() == keyed
        assert repos.projects.by_key(key[(worked.name, 2023)]) == edited
        assert repos.projects.by_key(max(key.values()) + 1) is None
        assert [p.year for p in repos.projects.get(worked.name)] == [2023, 2021]  # newest first
        assert repos.projects.get(worked.name, 2022) == []
        assert repos.projects.names() == [(n, y) for _, n, y in keyed]


def test_a_project_replaced_by_key_keeps_its_key_under_a_new_name_and_delete_removes_it(
    store: WebStore,
) -> None:
    worked = load_project(WORKED)
    other = dataclasses.replace(worked, name="2023年安防运维")
    with store.write() as repos:
        repos.projects.save(worked)
        repos.projects.save(other)
        [(key, _, _), (other_key, _, _)] = repos.projects.keyed()
    renamed = dataclasses.replace(worked, name="2023年天网工程运维费", indicators=())
    with store.write() as repos:
        repos.projects.replace(key, renamed)
    with store.read() as repos:
        assert repos.projects.by_key(key) == renamed
        assert repos.projects.get(worked.name) == []
        assert repos.projects.by_key(other_key) == other
    with store.write() as repos:
        assert repos.projects.delete(key) is True
        assert repos.projects.delete(key) is False
    with store.read() as repos:
        assert repos.projects.by_key(key) is None
        assert [k for k, _, _ in repos.projects.keyed()] == [other_key]


def test_an_archive_mark_is_kept_by_key_through_a_replace_and_removed(store: WebStore) -> None:
    project = load_project(WORKED)
    with store.write() as repos:
        repos.projects.save(project)
        repos.projects.save(load_project(SKYNET))
        [(key, _, _), (other, _, _)] = sorted(
            repos.projects.keyed(), key=lambda k: k[1] != project.name
        )
        assert repos.projects.archived() == {}
        repos.projects.archive(Archived(key, 1_700_000_000, "he", "项目已结束"))
        repos.projects.replace(key, dataclasses.replace(project, department="某局"))
    with store.read() as repos:
        assert repos.projects.archived() == {key: Archived(key, 1_700_000_000, "he", "项目已结束")}
    with store.write() as repos:
        repos.projects.archive(Archived(key, 1_700_000_001, "admin", "再次归档"))  # replaces
        assert repos.projects.archived()[key].reason == "再次归档"
        assert repos.projects.unarchive(other) is False
        assert repos.projects.unarchive(key) is True
        assert repos.projects.archived() == {}
