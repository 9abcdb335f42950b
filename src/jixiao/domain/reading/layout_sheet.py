"""A 自评表 printed without ruling lines, read from its page's text layout (PDF text laid out
with spaces, each character where the page puts it).

The header row's words give the columns by their position; every later word belongs to the
column it starts in. A row starts on a line with a figure in the 分值 or 得分 column; a narrow
column's wrapped text continues on the lines below and is appended to the row above. The
一级/二级 labels, written down their merged cells a few characters per line ("产", "出", "指",
"标（50", "分）"), are read as one stream per column and cut by the level vocabulary, each label
applying from the row where it starts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.domain.reading.tables import Column, header_columns
from jixiao.domain.reading.text import RawTable

_WORD = re.compile(r"\S+(?: \S+)*")  # words apart by one space stay one cell
_FIGURE = re.compile(r"^\d+(?:\.\d+)?$")
_LEVEL1 = re.compile(r"(产出指标|效益指标|满意度指标|成本指标)([（(]\d+(?:\.\d+)?分?[）)])?")
_LEVEL2 = re.compile(
    r"(服务对象满意度指标|数量指标|质量指标|时效指标|成本指标|经济效益指标|社会效益指标"
    r"|生态效益指标|可持续影响指标|满意度指标)"
)
_STOP = re.compile(r"^\s*(?:总\s*分|合\s*计|填报人|联系电话|其他需要说明)")
_MAX_HEADER_LINES = 5


def _words(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _WORD.finditer(line)]


def _column(starts: Sequence[int], x: int) -> int:
    """The column a word starting at `x` is in: the last whose start is at or left of it
    (a little slack: centred text starts right of its column's edge, never far left)."""
    index = 0
    for i, start in enumerate(starts):
        if x + 1 >= start:
            index = i
    return index


def read_layout_sheet(lines: Sequence[str]) -> tuple[RawTable, int] | None:
    """The indicator table and the index of its header line, or None."""
    head = next((i for i, line in enumerate(lines) if re.search(r"三\s*级\s*指\s*标", line)), None)
    if head is None:
        return None
    starts = [x for x, _ in _words(lines[head])]
    header = [w for _, w in _words(lines[head])]
    fields: dict[Column, int] = {}
    first_row = head + 1
    for k in range(head + 1, min(len(lines), head + 1 + _MAX_HEADER_LINES)):
        fields = header_columns(header)
        cells = _cells(lines[k], starts)
        if _is_row(cells, fields):
            first_row = k
            break
        for i, text in enumerate(cells):
            header[i] += text
        first_row = k + 1
    fields = header_columns(header)
    if Column.NAME not in fields or not ({Column.POINTS, Column.SCORE} & set(fields)):
        return None
    rows: list[list[str]] = []
    starts_at: list[int] = []
    streams: dict[int, list[tuple[int, str]]] = {
        fields.get(Column.LEVEL1, -1): [],
        fields.get(Column.LEVEL2, -1): [],
    }
    for k in range(first_row, len(lines)):
        if _STOP.match(lines[k]):
            break
        cells = _cells(lines[k], starts)
        owner = len(rows) if _is_row(cells, fields) else len(rows) - 1
        for level in (Column.LEVEL1, Column.LEVEL2):
            if level in fields and cells[fields[level]]:
                streams[fields[level]].append((owner, cells[fields[level]]))
                cells[fields[level]] = ""
        if _is_row(cells, fields):
            rows.append(cells)
            starts_at.append(k)
        elif rows:
            for i, text in enumerate(cells):
                rows[-1][i] += text
    if not rows:
        return None
    for level, pattern in ((Column.LEVEL1, _LEVEL1), (Column.LEVEL2, _LEVEL2)):
        if level in fields:
            _labels(rows, streams[fields[level]], fields[level], pattern)
    return RawTable((tuple(header), *(tuple(r) for r in rows)), ""), head


def _cells(line: str, starts: Sequence[int]) -> list[str]:
    cells = [""] * len(starts)
    for x, word in _words(line):
        cells[_column(starts, x)] += word
    return cells


def _is_row(cells: Sequence[str], fields: dict[Column, int]) -> bool:
    return any(
        column in fields and _FIGURE.match(cells[fields[column]])
        for column in (Column.POINTS, Column.SCORE)
    )


def _labels(
    rows: list[list[str]], stream: list[tuple[int, str]], index: int, pattern: re.Pattern[str]
) -> None:
    """Cut a level column's fragments into labels; each applies from the row it starts on."""
    text = ""
    owners: list[int] = []
    for row, fragment in stream:
        text += fragment
        owners += [max(row, 0)] * len(fragment)
    for match in pattern.finditer(text):
        rows[owners[match.start()]][index] = match.group()
