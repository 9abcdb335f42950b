"""The funds block's rows as the report states them, against what the report says of them: a
rate written for nothing budgeted and nothing spent, "no deviation" claimed for money left
unspent, and a cost indicator's actual above all that was spent.

A transfer-payment form copied as text writes its funds block as rows of cells apart by "|"
("年度资金总额: | 808.1 | 692.98 | 86% |"); the reader does not always take it as a table, so
these rows are read here too, besides the 自评表's funds rows the reader gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.checks.base import Context, Hit, is_cost, named, quote
from jixiao.domain.presentation import money, number, rate_text
from jixiao.domain.reading.tables import Column
from jixiao.domain.targets import Measured

ZERO = Decimal(0)

_CELL_SPLIT = re.compile(r"\s*[|｜\t]\s*")
_AMOUNT_CELL = re.compile(r"(\d+(?:\.\d+)?)\s*(?:万元|万|元)?")
_RATE_CELL = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
_FUNDS_LABEL = re.compile(r"资金|拨款|经费|公益金|结转|财政|预算|总额")
_TOTAL_LABEL = re.compile(r"年度资金总额|资金总额|合计")


@dataclass(frozen=True, slots=True)
class StatedRow:
    """A funds row: its label, 预算数 and 执行数 as written figures, its stated 执行率."""

    label: str
    budget: Decimal | None
    executed: Decimal | None
    rate: Decimal | None
    written: str
    location: str


def _read_rows(context: Context) -> Iterator[StatedRow]:
    """The 自评表's funds rows as read, then rows of a funds block copied as text: after a
    header naming 预算数 and 执行数, a money label then 预算数, 执行数 and 执行率 cells."""
    funds = context.facts.funds
    total = funds.total if funds else None
    for row in ((total,) if total else ()) + (funds.sources if funds else ()):
        rate = row.rate
        if row is not total and total is not None and rate == total.rate:
            rate = None  # may be the total's 执行率 cell merged down the source rows
        yield StatedRow(
            row.label,
            row.amounts.get(Column.BUDGET),
            row.amounts.get(Column.EXECUTED),
            rate,
            row.written or row.quote,
            str(row.location),
        )
    header = False
    for paragraph in context.facts.document.paragraphs:
        text = paragraph.clean
        if "预算数" in text and "执行数" in text:
            header = True
            continue
        cells = [c for c in _CELL_SPLIT.split(text.strip()) if c]
        if not header or len(cells) < 4 or not _FUNDS_LABEL.search(cells[0]):
            continue
        budget, executed = (_AMOUNT_CELL.fullmatch(c) for c in cells[1:3])
        stated = _RATE_CELL.fullmatch(cells[3])
        if budget is None or executed is None or stated is None:
            continue
        yield StatedRow(
            cells[0],
            Decimal(budget[1]),
            Decimal(executed[1]),
            Decimal(stated[1]),
            " | ".join(cells[:4]),
            str(paragraph.location),
        )


def rates_of_nothing(context: Context) -> Iterator[Hit]:
    """A funds row with 预算数 0 and 执行数 0 whose 执行率 is written as a figure (100%): 0 ÷ 0
    is no rate; the row should be empty or say 不适用."""
    seen: set[str] = set()
    for row in _read_rows(context):
        if row.budget != ZERO or row.executed != ZERO or not row.rate or row.label in seen:
            continue
        seen.add(row.label)
        yield Hit(
            f"{row.label}全年预算数0、全年执行数0，执行率却写{number(row.rate)}%（0÷0无从计算）",
            row.location,
            (row.written,),
        )


# "不存在执行数偏离预算数较多的问题", "执行数与预算数无偏离": the form's 执行准确性 claimed.
_NO_DEVIATION = re.compile(
    r"(?:不存在|没有|无|未)[^。；;，,]{0,12}?偏离|偏离[^。；;，,]{0,6}?(?:不大|较小|很小)"
)
_MONEY_CLAUSE = re.compile(r"执行数|预算数|执行率|资金|预算")
_LEFT_UNSPENT = Decimal(90)  # per cent: a tenth of the money unspent is a deviation by any count


def deviation_denied(context: Context) -> Iterator[Hit]:
    """The report says 执行数 does not stray from 预算数 while its own funds total shows a
    tenth or more of the budget unspent."""
    total = next(
        (
            r
            for r in _read_rows(context)
            if _TOTAL_LABEL.search(r.label) and r.budget and r.executed is not None
        ),
        None,
    )
    if total is None or total.budget is None or total.executed is None:
        return
    spent = total.executed / total.budget * 100
    if spent >= _LEFT_UNSPENT:
        return
    document = context.facts.document
    texts = [(p.clean, str(p.location)) for p in document.paragraphs]
    texts += [
        (cell, str(t.row_location(i)))
        for t in document.tables
        for i, r in enumerate(t.rows)
        for cell in r
    ]
    for text, location in texts:
        m = _NO_DEVIATION.search(text)
        clause = re.split(r"[，,。；;]", text[m.start() :])[0] if m else ""
        if m is None or not _MONEY_CLAUSE.search(text[max(0, m.start() - 12) : m.start()] + clause):
            continue  # "无偏离绩效目标": the goals, not the money
        sentence = next(s for s in re.split(r"(?<=[。；;])", text) if m[0] in s)
        yield Hit(
            f"报告称“{quote(sentence.strip(), 40)}”，自评表的全年执行数÷全年预算数却只有"
            f"{rate_text(spent / 100)}，{rate_text(1 - spent / 100)}的预算没有执行",
            location,
            (quote(sentence.strip()), total.written),
        )
        return


def cost_above_spending(context: Context) -> Iterator[Hit]:
    """A 成本指标 whose actual is an amount above the 全年执行数 of the whole funds block: no cost
    of the project exceeds what it spent in all; the actual copies the budget or a plan."""
    total = context.facts.funds.total if context.facts.funds else None
    spent = total.amounts.get(Column.EXECUTED) if total else None
    if total is None or not spent:
        return
    for fact in context.facts.indicators:
        actual = fact.actual
        if not is_cost(fact) or not isinstance(actual, Measured):
            continue
        unit = actual.quantity.unit
        if unit.dimension != "金额" or actual.quantity.value * unit.factor <= spent:
            continue
        yield Hit(
            f"成本指标{named(fact.name)}实际完成值{fact.actual_raw}，超过自评表全年执行数"
            f"{money(spent)}：项目的一项成本不会多于全部支出，实际值像是照抄预算或计划数",
            str(fact.actual_location or fact.location),
            (
                f"{fact.name_as_written} {fact.target_raw or '—'} {fact.actual_raw}",
                total.quote,
            ),
        )
