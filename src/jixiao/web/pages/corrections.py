"""Corrections (更正) in the browser: delete a device (its page), a maintenance window or a
status record (the lists), edit a window, and the administrators' 已删除 list with 恢复."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from jixiao.adapters.importers.status_csv import parse_time
from jixiao.domain.availability import from_seconds
from jixiao.domain.devices import DeviceError
from jixiao.services.corrections import ENTITY_WORDS
from jixiao.services.web_errors import Refused
from jixiao.web.deps import ContextDep, DeviceEditor, Key, MaintenanceEditor, Restorer
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)
Reason = Annotated[str, Form(max_length=500)]
DeviceId = Annotated[str, Path(max_length=40)]


@router.post("/devices/{device_id}/delete")
def delete_device(
    ctx: ContextDep, current: DeviceEditor, device_id: DeviceId, reason: Reason = ""
) -> Response:
    ctx.app.delete_device(device_id, reason=reason, actor=current.user.username)
    return RedirectResponse("/devices", status_code=303)


@router.post("/devices/{device_id}/status/delete")
def delete_status(
    ctx: ContextDep,
    current: DeviceEditor,
    device_id: DeviceId,
    at: Annotated[str, Form(max_length=40)] = "",
    reason: Reason = "",
) -> Response:
    try:
        moment = parse_time(at, ctx.zone)
    except DeviceError as error:
        raise Refused(str(error), "at") from error
    ctx.app.delete_status(device_id, moment, reason=reason, actor=current.user.username)
    return RedirectResponse(f"/devices/{device_id}", status_code=303)


@router.post("/devices/maintenance/{window_id}/delete")
def delete_window(
    ctx: ContextDep, current: MaintenanceEditor, window_id: Key, reason: Reason = ""
) -> Response:
    ctx.app.delete_maintenance(window_id, reason=reason, actor=current.user.username)
    return RedirectResponse("/devices/maintenance", status_code=303)


@router.post("/devices/maintenance/{window_id}/edit")
def edit_window(
    ctx: ContextDep,
    current: MaintenanceEditor,
    window_id: Key,
    start: Annotated[str, Form(max_length=40)] = "",
    end: Annotated[str, Form(max_length=40)] = "",
    reason: Reason = "",
) -> Response:
    try:
        first = parse_time(start, ctx.zone) if start.strip() else None
        last = parse_time(end, ctx.zone) if end.strip() else None
    except DeviceError as error:
        raise Refused(str(error), "start") from error
    ctx.app.edit_maintenance(
        window_id, start=first, end=last, reason=reason, actor=current.user.username
    )
    return RedirectResponse("/devices/maintenance", status_code=303)


@router.get("/admin/deleted")
def deleted(request: Request, ctx: ContextDep, _: Restorer, message: str = "") -> Response:
    rows = [(d, from_seconds(d.at, ctx.zone)) for d in ctx.app.deleted()]
    context = {"tab": "deleted", "rows": rows, "ENTITY_WORDS": ENTITY_WORDS, "message": message}
    return page(request, "admin_deleted.html", context)


@router.post("/admin/deleted/{deletion_id}/restore")
def restore(ctx: ContextDep, current: Restorer, deletion_id: Key) -> Response:
    ctx.app.restore_deleted(deletion_id, actor=current.user.username)
    return RedirectResponse("/admin/deleted", status_code=303)
