"""登录 / 退出: the login form (double-submit CSRF cookie) and logging out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jixiao.services.web_errors import LoginRefused
from jixiao.web import csrf
from jixiao.web.auth import (
    clear_session_cookie,
    client_address,
    session_token,
    set_session_cookie,
)
from jixiao.web.deps import ContextDep, Viewer
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only a path of this site: never another host (open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _form(
    request: Request,
    ctx: ContextDep,
    *,
    error: str = "",
    message: str = "",
    username: str = "",
    next_path: str = "/",
    status: int = 200,
) -> Response:
    token = csrf.new_token()
    response = page(
        request,
        "login.html",
        {
            "error": error,
            "message": message,
            "username": username,
            "next": safe_next(next_path),
            "login_csrf": token,
        },
        status,
    )
    csrf.set_login_cookie(response, token, ctx.settings)
    return response


@router.get("/login")
def login_form(request: Request, ctx: ContextDep, next: str = "/") -> Response:
    if ctx.accounts.current(session_token(request)) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    message = "已退出登录" if request.query_params.get("out") else ""
    return _form(request, ctx, message=message, next_path=next)


@router.post("/login")
def log_in(
    request: Request,
    ctx: ContextDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    if not csrf.same(csrf_token, request.cookies.get(csrf.LOGIN_COOKIE)):
        return _form(
            request,
            ctx,
            error="登录页面已过期，请重新输入",
            username=username,
            next_path=next,
            status=400,
        )
    try:
        opened = ctx.accounts.log_in(username, password, client_address(request))
    except LoginRefused as error:
        return _form(request, ctx, error=str(error), username=username, next_path=next, status=401)
    target = "/account/password" if opened.user.must_change_password else safe_next(next)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, opened, ctx.settings)
    response.delete_cookie(csrf.LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
def log_out(request: Request, ctx: ContextDep, _: Viewer) -> Response:
    token = session_token(request)
    if token:
        ctx.accounts.log_out(token)
    response = RedirectResponse("/login?out=1", status_code=303)
    clear_session_cookie(response, ctx.settings)
    return response
