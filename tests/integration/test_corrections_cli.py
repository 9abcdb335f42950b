"""Corrections from the command line: a wrong device deleted leaves the online rate; a
maintenance window edited, deleted and restored; everything restorable, audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run

H = 3600
EAST = "64032300001320000001"  # 东门: off 03-08 14:20 → 03-09 10:05


@pytest.fixture
def run(jixiao: Run, tmp_path: Path) -> Run:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data")}

    def call(*args: str | Path) -> object:
        return jixiao(*args, env=env)

    for args in (
        ("devices", "import", EXAMPLES / "diwang-devices.csv"),
        ("status", "import", EXAMPLES / "diwang-status.csv"),
    ):
        assert jixiao(*args, env=env).returncode == 0
    return call  # type: ignore[return-value]


def _rate(run: Run) -> tuple[int, int, int]:
    """地网 on 03-08 and 03-09: (devices, online s, expected s)."""
    result = run(
        "availability", "--group", "地网", "--from", "2021-03-08", "--to", "2021-03-09", "--json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return data["devices"], data["online_seconds"], data["expected_seconds"]


def test_deleting_a_wrong_device_changes_the_online_rate_until_restored(run: Run) -> None:
    outage = 19 * H + 45 * 60
    assert _rate(run) == (3, 144 * H - outage, 144 * H)
    refused = run("devices", "delete", EAST, "--reason", " ")
    assert refused.returncode != 0 and "删除原因" in refused.stderr + refused.stdout
    deleted = run("devices", "delete", EAST, "--reason", "演示数据误入")
    assert deleted.returncode == 0, deleted.stderr
    assert f"已删除设备{EAST}" in deleted.stdout and "演示数据误入" in deleted.stdout
    assert _rate(run) == (2, 96 * H, 96 * H)
    listed = run("deleted")
    assert EAST in listed.stdout and "演示数据误入" in listed.stdout and "cli" in listed.stdout
    reimport = run("devices", "import", EXAMPLES / "diwang-devices.csv")
    assert reimport.returncode == 2 and "已删除" in reimport.stderr
    restored = run("devices", "restore", EAST)
    assert restored.returncode == 0, restored.stderr
    assert _rate(run) == (3, 144 * H - outage, 144 * H)


def test_a_maintenance_window_edited_deleted_and_restored(run: Run) -> None:
    outage = 19 * H + 45 * 60
    added = run(
        "maintenance", "add", "--device", EAST, "--from", "2021-03-08 14:00",
        "--to", "2021-03-08 20:00", "--reason", "光缆迁改",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    # 14:00–20:00 is neither online nor expected (20 min of it online, the rest the outage)
    assert _rate(run) == (3, 144 * H - outage - 20 * 60, 138 * H)
    listed = run("maintenance", "list")
    assert "光缆迁改" in listed.stdout and "2021-03-08 14:00" in listed.stdout
    edited = run("maintenance", "edit", "1", "--to", "2021-03-09 12:00", "--reason", "抢修")
    assert edited.returncode == 0, edited.stderr
    # 14:00 to 03-09 12:00: the whole outage and 20 min + 1 h 55 min online are excused
    excused = outage + 20 * 60 + H + 55 * 60
    assert _rate(run) == (3, 144 * H - outage - 20 * 60 - (H + 55 * 60), 144 * H - excused)
    assert run("maintenance", "delete", "1", "--reason", "登记错了").returncode == 0
    assert _rate(run) == (3, 144 * H - outage, 144 * H)
    assert run("maintenance", "restore", "1").returncode == 0
    assert _rate(run) == (3, 144 * H - outage - 20 * 60 - (H + 55 * 60), 144 * H - excused)


def test_a_status_record_deleted_and_restored_by_number(run: Run) -> None:
    deleted = run("status", "delete", EAST, "--at", "2021-03-08 14:20", "--reason", "误报")
    assert deleted.returncode == 0, deleted.stderr
    # without the 14:20 offline record 东门 is online from 01-01 throughout
    assert _rate(run) == (3, 144 * H, 144 * H)
    assert run("deleted", "--restore", "1").returncode == 0
    assert _rate(run) == (3, 144 * H - (19 * H + 45 * 60), 144 * H)
