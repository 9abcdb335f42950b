"""`jixiao probe` end to end, on a SQLite store: a round against a live and a closed port,
the password kept encrypted under the key file, the status source set, bad input exit 2."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import Run
from tests.integration.probes.conftest import Listener, free_port
from tests.scenario import EAST, WEST


def test_a_round_records_the_first_results_at_once(
    jixiao: Run, tmp_path: Path, listener: Listener
) -> None:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data")}
    table = tmp_path / "devices.csv"
    closed = free_port()
    table.write_text(
        "device_id,name,ip,probe,probe_target\n"
        f"{EAST},东门,127.0.0.1,tcp,127.0.0.1:{listener.port}\n"
        f"{WEST},西门,127.0.0.1,http,http://admin:s3cret-pw@127.0.0.1:{closed}/\n",
        encoding="utf-8",
    )
    assert jixiao("devices", "import", table, env=env).returncode == 0
    done = jixiao("probe", "run", "--once", "--json", env=env)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert sorted((r["device_id"], r["ok"], r["cause"]) for r in found["results"]) == [
        (EAST, True, "tcp ok"),
        (WEST, False, "http refused"),
    ]
    assert sorted((c["device_id"], c["online"], c["cause"]) for c in found["changes"]) == [
        (EAST, True, "probe:tcp ok"),
        (WEST, False, "probe:http refused"),
    ]
    database = sqlite3.connect(tmp_path / "data" / "jixiao.sqlite3")
    try:
        targets = database.execute("SELECT target, username, secret FROM probe_config").fetchall()
    finally:
        database.close()
    assert (f"http://127.0.0.1:{closed}/", "admin") in [(t, u) for t, u, _ in targets]
    assert all("s3cret-pw" not in secret for _, _, secret in targets)
    assert (tmp_path / "data" / "probe.key").stat().st_mode & 0o777 == 0o600
    listed = json.loads(jixiao("devices", "list", "--json", env=env).stdout)
    assert {d["device_id"]: d["status"] for d in listed} == {EAST: "online", WEST: "offline"}

    source = jixiao("probe", "source", EAST, "gb28181", env=env)
    assert source.stdout.strip() == f"设备{EAST}的状态来源：GB/T 28181 信令。"


def test_bad_probe_settings_exit_2_in_chinese(jixiao: Run, tmp_path: Path) -> None:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data")}
    done = jixiao("probe", "set", "tcp", "--group", "地网", "--interval", "5", env=env)
    assert done.returncode == 2
    assert "探测间隔5秒应在10–86400秒之间" in done.stderr
    done = jixiao("probe", "source", EAST, "sip", env=env)
    assert done.returncode != 0
    assert "无法识别的状态来源“sip”" in done.stderr
    done = jixiao("probe", "run", env={**env, "JIXIAO_PROBE_KEY": "short"})
    assert done.returncode == 2
    assert "JIXIAO_PROBE_KEY" in done.stderr
