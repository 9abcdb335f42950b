"""The report's own fund figures (budget A, executed B, allocated), read only when unambiguous.

Reports restate the same figure in several sections, so amounts of one role are counted once
per value; two equal amounts count twice only when one paragraph states both ("3月支付10万元，
6月支付10万元"). When the text allows two readings, the figure is None and the rules that
need it stay quiet: a check that guesses raises false alarms.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.checks.amounts import unit_slips
from jixiao.domain.presentation import money
from jixiao.domain.reading.facts import ReportFacts
from jixiao.domain.reading.mentions import AmountMention, Role
from jixiao.domain.reading.tables import Column


@dataclass(frozen=True, slots=True)
class Figure:
    value: Decimal  # 元
    quotes: tuple[str, ...]
    location: str
    place: str = ""  # the location without its section, for short notes

    @property
    def wan(self) -> str:
        return money(self.value)


def _usable(facts: ReportFacts) -> list[AmountMention]:
    """Amounts in the text with a valid value, no unit slip, and not a part of a total."""
    slipped = {id(m) for m, _ in unit_slips(facts.mentions.amounts)}
    return [
        m
        for m in facts.mentions.amounts
        if m.yuan is not None
        and id(m) not in slipped
        and m.at.paragraph >= 0
        and not is_part(facts, m)
    ]


def counted(mentions: Iterable[AmountMention]) -> Figure | None:
    """The total of mentions, each value once unless one paragraph states it more often."""
    items = list(mentions)
    if not items:
        return None
    per_paragraph = Counter((m.yuan, m.at.paragraph) for m in items)
    times: dict[Decimal, int] = {}
    for (value, _), n in per_paragraph.items():
        assert value is not None
        times[value] = max(times.get(value, 0), n)
    total = sum((v * n for v, n in times.items()), Decimal(0))
    quotes = tuple(dict.fromkeys(m.at.sentence for m in items))
    return Figure(total, quotes, str(items[0].at.location), items[0].at.location.place)


def _single(mentions: list[AmountMention]) -> Figure | None:
    """One distinct value, else None (ambiguous)."""
    if len({m.yuan for m in mentions}) != 1:
        return None
    return counted(mentions[:1])


def _table(facts: ReportFacts, column: Column) -> Figure | None:
    row = facts.funds.total if facts.funds else None
    if row is None or column not in row.amounts:
        return None
    return Figure(row.amounts[column], (row.quote,), str(row.location), row.location.place)


def budget(facts: ReportFacts, initial: bool = False) -> Figure | None:
    """全年预算数 A (or 年初预算数): the funds table's, else one figure the text names."""
    column = Column.INITIAL_BUDGET if initial else Column.BUDGET
    if (figure := _table(facts, column)) is not None:
        return figure
    usable = _usable(facts)
    if initial:
        return _single([m for m in usable if m.role is Role.INITIAL_BUDGET]) or budget(facts)
    full = [m for m in usable if m.role is Role.BUDGET and m.role_word != "预算"]
    plain = [m for m in usable if m.role is Role.BUDGET]
    return (
        _single(full)
        or _single(plain)
        or _single([m for m in usable if m.role is Role.INITIAL_BUDGET])
    )


def allocated(facts: ReportFacts) -> Figure | None:
    return counted(m for m in _usable(facts) if m.role is Role.ALLOCATED)


def executed(facts: ReportFacts) -> Figure | None:
    """全年执行数 B: the table's, a stated 执行数, else the payments the text dates in the year."""
    if (figure := _table(facts, Column.EXECUTED)) is not None:
        return figure
    usable = _usable(facts)
    if (stated := _single([m for m in usable if m.role_word == "执行数"])) is not None:
        return stated
    year = facts.year_value
    in_year = [
        m
        for m in usable
        if m.role is Role.PAID
        and not m.earlier
        and "累计" not in m.at.clause
        and (m.year == year or m.year is None)
    ]
    whole_year = [m for m in in_year if "全年" in m.at.clause]
    return _single(whole_year) or counted(in_year)


def is_part(facts: ReportFacts, mention: AmountMention) -> bool:
    """An amount listed after "其中" in its sentence: a part of the total before it."""
    if mention.at.paragraph < 0:
        return False
    text = facts.document.paragraphs[mention.at.paragraph].clean
    start = text.rfind("。", 0, mention.at.start) + 1
    return "其中" in text[start : mention.at.start]


def budget_or_allocated(facts: ReportFacts) -> Figure | None:
    """A for the execution rate: the budget, or what was allocated when no budget is named."""
    return budget(facts) or allocated(facts)
