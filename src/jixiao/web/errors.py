"""One mapping from refusals to HTTP: JSON under /api, a Chinese page (or text for htmx) else.

No traceback and no internal detail ever reaches the browser; an unexpected error is logged
and answered with a short Chinese 500.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote, unquote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from jixiao.domain.errors import DomainError, InputError
from jixiao.services.projects import NeedsConfirmation
from jixiao.services.web_errors import Busy, LoginRefused, NotFound, Refused
from jixiao.web.deps import AuthRequired, Forbidden, PasswordChangeRequired
from jixiao.web.rendering import page

log = logging.getLogger(__name__)
_HTTP_MESSAGES = {
    404: "页面不存在",
    405: "不支持此请求方法",
    413: "上传内容过大",
    401: "请先登录",
    403: "没有权限",
}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def answer(
    request: Request, status: int, message: str, extra: dict[str, Any] | None = None
) -> Response:
    if is_api(request):
        return JSONResponse({"detail": message, **(extra or {})}, status_code=status)
    if is_htmx(request):
        return PlainTextResponse(message, status_code=status)
    title = _HTTP_MESSAGES.get(status, "无法完成")
    return page(request, "error.html", {"title": title, "message": message}, status)


async def _auth_required(request: Request, _: Exception) -> Response:
    if is_api(request):
        return answer(request, 401, "请先登录")
    target = "/login"
    if request.method == "GET" and request.url.path not in ("/", "/login"):
        wanted = request.url.path + (f"?{unquote(request.url.query)}" if request.url.query else "")
        target += "?next=" + quote(wanted, safe="/")
    if is_htmx(request):
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


async def _password_change(request: Request, _: Exception) -> Response:
    if is_api(request):
        return answer(request, 403, "请先修改初始密码（POST /api/session/password）")
    if is_htmx(request):
        return Response(status_code=403, headers={"HX-Redirect": "/account/password"})
    return RedirectResponse("/account/password", status_code=303)


async def _forbidden(request: Request, error: Exception) -> Response:
    assert isinstance(error, Forbidden)
    return answer(request, 403, error.message)


async def _refused(request: Request, error: Exception) -> Response:
    assert isinstance(error, Refused)
    extra: dict[str, Any] = {"field": error.field} if error.field else {}
    if isinstance(error, NeedsConfirmation):
        status, extra["confirm"] = 409, True
    else:
        status = {NotFound: 404, Busy: 409, LoginRefused: 401}.get(type(error), 400)
    return answer(request, status, str(error), extra)


async def _domain_error(request: Request, error: Exception) -> Response:
    return answer(request, 400, str(error))


async def _input_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, InputError)
    problems = [{"line": p.line, "field": p.field, "message": p.message} for p in error.problems]
    text = "；".join(str(p.message) for p in error.problems[:5])
    return answer(request, 422, f"输入有误：{text}", {"problems": problems})


async def _validation(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    details = [
        {"loc": [str(x) for x in e.get("loc", ())], "message": str(e.get("msg", ""))}
        for e in error.errors()
    ]
    where = "、".join(".".join(d["loc"][1:]) or d["loc"][0] for d in details[:5] if d["loc"])
    status = 422 if is_api(request) else 400
    return answer(request, status, f"请求参数有误：{where or '格式不对'}", {"errors": details})


async def _http(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    message = _HTTP_MESSAGES.get(error.status_code, str(error.detail))
    if isinstance(error.detail, str) and error.detail and not error.detail.isascii():
        message = error.detail
    response = answer(request, error.status_code, message)
    for key, value in (error.headers or {}).items():
        response.headers[key] = value
    return response


async def _unexpected(request: Request, error: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return answer(request, 500, "内部错误（程序缺陷，不是输入问题）；请把发生时间告诉维护人员")


def install(app: FastAPI) -> None:
    app.add_exception_handler(AuthRequired, _auth_required)
    app.add_exception_handler(PasswordChangeRequired, _password_change)
    app.add_exception_handler(Forbidden, _forbidden)
    app.add_exception_handler(Refused, _refused)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
