"""`jixiao availability`, `jixiao evaluate` with bound evidence, `project`, `db upgrade`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from jixiao.adapters.db.migrate import head_revision
from tests.conftest import EXAMPLES, WORKED, Run

H = 3600


@pytest.fixture
def run(jixiao: Run, tmp_path: Path) -> Run:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data")}

    def call(*args: str | Path) -> object:
        return jixiao(*args, env=env)

    return call  # type: ignore[return-value]


@pytest.fixture
def loaded(run: Run) -> Run:
    for args in (
        ("devices", "import", EXAMPLES / "diwang-devices.csv"),
        ("status", "import", EXAMPLES / "diwang-status.csv"),
    ):
        assert run(*args).returncode == 0
    return run


def test_time_weighted_json_for_a_march_day_with_an_outage(loaded: Run) -> None:
    result = loaded(
        "availability",
        "--group",
        "地网",
        "--from",
        "2021-03-08",
        "--to",
        "2021-03-09",
        "--by",
        "day",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"method", "from", "to", "devices", "online_rate", "rows"} <= set(data)
    assert (data["method"], data["from"], data["to"], data["devices"]) == (
        "time",
        "2021-03-08",
        "2021-03-09",
        3,
    )
    # 3 devices in service (东门, 西门, NVR); 东门 off 03-08 14:20 → 03-09 10:05
    assert [(r["key"], r["online_seconds"], r["expected_seconds"]) for r in data["rows"]] == [
        ("2021-03-08", 72 * H - (9 * H + 40 * 60), 72 * H),
        ("2021-03-09", 72 * H - (10 * H + 5 * 60), 72 * H),
    ]
    assert data["outages"][0]["seconds"] == 19 * H + 45 * 60


def test_maintenance_is_excluded_and_the_sampled_method_counts_inspections(loaded: Run) -> None:
    loaded(
        "maintenance",
        "add",
        "--device",
        "64032300001320000001",
        "--from",
        "2021-03-08 14:00",
        "--to",
        "2021-03-09 12:00",
        "--reason",
        "光缆迁改",
    )
    data = json.loads(
        loaded(
            "availability",
            "--group",
            "地网",
            "--from",
            "2021-03-08",
            "--to",
            "2021-03-09",
            "--json",
        ).stdout
    )
    assert data["online_rate"] == 1.0
    assert data["excluded"]["maintenance_seconds"] == 22 * H
    sampled = json.loads(
        loaded(
            "availability",
            "--from",
            "2021-03-09",
            "--to",
            "2021-03-09",
            "--method",
            "sample",
            "--sample-at",
            "08:00",
            "--json",
        ).stdout
    )
    # at 08:00 on 03-09: 东门 in maintenance (not counted); 西门, NVR, 老城区 online
    assert (sampled["samples"], sampled["online"], sampled["counted"], sampled["online_rate"]) == (
        1,
        3,
        3,
        1.0,
    )


def test_the_table_output_cites_its_evidence(loaded: Run) -> None:
    result = loaded("availability", "--from", "2021-01-01", "--to", "2021-12-31", "--by", "month")
    assert result.returncode == 0, result.stderr
    assert "在线率" in result.stdout and "2021-12" in result.stdout and "最长的" in result.stdout


def test_bad_options_are_input_errors(loaded: Run) -> None:
    assert loaded("availability", "--from", "2021-13-01", "--to", "2021-12-31").returncode == 2
    unknown = loaded(
        "availability", "--group", "雪亮", "--from", "2021-01-01", "--to", "2021-01-02"
    )
    assert unknown.returncode == 2 and "没有属于分组“雪亮”的设备" in unknown.stderr
    times = loaded(
        "availability",
        "--from",
        "2021-01-01",
        "--to",
        "2021-01-02",
        "--method",
        "sample",
        "--sample-at",
        "25:00",
    )
    assert times.returncode == 2 and "无法识别的抽检时刻“25:00”" in times.stderr


def test_evaluate_measures_a_bound_online_rate(loaded: Run, tmp_path: Path) -> None:
    written = 'name: 视频点位在线率, target: "≥95%", actual: 96.2%'
    bound = 'name: 视频点位在线率, target: "≥95%", actual: {measure: online_rate, group: 地网, period: 2021-03-08..2021-03-09}'
    text = WORKED.read_text(encoding="utf-8")
    assert written in text
    path = tmp_path / "bound.yaml"
    path.write_text(text.replace(written, bound), encoding="utf-8")
    result = loaded("evaluate", "--json", path)
    assert result.returncode == 0, result.stderr
    row = next(r for r in json.loads(result.stdout)["indicators"] if r["name"] == "视频点位在线率")
    assert row["actual"] == "86.28%"  # (518400 − 34800 − 36300) / 518400, rounded down once
    assert row["score"] == 9.08  # 10 × 86.28 / 95, as the printed figures recompute
    assert row["evidence"].startswith(
        "在线率86.28%（按时长加权）：分组“地网”3台设备，2021-03-08至2021-03-09"
    )


def test_a_plain_file_is_evaluated_without_any_store(jixiao: Run, tmp_path: Path) -> None:
    bad_store = {"JIXIAO_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    result = jixiao("evaluate", "--json", WORKED, env=bad_store)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 92.61


def test_project_import_and_export_round_trip(run: Run, tmp_path: Path) -> None:
    imported = run("project", "import", WORKED)
    assert imported.returncode == 0, imported.stderr
    listed = run("project", "list").stdout.strip().splitlines()
    assert len(listed) == 1
    _year, name = listed[0].split("\t")
    out = tmp_path / "exported.yaml"
    assert run("project", "export", name, "-o", out).returncode == 0
    assert json.loads(run("evaluate", "--json", out).stdout)["total"] == 92.61
    missing = run("project", "export", "没有这个项目")
    assert missing.returncode == 2 and "没有项目“没有这个项目”" in missing.stderr


def test_db_upgrade_creates_then_reports_up_to_date(run: Run, tmp_path: Path) -> None:
    first = run("db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert f"已从空库升级到版本 {head_revision()}" in first.stdout
    assert "已是最新结构" in run("db", "upgrade").stdout


def test_bad_settings_are_reported_by_variable(jixiao: Run) -> None:
    result = jixiao("db", "upgrade", env={"JIXIAO_TIMEZONE": "Mars/Olympus"})
    assert result.returncode == 2
    assert "JIXIAO_TIMEZONE" in result.stderr and "未知的时区“Mars/Olympus”" in result.stderr


def test_the_daily_rollup_is_kept_checked_and_rebuilt(loaded: Run, tmp_path: Path) -> None:
    check = loaded("db", "rebuild-rollups", "--check")
    assert check.returncode == 0, check.stderr
    assert "日汇总与状态记录一致（时区 Asia/Shanghai）" in check.stdout
    with sqlite3.connect(tmp_path / "data" / "jixiao.sqlite3") as db:  # a bulk load behind its back
        db.execute(
            "INSERT INTO status_change (device_pk, at, online, previous) VALUES (1, 1, 1, 0)"
        )
    stale = loaded("db", "rebuild-rollups", "--check")
    assert stale.returncode == 1 and "请运行 jixiao db rebuild-rollups" in stale.stdout
    rebuilt = loaded("db", "rebuild-rollups")
    assert rebuilt.returncode == 0 and "已重建在线率日汇总" in rebuilt.stdout
    assert loaded("db", "rebuild-rollups", "--check").returncode == 0


def test_a_rollup_of_another_timezone_is_pointed_out(jixiao: Run, tmp_path: Path) -> None:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data")}
    assert jixiao("db", "upgrade", env=env).returncode == 0
    tokyo = {**env, "JIXIAO_TIMEZONE": "Asia/Tokyo"}
    told = jixiao("db", "upgrade", env=tokyo)
    assert "按时区 Asia/Shanghai 建立，与当前时区 Asia/Tokyo 不符" in told.stdout
    assert jixiao("db", "rebuild-rollups", env=tokyo).returncode == 0
    assert "不符" not in jixiao("db", "upgrade", env=tokyo).stdout
