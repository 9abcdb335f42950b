"""The 项目支出绩效自评表 (财预〔2020〕10号 附件1) as a grid of cells with spans.

One layout, rendered by the Word and Excel writers alike, so the two cannot drift. Nine
columns: a section label, then the eight columns of the indicator block (一级指标 … 偏差原因
分析及改进措施); the funds block's row label spans two of them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from jixiao.adapters.reports.view import ReportView
from jixiao.domain.presentation import DASH, score_text

COLUMNS = 9
# Relative widths (characters) of the nine columns, shared by Word and Excel.
WIDTHS = (11, 7, 11, 15, 11, 12, 8, 8, 13)
INDICATOR_HEADER = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
FUNDS_HEADER = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
SOURCE_ROWS = ("当年财政拨款", "上年结转资金", "其他资金")


class Kind(StrEnum):
    LABEL = "label"  # headings and row labels: bold, centred
    TEXT = "text"  # free text: left, wrapped
    NUMBER = "number"  # figures: centred
    TOTAL = "total"  # the 总分 row: bold


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    col: int
    text: str
    kind: Kind = Kind.TEXT
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True, slots=True)
class Grid:
    title: str
    subtitle: str
    rows: int
    cells: tuple[Cell, ...]
    widths: tuple[int, ...] = WIDTHS  # relative, in characters: the 自评表's unless given
    landscape: bool = False  # a wide form (the 运维考核表) is printed across the page

    def at(self, row: int, col: int) -> Cell | None:
        return next((c for c in self.cells if c.row == row and c.col == col), None)


def build_grid(view: ReportView) -> Grid:
    cells: list[Cell] = []
    r = 0

    def put(
        col: int, text: str, kind: Kind = Kind.TEXT, rowspan: int = 1, colspan: int = 1
    ) -> None:
        cells.append(Cell(r, col, text, kind, rowspan, colspan))

    put(0, "项目名称", Kind.LABEL)
    put(1, view.name, colspan=8)
    r += 1
    put(0, "主管部门", Kind.LABEL)
    put(1, view.department, colspan=3)
    put(4, "实施单位", Kind.LABEL, colspan=2)
    put(6, view.implementer, colspan=3)
    r += 1

    put(0, "项目资金（万元）", Kind.LABEL, rowspan=5)
    put(1, "", Kind.LABEL, colspan=2)
    for i, head in enumerate(FUNDS_HEADER):
        put(3 + i, head, Kind.LABEL)
    r += 1
    put(1, "年度资金总额", Kind.LABEL, colspan=2)
    executed = view.executed if view.executed is not None else ""
    for i, value in enumerate(
        (
            view.initial_budget,
            view.budget,
            executed,
            view.execution_weight,
            view.execution_rate,
            view.execution_score,
        )
    ):
        put(3 + i, value, Kind.NUMBER)
    r += 1
    sources = dict(view.sources)
    for i, source in enumerate(SOURCE_ROWS):
        put(1, ("其中：" if i == 0 else "") + source, Kind.LABEL, colspan=2)
        for j, value in enumerate(("", sources.get(source, ""), "", DASH, DASH, DASH)):
            put(3 + j, value, Kind.NUMBER)
        r += 1

    put(0, "年度总体目标", Kind.LABEL, rowspan=2)
    put(1, "预期目标", Kind.LABEL, colspan=4)
    put(5, "实际完成情况", Kind.LABEL, colspan=4)
    r += 1
    put(1, view.expected_goal, colspan=4)
    put(5, view.achieved_goal, colspan=4)
    r += 1

    body = [(block, row) for block in view.blocks for row in (block.rows or (None,))]
    put(0, "绩效指标", Kind.LABEL, rowspan=1 + len(body))
    for i, head in enumerate(INDICATOR_HEADER):
        put(1 + i, head, Kind.LABEL)
    r += 1
    for block in view.blocks:
        count = max(1, len(block.rows))
        put(1, block.name, Kind.LABEL, rowspan=count)
        if not block.rows:
            put(2, DASH, Kind.LABEL)
            put(3, "（未设置三级指标）")
            for col, value in (
                (4, ""),
                (5, ""),
                (6, score_text(Decimal(block.weight))),
                (7, "0.00"),
                (8, ""),
            ):
                put(col, value, Kind.NUMBER if col in (6, 7) else Kind.TEXT)
            r += 1
            continue
        level2_start = 0
        for i, row in enumerate(block.rows):
            if i == level2_start:
                span = 1
                while (
                    level2_start + span < len(block.rows)
                    and block.rows[level2_start + span].level2 == row.level2
                ):
                    span += 1
                put(2, row.level2, Kind.LABEL, rowspan=span)
                level2_start += span
            put(3, row.name)
            put(4, row.target or "（未设置）")
            put(5, row.actual or "（未提供）")
            put(6, row.points, Kind.NUMBER)
            put(7, row.score, Kind.NUMBER)
            put(8, row.note)
            r += 1
    put(0, "总分", Kind.TOTAL, colspan=6)
    put(6, view.points_total, Kind.TOTAL)
    put(7, view.total, Kind.TOTAL)
    put(8, f"自评等级：{view.grade}", Kind.TOTAL)
    r += 1
    return Grid("项目支出绩效自评表", f"（{view.year}年度）", r, tuple(cells))


def display_width(text: str) -> float:
    """Width in Latin characters (half an em): a CJK character or full-width sign is two."""
    return sum(2.0 if ord(ch) > 0x2E7F else 1.0 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Lines `text` wraps to in a cell `width` Latin characters wide (each of its own lines at
    least one). Wrapping is greedy as in Word, Excel and LibreOffice: a CJK character may
    start a line, a run of Latin letters and digits (a number, a SHA-256) moves whole to the
    next line unless it is longer than a line."""
    usable = max(1.0, width - 1.0)  # cell padding
    return sum(_wrapped(part, usable) for part in text.split("\n"))


_TOKEN = re.compile(r"[0-9A-Za-z.,:;%_/+\-]+|.", re.DOTALL)


def _wrapped(line: str, usable: float) -> int:
    lines, used = 1, 0.0
    for token in _TOKEN.findall(line):
        width = display_width(token)
        if used and used + width > usable:  # the token does not fit after what is there
            lines, used = lines + 1, 0.0
        if not used and width > usable:  # longer than a line: broken where the line ends
            extra = math.ceil(width / usable) - 1
            lines, width = lines + extra, width - extra * usable
        used += width
    return lines


def row_lines(grid: Grid, widths: Sequence[float]) -> list[float]:
    """Lines of text each row of the grid needs when column i is widths[i] Latin characters
    wide. A cell spread over several rows shares its need out over them; each row keeps the
    tallest need of its cells. Word and Excel do not grow merged rows for wrapped text, so the
    writers size rows (Excel) or choose the font (Word) from this."""
    needs = [1.0] * grid.rows
    for cell in sorted(grid.cells, key=lambda c: c.rowspan):
        lines: float = lines_needed(cell.text, sum(widths[cell.col : cell.col + cell.colspan]))
        rows = range(cell.row, cell.row + cell.rowspan)
        have = sum(needs[r] for r in rows)
        if lines > have:
            extra = (lines - have) / cell.rowspan
            for r in rows:
                needs[r] += extra
    return needs
