"""The REST API's request bodies (validated, bounded) and its JSON answers."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from jixiao.adapters.reports.evaluation_json import finding_to_dict
from jixiao.services.device_views import DeviceRow, PresenceView
from jixiao.services.web_ports import ROLE_LABELS, Role, User
from jixiao.web.jobs import Job
from jixiao.web.rendering import problem_text

Text = str
Value = str | int | float | dict[str, Any] | None
Amount = str | int | float | None


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(_In):
    username: str = Field(max_length=64)
    password: str = Field(max_length=256)


class PasswordIn(_In):
    old_password: str = Field(max_length=256)
    password: str = Field(max_length=256)


class IndicatorPatch(_In):
    """Fields of a 三级指标, written as in the project file (omitted fields stay as they are)."""

    target: str | int | float | None = Field(default=None, description="年度指标值，如 ≥95%")
    actual: Value = Field(
        default=None,
        description="实际完成值：95%、2021-11-30、达成年度指标、{grade, points} 或 {measure, …}",
    )
    points: str | int | float | None = Field(default=None, description="分值")
    note: str | None = Field(default=None, max_length=2000, description="偏差原因分析及改进措施")
    level1: str | None = Field(default=None, max_length=40, description="一级指标")
    level2: str | None = Field(default=None, max_length=40, description="二级指标")
    name: str | None = Field(default=None, min_length=1, max_length=300, description="三级指标名称")


class FundsPatch(_In):
    initial_budget: Amount = Field(default=None, description="年初预算数，如 64.638万元")
    budget: Amount = Field(default=None, description="全年预算数")
    executed: Amount = Field(default=None, description="全年执行数；null 则按支付合计")


class FundsItemIn(_In):
    """One allocation (date, amount, document), payment (date, amount, memo, contract) or
    contract (name, total, start, months, due, paid_before)."""

    date: str | None = Field(default=None, max_length=40)
    amount: Amount = None
    document: str | None = Field(default=None, max_length=200)
    memo: str | None = Field(default=None, max_length=300)
    contract: str | None = Field(default=None, max_length=300)
    name: str | None = Field(default=None, max_length=300)
    total: Amount = None
    start: str | None = Field(default=None, max_length=40)
    months: int | None = Field(default=None, ge=1, le=1200)
    due: str | None = Field(default=None, max_length=40)
    paid_before: Amount = None


class MaintenanceIn(_In):
    start: str = Field(max_length=40, description="开始时间，如 2021-03-08 14:00")
    end: str = Field(max_length=40, description="结束时间（不含）")
    reason: str = Field(max_length=500)
    device_id: str | None = Field(default=None, max_length=40)
    group: str | None = Field(default=None, max_length=100)


class UserIn(_In):
    username: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=100)
    role: Role = Role.VIEWER
    password: str = Field(max_length=256)


class UserPatch(_In):
    display_name: str | None = Field(default=None, max_length=100)
    role: Role | None = None
    active: bool | None = None
    unlock: bool = False
    password: str | None = Field(default=None, max_length=256)


class SettingsIn(_In):
    bureau_name: str | None = Field(default=None, max_length=100)
    online_target: str | None = Field(default=None, max_length=20)


def rate(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 6)


def when(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role.value,
        "role_label": ROLE_LABELS[user.role],
        "active": user.active,
        "must_change_password": user.must_change_password,
        "locked_until": user.locked_until,
    }


def device_json(row: DeviceRow) -> dict[str, Any]:
    d = row.device
    return {
        "device_id": d.device_id.value,
        "kind": d.kind.value,
        "kind_word": d.kind_word,
        "name": d.name,
        "groups": list(d.groups),
        "area": d.area,
        "address": d.address,
        "ip": d.ip,
        "port": d.port,
        "vendor": d.vendor,
        "model": d.model,
        "commissioned": d.commissioned and d.commissioned.isoformat(),
        "decommissioned": d.decommissioned and d.decommissioned.isoformat(),
        "status": row.status.value,
        "since": when(row.since),
    }


def presence_json(p: PresenceView | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "registered": p.registered,
        "registered_until": when(p.registered_until),
        "last_seen": when(p.last_seen),
        "transport": p.transport,
        "address": p.address,
        "parent_id": p.parent_id,
    }


def job_json(job: Job) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": job.id,
        "kind": job.kind,
        "title": job.title,
        "state": job.state.value,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "step": job.step,
        "message": job.message,
        "problems": [
            {"line": p.line, "field": p.field, "message": p.message} for p in job.problems
        ],
        "download": f"/api/jobs/{job.id}/download" if job.outcome.file else None,
    }
    if job.kind == "check" and job.outcome.result is not None:
        out["files"] = [
            {
                "file": f.name,
                "findings": [finding_to_dict(x) for x in f.findings],
                "problems": [problem_text(p) for p in f.problems],
            }
            for f in job.outcome.result
        ]
    return out


# project editing (web/api/project_setup.py)


class NewProjectIn(_In):
    """A project-year to make: blank, from last year's project (`previous`), or from a
    template of the indicator library (`template`, `group`)."""

    name: str = Field(default="", max_length=300, description="项目名称；延续上一年度时可省略")
    year: int = Field(ge=1900, le=2200, description="年度")
    department: str = Field(default="", max_length=200, description="主管部门")
    implementer: str = Field(default="", max_length=200, description="实施单位")
    initial_budget: Amount = Field(default=None, description="年初预算数；不带单位的数为万元")
    source: Literal["blank", "previous", "template"] = "blank"
    previous: int | None = Field(default=None, ge=1, le=2**31 - 1, description="上一年度项目的 key")
    template: str | None = Field(default=None, max_length=100, description="模板，如 tianwang-om")
    group: str | None = Field(default=None, max_length=200, description="模板绑定的设备分组")


class ProjectPatch(_In):
    """项目信息与年度目标 (omitted fields stay as they are)."""

    name: str | None = Field(default=None, max_length=300)
    department: str | None = Field(default=None, max_length=200)
    implementer: str | None = Field(default=None, max_length=200)
    year: int | None = Field(default=None, ge=1900, le=2200)
    layout: Literal["mof-2020", "mof-2021"] | None = None
    expected: str | None = Field(default=None, max_length=20000, description="预期目标")
    achieved: str | None = Field(default=None, max_length=20000, description="实际完成情况")


class IndicatorIn(_In):
    """A new 三级指标, written as in the project file; without points its 一级 block's points
    are split equally."""

    level1: str = Field(max_length=40, description="一级指标，如 产出指标")
    level2: str = Field(max_length=40, description="二级指标，如 质量指标")
    name: str = Field(min_length=1, max_length=300, description="三级指标名称")
    target: str | int | float | None = Field(default=None, description="年度指标值，如 ≥95%")
    actual: Value = Field(default=None, description="实际完成值或证据绑定")
    points: str | int | float | None = Field(default=None, description="分值")
    note: str = Field(default="", max_length=2000, description="偏差原因分析及改进措施")


class IndicatorMove(_In):
    to: int = Field(ge=0, le=100_000, description="新的位置（从0数起）")
