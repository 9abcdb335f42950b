"""/api/checks: check reports (后台任务); the findings come with the job."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile

from jixiao.web.api.schemas import job_json
from jixiao.web.deps import Checker, ContextDep
from jixiao.web.pages.checks import start_check

router = APIRouter(prefix="/checks", tags=["报告检查"])


@router.post("", status_code=202, summary="检查报告或项目文件（后台任务）")
async def check(
    ctx: ContextDep, current: Checker, files: Annotated[list[UploadFile], File()]
) -> dict[str, Any]:
    return job_json(await start_check(ctx, current, files))
