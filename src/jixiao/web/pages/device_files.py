"""The 点位表 as files to download: the template the import page links to, and the stored
devices exported in the same columns (each with the 类型 word its table used)."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from jixiao.web.deps import ContextDep, Viewer
from jixiao.web.pages.reports import MEDIA

router = APIRouter(include_in_schema=False)


@router.get("/devices/template.xlsx")
def template(ctx: ContextDep, _: Viewer) -> FileResponse:
    directory = ctx.jobs.scratch()
    path = ctx.app.write_device_template(directory / "点位表模板.xlsx")
    return _file(path, directory)


@router.get("/devices/export.xlsx")
def export(ctx: ContextDep, _: Viewer, group: str | None = None) -> FileResponse:
    directory = ctx.jobs.scratch()
    path, _count = ctx.app.export_devices(directory / "点位表.xlsx", group=group or None)
    return _file(path, directory)


def _file(path: Path, directory: Path) -> FileResponse:
    return FileResponse(
        path,
        media_type=MEDIA["xlsx"],
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, directory, ignore_errors=True),
    )
