"""The project labels and the funds block of a 自评表 whose cells were flattened into text
(flat_sheet.py reads the indicator rows): 项目名称/主管部门/实施单位 with the cells after each,
and the 年度资金总额 row with its source rows (其中…) under the funds header's columns."""

from __future__ import annotations

import re

from jixiao.domain.reading.flat_cells import _NUMBER, _SEPARATORS, header_order, place, tokens
from jixiao.domain.reading.text import RawTable

_LABELS = ("项目名称", "主管部门", "实施单位")
_LABEL_END = re.compile(
    r"^(?:项目名称|主管部门|实施单位|项目负责人|项目资金|资金情况|联系电话|预算单位|年初预算|年度资金)"
)
_FUNDS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("年初预算数", ("年初预算",)),
    ("全年预算数", ("全年预算", "调整后预算", "调整预算", "预算数")),
    ("全年执行数", ("全年执行", "实际支出", "执行数")),
    ("分值", ("分值",)),
    ("执行率", ("执行率",)),
    ("得分", ("得分",)),
)


def label_table(text: str) -> RawTable | None:
    cells = [c for c in _SEPARATORS.split(text) if c]
    rows: list[tuple[str, str]] = []
    for label in _LABELS:
        for i, cell in enumerate(cells):
            if re.sub(r"[：:]$", "", cell) != label:
                continue
            taken: list[str] = []
            for nxt in cells[i + 1 : i + 6]:
                if _LABEL_END.match(nxt):
                    break
                taken.append(nxt)
            if taken:
                rows.append((label, "".join(taken)))
            break
    return RawTable(tuple(rows), "自评表（由文字还原）") if rows else None


def funds_table(text: str) -> RawTable | None:
    """The 年度资金总额 row and its source rows, under the funds header's columns."""
    m = re.search(r"年度资金总额\s*[:：]?", text)
    if m is None:
        return None
    window = text[max(0, m.start() - 200) : m.start()]
    columns = header_order(window, _FUNDS_WORDS)
    own = header_order(window[window.rfind("项目资金") :], _FUNDS_WORDS)
    if "项目资金" in window and len(own) >= 3:
        columns = own  # the header's own words, not those of a form above it in the window
    if len(columns) < 3:
        return None
    if "分值" in columns and "得分" not in columns and "得分" in text[m.end() : m.end() + 200]:
        columns.append("得分")  # the header's last cell wrapped below the row ("… 100% 10 得分")
    before = text[max(0, m.start() - 300) : m.start()]
    unit = (
        "（万元）"
        if "万元" in before
        else "（元）"
        if re.search(r"[(（]\s*元\s*[)）]", before)
        else ""
    )
    rows: list[tuple[str, ...]] = [(f"项目资金{unit}", *columns)]
    cells = tokens(text[m.end() :])
    label = re.sub(r"\s+", "", m[0])  # labels as written ("年度资金总额:", "其中:本年财政拨款")
    values: list[str] = []
    seen = {"年度资金总额"}
    for cell in cells:
        source = _SOURCE.match(cell)
        if source is not None:
            if row := _trimmed(values):
                rows.append(_funds_row(label, row, columns))
            if _SOURCE_NAMES[source[1]] in seen:
                break
            label, values = cell, []
            seen.add(_SOURCE_NAMES[source[1]])
            continue
        if not cell or _NUMBER.match(cell) or _DASHES.match(cell):
            values.append(cell)  # "": an empty cell of a text one cell per line ("|")
            continue
        if unit and _WITH_UNIT.match(cell):
            values.append(cell)  # "620.82万元", "150万" under a 项目资金(万元) header
            continue
        if re.fullmatch(r"(?:其中[:：]?|当年|本年|上年|财政|拨款|资金|结转)+", cell):
            continue  # "其中:当年财政 拨款": one label split by the flattening
        break  # the funds block ends at the first other word
    if row := _trimmed(values):
        rows.append(_funds_row(label, row, columns))
    return RawTable(tuple(rows), "自评表资金（由文字还原）") if len(rows) > 1 else None


_WITH_UNIT = re.compile(r"^(\d[\d,]*(?:\.\d+)?)\s*万元?$")
_DASHES = re.compile(r"^(?:[—–-]+|/|／)$")  # a cell left blank on purpose ("—", "——", "/")
_SOURCE = re.compile(r"^(?:其中[:：]?)?(当年财政|本年财政|财政拨款|上年结转|其他资金)")
_SOURCE_NAMES = {
    "当年财政": "当年财政拨款",
    "本年财政": "当年财政拨款",
    "财政拨款": "当年财政拨款",
    "上年结转": "上年结转资金",
    "其他资金": "其他资金",
}


_AMOUNT_COLUMNS = ("年初预算数", "全年预算数", "全年执行数")


def _trimmed(values: list[str]) -> list[str]:
    """A row's cells without the empty cells around them: the lines of bare "||||" a web page
    copied one cell per line puts between rows."""
    start, end = 0, len(values)
    while start < end and not values[start]:
        start += 1
    while end > start and not values[end - 1]:
        end -= 1
    return values[start:end]


def _funds_row(label: str, values: list[str], columns: list[str]) -> tuple[str, ...]:
    """A row's cells under the header's columns. Cells that fill every column (blank ones
    included: "—", or "" from a text one cell per line) stand in the header's order. Else
    a source row (其中…) has amounts only: 分值, 执行率 and 得分 are the total's, so its
    figures go to the amount columns, in order, when they fill exactly those; and the total's
    figures are placed by their kind."""
    if len(values) == len(columns) and all(
        _fits(column, cell) for column, cell in zip(columns, values, strict=True)
    ):
        return (label, *values)
    shown = [v for v in values if v and not _DASHES.match(v)]
    amounts = [c for c in columns if c in _AMOUNT_COLUMNS]
    if "总额" not in label and len(shown) == len(amounts):
        placed: dict[str, str] = dict(zip(amounts, shown, strict=True))
    else:
        figures = [_figure(v) for v in shown]
        where = place(figures, columns) or {}
        # place keeps the cells' order, so the n-th placed column takes the n-th cell
        taken = [c for c in columns if c in where]
        placed = dict(zip(taken, shown, strict=True)) if len(taken) == len(shown) else {}
    return (label, *(placed.get(c, "") for c in columns))


def _figure(cell: str) -> str:
    """An amount with its unit ("150万") as the bare figure the placing knows."""
    m = _WITH_UNIT.match(cell)
    return m[1] if m else cell


def _fits(column: str, cell: str) -> bool:
    return not cell or bool(_DASHES.match(cell)) or bool(place([_figure(cell)], [column]))
