"""总览: projects with their scores, devices online now and over 30 days, open faults."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jixiao.services.app_settings import read_settings
from jixiao.services.dashboard import overview
from jixiao.web.charts import trend_chart
from jixiao.web.deps import ContextDep, Viewer
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)
FAULTS_SHOWN = 8  # the open faults named; the rest are counted, with a link to the list


@router.get("/")
def dashboard(request: Request, ctx: ContextDep, _: Viewer) -> Response:
    now = ctx.now()
    view = overview(ctx.store, ctx.zone, now, faults_shown=FAULTS_SHOWN, scored=False)
    target = float(read_settings(ctx.store)["online_target"])
    return page(
        request,
        "dashboard.html",
        {
            "ov": view,
            "now": now,
            "target": target,
            "chart": trend_chart(view.trend, target),
            "charts": True,
            "shown": FAULTS_SHOWN,
        },
    )
