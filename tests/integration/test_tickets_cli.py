"""`jixiao tickets sync|import|list`, `availability --json` with exemptions and `assess`, run
as commands on the Skynet example's devices, status history and tickets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from docx import Document

from jixiao.adapters.reports.grid import lines_needed
from tests.conftest import EXAMPLES, SKYNET, Run

H = 3600


@pytest.fixture
def run(jixiao: Run, tmp_path: Path) -> Run:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data")}

    def call(*args: str | Path) -> object:
        return jixiao(*args, env=env)

    return call  # type: ignore[return-value]


def test_tickets_then_the_rates_and_the_assessment(run: Run, tmp_path: Path) -> None:
    for args in (
        ("devices", "import", EXAMPLES / "tianwang-devices.csv"),
        ("status", "import", EXAMPLES / "tianwang-status.csv"),
    ):
        assert run(*args).returncode == 0
    # outages over 30 min: 03-05, 03-31, 06-10, 08-01, 09-20, 12-20 (11-15 lasted 20 min)
    synced = run("tickets", "sync")
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.strip() == "新开工单6张，已恢复关闭0张（离线超过30分钟派单）。"
    assert run("tickets", "sync").stdout.startswith("新开工单0张")
    imported = run("tickets", "import", EXAMPLES / "tianwang-tickets.csv")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "已导入6行工单：新增0张，更新6张。"
    listed = json.loads(run("tickets", "list", "--json").stdout)
    assert len(listed) == 6 and all(t["closed"] for t in listed)
    assert [t["exemption"]["category"] for t in listed if t["exemption"]] == [
        "停电",
        "道路施工",
        "业主原因",
    ]
    assert json.loads(run("tickets", "list", "--open", "--json").stdout) == []

    june = json.loads(
        run(
            "availability",
            "--group",
            "天网",
            "--from",
            "2021-06-01",
            "--to",
            "2021-06-30",
            "--json",
        ).stdout
    )
    assert (june["online_rate"], june["corrected_online_rate"], june["exempted_seconds"]) == (
        0.975,
        round(2808 / 2820, 6),
        60 * H,
    )
    text = run("availability", "--group", "天网", "--from", "2021-06-01", "--to", "2021-06-30")
    assert "修正在线率99.57%：已批准的工单免责" in text.stdout

    august = run("assess", SKYNET, "--contract", "天网工程服务费", "--month", "2021-08", "--json")
    assert august.returncode == 0, august.stderr
    data = json.loads(august.stdout)
    assert (data["raw_online_rate"], data["corrected_online_rate"]) == (
        round(2808 / 2976, 6),
        round(2808 / 2976, 6),
    )
    assert (data["tickets"], data["late_repairs"]) == (1, 1)
    assert (data["deduction"]["yuan"], data["payable"]["yuan"]) == (2609.25, 321890.75)
    table = tmp_path / "考核表.xlsx"
    year = json.loads(
        run(
            "assess",
            SKYNET,
            "--contract",
            "天网工程服务费",
            "--year",
            "2021",
            "--json",
            "--xlsx",
            table,
            "--docx",
            table.with_suffix(".docx"),
        ).stdout
    )
    assert table.stat().st_size > 0
    word = Document(str(table.with_suffix(".docx")))
    assert [p.text for p in word.paragraphs[:2]] == [
        "运维考核表",
        "（考核期：2021年1月至2021年12月）",
    ]
    [sheet] = word.tables
    cells = [cell.text for row in sheet.rows for cell in row.cells]
    assert "考核范围：分组“盐边天网”" in cells[cells.index("考核规则") + 1]
    total = sheet.rows[-2].cells  # the year's total, above the signatures
    assert [total[i].text for i in (0, 3, 5, 6, 7)] == [
        "合计",
        "6张，超时修复2",
        "3894000",
        "3109.25",
        "3890890.75",
    ]
    # Across an A4 page, and every figure on one line of its cell even at 五号 (10.5 pt): a fee
    # of 3890890.75 or a rate of 99.52% broken over two lines was unreadable.
    page = word.sections[0]
    assert page.page_width is not None and page.page_height is not None
    assert page.page_width > page.page_height
    latin_mm = 10.5 * 25.4 / 72 / 2
    figures = [c for r in sheet.rows for c in r.cells if re.fullmatch(r"[\d.]+%?", c.text)]
    assert len(figures) > 12 * 6
    for cell in figures:
        assert lines_needed(cell.text, cell.width.mm / latin_mm) == 1, cell.text
    august_row = next(r.cells for r in sheet.rows if r.cells[0].text == "2021年8月")
    assert august_row[8].text == (
        "修正在线率94.35%，低于目标0.65个百分点，扣2109.25元；超时修复1单，扣500元"
    )
    assert sheet.rows[-1].cells[0].text.startswith("甲方（采购人）签字（盖章）：")
    assert sheet.rows[-1].cells[8].text.startswith("乙方（承接单位）签字（盖章）：")
    assert len(year["months"]) == 12
    assert (year["deduction"]["yuan"], year["payable"]["yuan"]) == (3109.25, 3890890.75)


def test_bad_ticket_rows_are_named_and_nothing_is_saved(run: Run, tmp_path: Path) -> None:
    assert run("devices", "import", EXAMPLES / "tianwang-devices.csv").returncode == 0
    bad = tmp_path / "坏工单.csv"
    bad.write_text(
        "设备编码,报修时间,修复时间\n"
        "51042200001320000001,2021-03-05 08:00,2021-03-05 07:00\n"
        "51042200001320000009,2021-03-05 08:00,\n",
        encoding="utf-8",
    )
    result = run("tickets", "import", bad)
    assert result.returncode == 2
    assert "第2行：repaired（修复时间）：修复时间早于报修时间" in result.stderr
    assert "第3行：device_id（设备编码）：设备51042200001320000009不在设备清单中" in result.stderr
    assert json.loads(run("tickets", "list", "--json").stdout) == []
    refused = run("assess", SKYNET, "--contract", "天网工程服务费")
    assert refused.returncode == 2
    assert "请给出 --month（如 2024-03）或 --year（如 2024）其中之一" in refused.stderr
