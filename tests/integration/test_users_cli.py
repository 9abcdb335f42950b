"""`jixiao users list|add|reset-password` as an operator runs them on the server, and what the
web app makes of the result: one-time passwords that log in and must be changed, a reset that
ends the user's sessions and lifts a lockout, audit entries by `cli`."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from fastapi import FastAPI

from jixiao.web.app import create_app
from tests.conftest import Run
from tests.web.conftest import FAST_HASHER, FakeClock, api_login, client_for, make_settings

ONE_TIME = re.compile(r"一次性密码：(\S+)\n")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def run(jixiao: Run, data: Path) -> Run:
    def on_store(*args: str | Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return jixiao(*args, env={"JIXIAO_DATA_DIR": str(data)}, input=input)

    return on_store


def web_app(data: Path) -> FastAPI:
    settings = make_settings(data, load_examples=False)
    return create_app(settings, clock=FakeClock(), hasher=FAST_HASHER)


def test_add_then_list(run: Run) -> None:
    empty = run("users", "list", "--json")
    assert (empty.returncode, empty.stdout) == (0, "[]\n")
    added = run("users", "add", "cai", "--role", "finance", "--display-name", "蔡会计")
    assert added.returncode == 0, added.stderr
    first, second, third = added.stdout.splitlines()
    assert first == "已新建用户 cai（财务）。"
    assert re.fullmatch(r"一次性密码：[A-Za-z0-9_-]{16}", second)
    assert third == "（只显示这一次；首次登录后须修改）"
    chosen = run("users", "add", "du", "--role", "只读", "--password-stdin", input="Zhidu-pass-1\n")
    assert chosen.stdout == "已新建用户 du（只读）。\n首次登录后须修改密码。\n"
    listed = json.loads(run("users", "list", "--json").stdout)
    assert [
        (u["username"], u["display_name"], u["role"], u["role_label"], u["must_change_password"])
        for u in listed
    ] == [("cai", "蔡会计", "finance", "财务", True), ("du", "", "viewer", "只读", True)]
    assert all(u["active"] and u["locked_until"] is None for u in listed)
    table = run("users", "list").stdout
    assert "用户（2个）" in table and "蔡会计" in table and "只读" in table


def test_bad_input_is_refused_in_chinese(run: Run) -> None:
    role = run("users", "add", "cai", "--role", "boss")
    assert role.returncode == 2
    assert role.stderr == (
        "错误：命令行：--role：角色“boss”应为以下之一：admin（管理员）、finance（财务）、"
        "operations（运维）、owner（合同负责人）、viewer（只读）\n"
    )
    missing = run("users", "add", "cai")
    assert missing.returncode == 2 and "缺少选项 --role" in missing.stderr
    weak = run("users", "add", "cai", "--role", "finance", "--password-stdin", input="short\n")
    assert weak.returncode == 2
    assert weak.stderr == "错误：密码至少8位，且包含字母、数字、符号中的至少两类\n"
    assert run("users", "add", "cai", "--role", "finance").returncode == 0
    twice = run("users", "add", "cai", "--role", "viewer")
    assert (twice.returncode, twice.stderr) == (2, "错误：用户名“cai”已存在\n")
    nobody = run("users", "reset-password", "nobody")
    assert (nobody.returncode, nobody.stderr, nobody.stdout) == (2, "错误：没有用户“nobody”\n", "")


def test_a_generated_password_logs_in_and_must_be_changed(run: Run, data: Path) -> None:
    added = run("users", "add", "yun", "--role", "operations")
    password = ONE_TIME.search(added.stdout)
    assert password is not None, added.stdout
    with client_for(web_app(data)) as c:
        api_login(c, "yun", password[1])
        assert c.get("/api/devices").status_code == 403  # the password must be changed first
        changed = c.post(
            "/api/session/password", json={"old_password": password[1], "password": "Yunwei-2024"}
        )
        assert changed.status_code == 204
        assert c.get("/api/devices").status_code == 200


def test_reset_password_ends_sessions_lifts_the_lockout_and_forces_a_change(
    run: Run, data: Path
) -> None:
    added = run("users", "add", "cai", "--role", "finance", "--password-stdin", input="Caiwu-1x\n")
    assert added.returncode == 0, added.stderr
    app = web_app(data)
    with client_for(app) as before, client_for(app) as attacker, client_for(app) as after:
        api_login(before, "cai", "Caiwu-1x")
        assert (
            before.post(
                "/api/session/password",
                json={"old_password": "Caiwu-1x", "password": "Caiwu-pass-2"},
            ).status_code
            == 204
        )
        assert before.get("/api/projects").status_code == 200
        for _ in range(5):  # JIXIAO_LOGIN_MAX_FAILURES wrong passwords lock the account
            attacker.post("/api/session", json={"username": "cai", "password": "wrong-1"})
        locked = after.post("/api/session", json={"username": "cai", "password": "Caiwu-pass-2"})
        assert locked.status_code == 401 and "锁定" in locked.json()["detail"]

        reset = run("users", "reset-password", "cai")
        assert reset.returncode == 0, reset.stderr
        password = ONE_TIME.search(reset.stdout)
        assert password is not None and reset.stdout.startswith("已重置用户 cai 的密码")
        assert before.get("/api/session").status_code == 401  # its session was ended
        old = after.post("/api/session", json={"username": "cai", "password": "Caiwu-pass-2"})
        # not locked any more: a wrong password is one failure again, not a lockout
        assert old.status_code == 401
        listed = json.loads(run("users", "list", "--json").stdout)
        assert [u["locked_until"] for u in listed if u["username"] == "cai"] == [None]
        api_login(after, "cai", password[1])
        assert after.get("/").headers["location"] == "/account/password"
        assert after.get("/api/projects").status_code == 403

    with app.state.context.store.read() as repos:
        entries, total = repos.audit.page(limit=10, username="cli")
    assert total == 2
    assert [(e.action, e.entity, e.target) for e in reversed(entries)] == [
        ("create", "user", "cai"),
        ("update", "user", "cai"),
    ]
    assert '"密码": "已重置"' in (entries[0].after or "")
    assert password[1] not in (entries[0].after or "")
