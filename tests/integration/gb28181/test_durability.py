"""kill -9 of `jixiao sip serve`: what it acknowledged is stored, and offline times stay true.

A real platform process on loopback, the simulated fleet as its devices, SIGKILL at the worst
moment (right after the last 200 OK; while keepalives flow), then the SQLite store read back.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao.adapters.gb28181.simulator import Fleet, FleetConfig
from tests.integration.gb28181.harness import PASSWORD, start_sip_serve

INTERVAL, COUNT = 2, 3  # keepalive every 2 s, offline after 3 missed


def _start(data: Path) -> tuple[subprocess.Popen[str], int]:
    return start_sip_serve(
        data,
        JIXIAO_SIP_REGISTER_RATE="100000",  # one source registers the whole fleet
        JIXIAO_SIP_KEEPALIVE_INTERVAL=str(INTERVAL),
        JIXIAO_SIP_KEEPALIVE_COUNT=str(COUNT),
    )


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for server in started:
        if server.poll() is None:
            server.kill()
        server.communicate()


def _kill(server: subprocess.Popen[str]) -> None:
    server.send_signal(signal.SIGKILL)
    server.wait(timeout=30)


def _store(data: Path) -> sqlite3.Connection:
    return sqlite3.connect(data / "jixiao.sqlite3")


def test_no_acknowledged_registration_is_lost_to_kill_9(
    tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    data = tmp_path / "data"
    server, port = _start(data)
    processes.append(server)
    fleet_size = 1000

    async def burst() -> set[str]:
        fleet = Fleet(
            FleetConfig(
                "127.0.0.1",
                port,
                fleet_size,
                channels=0,
                password=PASSWORD,
                interval=60,
                register_rate=2000,
            )
        )
        await fleet.start()
        try:
            await fleet.wait_registered(30)
            _kill(server)  # right after the last 200 OK: nothing gets a grace period
            return {d.device_id for d in fleet.devices if d.registered}
        finally:
            await fleet.stop(drain_s=0)

    acknowledged = asyncio.run(asyncio.wait_for(burst(), 90))
    with _store(data) as db:
        stored = {
            device_id
            for (device_id,) in db.execute(
                "SELECT d.device_id FROM device d JOIN sip_presence p ON p.device_pk = d.pk "
                "WHERE p.transport != '' AND p.registered_until IS NOT NULL"
            )
        }
    lost = acknowledged - stored
    print(f"acknowledged {len(acknowledged)}, stored {len(stored)}, lost {len(lost)}")
    assert len(acknowledged) >= fleet_size * 0.9, "the burst did not get through"
    assert not lost, f"{len(lost)} acknowledged registrations lost, e.g. {sorted(lost)[:3]}"


def test_offline_times_after_a_crash_are_within_one_keepalive_interval(
    tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    """Devices fall silent and the platform is killed at once; after the restart each device
    goes offline as of its lapse from its stored last-seen time, which must be within one
    keepalive interval of its real last keepalive (silence at `stopped`)."""
    data = tmp_path / "data"
    server, port = _start(data)
    processes.append(server)

    async def live() -> float:
        fleet = Fleet(
            FleetConfig("127.0.0.1", port, 20, channels=0, password=PASSWORD, interval=INTERVAL)
        )
        await fleet.start()
        try:
            assert await fleet.wait_registered(20)
            await asyncio.sleep(18)  # keepalives flow until just before a 10-s batch would end
        finally:
            await fleet.stop(drain_s=0)
        stopped = time.time()
        _kill(server)
        return stopped

    stopped = asyncio.run(asyncio.wait_for(live(), 90))
    restarted, _ = _start(data)
    processes.append(restarted)
    time.sleep(INTERVAL * COUNT + 4)  # past every restored device's lapse
    restarted.send_signal(signal.SIGINT)
    restarted.communicate(timeout=30)
    with _store(data) as db:
        offline = dict(
            db.execute(
                "SELECT d.device_id, max(s.at) FROM status_change s JOIN device d "
                "ON d.pk = s.device_pk WHERE s.online = 0 GROUP BY d.device_id"
            ).fetchall()
        )
    assert len(offline) == 20, f"only {len(offline)} of 20 devices went offline"
    # truth: the last keepalive was within [stopped - INTERVAL, stopped]; offline at + lapse
    earliest = stopped - INTERVAL + INTERVAL * COUNT
    latest = stopped + INTERVAL * COUNT
    off = {device: at - earliest for device, at in offline.items()}
    print(f"offline at truth-window start + {min(off.values()):.0f}…{max(off.values()):.0f} s")
    for device, at in offline.items():
        assert earliest - INTERVAL - 1 <= at <= latest + 1, (device, at - stopped)
