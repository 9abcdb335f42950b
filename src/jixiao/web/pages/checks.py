"""报告检查: upload one or several reports (or project files) and see the findings."""

from __future__ import annotations

import shutil
from typing import Annotated, Literal

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.background import BackgroundTask

from jixiao.services.accounts import Current
from jixiao.services.web_errors import NotFound, Refused
from jixiao.web import tasks
from jixiao.web.context import WebContext
from jixiao.web.deps import Checker, ContextDep
from jixiao.web.errors import is_htmx
from jixiao.web.jobs import Job, JobState
from jixiao.web.pages.jobs import find_job
from jixiao.web.pages.reports import MEDIA
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


@router.get("/checks/{job_id}/findings.{fmt}")
def findings_download(
    ctx: ContextDep, current: Checker, job_id: str, fmt: Literal["xlsx", "docx"]
) -> FileResponse:
    """A finished check's findings as Excel, or as the Word 审核意见 (errors first)."""
    job = find_job(ctx, current, job_id)
    if job.kind != "check" or job.state is not JobState.DONE:
        raise NotFound("该检查尚未完成或不存在")
    directory = ctx.jobs.scratch()
    name = "报告检查结果.xlsx" if fmt == "xlsx" else "报告检查审核意见.docx"
    (path,) = ctx.app.export_findings(job.outcome.result, {fmt: directory / name})
    return FileResponse(
        path,
        media_type=MEDIA[fmt],
        filename=name,
        background=BackgroundTask(shutil.rmtree, directory, ignore_errors=True),
    )
