"""运维: work orders (工单) with filters, exemption requests and approvals, and a contract's
monthly 考核 (assessment) page."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from jixiao.adapters.importers.status_csv import parse_time
from jixiao.domain.assessment import (
    BASIS_LABELS,
    AssessmentError,
    AssessmentRules,
    Basis,
    OnlineRule,
    RepairRule,
    sum_months,
)
from jixiao.domain.errors import DomainError
from jixiao.domain.presentation import number
from jixiao.domain.tickets import ExemptionCategory, TicketState
from jixiao.services.web_errors import NotFound, Refused
from jixiao.web.context import WebContext
from jixiao.web.deps import (
    ContextDep,
    ExemptionApprover,
    MaintenanceEditor,
    RulesEditor,
    Viewer,
)
from jixiao.web.pages.reports import attachment
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


def _tickets(
    request: Request,
    ctx: WebContext,
    f: TicketFilter,
    error: str = "",
    status: int = 200,
    page_number: int = 1,
) -> Response:
    if f.state not in STATES:
        raise Refused(f"未知的筛选“{f.state}”", "state")
    found = ctx.app.ticket_page(
        text=f.q,
        state=TicketState(f.state) if f.state else None,
        month=_month(f.month),
        page=page_number,
    )
    params = {k: v for k, v in (("q", f.q), ("state", f.state), ("month", f.month)) if v}
    context = {
        "tickets": found.tickets,
        "found": found,
        "params": params,
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
    page_number: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
) -> Response:
    return _tickets(request, ctx, TicketFilter(q.strip(), state, month), page_number=page_number)


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
    return attachment(content, f"运维考核表-{found.name}-{period}.{fmt}", fmt)


# The 考核办法 (assessment rules) of a stored contract, edited by its owner (or 管理员).


@dataclass(frozen=True, slots=True)
class RulesForm:
    """The rules form as typed: empty 在线率目标 drops the online rule, empty 时限 the repair
    rule, empty 上限 the cap."""

    group: str = ""
    target: str = ""
    basis: str = Basis.CORRECTED.value
    per_point: str = ""
    respond_hours: str = ""
    repair_hours: str = ""
    per_late: str = ""
    cap: str = ""

    @classmethod
    def of(cls, rules: AssessmentRules | None) -> RulesForm:
        if rules is None:
            return cls()
        online, repair = rules.online, rules.repair
        return cls(
            rules.group or "",
            "" if online is None else number(online.target),
            Basis.CORRECTED.value if online is None else online.basis.value,
            "" if online is None else number(online.deduct_per_point),
            "" if repair is None else number(repair.respond_hours),
            "" if repair is None else number(repair.repair_hours),
            "" if repair is None else number(repair.deduct_per_late),
            "" if rules.cap is None else number(rules.cap),
        )

    def rules(self) -> AssessmentRules:
        online = None
        if self.target.strip():
            if self.basis not in {b.value for b in Basis}:
                raise Refused(f"未知的在线率口径“{self.basis}”", "basis")
            online = OnlineRule(
                _figure(self.target, "在线率目标", "target"),
                Basis(self.basis),
                _figure(self.per_point or "0", "每低1个百分点扣款比例", "per_point"),
            )
        repair = None
        if self.respond_hours.strip() or self.repair_hours.strip():
            repair = RepairRule(
                _figure(self.respond_hours, "响应时限", "respond_hours"),
                _figure(self.repair_hours, "修复时限", "repair_hours"),
                _figure(self.per_late or "0", "每单超时扣款", "per_late"),
            )
        cap = _figure(self.cap, "扣款上限", "cap") if self.cap.strip() else None
        if online is None and repair is None:
            raise Refused("请至少填写在线率目标或响应、修复时限", "target")
        try:
            return AssessmentRules(self.group.strip() or None, online, repair, cap)
        except AssessmentError as error:
            raise Refused(str(error), "target") from error


def _figure(text: str, label: str, field: str) -> Decimal:
    cleaned = text.strip().removesuffix("%").removesuffix("元").removesuffix("小时").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise Refused(f"{label}“{text}”不是数字", field)
    return value


def _rules_page(
    request: Request,
    ctx: WebContext,
    project: int,
    contract: str,
    form: RulesForm | None,
    error: str = "",
    status: int = 200,
) -> Response:
    chosen = next(
        (c for c in ctx.app.assessed_contracts() if c[0] == project and c[3] == contract), None
    )
    if chosen is None:
        raise NotFound(f"没有项目{project}中名为“{contract}”且写有考核规则的合同")
    _, found, _ = ctx.app.assess_stored(project, contract, [])
    context = {
        "chosen": chosen,
        "contract": found,
        "form": form or RulesForm.of(found.assessment),
        "bases": BASIS_LABELS,
        "error": error,
    }
    return page(request, "assessment_rules.html", context, status)


@router.get("/assessment/rules")
def rules_form(
    request: Request,
    ctx: ContextDep,
    _: RulesEditor,
    project: Annotated[int, Query(ge=1)],
    contract: Annotated[str, Query(max_length=300)],
) -> Response:
    return _rules_page(request, ctx, project, contract, None)


@router.post("/assessment/rules")
def rules_save(
    request: Request,
    ctx: ContextDep,
    current: RulesEditor,
    project: Annotated[int, Form(ge=1)],
    contract: Annotated[str, Form(max_length=300)],
    group: Annotated[str, Form(max_length=100)] = "",
    target: Annotated[str, Form(max_length=20)] = "",
    basis: Annotated[str, Form(max_length=20)] = Basis.CORRECTED.value,
    per_point: Annotated[str, Form(max_length=20)] = "",
    respond_hours: Annotated[str, Form(max_length=20)] = "",
    repair_hours: Annotated[str, Form(max_length=20)] = "",
    per_late: Annotated[str, Form(max_length=20)] = "",
    cap: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    form = RulesForm(group, target, basis, per_point, respond_hours, repair_hours, per_late, cap)
    try:
        ctx.app.edit_assessment_rules(project, contract, form.rules(), actor=current.user.username)
    except (Refused, DomainError) as error:
        if isinstance(error, NotFound):
            raise
        return _rules_page(request, ctx, project, contract, form, str(error), 400)
    query = f"project={project}&contract={quote(contract)}"
    return RedirectResponse(f"/assessment?{query}", status_code=303)
