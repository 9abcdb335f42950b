"""The 申报表 and the 监控表 as Word and Excel: the content read back, and in the Excel no
cell's text taller than its rows (row heights are fitted to the wrapped text)."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
from docx import Document

from tests.conftest import SKYNET, WORKED, Run

CJK_POINTS_PER_LINE = 13.0  # the least a wrapped line of 10.5 pt text needs


def _width(sheet: openpyxl.worksheet.worksheet.Worksheet, first: int, last: int) -> float:
    letters = [openpyxl.utils.get_column_letter(c) for c in range(first, last + 1)]
    return sum(sheet.column_dimensions[x].width or 8.43 for x in letters)


def assert_no_clipped_cell(path: Path) -> None:
    """Independently of the writer's own estimate: a CJK character takes two width units,
    and each line at least 13 pt; every cell's rows together must hold its lines."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    spans = {r.min_row: r for r in sheet.merged_cells.ranges}
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value:
                continue
            merged = next((r for r in sheet.merged_cells.ranges if cell.coordinate in r), None)
            first_col, last_col = (merged.min_col, merged.max_col) if merged else (cell.column,) * 2
            rows = range(merged.min_row, merged.max_row + 1) if merged else [cell.row]
            width = _width(sheet, first_col, last_col)
            lines = sum(
                max(1, math.ceil(sum(2 if ord(c) > 0x2E7F else 1 for c in part) / width))
                for part in cell.value.split("\n")
            )
            height = sum(sheet.row_dimensions[r].height or 15 for r in rows)
            assert height >= lines * CJK_POINTS_PER_LINE, (path.name, cell.coordinate, cell.value)
    assert spans  # the forms have merged cells; the check above went through them


def test_the_declaration_form(jixiao: Run, tmp_path: Path) -> None:
    result = jixiao("targets", "report", WORKED, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    docx = tmp_path / f"{WORKED.stem}-申报表.docx"
    text = "\n".join(c.text for t in Document(str(docx)).tables for r in t.rows for c in r.cells)
    assert "2023年天网工程运维经费" in text and "≥1200个" in text
    assert "未指定证据来源" in text and "定性指标，宜量化" in text
    assert_no_clipped_cell(tmp_path / f"{WORKED.stem}-申报表.xlsx")


def test_the_monitoring_form(jixiao: Run, tmp_path: Path) -> None:
    result = jixiao(
        "monitor", SKYNET, "--as-of", "2021-07-31", "--format", "docx,xlsx", "-o", tmp_path
    )
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(tmp_path / f"{SKYNET.stem}-监控表.xlsx").worksheets[0]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "项目支出绩效运行监控表" in values and "6月底40%" in values
    assert any("预算执行进度预警：截至6月底应执行40%，实际执行0%" in str(v) for v in values)
    assert_no_clipped_cell(tmp_path / f"{SKYNET.stem}-监控表.xlsx")


def test_the_self_evaluation_table_is_not_clipped_either(jixiao: Run, tmp_path: Path) -> None:
    out = tmp_path / "skynet.xlsx"
    assert jixiao("report", SKYNET, "--format", "xlsx", "-o", out).returncode == 0
    assert_no_clipped_cell(out)
