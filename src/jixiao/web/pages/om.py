"""运维: work orders (工单) with filters, exemption requests and approvals, and a contract's
monthly 考核 (assessment) page."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from jixiao.adapters.importers.status_csv import parse_time
from jixiao.domain.assessment import sum_months
from jixiao.domain.availability import Span, day_start
from jixiao.domain.errors import DomainError
from jixiao.domain.tickets import ExemptionCategory, Ticket
from jixiao.services.web_errors import Refused
from jixiao.web.context import WebContext
from jixiao.web.deps import ContextDep, ExemptionApprover, MaintenanceEditor, Viewer
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)
STATES = {"": "全部", "open": "未关闭", "pending": "免责待审批", "approved": "免责已批准"}
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True, slots=True)
class TicketFilter:
    q: str = ""
    state: str = ""
    month: str = ""


def _month(text: str) -> dt.date | None:
    m = _MONTH.match(text.strip())
    if not text.strip():
        return None
    if m is None or not 1 <= int(m[2]) <= 12:
        raise Refused(f"无法识别的月份“{text}”；应为如 2021-08", "month")
    return dt.date(int(m[1]), int(m[2]), 1)


def _matches(t: Ticket, f: TicketFilter, span: Span | None) -> bool:
    e = t.exemption
    return (
        (not f.q or f.q in t.device_id or f.q in t.cause or f.q in t.assignee)
        and (f.state != "open" or not t.closed)
        and (f.state != "pending" or (e is not None and not e.approved))
        and (f.state != "approved" or (e is not None and e.approved))
        and (span is None or span.start <= t.opened < span.end)
    )


def _tickets(
    request: Request, ctx: WebContext, f: TicketFilter, error: str = "", status: int = 200
) -> Response:
    if f.state not in STATES:
        raise Refused(f"未知的筛选“{f.state}”", "state")
    first = _month(f.month)
    span = None
    if first is not None:
        following = (first + dt.timedelta(days=32)).replace(day=1)
        span = Span(day_start(first, ctx.zone), day_start(following, ctx.zone))
    found = [t for t in ctx.app.list_tickets() if _matches(t, f, span)]
    context = {
        "tickets": found,
        "f": f,
        "states": STATES,
        "categories": [c.value for c in ExemptionCategory],
        "error": error,
    }
    return page(request, "tickets.html", context, status)


@router.get("/tickets")
def ticket_list(
    request: Request,
    ctx: ContextDep,
    _: Viewer,
    q: Annotated[str, Query(max_length=100)] = "",
    state: Annotated[str, Query(max_length=20)] = "",
    month: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    return _tickets(request, ctx, TicketFilter(q.strip(), state, month))


@router.post("/tickets/{ticket_id}/exemption")
def exemption_request(
    request: Request,
    ctx: ContextDep,
    current: MaintenanceEditor,
    ticket_id: int,
    category: Annotated[str, Form(max_length=20)] = "",
    start: Annotated[str, Form(max_length=40)] = "",
    end: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        if category not in {c.value for c in ExemptionCategory}:
            raise Refused(f"未知的免责类别“{category}”", "category")
        if not start or not end:
            raise Refused("请填写免责开始和结束时间", "start")
        ctx.app.request_exemption(
            ticket_id,
            ExemptionCategory(category),
            parse_time(start, ctx.zone),
            parse_time(end, ctx.zone),
            reason,
            actor=current.user.username,
        )
    except (Refused, DomainError) as error:
        return _tickets(request, ctx, TicketFilter(), f"工单{ticket_id}：{error}", 400)
    return RedirectResponse("/tickets", status_code=303)


@router.post("/tickets/{ticket_id}/approve")
def approve(ctx: ContextDep, current: ExemptionApprover, ticket_id: int) -> Response:
    ctx.app.set_approval(ticket_id, approve=True, actor=current.user.username)
    return RedirectResponse("/tickets", status_code=303)


@router.post("/tickets/{ticket_id}/withdraw")
def withdraw(ctx: ContextDep, current: ExemptionApprover, ticket_id: int) -> Response:
    ctx.app.set_approval(ticket_id, approve=False, actor=current.user.username)
    return RedirectResponse("/tickets", status_code=303)


def _assessed(
    ctx: WebContext, project: int | None, contract: str, month: str, year: int | None
) -> tuple[list[tuple[int, str, int, str]], tuple[int, str, int, str] | None, list[dt.date]]:
    choices = ctx.app.assessed_contracts()
    chosen = next(
        (c for c in choices if c[0] == project and c[3] == contract),
        choices[0] if choices and project is None else None,
    )
    if chosen is None and project is not None:
        raise Refused("没有这个合同的考核规则", "contract")
    first = _month(month)
    if chosen is None:
        return choices, None, []
    months = [first] if first else [dt.date(year or chosen[2], m, 1) for m in range(1, 13)]
    return choices, chosen, months


@router.get("/assessment")
def assessment_page(
    request: Request,
    ctx: ContextDep,
    _: Viewer,
    project: Annotated[int | None, Query(ge=1)] = None,
    contract: Annotated[str, Query(max_length=300)] = "",
    month: Annotated[str, Query(max_length=10)] = "",
    year: Annotated[int | None, Query(ge=1900, le=2999)] = None,
) -> Response:
    choices, chosen, months = _assessed(ctx, project, contract, month, year)
    context: dict[str, object] = {
        "choices": choices,
        "chosen": chosen,
        "month": month,
        "year": year,
    }
    if chosen is not None:
        found, assessed = ctx.app.assess_stored(chosen[0], chosen[3], months)[1:]
        context |= {"contract": found, "months": assessed, "totals": sum_months(assessed)}
    return page(request, "assessment.html", context)


@router.get("/assessment.xlsx")
def assessment_xlsx(
    ctx: ContextDep,
    _: Viewer,
    project: Annotated[int, Query(ge=1)],
    contract: Annotated[str, Query(max_length=300)],
    month: Annotated[str, Query(max_length=10)] = "",
    year: Annotated[int | None, Query(ge=1900, le=2999)] = None,
) -> Response:
    """The 运维考核表 as Excel, with signature lines for 甲方 and 乙方."""
    return _assessment_file(ctx, project, contract, month, year, "xlsx")


@router.get("/assessment.docx")
def assessment_docx(
    ctx: ContextDep,
    _: Viewer,
    project: Annotated[int, Query(ge=1)],
    contract: Annotated[str, Query(max_length=300)],
    month: Annotated[str, Query(max_length=10)] = "",
    year: Annotated[int | None, Query(ge=1900, le=2999)] = None,
) -> Response:
    """The 运维考核表 as Word, in the 自评表's grid, with signature cells for 甲方 and 乙方."""
    return _assessment_file(ctx, project, contract, month, year, "docx")


_MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _assessment_file(
    ctx: WebContext, project: int, contract: str, month: str, year: int | None, fmt: str
) -> Response:
    chosen, months = _assessed(ctx, project, contract, month, year)[1:]
    assert chosen is not None
    stored, found, assessed = ctx.app.assess_stored(chosen[0], chosen[3], months)
    with tempfile.TemporaryDirectory(prefix="jixiao-assess-") as tmp:
        out = ctx.app.write_assessment(stored, found, assessed, Path(tmp) / f"考核表.{fmt}")
        content = out.read_bytes()
    period = months[0].strftime("%Y-%m") if len(months) == 1 else months[0].year
    name = quote(f"运维考核表-{found.name}-{period}.{fmt}")
    return Response(
        content,
        media_type=_MEDIA[fmt],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
    )
