"""`jixiao devices import|list` end to end: CSV and XLSX 点位表, Chinese errors, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

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
        f"错误：{path}：kind（类型）：类型无法识别：打印机（1行）；可用的类型见模板的“类型”表",
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


def test_a_table_in_real_words_keeps_them_and_exports_them_back(run: Run, tmp_path: Path) -> None:
    """The 类型 words and column names of real 点位表 (一机一档 registers): each device keeps
    its own word, shown and exported back; the export imports again unchanged."""
    path = tmp_path / "点位表.csv"
    path.write_text(
        "国标编码,点位名称,摄像机类型,设备厂商,行政区域,经度,纬度\n"
        "51042200001320000001,政府路口,枪机,海康威视,桐子林镇,101.72,26.67\n"
        "51042200001320000002,农贸市场,球机,大华,渔门镇,101.80,26.90\n"
        "51042200001320000003,派出所,摄像机,大华,渔门镇,,\n"
        "51042200001180000001,机房录像机,NVR,海康威视,桐子林镇,,\n"
        "51042200001320000004,卡口,卡口枪机,宇视,桐子林镇,,\n",
        encoding="utf-8",
    )
    assert run("devices", "import", path).returncode == 0
    listed = json.loads(run("devices", "list", "--json").stdout)
    assert [(d["name"], d["kind"], d["kind_word"]) for d in listed] == [
        ("机房录像机", "nvr", ""),  # NVR is the kind's own label: nothing more to keep
        ("政府路口", "camera", "枪机"),
        ("农贸市场", "camera", "球机"),
        ("派出所", "camera", ""),
        ("卡口", "camera", "卡口枪机"),
    ]
    exported = tmp_path / "导出.xlsx"
    result = run("devices", "export", exported)
    assert result.stdout.strip() == f"已导出5台设备：{exported}"
    sheet = load_workbook(exported)["点位表"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("设备编码", "名称", "类型")
    assert [(r[0], r[2], r[8]) for r in rows[1:]] == [
        ("51042200001180000001", "NVR", "海康威视"),
        ("51042200001320000001", "枪机", "海康威视"),
        ("51042200001320000002", "球机", "大华"),
        ("51042200001320000003", "摄像机", "大华"),
        ("51042200001320000004", "卡口枪机", "宇视"),
    ]
    again = run("devices", "import", exported)
    assert again.stdout.strip() == "已导入5台设备：新增0台，更新5台。"
    assert json.loads(run("devices", "list", "--json").stdout) == listed


def test_unknown_kind_words_are_summarised_before_the_rows(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "设备编码,名称,类型\n"
        "51042200001320000001,一,门禁\n"
        "51042200001320000002,二,门禁\n"
        "51042200001320000003,三,枪机\n"
        "51042200001320000004,四,报警柱\n"
        "51042200001320000005,五,门禁\n",
        encoding="utf-8",
    )
    result = run("devices", "import", path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[:2] == [
        f"错误：{path}：kind（类型）：类型无法识别：门禁（3行）；可用的类型见模板的“类型”表",
        f"错误：{path}：kind（类型）：类型无法识别：报警柱（1行）；可用的类型见模板的“类型”表",
    ]
    assert len(lines) == 2 + 4  # then each row, as before
    assert lines[2].startswith(f"错误：{path} 第2行：kind（类型）：无法识别的设备类型“门禁”")


def test_the_template_has_the_accepted_columns_an_example_and_the_words(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "模板.xlsx"
    assert run("devices", "template", path).stdout.strip() == f"已写出点位表模板：{path}"
    book = load_workbook(path)
    header, example = list(book["点位表"].iter_rows(values_only=True))
    assert header == (
        "设备编码", "名称", "类型", "分组", "区域", "地址", "IP", "端口", "厂商", "型号",
        "启用日期", "停用日期", "探测方式", "探测地址",
    )  # fmt: skip
    assert example[:3] == (
        "51042200001320000001",
        "示例：桐子林镇政府路口（导入前请删除本行）",
        "枪机",
    )
    words = {word: kind for word, kind in book["类型"].iter_rows(min_row=2, values_only=True)}
    assert words["枪机"] == words["球机"] == words["半球"] == words["卡口"] == "摄像机"
    assert words["NVR"] == words["DVR"] == words["编码器"] == "NVR"
    assert words["交换机"] == "网络设备"
    # the template as it is imports: every column is one the importer reads
    assert run("devices", "import", path).returncode == 0
    listed = json.loads(run("devices", "list", "--json").stdout)
    assert [(d["kind"], d["kind_word"], d["groups"]) for d in listed] == [
        ("camera", "枪机", ["天网", "盐边天网"])
    ]
