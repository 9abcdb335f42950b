"""/api/devices, /api/status, /api/availability: inventory, history, imports, online rates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile

from jixiao.domain.devices import DeviceKind
from jixiao.domain.status import DeviceStatus
from jixiao.services.device_views import (
    DeviceFilter,
    Period,
    device_history,
    find_devices,
    rates_by_group,
    sip_presence,
)
from jixiao.services.monitoring import Method, offline_now
from jixiao.web import tasks
from jixiao.web.api.schemas import device_json, job_json, presence_json, rate, when
from jixiao.web.deps import ContextDep, DeviceEditor, Viewer
from jixiao.web.pages.devices import saved_table

router = APIRouter(tags=["设备"])
Name = Annotated[str | None, Query(max_length=100)]


@router.get("/devices", summary="设备清单（搜索、筛选、分页）")
def devices(
    ctx: ContextDep,
    _: Viewer,
    q: Annotated[str, Query(max_length=100)] = "",
    group: Name = None,
    area: Name = None,
    kind: DeviceKind | None = None,
    status: DeviceStatus | None = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    f = DeviceFilter(q.strip(), group or None, area or None, kind, status, page, per_page)
    found = find_devices(ctx.store, f, ctx.now(), ctx.zone)
    return {
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
        "groups": found.groups,
        "areas": found.areas,
        "devices": [device_json(r) for r in found.rows],
    }


@router.get("/devices/offline", summary="当前离线的在役设备")
def offline(ctx: ContextDep, _: Viewer, group: Name = None) -> list[dict[str, Any]]:
    return [
        {"device_id": o.device_id, "name": o.name, "area": o.area, "since": when(o.since)}
        for o in offline_now(ctx.store, ctx.now(), ctx.zone, group or None)
    ]


@router.post("/devices/import", status_code=202, summary="导入点位表（后台任务）")
async def import_devices(
    ctx: ContextDep, current: DeviceEditor, file: Annotated[UploadFile, File()]
) -> dict[str, Any]:
    path = await saved_table(ctx, file)
    return job_json(tasks.start_device_import(ctx, current.user.id, current.user.username, path))


@router.post("/status/import", status_code=202, summary="导入状态记录 CSV（后台任务）")
async def import_status(
    ctx: ContextDep, current: DeviceEditor, file: Annotated[UploadFile, File()]
) -> dict[str, Any]:
    path = await saved_table(ctx, file)
    return job_json(tasks.start_status_import(ctx, current.user.id, current.user.username, path))


@router.get("/devices/{device_id}", summary="设备、状态变化记录与 GB/T 28181 接入情况")
def device(
    ctx: ContextDep, _: Viewer, device_id: str, limit: Annotated[int, Query(ge=1, le=5000)] = 500
) -> dict[str, Any]:
    now = ctx.now()
    h = device_history(ctx.store, device_id, now, ctx.zone, limit)
    return {
        **device_json(h.row),
        "history": [
            {"at": when(e.at), "online": e.online, "cause": e.cause, "source": e.source}
            for e in h.entries
        ],
        "truncated": h.truncated,
        "sip": presence_json(sip_presence(ctx.store, h.row.key, now, ctx.zone)),
    }


@router.get("/availability", summary="在线率：按分组、逐日或逐月")
def availability(
    ctx: ContextDep,
    _: Viewer,
    first: Annotated[dt.date, Query(alias="from")],
    last: Annotated[dt.date, Query(alias="to")],
    period: Period = Period.DAY,
    method: Method = Method.TIME,
    group: Name = None,
) -> dict[str, Any]:
    groups = [group] if group else None
    m = rates_by_group(ctx.store, ctx.zone, first, last, period, method, groups)
    return {
        "from": m.first.isoformat(),
        "to": m.last.isoformat(),
        "period": m.period.value,
        "method": m.method.value,
        "keys": m.keys,
        "series": {k: [rate(r) for r in v] for k, v in m.series.items()},
        "totals": {k: rate(v) for k, v in m.totals.items()},
        "devices": m.devices,
    }
