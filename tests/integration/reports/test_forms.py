"""The 申报表 and the 监控表 as Word and Excel: the content read back, and in the Excel no
cell's text taller than its rows (row heights are fitted to the wrapped text)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from docx import Document

from tests.conftest import SKYNET, WORKED, Run

CJK_POINTS_PER_LINE = 13.0  # the least a wrapped line of 10.5 pt text needs


def _width(sheet: openpyxl.worksheet.worksheet.Worksheet, first: int, last: int) -> float:
    letters = [openpyxl.utils.get_column_letter(c) for c in range(first, last + 1)]
    return sum(sheet.column_dimensions[x].width or 8.43 for x in letters)


def _lines(text: str, width: float) -> int:
    """Lines of a greedy wrap: a CJK character is two units and may start a line; a run of
    Latin letters and digits (a SHA-256, a number) moves whole to the next line."""
    total = 0
    for part in text.split("\n"):
        lines, used = 1, 0
        for token in re.findall(r"[0-9A-Za-z.,:;%_/+\-]+|.", part):
            size = sum(2 if ord(c) > 0x2E7F else 1 for c in token)
            if used and used + size > width:
                lines, used = lines + 1, 0
            while size > width:
                lines, size = lines + 1, size - int(width)
            used += size
        total += lines
    return total


def assert_no_clipped_cell(path: Path) -> None:
    """Independently of the writer's own estimate: each line at least 13 pt; on every sheet,
    every cell's rows together must hold its lines."""
    for sheet in openpyxl.load_workbook(path).worksheets:
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if not isinstance(cell.value, str) or not cell.value:
                    continue
                merged = next((r for r in sheet.merged_cells.ranges if cell.coordinate in r), None)
                first, last = (merged.min_col, merged.max_col) if merged else (cell.column,) * 2
                rows = range(merged.min_row, merged.max_row + 1) if merged else [cell.row]
                lines = _lines(cell.value, _width(sheet, first, last))
                height = sum(sheet.row_dimensions[r].height or 15 for r in rows)
                assert height >= lines * CJK_POINTS_PER_LINE, (path.name, sheet.title, cell.value)
    assert openpyxl.load_workbook(path).worksheets[0].merged_cells.ranges  # went through merges


def test_the_declaration_form(jixiao: Run, tmp_path: Path) -> None:
    result = jixiao("targets", "report", WORKED, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    docx = tmp_path / f"{WORKED.stem}-申报表.docx"
    text = "\n".join(c.text for t in Document(str(docx)).tables for r in t.rows for c in r.cells)
    assert "2023年天网工程运维经费" in text and "≥1200个" in text
    assert "未指定证据来源" in text and "定性指标，宜量化" in text
    assert_no_clipped_cell(tmp_path / f"{WORKED.stem}-申报表.xlsx")


def test_the_declaration_names_the_evidence_in_words_not_as_a_binding(
    jixiao: Run, tmp_path: Path
) -> None:
    # the Skynet example binds its indicators to the evidence store: the 申报表 goes to the
    # finance bureau and says 在线率（分组：…；期间：…）, never measure=… or group=…
    result = jixiao("targets", "report", SKYNET, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    docx = tmp_path / f"{SKYNET.stem}-申报表.docx"
    text = "\n".join(c.text for t in Document(str(docx)).tables for r in t.rows for c in r.cells)
    assert "证据库：修正在线率（分组：盐边天网；期间：2021）" in text
    assert "证据库：考核扣款（合同：天网工程服务费；期间：2021）" in text
    assert not re.search(r"measure|group|period|contract|[a-z_]+=", text)


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
    assert_no_clipped_cell(out)  # both sheets: the 自评表 and the 证据清单 (SHA-256 citations)
    assert [s.title for s in openpyxl.load_workbook(out).worksheets] == ["自评表", "证据清单"]
