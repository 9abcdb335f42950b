"""FastAPI dependencies: the app's context, the logged-in user, permissions and CSRF.

Every route but the login, the static files and the OpenAPI document depends on `require`:
no session -> 401 (pages: to the login page), missing permission -> 403, and for POST, PUT,
PATCH and DELETE a missing or wrong CSRF token -> 403. The checks run on the server for every
request; what the pages hide from a role is only a convenience.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Path, Request

from jixiao.services.accounts import GRANTS, Current, Permission, may
from jixiao.services.web_ports import ROLE_LABELS
from jixiao.web import csrf
from jixiao.web.auth import session_token
from jixiao.web.context import WebContext

# Reachable with a one-time password that must be changed first.
_BEFORE_PASSWORD_CHANGE = ("/account/password", "/logout", "/api/session")


class AuthRequired(Exception):
    """No live session: API 401, pages redirect to the login page."""


class Forbidden(Exception):
    """Logged in but not allowed (role, or CSRF): 403 with the reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PasswordChangeRequired(Exception):
    """A one-time password is still in use: pages redirect to the password form."""


def get_context(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context


ContextDep = Annotated[WebContext, Depends(get_context)]


def current_user(request: Request, ctx: ContextDep) -> Current:
    found = ctx.accounts.current(session_token(request))
    if found is None:
        raise AuthRequired
    request.state.current = found
    if found.user.must_change_password and not request.url.path.startswith(_BEFORE_PASSWORD_CHANGE):
        raise PasswordChangeRequired
    return found


def roles_with(permission: Permission) -> str:
    return "或".join(
        f"“{ROLE_LABELS[r]}”" for r, granted in GRANTS.items() if permission in granted
    )


def require(permission: Permission) -> Callable[..., Awaitable[Current]]:
    """A dependency: the current user, when they have `permission` (and, for writes, CSRF)."""

    async def dependency(
        request: Request, current: Annotated[Current, Depends(current_user)]
    ) -> Current:
        if not may(current.user, permission):
            raise Forbidden(f"权限不足：此操作需要{roles_with(permission)}角色")
        if request.method in csrf.UNSAFE_METHODS and not csrf.same(
            await csrf.submitted(request), current.csrf_token
        ):
            raise Forbidden("请求缺少有效的 CSRF 令牌；请刷新页面后重试")
        return current

    dependency.permission = permission  # type: ignore[attr-defined]  # read by the route tests
    return dependency


Viewer = Annotated[Current, Depends(require(Permission.VIEW))]
Checker = Annotated[Current, Depends(require(Permission.CHECK))]
FundsEditor = Annotated[Current, Depends(require(Permission.FUNDS))]
IndicatorEditor = Annotated[Current, Depends(require(Permission.INDICATORS))]
Reporter = Annotated[Current, Depends(require(Permission.REPORTS))]
ProjectEditor = Annotated[Current, Depends(require(Permission.PROJECTS))]
DeviceEditor = Annotated[Current, Depends(require(Permission.DEVICES))]
MaintenanceEditor = Annotated[Current, Depends(require(Permission.MAINTENANCE))]
ExemptionApprover = Annotated[Current, Depends(require(Permission.EXEMPTIONS))]
RulesEditor = Annotated[Current, Depends(require(Permission.RULES))]
UserAdmin = Annotated[Current, Depends(require(Permission.USERS))]
SettingsAdmin = Annotated[Current, Depends(require(Permission.SETTINGS))]
Auditor = Annotated[Current, Depends(require(Permission.AUDIT))]
SurveyEditor = Annotated[Current, Depends(require(Permission.SURVEYS))]
Restorer = Annotated[Current, Depends(require(Permission.RESTORE))]

# Path numbers bounded to what the store holds: an id beyond SQLite's INTEGER is a 422, not a 500.
Key = Annotated[int, Path(ge=1, le=2**31 - 1)]
Index = Annotated[int, Path(ge=0, le=100_000)]
