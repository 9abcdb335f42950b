"""A check run's findings exported as Excel and as the Word 审核意见: counts per file, then
every finding grouped by severity, errors first; the same from `jixiao check --xlsx/--docx`."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from docx import Document

from jixiao.adapters.reports.check_findings import findings_grid, write_findings
from jixiao.domain.errors import Problem
from jixiao.domain.findings import Finding, Severity
from jixiao.services.checking import CheckedFile
from tests.conftest import Run
from tests.integration.reports.test_forms import assert_no_clipped_cell

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"
RESULTS = [
    CheckedFile(
        "甲.txt",
        findings=[
            Finding("debris", Severity.INFO, "残留书签", "第3行", ("[bookmark: _GoBack]",)),
            Finding("date-late", Severity.WARNING, "日期晚于报告期", "第5行"),
            Finding("sum-wrong", Severity.ERROR, "合计不等于各项之和", "表1", ("合计 100",)),
        ],
    ),
    CheckedFile("乙.docx", findings=[Finding("no-target", Severity.ERROR, "指标没有目标值")]),
    CheckedFile("丙.pdf", problems=[Problem("丙.pdf", "文件已加密，无法读取")]),
]


def _rows(path: Path) -> list[list[str]]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [[str(c) for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]


def test_the_grid_counts_each_file_and_lists_errors_first() -> None:
    grid = findings_grid(RESULTS, "2026年12月07日检查")
    texts = [c.text for c in sorted(grid.cells, key=lambda c: (c.row, c.col))]
    assert grid.subtitle == "（共检查3个文件，2026年12月07日检查）"
    # 甲: 1 error, 1 warning, 1 note; 乙: 1 error; 丙 unread; in all 2, 1, 1
    assert texts[texts.index("甲.txt") + 1 : texts.index("甲.txt") + 4] == ["1", "1", "1"]
    assert texts[texts.index("乙.docx") + 1 : texts.index("乙.docx") + 4] == ["1", "0", "0"]
    assert texts[texts.index("丙.pdf") + 1] == "无法读取：文件已加密，无法读取"
    assert texts[texts.index("合计") + 1 : texts.index("合计") + 4] == ["2", "1", "1"]
    order = [
        t
        for t in texts
        if t in ("合计不等于各项之和", "指标没有目标值", "日期晚于报告期", "残留书签")
    ]
    assert order == ["合计不等于各项之和", "指标没有目标值", "日期晚于报告期", "残留书签"]
    headings = [t for t in texts if t[:2] in ("一、", "二、", "三、")]
    assert [h.split("：")[0] for h in headings] == [
        "一、错误（2项）",
        "二、警告（1项）",
        "三、提示（1项）",
    ]
    assert "1. 甲.txt" in texts and "2. 乙.docx" in texts and "sum-wrong\n表1" in texts


def test_word_and_excel_hold_the_same_findings_in_that_order(tmp_path: Path) -> None:
    out = {"xlsx": tmp_path / "结果.xlsx", "docx": tmp_path / "审核意见.docx"}
    assert write_findings(RESULTS, out) == [out["xlsx"], out["docx"]]
    flat = [t for row in _rows(out["xlsx"]) for t in row]
    assert flat[0] == "报告检查审核意见"
    assert flat.index("合计不等于各项之和") < flat.index("指标没有目标值") < flat.index("残留书签")
    assert_no_clipped_cell(out["xlsx"])
    table = Document(str(out["docx"])).tables[0]
    cells = [c.text for row in table.rows for c in row.cells]
    assert (
        cells.index("合计不等于各项之和") < cells.index("日期晚于报告期") < cells.index("残留书签")
    )


def test_check_exports_from_the_command_line(jixiao: Run, tmp_path: Path) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    xlsx, docx = tmp_path / "检查.xlsx", tmp_path / "审核意见.docx"
    result = jixiao("check", *seeds, "--xlsx", xlsx, "--docx", docx)
    assert result.returncode == 0, result.stderr
    assert f"已导出检查结果：{xlsx}" in result.stdout and f"已导出检查结果：{docx}" in result.stdout
    flat = [t for row in _rows(xlsx) for t in row]
    first_warning = next(i for i, t in enumerate(flat) if t.startswith("二、警告"))
    assert next(i for i, t in enumerate(flat) if t.startswith("一、错误")) < first_warning
    assert "obligation-arrears" in " ".join(flat[:first_warning])  # an error of seed 000
    assert Document(str(docx)).tables[0].rows[0].cells[0].text == "文件"
    wrong = jixiao("check", seeds[0], "--xlsx", tmp_path / "检查.docx")
    assert wrong.returncode == 2 and "应以 .xlsx 结尾" in wrong.stderr
