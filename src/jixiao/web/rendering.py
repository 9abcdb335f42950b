"""Jinja2 templates (Chinese UI): the environment, its filters, and the page response.

Numbers are formatted here and only here: money in 万元 as reports write it, rates as
percentages, times in the reporting zone.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from jixiao.adapters.projectfile.documents import as_written
from jixiao.domain.devices import KIND_LABELS, DeviceKind
from jixiao.domain.errors import Problem
from jixiao.domain.money import format_wan, round_half_up
from jixiao.domain.quantities import format_number
from jixiao.domain.scoring import FLAG_LABELS, Flag
from jixiao.domain.status import STATUS_LABELS, DeviceStatus
from jixiao.services.accounts import Current, Permission, may
from jixiao.services.app_settings import read_settings
from jixiao.services.audit import ACTION_LABELS, ENTITY_LABELS
from jixiao.services.web_ports import ROLE_LABELS, Role
from jixiao.web.highlight import highlight
from jixiao.web.jobs import STATE_LABELS, JobState

TEMPLATES = Path(__file__).resolve().parent / "templates"
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def wan(amount: Decimal | None) -> str:
    return "—" if amount is None else format_wan(amount)


def pct(rate: Decimal | Fraction | float | None, places: int = 2) -> str:
    if rate is None:
        return "—"
    value = (
        Decimal(rate.numerator) / Decimal(rate.denominator)
        if isinstance(rate, Fraction)
        else Decimal(str(rate))
    )
    return f"{round_half_up(value * 100, places):.{places}f}%"


def number(value: Decimal | None) -> str:
    return "—" if value is None else format_number(value)


def score(value: Decimal | None) -> str:
    return "—" if value is None else f"{round_half_up(value, 2):.2f}"


def when(moment: dt.datetime | None, seconds: bool = False) -> str:
    if moment is None:
        return "—"
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def problem_text(problem: Problem) -> str:
    """An input problem without its file (the page already names the file): "第3行：…"."""
    return (f"第{problem.line}行：" if problem.line else "") + problem.message


def column(field: str) -> str:
    """An import problem's column as people name it: "device_id（设备编码）" -> "设备编码"."""
    match = re.fullmatch(r"[A-Za-z_]+（(.+)）", field or "")
    return match[1] if match else field


def make_templates(zone: dt.tzinfo) -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES)
    env = templates.env
    env.filters |= {
        "wan": wan,
        "pct": pct,
        "number": number,
        "score": score,
        "when": when,
        "epoch": lambda s: "—" if s is None else when(dt.datetime.fromtimestamp(s, zone)),
        "role": lambda r: ROLE_LABELS[Role(r)],
        "kind": lambda k: KIND_LABELS[DeviceKind(k)],
        "status": lambda s: STATUS_LABELS[DeviceStatus(s)],
        "flag": lambda f: FLAG_LABELS[Flag(f)],
        "severity": lambda s: SEVERITY_LABELS.get(str(s), str(s)),
        "entity": lambda e: ENTITY_LABELS.get(e, e),
        "action": lambda a: ACTION_LABELS.get(a, a),
        "job_state": lambda s: STATE_LABELS[JobState(s)],
        "highlight": highlight,
        "column": column,
        "problem": problem_text,
        "written": as_written,
        "yes_no": lambda v: ("是" if v else "否") if isinstance(v, bool) else v,
    }
    env.globals |= {
        "Permission": Permission,
        "ROLE_LABELS": ROLE_LABELS,
        "KIND_LABELS": KIND_LABELS,
        "STATUS_LABELS": STATUS_LABELS,
    }
    return templates


def page(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """A template rendered with what every page needs: the user, their CSRF token, the unit."""
    ctx = request.app.state.context
    current: Current | None = getattr(request.state, "current", None)
    values = {
        "current": current,
        "user": current.user if current else None,
        "csrf_token": current.csrf_token if current else "",
        "can": (lambda p: current is not None and may(current.user, p)),
        "app_settings": read_settings(ctx.store),
        "path": request.url.path,
        "max_upload_mb": ctx.settings.upload_max_mb,
        **(context or {}),
    }
    response: HTMLResponse = ctx.templates.TemplateResponse(
        request, name, values, status_code=status_code
    )
    return response
