"""/api/overview: the 总览 as JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from jixiao.services.dashboard import overview as build
from jixiao.web.api.schemas import rate, when
from jixiao.web.deps import ContextDep, Viewer

router = APIRouter(tags=["总览"])


@router.get("/overview", summary="总览：项目得分、当前在线、近30天在线率、未恢复故障")
def overview(ctx: ContextDep, _: Viewer) -> dict[str, Any]:
    o = build(ctx.store, ctx.zone, ctx.now())
    return {
        "projects": [
            {
                "key": p.key,
                "name": p.name,
                "year": p.year,
                "total": float(p.total),
                "grade": p.grade,
                "missing_evidence": p.missing,
            }
            for p in o.projects
        ],
        "in_service": o.in_service,
        "online": o.online,
        "online_now": rate(o.online_now),
        "trend": [{"day": day, "online_rate": rate(r)} for day, r in o.trend],
        "trend_rate": rate(o.trend_rate),
        "offline": [
            {"device_id": x.device_id, "name": x.name, "since": when(x.since)} for x in o.offline
        ],
    }
