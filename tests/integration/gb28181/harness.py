"""Running the platform in-process on loopback with a temporary store, for integration tests."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import text

from jixiao import bootstrap
from jixiao.adapters.gb28181.server import SipServer, run_sip_server
from jixiao.config import Settings
from jixiao.services.presence import ListedDevice, device_statuses

T = TypeVar("T")
PASSWORD = "12345678"


def settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "sip_host": "127.0.0.1",
        "sip_port": 0,
        "sip_password": PASSWORD,
        "sip_auto_enrol": True,
        "sip_keepalive_interval": 1,
        "sip_keepalive_count": 3,
    }
    return Settings(**(values | overrides))


@contextlib.asynccontextmanager
async def running(config: Settings) -> AsyncIterator[tuple[SipServer, bootstrap.Services]]:
    """A platform serving on an ephemeral loopback port until the block ends."""
    services = bootstrap.build(config)
    stop = asyncio.Event()
    ready: asyncio.Future[SipServer] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(run_sip_server(config, services.store, stop, ready=ready.set_result))
    try:
        server = await asyncio.wait_for(asyncio.shield(ready), 20)
        yield server, services
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


def run(scenario: Callable[[], Awaitable[T]], timeout: float = 90) -> T:
    async def bounded() -> T:
        return await asyncio.wait_for(scenario(), timeout)

    return asyncio.run(bounded())


def statuses(services: bootstrap.Services) -> dict[str, ListedDevice]:
    now = dt.datetime.now(dt.UTC)
    rows = device_statuses(services.store, now, services.zone)
    return {r.stored.device.device_id.value: r for r in rows}


def causes(services: bootstrap.Services) -> dict[tuple[str, int], int]:
    """(cause, online) -> how many stored status changes."""
    with services.store.engine.connect() as c:
        rows = c.execute(
            text("SELECT cause, online, count(*) FROM status_change GROUP BY cause, online")
        )
        return {(cause, online): n for cause, online, n in rows}


async def until(check: Callable[[], bool], timeout: float, step: float = 0.1) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if check():
            return True
        await asyncio.sleep(step)
    return check()


def start_sip_serve(data: Path, **env: str) -> tuple[subprocess.Popen[str], int]:
    """`jixiao sip serve` as its own process on an ephemeral loopback port, with a store in
    `data`, the test password and auto-enrolment; returns the process and its port once it
    has printed it (warnings may come first)."""
    variables = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")} | {
        "JIXIAO_DATA_DIR": str(data),
        "JIXIAO_SIP_HOST": "127.0.0.1",
        "JIXIAO_SIP_PORT": "0",
        "JIXIAO_SIP_PASSWORD": PASSWORD,
        "JIXIAO_SIP_AUTO_ENROL": "true",
        **env,
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "jixiao", "sip", "serve"],
        env=variables,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert server.stdout is not None
    for _ in range(50):
        line = server.stdout.readline()
        if not line:  # the process ended: say why instead of a bare failure
            server.wait(timeout=30)
            assert server.stderr is not None
            raise AssertionError(f"the platform did not start: {server.stderr.read()[-2000:]}")
        if match := re.search(r":(\d+)（UDP/TCP）", line):
            return server, int(match.group(1))
    server.kill()
    server.communicate()
    raise AssertionError("the platform printed no port line")


def stop_sip_serve(server: subprocess.Popen[str]) -> None:
    """SIGINT, as an operator stops it; killed if it does not end within 30 s."""
    server.send_signal(signal.SIGINT)
    try:
        server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.communicate()
