"""Hostile traffic on loopback: idle TCP connections, spoofed sources, password floods.

The attacker speaks from 127.0.0.2 (or another port of 127.0.0.1); the real devices are the
simulator's. Each case shows the bound holds and the real devices keep working.
"""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

from jixiao.adapters.gb28181.server import EVENTS_FILE
from jixiao.adapters.gb28181.simulator import Fleet, FleetConfig
from tests.integration.gb28181.harness import PASSWORD, causes, run, running, settings, until

ATTACKER = "127.0.0.2"
IDLE = 2000
FLOOD = 5000


def test_idle_tcp_connections_are_capped_and_closed_and_devices_still_register(
    tmp_path: Path,
) -> None:
    config = settings(tmp_path, sip_tcp_per_source=100, sip_tcp_total=500, sip_tcp_idle=2.0)

    async def scenario() -> None:
        held: list[asyncio.StreamWriter] = []
        async with running(config) as (server, _):
            for start in range(0, IDLE, 200):  # 2 000 connections that never say a word
                opened = await asyncio.gather(
                    *(
                        asyncio.open_connection("127.0.0.1", server.port, local_addr=(ATTACKER, 0))
                        for _ in range(start, start + 200)
                    ),
                    return_exceptions=True,
                )
                held += [o[1] for o in opened if isinstance(o, tuple)]
            assert len(held) == IDLE  # the kernel accepted them all; the platform did not
            assert await until(lambda: len(server.connections) <= 100, 5)
            counts = server.platform.guard.counts
            assert counts["tcp-per-source-cap"] >= IDLE - 100
            fleet = Fleet(
                FleetConfig(
                    "127.0.0.1",
                    server.port,
                    5,
                    password=PASSWORD,
                    transport="tcp",
                    interval=0.5,
                    channels=0,
                )
            )
            await fleet.start()
            try:
                assert await fleet.wait_registered(10)
                # the idle ones are closed after 2 s; the talking devices stay connected
                assert await until(lambda: len(server.connections) == 5, 10)
                assert counts["tcp-idle"] >= 1
                assert all(s.online for s in server.platform.sessions.values())
                await server.publish()
            finally:
                await fleet.stop()
                for writer in held:
                    writer.close()
        published = json.loads((config.data_dir / EVENTS_FILE).read_text(encoding="utf-8"))
        assert published["counts"]["tcp-per-source-cap"] >= IDLE - 100

    run(scenario, timeout=120)


def _spoof(device_id: str, call_id: str, body_kind: str, port: int) -> bytes:
    """A REGISTER (Expires: 0, the device's Call-ID, no credentials) or a keepalive."""
    via = f"Via: SIP/2.0/UDP 127.0.0.1:{port};rport;branch=z9hG4bK{body_kind}{port}\r\n"
    head = (
        f"From: <sip:{device_id}@3402000000>;tag=x\r\nTo: <sip:{device_id}@3402000000>\r\n"
        f"Call-ID: {call_id}\r\nMax-Forwards: 70\r\n"
    )
    if body_kind == "unregister":
        return (
            f"REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\n{via}{head}"
            f"CSeq: 99 REGISTER\r\nExpires: 0\r\nContent-Length: 0\r\n\r\n"
        ).encode()
    body = (
        f'<?xml version="1.0"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>9</SN>\r\n'
        f"<DeviceID>{device_id}</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n"
    ).encode()
    return (
        f"MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r\n{via}{head}"
        f"CSeq: 20 MESSAGE\r\nContent-Type: Application/MANSCDP+xml\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def test_a_spoofed_unregister_and_a_password_flood_leave_the_real_device_online(
    tmp_path: Path,
) -> None:
    async def scenario() -> None:
        async with running(settings(tmp_path, sip_keepalive_interval=1)) as (server, services):
            fleet = Fleet(FleetConfig("127.0.0.1", server.port, 2, password=PASSWORD, interval=0.5))
            await fleet.start()
            attacker = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            attacker.bind(("127.0.0.1", 0))
            attacker.settimeout(2)
            port = attacker.getsockname()[1]
            try:
                assert await fleet.wait_registered(10)
                target = next(iter(server.platform.sessions.values()))
                for kind in ("unregister", "keepalive"):
                    data = _spoof(target.device_id, target.call_id, kind, port)
                    attacker.sendto(data, ("127.0.0.1", server.port))
                    answer = await asyncio.to_thread(attacker.recv, 65_536)
                    assert answer.split(b"\r\n")[0] in (
                        b"SIP/2.0 401 Unauthorized",
                        b"SIP/2.0 403 Forbidden",
                    )
                # a flood of REGISTERs with bad credentials for the same device id from the
                # attacker's port, far over the per-source rate
                for n in range(FLOOD):
                    flood = _spoof(target.device_id, f"flood{n}", "unregister", port)
                    flood = flood.replace(b"CSeq: 99", b"CSeq: %d" % (100 + n))
                    flood = flood.replace(
                        b"Content-Length",
                        b'Authorization: Digest username="x",realm="3402000000",'
                        b'nonce="n",uri="sip:x",response="00"\r\nContent-Length',
                    )
                    attacker.sendto(flood, ("127.0.0.1", server.port))
                    if n % 500 == 499:
                        await asyncio.sleep(0.05)  # let the platform and the devices run
                await asyncio.sleep(2.0)  # four keepalive intervals
                assert target.online is True
                assert fleet.stats.keepalive_rejected == 0
                counts = server.platform.guard.counts
                assert counts["other-source-register"] == 1
                assert counts["other-source-message"] == 1
                assert counts["register-rate"] > 0  # most of the flood dropped unread
            finally:
                attacker.close()
                await fleet.stop()
        assert causes(services).get(("unregister", 0)) is None  # the history is untouched

    run(scenario)
