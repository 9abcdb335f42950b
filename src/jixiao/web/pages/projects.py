"""项目: the list (with project-file import) and one project's funds, indicators, findings."""

from __future__ import annotations

import shutil
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from jixiao.domain.documents import KINDS
from jixiao.domain.errors import InputError
from jixiao.services.cycle import YearLine
from jixiao.services.dashboard import project_line
from jixiao.services.projects import Evaluated
from jixiao.services.web_errors import Refused
from jixiao.web.context import WebContext
from jixiao.web.deps import ContextDep, Key, ProjectEditor, Viewer
from jixiao.web.rendering import page
from jixiao.web.uploads import save_upload

router = APIRouter(include_in_schema=False)


@router.get("/projects")
def project_list(
    request: Request,
    ctx: ContextDep,
    _: Viewer,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
) -> Response:
    return _list(request, ctx, year=year)


def _list(
    request: Request,
    ctx: WebContext,
    errors: list[str] | None = None,
    status: int = 200,
    year: int | None = None,
) -> Response:
    heads = ctx.app.project_heads(year)
    context = {"heads": heads, "errors": errors or [], "years": ctx.app.years(), "year": year}
    return page(request, "projects.html", context, status)


@router.get("/projects/{key}/line")
def project_line_row(
    request: Request,
    ctx: ContextDep,
    _: Viewer,
    key: Key,
    wide: Annotated[bool, Query()] = False,
) -> Response:
    """One project's row of a list, scored: the lists (项目, 总览) name the projects at once
    and fetch each row's score by this request. `wide`: with the 总览's column of indicators
    lacking evidence."""
    line = project_line(ctx.app.project(key))
    return page(request, "partials/project_line.html", {"p": line, "wide": wide})


@router.post("/projects/import")
async def import_file(
    request: Request,
    ctx: ContextDep,
    current: ProjectEditor,
    file: Annotated[UploadFile, File()],
) -> Response:
    directory = ctx.jobs.scratch()
    try:
        path = await save_upload(
            file, directory, allowed=ctx.app.files.projects.suffixes, max_bytes=ctx.max_upload
        )
        _, key, _ = ctx.app.import_project_file(path, actor=current.user.username)
    except Refused as error:
        return _list(request, ctx, [str(error)], 400)
    except InputError as error:
        messages = [_problem_text(p, str(directory) + "/") for p in error.problems]
        return _list(request, ctx, messages, 422)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return RedirectResponse(f"/projects/{key}", status_code=303)


def _problem_text(problem: Any, prefix: str) -> str:
    return str(problem).replace(prefix, "")


@router.get("/projects/{key}")
def project_detail(request: Request, ctx: ContextDep, _: Viewer, key: Key) -> Response:
    item, across = ctx.app.project_with_years(key)
    return page(request, "project.html", project_context(ctx, item, across))


def project_context(
    ctx: WebContext, item: Evaluated, across: list[YearLine] | None = None
) -> dict[str, Any]:
    """What project.html and its partials need (`across`: the years, if already read)."""
    document = ctx.app.files.projects.to_document(item.stored)
    return {
        "item": item,
        "e": item.evaluation,
        "key": item.key,
        "document": document,
        "pdf_busy": False,
        "across": ctx.app.across_years(item.stored.name) if across is None else across,
        "documents": ctx.app.project_documents(item.evaluation.project.name),
        "document_kinds": KINDS,
        "choices": ctx.app.evidence_choices(item.key),
        "archived": next((a for a in ctx.app.archived_projects() if a.mark.key == item.key), None),
    }
