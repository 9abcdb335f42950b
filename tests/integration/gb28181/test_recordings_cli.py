"""`jixiao recordings scan|report` end to end: `jixiao sip serve` in its own process, a
simulated NVR with two channels registered to it, the scan asked for from the command line."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from jixiao.adapters.gb28181.simulator import Fleet, FleetConfig, channel_id
from tests.conftest import Run
from tests.integration.gb28181.harness import start_sip_serve, stop_sip_serve

PASSWORD = "12345678"
H = 3600


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """`jixiao sip serve` on an ephemeral loopback port; yields (port, data dir)."""
    data = tmp_path / "data"
    server, port = start_sip_serve(data)
    try:
        yield port, data
    finally:
        stop_sip_serve(server)


def _fleet_in_background(port: int, stop: threading.Event) -> threading.Thread:
    config = FleetConfig(
        "127.0.0.1",
        port,
        1,
        password=PASSWORD,
        channels=2,
        record_gaps_of={channel_id(0, 0, 2): ((H, 2 * H),)},
    )

    async def main() -> None:
        fleet = Fleet(config)
        await fleet.start()
        while not stop.is_set():
            await asyncio.sleep(0.1)
        await fleet.stop(drain_s=0.1)

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    return thread


def test_scan_from_the_command_line_and_the_monthly_report(
    platform: tuple[int, Path], jixiao: Run, tmp_path: Path
) -> None:
    port, data = platform
    env = {"JIXIAO_DATA_DIR": str(data)}
    stop = threading.Event()
    thread = _fleet_in_background(port, stop)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            listed = json.loads(jixiao("devices", "list", "--json", env=env).stdout or "[]")
            if len(listed) == 3 and (data / "sip-events.json").exists():
                break
            time.sleep(0.3)
        day = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date() - dt.timedelta(days=1)
        scanned = jixiao("recordings", "scan", "--json", "--timeout", "60", env=env)
        assert scanned.returncode == 0, scanned.stderr
        result = json.loads(scanned.stdout)
        # channel 1 misses 01:00–02:00: 47 h of 48 recorded = 97.916…% → 97.91%
        assert (result["day"], result["channels"], result["answered"]) == (day.isoformat(), 2, 2)
        assert result["recording_rate"] == "97.91%"
        assert result["storage_compliance"] == "100%"  # the simulator keeps 90 days
        month = f"{day:%Y-%m}"
        out = tmp_path / "out"
        written = jixiao("recordings", "report", "--month", month, "-o", out, "--json", env=env)
        assert written.returncode == 0, written.stderr
        report = json.loads(written.stdout)
        assert report["total"]["recorded_seconds"] == 47 * H
        assert report["total"]["expected_seconds"] == 48 * H
        assert sorted(p.name for p in out.iterdir()) == [
            f"录像巡检报告-{month}.docx",
            f"录像巡检报告-{month}.xlsx",
        ]
    finally:
        stop.set()
        thread.join(timeout=10)


def test_scan_without_a_running_platform_says_so(jixiao: Run, tmp_path: Path) -> None:
    result = jixiao("recordings", "scan", env={"JIXIAO_DATA_DIR": str(tmp_path / "d")})
    assert result.returncode == 1
    assert "国标平台没有在运行" in result.stderr
    bad = jixiao(
        "recordings", "report", "--month", "2026-13", env={"JIXIAO_DATA_DIR": str(tmp_path / "d")}
    )
    assert bad.returncode == 2 and "无法识别的月份“2026-13”" in bad.stderr
