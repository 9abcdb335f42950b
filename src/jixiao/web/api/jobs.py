"""/api/jobs: progress and result of long work (imports, checks, PDF)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse

from jixiao.web.api.schemas import job_json
from jixiao.web.deps import ContextDep, Viewer
from jixiao.web.pages.jobs import find_job, job_file

router = APIRouter(prefix="/jobs", tags=["任务"])


@router.get("/{job_id}", summary="任务进度与结果")
def job(ctx: ContextDep, current: Viewer, job_id: str) -> dict[str, Any]:
    return job_json(find_job(ctx, current, job_id))


@router.get("/{job_id}/download", summary="下载任务生成的文件", response_class=FileResponse)
def download(ctx: ContextDep, current: Viewer, job_id: str) -> FileResponse:
    return job_file(ctx, current, job_id)
