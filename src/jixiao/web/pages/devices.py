"""设备: inventory with search and filters, one device's history, online rates by group and
day or month, the devices offline now, imports (点位表, status CSV) and maintenance windows."""

from __future__ import annotations

import datetime as dt
import shutil
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from jixiao.adapters.importers.status_csv import parse_time
from jixiao.domain.availability import from_seconds
from jixiao.domain.devices import DeviceError, DeviceKind
from jixiao.domain.probes import SOURCE_LABELS
from jixiao.domain.status import DeviceStatus
from jixiao.services.application import Application
from jixiao.services.device_views import (
    DeviceFilter,
    Period,
    device_history,
    find_devices,
    maintenance_windows,
    rates_by_group,
    sip_presence,
)
from jixiao.services.monitoring import METHOD_LABELS, Method, offline_now
from jixiao.services.web_errors import Refused
from jixiao.web import tasks
from jixiao.web.charts import rates_chart, timeline_chart
from jixiao.web.context import WebContext
from jixiao.web.deps import ContextDep, DeviceEditor, MaintenanceEditor, Viewer
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


@router.get("/devices/rates")
def device_rates(
    request: Request,
    ctx: ContextDep,
    _: Viewer,
    first: Annotated[dt.date | None, Query(alias="from")] = None,
    last: Annotated[dt.date | None, Query(alias="to")] = None,
    period: Period = Period.DAY,
    method: Method = Method.TIME,
    group: Choice = None,
) -> Response:
    today = ctx.now().date()
    last = last or today - dt.timedelta(days=1)
    first = first or (
        last - dt.timedelta(days=29) if period is Period.DAY else last.replace(day=1, month=1)
    )
    context: dict[str, Any] = {
        "tab": "rates",
        "first": first,
        "last": last,
        "period": period,
        "method": method,
        "group": _blank(group) or "",
        "METHOD_LABELS": METHOD_LABELS,
        "groups": _groups(ctx),
        "charts": True,
    }
    try:
        groups = None if not _blank(group) else [str(_blank(group))]
        matrix = rates_by_group(ctx.store, ctx.zone, first, last, period, method, groups)
    except Refused as error:
        return page(request, "device_rates.html", context | {"error": str(error)}, 400)
    return page(request, "device_rates.html", context | {"m": matrix, "chart": rates_chart(matrix)})


def _groups(ctx: WebContext) -> list[str]:
    with ctx.store.read() as repos:
        return list(repos.devices.groups())


@router.get("/devices/offline")
def device_offline(request: Request, ctx: ContextDep, _: Viewer) -> Response:
    found = offline_now(ctx.store, ctx.now(), ctx.zone)
    return page(request, "device_offline.html", {"tab": "offline", "offline": found})


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


@router.get("/devices/maintenance")
def maintenance_list(request: Request, ctx: ContextDep, _: Viewer) -> Response:
    return _maintenance(request, ctx)


def _maintenance(
    request: Request,
    ctx: WebContext,
    error: str = "",
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    windows = maintenance_windows(ctx.store, ctx.zone)
    groups = _groups(ctx)
    context = {
        "tab": "maintenance",
        "windows": windows,
        "groups": groups,
        "error": error,
        "typed": typed or {},
    }
    return page(request, "device_maintenance.html", context, status)


@router.post("/devices/maintenance")
def maintenance_add(
    request: Request,
    ctx: ContextDep,
    current: MaintenanceEditor,
    start: Annotated[str, Form(max_length=40)] = "",
    end: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
    device_id: Annotated[str, Form(max_length=40)] = "",
    group: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    typed = {"start": start, "end": end, "reason": reason, "device_id": device_id, "group": group}
    try:
        add_window(ctx, current.user.username, typed)
    except (Refused, DeviceError) as error:
        return _maintenance(request, ctx, str(error), typed, 400)
    return RedirectResponse("/devices/maintenance", status_code=303)


def add_window(ctx: WebContext, actor: str, typed: dict[str, str]) -> int:
    """A maintenance window from form or API text; the service checks the rest."""
    device_id, group = _blank(typed.get("device_id")), _blank(typed.get("group"))
    if (device_id is None) == (group is None):
        raise Refused("请给出设备编码或分组，二者选一", "device_id")
    if not typed.get("start") or not typed.get("end"):
        raise Refused("请填写开始和结束时间", "start")
    first = parse_time(typed["start"], ctx.zone)
    last = parse_time(typed["end"], ctx.zone)
    if last <= first:
        raise Refused("结束时间应晚于开始时间", "end")
    return ctx.app.add_maintenance(
        first, last, typed.get("reason", ""), device_id=device_id, group=group, actor=actor
    )


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
