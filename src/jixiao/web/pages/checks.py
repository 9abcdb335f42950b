"""报告检查: upload one or several reports (or project files) and see the findings."""

from __future__ import annotations

import shutil
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from jixiao.services.accounts import Current
from jixiao.services.web_errors import Refused
from jixiao.web import tasks
from jixiao.web.context import WebContext
from jixiao.web.deps import Checker, ContextDep
from jixiao.web.errors import is_htmx
from jixiao.web.jobs import Job
from jixiao.web.rendering import page
from jixiao.web.uploads import MAX_FILES, save_upload

router = APIRouter(include_in_schema=False)


def check_suffixes(ctx: WebContext) -> tuple[str, ...]:
    """What the checker reads: reports and project files."""
    files = ctx.app.files
    return (*files.reports.suffixes, *files.projects.suffixes)


async def start_check(ctx: WebContext, current: Current, files: list[UploadFile]) -> Job:
    """Save the uploads (every one checked for type and size) and start the check job."""
    if not files:
        raise Refused("请选择要检查的报告文件", "files")
    if len(files) > MAX_FILES:
        raise Refused(f"一次最多检查{MAX_FILES}个文件", "files")
    directory = ctx.jobs.scratch()
    try:
        paths = [
            await save_upload(f, directory, allowed=check_suffixes(ctx), max_bytes=ctx.max_upload)
            for f in files
        ]
    except Refused:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return tasks.start_check(ctx, current.user.id, paths)


@router.get("/checks")
def checks_form(request: Request, _: Checker) -> Response:
    suffixes = check_suffixes(request.app.state.context)
    return page(request, "checks.html", {"suffixes": suffixes, "max_files": MAX_FILES})


@router.post("/checks")
async def checks_upload(
    request: Request,
    ctx: ContextDep,
    current: Checker,
    files: Annotated[list[UploadFile], File()],
) -> Response:
    job = await start_check(ctx, current, files)
    if not is_htmx(request):
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)
    return page(request, "partials/job.html", {"job": job})
