"""Project-years stored and exported: the same evaluation as the file they came from."""

from __future__ import annotations

import pytest

from jixiao.adapters.db.repos import SqlStore
from jixiao.adapters.projectfile import load_project, read_project
from jixiao.adapters.projectfile.export import dump_project
from jixiao.adapters.reports.evaluation_json import evaluation_to_dict
from jixiao.domain.evaluation import evaluate
from tests.conftest import CONFERENCE, SKYNET, WORKED, YANCHI


@pytest.mark.parametrize("path", [WORKED, SKYNET, CONFERENCE, YANCHI], ids=lambda p: p.stem)
def test_a_stored_project_evaluates_as_its_file(store: SqlStore, path: object) -> None:
    original = load_project(path)  # type: ignore[arg-type]
    with store.write() as repos:
        assert repos.projects.save(original) is False
    with store.read() as repos:
        [stored] = repos.projects.get(original.name, original.year)
    assert evaluation_to_dict(evaluate(stored)) == evaluation_to_dict(evaluate(original))
    exported = read_project(dump_project(stored), "export.yaml")
    assert evaluation_to_dict(evaluate(exported)) == evaluation_to_dict(evaluate(original))


def test_saving_the_same_project_year_replaces_it(store: SqlStore) -> None:
    project = load_project(WORKED)
    with store.write() as repos:
        repos.projects.save(project)
        assert repos.projects.save(project) is True
        assert repos.projects.names() == [(project.name, project.year)]
