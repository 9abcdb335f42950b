"""归档 pages: archive a project (with a reason), the list of archived projects, and an
administrator's restore (services/project_archive.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jixiao.services.web_errors import NotFound, Refused
from jixiao.web.deps import ContextDep, Key, ProjectEditor, Restorer, Viewer
from jixiao.web.pages.project_setup import _refused
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)
Reason = Annotated[str, Form(max_length=500)]


@router.get("/projects/archived")
def archived(request: Request, ctx: ContextDep, _: Viewer) -> Response:
    return page(request, "projects_archived.html", {"rows": ctx.app.archived_projects()})


@router.post("/projects/{key}/archive")
def archive(
    request: Request, ctx: ContextDep, current: ProjectEditor, key: Key, reason: Reason = ""
) -> Response:
    try:
        ctx.app.archive_project(key, reason=reason, actor=current.user.username)
    except Refused as error:
        if isinstance(error, NotFound):
            raise
        return _refused(request, ctx, key, "archive", error)
    return RedirectResponse("/projects/archived", status_code=303)


@router.post("/projects/{key}/restore")
def restore(ctx: ContextDep, current: Restorer, key: Key) -> Response:
    ctx.app.restore_project(key, actor=current.user.username)
    return RedirectResponse(f"/projects/{key}", status_code=303)
