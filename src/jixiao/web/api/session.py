"""/api/session: log in (JSON only), who am I, log out, change my password."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from jixiao.services.web_errors import Refused
from jixiao.web.api.schemas import LoginIn, PasswordIn, user_json
from jixiao.web.auth import (
    clear_session_cookie,
    client_address,
    session_token,
    set_session_cookie,
)
from jixiao.web.deps import ContextDep, Viewer

router = APIRouter(prefix="/session", tags=["会话"])


@router.post("", summary="登录", responses={401: {"description": "用户名或密码错误，或账号已锁定"}})
def log_in(body: LoginIn, request: Request, response: Response, ctx: ContextDep) -> dict[str, Any]:
    """Opens a session: the cookie carries it; send `csrf_token` as X-CSRF-Token on writes."""
    opened = ctx.accounts.log_in(body.username, body.password, client_address(request))
    set_session_cookie(response, opened, ctx.settings)
    return {"user": user_json(opened.user), "csrf_token": opened.csrf_token}


@router.get("", summary="当前会话")
def me(current: Viewer) -> dict[str, Any]:
    return {"user": user_json(current.user), "csrf_token": current.csrf_token}


@router.delete("", status_code=204, summary="退出登录")
def log_out(request: Request, ctx: ContextDep, _: Viewer) -> Response:
    token = session_token(request)
    if token:
        ctx.accounts.log_out(token)
    response = Response(status_code=204)
    clear_session_cookie(response, ctx.settings)
    return response


@router.post("/password", status_code=204, summary="修改自己的密码")
def change_password(body: PasswordIn, ctx: ContextDep, current: Viewer) -> Response:
    if not body.password:
        raise Refused("新密码不能为空", "password")
    ctx.accounts.change_password(current, body.old_password, body.password)
    return Response(status_code=204)
