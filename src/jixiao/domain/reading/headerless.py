"""An excerpt that starts inside a 自评表, after its header: "公益性讲座知晓率 | = | 100 | % | 100 |
5 | 5 |" with no 一级/二级/三级指标 line above it.

Read only when the rows have the shape of the Sichuan-style indicator table beyond doubt: a
name, a comparator (or 定性) cell, the target, its unit, the actual, and two bare numbers of
which the first (分值) is at least the second (得分) — on at least three rows, up to the 合计.
The same form with its 得分 column left unfilled ("… | 93 | 10 |" over "合计 | 100 |") has one
bare number per row after the actual: the 分值, taken so only when the 合计 under the rows
also gives a single figure.
The table then gets a reading note saying its header is not in the text, so the reader's
columns are the shape's, not the header's: the checker reports that note instead of reading
silently."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jixiao.domain.reading.text import RawTable

if TYPE_CHECKING:
    from jixiao.domain.reading.flat_cells import _Row

_ROW_START = re.compile(
    r"^[^|｜\n]{2,40}\s*[|｜]\s*(?:=|＝|≥|≤|>|<|＞|＜|≧|≦|定性|定量)\s*[|｜]", re.M
)
_NATURE = ("定性", "定量")
_BARE = re.compile(r"^\d+(?:\.\d+)?$")
_MIN_ROWS = 3
TEMPLATE_NOTE = (
    "自评表的表头不在文中（摘录从表格中间开始），各行只填了指标值和一个数：按形状读作指标值与分值"
)
NOTE = "自评表的表头不在文中（摘录从表格中间开始），各列按指标行的形状读出：指标值、实际完成值、分值、得分"


def read_headerless_rows(text: str, place_name: str) -> tuple[list[RawTable], int] | None:
    """The rows of a 自评表 excerpt that starts after its header, and where they start."""
    from jixiao.domain.reading.flat_cells import ACTUAL, POINTS, SCORE, TARGET, tokens
    from jixiao.domain.reading.flat_sheet import indicator_rows

    first = _ROW_START.search(text)
    if first is None or re.search(r"三\s*级\s*指\s*标|指标名称", text[: first.start()]):
        return None
    end = re.search(r"^\s*(?:合\s*计|总\s*分)\s*[|｜]", text[first.start() :], re.M)
    body = text[first.start() : first.start() + end.start()] if end else text[first.start() :]
    cells = [c for c in tokens(body) if c not in _NATURE]
    columns = [TARGET, ACTUAL, POINTS, SCORE]
    rows, notes, _ = indicator_rows(cells, columns)
    total: list[str] = []
    if end is not None:
        total = re.findall(r"\d+(?:\.\d+)?", text[first.start() + end.start() :].split("\n", 1)[0])
    unscored = len(total) == 1  # "合计 | 100 |": the 分值 total, no 得分 written
    if unscored and (template := _template_rows(tokens(body), total[0])):
        rows, notes = template
        shaped = rows
        columns = [TARGET, POINTS]
        header = ("一级指标", "二级指标", "三级指标", *columns)
        table_rows = [header] + [(r.level1, r.level2, r.name, *r.values) for r in rows]
        table_rows.append(("合计", "", "", "", total[0]))
        sheet = RawTable(
            tuple(table_rows),
            place_name or "自评表（无表头，由文字还原）",
            notes=(TEMPLATE_NOTE, *notes),
        )
        return [sheet], first.start()
    shaped = [
        r
        for r in rows
        if (len(r.values) == 4 and _points_then_score(r.values[2], r.values[3]))
        or (unscored and len(r.values) == 3 and _points_then_score(r.values[2], "0"))
    ]
    if len(shaped) < _MIN_ROWS or len(shaped) * 3 < len(rows) * 2:
        return None
    header = ("一级指标", "二级指标", "三级指标", *columns)
    table_rows = [header] + [(r.level1, r.level2, r.name, *r.values, "")[:7] for r in shaped]
    if total and len(total) <= 2:
        table_rows.append(("合计", "", "", "", "", *total, "")[:7])
    left_out = [f"指标“{r.name}”一行不是该形状，未读取" for r in rows if r not in shaped]
    sheet = RawTable(
        tuple(table_rows),
        place_name or "自评表（无表头，由文字还原）",
        notes=(NOTE, *notes, *left_out),
    )
    return [sheet], first.start()


def _template_rows(cells: list[str], total: str) -> tuple[list[_Row], list[str]] | None:
    """The form before its actuals are filled in: every row a name, a target (its 指标性质 cell
    kept in front of it: "=100%", "定性优良中低差") and one bare number, the 分值, with the
    other columns empty; the 分值 of the rows the excerpt holds stay within the 合计's one
    figure. None when any row has another shape."""
    from jixiao.domain.reading.flat_cells import POINTS, TARGET
    from jixiao.domain.reading.flat_sheet import indicator_rows

    joined: list[str] = []
    for cell in cells:
        if joined and joined[-1] in _NATURE and cell and not _BARE.match(cell):
            joined[-1] += cell  # "定性 | 优良中低差": the 指标性质 and the target it qualifies
        else:
            joined.append(cell)
    rows, notes, _ = indicator_rows(joined, [TARGET, POINTS])
    if len(rows) < _MIN_ROWS or notes:
        return None
    if not all(
        len(r.values) == 2 and not _BARE.match(r.values[0]) and _BARE.match(r.values[1])
        for r in rows
    ):
        return None
    if sum(float(r.values[1]) for r in rows) > float(total):
        return None
    return rows, notes


def _points_then_score(points: str, score: str) -> bool:
    bare = re.compile(r"^\d+(?:\.\d+)?$")
    return bool(bare.match(points) and bare.match(score)) and float(points) >= float(score)
