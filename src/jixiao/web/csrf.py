"""Cross-site request forgery protection for every form and every state-changing API call.

A logged-in session has its own random CSRF token (stored with the session). Pages put it in
every form (`csrf_token`) and, for htmx requests, in the `X-CSRF-Token` header (`hx-headers`
on <body>); API clients send the header with the token the login response gave them.
The login form, before any session exists, uses a double-submit cookie (SameSite=Strict);
the JSON login of the API is protected by its content type, which a cross-site form cannot
send without a CORS preflight that this app never grants.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

from jixiao.config import Settings

HEADER = "x-csrf-token"
FIELD = "csrf_token"
LOGIN_COOKIE = "jixiao_login_csrf"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def same(given: str | None, expected: str | None) -> bool:
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


async def submitted(request: Request) -> str | None:
    """The token a request carries: the header, else the form field."""
    header = request.headers.get(HEADER)
    if header:
        return header
    if request.headers.get("content-type", "").startswith(_FORM_TYPES):
        value = (await request.form()).get(FIELD)
        return value if isinstance(value, str) else None
    return None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def set_login_cookie(response: Response, token: str, settings: Settings) -> None:
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=settings.cookie_secure,
        path="/login",
    )
