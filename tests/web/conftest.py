"""Web app fixtures: an app per test on a temp data directory, a clock the test moves, and a
logged-in client per role (管理员, 财务, 运维, 只读) on the demo store, where the examples are
loaded at first start (the real store never gets them)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pydantic import SecretStr
from starlette.exceptions import StarletteDeprecationWarning

from jixiao.config import Settings
from jixiao.services.web_ports import Role
from jixiao.web.app import create_app

with warnings.catch_warnings():
    # starlette 1.x prefers httpx2 for its test client; httpx still works (pinned dev dependency).
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

ADMIN_PASSWORD = "Admin-pass-1"
PASSWORDS = {
    Role.FINANCE: ("cai", "Caiwu-pass-1"),
    Role.OPERATIONS: ("yun", "Yunwei-pass-1"),
    Role.OWNER: ("he", "Hetong-pass-1"),
    Role.VIEWER: ("du", "Zhidu-pass-1"),
}
START = 1_700_000_000.0  # 2023-11-15 06:13:20 Asia/Shanghai
# argon2id still, at test-sized cost: the real parameters take ~0.2 s per hash.
FAST_HASHER = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))


class FakeClock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "database_url": None,
        "admin_password": SecretStr(ADMIN_PASSWORD),
        "examples_dir": Path(__file__).resolve().parents[2] / "examples",
    }
    return Settings(**(values | overrides))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    for name in ("JIXIAO_DATABASE_URL", "JIXIAO_ADMIN_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    settings = make_settings(tmp_path / "data", demo=True)
    app = settled(create_app(settings, clock=clock, hasher=FAST_HASHER))
    admin = app.state.context.accounts
    with admin.store.write() as repos:
        for role, (name, password) in PASSWORDS.items():
            key = repos.users.add(name, name, role, FAST_HASHER.hash(password), now=int(clock()))
            repos.users.update(key, must_change_password=False)
    return app


def settled(app: FastAPI) -> FastAPI:
    """The app as after the administrator's first login: JIXIAO_ADMIN_PASSWORD is forced to
    change then (tests/web/test_auth.py shows it); the tests go on with it unchanged."""
    with app.state.context.accounts.store.write() as repos:
        found = repos.users.by_name("admin")
        if found is not None:
            repos.users.update(found[0].id, must_change_password=False)
    return app


def client_for(app: FastAPI) -> TestClient:
    return TestClient(app, raise_server_exceptions=False, follow_redirects=False)


def api_login(client: TestClient, username: str, password: str) -> str:
    """Log in through the API; the client keeps the cookie; returns the CSRF token."""
    response = client.post("/api/session", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return token


def page_login(client: TestClient, username: str, password: str) -> None:
    """Log in through the login form, as a browser does (with its CSRF cookie)."""
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token[1], "next": "/"},
    )
    assert response.status_code == 303, response.text


_PENDING_ROW = re.compile(r'<tr id="project-line-\d+"[^>]*hx-get="([^"]+)".*?</tr>', re.S)


def with_rows_scored(client: TestClient, html: str) -> str:
    """A project list as a browser shows it once every row's score has arrived: each
    pending row replaced by what its own request (hx-get, hx-trigger="load") answers."""

    def fetched(match: re.Match[str]) -> str:
        answer = client.get(match.group(1).replace("&amp;", "&"))
        assert answer.status_code == 200, answer.text
        return str(answer.text)

    return _PENDING_ROW.sub(fetched, html)


def csrf_of(client: TestClient) -> str:
    token: str = client.get("/api/session").json()["csrf_token"]
    return token


@pytest.fixture
def clients(app: FastAPI) -> Iterator[dict[Role, TestClient]]:
    """A logged-in client per role (the CSRF header set); the app's lifespan runs around them."""
    logins = {Role.ADMIN: ("admin", ADMIN_PASSWORD), **PASSWORDS}
    out = {}
    with client_for(app) as first:
        for role, (name, password) in logins.items():
            c = first if role is Role.ADMIN else client_for(app)
            api_login(c, name, password)
            out[role] = c
        yield out


@pytest.fixture
def admin(clients: dict[Role, TestClient]) -> TestClient:
    return clients[Role.ADMIN]


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    with client_for(app) as c:
        yield c


def wait_job(client: TestClient, job: dict[str, Any], timeout_s: float = 120) -> dict[str, Any]:
    """Poll /api/jobs/{id} until the job has ended; its last state."""
    import time

    deadline = time.monotonic() + timeout_s
    while job["state"] == "running":
        assert time.monotonic() < deadline, f"job still running: {job}"
        time.sleep(0.05)
        job = client.get(f"/api/jobs/{job['id']}").json()
    return job
