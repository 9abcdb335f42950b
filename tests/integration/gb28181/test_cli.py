"""`jixiao sip serve`, `jixiao simulate devices` and `jixiao devices list` as a user runs them."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import Run


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")}
    return env | {
        "JIXIAO_DATA_DIR": str(tmp_path / "data"),
        "JIXIAO_SIP_PORT": "0",
        "JIXIAO_SIP_PASSWORD": "12345678",
        "JIXIAO_SIP_AUTO_ENROL": "true",
        # 5 s × 3: a loaded machine shutting the server down slowly must not see a lapse
        "JIXIAO_SIP_KEEPALIVE_INTERVAL": "5",
    }


def test_serve_simulate_and_list(tmp_path: Path, jixiao: Run) -> None:
    env = _env(tmp_path)
    server = subprocess.Popen(
        [sys.executable, "-m", "jixiao", "sip", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        match = re.search(r"127\.0\.0\.1:(\d+)（UDP/TCP）", line)
        assert match, line + (
            server.stderr.read() if server.poll() is not None and server.stderr else ""
        )
        port = match.group(1)
        simulated = subprocess.run(
            [
                sys.executable,
                "-m",
                "jixiao",
                "simulate",
                "devices",
                "5",
                "--platform",
                f"127.0.0.1:{port}",
                "--interval",
                "0.5",
                "--duration",
                "4",
                "--json",
            ],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
        assert simulated.returncode == 0, simulated.stderr
        stats = json.loads(simulated.stdout)
        assert stats["registered"] == 5 and stats["keepalive_rejected"] == 0
        assert stats["keepalive_ok"] == stats["keepalives"] > 0
        time.sleep(1.5)  # one more flush of last-seen times
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert "平台已停止" in out
    listed = json.loads(
        jixiao("devices", "list", "--json", env={"JIXIAO_DATA_DIR": str(tmp_path / "data")}).stdout
    )
    assert len(listed) == 15  # 5 NVRs and their 10 channels
    nvrs = [d for d in listed if d["kind"] == "nvr"]
    assert len(nvrs) == 5
    assert {d["status"] for d in listed} == {"online"}
    assert all(d["last_seen"] for d in nvrs)
    assert {"device_id", "name", "kind", "status", "last_seen"} <= set(listed[0])
    table = jixiao("devices", "list", env={"JIXIAO_DATA_DIR": str(tmp_path / "data")})
    assert "在线" in table.stdout and "最后心跳" in table.stdout
    events = jixiao("sip", "events", "--json", env={"JIXIAO_DATA_DIR": str(tmp_path / "data")})
    published = json.loads(events.stdout)
    assert published["counts"] == {} and published["tcp_connections"] == 0  # honest devices


def test_sip_events_shows_what_the_platform_refused(tmp_path: Path, jixiao: Run) -> None:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data"), "JIXIAO_TIMEZONE": "Asia/Shanghai"}
    nothing = jixiao("sip", "events", env=env)
    assert nothing.returncode == 0 and "尚无安全事件记录" in nothing.stdout
    (tmp_path / "data").mkdir()
    snapshot = {
        "updated": 1_780_000_000.0,
        "counts": {"other-source-message": 3, "wrong-password": 12},
        "tcp_connections": 7,
        "recent": [
            {
                "at": 1_780_000_000.0,
                "kind": "other-source-message",
                "device_id": "34020000001180000001",
                "source": "udp:10.0.0.9:5061",
            }
        ],
    }
    (tmp_path / "data" / "sip-events.json").write_text(json.dumps(snapshot), encoding="utf-8")
    shown = jixiao("sip", "events", env=env).stdout.splitlines()
    assert shown[0] == "更新于 2026-05-29 04:26:40；当前 TCP 连接 7 个"
    assert shown[1] == "      12  注册密码错误（wrong-password）"
    assert shown[2].strip() == "3  心跳/目录/应答来自非注册来源，已拒绝（other-source-message）"
    assert (
        shown[3]
        == "  04:26:40 other-source-message 设备34020000001180000001 来源 udp:10.0.0.9:5061"
    )
    assert json.loads(jixiao("sip", "events", "--json", env=env).stdout) == snapshot


def test_bad_platform_address_is_refused(jixiao: Run) -> None:
    result = jixiao("simulate", "devices", "1", "--platform", "nowhere")
    assert result.returncode == 2
    assert "主机:端口" in result.stderr


def test_a_bad_sip_id_is_refused_before_serving(tmp_path: Path, jixiao: Run) -> None:
    result = jixiao("sip", "serve", env={"JIXIAO_DATA_DIR": str(tmp_path), "JIXIAO_SIP_ID": "123"})
    assert result.returncode == 2
    assert "JIXIAO_SIP_ID" in result.stderr


def test_a_device_gets_its_own_password(tmp_path: Path, jixiao: Run) -> None:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data")}
    unknown = jixiao("sip", "password", "34020000001180000001", "--password", "x", env=env)
    assert unknown.returncode == 2 and "不在设备清单中" in unknown.stderr
    table = tmp_path / "devices.csv"
    table.write_text("设备编码,名称\n34020000001180000001,城关NVR\n", encoding="utf-8")
    assert jixiao("devices", "import", table, env=env).returncode == 0
    done = jixiao("sip", "password", "34020000001180000001", "--password", "s3cret", env=env)
    assert (
        done.returncode == 0 and done.stdout.strip() == "已设置设备34020000001180000001的注册密码。"
    )
    cleared = jixiao("sip", "password", "34020000001180000001", "--clear", env=env)
    assert cleared.stdout.strip() == "已删除设备34020000001180000001的注册密码。"


def test_a_taken_port_is_reported_in_chinese(tmp_path: Path, jixiao: Run) -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = str(taken.getsockname()[1])
        result = jixiao(
            "sip", "serve", env={"JIXIAO_DATA_DIR": str(tmp_path), "JIXIAO_SIP_PORT": port}
        )
    assert result.returncode == 2
    assert f"无法在 127.0.0.1:{port} 上监听" in result.stderr


def test_every_device_can_get_its_own_generated_password(tmp_path: Path, jixiao: Run) -> None:
    """`sip passwords -o FILE`: one random password per registering device, written once to a
    file only its owner reads; the device then registers with it, not with the shared one."""
    import asyncio
    import csv
    import stat

    from jixiao.adapters.gb28181.simulator import Fleet, FleetConfig, device_id
    from tests.integration.gb28181.harness import run, running, settings

    config = settings(tmp_path, sip_auto_enrol=False)
    env = {"JIXIAO_DATA_DIR": str(config.data_dir)}
    first, second = device_id(0), device_id(1)
    table = tmp_path / "devices.csv"
    table.write_text(f"设备编码,名称\n{first},城关NVR\n{second},河西NVR\n", encoding="utf-8")
    assert jixiao("devices", "import", table, env=env).returncode == 0
    assert jixiao("sip", "password", second, "--password", "own-one-1", env=env).returncode == 0
    out = tmp_path / "passwords.csv"
    done = jixiao("sip", "passwords", "-o", out, env=env)
    assert done.returncode == 0 and "已为1台设备生成" in done.stdout, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["设备编码", "注册密码"] and [r[0] for r in rows[1:]] == [first]
    secret = rows[1][1]
    assert len(secret) == 16 and secret.isalnum()
    again = jixiao("sip", "passwords", "-o", out, env=env)
    assert again.returncode == 2 and "文件已存在" in again.stderr
    every = jixiao("sip", "passwords", "-o", tmp_path / "all.csv", "--replace", env=env)
    assert "已为2台设备生成" in every.stdout
    replaced = (tmp_path / "all.csv").read_text(encoding="utf-8-sig").splitlines()
    secret = next(r[1] for r in csv.reader(replaced) if r[0] == first)

    async def scenario() -> tuple[int, int]:
        async with running(config) as (server, _):
            shared = Fleet(
                FleetConfig("127.0.0.1", server.port, 1, password="12345678", channels=0)
            )
            own = Fleet(FleetConfig("127.0.0.1", server.port, 1, password=secret, channels=0))
            await shared.start()
            await own.start()
            try:
                await own.wait_registered(10)
                await asyncio.sleep(0.5)
                return own.stats.registered, shared.stats.registered
            finally:
                await own.stop(drain_s=0)
                await shared.stop(drain_s=0)

    assert run(scenario) == (1, 0)
