"""Reading a report's tables by their header words: which column is 年度指标值, which 得分.

Column headers vary between provinces and years ("年度指标值（A）", "指标值", "全年实际值（B）",
"实际完成值"), so each field is recognised by the words in its header cell (FIELD_WORDS); a row
counts as the header when it names at least three fields. Rows shorter or longer than the header
(tables flattened into text) are aligned on their last cell, because the leading columns are the
ones merged cells leave empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from jixiao.domain.errors import AmountError
from jixiao.domain.money import parse_amount
from jixiao.domain.reading.text import Document, Location, Paragraph, Table, compact

PLACEHOLDERS = {
    "",
    "—",
    "–",
    "-",
    "/",
    "／",
    "无",
    "（未设置）",
    "（未提供）",
    "(未设置)",
    "(未提供)",
}


class Column(StrEnum):
    LEVEL1 = "一级指标"
    LEVEL2 = "二级指标"
    NAME = "三级指标"
    TARGET = "年度指标值"
    ACTUAL = "实际完成值"
    COMPLETION = "完成情况"
    POINTS = "分值"
    SCORE = "得分"
    NOTE = "偏差原因分析及改进措施"
    INITIAL_BUDGET = "年初预算数"
    BUDGET = "全年预算数"
    EXECUTED = "全年执行数"
    RATE = "执行率"


def _is(*words: str, unless: tuple[str, ...] = ()) -> Callable[[str], bool]:
    return lambda text: any(w in text for w in words) and not any(u in text for u in unless)


# A header cell names a field when its test holds; the first matching field wins.
FIELD_WORDS: tuple[tuple[Column, Callable[[str], bool]], ...] = (
    (Column.LEVEL1, lambda t: t.startswith("一级")),
    (Column.LEVEL2, lambda t: t.startswith("二级")),
    (Column.NAME, lambda t: t.startswith("三级") or t in ("指标名称", "绩效指标名称", "指标内容")),
    (Column.INITIAL_BUDGET, _is("年初预算")),
    (Column.BUDGET, _is("全年预算", "调整后预算")),
    (Column.EXECUTED, _is("全年执行", "执行数", "实际支出")),
    (Column.RATE, _is("执行率")),
    (Column.ACTUAL, _is("实际值", "实际完成值", "全年实际", "完成值", unless=("情况",))),
    (Column.TARGET, _is("指标值", "目标值", "年度数值", unless=("实际",))),
    (Column.COMPLETION, _is("完成情况", "完成率", "完成比例", "完成度")),
    (Column.POINTS, _is("分值", "权重", "标准分")),
    (Column.SCORE, _is("得分", "评分")),
    (Column.NOTE, _is("偏差", "原因", "备注", "改进措施")),
)
INDICATOR_COLUMNS = {Column.NAME, Column.TARGET, Column.ACTUAL, Column.LEVEL2, Column.LEVEL1}
FUNDS_COLUMNS = {Column.INITIAL_BUDGET, Column.BUDGET, Column.EXECUTED, Column.RATE}


_LEVEL_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[）)]$")


def level_label(cell: str) -> tuple[str, Decimal | None]:
    """A 一级/二级 label without its weight: "产\n出\n指\n标\n（50分）" -> ("产出指标", 50)."""
    text = compact(cell)
    m = _LEVEL_POINTS.search(text)
    if m is None:
        return text, None
    return text[: m.start()], Decimal(m[1])


def header_columns(row: Sequence[str]) -> dict[Column, int]:
    """Which column holds which field, by the words in the header cells (first cell wins)."""
    found: dict[Column, int] = {}
    for index, cell in enumerate(row):
        text = compact(cell)
        if not text or len(text) > 16:
            continue
        for column, test in FIELD_WORDS:
            if test(text):
                found.setdefault(column, index)
                break
    return found


def aligned(row: Sequence[str], width: int) -> tuple[str, ...]:
    """`row` as `width` cells, aligned on its last cell."""
    if len(row) >= width:
        return tuple(row[len(row) - width :])
    return ("",) * (width - len(row)) + tuple(row)


def value(cell: str) -> str | None:
    """A cell's text with its line breaks (a narrow column's wrapping) removed, or None for an
    empty cell or a placeholder (—, 无, （未提供）)."""
    text = re.sub(r"\s*\n\s*", "", cell.strip())
    return None if compact(text) in PLACEHOLDERS else text


def number(cell: str) -> Decimal | None:
    """A plain number in a cell ("10", "9.50", "10分", "95%" -> 95); None otherwise."""
    text = compact(cell).removesuffix("分").removesuffix("%")
    if not re.fullmatch(r"\d+(?:\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None


_BARE_AMOUNT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_AMOUNT_WITH_UNIT = re.compile(rf"{_BARE_AMOUNT.pattern}(?:万元|万|元)")


def amount(cell: str, per_unit: Decimal) -> Decimal | None:
    """A funds amount in 元: a figure in the header's unit (`per_unit` 元 each), or one that
    writes its own unit ("150万", "4753.66万元", "1,200元", read as parse_amount reads it);
    None for anything else."""
    text = compact(cell)
    if _BARE_AMOUNT.fullmatch(text):
        return Decimal(text.replace(",", "")) * per_unit
    if not _AMOUNT_WITH_UNIT.fullmatch(text):
        return None
    try:
        return parse_amount(text)
    except AmountError:
        return None  # finer than 分 or beyond any budget: no amount the form means


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    location: Location


@dataclass(frozen=True, slots=True)
class TableRow:
    cells: dict[Column, Cell]
    location: Location

    def get(self, column: Column) -> str | None:
        cell = self.cells.get(column)
        return None if cell is None else value(cell.text)


@dataclass(frozen=True, slots=True)
class Section:
    """The rows under one header row, up to a 总分/合计 row or the next header."""

    header: dict[Column, int]
    rows: tuple[TableRow, ...]
    total: TableRow | None
    table: Table


def sections(document: Document, wanted: set[Column]) -> list[Section]:
    """Every run of rows under a header that names at least three fields, one of `wanted`."""
    out: list[Section] = []
    for table in document.tables:
        index = 0
        while index < len(table.rows):
            header = header_columns(table.rows[index])
            if len(header) < 3 or not wanted & set(header):
                index += 1
                continue
            index, section = _section(table, index, header)
            out.append(section)
    return out


def _section(table: Table, start: int, header: dict[Column, int]) -> tuple[int, Section]:
    width = len(table.rows[start])
    rows: list[TableRow] = []
    total: TableRow | None = None
    index = start + 1
    while index < len(table.rows):
        raw = table.rows[index]
        if len(header_columns(raw)) >= 3:
            break
        cells = aligned(raw, width)
        location = table.row_location(index)
        row = TableRow({c: Cell(cells[i], location) for c, i in header.items()}, location)
        index += 1
        if any(compact(c).startswith(("总分", "合计", "总计")) for c in cells):
            total = row
            break
        rows.append(row)
    return index, Section(header, tuple(rows), total, table)


MAX_RATE = Decimal(1000)  # per cent: an execution rate beyond it is figures run together


@dataclass(frozen=True, slots=True)
class FundsRow:
    """年度资金总额 or a source row of the 自评表's funds block, in 元."""

    label: str
    amounts: dict[Column, Decimal]
    rate: Decimal | None  # per cent
    points: Decimal | None
    score: Decimal | None
    location: Location
    quote: str
    written: str = ""  # the row's cells as the report writes them ("年度资金总额: 0 0 0 10 0 0")


@dataclass(frozen=True, slots=True)
class FundsTable:
    total: FundsRow | None
    sources: tuple[FundsRow, ...] = field(default_factory=tuple)


SOURCE_WORDS = {
    "财政拨款": "当年财政拨款",
    "当年财政": "当年财政拨款",
    "本年财政": "当年财政拨款",
} | {
    "上年结转": "上年结转资金",
    "其他资金": "其他资金",
}


def funds_table(document: Document) -> FundsTable | None:
    """The 项目资金 block: amounts in 万元 unless the table says 元."""
    for section in sections(document, FUNDS_COLUMNS):
        if not FUNDS_COLUMNS & set(section.header) or Column.NAME in section.header:
            continue
        table_text = "".join(compact(c) for r in section.table.rows for c in r)
        per_unit = Decimal(10_000) if "万元" in table_text or "元" not in table_text else 1
        rows = [_funds_row(section, i, Decimal(per_unit)) for i in range(len(section.table.rows))]
        total = next((r for r in rows if r and "总额" in r.label), None)
        sources = tuple(r for r in rows if r and r.label in SOURCE_WORDS.values())
        if total is not None or sources:
            return FundsTable(total, sources)
    return None


def _funds_row(section: Section, index: int, per_unit: Decimal) -> FundsRow | None:
    cells = aligned(section.table.rows[index], len(section.table.rows[0]))
    labels = [compact(c) for c in cells[: min(section.header.values())]]
    label = next((lab for lab in labels if "总额" in lab), "")
    for word, source in SOURCE_WORDS.items():
        if any(word in lab for lab in labels):
            label = source
    if not label:
        return None
    amounts: dict[Column, Decimal] = {
        c: n
        for c in (Column.INITIAL_BUDGET, Column.BUDGET, Column.EXECUTED)
        if c in section.header and (n := amount(cells[section.header[c]], per_unit)) is not None
    }

    def pick(column: Column) -> Decimal | None:
        return number(cells[section.header[column]]) if column in section.header else None

    rate = pick(Column.RATE)
    if rate is not None and rate > MAX_RATE:
        rate = None  # figures glued by the flattening ("202010100.00%"), no rate
    shown = [f"{c.value}{cells[i].strip()}" for c, i in section.header.items() if cells[i].strip()]
    quote = f"{label}：{'，'.join(shown)}"
    return FundsRow(
        label,
        amounts,
        rate,
        pick(Column.POINTS),
        pick(Column.SCORE),
        section.table.row_location(index),
        quote,
        " ".join(c.strip() for c in section.table.rows[index] if c.strip()),
    )


def labelled_value(document: Document, label: str) -> Cell | None:
    """The cell after a label cell ("项目名称" -> the name) in any table."""
    for table in document.tables:
        for r, row in enumerate(table.rows):
            for i, cell in enumerate(row):
                if compact(cell) != label:
                    continue
                rest = [c for c in row[i + 1 :] if compact(c) != label]
                if rest and value(rest[0]) is not None:
                    return Cell(rest[0].strip(), table.row_location(r))
    return None


def goals(document: Document) -> tuple[Cell, Cell] | None:
    """年度总体目标: the row under the 预期目标 | 实际完成情况 header."""
    for table in document.tables:
        for r, row in enumerate(table.rows[:-1]):
            texts = [compact(c) for c in row]
            if "预期目标" in texts and "实际完成情况" in texts:
                below = table.rows[r + 1]
                if len(below) != len(row):
                    continue
                expected = below[texts.index("预期目标")].strip()
                achieved = below[texts.index("实际完成情况")].strip()
                location = table.row_location(r + 1)
                return Cell(expected, location), Cell(achieved, location)
    return _goals_in_text(document)


_GOAL_LABEL = re.compile(r"(?:年度)?(?:总体)?目标(?:的)?完成情况[:：]\s*(?P<actual>\S.*)$")


_GOAL_NUMBER = re.compile(r"^目标\s*(\d+)\s*[:：.．、]")


def _goal_pairs(paragraphs: Sequence[Paragraph]) -> tuple[Cell, Cell] | None:
    """The 年度目标 block one cell per line (a 区域绩效自评表 copied from a web page): "预期目标"
    and "(目标)实际完成情况" on lines of their own, then each numbered goal ("目标1:…") followed
    by its own account, which repeats its number. The expected goals and the accounts are each
    joined with "；"; a bare number (the block's 分值) is passed over."""
    for k in range(len(paragraphs) - 1):
        first, second = compact(paragraphs[k].text), compact(paragraphs[k + 1].text)
        if first != "预期目标" or not second.endswith("实际完成情况") or len(second) > 10:
            continue
        expected: list[str] = []
        achieved: list[str] = []
        lines = [
            p for p in paragraphs[k + 2 :] if not re.fullmatch(r"\d+(?:\.\d+)?", p.text.strip())
        ]
        for one, two in zip(lines[0::2], lines[1::2], strict=False):
            a, b = _GOAL_NUMBER.match(one.text.strip()), _GOAL_NUMBER.match(two.text.strip())
            if a is None or b is None or a[1] != b[1]:
                break
            expected.append(one.text.strip())
            achieved.append(two.text.strip())
        if expected:
            location = paragraphs[k + 1].location
            return Cell("；".join(expected), location), Cell("；".join(achieved), location)
    return None


def _goals_in_text(document: Document) -> tuple[Cell, Cell] | None:
    """The same row flattened into text: the line under "预期目标 实际完成情况" holding the two
    texts apart by a space, or a labelled line ("年度目标完成情况：已完成") with the actual only
    (the expected then empty)."""
    paragraphs = document.paragraphs
    for k, paragraph in enumerate(paragraphs[:-1]):
        header = compact(paragraph.text)
        if header.endswith("实际完成情况") and "预期目标" in header:
            parts = paragraphs[k + 1].text.split()
            if len(parts) == 2 and all(len(p) >= 8 for p in parts):
                location = paragraphs[k + 1].location
                return Cell(parts[0], location), Cell(parts[1], location)
    if paired := _goal_pairs(paragraphs):
        return paired
    for paragraph in paragraphs:
        labelled = _GOAL_LABEL.search(paragraph.text.strip())
        if labelled is not None and len(labelled["actual"]) <= 200:
            return Cell("", paragraph.location), Cell(labelled["actual"], paragraph.location)
    return None
