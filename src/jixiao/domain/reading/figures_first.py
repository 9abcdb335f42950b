"""A PDF text layer that writes a 自评表's figure columns as one block before its names.

Some PDF text layers give a table column by column rather than row by row: after the header
come the figure cells of every row (年度指标值, 实际完成值, 分值, 得分, row after row), then the
总分 row's two figures, then the names of the rows and their level labels, up to the word 总分:
"三级指标 年度 指标值 实际 完成值 分值 得分 =100% 100% 10 10 及时 及时 20 20 … 100 98.62
产出指标 质量指标 合同结算条款完成率 费用结算及时性 … 总分". A name's first line may stand in
the header and its wrapped rest after the figures ("与委托运营方结算完成 … 率"); a name's
wrapped end of a character or two after it is joined back.

The order of the names and the order of the figure groups are each kept, so the table is read
as two streams, only when they leave no doubt: the header's words 指标值, 完成值, 分值 and 得分
in that order; the figures one unbroken run of groups (a target and an actual, then a 分值 at
most 100 and a 得分 at most it), ended by the 总分's two figures; the 分值 adding up to the
总分's (or to it less the 预算执行率's 10, which the funds block carries); and as many names as
groups, three at least. Each row takes its 二级 label in order where there are as many labels
as rows (a form of one row per 二级 block), none otherwise.
"""

from __future__ import annotations

import re

from jixiao.domain.reading.flat_cells import LEVEL1, LEVEL2, tokens
from jixiao.domain.reading.interleaved import row_fits
from jixiao.domain.reading.text import RawTable

_HEADER = ("指标值", "完成值", "分值", "得分")
_HEADER_SPAN = 240
_TOTAL = re.compile(r"总\s*分|合\s*计")
_FIGURE = re.compile(
    r"^(?:不少于|不低于|不超过|不高于|大于等于|小于等于|大于|小于|>=|<=|≥|≤|>|<|=)?"
    r"\d+(?:\.\d+)?(?:%|[\u4e00-\u9fff]{1,3})?$"
)
_BARE = re.compile(r"^\d+(?:\.\d+)?$")
# Header words, whole or cut where the PDF wrapped them ("年度 指标值", "实际 完成值").
_COLUMN_WORDS = {
    "一级指标", "二级指标", "三级指标", "指标名称", "年度", "实际", "指标值", "完成值",
    "年度指标值", "实际完成值", "分值", "得分", "绩效指标", "偏差原因分析及", "改进措施",
    "偏差原因分析及改进措施",
}  # fmt: skip
_WORDS = re.compile(r"[\u4e00-\u9fff]")
_WRAPPED_END = 2  # characters at most of a name's wrapped last line ("率")
_MIN_ROWS = 3
_FUNDS_POINTS = 10  # the 预算执行率's 分值, written in the funds block


def read_figures_first_sheet(text: str, start: int) -> tuple[RawTable, list[str]] | None:
    """The 自评表 whose 三级指标 header word is at `start`, read as described above."""
    first = text.rfind("一级", max(0, start - _HEADER_SPAN), start)
    region = text[first if first >= 0 else start :]
    total_word = _TOTAL.search(region)
    if total_word is None:
        return None
    region = region[: total_word.start()]
    squeezed = re.sub(r"\s+", "", region)
    words_at = [squeezed.find(w) for w in _HEADER]
    if any(p < 0 for p in words_at) or words_at != sorted(words_at):
        return None
    cells = _joined_letters(tokens(region))
    run = next((k for k, c in enumerate(cells) if _FIGURE.match(c)), None)
    if run is None:
        return None
    groups, end = _groups(cells, run)
    if len(groups) < _MIN_ROWS or end + 2 > len(cells):
        return None
    total = cells[end : end + 2]
    if not all(_BARE.match(c) for c in total) or not row_fits("", "", *total):
        return None
    points = sum(float(g[2]) for g in groups)
    if float(total[0]) - points not in (0, _FUNDS_POINTS):
        return None
    (before, levels_before), (after, levels_after) = _names(cells[:run]), _names(cells[end + 2 :])
    if before is None or after is None:
        return None
    levels = [*levels_before, *levels_after]
    if len(after) == len(groups) and len(before) == 1:
        names = [before[0] + after[0], *after[1:]]  # the first name's first line in the header
    elif len(before) + len(after) == len(groups):
        names = [*before, *after]
    else:
        return None
    if len(levels) != len(names):
        levels = [""] * len(names)
    table: list[tuple[str, ...]] = [
        ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    ]
    for name, level2, group in zip(names, levels, groups, strict=True):
        table.append(("", level2, name, *group))
    table.append(("总分", "", "", "", "", *total))
    title = "自评表（数值列在指标名称之前，由文字还原）"
    # a row is shown by its name and its figures as the text writes them, apart from each other
    places = ["", *(f"{n} … {' '.join(g)}" for n, g in zip(names, groups, strict=True))]
    places.append("总分 " + " ".join(total))
    return RawTable(tuple(table), title, tuple(places)), []


def _joined_letters(cells: list[str]) -> list[str]:
    """Cells of one character run together ("绩 效 指 标" -> "绩效指标"): a label the PDF
    spaced out letter by letter."""
    out: list[str] = []
    run: list[str] = []
    for cell in [*cells, ""]:
        if len(cell) == 1 and _WORDS.match(cell):
            run.append(cell)
            continue
        if run:
            joined = "".join(run)
            out += [joined] if joined in _COLUMN_WORDS or len(run) > 1 else run
            run = []
        if cell:
            out.append(cell)
    return out


def _groups(cells: list[str], at: int) -> tuple[list[tuple[str, str, str, str]], int]:
    """The figure groups from `at` on, and where they end: a target and an actual (figures or
    words), then the 分值 and the 得分; the run ends at the first four cells that are no group."""
    out: list[tuple[str, str, str, str]] = []
    while at + 4 <= len(cells):
        t, a, p, s = cells[at : at + 4]
        if not row_fits(t, a, p, s) or not all(_value(c) for c in (t, a)):
            break
        out.append((t, a, p, s))
        at += 4
    return out, at


def _value(cell: str) -> bool:
    """A target or actual cell: a figure, or a few words that are no label or header word."""
    if _FIGURE.match(cell):
        return True
    return (
        bool(_WORDS.search(cell))
        and len(cell) <= 8
        and cell not in _COLUMN_WORDS
        and not LEVEL1.match(cell)
        and not LEVEL2.match(cell)
    )


def _names(cells: list[str]) -> tuple[list[str] | None, list[str]]:
    """The names in order (a wrapped end joined to the name before it) and the 二级 labels in
    order; None when a cell is neither (a figure astray)."""
    names: list[str] = []
    levels: list[str] = []
    for cell in cells:
        if cell in _COLUMN_WORDS or LEVEL1.match(cell):
            continue
        if LEVEL2.match(cell):
            levels.append(cell)
            continue
        if not _WORDS.search(cell):
            if re.fullmatch(r"[-—–]?\d+[-—–]?", cell):
                continue  # a page number ("-1-")
            return None, levels
        if names and len(_WORDS.findall(cell)) <= _WRAPPED_END and len(cell) <= _WRAPPED_END:
            names[-1] += cell
            continue
        names.append(cell)
    return names, levels
