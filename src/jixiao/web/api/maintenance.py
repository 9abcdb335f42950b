"""/api/maintenance: approved downtime, excluded from the online rate."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from jixiao.services.device_views import maintenance_windows
from jixiao.web.api.schemas import MaintenanceIn, when
from jixiao.web.deps import ContextDep, MaintenanceEditor, Viewer
from jixiao.web.pages.om_lists import add_window

router = APIRouter(prefix="/maintenance", tags=["设备"])


@router.get("", summary="维护窗口")
def windows(ctx: ContextDep, _: Viewer) -> list[dict[str, Any]]:
    return [
        {"id": w.id, "who": w.who, "start": when(w.start), "end": when(w.end), "reason": w.reason}
        for w in maintenance_windows(ctx.store, ctx.zone)
    ]


@router.post("", status_code=201, summary="登记维护窗口（设备或分组）")
def add(body: MaintenanceIn, ctx: ContextDep, current: MaintenanceEditor) -> dict[str, Any]:
    window = add_window(ctx, current.user.username, body.model_dump())
    return {"id": window}
