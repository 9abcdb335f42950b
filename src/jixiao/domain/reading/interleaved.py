"""A spreadsheet's 自评表 flattened with its header cells among its first rows.

A converted spreadsheet writes a tall (merged) cell's text at its middle, so the header's lower
words ("分值 得分 偏差原因…") come out after the first rows' names, and some rows' figures come
out apart from their names: "指标1:居民健康档案 38508人 指标2:… 不少于12种 … 二级指标 三级指标
指标5:… 分值 得分 37442人 3 3 14种 1 1 …". The order of the names and the order of the figures
are each kept, so the table is read as two streams:

- the names: cells numbered as the form numbers its rows ("指标1:", "指标2:"), one wrapped piece
  after a name joined back ("…纳入医 保统筹"); each 二级 block numbers its rows from 1, so a
  block holds as many rows as its highest number, and a name's number is its place (a row whose
  name the conversion lost keeps its place, unnamed, and is not read);
- the figures: groups of 指标值, 完成值, 分值, 得分, read in order, each with a 分值 ≤ 100 and a
  得分 at most its 分值; or, where a group does not fit, k targets followed by the k groups of
  完成值, 分值 and 得分 of the same rows (a column of targets written before its rows' rest).
  Two bare figures left at the end are the 总分 row's.

Read only when the header's column words 指标值, 完成值, 分值 and 得分 are all there, a numbered
name stands before the last of them, and the figure groups fill the numbered blocks exactly
(blocks the text cuts off before any figure of theirs are not read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.domain.reading.flat_cells import LEVEL1, LEVEL2, tokens
from jixiao.domain.reading.text import RawTable

_NAME = re.compile(r"^指标\s*(\d{1,2})\s*[:：]")
_FIGURE = re.compile(
    r"^(?:不少于|不低于|不超过|不高于|大于|小于|≥|≤|>|<|=)?\d+(?:\.\d+)?(?:%|[\u4e00-\u9fff]{1,3})?$"
)
_BARE = re.compile(r"^\d+(?:\.\d+)?$")
_HEADER = ("指标值", "完成值", "分值", "得分")
_COLUMN_WORDS = re.compile(r"^(?:年度|实际|指标值|完成值|分值|得分|一级|二级|三级|指标)")
_TOTAL = re.compile(r"总\s*分|合\s*计")
_HEADER_SPAN = 240  # the header words and the first rows among them, before 三级指标
_MAX_QUEUE = 12  # targets written before their rows' other figures


@dataclass(frozen=True, slots=True)
class _Name:
    level1: str
    level2: str
    number: int
    text: str


def read_interleaved_sheet(text: str, start: int) -> tuple[RawTable, list[str]] | None:
    """The 自评表 whose 三级指标 header word is at `start`, read as described above."""
    first = text.rfind("一级", max(0, start - _HEADER_SPAN), start)
    region = text[first if first >= 0 else start :]
    if total := _TOTAL.search(region):
        region = region[: total.end()]
    cells = tokens(region)
    squeezed = re.sub(r"\s+", "", region)
    words_at = [squeezed.find(w) for w in _HEADER]
    if any(p < 0 for p in words_at) or words_at != sorted(words_at):
        return None
    last_word = max((i for i, c in enumerate(cells) if c in ("得分", "分值")), default=0)
    if not any(_NAME.match(c) for c in cells[:last_word]):
        return None  # the header is whole above the rows: the ordinary readers read it
    names: list[_Name] = []
    figures: list[str] = []
    level1 = level2 = ""
    for k, cell in enumerate(cells):
        if LEVEL1.match(cell) and not (cell == "成本指标" and level1.startswith("产出")):
            level1, level2 = cell, ""
        elif LEVEL2.match(cell):
            level2 = cell
        elif m := _NAME.match(cell):
            names.append(_Name(level1, level2, int(m[1]), cell))
        elif _FIGURE.match(cell):
            figures.append(cell)
        elif names and k > 0 and cells[k - 1] == names[-1].text and _wrapped(cells, k):
            names[-1] = _Name(level1, level2, names[-1].number, names[-1].text + cell)
    groups, left = _groups(figures)
    if len(left) not in (0, 2) or not groups:
        return None
    rows = _placed(names, groups)
    if rows is None:
        return None
    table: list[tuple[str, ...]] = [
        ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    ]
    places = [""]  # a row is shown by its name as written: its cells stand apart in the text
    notes: list[str] = []
    for name, group in rows:
        if name is None:
            notes.append(f"一行（{'｜'.join(group)}）的指标名称在转换中丢失，未读取")
            continue
        table.append((name.level1, name.level2, name.text, *group))
        places.append(name.text)
    if len(left) == 2:
        table.append(("总分", "", "", "", "", *left))
        places.append("总分 " + " ".join(left))
    title = "自评表（表头与首行交错，由文字还原）"
    return RawTable(tuple(table), title, tuple(places), notes=tuple(notes)), notes


def _wrapped(cells: list[str], k: int) -> bool:
    """A name's wrapped end: a short piece of words, not a column word, followed by a figure,
    a level, another name or the 总分."""
    cell = cells[k]
    if not re.fullmatch(r"[\u4e00-\u9fff，,、]{1,12}", cell) or _COLUMN_WORDS.match(cell):
        return False
    after = cells[k + 1] if k + 1 < len(cells) else ""
    return bool(
        not after
        or _FIGURE.match(after)
        or _NAME.match(after)
        or LEVEL1.match(after)
        or LEVEL2.match(after)
        or _TOTAL.match(after)
    )


def row_fits(target: str, actual: str, points: str, score: str) -> bool:
    if not (_BARE.match(points) and _BARE.match(score)):
        return False
    return float(score) <= float(points) <= 100 and not (_BARE.match(target) and target == points)


def _groups(figures: list[str]) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    """The figure groups in order, and the figures left after them."""
    out: list[tuple[str, str, str, str]] = []
    i = 0
    while i < len(figures):
        if i + 4 <= len(figures) and row_fits(*figures[i : i + 4]):
            t, a, p, s = figures[i : i + 4]
            out.append((t, a, p, s))
            i += 4
            continue
        queued = next(
            (
                k
                for k in range(2, min(_MAX_QUEUE, (len(figures) - i) // 4) + 1)
                if all(
                    row_fits(figures[i + j], *figures[i + k + 3 * j : i + k + 3 * j + 3])
                    for j in range(k)
                )
            ),
            None,
        )
        if queued is None:
            break  # neither a group nor a column of targets: the table's figures end
        for j in range(queued):
            a, p, s = figures[i + queued + 3 * j : i + queued + 3 * j + 3]
            out.append((figures[i + j], a, p, s))
        i += 4 * queued
    return out, figures[i:]


def _placed(
    names: list[_Name], groups: list[tuple[str, str, str, str]]
) -> list[tuple[_Name | None, tuple[str, str, str, str]]] | None:
    """Each group with the name of its place: blocks numbered from 1, as long as their highest
    number; None unless the groups fill whole blocks (a block after them the text cut off)."""
    blocks: list[list[_Name]] = []
    for name in names:
        if blocks and name.number > blocks[-1][-1].number:
            blocks[-1].append(name)
        else:
            blocks.append([name])
    out: list[tuple[_Name | None, tuple[str, str, str, str]]] = []
    at = 0
    for block in blocks:
        size = max(n.number for n in block)
        if at == len(groups):
            break  # the blocks the text cuts off before their figures
        if at + size > len(groups):
            return None
        by_number = {n.number: n for n in block}
        out += [(by_number.get(k + 1), groups[at + k]) for k in range(size)]
        at += size
    return out if at == len(groups) else None
