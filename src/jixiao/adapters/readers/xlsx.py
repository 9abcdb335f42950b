"""Excel workbooks (.xlsx; .xls through LibreOffice): every sheet as a grid, merged ranges kept.

The 自评表 is often a workbook: one sheet, the 一级/二级 cells merged down their rows, figures
stored as numbers (0.95 shown as 95%). Each sheet becomes its name as a heading and its used
range as one table; values are shown as the sheet shows them (percent formats as "95%").
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.domain.errors import InputError, Problem
from jixiao.domain.reading.grid import Grid, GridCell
from jixiao.domain.reading.text import Document, RawBlock, RawParagraph, build_document

from .legacy import convert
from .limits import MAX_SECONDS_PER_FILE, MAX_SHEET_CELLS, check_zip, refuse, time_limit
from .sniff import NAMES, kind_of

MAX_SHEETS = 50


def read_xlsx(path: Path, data: bytes) -> Document:
    kind = kind_of(data)
    if kind != "zip":
        what = NAMES[kind] if kind else "文本或其他格式"
        hint = "（旧版 Excel 请用 .xls 扩展名）" if kind == "ole" else ""
        raise refuse(path, f"不是有效的 Excel（.xlsx）文件：内容是{what}{hint}")
    check_zip(path, data, "Excel 文件", "Excel 文件已损坏（压缩包无法打开）；请重新另存为 .xlsx")
    too_slow = f"Excel 文件读取超过{MAX_SECONDS_PER_FILE}秒，拒绝读取（结构异常复杂）"
    with time_limit(MAX_SECONDS_PER_FILE, lambda: refuse(path, too_slow)):
        return _read_xlsx(path, data)


def read_xls(path: Path, data: bytes) -> Document:
    """Old Excel: converted to .xlsx by LibreOffice, then read as .xlsx."""
    if kind_of(data) != "ole":
        what = NAMES.get(kind_of(data) or "", "文本或其他格式")
        raise refuse(path, f"不是有效的旧版 Excel（.xls）文件：内容是{what}")
    with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
        out = convert(path, "xlsx", Path(tmp))
        return read_xlsx(path, out.read_bytes())


def _read_xlsx(path: Path, data: bytes) -> Document:
    from openpyxl import load_workbook  # imported here: slow, and only workbooks need it

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged package
        raise InputError(
            [
                Problem(
                    str(path),
                    f"Excel 文件内容无法解析（{type(error).__name__}）；请用 Excel 打开后重新另存为 .xlsx",
                )
            ]
        ) from error
    blocks: list[RawBlock] = []
    cells = 0
    for sheet in workbook.worksheets[:MAX_SHEETS]:
        cells += (sheet.max_row or 0) * (sheet.max_column or 0)
        if cells > MAX_SHEET_CELLS:
            raise refuse(
                path, f"Excel 文件超过{MAX_SHEET_CELLS:,}个单元格，拒绝读取（可能含大量空行）"
            )
        grid = _sheet_grid(sheet)
        if grid is None:
            continue
        blocks.append(RawParagraph(sheet.title, f"工作表“{sheet.title}”"))
        blocks.append(grid.raw_table())
    workbook.close()
    document = build_document(path.name, blocks)
    if not document.tables:
        raise refuse(path, "Excel 文件里没有内容")
    return document


def _sheet_grid(sheet: Any) -> Grid | None:
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for merged in sheet.merged_cells.ranges:
        rows = merged.max_row - merged.min_row + 1
        columns = merged.max_col - merged.min_col + 1
        spans[(merged.min_row, merged.min_col)] = (rows, columns)
        covered |= {
            (r, c)
            for r in range(merged.min_row, merged.max_row + 1)
            for c in range(merged.min_col, merged.max_col + 1)
        } - {(merged.min_row, merged.min_col)}
    texts = {
        (cell.row, cell.column): (shown(cell.value, cell.number_format), cell.coordinate)
        for row in sheet.iter_rows()
        for cell in row
        if (cell.row, cell.column) not in covered and cell.value is not None
    }
    texts = {k: v for k, v in texts.items() if v[0].strip()}
    if not texts:
        return None
    top = min(r for r, _ in texts)
    left = min(c for _, c in texts)
    bottom = max(r + spans.get((r, c), (1, 1))[0] - 1 for r, c in texts)
    cells = tuple(
        GridCell(
            text,
            r - top,
            c - left,
            min(spans.get((r, c), (1, 1))[0], bottom - r + 1),
            spans.get((r, c), (1, 1))[1],
            coordinate,
        )
        for (r, c), (text, coordinate) in sorted(texts.items())
    )
    name = f"工作表“{sheet.title}”"
    places = tuple(f"{name}第{r}行" for r in range(top, bottom + 1))
    return Grid(cells, name, places)


def shown(value: Any, number_format: str = "General") -> str:
    """A cell value as the sheet shows it: 0.95 with a percent format is "95%", 10.0 is "10"."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        figure = Decimal(str(round(value, 10) if isinstance(value, float) else value))
        if "%" in (number_format or ""):
            return f"{_plain(figure * 100)}%"
        return _plain(figure)
    return str(value).replace("\r\n", "\n").strip()


def _plain(figure: Decimal) -> str:
    text = format(figure.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
