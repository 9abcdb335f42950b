"""Tables that a conversion to plain text flattened into lines, rebuilt as rows of cells.

Two shapes occur in the reports people send:

- one cell per line (Word's "save as text"): every cell after the first of a row starts a line
  with a tab, a cell's own line breaks continue it on lines without a tab, and each row ends
  with a blank line. A vertically merged cell comes out empty; the indicator reader fills it
  from the row above, as Word shows it.
- one row per line, cells separated by tabs (copied from a spreadsheet or a Word table).
- one row per line, each cell closed by "|" (a web page's table copied as text): "| | 参训学员
  就业率 | 60%及以上 | 53.53% |", a merged cell left empty after its first row. Taken as a
  table only when at least three lines in a row close the same number (three or more) of
  cells, two of them filled; a run whose lines differ in count is a table whose cells wrap
  over lines, which flat_sheet.py reads from the stream of cells instead.
- one cell per paragraph (a web page's cells, a blank line between two), an empty cell kept as
  a line of spaces, under a header 一级 | 二级 | 三级 | its value columns | a 备注 left empty on
  every row: each empty cell closes a row, whose cells take the header's last columns (the
  level cells merged down the block are written once, on its first row).

A run counts as a table only when some row has two non-empty cells; anything else stays text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Span = tuple[int, int, tuple[tuple[str, ...], ...], tuple[int, ...]]
_HEADER_FRAGMENT = 6  # a narrow first header cell wraps into short lines above the first tab
_MAX_FRAGMENTS = 4


def find_tables(lines: Sequence[str]) -> list[Span]:
    """(first line, end line exclusive, rows, first line of each row) of every table found."""
    spans: list[Span] = []
    i, floor = 0, 0
    while i < len(lines):
        span: Span | None = None
        if _is_row_line(lines[i]) and i + 1 < len(lines) and _is_row_line(lines[i + 1]):
            span = _row_per_line(lines, i)
        elif _closed_cells(lines[i]):
            span = _closed_rows(lines, i)
        elif lines[i].strip().startswith("一级"):
            span = _kept_empty_cells(lines, i)
        elif lines[i].startswith("\t"):
            span = _cell_per_line(lines, i, floor)
        if span is None:
            i += 1
            continue
        spans.append(span)
        i = floor = span[1]
    return spans


def _blank(line: str) -> bool:
    return not line.strip() and "\t" not in line


def _is_row_line(line: str) -> bool:
    """Two or more non-empty cells on one line (a row whose first cells are merged may start
    with tabs; a cell-per-line row never has two cells on a line)."""
    return len([p for p in line.split("\t") if p.strip()]) >= 2


def _row_follows(lines: Sequence[str], k: int) -> bool:
    """After a row's blank line: does another row start here (one with a tab before its end)?"""
    while k < len(lines) and not _blank(lines[k]):
        if "\t" in lines[k]:
            return True
        k += 1
    return False


def _cell_per_line(lines: Sequence[str], i: int, floor: int) -> Span | None:
    start = i
    while (
        start - 1 >= floor
        and i - start < _MAX_FRAGMENTS
        and not _blank(lines[start - 1])
        and "\t" not in lines[start - 1]
        and len(lines[start - 1].strip()) <= _HEADER_FRAGMENT
    ):
        start -= 1
    rows: list[list[list[str]]] = []
    row_lines: list[int] = []
    row: list[list[str]] | None = None
    j = start
    while j < len(lines):
        line = lines[j]
        if _blank(line):
            if row is None:
                break
            rows.append(row)
            row = None
            j += 1
            if not _row_follows(lines, j):
                break
            continue
        parts = line.split("\t")
        if row is None:
            row = [[]]
            row_lines.append(j)
        if parts[0].strip():
            row[-1].append(parts[0].strip())
        row.extend([[p.strip()] if p.strip() else [] for p in parts[1:]])
        j += 1
    if row is not None:
        rows.append(row)
    cells = tuple(tuple("\n".join(cell) for cell in r) for r in rows)
    if not any(sum(1 for c in r if c) >= 2 for r in cells):
        return None
    return start, j, cells, tuple(row_lines)


def _row_per_line(lines: Sequence[str], i: int) -> Span:
    j = i
    while j < len(lines) and _is_row_line(lines[j]):
        j += 1
    rows = tuple(tuple(p.strip() for p in lines[k].split("\t")) for k in range(i, j))
    return i, j, rows, tuple(range(i, j))


_CLOSED_ROWS = 3
_CLOSED_CELLS = 3
_MARK = re.compile(r"\s*[|｜]\s*")


def _closed_cells(line: str) -> list[str]:
    """The cells of a line that closes each of them with "|" (three or more, two filled, the
    last one filled), or [] for any other line. A row padded with empty cells at its end
    ("WIFI布点全覆盖 | 100%覆盖 | 100%覆盖 | |||||") dropped its merged cells rather than
    leaving them empty in their place: its cells' places are not its columns."""
    text = line.strip()
    if not text.endswith(("|", "｜")):
        return []
    cells = [c.strip() for c in _MARK.split(text[:-1])]
    if len(cells) < _CLOSED_CELLS or sum(1 for c in cells if c) < 2 or not cells[-1]:
        return []
    return cells


def _closed_rows(lines: Sequence[str], i: int) -> Span | None:
    width = len(_closed_cells(lines[i]))
    rows: list[tuple[str, ...]] = []
    j = i
    while j < len(lines) and len(cells := _closed_cells(lines[j])) == width:
        rows.append(tuple(cells))
        j += 1
    if len(rows) < _CLOSED_ROWS:
        return None
    return i, j, tuple(rows), tuple(range(i, j))


_LEVEL_HEADS = ("一级", "二级", "三级")
_HEAD_CELL = 12  # a header cell is a few words
_ROW_CELLS = 2  # a name and its value at least, before the empty 备注


def _paragraph_cells(lines: Sequence[str], i: int) -> list[tuple[str, int]]:
    """The cells from line i on, one a paragraph with a blank line between two: (its text,
    "" for a line of spaces; its line). Stops where two written lines follow each other."""
    cells: list[tuple[str, int]] = []
    j = i
    while j < len(lines):
        if lines[j] == "":
            j += 1
            continue
        if cells and j > 0 and lines[j - 1] != "":
            break  # two lines with no blank between: not cells one a paragraph
        cells.append((lines[j].strip(), j))
        j += 1
    return cells


def _kept_empty_cells(lines: Sequence[str], i: int) -> Span | None:
    from jixiao.domain.reading.tables import Column, header_columns

    cells = _paragraph_cells(lines, i)
    if len(cells) < len(_LEVEL_HEADS) or any(
        not cells[k][0].startswith(head) for k, head in enumerate(_LEVEL_HEADS)
    ):
        return None
    width = len(_LEVEL_HEADS)
    while width < len(cells) and 0 < len(cells[width][0]) <= _HEAD_CELL:
        named = header_columns([cells[width][0]])
        if not named or Column.NAME in named or Column.LEVEL1 in named:
            break
        width += 1
    header = [c for c, _ in cells[:width]]
    if header_columns(header[-1:]) != {Column.NOTE: 0} or width < len(_LEVEL_HEADS) + 2:
        return None  # no value column, or no 备注 last to close the rows
    rows: list[tuple[str, ...]] = [tuple(header)]
    row_lines = [cells[0][1]]
    row: list[tuple[str, int]] = []
    end = cells[width - 1][1] + 1
    for text, line in cells[width:]:
        if text:
            row.append((text, line))
            if len(row) >= width:
                break  # no empty 备注 where a row must end: the table stops before
            continue
        if len(row) < _ROW_CELLS:
            break
        rows.append((*(t for t, _ in row), ""))
        row_lines.append(row[0][1])
        row, end = [], line + 1
    if len(rows) <= _CLOSED_ROWS:
        return None
    return i, end, tuple(rows), tuple(row_lines)
