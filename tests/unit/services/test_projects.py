"""services/projects.py: an edit is stored with its audit entry; a refused one stores nothing."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.projectfile import load_project
from jixiao.domain.targets import Measured
from jixiao.services import cycle, projects
from jixiao.services.application import Application
from jixiao.services.projects import (
    Evaluated,
    NeedsConfirmation,
    ProjectInvalid,
    SetFunds,
    SetIndicator,
)
from jixiao.services.web_errors import NotFound
from tests.conftest import WORKED

NAME = "2023年天网工程运维经费"


def _stored(store: MemoryStore) -> int:
    with store.write() as repos:
        repos.projects.save(load_project(WORKED))
        [(key, _, _)] = repos.projects.keyed()
    return key


def test_an_edit_is_stored_with_its_audit_entry(
    store: MemoryStore, application: Application
) -> None:
    key = _stored(store)
    done = application.edit_project(key, SetIndicator(0, {"actual": "1200个"}), actor="cai")
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
    assert entry.before is not None and json.loads(entry.before)["实际完成值"] == "1180个"
    assert entry.after is not None and json.loads(entry.after)["实际完成值"] == "1200个"


def test_a_refused_edit_stores_nothing(store: MemoryStore, application: Application) -> None:
    key = _stored(store)
    with store.read() as repos:
        before = repos.projects.by_key(key)
    with pytest.raises(ProjectInvalid) as caught:
        application.edit_project(key, SetIndicator(0, {"target": "很多"}), actor="cai")
    assert [p.field for p in caught.value.problems] == ["indicators[0].target（年度指标值）"]
    with pytest.raises(NotFound):
        application.edit_project(key + 1, SetIndicator(0, {}), actor="cai")
    with store.read() as repos:
        assert repos.projects.by_key(key) == before
        assert repos.audit.page(limit=5) == ([], 0)


def test_an_imported_project_replaces_its_name_and_year_and_keeps_its_key(
    store: MemoryStore, application: Application
) -> None:
    key = _stored(store)
    assert application.import_project(load_project(WORKED), actor="admin") == (key, True)
    with store.read() as repos:
        [entry], _ = repos.audit.page(limit=5)
    assert (entry.action, entry.entity, entry.target) == ("import", "project", f"{NAME}（2023）")
    assert entry.after == '{"指标数": 8, "替换已有": true}'


def test_amounts_without_a_unit_are_wan_and_a_typed_unit_wins(
    store: MemoryStore, application: Application
) -> None:
    key = _stored(store)  # budget 180万元, executed 171万元
    done = application.edit_project(key, SetFunds({"budget": 200}), actor="cai")
    assert done.stored.funds.budget == 2_000_000
    done = application.edit_project(key, SetFunds({"budget": "190.5"}), actor="cai")
    assert done.stored.funds.budget == 1_905_000
    done = application.edit_project(
        key, SetFunds({"budget": "1.8亿元"}), actor="cai", confirmed=True
    )
    assert done.stored.funds.budget == 180_000_000


def test_a_likely_unit_slip_needs_confirmation_and_stores_nothing(
    store: MemoryStore, application: Application
) -> None:
    key = _stored(store)
    with pytest.raises(NeedsConfirmation) as caught:
        application.edit_project(key, SetFunds({"budget": "180元"}), actor="cai")
    assert str(caught.value) == (
        "执行率将为950000%（超过100%）；全年预算数将从180万元变为0.018万元（相差百倍以上）。"
        "请核对金额单位（万元），确认无误后再保存"
    )
    with store.read() as repos:
        assert repos.audit.page(limit=5) == ([], 0)
        stored = repos.projects.by_key(key)
    assert stored is not None and stored.funds.budget == 1_800_000
    # an edit that leaves an execution rate above 100% as it was asks nothing
    application.edit_project(key, SetFunds({"executed": 200}), actor="cai", confirmed=True)
    application.edit_project(key, SetIndicator(0, {"actual": "1200个"}), actor="cai")


def test_the_project_page_scores_its_own_year_once_with_the_same_lines(
    store: MemoryStore, application: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the worked project in 2023 and again in 2024: the page of 2023 shows both years, the
    # same lines as across_years alone, having evaluated 2023 once (for the page) and 2024 once
    key = _stored(store)
    with store.write() as repos:
        repos.projects.save(dataclasses.replace(load_project(WORKED), year=2024))
    alone = application.across_years(NAME)
    assert [line.year for line in alone] == [2023, 2024]
    evaluated: list[int] = []
    real = projects.evaluate_alone

    def counted(*args: Any) -> Evaluated:
        found = real(*args)
        evaluated.append(found.stored.year)
        return found

    monkeypatch.setattr(cycle, "evaluate_alone", counted)
    monkeypatch.setattr(projects, "evaluate_alone", counted)
    item, lines = application.project_with_years(key)
    assert item.stored.year == 2023
    assert lines == alone
    assert sorted(evaluated) == [2023, 2024]
