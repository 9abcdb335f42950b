"""Reports of a project: Word, Excel, Markdown and the project file at once; PDFs as jobs."""

from __future__ import annotations

import shutil
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from jixiao.services.file_ports import ReportJob
from jixiao.services.web_errors import NotFound
from jixiao.web import tasks
from jixiao.web.context import WebContext
from jixiao.web.deps import ContextDep, Key, Reporter, Viewer
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)
Format = Literal["docx", "xlsx", "md", "yaml"]
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown; charset=utf-8",
    "yaml": "application/yaml; charset=utf-8",
    "pdf": "application/pdf",
    "zip": "application/zip",
}


def attachment(content: bytes, name: str, fmt: str) -> Response:
    """`content` downloaded as the file `name` (a Chinese name, sent the RFC 5987 way)."""
    return Response(
        content,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


def report_file(ctx: WebContext, key: Key, fmt: Format) -> FileResponse:
    """Write one report of project `key` to a scratch file and answer with it."""
    item = ctx.app.project(key)
    evaluation = item.evaluation
    directory = ctx.jobs.scratch()
    stem = tasks.report_stem(evaluation)
    if fmt == "yaml":  # the project as stored: evidence bindings stay bindings
        stem = stem.removesuffix("自评报告") + "项目文件"
        path = directory / f"{stem}.yaml"
        path.write_text(ctx.app.files.projects.dump(item.stored), encoding="utf-8")
    else:
        path = directory / f"{stem}.{fmt}"
        ctx.app.write_reports([ReportJob(evaluation, {fmt: path})])
    return FileResponse(
        path,
        media_type=MEDIA[fmt],
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, directory, ignore_errors=True),
    )


@router.get("/projects/{key}/report.{fmt}")
def download(ctx: ContextDep, _: Viewer, key: Key, fmt: Format) -> FileResponse:
    return report_file(ctx, key, fmt)


@router.post("/projects/pdf")
def pdf_batch(request: Request, ctx: ContextDep, current: Reporter) -> Response:
    keys = [head.key for head in ctx.app.project_heads()]
    if not keys:
        raise NotFound("没有项目")
    job = tasks.start_pdf(ctx, current.user.id, keys)
    return page(request, "partials/job.html", {"job": job})


@router.post("/projects/{key}/pdf")
def pdf_one(request: Request, ctx: ContextDep, current: Reporter, key: Key) -> Response:
    job = tasks.start_pdf(ctx, current.user.id, [key])
    return page(request, "partials/job.html", {"job": job})
