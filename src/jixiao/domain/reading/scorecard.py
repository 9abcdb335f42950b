"""The scorecard (绩效评价指标评分表) flattened one cell per line: each level has its own 分值.

Many units self-evaluate with the common-indicator scorecard (项目决策 / 项目管理 / 项目绩效, the
2013 评价指标体系) instead of, or beside, the 2020 自评表. Its header gives every level its
points: "一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分", or writes them inside the
level's cell ("决策依据 (4分)"). A web page copied as text gives its cells one per line, each
merged level cell once, at the top of its block, so a row is one to three (level, 分值) pairs
and then the columns after the 三级指标 (得分, and text such as 评价标准).

The stream is read only where the shape leaves no doubt: a level is a text followed by its
分值 (or carrying "(N分)"), the 三级 pair is the one followed by the 得分 column's value, and a
row with one pair is a 三级 row, two a new 二级, three a new 一级. The first cell that does not
fit ends the table. The table has no 年度指标值: the scorecard scores the level's conditions,
it has no targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from jixiao.domain.reading.text import RawTable

_TEXT_COLUMNS = (
    "指标解释", "指标说明", "指标内涵", "评分标准", "评价标准", "评分要点", "评价要点",
    "具体指标", "计分方法", "评分办法", "评分细则", "扣分原因", "备注",
)  # fmt: skip
_SCORE_COLUMNS = ("自评得分", "自评分", "评价得分", "得分")
_POINTS_COLUMNS = ("分值", "权重", "标准分")
_LEVELS = ("一级指标", "二级指标", "三级指标")
_HEADER_WORDS = (*_LEVELS, *_POINTS_COLUMNS, *_SCORE_COLUMNS, *_TEXT_COLUMNS)
_IN_NAME = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?分?$")
_TOTAL = ("合计", "总分", "总计", "综合得分", "自评总分")
_MAX_CELL = 120  # a longer cell is the report's prose after the table
_MAX_LEVEL = 30  # a level's name; a longer cell ending in "(1分)" is a 评分标准


def _level_cell(cell: str) -> bool:
    """A level's cell with its points in it ("决策依据 (4分)"): short, one "(N分)", at its end
    (a 评分标准 lists several: "符合分配办法(2分) 分配公平合理(2分)")."""
    return (
        len(cell) <= _MAX_LEVEL
        and _IN_NAME.search(cell) is not None
        and len(re.findall(r"分\s*[)）]", cell)) == 1
    )


@dataclass(frozen=True, slots=True)
class _Header:
    points: tuple[bool, bool, bool]  # which level has its own 分值 column
    after: tuple[str, ...]  # the columns after the 三级 (and its 分值): "score" or "text"
    end: int  # where the header ends in the text


def read_scorecard(text: str, start: int) -> tuple[RawTable, list[str]] | None:
    """The scorecard whose 三级指标 header word is at `start`, or None when the text around it
    is not a scorecard header or its rows do not read in the shape described above."""
    header = _header(text, start)
    if header is None:
        return None
    cells = _cells(text[header.end :])
    rows, total, notes = _rows(cells, header)
    if not rows:
        return None  # the header's words, but no row after them: left to the other readers
    table: list[tuple[str, ...]] = [("一级指标", "二级指标", "三级指标", "分值", "得分")]
    table += rows
    if total is not None:
        table.append(("合计", "", "", *total))
    return RawTable(tuple(table), "评分表（由文字还原）", notes=tuple(notes)), notes


def _header(text: str, start: int) -> _Header | None:
    first = text.rfind("一级", max(0, start - 80), start)
    if first < 0:
        return None
    words: list[str] = []
    at = first
    pieces = re.finditer(r"[^\s|｜]+", text[first : start + 200])
    for piece in pieces:
        words.append(piece.group())
        at = first + piece.end()
        joined = "".join(words)
        if not _plausible(joined):
            words.pop()
            at = first + piece.start()
            break
    columns = _columns("".join(words))
    if columns is None:
        return None
    points, after = columns
    return _Header(points, after, at)


def _plausible(joined: str) -> bool:
    """Whether `joined` can still be (the start of) a scorecard header."""
    rest = joined
    while rest:
        for word in _HEADER_WORDS:
            if rest.startswith(word):
                rest = rest[len(word) :]
                break
            if word.startswith(rest):
                return True  # a word split over two pieces ("一级 | 指标")
        else:
            return False
    return True


def _columns(header: str) -> tuple[tuple[bool, bool, bool], tuple[str, ...]] | None:
    rest = header
    points = [False, False, False]
    after: list[str] = []
    level = -1
    while rest:
        word = next((w for w in _HEADER_WORDS if rest.startswith(w)), None)
        if word is None:
            break  # a word cut at the header's end ("一级指标二级"): not a header
        rest = rest[len(word) :]
        if word in _LEVELS:
            if _LEVELS.index(word) != level + 1 or after:
                return None
            level += 1
        elif word in _POINTS_COLUMNS and level >= 0 and not after and not points[level]:
            points[level] = True
        elif word in _SCORE_COLUMNS:
            after.append("score")
        else:
            after.append("text")
    if level != 2 or "score" not in after or points == [False, False, True]:
        return None  # not a scorecard: the 自评表 gives only the 三级 its 分值
    if after[0] != "score" and not points[2]:
        return None
    return (points[0], points[1], points[2]), tuple(after)


def _cells(body: str) -> list[str]:
    """One cell per line; with lines ending in "|", a line's cells are split at "|" and an
    empty one ("|" alone) is kept: it tells which column the next value is in."""
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    piped = sum(1 for line in lines if line.endswith(("|", "｜")))
    if lines and piped * 10 >= len(lines) * 7:
        return [
            cell.strip()
            for line in lines
            for cell in re.split(r"[|｜]", line)[: -1 if line.endswith(("|", "｜")) else None]
        ]
    return lines


@dataclass
class _Stream:
    cells: list[str]
    at: int = 0

    def peek(self) -> str | None:
        return self.cells[self.at] if self.at < len(self.cells) else None

    def take(self) -> str:
        self.at += 1
        return self.cells[self.at - 1]


def _rows(
    cells: list[str], header: _Header
) -> tuple[list[tuple[str, ...]], tuple[str, str] | None, list[str]]:
    stream = _Stream(cells)
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    levels = ["", "", ""]
    weights: list[float | None] = [None, None, None]
    while (cell := stream.peek()) is not None:
        if not cell:
            stream.take()  # an empty cell between rows (a row's trailing columns)
            continue
        if cell.startswith(_TOTAL):
            stream.take()
            figures = [c for c in stream.cells[stream.at : stream.at + 3] if _NUMBER.match(c)]
            return rows, (figures[0], figures[1]) if len(figures) >= 2 else None, notes
        pairs = _pairs(stream, header)
        if pairs is None:
            break
        score = _after(stream, header)
        if score is None:
            break
        depth = 3 - len(pairs)
        for k, pair in enumerate(pairs):
            levels[depth + k] = pair[0]
            weights[depth + k] = float(pair[1])
        known = [w for w in weights if w is not None]
        if any(part > whole for whole, part in pairwise(known)):
            # a part above its whole: a cell was dropped and the levels shifted (not guessed)
            notes.append(f"评分表“{pairs[-1][0]}”一行的分值大于其上级，之后的行未读取")
            break
        rows.append((levels[0], levels[1], levels[2], pairs[-1][1], score))
    return rows, None, notes


def _pairs(stream: _Stream, header: _Header) -> list[tuple[str, str]] | None:
    """The (level, 分值) pairs that open a row, up to the 三级 one; None when the cells do
    not read as such (the table has ended)."""
    start = stream.at
    pairs: list[tuple[str, str]] = []
    while len(pairs) < 3:
        name = stream.peek()
        if not name or _NUMBER.match(name) or len(name) > _MAX_CELL or name.startswith(_TOTAL):
            break
        stream.take()
        depth = len(pairs)
        in_name = _IN_NAME.search(name) if _level_cell(name) else None
        if in_name:
            points = in_name.group(1)
        elif any(header.points):
            value = stream.peek()
            if value is None or not _NUMBER.match(value):
                stream.at = start
                return None
            points = stream.take().removesuffix("分")
        else:
            stream.at = start
            return None
        pairs.append((name, points))
        following = stream.peek()
        if following is None or _NUMBER.match(following) or not following:
            break  # the 三级 pair: its row's values follow
        if depth == 2:
            break
    if not pairs:
        stream.at = start
        return None
    return pairs


def _after(stream: _Stream, header: _Header) -> str | None:
    """The row's columns after its 三级 pair; the 得分 (the first score column)."""
    score: str | None = None
    for column in header.after:
        cell = stream.peek()
        if cell is None:
            break
        if column == "score":
            if cell and not _NUMBER.match(cell):
                break  # dropped: the next row starts here
            stream.take()
            if score is None:
                score = cell.removesuffix("分")
        else:
            if _NUMBER.match(cell) or _level_cell(cell):
                break
            stream.take()
    return score
