"""`jixiao devices import|list` end to end: CSV and XLSX 点位表, Chinese errors, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from jixiao import bootstrap
from jixiao.config import Settings
from tests.conftest import EXAMPLES, Run

DEVICES = EXAMPLES / "diwang-devices.csv"


@pytest.fixture
def run(jixiao: Run, tmp_path: Path) -> Run:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data")}
    return lambda *args: jixiao(*args, env=env)


def test_importing_the_example_table_adds_every_device(run: Run, tmp_path: Path) -> None:
    result = run("devices", "import", DEVICES)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "已导入6台设备：新增6台，更新0台。"
    assert (tmp_path / "data" / "jixiao.sqlite3").is_file()
    listed = json.loads(run("devices", "list", "--group", "盐州路小区", "--json").stdout)
    assert [(d["name"], d["kind"], d["commissioned"]) for d in listed] == [
        ("盐州路小区北门", "camera", "2021-06-15"),
        ("盐州路小区南门", "camera", "2021-06-15"),
    ]
    again = run("devices", "import", DEVICES)
    assert again.stdout.strip() == "已导入6台设备：新增0台，更新6台。"


def test_an_xlsx_table_with_english_headers_is_read(run: Run, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["device_id", "name", "kind", "groups", "commissioned", "备注"])
    sheet.append(["64032300001320000001", "东门", "camera", "天网;雪亮", "2021-03-01", "x"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["64032300002000000001", "市局平台", None, "天网", None, None])
    path = tmp_path / "点位表.xlsx"
    book.save(path)
    result = run("devices", "import", path)
    assert result.returncode == 0, result.stderr
    listed = json.loads(run("devices", "list", "--json").stdout)
    assert [(d["kind"], d["groups"]) for d in listed] == [
        ("camera", ["天网", "雪亮"]),
        ("platform", ["天网"]),
    ]


def test_every_bad_row_is_reported_and_nothing_is_imported(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "设备编码,名称,类型,端口,启用日期\n"
        "64032300001320000001,东门,摄像机,5060,2021-01-01\n"
        "6403230000132000000,西门,摄像机,,\n"
        "64032300001320000003,,打印机,70000,2021-13-01\n"
        "64032300001320000001,重复,摄像机,,\n",
        encoding="gb18030",
    )
    result = run("devices", "import", path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"错误：{path} 第3行：device_id（设备编码）：设备编码“6403230000132000000”应为20位数字（GB/T 28181 统一编码，如 64032300001320000001）",
        f"错误：{path} 第4行：name（名称）：名称不能为空",
        f"错误：{path} 第4行：kind（类型）：无法识别的设备类型“打印机”；应为 camera/nvr/platform/terminal/network 或 摄像机/NVR/平台/会议终端/网络设备（也认枪机、球机、半球、筒机、卡口、人脸、热成像、DVR、编码器、交换机等）",
        f"错误：{path} 第4行：port（端口）：端口“70000”应为1–65535的整数",
        f"错误：{path} 第4行：commissioned（启用日期）：无法识别的日期“2021-13-01”；应为如 2021-03-01 或 2021年3月1日",
    ]
    assert json.loads(run("devices", "list", "--json").stdout) == []


def test_a_duplicate_id_names_both_lines(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text(
        "device_id,name,kind\n64032300001320000001,a,camera\n64032300001320000001,b,camera\n",
        encoding="utf-8",
    )
    result = run("devices", "import", path)
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"错误：{path} 第3行：device_id（设备编码）：设备编码64032300001320000001与第2行重复"
    )


def test_a_table_without_the_id_column_says_which_columns_are_needed(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("名称,类型\n东门,摄像机\n", encoding="utf-8")
    result = run("devices", "import", path)
    assert result.returncode == 2
    assert "缺少列：device_id/设备编码" in result.stderr


def test_an_id_stored_as_a_number_by_excel_is_caught(run: Run, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["设备编码", "名称", "类型"])
    book.active.append([64032300001320000001, "东门", "摄像机"])
    path = tmp_path / "number.xlsx"
    book.save(path)
    result = run("devices", "import", path)
    assert result.returncode == 2
    assert "设备编码被 Excel 存成了数字" in result.stderr


def test_imports_from_the_command_line_are_in_the_audit_log_as_cli(
    run: Run, tmp_path: Path
) -> None:
    assert run("devices", "import", DEVICES).returncode == 0
    assert run("status", "import", EXAMPLES / "diwang-status.csv").returncode == 0
    added = run(
        "maintenance", "add", "--group", "地网", "--from", "2021-03-01 08:00",
        "--to", "2021-03-01 18:00", "--reason", "光缆迁改",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    settings = Settings(data_dir=tmp_path / "data")
    with bootstrap.build(settings).store.read() as repos:
        entries, total = repos.audit.page(limit=100)
    assert total == 8  # six devices, one status import, one maintenance window
    assert {e.username for e in entries} == {"cli"}
    assert sorted({(e.entity, e.action) for e in entries}) == [
        ("device", "create"),
        ("maintenance", "create"),
        ("status", "import"),
    ]
    status = next(e for e in entries if e.entity == "status")
    assert status.target == "diwang-status.csv"
