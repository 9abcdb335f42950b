"""The platform on real loopback UDP and TCP sockets, driven by the device simulator."""

from __future__ import annotations

import asyncio
import errno
import socket
from pathlib import Path
from typing import Any

import pytest

from jixiao.adapters.gb28181 import server as server_module
from jixiao.adapters.gb28181.simulator import Fleet, FleetConfig, channel_id
from jixiao.domain.devices import DeviceKind
from jixiao.services.presence import CHANNEL_GROUP, DEVICE_GROUP
from tests.integration.gb28181.harness import (
    PASSWORD,
    causes,
    run,
    running,
    settings,
    statuses,
    until,
)


def test_udp_devices_register_stay_online_and_the_silent_ones_go_offline(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running(settings(tmp_path)) as (server, services):
            fleet = Fleet(
                FleetConfig(
                    "127.0.0.1", server.port, 12, password=PASSWORD, interval=1.0, channels=2
                )
            )
            await fleet.start()
            try:
                assert await fleet.wait_registered(10)
                await until(lambda: len(server.platform.channels) == 24, 10)
                await asyncio.sleep(1.5)
                silent = fleet.drop(0.25)
                assert await until(
                    lambda: all(server.platform.sessions[d].online is False for d in silent), 10
                )
                assert all(s.online for d, s in server.platform.sessions.items() if d not in silent)
                assert fleet.stats.keepalive_rejected == 0
                assert fleet.stats.keepalive_ok >= 12
            finally:
                await fleet.stop()
        found = statuses(services)
        assert len(found) == 12 + 24
        devices = [r for r in found.values() if r.stored.device.kind is DeviceKind.NVR]
        assert {r.stored.device.groups for r in devices} == {(DEVICE_GROUP,)}
        assert sorted(r.stored.device.name for r in devices)[0] == "模拟NVR0"  # from DeviceInfo
        assert sum(r.status == "offline" for r in devices) == 3
        assert all(r.last_seen is not None for r in devices)
        cam = found[channel_id(0, 0, 2)]
        assert cam.stored.device.groups == (CHANNEL_GROUP,) and cam.status == "offline"
        assert cam.stored.device.address == "模拟路0号"
        assert causes(services) == {
            ("register", 1): 12,
            ("catalog", 1): 24,
            ("keepalive-timeout", 0): 3,
            ("parent-offline", 0): 6,
        }

    run(scenario)


def test_tcp_devices_go_offline_the_moment_their_connection_drops(tmp_path: Path) -> None:
    async def scenario() -> None:
        fleet: Fleet | None = None
        try:
            async with running(settings(tmp_path, sip_keepalive_interval=60)) as (server, services):
                fleet = Fleet(
                    FleetConfig(
                        "127.0.0.1",
                        server.port,
                        6,
                        password=PASSWORD,
                        transport="tcp",
                        interval=1.0,
                        channels=1,
                    )
                )
                await fleet.start()
                assert await fleet.wait_registered(10)
                assert await until(lambda: len(server.connections) == 6, 5)
                dropped = fleet.drop(0.5)
                assert await until(
                    lambda: all(server.platform.sessions[d].online is False for d in dropped), 3
                )
            # the platform stopped while three devices were still connected: its own
            # shutdown is not their going offline
            assert causes(services)[("tcp-drop", 0)] == 3
        finally:
            if fleet is not None:
                await fleet.stop()

    run(scenario)


def test_a_restart_keeps_talking_devices_online_and_counts_the_silent_ones_offline(
    tmp_path: Path,
) -> None:
    """Devices that keep their keepalives across a restart have no gap; one that stopped
    during the downtime is offline from when it stopped, not from when the platform noticed."""

    async def scenario() -> None:

        config = settings(tmp_path, sip_keepalive_interval=1, sip_keepalive_count=2)
        async with running(config) as (server, services):
            port = server.port
            fleet = Fleet(
                FleetConfig("127.0.0.1", port, 4, password=PASSWORD, interval=1.0, channels=0)
            )
            await fleet.start()
            assert await fleet.wait_registered(10)
            await asyncio.sleep(1.5)
        silent = fleet.drop(0.25)  # stops while the platform is down
        await asyncio.sleep(2)
        try:
            async with running(
                settings(tmp_path, sip_port=port, sip_keepalive_interval=1, sip_keepalive_count=2)
            ) as (again, services):
                assert len(again.platform.sessions) == 4
                assert await until(lambda: again.platform.sessions[silent[0]].online is False, 10)
                await asyncio.sleep(1.0)
                assert [d for d, s in again.platform.sessions.items() if not s.online] == silent
        finally:
            await fleet.stop()
        found = causes(services)
        assert found == {("register", 1): 4, ("keepalive-timeout", 0): 1}
        status = statuses(services)[silent[0]]
        assert status.status == "offline" and status.since is not None
        assert status.last_seen is not None and status.since <= status.last_seen + 3

    run(scenario)


def test_unknown_devices_are_refused_when_auto_enrolment_is_off(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running(settings(tmp_path, sip_auto_enrol=False)) as (server, _):
            fleet = Fleet(FleetConfig("127.0.0.1", server.port, 3, password=PASSWORD, interval=1.0))
            await fleet.start()
            try:
                assert await until(lambda: fleet.stats.register_failures >= 3, 5)
                assert fleet.stats.registered == 0 and server.platform.sessions == {}
            finally:
                await fleet.stop()

    run(scenario)


def test_a_wrong_password_never_registers(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running(settings(tmp_path)) as (server, services):
            fleet = Fleet(FleetConfig("127.0.0.1", server.port, 2, password="wrong", interval=1.0))
            await fleet.start()
            try:
                assert await until(lambda: fleet.stats.register_failures >= 2, 5)
                assert fleet.stats.registered == 0
            finally:
                await fleet.stop()
        assert statuses(services) == {}

    run(scenario)


def test_on_demand_queries_get_the_device_answer(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running(settings(tmp_path)) as (server, _):
            fleet = Fleet(
                FleetConfig(
                    "127.0.0.1", server.port, 1, password=PASSWORD, interval=1.0, channels=3
                )
            )
            await fleet.start()
            try:
                assert await fleet.wait_registered(10)
                device = fleet.devices[0].device_id
                status = await server.query(device, "DeviceStatus", timeout=5)
                assert getattr(status, "online", None) is True
                catalog = await server.query(device, "Catalog", timeout=10)
                assert getattr(catalog, "complete", None) is True
                assert len(getattr(catalog, "items", ())) == 3
                assert await server.query("34020000001189999999", "DeviceInfo", timeout=1) is None
            finally:
                await fleet.stop()

    run(scenario)


def test_silent_and_broken_tcp_connections_are_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "TCP_SILENCE", 0.5)

    async def scenario() -> None:
        async with running(settings(tmp_path)) as (server, _):
            silent = await asyncio.open_connection("127.0.0.1", server.port)
            broken = await asyncio.open_connection("127.0.0.1", server.port)
            broken[1].write(b"MESSAGE sip:x SIP/2.0\r\nContent-Length: 99999999\r\n\r\n")
            for reader, writer in (silent, broken):
                assert await asyncio.wait_for(reader.read(), 5) == b""  # closed by the server
                writer.close()
            assert server.platform.stats["malformed"] >= 1
            assert await until(lambda: server.connections == {}, 2)

    run(scenario)


def test_a_tcp_port_taken_is_refused_cleanly_and_port_0_tries_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """UDP and TCP share one port number. A number taken for TCP (here by a listener of our
    own) refuses an explicit port with EADDRINUSE, the UDP socket closed again (an open one
    would be reported as unraisable and fail this test); with port 0 the platform takes
    another number when TCP finds the first one taken."""

    async def scenario() -> None:
        taken = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        try:
            with pytest.raises(OSError) as refused:
                async with running(settings(tmp_path / "a", sip_port=port)):
                    pass
            assert refused.value.errno == errno.EADDRINUSE
            loop = asyncio.get_running_loop()
            real = loop.create_server
            tried: list[int] = []

            async def first_taken(factory: Any, host: str, bound: int, **rest: Any) -> Any:
                tried.append(bound)
                if len(tried) == 1:
                    raise OSError(errno.EADDRINUSE, "address already in use")
                return await real(factory, host, bound, **rest)

            monkeypatch.setattr(loop, "create_server", first_taken)
            async with running(settings(tmp_path / "b")) as (server, _):
                assert len(tried) == 2 and server.port == tried[1] != tried[0]
        finally:
            taken.close()

    run(scenario)
