"""级联: a jixiao platform registers to another jixiao platform as its superior, on loopback.

The lower platform has simulated devices; the superior must see the lower platform register,
read its catalog (the lower's devices as channels, with their status) and learn of a device
going offline by NOTIFY — what the city's platform sees of a county.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
from pathlib import Path

from jixiao.adapters.gb28181.simulator import Fleet, FleetConfig, device_id
from tests.conftest import require_program
from tests.integration.gb28181.harness import PASSWORD, run, running, settings, until

LOWER = "34020000002000000002"


def test_a_lower_platform_registers_answers_the_catalog_and_pushes_status(
    tmp_path: Path,
) -> None:
    async def scenario() -> None:
        upper_settings = settings(tmp_path / "upper", sip_password="city-secret-1")
        async with running(upper_settings) as (upper, _):
            superiors = [
                {
                    "id": upper_settings.sip_id,
                    "host": "127.0.0.1",
                    "port": upper.port,
                    "password": "city-secret-1",
                    "interval": 5,
                }
            ]
            lower_settings = settings(
                tmp_path / "lower", sip_id=LOWER, sip_superiors=json.dumps(superiors)
            )
            async with running(lower_settings) as (lower, _):
                fleet = Fleet(
                    FleetConfig(
                        "127.0.0.1", lower.port, 3, password=PASSWORD, interval=1.0, channels=0
                    )
                )
                await fleet.start()
                try:
                    assert await fleet.wait_registered(10)
                    # the superior sees the lower platform online, and its three devices
                    cameras = [device_id(i) for i in range(3)]
                    assert await until(lambda: LOWER in upper.platform.sessions, 10)
                    assert upper.platform.sessions[LOWER].online
                    assert await until(
                        lambda: all(c in upper.platform.channels for c in cameras), 15
                    ), sorted(upper.platform.channels)
                    # the catalog may have been read before all three were stored: asked
                    # again, it lists them online
                    assert await until(
                        lambda: all(upper.platform.channels[c].online for c in cameras), 15
                    )
                    (silent,) = fleet.drop(1 / 3)
                    assert await until(
                        lambda: upper.platform.channels[silent].online is False, 15
                    ), "the superior was not told the device went offline"
                    assert all(upper.platform.channels[c].online for c in cameras[1:])
                    uplink = next(iter(lower.uplinks_by_address.values()))
                    assert uplink.stats["registered"] == 1 and uplink.stats["notifies"] >= 1
                finally:
                    await fleet.stop()
                    await asyncio.sleep(0)

    run(scenario)


SCENARIOS = Path(__file__).resolve().parents[2] / "data" / "gb28181" / "sipp"


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_sipp_superior_verifies_the_digest_and_gets_the_catalog(tmp_path: Path) -> None:
    """SIPp as the superior: it checks jixiao's digest itself, then asks for the catalog; the
    answer must list the lower platform's devices under SumNum."""
    sipp = require_program("sipp", "sip-tester")
    port = _free_udp_port()
    log = tmp_path / "messages.log"
    superior = subprocess.Popen(
        [
            sipp,
            "-sf",
            str(SCENARIOS / "superior.xml"),
            "-i",
            "127.0.0.1",
            "-p",
            str(port),
            "-trace_msg",
            "-message_file",
            str(log),
            "-nostdin",
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def answered() -> bool:
        text = log.read_text(errors="replace") if log.exists() else ""
        return "<CmdType>Catalog</CmdType>" in text and "<Response>" in text

    async def scenario() -> None:
        superiors = [
            {
                "id": "34020000002000000001",
                "host": "127.0.0.1",
                "port": port,
                "password": "city-secret-1",
            }
        ]
        config = settings(tmp_path / "lower", sip_id=LOWER, sip_superiors=json.dumps(superiors))
        async with running(config) as (lower, _):
            fleet = Fleet(FleetConfig("127.0.0.1", lower.port, 2, password=PASSWORD, channels=0))
            await fleet.start()
            try:
                assert await fleet.wait_registered(10)
                await until(answered, 20)
                await asyncio.sleep(0.5)  # the rest of the catalog, if split
            finally:
                await fleet.stop(drain_s=0)

    try:
        run(scenario)
    finally:
        superior.kill()
        output, _ = superior.communicate()
    assert log.exists(), output[-3000:]
    text = log.read_text(errors="replace")
    assert "SIP/2.0 403" not in text, "SIPp refused jixiao's digest"
    assert text.count("SIP/2.0 200 OK") >= 2
    answers = [m for m in text.split("----") if "<Response>" in m and "<CmdType>Catalog" in m]
    assert answers, "no catalog answer reached the superior"
    assert all("<SumNum>2</SumNum>" in m and "<SN>7</SN>" in m for m in answers)
    assert all(device_id(i) in "".join(answers) for i in range(2))
    assert "<CmdType>Keepalive</CmdType>" in text
