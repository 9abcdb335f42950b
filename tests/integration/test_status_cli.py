"""`jixiao status import|offline` and `jixiao maintenance add` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run


@pytest.fixture
def run(jixiao: Run, tmp_path: Path) -> Run:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data")}

    def call(*args: str | Path) -> object:
        return jixiao(*args, env=env)

    assert call("devices", "import", EXAMPLES / "diwang-devices.csv").returncode == 0  # type: ignore[attr-defined]
    return call  # type: ignore[return-value]


def test_importing_a_history_twice_stores_it_once(run: Run) -> None:
    first = run("status", "import", EXAMPLES / "diwang-status.csv")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "已导入12条状态记录（重复0条已跳过）。"
    assert (
        run("status", "import", EXAMPLES / "diwang-status.csv").stdout.strip()
        == "已导入0条状态记录（重复12条已跳过）。"
    )


def test_bad_rows_are_all_reported_with_their_columns(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "status.csv"
    path.write_text(
        "设备编码,时间,状态,原因\n"
        "64032300001320000001,2021-03-01 08:00,故障,\n"
        "64032300001320000001,2021-02-30 08:00,ON,\n"
        "64032300001329999999,2021-03-01 08:00,OFF,\n",
        encoding="utf-8",
    )
    result = run("status", "import", path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"错误：{path} 第2行：status（状态）：无法识别的状态“故障”；应为 ON/OFF、ONLINE/OFFLINE、在线/离线",
        f"错误：{path} 第3行：time（时间）：时间“2021-02-30 08:00”不存在",
    ]
    path.write_text(
        "device_id,time,status\n64032300001329999999,2021/3/1 08:00,OFF\n", encoding="utf-8"
    )
    result = run("status", "import", path)
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"错误：{path} 第2行：device_id（设备编码）：设备64032300001329999999不在设备清单中；请先导入点位表"
    )


def test_offline_list_shows_devices_that_never_reported(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "status.csv"
    path.write_text(
        "device_id,time,status\n64032300001320000001,2021-03-01T08:00:00+08:00,OFF\n",
        encoding="utf-8",
    )
    assert run("status", "import", path).returncode == 0
    offline = json.loads(run("status", "offline", "--group", "地网", "--json").stdout)
    assert [(o["device_id"], o["since"]) for o in offline][:2] == [
        ("64032300001180000001", None),
        ("64032300001320000002", None),
    ]
    assert ("64032300001320000001", "2021-03-01T08:00:00+08:00") in [
        (o["device_id"], o["since"]) for o in offline
    ]


def test_maintenance_for_a_group_or_a_device(run: Run) -> None:
    added = run(
        "maintenance",
        "add",
        "--group",
        "地网",
        "--from",
        "2021-03-08 14:00",
        "--to",
        "2021-03-09 12:00",
        "--reason",
        "光缆迁改",
    )
    assert added.returncode == 0, added.stderr
    assert (
        added.stdout.strip()
        == "已登记维护窗口 #1：分组“地网”，2021-03-08 14:00至2021-03-09 12:00，光缆迁改"
    )
    both = run(
        "maintenance",
        "add",
        "--group",
        "地网",
        "--device",
        "x",
        "--from",
        "2021-03-08",
        "--to",
        "2021-03-09",
        "--reason",
        "r",
    )
    assert both.returncode == 2 and "二者选一" in both.stderr
    unknown = run(
        "maintenance",
        "add",
        "--group",
        "雪亮",
        "--from",
        "2021-03-08",
        "--to",
        "2021-03-09",
        "--reason",
        "r",
    )
    assert unknown.returncode == 2
    assert "没有属于分组“雪亮”的设备；已有分组：地网、天网、盐州路小区、花马池镇" in unknown.stderr
    backwards = run(
        "maintenance",
        "add",
        "--device",
        "64032300001320000001",
        "--from",
        "2021-03-09",
        "--to",
        "2021-03-08",
        "--reason",
        "r",
    )
    assert backwards.returncode == 2 and "结束时间应晚于开始时间" in backwards.stderr
