"""The 自评表 as Excel: the same grid as Word, with merged ranges, number formats, column
widths, a print area and A4 page set-up, so it prints as the form the finance bureau knows."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from jixiao.adapters.reports.evidence_annex import EvidenceAnnex
from jixiao.adapters.reports.grid import (
    COLUMNS,
    WIDTHS,
    Cell,
    Grid,
    Kind,
    build_grid,
    lines_needed,
    row_lines,
)
from jixiao.adapters.reports.view import ReportView

FONT = "仿宋_GB2312"
_BASE: dict[str, Any] = {
    "font_name": FONT,
    "font_size": 10.5,
    "border": 1,
    "text_wrap": True,
    "valign": "vcenter",
}
_KINDS: dict[Kind, dict[str, Any]] = {
    Kind.LABEL: {"bold": True, "align": "center"},
    Kind.TEXT: {"align": "left"},
    Kind.NUMBER: {"align": "center"},
    Kind.TOTAL: {"bold": True, "align": "center"},
}
HEADER_ROWS = 2  # title and year above the grid
_FORMULA_STARTS = ("=", "+", "-", "@")


def write_xlsx(view: ReportView, out: Path) -> None:
    write_grid_xlsx(build_grid(view), out, "自评表", view.annex)


def write_grid_xlsx(
    grid: Grid, out: Path, sheet_name: str, annex: EvidenceAnnex | None = None
) -> None:
    """A form of the nine-column grid (the 自评表, the 申报表, the 监控表) as a workbook."""
    # Text from the data is never a formula, whatever it starts with (a project named
    # =HYPERLINK(…) must not become a live link): xlsxwriter is told not to guess, and text
    # that a spreadsheet would still read as one is written with a leading apostrophe.
    workbook = xlsxwriter.Workbook(
        str(out), {"strings_to_formulas": False, "strings_to_urls": False}
    )
    try:
        sheet = workbook.add_worksheet(sheet_name)
        formats = {kind: workbook.add_format({**_BASE, **extra}) for kind, extra in _KINDS.items()}
        # A figure keeps the decimals it is written with (64.638万元 stays 64.638; a score
        # 9.50): Excel shows the number as the Word table and the policy print it.
        numbers = {
            (kind, places): workbook.add_format(
                {**_BASE, **extra, "num_format": "0." + "0" * places}
            )
            for kind, extra in _KINDS.items()
            for places in range(1, 7)
        }
        title = workbook.add_format(
            {"font_name": "方正小标宋简体", "font_size": 18, "align": "center", "valign": "vcenter"}
        )
        year = workbook.add_format({"font_name": FONT, "font_size": 11, "align": "center"})
        sheet.merge_range(0, 0, 0, COLUMNS - 1, inert(grid.title), title)
        sheet.merge_range(1, 0, 1, COLUMNS - 1, inert(grid.subtitle), year)
        sheet.set_row(0, 30)
        for cell in grid.cells:
            places = min(6, len(cell.text.partition(".")[2])) or 2
            _write(sheet, cell, formats[cell.kind], numbers[(cell.kind, places)])
        for column, width in enumerate(WIDTHS):
            sheet.set_column(column, column, width * COLUMN_SCALE)
        _fit_rows(sheet, grid)
        _page_setup(sheet, grid)
        if annex is not None:
            _annex(workbook, annex, formats[Kind.LABEL], formats[Kind.TEXT], title)
    finally:
        workbook.close()


ANNEX_COLUMNS = (
    ("二级指标", 12),
    ("三级指标", 28),
    ("分值", 7),
    ("证据来源", 30),
    ("证据内容", 60),
    ("所需证据", 36),
)


def _annex(
    workbook: xlsxwriter.Workbook, annex: EvidenceAnnex, label: Format, text: Format, title: Format
) -> None:
    """The 证据清单 on its own sheet: one row per indicator, the coverage above."""
    sheet = workbook.add_worksheet("证据清单")
    last = len(ANNEX_COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last, "证据清单", title)
    sheet.merge_range(
        1, 0, 1, last,
        f"证据覆盖率{annex.coverage}（有证据的三级指标分值{annex.backed_points}分"
        f"/三级指标总分值{annex.points}分）",
        text,
    )  # fmt: skip
    for column, (name, width) in enumerate(ANNEX_COLUMNS):
        sheet.write(2, column, name, label)
        sheet.set_column(column, column, width)
    for row, line in enumerate(annex.lines, start=3):
        values = (line.level2, line.name, line.points, line.source, line.citation, line.needed)
        for column, value in enumerate(values):
            sheet.write_string(row, column, inert(value), text)
        # Rows do not grow for wrapped text a program writes: size each for its tallest cell.
        lines = max(
            lines_needed(value, width * COLUMN_SCALE)
            for value, (_, width) in zip(values, ANNEX_COLUMNS, strict=True)
        )
        sheet.set_row(row, lines * LINE_POINTS)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def _write(sheet: Worksheet, cell: Cell, text_format: Format, number_format: Format) -> None:
    """Scores and amounts go in as numbers (so sums work in Excel); everything else as text."""
    row, col = cell.row + HEADER_ROWS, cell.col
    value: str | float = inert(cell.text)
    fmt = text_format
    if cell.kind in (Kind.NUMBER, Kind.TOTAL) and _is_number(cell.text):
        value, fmt = float(cell.text), number_format if "." in cell.text else text_format
    if cell.rowspan > 1 or cell.colspan > 1:
        sheet.merge_range(row, col, row + cell.rowspan - 1, col + cell.colspan - 1, value, fmt)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, fmt)
    else:
        sheet.write_number(row, col, value, fmt)


COLUMN_SCALE = 1.1  # WIDTHS are characters of the Word table; Excel's unit is a bit narrower
LINE_POINTS = 14.5  # one wrapped line of the 10.5 pt font, with its leading


def _fit_rows(sheet: Worksheet, grid: Grid) -> None:
    """Row heights for the wrapped text, so no cell is clipped: Excel and LibreOffice do not
    grow a row for wrapped text written by a program, nor ever for merged cells."""
    widths = [w * COLUMN_SCALE for w in WIDTHS]
    for row, lines in enumerate(row_lines(grid, widths)):
        sheet.set_row(row + HEADER_ROWS, math.ceil(lines) * LINE_POINTS)


def inert(text: str) -> str:
    """`text` as a spreadsheet shows it and never evaluates it."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _page_setup(sheet: Worksheet, grid: Grid) -> None:
    last_row = grid.rows + HEADER_ROWS - 1
    sheet.set_paper(9)  # A4
    sheet.set_portrait()
    sheet.set_margins(left=0.6, right=0.5, top=0.8, bottom=0.8)
    sheet.center_horizontally()
    sheet.print_area(0, 0, last_row, COLUMNS - 1)
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    sheet.set_footer("&C第 &P 页，共 &N 页")
