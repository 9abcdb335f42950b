"""Editing a project in place (htmx): an indicator's row, the funds; each edit re-evaluates.

Values typed in a form are read as the project file reads them (documents.written) and the
whole project is validated as `jixiao evaluate` validates a file; a refused edit comes back
as the form with the Chinese problems beside the fields, and nothing is stored.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jixiao.adapters.projectfile.documents import as_written, written
from jixiao.services.projects import (
    INDICATOR_FIELDS,
    ITEM_FIELDS,
    AddItem,
    Edit,
    Evaluated,
    NeedsConfirmation,
    ProjectInvalid,
    RemoveItem,
    SetFunds,
    SetIndicator,
)
from jixiao.services.web_errors import NotFound
from jixiao.web.context import WebContext
from jixiao.web.deps import ContextDep, FundsEditor, Index, IndicatorEditor, Key
from jixiao.web.errors import is_htmx
from jixiao.web.pages.projects import project_context
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]
Kind = Literal["allocations", "payments", "contracts"]


def _row_context(ctx: WebContext, item: Evaluated, index: Index) -> dict[str, Any]:
    if not 0 <= index < len(item.evaluation.indicators):
        raise NotFound("没有这个指标")
    return project_context(ctx, item) | {
        "i": index,
        "row": item.evaluation.indicators[index],
        "oob": True,
    }


@router.get("/projects/{key}/indicators/{index}")
def indicator_row(
    request: Request, ctx: ContextDep, _: IndicatorEditor, key: Key, index: Index
) -> Response:
    context = _row_context(ctx, ctx.app.project(key), index) | {"oob": False}
    return page(request, "partials/indicator_row.html", context)


@router.get("/projects/{key}/indicators/{index}/edit")
def indicator_form(
    request: Request, ctx: ContextDep, _: IndicatorEditor, key: Key, index: Index
) -> Response:
    context = _row_context(ctx, ctx.app.project(key), index)
    written_now = context["document"]["indicators"][index]
    values = {f: as_written(written_now.get(f)) for f in INDICATOR_FIELDS}
    return page(request, "partials/indicator_form.html", context | {"values": values, "errors": {}})


@router.post("/projects/{key}/indicators/{index}")
def indicator_save(
    request: Request,
    ctx: ContextDep,
    current: IndicatorEditor,
    key: Key,
    index: Index,
    target: Text = "",
    actual: Text = "",
    points: Text = "",
    note: Text = "",
    name: Text = "",
) -> Response:
    typed = {"target": target, "actual": actual, "points": points, "note": note}
    values = {k: written(v) for k, v in typed.items() if k != "note"} | {"note": note.strip()}
    actor = current.user.username
    try:
        if name.strip():  # the form names the indicator too: the edit of every field
            item = ctx.app.edit_indicator(key, index, values | {"name": name.strip()}, actor=actor)
        else:
            item = ctx.app.edit_project(key, SetIndicator(index, values), actor=actor)
    except ProjectInvalid as error:
        item = ctx.app.project(key)
        errors = _by_field(error)
        context = _row_context(ctx, item, index) | {
            "values": typed | {"name": name},
            "errors": errors,
            "editing": index,
            "oob": False,
        }
        return page(request, "partials/indicators.html", context, 422)
    if not is_htmx(request):
        return RedirectResponse(f"/projects/{key}#indicators", status_code=303)
    return page(request, "partials/indicator_saved.html", _row_context(ctx, item, index))


def _by_field(error: ProjectInvalid) -> dict[str, list[str]]:
    """Problems keyed by the form field they are about ('' for the whole project)."""
    out: dict[str, list[str]] = {}
    for problem in error.problems:
        place, _, label = problem.field.partition("（")
        names = re.findall(r"[A-Za-z_]+", place)
        field = names[-1] if names and names[0] in ("indicators", "funds") else ""
        if field in ("grade", "measure") or (len(names) > 1 and names[-2] == "actual"):
            field = "actual"
        if field in ("indicators", "funds", "allocations", "payments", "contracts"):
            field = ""
        whole = f"{label.rstrip('）')}：{problem.message}" if label else problem.message
        out.setdefault(field, []).append(problem.message if field else whole)
    return out


def _funds_answer(
    request: Request,
    ctx: WebContext,
    key: Key,
    edit: Edit,
    actor: str,
    typed: dict[str, str],
    form: str,
    confirmed: bool = False,
) -> Response:
    try:
        item = ctx.app.edit_project(key, edit, actor=actor, confirmed=confirmed)
    except (ProjectInvalid, NeedsConfirmation) as error:
        invalid = isinstance(error, ProjectInvalid)
        context = project_context(ctx, ctx.app.project(key)) | {
            "errors": _by_field(error) if isinstance(error, ProjectInvalid) else {},
            "confirm": "" if invalid else str(error),
            "typed": typed,
            "form": form,
            "oob": False,
        }
        return page(request, "partials/funds.html", context, 422 if invalid else 409)
    if not is_htmx(request):
        return RedirectResponse(f"/projects/{key}#funds", status_code=303)
    context = project_context(ctx, item) | {"errors": {}, "typed": {}, "form": "", "oob": True}
    return page(request, "partials/funds_saved.html", context)


@router.post("/projects/{key}/funds")
def funds_save(
    request: Request,
    ctx: ContextDep,
    current: FundsEditor,
    key: Key,
    initial_budget: Text = "",
    budget: Text = "",
    executed: Text = "",
    confirm: Text = "",
) -> Response:
    typed = {"initial_budget": initial_budget, "budget": budget, "executed": executed}
    edit = SetFunds({k: written(v) for k, v in typed.items()})
    actor = current.user.username
    return _funds_answer(request, ctx, key, edit, actor, typed, "funds", confirm == "1")


@router.post("/projects/{key}/funds/{kind}")
async def item_add(
    request: Request, ctx: ContextDep, current: FundsEditor, key: Key, kind: Kind
) -> Response:
    form = await request.form()
    typed = {f: str(form.get(f, ""))[:2000] for f in ITEM_FIELDS[kind]}
    values = {
        f: written(v) if f not in ("document", "memo", "name") else (v.strip() or None)
        for f, v in typed.items()
    }
    edit = AddItem(kind, values)
    confirmed = form.get("confirm") == "1"
    return await _in_thread(request, ctx, key, edit, current.user.username, typed, kind, confirmed)


@router.post("/projects/{key}/funds/{kind}/{index}/delete")
async def item_remove(
    request: Request, ctx: ContextDep, current: FundsEditor, key: Key, kind: Kind, index: Index
) -> Response:
    edit = RemoveItem(kind, index)
    return await _in_thread(request, ctx, key, edit, current.user.username, {}, kind)


async def _in_thread(
    request: Request,
    ctx: WebContext,
    key: Key,
    edit: Edit,
    actor: str,
    typed: dict[str, str],
    form: str,
    confirmed: bool = False,
) -> Response:
    return await run_in_threadpool(
        _funds_answer, request, ctx, key, edit, actor, typed, form, confirmed
    )
