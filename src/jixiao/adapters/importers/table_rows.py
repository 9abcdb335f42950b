"""Rows of a CSV or XLSX table as {field: cell} with their line, headers matched by alias.

Bureaus keep their tables in Excel with Chinese headers, or export CSV in GB18030; both are
read here. Unknown columns (序号, 备注…) are ignored; a missing required column is a problem.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jixiao.adapters.readers.limits import (
    MAX_SHEET_CELLS,
    MAX_TABLE_BYTES,
    MAX_TABLE_ROWS,
    check_zip,
    refuse,
)
from jixiao.domain.errors import InputError, Problem


@dataclass(frozen=True, slots=True)
class TableRow:
    line: int
    cells: dict[str, Any]


def _key(text: object) -> str:
    return str(text or "").strip().lower().replace(" ", "").replace("_", "")


def read_table(
    path: Path, aliases: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
) -> tuple[str, list[TableRow]]:
    """(file label, rows): the first sheet of an .xlsx, or a .csv in UTF-8 or GB18030."""
    name = str(path)
    grid = read_grid(path)
    lookup = {_key(a): field for field, names in aliases.items() for a in (field, *names)}
    header_line = next(
        (i for i, row in enumerate(grid) if any(c not in (None, "") for c in row)), None
    )
    if header_line is None:
        raise InputError([Problem(name, "文件是空的")])
    header = [lookup.get(_key(c)) for c in grid[header_line]]
    missing = [f for f in required if f not in header]
    if missing:
        wanted = "、".join(f"{f}/{aliases[f][0]}" for f in missing)
        raise InputError([Problem(name, f"缺少列：{wanted}；第一行应为列名", header_line + 1)])
    rows = []
    for index, cells in enumerate(grid[header_line + 1 :], start=header_line + 2):
        values = {f: c for f, c in zip(header, cells, strict=False) if f is not None}
        if any(v not in (None, "") and str(v).strip() for v in values.values()):
            rows.append(TableRow(index, values))
    return name, rows


def read_grid(path: Path) -> list[list[Any]]:
    """Every row of the first sheet of an .xlsx, or of a .csv in UTF-8 or GB18030."""
    name = str(path)
    if not path.is_file():
        raise InputError([Problem(name, "文件不存在；请检查路径")])
    suffix = path.suffix.lower()
    if path.stat().st_size > MAX_TABLE_BYTES:
        size = path.stat().st_size / 1024 / 1024
        limit = MAX_TABLE_BYTES // 1024 // 1024
        raise refuse(path, f"文件过大（{size:.1f} MB）；表格文件不能超过{limit} MB")
    if suffix == ".xlsx":
        return _xlsx(path)
    if suffix in (".csv", ".txt"):
        return _csv(path)
    raise InputError([Problem(name, "只能导入 .csv 或 .xlsx 文件（.xls 请先另存为 .xlsx）")])


def _xlsx(path: Path) -> list[list[Any]]:
    # imported here: only .xlsx imports pay for it; openpyxl ships no type stubs
    from openpyxl import load_workbook

    with path.open("rb") as package:
        broken = "无法读取 Excel 文件（压缩包已损坏）；请用 Excel 重新另存为 .xlsx"
        check_zip(path, package, "Excel 文件", broken)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise InputError([Problem(str(path), f"无法读取 Excel 文件（{error}）")]) from error
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    try:
        return _bounded(path, rows)
    finally:
        rows.close()  # a refusal leaves the sheet half read: its file closes here
        workbook.close()


def _csv(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(
            [Problem(str(path), "文件编码无法识别；请另存为 UTF-8 或 GB18030 编码的 CSV")]
        )
    return _bounded(path, csv.reader(io.StringIO(text)))


def _bounded(path: Path, rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """The rows, refused as soon as they pass MAX_TABLE_ROWS or MAX_SHEET_CELLS (a sheet
    can declare a million rows, or one cell in column XFD, in a few bytes)."""
    grid: list[list[Any]] = []
    cells = 0
    for row in rows:
        cells += len(row)
        if len(grid) >= MAX_TABLE_ROWS:
            raise refuse(path, f"表格超过{MAX_TABLE_ROWS:,}行，拒绝导入；请分成几个文件")
        if cells > MAX_SHEET_CELLS:
            raise refuse(path, f"表格超过{MAX_SHEET_CELLS:,}个单元格，拒绝导入（可能含大量空列）")
        grid.append(list(row))
    return grid


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
