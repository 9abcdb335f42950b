"""Every route needs a session (but the login, static files and the OpenAPI document), and
every write endpoint refuses an anonymous or wrong-role request: one row per endpoint."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from jixiao.services.accounts import GRANTS, Permission
from jixiao.services.web_ports import Role

P = Permission
# (method, path, permission): every POST, PUT, PATCH and DELETE route of the app.
WRITES: list[tuple[str, str, Permission]] = [
    ("POST", "/logout", P.VIEW),
    ("POST", "/account/password", P.VIEW),
    ("POST", "/projects/import", P.PROJECTS),
    ("POST", "/projects/new", P.PROJECTS),
    ("POST", "/projects/{key}/settings", P.PROJECTS),
    ("POST", "/projects/{key}/delete", P.PROJECTS),
    ("POST", "/projects/{key}/archive", P.PROJECTS),
    ("POST", "/projects/{key}/restore", P.RESTORE),
    ("POST", "/projects/{key}/indicators/new", P.INDICATORS),
    ("POST", "/projects/{key}/indicators/{index}/move", P.INDICATORS),
    ("POST", "/projects/{key}/indicators/{index}/delete", P.INDICATORS),
    ("POST", "/projects/{key}/indicators/{index}/evidence", P.INDICATORS),
    ("POST", "/projects/{key}/indicators/{index}", P.INDICATORS),
    ("POST", "/projects/{key}/funds", P.FUNDS),
    ("POST", "/projects/{key}/funds/{kind}", P.FUNDS),
    ("POST", "/projects/{key}/funds/{kind}/{index}/delete", P.FUNDS),
    ("POST", "/projects/pdf", P.REPORTS),
    ("POST", "/projects/{key}/pdf", P.REPORTS),
    ("POST", "/devices/import", P.DEVICES),
    ("POST", "/devices/status-import", P.DEVICES),
    ("POST", "/devices/maintenance", P.MAINTENANCE),
    ("POST", "/devices/{device_id}/delete", P.DEVICES),
    ("POST", "/devices/{device_id}/status/delete", P.DEVICES),
    ("POST", "/devices/maintenance/{window_id}/delete", P.MAINTENANCE),
    ("POST", "/devices/maintenance/{window_id}/edit", P.MAINTENANCE),
    ("POST", "/admin/deleted/{deletion_id}/restore", P.RESTORE),
    ("POST", "/tickets/{ticket_id}/exemption", P.MAINTENANCE),
    ("POST", "/tickets/{ticket_id}/approve", P.EXEMPTIONS),
    ("POST", "/tickets/{ticket_id}/withdraw", P.EXEMPTIONS),
    ("POST", "/assessment/rules", P.RULES),
    ("POST", "/checks", P.CHECK),
    ("POST", "/admin/users", P.USERS),
    ("POST", "/admin/users/{user_id}", P.USERS),
    ("POST", "/admin/settings", P.SETTINGS),
    ("POST", "/projects/{key}/documents", P.INDICATORS),
    ("POST", "/surveys/{key}/tokens", P.SURVEYS),
    ("POST", "/surveys/{key}/paper", P.SURVEYS),
    ("DELETE", "/api/session", P.VIEW),
    ("POST", "/api/session/password", P.VIEW),
    ("POST", "/api/projects", P.PROJECTS),
    ("POST", "/api/projects/new", P.PROJECTS),
    ("PATCH", "/api/projects/{key}", P.PROJECTS),
    ("DELETE", "/api/projects/{key}", P.PROJECTS),
    ("POST", "/api/projects/{key}/indicators", P.INDICATORS),
    ("POST", "/api/projects/{key}/indicators/{index}/move", P.INDICATORS),
    ("DELETE", "/api/projects/{key}/indicators/{index}", P.INDICATORS),
    ("PATCH", "/api/projects/{key}/indicators/{index}", P.INDICATORS),
    ("PATCH", "/api/projects/{key}/funds", P.FUNDS),
    ("POST", "/api/projects/{key}/funds/{kind}", P.FUNDS),
    ("DELETE", "/api/projects/{key}/funds/{kind}/{index}", P.FUNDS),
    ("POST", "/api/projects/{key}/documents", P.INDICATORS),
    ("POST", "/api/projects/{key}/reports/pdf", P.REPORTS),
    ("POST", "/api/reports/pdf", P.REPORTS),
    ("POST", "/api/devices/import", P.DEVICES),
    ("POST", "/api/status/import", P.DEVICES),
    ("POST", "/api/maintenance", P.MAINTENANCE),
    ("POST", "/api/checks", P.CHECK),
    ("POST", "/api/users", P.USERS),
    ("PATCH", "/api/users/{user_id}", P.USERS),
    ("PUT", "/api/settings", P.SETTINGS),
]
PUBLIC = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/api/session"),
    ("GET", "/s/{token}"),  # a survey's one-time answer link (its own CSRF and throttle)
    ("POST", "/s/{token}"),
}
PARAMS = {
    "key": "1",
    "index": "0",
    "kind": "allocations",
    "user_id": "1",
    "job_id": "x",
    "ticket_id": "1",
    "device_id": "64032300001320000001",
    "window_id": "1",
    "deletion_id": "1",
}
WRONG_ROLES = [
    (method, path, role)
    for method, path, permission in WRITES
    for role in Role
    if permission not in GRANTS[role]
]


def _url(path: str) -> str:
    return path.format(**PARAMS)


def _routes(app: FastAPI) -> list[tuple[str, str, APIRoute]]:
    """(method, full path, route) of every API route, included routers flattened."""
    out = []
    for route in app.routes:
        # fastapi 0.16x includes routers lazily; their effective routes carry the full path
        found = route.effective_candidates() if hasattr(route, "effective_candidates") else [route]
        for candidate in found:
            original = getattr(candidate, "original_route", candidate)
            if isinstance(original, APIRoute):
                path, methods = getattr(candidate, "path", ""), getattr(candidate, "methods", ())
                out += [(m, str(path), original) for m in sorted(methods)]
    return out


def _permissions(route: APIRoute) -> set[Permission]:
    found, stack = set(), list(route.dependant.dependencies)
    while stack:
        dependant = stack.pop()
        permission = getattr(dependant.call, "permission", None)
        if permission is not None:
            found.add(permission)
        stack.extend(dependant.dependencies)
    return found


def test_the_table_lists_every_write_endpoint_of_the_app(app: FastAPI) -> None:
    writes = {(m, p) for m, p, _ in _routes(app) if m in {"POST", "PUT", "PATCH", "DELETE"}}
    assert writes - PUBLIC == {(m, p) for m, p, _ in WRITES}


def test_every_route_but_the_login_requires_a_session_and_the_tabled_permission(
    app: FastAPI,
) -> None:
    table = {(m, p): permission for m, p, permission in WRITES}
    for method, path, route in _routes(app):
        if (method, path) in PUBLIC or path == "/api/openapi.json":
            continue
        permissions = _permissions(route)
        assert permissions, f"{method} {path} does not require a session"
        if (method, path) in table:
            assert permissions == {table[(method, path)]}, f"{method} {path}: {permissions}"


def _send(client: TestClient, method: str, path: str) -> Any:
    url = _url(path)
    if path.startswith("/api/"):
        return client.request(method, url, json={})
    return client.request(method, url, data={"csrf_token": client.headers.get("X-CSRF-Token", "")})


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in WRITES])
def test_an_anonymous_write_is_refused(anonymous: TestClient, method: str, path: str) -> None:
    response = _send(anonymous, method, path)
    if path.startswith("/api/"):
        assert response.status_code == 401, response.text
        assert response.json()["detail"] == "请先登录"
    else:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")


@pytest.mark.parametrize(("method", "path", "role"), WRONG_ROLES)
def test_a_write_by_a_role_without_the_permission_is_refused(
    clients: dict[Role, TestClient], method: str, path: str, role: Role
) -> None:
    response = _send(clients[role], method, path)
    assert response.status_code == 403, response.text
    assert "权限不足" in response.text


def test_the_table_refuses_each_role_something_but_the_administrator() -> None:
    refused = {role for _, _, role in WRONG_ROLES}
    assert refused == {Role.FINANCE, Role.OPERATIONS, Role.OWNER, Role.VIEWER}
