"""Probes inside `jixiao serve`: off while no device has a probe, started once one does,
results recorded as they come, stopped with the server."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from cryptography.fernet import Fernet

from jixiao.adapters.files import files
from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.probes.secrets import Secrets
from jixiao.cli.serve import probe_while_serving
from jixiao.config import Settings
from jixiao.domain.probes import Timing
from jixiao.services.application import Application
from jixiao.services.rollup import ensure_rollup
from jixiao.services.web_ports import ProbeConfig
from tests.integration.probes.conftest import Listener
from tests.scenario import EAST, ZONE


def test_probing_starts_when_a_probe_is_set_and_stops_with_the_server(
    tmp_path: Path, listener: Listener
) -> None:
    store = MemoryStore()
    ensure_rollup(store, ZONE)
    app = Application(files(), ZONE, time.time, lambda: store)
    app.secrets = Secrets(Fernet.generate_key())
    app.probe_timing = Timing(interval_s=10, timeout_s=1.0, retries=0)
    table = tmp_path / "d.csv"
    table.write_text(f"设备编码,名称,IP\n{EAST},东门,127.0.0.1\n", encoding="utf-8")
    app.import_devices(table, actor="test")
    settings = Settings(data_dir=tmp_path, probe_concurrency=4)

    def recorded() -> list[tuple[bool, str]]:
        with app.reading() as repos:
            key = repos.devices.keys([EAST])[EAST]
            return [(c.online, c.cause) for c in repos.status_log.changes(key, limit=5)]

    async def serve() -> tuple[list[tuple[bool, str]], list[tuple[bool, str]]]:
        stop = asyncio.Event()
        task = asyncio.create_task(
            probe_while_serving(app, settings, stop, check_s=0.2, spread_s=0)
        )
        await asyncio.sleep(0.6)
        before = recorded()  # no probe set: nothing probed
        app.set_probe(
            ProbeConfig("tcp", f"127.0.0.1:{listener.port}"), device_id=EAST, actor="test"
        )
        deadline = time.monotonic() + 10
        while not recorded() and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        stop.set()
        await asyncio.wait_for(task, timeout=5)
        return before, recorded()

    before, after = asyncio.run(serve())
    assert before == []
    assert after == [(True, "probe:tcp ok")]
