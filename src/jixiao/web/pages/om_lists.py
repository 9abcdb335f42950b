"""运维 lists under 设备: online rates by group or area and day or month, the devices offline
now, maintenance windows by device, group or area; the rates and the offline list download as
Excel (the same files as `jixiao availability --xlsx` and `jixiao status offline --xlsx`)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from jixiao.adapters.importers.status_csv import parse_time
from jixiao.domain.devices import DeviceError
from jixiao.domain.errors import DomainError
from jixiao.domain.presentation import duration
from jixiao.services.device_views import DIMENSION_LABELS, Dimension, Period, RateMatrix
from jixiao.services.monitoring import METHOD_LABELS, Method
from jixiao.services.om_lists import OfflineFilter, WindowFilter
from jixiao.services.web_errors import Refused
from jixiao.web.charts import rates_chart
from jixiao.web.context import WebContext
from jixiao.web.deps import ContextDep, MaintenanceEditor, Viewer
from jixiao.web.pages.reports import attachment
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)
Choice = Annotated[str | None, Query(max_length=100)]
Text = Annotated[str, Query(max_length=100)]
PageNo = Annotated[int, Query(alias="page", ge=1, le=100000)]


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _choices(ctx: WebContext) -> tuple[list[str], list[str]]:
    return ctx.app.device_choices()


def _written(write: Any, value: Any) -> bytes:
    with tempfile.TemporaryDirectory(prefix="jixiao-om-") as tmp:
        out = Path(tmp) / "export.xlsx"
        write(value, {"xlsx": out})
        return out.read_bytes()


# 在线率: 全部 and each group or area, by day or month.


def _rates(
    ctx: WebContext,
    first: dt.date | None,
    last: dt.date | None,
    period: Period,
    method: Method,
    by: Dimension,
    name: str | None,
) -> tuple[dict[str, Any], RateMatrix]:
    today = ctx.now().date()
    last = last or today - dt.timedelta(days=1)
    first = first or (
        last - dt.timedelta(days=29) if period is Period.DAY else last.replace(day=1, month=1)
    )
    groups, areas = _choices(ctx)
    context: dict[str, Any] = {
        "tab": "rates",
        "first": first,
        "last": last,
        "period": period,
        "method": method,
        "by": by,
        "name": name or "",
        "METHOD_LABELS": METHOD_LABELS,
        "DIMENSION_LABELS": DIMENSION_LABELS,
        "groups": groups,
        "areas": areas,
        "charts": True,
    }
    known = groups if by is Dimension.GROUP else areas
    if name is not None and name not in known:
        raise Refused(f"没有{DIMENSION_LABELS[by]}“{name}”", "name")
    names = None if name is None else [name]
    matrix = ctx.app.rate_table(
        first, last, period=period, method=method, dimension=by, names=names
    )
    return context, matrix


@dataclass(frozen=True)
class RateQuery:
    """The 在线率 page's choices, read from the query string the page and its export share."""

    first: Annotated[dt.date | None, Query(alias="from")] = None
    last: Annotated[dt.date | None, Query(alias="to")] = None
    period: Period = Period.DAY
    method: Method = Method.TIME
    by: Dimension = Dimension.GROUP
    group: Choice = None
    area: Choice = None

    @property
    def name(self) -> str | None:
        return _blank(self.group) if self.by is Dimension.GROUP else _blank(self.area)

    def rates(self, ctx: WebContext) -> tuple[dict[str, Any], RateMatrix]:
        return _rates(ctx, self.first, self.last, self.period, self.method, self.by, self.name)


Rates = Annotated[RateQuery, Depends()]


@router.get("/devices/rates")
def device_rates(request: Request, ctx: ContextDep, _: Viewer, chosen: Rates) -> Response:
    by, period, method, name = chosen.by, chosen.period, chosen.method, chosen.name
    try:
        context, matrix = chosen.rates(ctx)
    except Refused as error:
        context = {"tab": "rates", "error": str(error), "by": by, "period": period}
        context |= {"method": method, "METHOD_LABELS": METHOD_LABELS, "name": name or ""}
        context |= {"DIMENSION_LABELS": DIMENSION_LABELS}
        context |= {"first": chosen.first, "last": chosen.last}
        groups, areas = _choices(ctx)
        return page(request, "device_rates.html", context | {"groups": groups, "areas": areas}, 400)
    query = {"from": matrix.first, "to": matrix.last, "period": period.value}
    query |= {"method": method.value, "by": by.value}
    if name:
        query["group" if by is Dimension.GROUP else "area"] = name
    export = "/devices/rates.xlsx?" + urlencode(query)
    context |= {"m": matrix, "chart": rates_chart(matrix), "export": export}
    return page(request, "device_rates.html", context)


@router.get("/devices/rates.xlsx")
def rates_xlsx(ctx: ContextDep, _: Viewer, chosen: Rates) -> Response:
    """The 在线率统计表 of the page's choices, one row per day or month and group or area."""
    matrix = chosen.rates(ctx)[1]
    content = _written(ctx.app.write_rates, matrix)
    return attachment(content, f"在线率统计表-{matrix.first}至{matrix.last}.xlsx", "xlsx")


# 当前离线: one page of the devices offline now, longest first.


def _offline_filter(q: str, group: str | None, area: str | None, page_no: int) -> OfflineFilter:
    return OfflineFilter(q.strip(), _blank(group), _blank(area), page_no)


@router.get("/devices/offline")
def device_offline(
    request: Request,
    ctx: ContextDep,
    _: Viewer,
    q: Text = "",
    group: Choice = None,
    area: Choice = None,
    page_no: PageNo = 1,
) -> Response:
    found = ctx.app.offline_list(_offline_filter(q, group, area, page_no))
    groups, areas = _choices(ctx)
    f = found.filter
    params = {"q": f.q, "group": f.group or "", "area": f.area or ""}
    export = "/devices/offline.xlsx?" + urlencode(params)
    context = {
        "tab": "offline",
        "found": found,
        "f": f,
        "params": params,
        "groups": groups,
        "areas": areas,
        "export": export,
        "duration": duration,
    }
    return page(request, "device_offline.html", context)


@router.get("/devices/offline.xlsx")
def offline_xlsx(
    ctx: ContextDep,
    _: Viewer,
    q: Text = "",
    group: Choice = None,
    area: Choice = None,
) -> Response:
    """The whole 离线设备清单 of the page's filters (not only the page shown)."""
    found = ctx.app.offline_list(_offline_filter(q, group, area, 1), everything=True)
    content = _written(ctx.app.write_offline, found)
    return attachment(content, f"离线设备清单-{found.as_of:%Y%m%d%H%M}.xlsx", "xlsx")


# 维护窗口: by device, group or area; registered, corrected and deleted by 运维 and 管理员.


@router.get("/devices/maintenance")
def maintenance_list(
    request: Request,
    ctx: ContextDep,
    _: Viewer,
    q: Text = "",
    group: Choice = None,
    active: bool = False,
    page_no: PageNo = 1,
) -> Response:
    return _maintenance(request, ctx, WindowFilter(q.strip(), _blank(group), active, page_no))


def _maintenance(
    request: Request,
    ctx: WebContext,
    f: WindowFilter,
    error: str = "",
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    found = ctx.app.window_list(f)
    groups, areas = _choices(ctx)
    params = {"q": found.filter.q, "group": found.filter.group or ""}
    if found.filter.active:
        params["active"] = "true"
    context = {
        "tab": "maintenance",
        "found": found,
        "f": found.filter,
        "params": params,
        "groups": groups,
        "areas": areas,
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
    area: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    typed = {
        "start": start,
        "end": end,
        "reason": reason,
        "device_id": device_id,
        "group": group,
        "area": area,
    }
    try:
        add_window(ctx, current.user.username, typed)
    except (Refused, DomainError) as error:
        return _maintenance(request, ctx, WindowFilter(), str(error), typed, 400)
    return RedirectResponse("/devices/maintenance", status_code=303)


def add_window(ctx: WebContext, actor: str, typed: Mapping[str, str | None]) -> int:
    """A maintenance window from form or API text (a device, a group, or each device of an
    area); the service checks the rest. The (first) window's id."""
    device_id, group = _blank(typed.get("device_id")), _blank(typed.get("group"))
    area = _blank(typed.get("area"))
    if sum(x is not None for x in (device_id, group, area)) != 1:
        raise Refused("请给出设备编码、分组或区域，三者选一", "device_id")
    if not typed.get("start") or not typed.get("end"):
        raise Refused("请填写开始和结束时间", "start")
    try:
        first = parse_time(str(typed["start"]), ctx.zone)
        last = parse_time(str(typed["end"]), ctx.zone)
    except DeviceError as error:
        raise Refused(str(error), "start") from error
    if last <= first:
        raise Refused("结束时间应晚于开始时间", "end")
    reason = str(typed.get("reason") or "")
    if area is not None:
        return ctx.app.add_area_maintenance(first, last, reason, area, actor=actor)[0]
    return ctx.app.add_maintenance(
        first, last, reason, device_id=device_id, group=group, actor=actor
    )
