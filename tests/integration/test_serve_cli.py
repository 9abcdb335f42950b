"""`jixiao serve` and its ports: a port that cannot be used is found before anything is
created (no store, no first administrator whose one-time password nobody could use)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from tests.conftest import Run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_busy_web_port_is_bad_input_and_creates_nothing(jixiao: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = jixiao("serve", "--port", str(port), env={"JIXIAO_DATA_DIR": str(data)})
    assert result.returncode == 2
    assert result.stdout == ""  # above all, no one-time password
    assert result.stderr == (
        f"错误：命令行：--port：网页端无法在 127.0.0.1:{port} 上监听：端口已被占用；"
        "请用 --port 换一个端口，或先停止占用它的程序\n"
    )
    assert not data.exists()


def test_the_web_port_can_come_from_jixiao_port(jixiao: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {"JIXIAO_DATA_DIR": str(data), "JIXIAO_PORT": str(port)}
        result = jixiao("serve", env=env)
    assert result.returncode == 2
    assert f"网页端无法在 127.0.0.1:{port} 上监听：端口已被占用" in result.stderr
    assert not data.exists()


def test_with_sip_required_a_busy_sip_port_is_bad_input_and_creates_nothing(
    jixiao: Run, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        sip_port = taken.getsockname()[1]
        env = {"JIXIAO_DATA_DIR": str(data), "JIXIAO_SIP_PORT": str(sip_port)}
        result = jixiao("serve", "--sip", "--port", str(_free_port()), env=env)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "错误：环境变量 JIXIAO_SIP_HOST/JIXIAO_SIP_PORT：GB/T 28181 接入服务无法在 "
        f"127.0.0.1:{sip_port} 上监听：端口已被占用\n"
    )
    assert not data.exists()


def test_by_default_a_busy_sip_port_is_a_warning_and_the_web_app_runs(tmp_path: Path) -> None:
    port = _free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        sip_port = taken.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")} | {
            "JIXIAO_DATA_DIR": str(tmp_path / "data"),
            "JIXIAO_SIP_PORT": str(sip_port),
            "JIXIAO_ADMIN_PASSWORD": "Admin-pass-1",
            "JIXIAO_LOAD_EXAMPLES": "false",
        }
        warning = (
            f"提示：GB/T 28181 接入服务未能启动（127.0.0.1:{sip_port}：端口已被占用）；"
            "网页端照常运行\n"
        )
        err_lines: list[str] = []
        status = 0
        with subprocess.Popen(
            [sys.executable, "-m", "jixiao", "serve", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        ) as server:
            reader = threading.Thread(target=lambda: err_lines.extend(server.stderr or ()))
            reader.start()
            try:
                deadline = time.monotonic() + 60
                while server.poll() is None and time.monotonic() < deadline:
                    try:
                        url = f"http://127.0.0.1:{port}/login"
                        with urllib.request.urlopen(url, timeout=2) as response:
                            status = response.status
                    except OSError:
                        pass
                    if status == 200 and warning in err_lines:
                        break
                    time.sleep(0.2)
            finally:
                server.terminate()
                server.wait(timeout=30)
                reader.join(timeout=30)
                out = server.stdout.read() if server.stdout else ""
    err = "".join(err_lines)
    assert status == 200 and warning in err_lines, err
    assert f"网页端：http://127.0.0.1:{port}/" in out
    assert "Traceback" not in err


def _serve_once(tmp_path: Path, *options: str) -> tuple[str, str]:
    """`jixiao serve OPTIONS` on tmp_path/data until the login page answers; (its console
    output, the login page)."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")} | {
        "JIXIAO_DATA_DIR": str(tmp_path / "data"),
        "JIXIAO_ADMIN_PASSWORD": "Admin-pass-1",
        "JIXIAO_LOAD_EXAMPLES": "false",  # the demo store's content is tests/web's business
    }
    page = ""
    with subprocess.Popen(
        [sys.executable, "-m", "jixiao", "serve", "--no-sip", "--port", str(port), *options],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    ) as server:
        try:
            deadline = time.monotonic() + 60
            while server.poll() is None and time.monotonic() < deadline and not page:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as r:
                        page = r.read().decode()
                except OSError:
                    time.sleep(0.2)
        finally:
            server.terminate()
            server.wait(timeout=30)
            out = server.stdout.read() if server.stdout else ""
    return out, page


def test_on_an_empty_real_store_make_run_serves_the_demo_store_and_says_so(
    tmp_path: Path,
) -> None:
    """`make run` is `jixiao serve --demo-if-empty`: the real store stays empty, the demo
    store is a data directory of its own, the console says how to start on the real one."""
    out, page = _serve_once(tmp_path, "--demo-if-empty")
    data = tmp_path / "data"
    assert f"演示数据库：{data / 'demo' / 'jixiao.sqlite3'}" in out, out
    assert f"真实数据库 {data / 'jixiao.sqlite3'} 为空" in out
    assert "使用真实数据：jixiao serve（不加 --demo）" in out
    assert "演示数据" in page and 'class="demo-banner"' in page
    assert (data / "demo" / "jixiao.sqlite3").is_file() and (data / "jixiao.sqlite3").is_file()


def test_the_real_store_is_served_without_the_banner_and_names_the_demo(tmp_path: Path) -> None:
    out, page = _serve_once(tmp_path)
    assert "数据库为空：请导入项目文件与点位表" in out and "jixiao serve --demo" in out, out
    assert "演示数据库：" not in out
    assert 'class="demo-banner"' not in page
    assert not (tmp_path / "data" / "demo").exists()
