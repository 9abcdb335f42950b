"""Authentication on the web: the session cookie and the accounts over the session policy.

The rules (lockout, idle and absolute timeouts, who may do what) are services.accounts';
this module only carries them over HTTP: an HttpOnly, SameSite=Lax cookie holding a random
256-bit token, never readable by page scripts and never sent by other sites' forms.
"""

from __future__ import annotations

from fastapi import Request, Response

from jixiao.bootstrap import policy_of
from jixiao.config import Settings
from jixiao.services.accounts import Accounts, Clock, Hasher, Opened
from jixiao.services.web_ports import WebStore

SESSION_COOKIE = "jixiao_session"


def make_accounts(settings: Settings, store: WebStore, hasher: Hasher, clock: Clock) -> Accounts:
    return Accounts(store, hasher, policy_of(settings), clock)


def client_address(request: Request) -> str:
    """The peer's address, which the login throttle counts by (behind a reverse proxy, the
    proxy's: run uvicorn with --proxy-headers from a trusted proxy to see the client's)."""
    return request.client.host if request.client is not None else ""


def session_token(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE)


def set_session_cookie(response: Response, opened: Opened, settings: Settings) -> None:
    # No max-age: the cookie goes when the browser closes (shared office PCs); the server
    # ends the session anyway after the idle or absolute timeout.
    response.set_cookie(
        SESSION_COOKIE,
        opened.token,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.cookie_secure
    )
