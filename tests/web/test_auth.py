"""Logging in and staying logged in: argon2 hashes, server-side sessions with idle and
absolute timeouts (on an injected clock), lockout after wrong passwords, one-time passwords."""

from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Table, select

from jixiao.adapters.db import tables as t
from jixiao.services.accounts import Hasher
from jixiao.services.web_errors import Refused
from jixiao.services.web_ports import Role
from jixiao.web.app import create_app
from tests.web.conftest import (
    ADMIN_PASSWORD,
    FAST_HASHER,
    FakeClock,
    api_login,
    client_for,
    make_settings,
    page_login,
)


class SlowHasher:
    def __init__(self, hasher: Hasher) -> None:
        self._hasher = hasher

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password: str, hash: str) -> bool:
        time.sleep(0.05)
        return self._hasher.verify(password, hash)


REFUSED = "用户名或密码错误（连续错误5次账号将锁定15分钟，锁定期间无法登录）"


def _rows(app: FastAPI, table: Table) -> list[dict[str, object]]:
    with app.state.context.store.read() as repos:
        return [dict(r._mapping) for r in repos.users._c.execute(select(table))]


def test_a_page_without_a_session_sends_the_browser_to_the_login_page(
    anonymous: TestClient,
) -> None:
    response = anonymous.get("/devices?group=地网")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/devices%3Fgroup%3D%E5%9C%B0%E7%BD%91"
    assert anonymous.get("/api/devices").status_code == 401


def test_logging_in_sets_an_httponly_lax_cookie_whose_token_is_stored_only_hashed(
    app: FastAPI, anonymous: TestClient
) -> None:
    page_login(anonymous, "admin", ADMIN_PASSWORD)
    cookie = next(c for c in anonymous.cookies.jar if c.name == "jixiao_session")
    assert len(cookie.value) >= 43  # 32 random bytes, urlsafe base64
    login = anonymous.post(
        "/api/session", json={"username": "admin", "password": ADMIN_PASSWORD}
    ).headers["set-cookie"]
    assert "HttpOnly" in login and "SameSite=lax" in login and "Path=/" in login
    stored = {r["token_hash"] for r in _rows(app, t.app_session)}
    assert hashlib.sha256(cookie.value.encode()).hexdigest() in stored
    assert cookie.value not in stored
    assert anonymous.get("/").status_code == 200


def test_passwords_are_stored_as_argon2id_hashes(app: FastAPI) -> None:
    hashes = [r["password_hash"] for r in _rows(app, t.app_user)]
    assert hashes and all(str(h).startswith("$argon2id$") for h in hashes)


def test_the_login_form_refuses_a_post_without_its_csrf_cookie(anonymous: TestClient) -> None:
    response = anonymous.post(
        "/login", data={"username": "admin", "password": ADMIN_PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 400
    assert "登录页面已过期" in response.text
    assert "jixiao_session" not in anonymous.cookies


def test_the_api_login_takes_json_only(anonymous: TestClient) -> None:
    response = anonymous.post(
        "/api/session", data={"username": "admin", "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 422
    assert "jixiao_session" not in anonymous.cookies


def test_wrong_passwords_lock_the_account_until_the_lockout_ends(
    app: FastAPI, anonymous: TestClient, clock: FakeClock
) -> None:
    for _ in range(5):
        response = anonymous.post("/api/session", json={"username": "cai", "password": "x"})
        assert response.status_code == 401
        assert response.json()["detail"] == REFUSED
    right = anonymous.post("/api/session", json={"username": "cai", "password": "Caiwu-pass-1"})
    assert right.status_code == 401 and right.json()["detail"] == REFUSED
    clock.advance(15 * 60 + 1)
    api_login(anonymous, "cai", "Caiwu-pass-1")
    with client_for(app) as admin:
        api_login(admin, "admin", ADMIN_PASSWORD)
        entries = admin.get("/api/audit", params={"entity": "user"}).json()["entries"]
    assert any(e["action"] == "lock" and e["target"] == "cai" for e in entries)


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(anonymous: TestClient) -> None:
    response = anonymous.post("/api/session", json={"username": "nobody", "password": "x"})
    assert response.status_code == 401
    assert response.json()["detail"] == REFUSED


def test_sixty_parallel_guesses_lock_after_five_and_the_right_one_is_refused(
    app: FastAPI, anonymous: TestClient
) -> None:
    """59 wrong guesses at once, then the right password: before the count was updated
    under one lock, the guesses each counted from the same stale count, the account was
    never locked and the 60th logged in."""
    barrier = threading.Barrier(59)

    def guess(number: int) -> int:
        barrier.wait()
        wrong = {"username": "cai", "password": f"wrong-{number}"}
        return int(anonymous.post("/api/session", json=wrong).status_code)

    accounts = app.state.context.accounts
    accounts.hasher = SlowHasher(accounts.hasher)  # as argon2: the guesses verify together
    with ThreadPoolExecutor(59) as pool:
        codes = list(pool.map(guess, range(59)))
    right = anonymous.post("/api/session", json={"username": "cai", "password": "Caiwu-pass-1"})
    assert codes == [401] * 59 and right.status_code == 401
    with accounts.store.read() as repos:
        found = repos.users.by_name("cai")
        entries, _ = repos.audit.page(limit=100)
    assert found is not None and found[0].locked_until is not None
    assert [e.action for e in entries if e.target == "cai"] == ["lock"]  # after the fifth


def test_one_address_failing_too_often_is_refused_before_verifying(
    anonymous: TestClient,
) -> None:
    for number in range(20):
        anonymous.post("/api/session", json={"username": f"u{number}", "password": "x"})
    right = anonymous.post("/api/session", json={"username": "cai", "password": "Caiwu-pass-1"})
    assert right.status_code == 401 and "此地址登录失败次数过多" in right.json()["detail"]


def test_a_bootstrap_password_against_the_policy_is_refused(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", admin_password="short", load_examples=False)
    with pytest.raises(Refused, match="JIXIAO_ADMIN_PASSWORD 不符合密码规则"):
        create_app(settings, hasher=FAST_HASHER)


def test_the_bootstrap_password_must_be_changed_at_first_login(
    tmp_path: Path, clock: FakeClock
) -> None:
    settings = make_settings(tmp_path / "data", load_examples=False)
    app = create_app(settings, clock=clock, hasher=FAST_HASHER)
    with client_for(app) as c:
        page_login(c, "admin", ADMIN_PASSWORD)
        assert c.get("/").headers["location"] == "/account/password"


def test_a_session_unused_for_the_idle_timeout_ends(admin: TestClient, clock: FakeClock) -> None:
    assert admin.get("/api/session").status_code == 200
    clock.advance(29 * 60)
    assert admin.get("/api/session").status_code == 200  # used: the idle time starts again
    clock.advance(29 * 60)
    assert admin.get("/api/session").status_code == 200
    clock.advance(30 * 60 + 1)
    assert admin.get("/api/session").status_code == 401
    assert admin.get("/").headers["location"] == "/login"


def test_a_session_ends_after_the_absolute_timeout_even_when_used(
    admin: TestClient, clock: FakeClock
) -> None:
    for _ in range(12 * 3):
        clock.advance(20 * 60)
        admin.get("/api/session")
    clock.advance(60)
    assert admin.get("/api/session").status_code == 401


def test_logging_out_ends_the_session_on_the_server(app: FastAPI, admin: TestClient) -> None:
    cookie = admin.cookies["jixiao_session"]
    assert admin.delete("/api/session").status_code == 204
    with client_for(app) as replay:
        replay.cookies.set("jixiao_session", cookie)
        assert replay.get("/api/session").status_code == 401


def test_a_one_time_admin_password_must_be_changed_first(tmp_path: Path, clock: FakeClock) -> None:
    settings = make_settings(tmp_path / "data", admin_password=None, load_examples=False)
    app = create_app(settings, clock=clock, hasher=FAST_HASHER)
    password = app.state.context.first_start.one_time_password
    assert password and len(password) >= 12
    with client_for(app) as c:
        page_login(c, "admin", password)
        assert c.get("/").headers["location"] == "/account/password"
        token = c.get("/api/session").json()["csrf_token"]
        c.headers["X-CSRF-Token"] = token
        assert c.get("/api/projects").status_code == 403
        short = c.post("/api/session/password", json={"old_password": password, "password": "abc"})
        assert short.status_code == 400 and "至少8位" in short.json()["detail"]
        changed = c.post(
            "/api/session/password", json={"old_password": password, "password": "New-pass-2024"}
        )
        assert changed.status_code == 204
        assert c.get("/api/projects").status_code == 200
    again = create_app(settings, clock=clock, hasher=FAST_HASHER)
    assert again.state.context.first_start.one_time_password is None


def test_disabling_a_user_ends_their_sessions(
    clients: dict[Role, TestClient], admin: TestClient
) -> None:
    viewer = clients[Role.VIEWER]
    users = {u["username"]: u["id"] for u in admin.get("/api/users").json()}
    assert admin.patch(f"/api/users/{users['du']}", json={"active": False}).status_code == 200
    assert viewer.get("/api/session").status_code == 401
    refused = viewer.post("/api/session", json={"username": "du", "password": "Zhidu-pass-1"})
    assert refused.status_code == 401 and "停用" in refused.json()["detail"]


def test_an_administrator_cannot_demote_or_disable_themselves(admin: TestClient) -> None:
    me = admin.get("/api/session").json()["user"]["id"]
    response = admin.patch(f"/api/users/{me}", json={"role": "viewer"})
    assert response.status_code == 400 and "不能停用自己" in response.json()["detail"]
