"""The acceptance of active probes, against real servers: a camera whose RTSP answers 401 once
its password is wrong, a port that closes, a host that stops answering pings — each recorded
offline with its cause after N=3 failed rounds and online again after M=2 good ones, in the
status history GB/T 28181 writes to; and bad input that is a probe error, never a crash."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from jixiao.adapters.files import files
from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.probes.rounds import RoundReport, probe_round
from jixiao.adapters.probes.secrets import Secrets
from jixiao.domain.errors import InputError
from jixiao.domain.probes import Timing
from jixiao.services.application import Application
from jixiao.services.rollup import ensure_rollup
from jixiao.services.web_ports import LoggedChange, ProbeConfig
from tests.integration.probes.conftest import Listener, NamespaceHost, RtspServer
from tests.scenario import EAST, NVR, OLD, WEST, ZONE

START = 1_800_000_000
ROUND_S = 60


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def application(clock: Clock) -> Application:
    store = MemoryStore()
    ensure_rollup(store, ZONE)
    app = Application(files(), ZONE, clock, lambda: store)
    app.secrets = Secrets(Fernet.generate_key())
    app.probe_timing = Timing(interval_s=60, timeout_s=1.0, retries=0, down_after=3, up_after=2)
    return app


def history(app: Application, device_id: str) -> list[LoggedChange]:
    with app.reading() as repos:
        key = repos.devices.keys([device_id])[device_id]
        return sorted(repos.status_log.changes(key, limit=20), key=lambda c: c.at)


def at(n: int) -> int:
    """The time of round n (1-based)."""
    return START + (n - 1) * ROUND_S


def one_round(app: Application, clock: Clock, n: int) -> RoundReport:
    clock.now = at(n)
    return asyncio.run(probe_round(app))


def test_rtsp_401_a_closed_port_and_a_silent_host_go_down_after_3_and_up_after_2(
    tmp_path: Path,
    rtsp_server: RtspServer,
    listener: Listener,
    namespace_host: NamespaceHost,
) -> None:
    clock = Clock()
    app = application(clock)
    table = tmp_path / "点位表.csv"
    url = rtsp_server.url.replace("rtsp://", "rtsp://admin:rtsp-pass@")
    table.write_text(
        "设备编码,名称,IP,探测方式,探测地址\n"
        f"{EAST},东门枪机,127.0.0.1,rtsp,{url}\n"
        f"{WEST},西门交换机,127.0.0.1,tcp,127.0.0.1:{listener.port}\n"
        f"{NVR},机房NVR,{namespace_host.address},icmp,\n",
        encoding="utf-8",
    )
    assert app.import_devices(table, actor="test") == (3, 3, 0)
    with app.reading() as repos:
        stored = {c.target: c for c in repos.probes.devices().values()}
    assert rtsp_server.url in stored  # the target is kept without its password…
    secret = stored[rtsp_server.url].secret
    assert secret and "rtsp-pass" not in secret  # …which is stored encrypted
    assert app.secrets is not None and app.secrets.open(secret) == "rtsp-pass"

    first = one_round(app, clock, 1)
    assert sorted((line.device_id, line.cause) for line in first.lines) == [
        (NVR, "icmp ok"),
        (EAST, "rtsp ok"),
        (WEST, "tcp ok"),
    ]
    # after round 1: the password is changed to a wrong one, the port closes, the host stops
    app.set_probe(
        ProbeConfig("rtsp", rtsp_server.url, username="admin"),
        password="wrong",
        device_id=EAST,
        actor="test",
    )
    listener.close()
    namespace_host.stop()
    for n in (2, 3, 4):
        one_round(app, clock, n)
    # after round 4 (three failures): everything is repaired
    app.set_probe(
        ProbeConfig("rtsp", rtsp_server.url, username="admin"),
        password="rtsp-pass",
        device_id=EAST,
        actor="test",
    )
    listener.reopen()
    namespace_host.start()
    for n in (5, 6, 7):
        one_round(app, clock, n)

    assert history(app, EAST) == [
        LoggedChange(at(1), True, "probe:rtsp ok", "probe"),  # the first result, at once
        LoggedChange(at(4), False, "probe:rtsp 401", "probe"),
        LoggedChange(at(6), True, "probe:rtsp ok", "probe"),
    ]
    assert history(app, WEST) == [
        LoggedChange(at(1), True, "probe:tcp ok", "probe"),
        LoggedChange(at(4), False, "probe:tcp refused", "probe"),
        LoggedChange(at(6), True, "probe:tcp ok", "probe"),
    ]
    assert history(app, NVR) == [
        LoggedChange(at(1), True, "probe:icmp ok", "probe"),
        LoggedChange(at(4), False, "probe:icmp no-reply", "probe"),
        LoggedChange(at(6), True, "probe:icmp ok", "probe"),
    ]
    found, state = app.device_probe(EAST)
    assert found is not None and found.username == "admin"
    assert state is not None and (state.up, state.successes, state.cause) == (True, 3, "rtsp ok")


def test_a_malformed_target_in_the_device_table_is_refused_by_cell(tmp_path: Path) -> None:
    app = application(Clock())
    table = tmp_path / "点位表.csv"
    table.write_text(
        "设备编码,名称,探测方式,探测地址\n"
        f"{EAST},东门,tcp,10.0.0.1\n"
        f"{WEST},西门,snmp,\n"
        f"{NVR},NVR,,rtsp://x/\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as refused:
        app.import_devices(table, actor="test")
    assert [(p.line, p.field, p.message) for p in refused.value.problems] == [
        (2, "probe_target（探测地址）", "TCP 探测地址“10.0.0.1”应为 主机:端口，如 10.1.2.3:80"),
        (3, "probe（探测方式）", "无法识别的探测方式“snmp”；应为 icmp、tcp、rtsp、onvif、http"),
        (
            4,
            "probe（探测方式）",
            "填写了探测地址，请同时填写探测方式（icmp、tcp、rtsp、onvif、http）",
        ),
    ]
    with app.reading() as repos:
        assert repos.devices.select() == []


def test_unusable_probes_are_probe_errors_never_a_crash(tmp_path: Path, listener: Listener) -> None:
    clock = Clock()
    app = application(clock)
    table = tmp_path / "点位表.csv"
    table.write_text(
        f"设备编码,名称,分组,IP\n{EAST},无地址,地网,\n{OLD},换过密钥,,127.0.0.1\n",
        encoding="utf-8",
    )
    app.import_devices(table, actor="test")
    # a group default: every 地网 device is pinged at its IP (this one has none)
    app.set_probe(ProbeConfig("icmp", timeout_s=0.3), group="地网", actor="test")
    # a password sealed with a key that is no longer the one in use
    app.set_probe(
        ProbeConfig("http", f"http://127.0.0.1:{listener.port}/", username="admin"),
        password="pw",
        device_id=OLD,
        actor="test",
    )
    app.secrets = Secrets(Fernet.generate_key())
    report = one_round(app, clock, 1)
    assert sorted((line.device_id, line.ok, line.cause) for line in report.lines) == [
        (OLD, False, "http bad-target"),
        (EAST, False, "icmp bad-target"),
    ]
    assert history(app, EAST) == [LoggedChange(at(1), False, "probe:icmp bad-target", "probe")]
    messages = {line.device_id: line.message for line in report.lines}
    assert messages[EAST] == "没有探测地址，设备也没有 IP"
    assert messages[OLD].startswith("探测密码无法用当前密钥解密")
