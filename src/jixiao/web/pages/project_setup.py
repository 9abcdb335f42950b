"""A project from start to end in the browser: 新建项目 (blank, from last year's, from a
template), 项目信息, indicators added, moved, removed and bound to evidence picked from lists,
and the project deleted. Each form is parsed here and handed to the Application; a refused
change comes back as the page with the Chinese problems, and nothing is stored.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jixiao.adapters.projectfile.documents import written
from jixiao.domain.errors import InputError
from jixiao.services.project_editing import NewProject, Source, picked_binding, with_documents
from jixiao.services.web_errors import NotFound, Refused
from jixiao.web.context import WebContext
from jixiao.web.deps import ContextDep, Index, IndicatorEditor, Key, ProjectEditor
from jixiao.web.pages.projects import project_context
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]
Optional = Annotated[str | None, Form(max_length=2000)]
OptionalLong = Annotated[str | None, Form(max_length=20000)]
SOURCES: tuple[Source, ...] = ("blank", "previous", "template")


def messages(error: Exception) -> list[str]:
    """A refusal as lines for the page: each problem with its field's Chinese name."""
    if isinstance(error, InputError):
        out = []
        for problem in error.problems:
            label = problem.field.partition("（")[2].rstrip("）")
            out.append(f"{label}：{problem.message}" if label else problem.message)
        return out
    return [str(error)]


def _new_form(
    request: Request,
    ctx: WebContext,
    typed: dict[str, str],
    errors: list[str],
    status: int = 200,
) -> Response:
    with ctx.app.reading() as repos:
        groups = sorted(repos.devices.groups().items())
    context = {
        "templates": ctx.app.project_templates(),
        "previous": [(h.key, h.name, h.year) for h in ctx.app.project_heads()],
        "groups": groups,
        "typed": typed,
        "errors": errors,
        "year": ctx.app.moment().year,
    }
    return page(request, "project_new.html", context, status)


@router.get("/projects/new")
def new_form(request: Request, ctx: ContextDep, _: ProjectEditor) -> Response:
    return _new_form(request, ctx, {}, [])


@router.post("/projects/new")
def create(
    request: Request,
    ctx: ContextDep,
    current: ProjectEditor,
    source: Text = "blank",
    name: Text = "",
    year: Text = "",
    department: Text = "",
    implementer: Text = "",
    initial_budget: Text = "",
    previous: Text = "",
    template: Text = "",
    group: Text = "",
) -> Response:
    typed = {
        "source": source,
        "name": name,
        "year": year,
        "department": department,
        "implementer": implementer,
        "initial_budget": initial_budget,
        "previous": previous,
        "template": template,
        "group": group,
    }
    if source not in SOURCES:
        return _new_form(request, ctx, typed, ["请选择新建方式"], 422)
    if not year.strip().isdigit() or not 1900 <= int(year) <= 2200:
        return _new_form(request, ctx, typed, ["年度：应为四位年份，如 2022"], 422)
    new = NewProject(
        name=name,
        year=int(year),
        department=department,
        implementer=implementer,
        initial_budget=written(initial_budget),
        source=source,  # checked against SOURCES above
        previous=int(previous) if previous.isdigit() else None,
        template=template or None,
        group=(group or None) if source == "template" else None,  # blank: the template's
    )
    try:
        made = ctx.app.create_project(new, actor=current.user.username)
    except (Refused, InputError) as error:
        if isinstance(error, NotFound):
            raise
        return _new_form(request, ctx, typed, messages(error), 422)
    return RedirectResponse(f"/projects/{made.key}", status_code=303)


def _refused(request: Request, ctx: WebContext, key: int, place: str, error: Exception) -> Response:
    context = project_context(ctx, ctx.app.project(key)) | {
        "setup_errors": {place: messages(error)}
    }
    return page(request, "project.html", context, 422)


def _back(key: int, place: str) -> Response:
    return RedirectResponse(f"/projects/{key}#{place}", status_code=303)


@router.post("/projects/{key}/settings")
def settings(
    request: Request,
    ctx: ContextDep,
    current: ProjectEditor,
    key: Key,
    name: Optional = None,
    department: Optional = None,
    implementer: Optional = None,
    year: Optional = None,
    layout: Optional = None,
    expected: OptionalLong = None,
    achieved: OptionalLong = None,
) -> Response:
    """Only the fields the form sends change."""
    given = {
        "name": name,
        "department": department,
        "implementer": implementer,
        "layout": layout,
        "expected": expected,
        "achieved": achieved,
    }
    values: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if year is not None:
        values["year"] = int(year) if year.strip().isdigit() else year.strip()
    try:
        ctx.app.update_project(key, values, actor=current.user.username)
    except (Refused, InputError) as error:
        if isinstance(error, NotFound):
            raise
        return _refused(request, ctx, key, "settings", error)
    return _back(key, "settings")


@router.post("/projects/{key}/delete")
def delete(
    request: Request, ctx: ContextDep, current: ProjectEditor, key: Key, reason: Text = ""
) -> Response:
    try:
        ctx.app.delete_project(key, reason=reason, actor=current.user.username)
    except Refused as error:
        if isinstance(error, NotFound):
            raise
        return _refused(request, ctx, key, "delete", error)
    return RedirectResponse("/projects", status_code=303)


def _indicator_values(form: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {
        k: form.get(k, "").strip() for k in ("level1", "level2", "name", "note")
    }
    for k in ("target", "actual", "points"):
        values[k] = written(form.get(k, ""))
    return values


@router.post("/projects/{key}/indicators/new")
def indicator_add(
    request: Request,
    ctx: ContextDep,
    current: IndicatorEditor,
    key: Key,
    level: Text = "",
    level1: Text = "",
    level2: Text = "",
    name: Text = "",
    target: Text = "",
    actual: Text = "",
    points: Text = "",
    note: Text = "",
) -> Response:
    if "|" in level:  # the form's one list of 一级 / 二级 pairs
        level1, _, level2 = level.partition("|")
    form = {
        "level1": level1,
        "level2": level2,
        "name": name,
        "target": target,
        "actual": actual,
        "points": points,
        "note": note,
    }
    values = {k: v for k, v in _indicator_values(form).items() if v not in (None, "")}
    try:
        ctx.app.add_indicator(key, values, actor=current.user.username)
    except (Refused, InputError) as error:
        if isinstance(error, NotFound):
            raise
        return _refused(request, ctx, key, "add", error)
    return _back(key, "indicators")


@router.post("/projects/{key}/indicators/{index}/move")
def indicator_move(
    request: Request,
    ctx: ContextDep,
    current: IndicatorEditor,
    key: Key,
    index: Index,
    to: Annotated[int, Form(ge=0, le=100_000)],
) -> Response:
    ctx.app.move_indicator(key, index, to, actor=current.user.username)
    return _back(key, "indicators")


@router.post("/projects/{key}/indicators/{index}/delete")
def indicator_remove(
    request: Request, ctx: ContextDep, current: IndicatorEditor, key: Key, index: Index
) -> Response:
    try:
        ctx.app.remove_indicator(key, index, actor=current.user.username)
    except InputError as error:
        return _refused(request, ctx, key, "indicators", error)
    return _back(key, "indicators")


@router.post("/projects/{key}/indicators/{index}/evidence")
def indicator_evidence(
    request: Request,
    ctx: ContextDep,
    current: IndicatorEditor,
    key: Key,
    index: Index,
    measure: Text = "",
    group: Text = "",
    period: Text = "",
    contract: Text = "",
    survey: Text = "",
    document: Text = "",
    repair_hours: Text = "",
) -> Response:
    """An indicator's evidence picked from lists: a measure with its group, period, contract
    or survey; or an attached document cited by the actual already written."""
    try:
        if document.strip():
            stored = ctx.app.project_document(key)["indicators"]
            if not 0 <= index < len(stored):
                raise NotFound("没有这个指标")
            actual = with_documents(stored[index].get("actual"), [document.strip()])
        else:
            picked = {
                "group": group,
                "period": period,
                "contract": contract,
                "survey": survey,
                "repair_hours": repair_hours,
            }
            actual = picked_binding(measure, picked)
        ctx.app.edit_indicator(key, index, {"actual": actual}, actor=current.user.username)
    except (Refused, InputError) as error:
        if isinstance(error, NotFound):
            raise
        return _refused(request, ctx, key, "indicators", error)
    return _back(key, "indicators")
