"""A 自评表 whose columns are 分值, 指标值, 实际值, 得分 (the 分值 first, as several provinces'
forms have it) and whose rows came out with no separator: "保障人数102370人2370人10" is
保障人数 | 10 | 2370人 | 2370人 | 10. Read only in the shapes that leave no doubt
(`read_points_first`); the rest is left out with a note. The same cutting at level names
serves the glued forms whose 分值 comes after the values (values_last.py):
`read_points_first_sheet` picks the reading by the header's column order."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from jixiao.domain.reading.glued_sheet import MIN_ROWS, PAGE_MARK, GluedRow, split_points_score
from jixiao.domain.reading.text import RawTable
from jixiao.domain.reading.values_last import (
    FIGURE_WITH_UNIT,
    target_points_parses,
    values_last_parses,
    values_only_parses,
    without_explanations,
)

_LEVEL_RUN = re.compile(
    r"(?P<level1>(?:产出指标|效益指标|满意度指标|项目决策|项目管理|项目产出|项目效益|项目满意度)"
    r"(?:[(（]\d+(?:\.\d+)?分?[)）])?)"
    r"|(?P<level2>(?:数量指标|质量指标|时效指标|成本指标|(?:经济效益|社会效益|生态效益)(?:指标)?"
    r"|(?:可持续影响|服务对象满意度)(?:指标)?|投入管理|财务管理|项目实施|业务管理)"
    r"(?:[(（]\d+(?:\.\d+)?分?[)）])?)"
    r"|(?P<marker>指标\s*\d{1,2}\s*[:：]?)"
)
# A 二级 label the form writes short ("成本", "时效"), right after the last figure of the row
# before it ("…1000万元10成本每年财政补助…"); taken so only when the form never writes that
# label whole ("成本指标"), so a name that starts with the word ("成本控制") is left alone
# wherever the form's labels are whole.
_SHORT_LEVEL2 = re.compile(
    r"(?<=[\d%])(?P<level2>数量|质量|时效|成本)(?!指标)(?P<level1>(?!))?(?P<marker>(?!))?"
)
_DASH = ("一", "-", "—", "–", "/")  # a cell left empty on purpose, as a scan reads it
_SCORE_OCR = {"IO": "10", "I0": "10", "l0": "10", "lO": "10"}  # 1 and 0 read as letters
_MAX_CELL = 40


@dataclass(frozen=True, slots=True)
class _Level:
    level1: str
    level2: str


def read_points_first(body: str) -> tuple[list[tuple[_Level, GluedRow]], list[str]]:
    """Rows of a table whose columns are 分值, 指标值, 实际值, 得分 (in that order) and whose
    cells were glued: each row is a name (no figure in it), its 分值, then its target and
    actual and its 得分 (at most the 分值), in one of the shapes that leave no doubt:

    - target and actual written alike ("2370人2370人", "符合相关文件要求符合相关文件要求");
    - target a dash and actual a text ("一目标明确、内容细化");
    - no target, an actual in words ("实际工作需求").

    The text is cut at the level names and 指标N markers first; a piece that does not read
    exactly one way ends its block, with a note."""
    return read_glued_blocks(body, _row_parses)


RowParses = Callable[[str], list[tuple[GluedRow, str]]]


def read_glued_blocks(
    body: str, row_parses: RowParses
) -> tuple[list[tuple[_Level, GluedRow]], list[str]]:
    """The rows of a glued table body, cut at its level names and 指标N markers, each piece
    read row by row with `row_parses` (every way a row can start the piece); a piece whose
    next row does not read exactly one way ends there, with a note."""
    text = re.sub(r"\s+", "", PAGE_MARK.sub("", body))
    level = _Level("", "")
    rows: list[tuple[_Level, GluedRow]] = []
    notes: list[str] = []
    at = 0
    found = list(_LEVEL_RUN.finditer(text))
    found += [
        m
        for m in _SHORT_LEVEL2.finditer(text)
        if f"{m['level2']}指标" not in text
        and not any(f.start() < m.end() <= f.end() for f in found)
    ]
    found.sort(key=lambda m: m.start())
    runs = [  # "财务管理财务管理制度有效性": the 二级 cell, then a name that starts with its words
        m for k, m in enumerate(found) if k == 0 or not _repeats(found[k - 1], m)
    ]
    for m in [*runs, None]:
        piece = text[at : m.start() if m else len(text)]
        if at and text[at - 2 : at] == "指标" and re.match(r"[1-9]\D", piece):
            piece = piece[1:]  # "生态效益指标1病害减少…": the 指标 of "指标1" read into the level
        if piece:
            read, rest = _piece_rows(piece, row_parses)
            rows += [(level, row) for row in read]
            if rest:
                notes.append(
                    f"“{rest[:30]}”无法唯一地切分为指标名称、分值、指标值、实际值与得分，未读取"
                )
        if m is None:
            break
        at = m.end()
        if m["level1"]:
            level = _Level(re.sub(r"[(（].*", "", m["level1"]), "")
        elif m["level2"]:
            level = _Level(level.level1, re.sub(r"[(（].*", "", m["level2"]))
    return rows, notes


def _repeats(before: re.Match[str], level: re.Match[str]) -> bool:
    return before.end() == level.start() and before.group() == level.group()


def _piece_rows(piece: str, row_parses: RowParses) -> tuple[list[GluedRow], str]:
    rows: list[GluedRow] = []
    while piece:
        parses = row_parses(piece)
        if len(parses) != 1:
            return rows, piece
        row, piece = parses[0]
        rows.append(row)
    return rows, ""


def _row_parses(piece: str) -> list[tuple[GluedRow, str]]:
    name_match = re.match(r"[^\d]+", piece)
    if name_match is None:
        return []
    name = name_match.group()
    out: list[tuple[GluedRow, str]] = []
    after_name = piece[len(name) :]
    for points in _leading_points(after_name):
        rest = after_name[len(points) :]
        for target, actual, tail in _value_pairs(rest):
            for score, remainder in _trailing_score(tail, points):
                source = piece[: len(piece) - len(remainder)]
                out.append((GluedRow(name, target, actual, points, score, source), remainder))
    if unscored := _unscored(after_name):
        out.append((GluedRow(name, *unscored, "", "", piece), ""))
    return out


def _unscored(values: str) -> tuple[str, str] | None:
    """A row left without 分值 and 得分 that ends its block: its target and actual, two
    figures with units ("8000亩8535.5亩") and nothing after them."""
    target = FIGURE_WITH_UNIT.match(values)
    actual = FIGURE_WITH_UNIT.match(values, target.end()) if target else None
    if target is None or actual is None or actual.end() != len(values):
        return None
    return target.group(), actual.group()


def _leading_points(text: str) -> list[str]:
    """The 分值 a row's figures can start with: 1 to 3 digits ≤ 100 (what follows is the
    target), or the whole number, unless a % makes it a rate."""
    m = re.match(r"\d+(?:\.\d+)?", text)
    if m is None:
        return []
    digits = m.group()
    cuts = [digits[:k] for k in range(1, min(len(digits), 3) + 1) if k < len(digits)]
    if not text[m.end() :].startswith(("%", "％")):
        cuts.append(digits)
    return [c for c in cuts if not c.startswith("0") and 0 < float(c) <= 100]


def _value_pairs(rest: str) -> list[tuple[str, str, str]]:
    """(target, actual, what follows) of the shapes that leave no doubt."""
    if re.match(r"0\d", rest):
        return []  # no figure starts with a zero: the 分值 was cut in the wrong place
    pairs = [  # a bare number glued to the next could be cut anywhere: only cells with words
        (rest[:k], rest[:k], rest[2 * k :])
        for k in range(1, min(_MAX_CELL, len(rest) // 2) + 1)
        if rest[:k] == rest[k : 2 * k] and not re.fullmatch(r"[\d.]+", rest[:k])
    ]
    if pairs:
        return pairs  # written alike: not also a text with no target
    if rest.startswith(_DASH):
        actual = re.match(rf"[^\d]+|{_FIGURE_VALUE}", rest[1:])
        return [(rest[0], actual.group(), rest[1 + actual.end() :])] if actual else []
    text = re.match(r"[^\d]+", rest)
    if text is None or len(re.findall(r"[\u4e00-\u9fff]", text.group())) < 2:
        return []
    yes_no = re.match(r"([是否])([^是否\d][^\d]+)$", text.group())
    if yes_no is not None:  # "是基本达到": the target 是, the actual in words
        return [(yes_no[1], yes_no[2], rest[text.end() :])]
    return [("", text.group(), rest[text.end() :])]


def _trailing_score(tail: str, points: str) -> list[tuple[str, str]]:
    """The 得分 at the start of `tail`, at most the 分值, followed by the next name or nothing."""
    out = []
    for ocr, read in _SCORE_OCR.items():
        if tail.startswith(ocr) and float(read) <= float(points):
            out.append((ocr, tail[len(ocr) :]))
    m = re.match(r"\d+(?:\.\d+)?", tail)
    if m is not None:
        digits = m.group()
        for k in range(1, len(digits) + 1):
            score = digits[:k]
            if score.endswith(".") or (
                score.startswith("0") and score != "0" and not score.startswith("0.")
            ):
                continue
            remainder = tail[k:]
            if float(score) <= float(points) and not re.match(r"[\d.]", remainder):
                out.append((score, remainder))
    return [(s, r) for s, r in out if not r or _NEXT_NAME.match(r)]


_FIGURE_VALUE = r"\d+(?:\.\d+)?%"
_NEXT_NAME = re.compile(r"[\u4e00-\u9fff“\"(（]")


_EXPLAINED = re.compile(r"指标说明|指标解释")
_STOP_RUN = re.compile(r"总分|合计|总计|填报人|联系电话|其他需要说明")
_GLUED_RUN = 60  # characters without a separator: cells glued, not a sentence of the report


_ROW_RUN = re.compile(r"[\u4e00-\u9fff]{2}[^\d]*\d[\d.%]*(?:[\u4e00-\u9fff]{1,3}\d+)?$")


_RATE_GLUED = re.compile(r"%\d")  # "100%100%": no cell runs a rate into a figure


def _glued(body: str) -> bool:
    """Whether the rows' cells were glued: a run without a separator longer than any cell,
    runs holding two figures each on the average (a spaced table has one at most), one row
    a line, most lines a name with its figures run on ("资金支出率达到目标值95%10"), or rates
    run into the next figure on three rows at least (the spaces left are a narrow cell's
    line breaks: "县级储备粮应急保 障率100%100%")."""
    runs = [t for t in re.split(r"[|｜\t ]+|\n", body) if t]
    figures = len(re.findall(r"\d+(?:\.\d+)?", body))
    rows = sum(1 for t in runs if _ROW_RUN.search(t))  # "资金支出率达到目标值95%10": one a line
    return (
        max(map(len, runs), default=0) >= _GLUED_RUN
        or figures >= 2 * len(runs) > 0
        or MIN_ROWS <= rows >= len(runs) / 2
        or len(_RATE_GLUED.findall(body)) >= MIN_ROWS
    )


def _first(header: str, words: tuple[str, ...]) -> int | None:
    """Where the first of `words` is in `header`, also when a scan shuffled a 4-character cell
    read down its two lines ("考值参分" for 参考分值)."""
    hits = [header.find(w) for w in words if w in header]
    if hits:
        return min(hits)
    for word in words:
        if len(word) == 4:
            for k in range(len(header) - 3):
                if sorted(header[k : k + 4]) == sorted(word):
                    return k
    return None


def read_points_first_sheet(text: str, start: int, end: int) -> tuple[RawTable, list[str]] | None:
    """The 自评表 of `text` whose rows are glued runs, by its header text[start:end]: 分值
    before 指标值 (read by `read_points_first`); 指标值, 实际值 and then 分值 and 得分 or 得分
    alone (`values_last_parses`), or neither (`values_only_parses`); or 目标值 and 分值 only
    (`target_points_parses`)."""
    header = re.sub(r"\s+", "", text[start:end])
    points = _first(header, ("分值", "参考分值"))
    target = _first(header, ("指标值", "目标值"))
    actual = _first(header, ("实际值", "完成值", "实际完成"))
    score = _first(header, ("得分",))
    if target is None:
        return None
    parses: RowParses
    if actual is None:
        if points is None or score is not None or not target < points:
            return None
        parses = target_points_parses
    elif not target < actual:
        return None
    elif points is not None and points < target:
        parses = _row_parses
    elif score is not None and actual < score and (points is None or actual < points < score):
        with_points = points is not None
        parses = lambda piece: values_last_parses(piece, with_points)  # noqa: E731
    elif points is None and score is None:
        parses = values_only_parses  # 年度指标值 | 全年完成值 | 未完成原因: no figures after them
    else:
        return None
    body = text[end:]
    total: tuple[str, str, str] | None = None
    if stop := _STOP_RUN.search(body):
        glued = re.match(r"(总分|合计|总计)\s*([\d.]+)", body[stop.start() :])
        if glued and score is None:
            total = (glued[2], "", glued[0])  # a form of 分值 alone
        elif glued and points is None:
            total = ("", glued[2], glued[0])
        elif glued and (cut := split_points_score(glued[2])):  # "总分100100": 分值 100, 得分 100
            total = (*cut, glued[0])
        body = body[: stop.start()].rstrip("…·. ")  # "……总分": the elision before the total
    if not _glued(body[:400]):
        return None
    rows, notes = read_glued_blocks(body, parses)
    if len(rows) < MIN_ROWS:
        return None
    if _EXPLAINED.search(header[:target]):  # a 指标说明 column between the name and the target
        names = without_explanations([r.name for _, r in rows])
        rows = [(lv, replace(r, name=n)) for (lv, r), n in zip(rows, names, strict=True)]
    table_rows: list[tuple[str, ...]] = [
        ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    ]
    table_rows += [
        (lv.level1, lv.level2, r.name, r.target, r.actual, r.points, r.score) for lv, r in rows
    ]
    places = ("", *(r.source for _, r in rows))
    if total is not None:
        table_rows.append(("总分", "", "", "", "", total[0], total[1]))
        places = (*places, total[2])
    table = RawTable(tuple(table_rows), "自评表（无分隔，由文字还原）", places, notes=tuple(notes))
    return table, notes
