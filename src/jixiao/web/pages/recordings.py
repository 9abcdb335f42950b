"""录像: 在线率, 录像完整率 and 存储合规率 side by side by group and month (图像完好率 said to
be missing until image-quality data exists), every channel's recordings, and the monthly
录像巡检报告 as Word or Excel. Linked from the 设备 page's tabs."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jixiao.services.web_errors import Refused
from jixiao.web.context import WebContext
from jixiao.web.deps import ContextDep, Viewer
from jixiao.web.pages.reports import attachment
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)
Month = Annotated[str | None, Query(max_length=7)]
Group = Annotated[str | None, Query(max_length=100)]


def _month(ctx: WebContext, text: str | None) -> tuple[str, dt.date, dt.date]:
    """The month asked for (this month by default), its first day and its last day so far."""
    today = ctx.now().date()
    if not text:
        text = f"{today:%Y-%m}"
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if m is None or not 1 <= int(m[2]) <= 12 or not 1970 <= int(m[1]) <= 2100:
        raise Refused(f"无法识别的月份“{text}”；应为如 2026-12", "month")
    first = dt.date(int(m[1]), int(m[2]), 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return text, first, min(last, max(first, today))


@router.get("/recordings")
def recordings_page(
    request: Request,
    ctx: ContextDep,
    _: Viewer,
    month: Month = None,
    group: Group = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=100000)] = 1,
) -> Response:
    label, first, last = _month(ctx, month)
    chosen = group.strip() if group and group.strip() else None
    with ctx.store.read() as repos:
        groups = list(repos.devices.groups())
    known = chosen if chosen in groups else None
    report = ctx.app.recording_summary(first, last, group=known)
    channels = ctx.app.recording_channels(first, last, group=known, page=page_no)
    return page(
        request,
        "recordings.html",
        {
            "tab": "recordings",
            "r": report,
            "channels": channels,
            "month": label,
            "group": chosen or "",
            "groups": groups,
        },
    )


@router.get("/recordings/report.{fmt}")
def recordings_download(
    ctx: ContextDep,
    _: Viewer,
    fmt: Literal["docx", "xlsx"],
    month: Month = None,
    group: Group = None,
) -> Response:
    """The monthly 录像巡检报告 (Word or Excel)."""
    label, first, last = _month(ctx, month)
    chosen = group.strip() if group and group.strip() else None
    report = ctx.app.recording_report(first, last, group=chosen)
    with tempfile.TemporaryDirectory(prefix="jixiao-recordings-") as tmp:
        (out,) = ctx.app.write_recording_report(report, {fmt: Path(tmp) / f"report.{fmt}"})
        content = out.read_bytes()
    return attachment(content, f"录像巡检报告-{label}{'-' + chosen if chosen else ''}.{fmt}", fmt)
