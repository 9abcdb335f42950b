"""An excerpt of a 绩效目标/自评表 that starts after its header and writes every row's levels:
"| 项目完成指标 | 质量指标 | 改善养老服务基础条件 | 改善条件 | 明显改善 | ||||".

Some web pages (a 决算 page quoting its project's table) give each row in full, its 一级 and
二级 cells repeated rather than merged, and leave the header out. Such a row is read only in
the shape that leaves no doubt:

- an 一级 cell (产出/项目完成/效益/满意度/成本指标) and an 二级 cell (数量指标, 社会效益指标, …)
  side by side, the 三级 name after them, then exactly two values, then nothing but empty
  cells up to the next row;
- neither value a bare number (a bare number is a 分值 or 得分, a form this is not): the two
  are the 指标值 and the 实际完成值, in the order every 自评表 writes them;
- at least three rows so, one after the other.

A row of another shape between them is left out with a note; the table always gets a note
saying its header is not in the text, so its columns are the shape's, not the header's.
"""

from __future__ import annotations

import re

from jixiao.domain.reading.flat_cells import _LEVEL2, ACTUAL, TARGET
from jixiao.domain.reading.text import RawTable

_LEVEL1 = re.compile(r"^(?:产出|项目完成|效益|满意度|成本)指标$")
_BARE = re.compile(r"^\d+(?:\.\d+)?分?$")
_MIN_ROWS = 3
_VALUES = 2
NOTE = "自评表的表头不在文中（摘录从表格中间开始），各行按形状读出：一级、二级、三级指标、指标值、实际完成值"


def read_levelled_rows(text: str, place_name: str) -> tuple[RawTable, int] | None:
    """The rows of an excerpt whose every row writes its 一级 and 二级 cells, and where the
    first starts; None when fewer than three rows have that shape."""
    marks = list(re.finditer(r"[|｜]", text))
    if len(marks) < _MIN_ROWS * 5:
        return None
    bounds = [0, *(m.end() for m in marks)]
    ends = [*(m.start() for m in marks), len(text)]
    cells = [text[a:b].strip() for a, b in zip(bounds, ends, strict=True)]
    starts = [
        k
        for k in range(len(cells) - 2)
        if _LEVEL1.match(cells[k]) and _LEVEL2.match(cells[k + 1]) and cells[k + 2]
    ]
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    rows_end = starts[0] if starts else 0
    for n, k in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(cells)
        if rows and any(cells[rows_end:k]):
            break  # text between two rows: the run of rows ended before this one
        values: list[str] = []
        closed = k + 3
        while closed < end and cells[closed]:
            values.append(cells[closed])
            closed += 1
        rows_end = closed
        if closed == len(cells) and n + 1 == len(starts):
            notes.append(f"指标“{cells[k + 2]}”一行在文本中断处，未读取")
            break  # the excerpt stops inside the row: its last value may be cut
        if len(values) != _VALUES or any(_BARE.match(v) for v in values):
            shown = "｜".join(values)
            notes.append(f"指标“{cells[k + 2]}”一行不是该形状（{shown}），未读取")
            continue
        rows.append((cells[k], cells[k + 1], cells[k + 2], *values))
    if len(rows) < _MIN_ROWS:
        return None
    header = ("一级指标", "二级指标", "三级指标", TARGET, ACTUAL)
    table = RawTable(
        (header, *rows), place_name or "自评表（无表头，由文字还原）", notes=(NOTE, *notes)
    )
    return table, bounds[starts[0]]
