"""Indicators a report states in prose ("1.数量指标：…"), and whether a sentence of them gives
the year's account or a target: what the sentence's figure is depends on the heading above it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.domain.checks.base import Context, Hit, named, quote
from jixiao.domain.reading.indicators import IndicatorFact
from jixiao.domain.reading.text import Location, compact
from jixiao.domain.targets import COMPARATOR_WORDS

# A heading that opens a section ("(二)绩效目标完成情况", "一、项目绩效目标", "1.产出指标完成情况").
_SECTION_HEADING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十\d]{1,3}[、.．])"
)
_ACCOUNT_HEADING = re.compile(r"完成情况|完成的绩效目标|实际完成|绩效情况")


def account_paragraphs(context: Context) -> frozenset[Location]:
    """Where the paragraphs stand that lie under a heading giving account of the year ("(二)
    绩效目标完成情况", "1.产出指标完成情况"): a prose indicator there states what was done, not
    a target, so the prose says its actual and no target is asked of it. Under a heading of
    targets ("一、项目绩效目标") it is a target like a 申报表's. Headings that only name a block
    ("(1)产出指标") are passed. One pass over the document, for all its prose indicators."""
    under: set[Location] = set()
    account = False
    for paragraph in context.facts.document.paragraphs:
        text = paragraph.clean
        if (
            len(text) <= 40
            and _SECTION_HEADING.match(text)
            and "。" not in text.rstrip("。")  # "5.社会效益目标。项目处治路线2条…" is an item
            and re.search(r"目标|完成|绩效", text)
        ):
            account = bool(_ACCOUNT_HEADING.search(text)) and "计划" not in text
        if account:
            under.add(paragraph.location)
    return frozenset(under)


def in_account(fact: IndicatorFact, accounts: frozenset[Location]) -> bool:
    """A prose indicator in one of the `accounts` paragraphs (account_paragraphs)."""
    return not fact.from_table and fact.location in accounts


def targets_as_account(context: Context) -> Iterator[Hit]:
    """An indicator's account in prose, under a 完成情况 heading, whose only figure carries a
    comparator ("项目区群众满意度≥95%"): a target restated, not what was reached. One finding
    for the report, listing each."""
    accounts = account_paragraphs(context)
    restated = [
        f
        for f in context.facts.indicators
        if in_account(f, accounts) and compact(f.target_raw or "").startswith(COMPARATOR_WORDS)
    ]
    if restated:
        yield Hit(
            f"完成情况里{'、'.join(named(quote(f.name, 30)) for f in restated)}只写了目标式的"
            f"“{restated[0].target_raw}”，没有写实际达到多少，无法核实",
            str(restated[0].location),
            tuple(quote(f"{f.level2}：{f.name_as_written}", 80) for f in restated),
        )
