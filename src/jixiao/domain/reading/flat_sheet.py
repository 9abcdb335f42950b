"""A 自评表 whose cells were flattened into running text, rebuilt as tables.

PDF text layers and web pages copied as text give the one-table 自评表 as a stream of cells,
separated by spaces, `|` or line breaks, with merged cells written once (一级/二级 labels at
the top of their block, sometimes one character per cell: "产 出 指 标 (50分)") and empty cells
often dropped. The stream is read with what is known about the table, never guessed:

- the header row's words give the value columns and their order (年度指标值/指标值/目标值,
  实际完成值/全年实际值/完成值, 分值/权重, 得分/自评分, 偏差原因…); two at least, or the
  指标值 alone (a 绩效目标表, whose rows give a name and its target);
- the level vocabularies (产出指标, 数量指标, …) open blocks and are carried down;
- a row is a name followed by its values; a value is matched to a column by its kind (a
  comparator or unit makes a target or actual, a bare number ≤ 100 a 分值 or 得分), the
  columns taken in header order, a column left empty when its cell was dropped;
- a row whose values cannot be placed that way is not guessed: it gets a reading note.

The result is ordinary tables (project labels, the funds block, the indicator rows with the
总分 row) for `build_document`, so the rest of the reading is the same for every container.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.domain.reading.figures_first import read_figures_first_sheet
from jixiao.domain.reading.flat_cells import (
    _ACTUAL_WORDS,
    _BARE,
    _CELL_LINE,
    _COMPARATOR,
    _FORM_COLUMNS,
    _HEADER_WORDS,
    _LEVEL1,
    _LEVEL2,
    _LEVEL_ALT,
    _NOTE_WORDS,
    _NUMBER,
    _SEPARATORS,
    _STOP,
    ACTUAL,
    NATURE,
    NOTE,
    POINTS,
    ROW_NUMBER,
    SCORE,
    TARGET,
    UNIT,
    _Row,
    header_order,
    place,
    split_points,
    tokens,
    unglue,
)
from jixiao.domain.reading.flat_funds import funds_table, label_table
from jixiao.domain.reading.glued_sheet import read_glued_sheet
from jixiao.domain.reading.glued_weights import read_weighted_glued_sheet
from jixiao.domain.reading.interleaved import read_interleaved_sheet
from jixiao.domain.reading.levelled_rows import read_levelled_rows
from jixiao.domain.reading.numbered_scorecard import read_numbered_scorecard
from jixiao.domain.reading.points_first import read_points_first_sheet
from jixiao.domain.reading.scorecard import read_scorecard
from jixiao.domain.reading.text import RawTable


@dataclass
class SheetReading:
    tables: list[RawTable]
    notes: list[str]
    at: int  # where in the text the indicator header starts


def read_flat_sheet(text: str, place_name: str) -> SheetReading | None:
    """The 自评表 in flattened `text` (one report's text, or a part of it), or None when the
    text holds no indicator header."""
    anchor = _indicator_anchor(text)
    if anchor is None:
        found = (
            _headerless(text, place_name)
            or _excerpt(text, place_name)
            or _levelled(text, place_name)
        )
        if found is None and (block := funds_table(text)) is not None:
            # a 自评表 whose indicator rows are not there (an excerpt, a form of 总体目标 only):
            # its funds block is read alone
            return SheetReading([block], [], text.find("年度资金总额"))
        return found
    start, end = anchor
    run_together = (
        read_interleaved_sheet(text, start)
        or read_figures_first_sheet(text, start)
        or read_scorecard(text, start)
        or read_numbered_scorecard(text, start)
        or read_weighted_glued_sheet(text, start, end)
        or read_glued_sheet(text, start, end)
        or read_points_first_sheet(text, start, end)
    )
    if run_together is not None:
        sheet, notes = run_together
        tables = [
            t for t in (label_table(text[:start]), funds_table(text[:start])) if t is not None
        ]
        return SheetReading([*tables, sheet], notes, start)
    # The header row: from "绩效指标" before it, else its line, at most 160 characters back.
    line_start = text.rfind("\n", 0, start) + 1
    window_start = max(line_start, start - 160)
    titled = text.rfind("绩效指标", window_start, start)
    above = text.rfind("绩效指标", max(0, start - 160), line_start)
    if titled < 0 and above >= 0:
        window_start = above  # "| 绩效指标 | 年度指标值 | … |" on its own line above "一级指标 |"
    window_start = max(window_start, titled)
    funds = list(_FUNDS_END.finditer(text, window_start, start))
    if funds:  # "…得分(20分*执行率)年度财政资金总额1000…三级指标": the funds block's words are not
        window_start = funds[-1].end()  # the indicator header's
    columns = header_order(text[window_start:end], _HEADER_WORDS)
    if len(columns) < 2 and not _targets_only(columns, text[window_start:end]):
        return None
    columns = _with_form_columns(columns, text[window_start:end])
    cells = tokens(text[end:], units_apart=UNIT in columns)
    cut = ends_inside_a_cell(text[end:])
    rows, notes, total = _indicator_rows(cells, columns, cut)
    if unnamed := _unnamed_score(cells, columns, rows, notes, cut):
        columns, (rows, notes, total) = unnamed
    glued = {  # the cells cut out of runs the flattening glued together
        atom
        for t in _SEPARATORS.split(text[end:])
        if t and (atoms := unglue(t)) != [t]
        for atom in atoms
    }
    if not rows:
        return None
    shown_columns = [c for c in columns if c not in (NATURE, UNIT)]
    header = ("一级指标", "二级指标", "三级指标", *shown_columns)
    table_rows = [header]
    places = [""]
    broken = False
    for row in rows:
        if _GLUED_NAME.search(row.name) or not re.search(r"[\u4e00-\u9fff]", row.name):
            notes.append(
                f"指标“{row.name[:30]}”一行的名称不成其为名称（单元格粘连或识别残缺），未读取"
            )
            broken = True
            continue
        if broken and _FIGURE_CELL.match(row.name):
            # "社会效益效益指标 | 受益农户数 | 5000户 | 5000户 | 5.0": the unread row's name
            # took a cell, so its last figures came out as a "row" named by a figure
            notes.append(f"“{row.name}”起的数值属于上一行未读取的指标，未读取")
            continue
        broken = False
        placed = place(row.values, columns)
        if glued & set(row.values) and len(row.values) < len(columns) - (NOTE in columns):
            split = split_points(row.values, columns)
            if split is not None:
                placed = place(split, columns)
            elif any(re.match(r"^\d{2,}\D", v) for v in row.values):
                placed = None  # a 分值 glued to its target, cut more than one way: not guessed
        if placed is None:
            shown = "｜".join(row.values)
            notes.append(f"指标“{row.name}”一行的数值无法对应到表头各列（{shown}），未读取")
            continue
        if row.note and NOTE in columns:
            placed[NOTE] = row.note
        _unit_to_target(placed)
        table_rows.append(
            (row.level1, row.level2, row.name, *(placed.get(c, "") for c in shown_columns))
        )
        places.append(f"{row.name}：{row.explanation}" if row.explanation else "")
    if total:
        placed = place(total, [c for c in columns if c in (POINTS, SCORE)]) or {}
        table_rows.append(("总分", "", "", *(placed.get(c, "") for c in shown_columns)))
    row_places = tuple(places) if any(places) else ()
    sheet = RawTable(tuple(table_rows), place_name, row_places, notes=tuple(notes))
    tables = [t for t in (label_table(text[:start]), funds_table(text[:start])) if t is not None]
    return SheetReading([*tables, sheet], notes, start)


def _with_form_columns(columns: list[str], header: str) -> list[str]:
    """`columns` with the 计量单位 column the header names after the actual (年度指标值 |
    实际完成值 | 计量单位), and the 指标性质/指标方向 column it names with it: their cells are
    then told apart by their words, the unit kept apart from the actual's figure."""
    everything = header_order(header, (*_HEADER_WORDS, *_FORM_COLUMNS))
    at = everything.index(UNIT) if UNIT in everything else -1
    if at < 2 or everything[at - 2 : at] != [TARGET, ACTUAL]:
        return columns  # a unit before the actual is glued to the target's figure as it is
    extra = header_order(header, _FORM_COLUMNS)
    return [c for c in everything if c in columns or c in extra]


def _unit_to_target(placed: dict[str, str]) -> None:
    """The 计量单位 cell joined to the target's figure ("大于等于1" + "次"); the direction
    cell dropped."""
    unit = placed.pop(UNIT, "")
    placed.pop(NATURE, None)
    target = placed.get(TARGET, "")
    if unit and re.search(r"\d$", target):
        placed[TARGET] = target + unit


_STRAY = re.compile(r"^“(\d+(?:\.\d+)?)”不属于任何指标行")


_UNIT_COLUMN = re.compile(r"单\s*位|性\s*质")


def _targets_only(columns: list[str], header: str) -> bool:
    """A 绩效目标表 whose header names the 指标值 alone after the levels, with no 计量单位 or
    指标性质 column that a one-value reading would take for the target ("辅警人员 | 人 | = |
    512" is not read so)."""
    return columns == [TARGET] and _UNIT_COLUMN.search(header) is None


def _unnamed_score(
    cells: list[str], columns: list[str], rows: list[_Row], notes: list[str], cut: bool
) -> tuple[list[str], tuple[list[_Row], list[str], list[str]]] | None:
    """A header that names 年度指标值 and 实际完成值 but no 分值/得分 column, over rows that
    each end in one bare number (a 区域绩效自评表 with its score column left unnamed): the
    numbers are the 得分. Taken only when the numbers stray after at least half the rows and
    reading them as a 得分 column leaves none astray."""
    if POINTS in columns or SCORE in columns or not {TARGET, ACTUAL} <= set(columns):
        return None
    if not notes or not all(_STRAY.match(n) for n in notes) or len(notes) * 2 < len(rows):
        return None
    wider = [c for c in columns if c != NOTE] + [SCORE] + ([NOTE] if NOTE in columns else [])
    again = _indicator_rows(cells, wider, cut)
    if again[1] or len(again[0]) < len(rows):
        return None
    return wider, again


# A 二级 label inside a name ("数量指标补贴渔船数6620质量指标…"): cells glued, not one name.
_GLUED_NAME = re.compile(r".(?:数量|质量|时效|成本|效益)指标")
# The last words of a funds block run into the indicator header ("资金总额", "执行率").
_FUNDS_END = re.compile(r"资\s*金\s*总\s*额|执\s*行\s*率|全\s*年\s*执\s*行\s*数")
_OPENING = re.compile(r"(?:^|\n)\s*产\s*出\s*指\s*标")
_TARGET_CUT = re.compile(rf"^(?P<name>.+?)(?P<target>(?:{_COMPARATOR})\s*\d.*)$")


def _excerpt(text: str, place_name: str) -> SheetReading | None:
    from jixiao.domain.reading.headerless import read_headerless_rows  # it reads with this module

    found = read_headerless_rows(text, place_name)
    return SheetReading(found[0], list(found[0][0].notes), found[1]) if found else None


def _levelled(text: str, place_name: str) -> SheetReading | None:
    found = read_levelled_rows(text, place_name)
    return SheetReading([found[0]], list(found[0].notes), found[1]) if found else None


def _headerless(text: str, place_name: str) -> SheetReading | None:
    """A 自评表 continued from a page whose header is not in the text (a fragment starting at
    "产出指标数量指标…"). Its columns are taken from the vocabulary alone, and only in the one
    shape that leaves no doubt: every row a name with a comparator target ("足额保障率=100%")
    and one bare number, the numbers adding up to the 合计 written under them (or to it less
    the 预算执行率's 10) — so they are the 分值 (points sum to the total by design; scores
    need not). Anything else is not read."""
    opening = _OPENING.search(text)
    if opening is None:
        return None
    start = opening.start() + (text[opening.start()] == "\n")
    cells: list[str] = []
    for token in tokens(text[start:]):
        while level := re.match(rf"^(?:{_LEVEL_ALT})(?:[（(]\d+(?:\.\d+)?分?[）)])?", token):
            cells.append(level[0])
            token = token[level.end() :]
        cut = _TARGET_CUT.match(token) if not _BARE.match(token) else None
        cells += [cut["name"], cut["target"]] if cut else [token] if token else []
    columns = [TARGET, POINTS]
    rows, notes, total = _indicator_rows(cells, columns)
    if total == [] and (closing := re.search(r"合\s*计\s*(\d+(?:\.\d+)?)", text[start:])):
        total = [closing[1]]
    if len(rows) < 2 or notes or len(total) != 1:
        return None
    if not all(
        len(r.values) == 2 and re.match(_COMPARATOR, r.values[0]) and _BARE.match(r.values[1])
        for r in rows
    ):
        return None
    if float(total[0]) - sum(float(r.values[1]) for r in rows) not in (0, 10):
        return None  # 10: the 预算执行率's points, in the funds block above the fragment
    header = ("一级指标", "二级指标", "三级指标", *columns)
    table_rows = [header] + [(r.level1, r.level2, r.name, *r.values) for r in rows]
    table_rows.append(("合计", "", "", "", total[0]))
    sheet = RawTable(tuple(table_rows), place_name or "自评表（无表头，由文字还原）")
    return SheetReading([sheet], [], start)


_FIRST_LEVEL = re.compile(
    "|".join(
        r"\s*".join(word)
        for word in ("产出指标", "成本指标", "项目决策", "数量指标", "质量指标", "时效指标")
    )
)


def _indicator_anchor(text: str) -> tuple[int, int] | None:
    """(start, end) of the indicator header: from 一级/二级/三级指标 to the first 一级 label after
    it (or the end of the header words)."""
    m = re.search(r"三\s*级\s*指\s*标|指标名称", text)
    if m is None:
        return None
    window_end = min(len(text), m.end() + 200)
    first_level = re.search(_FIRST_LEVEL, text[m.end() : window_end])
    if first_level is not None:
        return m.start(), m.end() + first_level.start()
    last = m.end()
    for _column, variants in _HEADER_WORDS:
        for variant in variants:
            spaced = r"\s*".join(map(re.escape, variant))
            for hit in re.finditer(spaced, text[m.end() : window_end]):
                last = max(last, m.end() + hit.end())
    for extra in re.finditer(r"指标性质|度量单位", text[m.end() : window_end]):
        last = max(last, m.end() + extra.end())
    return m.start(), last


def _indicator_rows(
    cells: list[str], columns: list[str], cut_end: bool = False
) -> tuple[list[_Row], list[str], list[str]]:
    """The rows of the cells under the header, the notes on what could not be placed, and
    the figures of the 总分 row; `cut_end`: the text stops inside its last cell, so a row
    still open when the cells run out was cut by the excerpt and is not read (its truncated
    cell is no value: ">=9" of ">=95%"); the rows above it are read as they are."""
    valued = [c for c in columns if c != NOTE]
    explicit = "" in cells  # the flattening kept empty cells: a cell's place means its column
    rows: list[_Row] = []
    notes: list[str] = []
    total: list[str] = []
    level1 = level2 = ""
    row: _Row | None = None
    i = 0
    while i < len(cells):
        cell = cells[i]
        i += 1
        plain = re.sub(r"[：:]$", "", cell)
        if cell.lstrip("….· ").startswith(_STOP) or plain in ("注", "说明", "备注"):
            plain = cell.lstrip("….· ")
            if plain.startswith(("总分", "合计", "总计")):  # its figures may be glued: "总分100100"
                rest = [c for c in cells[i : i + 4] if _BARE.match(c)]
                total = rest[:2]
            break
        if _SECTION_HEADING.match(cell) and not _figures_follow(cells, i):
            break  # "(三)项目自评步骤及方法", "二、项目资金…": the report's prose again
        if row is not None and not row.values and _prose(row.name) and _prose(cell, end=True):
            row = None  # "3.分析评价…是否合理可行 | 评价…合理可行。": prose after the table
            break
        level = _LEVEL1.match(plain)
        if level and not (plain == "成本指标" and level1.startswith("产出")):
            if row is not None and (row.values or ROW_NUMBER.match(row.name)):
                rows.append(row)
            row = None
            if plain.startswith("满意度") and level1.startswith("满意度") and not level2:
                level2 = plain  # "满意度指标 | 满意度指标": the 二级 repeats the 一级
                continue
            level1, level2 = plain, ""
            continue
        if _LEVEL2.match(plain):
            if row is not None and (
                row.values or _name_only(row, level2) or ROW_NUMBER.match(row.name)
            ):
                rows.append(row)
            row, level2 = None, plain
            continue
        if plain in ("—", "——", "-", "–", "/", "……", "…", "……（略）"):
            continue
        if row is not None and ROW_NUMBER.match(cell) and ROW_NUMBER.match(row.name):
            # numbered rows ("指标4.不合格产品处置率 指标5:…"): a cell numbered as the rows are is
            # the next row's name, never a value; the row before it left its cells empty
            rows.append(row)
            row = _Row(level1, level2, cell)
            continue
        if not cell and (row is None or len(row.values) >= len(columns)):
            continue
        if row is None:
            if _BARE.match(plain) and i < len(cells) and _LEVEL1.match(cells[i]):
                continue  # "50 产出指标": the 一级 block's figure, written before its label
            if _NUMBER.match(plain) or _BARE.match(plain):
                notes.append(f"“{cell}”不属于任何指标行，未读取")
                continue
            row = _Row(level1, level2, cell)
            continue
        if not row.values and cell.startswith(("(", "（")) and len(cell) <= 12:
            row.name += cell  # "年新增畜牧产值 (万元)": the name's unit, split off by a space
            continue
        if not row.values and i < len(cells) and _explains(cell, cells[i]):
            row.explanation = cell  # a 指标解释 column between the name and its target
            continue
        complete = len(row.values) >= len(valued)
        if not cell:
            row.values.append(cell)
            continue
        if complete:
            # with empty cells kept ("|" alone), the cell right after the values is the note's
            # place, whatever it says ("特困人员实行动态管理"); otherwise only a note's words tell
            in_place = explicit and len(row.values) == len(valued)
            if NOTE in columns and not row.note and (in_place or _NOTE_WORDS.search(cell)):
                row.note = cell
                continue
            rows.append(row)
            row = None
            i -= 1  # this cell starts the next row
            continue
        if _BARE.match(plain) or _NUMBER.match(plain) or _fits_as_text(row.values, cell, valued):
            row.values.append(cell)
            continue
        rows.append(row)
        row = _Row(level1, level2, cell)
    else:
        if cut_end:
            row = None  # cut inside its last cell, as a row cut before its values is
    if row is not None and row.values:
        rows.append(row)  # a row without values where the text ends was cut, not left empty
    return _queued(rows), notes, total


def ends_inside_a_cell(text: str) -> bool:
    """Text one cell a line, each closed by "|", whose last line is not closed: the copy
    stops inside a cell (">=9" of ">=95%")."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    closed = sum(1 for line in lines if _CELL_LINE.match(line))
    return bool(lines) and closed * 10 >= len(lines) * 7 and not _CELL_LINE.match(lines[-1])


_FIGURE_CELL = re.compile(rf"^(?:{_COMPARATOR})?\d+(?:\.\d+)?(?:%|[\u4e00-\u9fff]{{1,3}})?$")
_WRAPPED_END = re.compile(r"^[\u4e00-\u9fff]{1,2}$")


def _queued(rows: list[_Row]) -> list[_Row]:
    """Two numbered rows whose names came out before their values (a spreadsheet's tall
    wrapped name cell): "指标24:…报告 数 指标25:家庭医生签约率 14例 14例 2 2 24694人 22584人
    2 1.7". The first row holds no figure (at most its name's wrapped end, "数"), the second
    the first group of values, and a "row" named by a figure follows with a group as long:
    the groups go to the names in order, the wrapped end back to its name."""
    out = list(rows)
    k = 0
    while k + 2 < len(out):
        first, second, third = out[k], out[k + 1], out[k + 2]
        stray = [v for v in first.values if v]
        group = [third.name, *third.values]
        if (
            ROW_NUMBER.match(first.name)
            and ROW_NUMBER.match(second.name)
            and (not stray or (len(stray) == 1 and _WRAPPED_END.match(stray[0])))
            and len(first.values) == len(stray)
            and _FIGURE_CELL.match(third.name)
            and second.values
            and len(group) == len(second.values)
            and (first.level1, first.level2)
            == (second.level1, second.level2)
            == (third.level1, third.level2)
        ):
            first.name += "".join(stray)
            first.values, second.values = second.values, group
            del out[k + 2]
        k += 1
    return out


_SECTION_HEADING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)"
)
_FOLLOWING_FIGURES = 2


def _figures_follow(cells: list[str], i: int) -> bool:
    """Do figures follow the cell before `cells[i]` ("一、示范区建立 | ≧20000亩 | 20000亩")?
    Then that numbered cell is a row's name (a 合计 row over its numbered parts), not a
    heading of the report's prose, which words follow."""
    after = [c for c in cells[i : i + 2 * _FOLLOWING_FIGURES] if c][:_FOLLOWING_FIGURES]
    return len(after) == _FOLLOWING_FIGURES and all(
        _FIGURE_CELL.match(c) or _BARE.match(c) for c in after
    )


def _prose(cell: str, end: bool = False) -> bool:
    """A sentence of the report rather than a cell: long, with a comma (and, for `end`, a full
    stop at its end)."""
    long = len(cell) >= 16 and bool(re.search(r"[,，]", cell))
    return long and (not end or cell.rstrip().endswith("。"))


_COMPARED_FIGURE = re.compile(rf"^(?:{_COMPARATOR})\s*\d")
_MIN_EXPLANATION = 6


def _explains(cell: str, following: str) -> bool:
    """Whether `cell`, right after a row's name, explains the indicator (指标解释/指标说明:
    "享受补贴政策人数占符合条件申报对象总数的比例") rather than being its target: words without
    a figure, a phrase long, followed by a target with a comparator (">=98%")."""
    return (
        not re.search(r"\d", cell)
        and len(re.findall(r"[\u4e00-\u9fff]", cell)) >= _MIN_EXPLANATION
        and bool(_COMPARED_FIGURE.match(following))
    )


def _name_only(row: _Row, level2: str) -> bool:
    """A row that names an indicator and leaves every value empty, before the next 二级 block:
    a whole phrase ("促进文化经济发展,丰富市民文化活动"), not a stray word, under a 二级 that has
    other rows."""
    return (
        bool(level2)
        and len(re.findall(r"[\u4e00-\u9fff]", row.name)) >= 8
        and not re.search(r"\d", row.name)
    )


def _fits_as_text(values: list[str], cell: str, columns: list[str]) -> bool:
    """Whether `cell` can be the next value of a row: some placement of the values with it
    puts it in a column that takes text, and a text actual follows a text target or says
    what was achieved."""
    placed = place([*values, cell], columns, ties=True)
    if placed is None:
        return False
    target = placed.get(TARGET, "")
    if placed.get(ACTUAL) == cell and re.search(r"\d", target) and not re.search(r"\d", cell):
        return bool(_ACTUAL_WORDS.search(cell))
    return True


indicator_rows = _indicator_rows  # for the readers of other shapes (headerless.py)
