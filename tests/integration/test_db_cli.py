"""`jixiao db check` and `jixiao db backup`, and a damaged store named as such (exit 1)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import EXAMPLES, Run


def _on(data: Path) -> dict[str, str]:
    return {"JIXIAO_DATA_DIR": str(data)}


def test_check_then_backup_gives_a_copy_that_opens_with_the_same_devices(
    jixiao: Run, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    imported = jixiao("devices", "import", EXAMPLES / "diwang-devices.csv", env=_on(data))
    assert imported.returncode == 0, imported.stderr
    checked = jixiao("db", "check", env=_on(data))
    assert checked.returncode == 0, checked.stderr
    assert "完好" in checked.stdout and "日汇总与状态记录一致" in checked.stdout
    copy = tmp_path / "backup.sqlite3"
    saved = jixiao("db", "backup", copy, env=_on(data))
    assert saved.returncode == 0, saved.stderr
    assert "SQLite 在线备份" in saved.stdout
    with sqlite3.connect(copy) as a, sqlite3.connect(data / "jixiao.sqlite3") as b:
        query = "SELECT device_id FROM device ORDER BY device_id"
        assert a.execute(query).fetchall() == b.execute(query).fetchall() != []
    again = jixiao("db", "backup", copy, env=_on(data))
    assert again.returncode == 2 and "文件已存在" in again.stderr


def test_a_damaged_store_is_named_with_what_to_do_and_exit_1(jixiao: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "jixiao.sqlite3").write_bytes(b"not a database at all " * 400)
    for command in (("db", "check"), ("devices", "list"), ("db", "backup", tmp_path / "b")):
        result = jixiao(*command, env=_on(data))
        assert result.returncode == 1, (command, result.stderr)
        assert result.stderr.startswith("错误：证据库已损坏："), result.stderr
        assert "从备份恢复" in result.stderr and "Traceback" not in result.stderr
