"""Bad JIXIAO_* settings and an unreachable store, as an operator meets them: every command
answers in Chinese naming the variable, with no traceback; bad settings are bad input (exit
2), a store that cannot be reached is not (exit 1)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from jixiao.config import Settings
from tests.conftest import Run

COUNT_LINE = "错误：环境变量 JIXIAO_SIP_KEEPALIVE_COUNT：“abc”不是整数；应为1到100的整数\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    "command",
    [
        ["simulate", "devices", "1", "--duration", "1"],
        ["serve", "--no-sip", "--port", "{port}"],
        ["sip", "serve"],
        ["db", "upgrade"],
        ["devices", "list"],
        ["users", "list"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_a_bad_setting_is_one_chinese_line_naming_the_variable(
    command: list[str], jixiao: Run, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    args = [a.replace("{port}", str(_free_port())) for a in command]
    env = {"JIXIAO_DATA_DIR": str(data), "JIXIAO_SIP_KEEPALIVE_COUNT": "abc"}
    result = jixiao(*args, env=env)
    assert (result.returncode, result.stderr, result.stdout) == (2, COUNT_LINE, "")
    assert not data.exists()


def test_every_kind_of_bad_setting_is_reported_at_once(jixiao: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {
        "JIXIAO_DATA_DIR": str(data),
        "JIXIAO_TIMEZONE": "Beijing",
        "JIXIAO_SESSION_IDLE_MINUTES": "0",
        "JIXIAO_UPLOAD_MAX_MB": "",
        "JIXIAO_COOKIE_SECURE": "maybe",
        "JIXIAO_SIP_PORT": "70000",
        "JIXIAO_DATA_DIRS": "/srv/jixiao",
    }
    result = jixiao("db", "upgrade", env=env)
    assert result.returncode == 2 and result.stdout == "" and not data.exists()
    names = "、".join(f"JIXIAO_{name.upper()}" for name in Settings.model_fields)
    assert names.startswith("JIXIAO_DATA_DIR、JIXIAO_DATABASE_URL、JIXIAO_TIMEZONE、")
    assert result.stderr.splitlines() == [
        "错误：环境变量 JIXIAO_TIMEZONE：未知的时区“Beijing”；应为 IANA 时区名，如 Asia/Shanghai",
        "错误：环境变量 JIXIAO_SESSION_IDLE_MINUTES：“0”小于1；应为1到1440的整数",
        "错误：环境变量 JIXIAO_UPLOAD_MAX_MB：为空；应为1到200的整数",
        "错误：环境变量 JIXIAO_COOKIE_SECURE：“maybe”不是是/否值；"
        "应为 true 或 false（也可写 1/0、yes/no、on/off）",
        "错误：环境变量 JIXIAO_SIP_PORT：“70000”大于65535；应为0到65535的整数",
        "错误：环境变量 JIXIAO_DATA_DIRS：没有这个设置（是否想用 JIXIAO_DATA_DIR？）；"
        f"可用的环境变量：{names}",
    ]


def test_a_database_url_of_no_known_driver_is_refused_without_its_password(
    jixiao: Run,
) -> None:
    result = jixiao("db", "upgrade", env={"JIXIAO_DATABASE_URL": "mysql://jx:s3cret@db/jixiao"})
    assert result.returncode == 2
    assert result.stderr == (
        "错误：环境变量 JIXIAO_DATABASE_URL：数据库地址“mysql://jx:***@db/jixiao”应为 "
        "sqlite:///路径 或 postgresql+psycopg://用户:密码@主机/库名\n"
    )


@pytest.mark.parametrize("command", [["db", "upgrade"], ["users", "list"]], ids=" ".join)
def test_a_postgresql_store_nobody_listens_on_is_unavailable_not_bad_input(
    command: list[str], jixiao: Run
) -> None:
    url = "postgresql+psycopg://jixiao:s3cret@127.0.0.1:1/jixiao"
    result = jixiao(*command, env={"JIXIAO_DATABASE_URL": url})
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(
        "错误：证据库不可用：postgresql+psycopg://jixiao:***@127.0.0.1:1/jixiao：connection failed"
    )
    assert result.stderr.endswith(
        "；请检查 JIXIAO_DATABASE_URL，以及数据库服务是否在运行、能否从本机连接\n"
    )
    assert "s3cret" not in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_serve_on_an_unreachable_store_is_unavailable(jixiao: Run) -> None:
    url = "postgresql+psycopg://jixiao@127.0.0.1:1/jixiao"
    port = str(_free_port())
    result = jixiao("serve", "--no-sip", "--port", port, env={"JIXIAO_DATABASE_URL": url})
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("错误：证据库不可用：") and "Traceback" not in result.stderr


def test_a_data_directory_that_cannot_be_created_is_unavailable(
    jixiao: Run, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    result = jixiao("devices", "list", env={"JIXIAO_DATA_DIR": str(blocker / "data")})
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"错误：证据库不可用：sqlite:///{blocker.as_posix()}/data/jixiao.sqlite3："
        f"无法创建目录 {blocker.as_posix()}/data（Not a directory）；"
        "请检查 JIXIAO_DATA_DIR 或 JIXIAO_DATABASE_URL，以及该目录能否创建、写入\n"
    )
