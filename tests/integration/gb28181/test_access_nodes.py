"""Two access nodes behind Kamailio's dispatcher on one PostgreSQL store (docs/deployment.md,
"A city"): the devices split between the nodes by their id; a kill -9 of one node sends its
devices to the other within their keepalive window, and back when it returns; the status
history keeps one online transition per device (nothing false offline, no duplicate), and the
devices that fell silent with the killed node get one offline as of their lapse (no gap
counted as online).

Behind the proxy every message comes from Kamailio's address: the nodes take the device's
address from the header Kamailio writes (adapters/gb28181/proxy.py), and only from Kamailio,
so keepalives still count only from where a device registered.

Kamailio (deploy/kamailio/jixiao-dispatcher.cfg, with its settings rewritten for loopback by
bench/sip_nodes.py) and the nodes run as their own processes on ports picked here.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from jixiao.adapters.gb28181.simulator import Fleet, FleetConfig, channel_id
from tests.conftest import require_program
from tests.integration.gb28181.harness import PASSWORD, start_sip_serve
from tests.stores import empty_database

# bench/*.py are scripts importing each other by module name, as `make bench` runs them.
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
from sip import _free_port, _keepalive, kamailio
from sip_nodes import dispatcher_config

INTERVAL, COUNT = 4, 3  # the keepalive rule: offline after 12 s of silence
WINDOW = INTERVAL * COUNT
EXPIRES = 60  # the devices' registration expiry
DEVICES = 40
SILENT = 0.25  # the share of devices that fall silent when the node is killed


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for node in started:
        if node.poll() is None:
            node.kill()
        node.communicate(timeout=30)


def _node(data: Path, port: int, database: str, proxy: int) -> subprocess.Popen[str]:
    node, bound = start_sip_serve(
        data,
        JIXIAO_DATABASE_URL=database,
        JIXIAO_SIP_PORT=str(port),
        JIXIAO_SIP_TRUSTED_PROXIES=f"127.0.0.1:{proxy}",
        JIXIAO_SIP_KEEPALIVE_INTERVAL=str(INTERVAL),
        JIXIAO_SIP_KEEPALIVE_COUNT=str(COUNT),
    )
    assert bound == port
    return node


def _history(database: str) -> dict[str, list[tuple[int, int, str]]]:
    """Each device's stored status changes: (at, online, cause), oldest first."""
    engine = create_engine(database)
    try:
        with engine.connect() as c:
            rows = c.execute(
                text(
                    "SELECT d.device_id, s.at, s.online, s.cause FROM status_change s "
                    "JOIN device d ON d.pk = s.device_pk ORDER BY d.device_id, s.at"
                )
            ).all()
    finally:
        engine.dispose()
    history: dict[str, list[tuple[int, int, str]]] = {}
    for device_id, at, online, cause in rows:
        history.setdefault(device_id, []).append((int(at), int(online), cause))
    return history


def _exchange(data: bytes, port: int) -> bytes:
    """Send one request to 127.0.0.1:`port` from a new socket; the status line answered."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        s.settimeout(5)
        s.sendto(data, ("127.0.0.1", port))
        while True:
            answer = s.recv(65_536)
            if answer.startswith(b"SIP/2.0"):
                return answer.split(b"\r\n", 1)[0]


def test_a_killed_node_hands_its_devices_to_the_other_without_a_false_offline(
    request: pytest.FixtureRequest, tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    require_program("kamailio", "kamailio")
    ports = [_free_port(), _free_port()]
    with (
        empty_database(request, "postgresql", tmp_path) as database,
        kamailio(tmp_path, dispatcher_config(tmp_path, ports)) as proxy,
    ):
        assert proxy is not None, "kamailio did not start with deploy/kamailio"
        # one at a time: the first migrates the new database
        first = _node(tmp_path / "a", ports[0], database, proxy)
        processes.append(first)
        processes.append(_node(tmp_path / "b", ports[1], database, proxy))
        time.sleep(2)  # the proxy's probes find both nodes up

        async def scenario() -> tuple[set[str], float, float, set[str], float]:
            fleet = Fleet(
                FleetConfig(
                    "127.0.0.1",
                    proxy,
                    DEVICES,
                    channels=1,
                    password=PASSWORD,
                    interval=INTERVAL,  # and it reports it (BasicParam), with count 3
                    expires=EXPIRES,
                )
            )
            await fleet.start()
            try:
                assert await fleet.wait_registered(20), "the devices did not register"
                await asyncio.sleep(3)  # keepalives and the nodes' catalog queries flow
                # someone else sending a registered device's keepalive through the proxy is
                # refused: the node compares the device's own address, not the proxy's
                device = fleet.devices[0].device_id
                assert b" 403 " in _exchange(_keepalive(device, 1, 0), proxy)
                # and straight to a node, the proxy's header from anyone else is ignored
                forged = _keepalive(device, 2, 0).replace(
                    b"Max-Forwards: 70\r\n",
                    b"Max-Forwards: 70\r\nX-Jixiao-Source: udp 127.0.0.1 "
                    + str(fleet._local_port).encode()
                    + b"\r\n",
                )
                answers = {_exchange(forged, port) for port in ports}
                assert all(b" 200 " not in a for a in answers), answers
                # kill -9 one node under load, and a quarter of the devices fall silent with it
                # (those of the killed node among them are recorded offline by the other's
                # sweep, the rest by their own node); the killed node's other devices are
                # refused by the other node (it does not know them) and register there again
                first.send_signal(signal.SIGKILL)
                killed = time.time()
                silent = set(fleet.drop(SILENT))
                first.wait(timeout=30)
                alive = [d for d in fleet.devices if d.device_id not in silent]
                moved: set[str] = set()
                while time.time() - killed < EXPIRES:
                    moved |= {d.device_id for d in alive if not d.registered}
                    if moved and all(d.registered for d in alive):
                        break
                    await asyncio.sleep(0.05)
                back = time.time() - killed
                offline: set[str] = set()
                for _ in range(180):  # the silent devices' lapse, and two sweeps after it
                    await asyncio.sleep(0.5)
                    offline = {d for d, c in _history(database).items() if c[-1][1] == 0}
                    if silent <= offline:
                        break
                # (the first of them also had the forged keepalives above refused)
                assert silent <= offline, ("not recorded offline", sorted(silent - offline))
                # the killed node comes back: the devices that hash to it return to it the
                # same way, and the node they leave holds its lapses, which the store shows
                # were no offline (they are heard on the other node)
                processes.append(_node(tmp_path / "a", ports[0], database, proxy))
                restarted = time.time()
                returned: set[str] = set()
                while time.time() - restarted < EXPIRES:
                    returned |= {d.device_id for d in alive if not d.registered}
                    if returned and all(d.registered for d in alive):
                        break
                    await asyncio.sleep(0.05)
                await asyncio.sleep(WINDOW + 3 * INTERVAL + 2)  # past their lapse there, 2 sweeps
                # Not every moved device registers again: the restarted node takes back from
                # the store the sessions the other node wrote, and a device it knows that way
                # is answered 200 where it left off. More may move and back: a node slow to
                # answer a probe on a busy machine is marked down for a moment, which the
                # history must survive too.
                assert all(d.registered for d in alive)
                print(f"{len(returned)} devices registered again after the restart")
                return moved, killed, back, silent, restarted
            finally:
                await fleet.stop(drain_s=0)

        moved, killed, back, silent, restarted = asyncio.run(asyncio.wait_for(scenario(), 240))
        history = _history(database)
        engine = create_engine(database)
        try:
            with engine.connect() as c:
                seen: dict[str, int | None] = dict(
                    c.execute(
                        text(
                            "SELECT d.device_id, p.last_seen FROM sip_presence p "
                            "JOIN device d ON d.pk = p.device_pk WHERE p.transport != ''"
                        )
                    ).all()
                )
                channels = c.execute(
                    text("SELECT count(*) FROM sip_presence WHERE parent_id != ''")
                ).scalar_one()
        finally:
            engine.dispose()
    print(f"{len(moved)} of {DEVICES} devices moved, all back {back:.1f} s after the kill")
    # the dispatcher spread the devices over both nodes (all on one: 2**-29)
    assert 0 < len(moved) < DEVICES - len(silent)
    # back within the keepalive window: no node could count the gap offline, none did
    assert back < WINDOW, back
    # one online transition each, devices when they registered, their channels from the
    # catalog: the second node's "online" for a moved device was no change, and nobody
    # recorded the moved devices offline. The silent devices and their channels: offline as of
    # their lapse (last keepalive, at most 4 s before the kill, + 12 s; as stored by the killed
    # node, up to its 4-s seen interval and a 1-s flush earlier), once.
    devices = {d: c for d, c in history.items() if d[10:13] == "118"}
    assert len(devices) == DEVICES
    assert len(history) == 2 * DEVICES
    lost_channels = {channel_id(int(d[-6:]), 0, 1) for d in silent}
    for device_id, changes in history.items():
        lost = device_id in silent or device_id in lost_channels
        cause = "register" if device_id in devices else "catalog"
        expected = [(1, cause)]
        if lost:
            expected.append((0, "keepalive-timeout" if device_id in devices else "parent-offline"))
        assert [(online, c) for _, online, c in changes] == expected, (device_id, changes)
        if lost:
            went = changes[-1][0] - killed
            assert WINDOW - 2 * INTERVAL - 2 <= went <= WINDOW + 1, (device_id, went)
    # every device, moved or not, is heard from after the kill (a node stores its keepalives)
    assert len(seen) == DEVICES
    late = {d: at for d, at in seen.items() if d not in silent and (at is None or at < killed)}
    assert not late, late
    # and after the restart, every device that did not fall silent is heard again, whichever
    # node it ended on (the stored last-seen lags by the nodes' 4-s seen interval at most)
    stale = {
        d: at
        for d, at in seen.items()
        if d not in silent and (at is None or at < restarted + INTERVAL)
    }
    assert not stale, (stale, restarted)
    # the nodes' Catalog queries reached the devices through the proxy and were answered
    assert channels == DEVICES
