"""/api: report downloads (Word, Excel, Markdown, project file) and PDF jobs."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import FileResponse

from jixiao.services.web_errors import NotFound
from jixiao.web import tasks
from jixiao.web.api.schemas import job_json
from jixiao.web.deps import ContextDep, Key, Reporter, Viewer
from jixiao.web.pages.reports import report_file

router = APIRouter(tags=["报告"])


@router.get(
    "/projects/{key}/reports/{fmt}",
    summary="下载报告（docx、xlsx、md）或项目文件（yaml）",
    response_class=FileResponse,
)
def download(
    ctx: ContextDep, _: Viewer, key: Key, fmt: Literal["docx", "xlsx", "md", "yaml"]
) -> FileResponse:
    return report_file(ctx, key, fmt)


@router.post("/projects/{key}/reports/pdf", status_code=202, summary="生成 PDF 报告（后台任务）")
def pdf(ctx: ContextDep, current: Reporter, key: Key) -> dict[str, Any]:
    return job_json(tasks.start_pdf(ctx, current.user.id, [key]))


@router.post("/reports/pdf", status_code=202, summary="批量生成全部项目的 PDF（后台任务，zip）")
def pdf_batch(ctx: ContextDep, current: Reporter) -> dict[str, Any]:
    keys = [head.key for head in ctx.app.project_heads()]
    if not keys:
        raise NotFound("没有项目")
    return job_json(tasks.start_pdf(ctx, current.user.id, keys))
