"""A numbered scorecard (评分表 with a 序号 column) flattened one cell per line.

Some 评价自评表 number their rows and explain every 三级指标 by its scoring rule: "序号 | 一级指标
| 二级指标 | 三级指标 | 指标说明 | 分值 | 评分 …" (the 分值 and the 评分 columns sometimes named on a
second header row under "指标 | 县级 | 市级"). Copied from a web page, each cell is a line
closed by "|", a merged level cell written once at the top of its block. A row is then:

- its number (1, 2, 3 … in order), the level cells that open a new block, the 三级 name, its
  说明, and the figures: the 分值 first, the 评分 after it (a later 评分 column may be empty);
- or, without a number, a second rule of the row above it (its 说明 and figures only): it is
  read as a row of its own, named by its 说明, under the same levels.

Other forms put the 分值 first and the 评分 last, with one or two text columns between them:
"序号 | 一级指标 | 二级指标 | 三级指标 | 指标分值 | 指标解释 | 指标说明及评分标准 | 自评得分". A row is
then its number, the level cells that open a new block, the 三级 name, the 分值, as many text
cells as the header has 说明 columns (a rule may quote figures: "(3分)" stays inside its cell),
and the 得分 (a figure, or an empty cell left unfilled).

The levels are the text cells before the 说明 (or before the 分值), taken from the right (三级,
then 二级, then 一级). Read only while the rows keep this shape; the first cell that does not fit ends the
table, and a row the text cuts before its figures is not read. The scorecard has no targets:
its rows give 分值 and 评分 alone.
"""

from __future__ import annotations

import re

from jixiao.domain.reading.text import RawTable

_NUMBER = re.compile(r"^\d+(?:\.\d+)?分?$")
_SERIAL = re.compile(r"序\s*号")
_EXPLANATION = re.compile(r"指标说明|评分标准|评价标准|评分办法|评分细则|计分方法|指标解释")
_FIGURE_WORDS = re.compile(r"分值|评分|得分|权重")
_TOTAL = ("合计", "总分", "总计")
_MAX_CELL = 300  # a longer cell is the report's prose after the table
_MAX_TEXTS = 4  # 一级, 二级, 三级 and 说明


def read_numbered_scorecard(text: str, start: int) -> tuple[RawTable, list[str]] | None:
    """The numbered scorecard whose 三级指标 header word is at `start`, or None when the
    header is not one (序号 before the levels, a 说明 column, 分值 and 评分 after it) or no row
    reads in its shape."""
    serial = _SERIAL.search(text, max(0, start - 60), start)
    if serial is None or text.find("一级", serial.end(), start) < 0:
        return None
    cells = _cells(text[start:])
    first = next((k for k, c in enumerate(cells) if c == "1"), None)
    if first is None:
        return None
    header = "".join(cells[:first])
    explained = list(_EXPLANATION.finditer(header))
    if not explained:
        return None
    before = set(_FIGURE_WORDS.findall(header[: explained[0].start()]))
    last = set(_FIGURE_WORDS.findall(header[explained[-1].end() :]))
    words = set(_FIGURE_WORDS.findall(header[explained[0].end() :]))
    if before & {"分值", "权重"} and last & {"评分", "得分"} and not last & {"分值", "权重"}:
        rules = sum(1 for cell in cells[:first] if _EXPLANATION.search(cell))
        read, notes = _points_first_rows(cells[first:], rules)
    elif words & {"分值", "权重"} and words & {"评分", "得分"}:
        figures = len(_FIGURE_WORDS.findall(header[explained[0].end() :]))
        read, notes = _rows(cells[first:], figures), []
    else:
        return None
    if not read and not notes:
        return None  # a form of this header whose rows are not there: not noted, not read
    table: list[tuple[str, ...]] = [("一级指标", "二级指标", "三级指标", "分值", "得分")]
    table += [row for row, _ in read]
    places = ("", *(f"{row[2]}：{rule}" if rule != row[2] else "" for row, rule in read))
    return RawTable(tuple(table), "评分表（由文字还原）", places, notes=tuple(notes)), notes


def _cells(body: str) -> list[str]:
    """The cells between the "|" marks (on the cell's line or a line of their own); two marks
    in a row close an empty cell, which is kept."""
    return [re.sub(r"\s*\n\s*", "", cell.strip()) for cell in re.split(r"[|｜]", body)]


def _rows(cells: list[str], figures: int) -> list[tuple[tuple[str, ...], str]]:
    """Each row (一级, 二级, 三级, 分值, 评分) with its 说明, shown where the row is placed."""
    rows: list[tuple[tuple[str, ...], str]] = []
    levels = ["", "", ""]
    serial = 1
    k = 0
    while k < len(cells):
        cell = cells[k]
        if not cell:
            k += 1
            continue
        if cell.startswith(_TOTAL):
            break
        numbered = cell == str(serial)
        at = k + 1 if numbered else k
        texts: list[str] = []
        while at < len(cells) and cells[at] and not _NUMBER.match(cells[at]):
            if len(cells[at]) > _MAX_CELL or cells[at].startswith(_TOTAL):
                return rows
            texts.append(cells[at])
            at += 1
        values: list[str] = []
        while (
            at < len(cells)
            and len(values) < figures
            and (not cells[at] or _NUMBER.match(cells[at]))
        ):
            values.append(cells[at].removesuffix("分"))
            at += 1
        if not texts or len(texts) > _MAX_TEXTS or len(values) < 2 or not values[0]:
            break  # not a row of this shape, or one the text cuts before its figures
        if numbered:
            names = texts[:-1] if len(texts) > 1 else texts
            depth = 3 - len(names)
            for j, name in enumerate(names):
                levels[depth + j] = name
            name = names[-1]
            serial += 1
        elif len(texts) == 1:
            name = texts[0]  # a second rule of the row above: named by its 说明
        else:
            break
        rows.append(((levels[0], levels[1], name, values[0], values[1]), texts[-1]))
        k = at
    return rows


def _points_first_rows(
    cells: list[str], rules: int
) -> tuple[list[tuple[tuple[str, ...], str]], list[str]]:
    """Each numbered row (一级, 二级, 三级, 分值, 得分) of a form whose 分值 comes before its
    `rules` 说明 columns and whose 得分 comes after them, with its last 说明; and a note on a
    numbered row that does not read in this shape (cut by the text's end, or out of shape)."""
    rows: list[tuple[tuple[str, ...], str]] = []
    notes: list[str] = []
    levels = ["", "", ""]
    serial = 1
    k = 0
    while k < len(cells):
        if not cells[k]:
            k += 1
            continue
        if cells[k] != str(serial):
            break  # the 合计 row, the report's prose, or a row out of this shape
        at = k + 1
        names: list[str] = []
        while at < len(cells) and cells[at] and not _NUMBER.match(cells[at]):
            if len(cells[at]) > _MAX_CELL:
                return rows, notes
            names.append(cells[at])
            at += 1
        explained = at + 1 + rules
        shown = names[-1] if names else cells[k]
        if explained >= len(cells):
            notes.append(f"评分表第{serial}行（{shown}）在文本中断处，分值或得分缺失，未读取")
            break
        points, said, score = cells[at], cells[at + 1 : explained], cells[explained]
        if (
            not names
            or len(names) > len(levels)
            or not _NUMBER.match(points)
            or any(_NUMBER.match(c) for c in said)
            or (score and not _NUMBER.match(score))
        ):
            notes.append(f"评分表第{serial}行（{shown}）的单元格与表头各列对不上，未读取")
            break
        for j, name in enumerate(names):
            levels[len(levels) - len(names) + j] = name
        row = (levels[0], levels[1], names[-1], points.removesuffix("分"), score.removesuffix("分"))
        rows.append((row, next((c for c in reversed(said) if c), names[-1])))
        serial += 1
        k = explained + 1
    return rows, notes
