"""系统管理 (管理员): users and roles, the audit log, settings; 修改密码 for everyone."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from jixiao.adapters.projectfile.documents import as_written
from jixiao.adapters.projectfile.schema import LABELS
from jixiao.services.app_settings import APP_SETTINGS, read_settings, save_settings
from jixiao.services.audit import ENTITY_LABELS, audit_page
from jixiao.services.web_errors import Refused
from jixiao.services.web_ports import Role
from jixiao.web.context import WebContext
from jixiao.web.deps import Auditor, ContextDep, Key, SettingsAdmin, UserAdmin, Viewer
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)
Short = Annotated[str, Form(max_length=200)]


def _users(
    request: Request,
    ctx: WebContext,
    error: str = "",
    message: str = "",
    status: int = 200,
    typed: dict[str, str] | None = None,
) -> Response:
    context: dict[str, Any] = {
        "tab": "users",
        "users": ctx.accounts.users(),
        "roles": list(Role),
        "error": error,
        "message": message,
        "typed": typed or {},
        "now_s": ctx.now_s(),
    }
    return page(request, "admin_users.html", context, status)


@router.get("/admin/users")
def users(request: Request, ctx: ContextDep, _: UserAdmin) -> Response:
    return _users(request, ctx)


@router.post("/admin/users")
def user_create(
    request: Request,
    ctx: ContextDep,
    current: UserAdmin,
    username: Short = "",
    display_name: Short = "",
    role: Annotated[Role, Form()] = Role.VIEWER,
    password: Short = "",
) -> Response:
    typed = {"username": username, "display_name": display_name, "role": role.value}
    try:
        user = ctx.accounts.create_user(current.user, username, display_name, role, password)
    except Refused as error:
        return _users(request, ctx, error=str(error), status=400, typed=typed)
    return _users(request, ctx, message=f"已创建用户“{user.username}”；首次登录须修改密码")


@router.post("/admin/users/{user_id}")
def user_update(
    request: Request,
    ctx: ContextDep,
    current: UserAdmin,
    user_id: Key,
    action: Annotated[str, Form(max_length=20)] = "",
    role: Annotated[Role | None, Form()] = None,
    password: Short = "",
) -> Response:
    options: dict[str, dict[str, Any]] = {
        "role": {"role": role},
        "disable": {"active": False},
        "enable": {"active": True},
        "unlock": {"unlock": True},
        "password": {"password": password},
    }
    changes = options.get(action, {})
    if not changes or (action == "role" and role is None):
        return _users(request, ctx, error="未知的操作", status=400)
    try:
        user = ctx.accounts.update_user(current.user, user_id, **changes)
    except Refused as error:
        return _users(request, ctx, error=str(error), status=400)
    return _users(request, ctx, message=f"已更新用户“{user.username}”")


@router.get("/admin/audit")
def audit(
    request: Request,
    ctx: ContextDep,
    _: Auditor,
    entity: Annotated[str, Query(max_length=32)] = "",
    username: Annotated[str, Query(max_length=64)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=100000)] = 1,
) -> Response:
    found = audit_page(
        ctx.store, limit=50, offset=(page_no - 1) * 50, entity=entity, username=username
    )
    context = {
        "tab": "audit",
        "found": found,
        "entity": entity,
        "username": username,
        "page_no": page_no,
        "ENTITY_LABELS": ENTITY_LABELS,
        "rows": [(e, audit_diff(e.before, e.after)) for e in found.entries],
    }
    return page(request, "admin_audit.html", context)


@router.get("/admin/settings")
def settings_form(request: Request, ctx: ContextDep, _: SettingsAdmin) -> Response:
    return _settings(request, ctx)


def _settings(
    request: Request, ctx: WebContext, error: str = "", message: str = "", status: int = 200
) -> Response:
    s = ctx.settings
    environment = {
        "JIXIAO_DATA_DIR": str(s.data_dir),
        "JIXIAO_DATABASE_URL": ctx.store.describe(),
        "JIXIAO_TIMEZONE": s.timezone,
        "JIXIAO_SESSION_IDLE_MINUTES": s.session_idle_minutes,
        "JIXIAO_SESSION_MAX_HOURS": s.session_max_hours,
        "JIXIAO_LOGIN_MAX_FAILURES": s.login_max_failures,
        "JIXIAO_LOCKOUT_MINUTES": s.lockout_minutes,
        "JIXIAO_UPLOAD_MAX_MB": s.upload_max_mb,
        "JIXIAO_COOKIE_SECURE": s.cookie_secure,
    }
    context = {
        "tab": "settings",
        "values": read_settings(ctx.store),
        "defs": APP_SETTINGS,
        "environment": environment,
        "error": error,
        "message": message,
    }
    return page(request, "admin_settings.html", context, status)


@router.post("/admin/settings")
def settings_save(
    request: Request,
    ctx: ContextDep,
    current: SettingsAdmin,
    bureau_name: Short = "",
    online_target: Short = "95",
) -> Response:
    values = {"bureau_name": bureau_name, "online_target": online_target}
    try:
        save_settings(ctx.store, values, actor=current.user.username, now=ctx.now_s())
    except Refused as error:
        return _settings(request, ctx, error=str(error), status=400)
    return _settings(request, ctx, message="已保存")


@router.get("/account/password")
def password_form(request: Request, current: Viewer) -> Response:
    first = current.user.must_change_password
    return page(request, "password.html", {"first": first, "error": ""})


@router.post("/account/password")
def password_change(
    request: Request,
    ctx: ContextDep,
    current: Viewer,
    old_password: Short = "",
    password: Short = "",
    password_again: Short = "",
) -> Response:
    first = current.user.must_change_password
    try:
        if password != password_again:
            raise Refused("两次输入的新密码不一致", "password_again")
        ctx.accounts.change_password(current, old_password, password)
    except Refused as error:
        return page(request, "password.html", {"first": first, "error": str(error)}, 400)
    return RedirectResponse("/", status_code=303)


def audit_diff(before: str | None, after: str | None) -> list[tuple[str, str, str]]:
    """An audit entry's fields that differ, as (field, before, after) texts."""
    old, new = (json.loads(x) if x else None for x in (before, after))
    if old is None and isinstance(new, dict):  # created: what it was made with, on one line
        return [("", "—", _summary(new))]
    if new is None and isinstance(old, dict):  # deleted: what it was
        return [("", _summary(old), "—")]
    if isinstance(old, dict) or isinstance(new, dict):
        old, new = old or {}, new or {}
        keys = list(dict.fromkeys([*old, *new]))
        return [
            (LABELS.get(k, k), _text(old.get(k)), _text(new.get(k)))
            for k in keys
            if old.get(k) != new.get(k)
        ]
    return [("", _text(old), _text(new))]


def _summary(values: dict[str, Any]) -> str:
    return "；".join(f"{k}：{_text(v)}" for k, v in values.items() if v not in (None, ""))


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return as_written(value)  # as the project file writes it: {measure: online_rate, …}
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
