"""A project from start to end: made (blank, from last year's, from a template of the indicator
library), its every field edited, indicators added, moved and removed, evidence picked from
lists, and the project deleted.

Every change is made on the project file's data and validated by the project-file reader
exactly as `jixiao evaluate` validates a file (ProjectCodec); only a project that passes is
stored, with an audit entry whose before/after name the fields in Chinese and amounts in 万元.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from jixiao.domain.errors import Problem
from jixiao.domain.evaluation import Project
from jixiao.domain.presentation import money
from jixiao.domain.yearly import next_year
from jixiao.services.audit import record
from jixiao.services.evidence import binding_problems
from jixiao.services.file_ports import ProjectTemplate
from jixiao.services.measures import MEASURES
from jixiao.services.project_archive import refuse_if_archived
from jixiao.services.projects import (
    Evaluated,
    ProjectCodec,
    ProjectInvalid,
    control_problems,
    evaluate_stored,
    in_wan,
    words,
)
from jixiao.services.web_errors import NotFound, Refused
from jixiao.services.web_ports import WebRepos

PROJECT_FIELDS = ("name", "department", "implementer", "year", "layout")
GOAL_FIELDS = ("expected", "achieved")
INDICATOR_FIELDS = ("level1", "level2", "name", "target", "actual", "points", "note")
Source = Literal["blank", "previous", "template"]


@dataclass(frozen=True, slots=True)
class NewProject:
    """What the 新建项目 form and `jixiao project create` ask for."""

    name: str
    year: int
    department: str = ""
    implementer: str = ""
    initial_budget: Any = None  # as typed; a bare number is 万元
    source: Source = "blank"
    previous: int | None = None  # the key of last year's project (source "previous")
    template: str | None = None  # a template's key (source "template")
    group: str | None = None  # the device group a template's bindings name


@dataclass(frozen=True, slots=True)
class EvidenceChoices:
    """What an indicator's evidence can be picked from."""

    measures: list[tuple[str, str, list[str]]]  # (name, label, parameters)
    groups: list[tuple[str, int]]  # device groups and their sizes
    contracts: list[str]  # the project's contracts
    surveys: list[str]
    documents: list[str]  # the project's attached documents' titles


def _stored(repos: WebRepos, key: int) -> Project:
    project = repos.projects.by_key(key)
    if project is None:
        raise NotFound("没有这个项目（可能已被删除）")
    return project


def _unique(repos: WebRepos, key: int | None, project: Project) -> None:
    for other, name, year in repos.projects.keyed():
        if other != key and (name, year) == (project.name, project.year):
            raise Refused(f"已有项目“{name}”（{year}年度）；同一项目每个年度只有一个", "name")


def _validated(codec: ProjectCodec, document: dict[str, Any], known: Project | None) -> Project:
    refused_text = control_problems(document)
    if refused_text:
        raise ProjectInvalid(refused_text)
    project = codec.from_document(document)
    refused = binding_problems(project, known=known)
    if refused:
        raise ProjectInvalid(
            [
                Problem("项目", why, None, f"indicators[{i}].actual（实际完成值）")
                for i, why in refused
            ]
        )
    return project


def _title(project: Project) -> str:
    return f"{project.name}（{project.year}）"


# Making a project.


def _fill(value: Any, fills: dict[str, Any]) -> Any:
    """A template value with {year}, {group}, {devices} filled; None where a fill is unknown."""
    if isinstance(value, dict):
        out = {k: _fill(v, fills) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None}
    if not isinstance(value, str) or "{" not in value:
        return value
    for name, fill in fills.items():
        slot = "{" + name + "}"
        if value == slot:
            return fill
        if slot in value:
            if fill is None or fill == "":
                return None
            value = value.replace(slot, str(fill))
    return value


def template_document(
    template: ProjectTemplate, new: NewProject, devices: int | None
) -> dict[str, Any]:
    """The project file's data of a project made from `template`."""
    group = template.group if new.group is None else new.group
    fills: dict[str, Any] = {"year": new.year, "group": group or None, "devices": devices}
    indicators = []
    for item in template.indicators:
        indicator = {k: _fill(v, fills) for k, v in item.items() if k != "evidence"}
        indicators.append({k: v for k, v in indicator.items() if v is not None})
    document = _blank(new)
    document["project"]["layout"] = template.layout
    document["goals"] = {"expected": template.expected, "achieved": ""}
    document["indicators"] = indicators
    return document


def _blank(new: NewProject) -> dict[str, Any]:
    return {
        "version": 1,
        "project": {
            "name": new.name.strip(),
            "department": new.department.strip(),
            "implementer": new.implementer.strip(),
            "year": new.year,
            "layout": "mof-2020",
        },
        "funds": {"initial_budget": in_wan(new.initial_budget)},
        "goals": {"expected": "", "achieved": ""},
        "indicators": [],
    }


def _previous_document(
    repos: WebRepos, codec: ProjectCodec, new: NewProject
) -> tuple[dict[str, Any], Project]:
    if new.previous is None:
        raise Refused("请选择上一年度的项目", "previous")
    last = _stored(repos, new.previous)
    document = codec.to_document(next_year(last))
    facts = document["project"]
    facts["year"] = new.year
    for field in ("name", "department", "implementer"):
        typed = getattr(new, field).strip()
        if typed:
            facts[field] = typed
    if new.initial_budget not in (None, ""):
        document["funds"]["initial_budget"] = in_wan(new.initial_budget)
        document["funds"].pop("budget", None)
    return document, last


def create_project(
    repos: WebRepos,
    codec: ProjectCodec,
    zone: dt.tzinfo,
    new: NewProject,
    templates: list[ProjectTemplate],
    *,
    actor: str,
    now: int,
) -> Evaluated:
    """Make a project-year (validated as a project file), store it and audit it."""
    origin = "空白项目"
    known: Project | None = None
    if new.source == "previous":
        document, known = _previous_document(repos, codec, new)
        origin = f"延续上一年度：{_title(known)}"
    elif new.source == "template":
        found = [t for t in templates if t.key == new.template]
        if not found:
            raise Refused("请选择指标模板", "template")
        group = found[0].group if new.group is None else new.group
        devices = repos.devices.groups().get(group) if group else None
        document = template_document(found[0], new, devices or None)
        origin = f"指标模板：{found[0].title}"
    else:
        document = _blank(new)
    if not str(document["project"]["name"]).strip():
        raise Refused("请填写项目名称", "name")
    project = _validated(codec, document, known)
    _unique(repos, None, project)
    repos.projects.save(project)
    key = next(k for k, n, y in repos.projects.keyed() if (n, y) == (project.name, project.year))
    record(
        repos,
        actor=actor,
        at=now,
        action="create",
        entity="project",
        target=_title(project),
        after={
            "来源": origin,
            "名称": project.name,
            "年度": project.year,
            "主管部门": project.department,
            "实施单位": project.implementer,
            "年初预算数": money(project.funds.initial_budget),
            "指标数": len(project.indicators),
        },
    )
    return evaluate_stored(repos, zone, key, project)


# Changing a stored project: one mutation of its document, validated, stored, audited.

Mutation = Callable[[dict[str, Any]], tuple[str, Any]]  # (what changed, its value before)
After = Callable[[dict[str, Any]], Any]  # the changed part of the stored document


def _change(
    repos: WebRepos,
    codec: ProjectCodec,
    zone: dt.tzinfo,
    key: int,
    mutate: Mutation,
    after: After,
    *,
    actor: str,
    now: int,
    action: str,
    entity: str,
) -> Evaluated:
    project = _stored(repos, key)
    refuse_if_archived(repos, key)
    document = codec.to_document(project)
    what, before = mutate(document)
    changed = _validated(codec, document, project)
    _unique(repos, key, changed)
    repos.projects.replace(key, changed)
    record(
        repos,
        actor=actor,
        at=now,
        action=action,
        entity=entity,
        target=f"{_title(project)}/{what}" if what else _title(project),
        before=before,
        after=after(codec.to_document(changed)),
    )
    return evaluate_stored(repos, zone, key, changed)


def _facts(document: dict[str, Any]) -> dict[str, Any]:
    facts = {k: document["project"].get(k) for k in PROJECT_FIELDS}
    goals = document.get("goals") or {}
    return facts | {k: goals.get(k, "") for k in GOAL_FIELDS}


def update_project(
    repos: WebRepos,
    codec: ProjectCodec,
    zone: dt.tzinfo,
    key: int,
    values: dict[str, Any],
    *,
    actor: str,
    now: int,
) -> Evaluated:
    """Change the project's name, units, year, layout or goals (only the fields given)."""
    unknown = sorted(set(values) - set(PROJECT_FIELDS) - set(GOAL_FIELDS))
    if unknown:
        raise Refused(f"不能修改的字段：{'、'.join(unknown)}")
    changed_fields: list[str] = []

    def mutate(document: dict[str, Any]) -> tuple[str, Any]:
        was = _facts(document)
        for field, value in values.items():
            text = "" if value is None else value
            if field in GOAL_FIELDS:
                document.setdefault("goals", {})[field] = text
            else:
                document["project"][field] = text.strip() if isinstance(text, str) else text
        changed_fields.extend(f for f in values if _facts(document)[f] != was[f])
        return "项目信息", words({f: was[f] for f in changed_fields})

    def after(document: dict[str, Any]) -> Any:
        return words({f: _facts(document)[f] for f in changed_fields})

    return _change(
        repos, codec, zone, key, mutate, after,
        actor=actor, now=now, action="update", entity="project",
    )  # fmt: skip


def _block(level1: Any) -> str:
    return str(level1 or "").strip().removesuffix("指标")


def _spread(indicators: list[dict[str, Any]], level1: Any) -> None:
    """Leave the points of `level1`'s indicators to be split equally (the file's rule)."""
    for item in indicators:
        if _block(item.get("level1")) == _block(level1):
            item.pop("points", None)


def _points(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(1)


def _indicator_values(values: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(values) - set(INDICATOR_FIELDS))
    if unknown:
        raise Refused(f"不能修改的字段：{'、'.join(unknown)}")
    return {k: v for k, v in values.items() if not (v is None and k in ("points", "note"))}


def add_indicator(
    repos: WebRepos,
    codec: ProjectCodec,
    zone: dt.tzinfo,
    key: int,
    values: dict[str, Any],
    *,
    actor: str,
    now: int,
) -> Evaluated:
    """Append an indicator. Without points, its 一级 block's points are split equally."""
    typed = _indicator_values(values)

    def mutate(document: dict[str, Any]) -> tuple[str, Any]:
        items = document.setdefault("indicators", [])
        if typed.get("points") is None:
            _spread(items, typed.get("level1"))
        items.append({k: v for k, v in typed.items() if v is not None})
        return str(typed.get("name") or f"第{len(items)}个指标"), None

    def after(document: dict[str, Any]) -> Any:
        return words(document["indicators"][-1])

    return _change(
        repos, codec, zone, key, mutate, after,
        actor=actor, now=now, action="create", entity="indicator",
    )  # fmt: skip


def edit_indicator(
    repos: WebRepos,
    codec: ProjectCodec,
    zone: dt.tzinfo,
    key: int,
    index: int,
    values: dict[str, Any],
    *,
    actor: str,
    now: int,
) -> Evaluated:
    """Change any field of an indicator (levels and name included); None clears a field."""
    typed = _indicator_values(values) | {k: None for k, v in values.items() if v is None}

    def mutate(document: dict[str, Any]) -> tuple[str, Any]:
        items = document["indicators"]
        if not 0 <= index < len(items):
            raise NotFound("没有这个指标")
        before = copy.deepcopy(items[index])
        for field, value in typed.items():
            if value is None:
                items[index].pop(field, None)
            else:
                items[index][field] = value
        return str(before.get("name")), words({k: before.get(k) for k in typed})

    def after(document: dict[str, Any]) -> Any:
        return words({k: document["indicators"][index].get(k) for k in typed})

    return _change(
        repos, codec, zone, key, mutate, after,
        actor=actor, now=now, action="update", entity="indicator",
    )  # fmt: skip


def move_indicator(
    repos: WebRepos,
    codec: ProjectCodec,
    zone: dt.tzinfo,
    key: int,
    index: int,
    to: int,
    *,
    actor: str,
    now: int,
) -> Evaluated:
    """Put indicator `index` at position `to` (both counted from 0; `to` is clamped)."""
    place: list[int] = []

    def mutate(document: dict[str, Any]) -> tuple[str, Any]:
        items = document["indicators"]
        if not 0 <= index < len(items):
            raise NotFound("没有这个指标")
        item = items.pop(index)
        place.append(max(0, min(to, len(items))))
        items.insert(place[0], item)
        return str(item.get("name")), {"位置": index + 1}

    return _change(
        repos, codec, zone, key, mutate, lambda _: {"位置": place[0] + 1},
        actor=actor, now=now, action="move", entity="indicator",
    )  # fmt: skip


def remove_indicator(
    repos: WebRepos,
    codec: ProjectCodec,
    zone: dt.tzinfo,
    key: int,
    index: int,
    *,
    actor: str,
    now: int,
) -> Evaluated:
    """Remove an indicator; when it had points, its block's points are split equally again."""

    def mutate(document: dict[str, Any]) -> tuple[str, Any]:
        items = document["indicators"]
        if not 0 <= index < len(items):
            raise NotFound("没有这个指标（可能已被删除）")
        removed = items.pop(index)
        if _points(removed.get("points", 0)) != 0:
            _spread(items, removed.get("level1"))
        return str(removed.get("name")), words(removed)

    return _change(
        repos, codec, zone, key, mutate, lambda _: None,
        actor=actor, now=now, action="delete", entity="indicator",
    )  # fmt: skip


def delete_project(
    repos: WebRepos, codec: ProjectCodec, key: int, *, reason: str, actor: str, now: int
) -> str:
    """Delete a project-year; the audit entry keeps its whole project file (to restore it
    by importing). Its attached documents and surveys stay. Returns its title."""
    if not reason.strip():
        raise Refused("请填写删除原因", "reason")
    project = _stored(repos, key)
    refuse_if_archived(repos, key)
    repos.projects.delete(key)
    record(
        repos,
        actor=actor,
        at=now,
        action="delete",
        entity="project",
        target=_title(project),
        before={
            "原因": reason.strip(),
            "指标数": len(project.indicators),
            "年初预算数": money(project.funds.initial_budget),
            "项目文件": codec.to_document(project),
        },
    )
    return _title(project)


# Evidence picked from lists.


def evidence_choices(repos: WebRepos, project: Project) -> EvidenceChoices:
    return EvidenceChoices(
        measures=[(m.name, m.label, sorted(m.params)) for m in MEASURES.values()],
        groups=sorted(repos.devices.groups().items()),
        contracts=[c.name for c in project.funds.contracts],
        surveys=sorted(s.survey.name for s in repos.surveys.all()),
        documents=[d.title for d in repos.documents.of_project(project.name)],
    )


def picked_binding(measure: str, picked: dict[str, str]) -> dict[str, Any]:
    """An evidence binding ({measure: …, group: …, period: …}) from the values picked; only
    the parameters the measure takes, and only those given."""
    found = MEASURES.get(measure)
    if found is None:
        known = "、".join(f"{m.label}（{m.name}）" for m in MEASURES.values())
        raise Refused(f"请选择证据度量；可选：{known}", "measure")
    binding: dict[str, Any] = {"measure": measure}
    for name in sorted(found.params):
        value = (picked.get(name) or "").strip()
        if value:
            binding[name] = int(value) if name == "period" and value.isdigit() else value
    return binding


def with_documents(actual: Any, titles: list[str]) -> dict[str, Any]:
    """An actual (a grade, a value, or one already citing documents) citing `titles`."""
    if isinstance(actual, dict) and "measure" not in actual:
        cited = list(actual.get("documents") or [])
        return actual | {"documents": cited + [t for t in titles if t not in cited]}
    if isinstance(actual, str) and actual.strip():
        key = "grade" if "达成" in actual else "value"
        return {key: actual.strip(), "documents": titles}
    raise Refused("请先填写实际完成值（如 达成年度指标 或 100%），再选择证明材料", "actual")
