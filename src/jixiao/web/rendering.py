"""Jinja2 templates (Chinese UI): the environment, its filters, and the page response.

The number filters (wan, pct, score, number, when) are domain.presentation's functions, so a
page shows every figure as the terminal table and the report do; times are in the reporting
zone.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from jixiao.adapters.projectfile.documents import as_written
from jixiao.domain.devices import KIND_LABELS, DeviceKind
from jixiao.domain.errors import Problem
from jixiao.domain.presentation import DASH, hours, moment, number, rate_text, score_text, wan
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
        "pct": rate_text,
        "hours": hours,
        "number": number,
        "score": score_text,
        "when": moment,
        "epoch": lambda s: DASH if s is None else moment(dt.datetime.fromtimestamp(s, zone)),
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
        "demo": ctx.settings.demo,
        **(context or {}),
    }
    response: HTMLResponse = ctx.templates.TemplateResponse(
        request, name, values, status_code=status_code
    )
    return response
