"""Amounts whose unit cannot be right: "64.638元" beside "64.638万元"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.domain.checks.base import Context, Hit, Rule, quote
from jixiao.domain.findings import Severity
from jixiao.domain.money import WAN_UNITS
from jixiao.domain.reading.mentions import AmountMention


def is_distinctive(number: Decimal) -> bool:
    """A figure unlikely to recur by chance: it has decimals, or 3+ digits not ending in 0."""
    if number != number.to_integral_value():
        return True
    return number >= 100 and number % 10 != 0


def unit_slips(facts_amounts: tuple[AmountMention, ...]) -> list[tuple[AmountMention, str]]:
    """元 amounts that are 万元 amounts elsewhere, or finer than 分 (impossible in 元)."""
    slips: list[tuple[AmountMention, str]] = []
    for mention in facts_amounts:
        if mention.unit != "元":
            continue
        twin = next(
            (
                m
                for m in facts_amounts
                if m.unit in WAN_UNITS and m.number == mention.number and is_distinctive(m.number)
            ),
            None,
        )
        if twin is not None:
            slips.append((mention, twin.raw))
        elif mention.yuan is None:
            slips.append((mention, ""))
    return slips


# A sentence listing instalments: "分三期支付", "第二期", "分别支付", "首付款…尾款".
INSTALMENTS = re.compile(
    r"分[两二三四五六七八九十\d]+[期次批笔]|第[一二三四五六七八九十\d]+[期次批笔]|分别|每期|首[期付]|尾款"
)


# Instalments by date: "3月到账70万元,6月到账60万元,10月到账20元" (three receipts or more).
DATED_RECEIPT = re.compile(
    r"\d{1,2}\s*月份?[^，,；;。]{0,4}?(?:到账|到位|拨付|支付|付款|下达|收到)"
)


def _scale(mention: AmountMention) -> str:
    return "万" if mention.unit in WAN_UNITS else mention.unit


def list_slips(mentions: tuple[AmountMention, ...]) -> list[tuple[AmountMention, list[str]]]:
    """In a sentence listing three amounts or more (instalments, payments), the one whose unit
    differs from all the others although its figure is of their size: "30万元、30万元、29.99元"."""
    by_sentence: dict[tuple[int, str], list[AmountMention]] = {}
    for m in mentions:
        if m.at.paragraph >= 0 and m.unit in (*WAN_UNITS, "元"):
            by_sentence.setdefault((m.at.paragraph, m.at.sentence), []).append(m)
    slips: list[tuple[AmountMention, list[str]]] = []
    for items in by_sentence.values():
        sentence = items[0].at.sentence
        if len(items) < 3 or not (
            INSTALMENTS.search(sentence) or len(DATED_RECEIPT.findall(sentence)) >= 3
        ):
            continue
        for odd in items:
            others = [m for m in items if m is not odd]
            if any(_scale(m) == _scale(odd) for m in others):
                continue
            figures = sorted(m.number for m in others)
            middle = figures[len(figures) // 2]
            if middle > 0 and Decimal("0.1") <= odd.number / middle <= 10:
                slips.append((odd, [m.raw for m in others]))
    return slips


# A project's money named as such just before its figure: "市级资金配套3.6元", "预算资金85元".
_FUND_BEFORE = re.compile(r"(?:资金|经费|预算|配套|拨款|拨付|到位|投入|安排)[^\d，,。；;]{0,4}$")
# A price, a standard or a remainder, not a fund: "每人300元", "人均3.6元", "补助标准300元",
# "300元/人", "结余资金35元", "利息收入0.5元".
_NOT_A_FUND = re.compile(
    r"每|人均|户均|标准|单价|价格|均价|结余|余额|剩余|节约|利息|差额|尾差|退回"
)
SMALL_FUND = Decimal(1000)  # 元: below this no project's fund is counted


def small_funds(context: Context) -> Iterator[AmountMention]:
    """A project's fund written in 元 below a thousand ("市级资金配套3.6元"): the 万 was left
    out. Quiet for prices, standards and remainders, and for zero."""
    paragraphs = context.facts.document.paragraphs
    for mention in context.facts.mentions.amounts:
        if mention.unit != "元" or not 0 < mention.number < SMALL_FUND or mention.at.paragraph < 0:
            continue
        text = paragraphs[mention.at.paragraph].clean
        before = text[max(0, mention.at.start - 12) : mention.at.start]
        after = text[mention.at.start + len(mention.raw) : mention.at.start + len(mention.raw) + 2]
        if _FUND_BEFORE.search(before) and not _NOT_A_FUND.search(before) and "/" not in after:
            yield mention


def amount_unit_slips(context: Context) -> Iterator[Hit]:
    mentions = context.facts.mentions.amounts
    seen: set[tuple[str, str]] = set()
    for mention, listed in list_slips(mentions):
        seen.add((mention.raw, mention.at.sentence))
        yield Hit(
            f"同一句列出的金额中“{mention.raw}”单位与其他各笔（{'、'.join(listed)}）不同而数字相当，"
            "疑为单位写错（相差1万倍）",
            str(mention.at.location),
            (quote(mention.at.sentence, 160),),
        )
    for mention, twin in unit_slips(mentions):
        key = (mention.raw, mention.at.sentence)
        if key in seen:
            continue
        seen.add(key)
        evidence = [quote(mention.at.sentence)]
        if twin:
            other = next(m for m in mentions if m.raw == twin)
            evidence.append(f"{other.at.location}：{quote(other.at.sentence)}")
            message = (
                f"金额“{mention.raw}”与别处的“{twin}”数字相同而单位不同，疑为单位写错（相差1万倍）"
            )
        else:
            message = f"金额“{mention.raw}”精确到分以下，以元计不可能，疑为“{mention.number}万元”"
        yield Hit(message, str(mention.at.location), tuple(evidence))
    for mention in small_funds(context):
        if (mention.raw, mention.at.sentence) in seen:
            continue  # said above, with its 万元 twin
        seen.add((mention.raw, mention.at.sentence))
        yield Hit(
            f"项目资金“{mention.raw}”不足千元，不合项目资金的规模，疑漏写“万”（{mention.number}万元）",
            str(mention.at.location),
            (quote(mention.at.sentence),),
        )


RULES = (
    Rule(
        "amount-unit-slip",
        Severity.ERROR,
        "金额单位与同一数字在别处的单位不符（元与万元），或以元计精确到分以下",
        amount_unit_slips,
    ),
)
