"""Progress of a job (polled by htmx every second until it ends) and its result file."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from jixiao.services.accounts import Current
from jixiao.services.web_errors import NotFound
from jixiao.services.web_ports import Role
from jixiao.web.context import WebContext
from jixiao.web.deps import ContextDep, Viewer
from jixiao.web.errors import is_htmx
from jixiao.web.jobs import Job
from jixiao.web.pages.reports import MEDIA
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)


def find_job(ctx: WebContext, current: Current, job_id: str) -> Job:
    """The caller's job (an administrator may see anyone's)."""
    return ctx.jobs.get(job_id, current.user.id, any_owner=current.user.role is Role.ADMIN)


def job_file(ctx: WebContext, current: Current, job_id: str) -> FileResponse:
    job = find_job(ctx, current, job_id)
    file = job.outcome.file
    if file is None or not file.exists():
        raise NotFound("该任务没有可下载的文件")
    return FileResponse(
        file,
        media_type=MEDIA.get(file.suffix.lstrip("."), "application/octet-stream"),
        filename=job.outcome.download_name or file.name,
    )


@router.get("/jobs/{job_id}")
def job_progress(request: Request, ctx: ContextDep, current: Viewer, job_id: str) -> Response:
    job = find_job(ctx, current, job_id)
    name = "partials/job.html" if is_htmx(request) else "job_page.html"
    return page(request, name, {"job": job})


@router.get("/jobs/{job_id}/download")
def job_download(ctx: ContextDep, current: Viewer, job_id: str) -> FileResponse:
    return job_file(ctx, current, job_id)
