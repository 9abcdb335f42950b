"""The year's cycle in the web app: departments by year, a department's projects with their
declaration, monitoring and self-evaluation states, and a project's mid-year monitoring."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jixiao.services.web_errors import Refused
from jixiao.web.deps import ContextDep, Key, Viewer
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)
Year = Annotated[int | None, Query(ge=1900, le=2200)]


@router.get("/departments")
def department_list(request: Request, ctx: ContextDep, _: Viewer, year: Year = None) -> Response:
    years = ctx.app.years()
    chosen = year if year is not None else (years[0] if years else None)
    lines = ctx.app.departments(chosen) if chosen is not None else []
    return page(request, "departments.html", {"years": years, "year": chosen, "lines": lines})


@router.get("/departments/{name}")
def department_detail(
    request: Request, ctx: ContextDep, _: Viewer, name: str, year: Year = None
) -> Response:
    years = ctx.app.years()
    chosen = year if year is not None else (years[0] if years else ctx.moment_year())
    states = ctx.app.department_states(name, chosen)
    return page(
        request,
        "department.html",
        {"name": name, "year": chosen, "years": years, "states": states},
    )


@router.get("/projects/{key}/monitor")
def project_monitor(
    request: Request,
    ctx: ContextDep,
    _: Viewer,
    key: Key,
    as_of: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    date = None
    if as_of.strip():
        try:
            date = dt.date.fromisoformat(as_of.strip())
        except ValueError as error:
            raise Refused(f"无法识别的日期“{as_of}”；应为如 2021-07-31", "as_of") from error
    state = ctx.app.project_state(key, date)
    return page(
        request,
        "monitor.html",
        {"key": key, "s": state, "m": state.monitoring, "e": state.item.evaluation},
    )
