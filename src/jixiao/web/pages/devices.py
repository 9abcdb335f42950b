"""设备: inventory with search and filters, one device's history, imports (点位表, status CSV);
the rates, the offline list and the maintenance windows are pages/om_lists.py's."""

from __future__ import annotations

import datetime as dt
import shutil
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from jixiao.domain.availability import from_seconds
from jixiao.domain.devices import DeviceKind
from jixiao.domain.probes import SOURCE_LABELS
from jixiao.domain.status import DeviceStatus
from jixiao.services.application import Application
from jixiao.services.device_views import (
    DeviceFilter,
    device_history,
    find_devices,
    sip_presence,
)
from jixiao.services.web_errors import Refused
from jixiao.web import tasks
from jixiao.web.charts import timeline_chart
from jixiao.web.context import WebContext
from jixiao.web.deps import ContextDep, DeviceEditor, Viewer
from jixiao.web.errors import is_htmx
from jixiao.web.rendering import page
from jixiao.web.uploads import save_upload

router = APIRouter(include_in_schema=False)
TABLE_SUFFIXES = (".csv", ".xlsx")
Choice = Annotated[str | None, Query(max_length=100)]


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


E = TypeVar("E", bound=StrEnum)


def _choice(kind: type[E], value: str | None, label: str) -> E | None:
    """A filter's choice; empty (a form's "全部") is no filter."""
    if not _blank(value):
        return None
    try:
        return kind(str(_blank(value)))
    except ValueError:
        raise Refused(f"未知的{label}“{value}”", label) from None


@router.get("/devices")
def device_list(
    request: Request,
    ctx: ContextDep,
    _: Viewer,
    q: Annotated[str, Query(max_length=100)] = "",
    group: Choice = None,
    area: Choice = None,
    kind: Choice = None,
    status: Choice = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=100000)] = 1,
) -> Response:
    chosen_kind = _choice(DeviceKind, kind, "类型")
    chosen_status = _choice(DeviceStatus, status, "状态")
    f = DeviceFilter(q.strip(), _blank(group), _blank(area), chosen_kind, chosen_status, page_no)
    found = find_devices(ctx.store, f, ctx.now(), ctx.zone)
    partial = is_htmx(request) and request.headers.get("hx-target") == "device-results"
    name = "partials/device_table.html" if partial else "devices.html"
    return page(request, name, {"found": found, "f": f, "tab": "list"})


@router.get("/devices/import")
def import_form(request: Request, _: DeviceEditor) -> Response:
    return page(request, "device_import.html", {"tab": "import"})


async def saved_table(ctx: WebContext, file: UploadFile) -> Any:
    directory = ctx.jobs.scratch()
    try:
        return await save_upload(file, directory, allowed=TABLE_SUFFIXES, max_bytes=ctx.max_upload)
    except Refused:
        shutil.rmtree(directory, ignore_errors=True)
        raise


@router.post("/devices/import")
async def import_devices(
    request: Request, ctx: ContextDep, current: DeviceEditor, file: Annotated[UploadFile, File()]
) -> Response:
    path = await saved_table(ctx, file)
    job = tasks.start_device_import(ctx, current.user.id, current.user.username, path)
    return _job_answer(request, job.id, {"job": job})


@router.post("/devices/status-import")
async def import_status(
    request: Request, ctx: ContextDep, current: DeviceEditor, file: Annotated[UploadFile, File()]
) -> Response:
    path = await saved_table(ctx, file)
    job = tasks.start_status_import(ctx, current.user.id, current.user.username, path)
    return _job_answer(request, job.id, {"job": job})


def _job_answer(request: Request, job_id: str, context: dict[str, Any]) -> Response:
    if not is_htmx(request):
        return RedirectResponse(f"/jobs/{job_id}", status_code=303)
    return page(request, "partials/job.html", context)


@router.get("/devices/{device_id}")
def device_detail(request: Request, ctx: ContextDep, _: Viewer, device_id: str) -> Response:
    now = ctx.now()
    history = device_history(ctx.store, device_id, now, ctx.zone)
    bars = []
    if history.row.device.kind is DeviceKind.CAMERA:  # the last fortnight's 录像巡检
        yesterday = now.date() - dt.timedelta(days=1)
        bars = ctx.app.recording_days(device_id, yesterday - dt.timedelta(days=13), yesterday)
    return page(
        request,
        "device.html",
        {
            "tab": "list",
            "h": history,
            "presence": sip_presence(ctx.store, history.row.key, now, ctx.zone),
            "chart": timeline_chart(history, now),
            "charts": True,
            "probe": probe_view(ctx.app, device_id),
            "bars": bars,
        },
    )


def probe_view(app: Application, device_id: str) -> dict[str, object] | None:
    """The device's probe and its last round, for the device page (None: it has none)."""
    found, state = app.device_probe(device_id)
    if found is None:
        return None
    target = found.target.url or (
        f"{found.target.host}:{found.target.port}" if found.target.port else found.target.host
    )
    return {
        "source": SOURCE_LABELS[found.source],
        "method": found.method.value.upper(),
        "target": target,
        "timing": f"每{found.timing.interval_s}秒，超时{found.timing.timeout_s:g}秒，"
        f"重试{found.timing.retries}次；连续失败{found.timing.down_after}次判离线，"
        f"连续成功{found.timing.up_after}次判恢复",
        "state": state,
        "at": None if state is None else from_seconds(state.at, app.zone),
    }
