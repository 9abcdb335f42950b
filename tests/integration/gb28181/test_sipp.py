"""A real, independent SIP peer: SIPp scenarios (tests/data/gb28181/sipp/) against `jixiao sip serve`.

SIPp is Debian's sip-tester (`make test` installs it). Without it these tests fail in CI and
are skipped elsewhere.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Run, require_program
from tests.integration.gb28181.harness import start_sip_serve, stop_sip_serve

SCENARIOS = Path(__file__).resolve().parents[2] / "data" / "gb28181" / "sipp"
PASSWORD = "12345678"
PLATFORM = "34020000002000000001"
DEVICE = "34020000001180000001"


@pytest.fixture(scope="module")
def sipp() -> str:
    return require_program("sipp", "sip-tester")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """`jixiao sip serve` on an ephemeral loopback port; yields (port, data dir)."""
    data = tmp_path / "data"
    server, port = start_sip_serve(data)
    try:
        yield port, data
    finally:
        stop_sip_serve(server)


def run_sipp(
    sipp: str,
    port: int,
    scenario: str,
    device: str,
    tmp_path: Path,
    transport: str = "u1",
    calls: int = 1,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sipp,
            f"127.0.0.1:{port}",
            "-t",
            transport,
            "-sf",
            str(SCENARIOS / f"{scenario}.xml"),
            "-oocsf",
            str(SCENARIOS / "answer_all.xml"),
            "-s",
            device,
            "-au",
            device,
            "-ap",
            PASSWORD,
            "-key",
            "platform",
            PLATFORM,
            "-key",
            "realm",
            PLATFORM[:10],
            "-key",
            "service_prefix",
            device[:10],
            "-m",
            str(calls),
            "-i",
            "127.0.0.1",
            "-p",
            str(_free_port()),
            "-timeout",
            "20s",
            "-timeout_error",
            "-nostdin",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def listed(
    jixiao: Run, data: Path, ready: Callable[[dict[str, dict[str, object]]], bool]
) -> dict[str, dict[str, object]]:
    """`devices list --json` by id, polled until `ready` (the platform writes every second)."""
    deadline = time.monotonic() + 10
    while True:
        result = jixiao("devices", "list", "--json", env={"JIXIAO_DATA_DIR": str(data)})
        found = {d["device_id"]: d for d in json.loads(result.stdout or "[]")}
        if ready(found) or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


@pytest.mark.parametrize("transport", ["u1", "t1"])
def test_register_with_digest(
    sipp: str, platform: tuple[int, Path], tmp_path: Path, jixiao: Run, transport: str
) -> None:
    port, data = platform
    result = run_sipp(
        sipp, port, "register_digest", "34020000001180000001", tmp_path, transport, calls=3
    )
    assert result.returncode == 0, result.stdout[-2000:]
    # over TCP the device is offline once SIPp closes its connection (GB/T 28181-2022 §9.1)
    wanted = "online" if transport == "u1" else "offline"
    found = listed(jixiao, data, lambda f: f.get(DEVICE, {}).get("status") == wanted)
    assert found[DEVICE]["status"] == wanted


def test_keepalives_are_answered(
    sipp: str, platform: tuple[int, Path], tmp_path: Path, jixiao: Run
) -> None:
    port, _data = platform
    result = run_sipp(sipp, port, "keepalive", "34020000001180000002", tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]


def test_a_catalog_split_over_three_messages_is_assembled(
    sipp: str, platform: tuple[int, Path], tmp_path: Path, jixiao: Run
) -> None:
    port, data = platform
    device = "34020000001180000003"
    result = run_sipp(sipp, port, "catalog_split", device, tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    found = listed(jixiao, data, lambda f: len(f) == 4)
    channels = {k: v for k, v in found.items() if k.startswith("3402000000131")}
    assert {k[-1]: v["status"] for k, v in channels.items()} == {
        "1": "online",
        "2": "online",
        "3": "offline",
    }
    assert {v["name"] for v in channels.values()} == {
        "SIPp channel 1",
        "SIPp channel 2",
        "SIPp channel 3",
    }


@pytest.mark.parametrize("transport", ["u1", "t1"])
def test_malformed_traffic_is_survived(
    sipp: str, platform: tuple[int, Path], tmp_path: Path, jixiao: Run, transport: str
) -> None:
    port, data = platform
    result = run_sipp(sipp, port, "malformed", "34020000001180000004", tmp_path, transport)
    assert result.returncode == 0, result.stdout[-2000:]
    found = listed(jixiao, data, lambda f: len(f) > 0)
    assert list(found) == ["34020000001180000004"]  # the invalid id was not enrolled
