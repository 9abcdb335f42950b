"""Sums written out in prose that do not add up: "30+30+29.99=89.97" style arithmetic, and a
count with its parts ("共建设点位120个，其中高清点位80个、普通点位50个").

Only what the sentence states is compared: figures joined by "+" against the figure after
"=", "共", "合计"; a count's parts against the count when the parts exceed it, or when the
sentence says they are all of it ("分别为").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.domain.checks.base import Hit, quote, sentence_at
from jixiao.domain.presentation import number
from jixiao.domain.reading.text import Paragraph

_NUM = r"\d+(?:\.\d+)?"
_UNIT = r"(?:万元|元|个|项|次|人次|人|户|台|套|路|处|份|所|家|件|辆|亩|公里|千米|米|天|小时)?"
_TERM = rf"({_NUM})\s*{_UNIT}"
_PLUS = re.compile(rf"{_TERM}(?:\s*[+＋]\s*{_NUM}\s*{_UNIT})+")
_RESULT = re.compile(rf"^\s*(?:[)）]\s*)?(?:=|＝|，?\s*(?:共计|合计|总计|累计|共))\s*({_NUM})")
_COUNTERS = "个|项|次|人次|人|户|台|套|路|处|份|所|家|件|辆|条|块|场|期|批"
_COUNT_TOTAL = re.compile(
    rf"(?:共|合计|总计|累计)(?:计|有|建设|建成|完成|安装|维护|采购|培训|开展|办理|发放|处理)?"
    rf"[\u4e00-\u9fff]{{0,8}}?(\d+)\s*({_COUNTERS})"
)
# Levels of one hierarchy (一级/二级/三级指标): a breakdown by level, not parts of a whole.
_LEVELS = re.compile(r"[一二三四五]级")
_COUNT_PART = re.compile(rf"(?<![\d.])(\d+)\s*({_COUNTERS})(?![\u4e00-\u9fff]{{0,1}}率)")


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def plus_sums(paragraph: Paragraph) -> Iterator[Hit]:
    text = paragraph.clean
    for m in _PLUS.finditer(text):
        terms = re.findall(rf"({_NUM})\s*{_UNIT}", m[0])
        result = _RESULT.match(text[m.end() : m.end() + 12])
        if len(terms) < 2 or result is None:
            continue
        stated = result[1]
        places = max(_decimals(t) for t in [*terms, stated])
        total = sum((Decimal(t) for t in terms), Decimal(0))
        if abs(total - Decimal(stated)) < Decimal(1).scaleb(-places) / 2:
            continue
        yield Hit(
            f"“{m[0]}”合计应为{number(total)}，报告写{stated}",
            str(paragraph.location),
            (quote(sentence_at(text, m.start()), 160),),
        )


def count_parts(paragraph: Paragraph) -> Iterator[Hit]:
    """A count and the parts listed after "，其中" up to the end of the sentence (。), in the
    total's counter or the alternatives it lists: "16954套(台、块、项)"."""
    text = paragraph.clean
    for sentence in re.split(r"[。]", text):
        total = _COUNT_TOTAL.search(sentence)
        if total is None:
            continue
        rest = sentence[total.end() :]
        head = re.match(r"^([^，,]{0,12})[，,]\s*其中", rest)
        if head is None:
            continue
        if len(_LEVELS.findall(rest[head.end() :])) >= 2:
            continue  # "其中一级指标3个,二级指标9个,三级指标12个": each level counts the whole
        counters = {total[2], *re.findall(_COUNTERS, head[1])}
        parts = [p for p in _COUNT_PART.finditer(rest[head.end() :]) if p[2] in counters]
        if len(parts) < 2:
            continue
        amount = sum(int(p[1]) for p in parts)
        whole = int(total[1])
        said_all = "分别" in rest[head.end() :]
        if amount == whole or (amount < whole and not said_all):
            continue
        listed = "＋".join(p[0] for p in parts)
        yield Hit(
            f"分项之和与总数不符：{listed}={amount}{total[2]}，总数写{total[1]}{total[2]}",
            str(paragraph.location),
            (quote(sentence, 160),),
        )


# A count and its breakdown in brackets: "在职人员18人(公务员12人,机关工人2人,事业人员5人)".
_BRACKETED = re.compile(
    rf"([\u4e00-\u9fff]{{0,8}}?)(\d+)\s*({_COUNTERS})\s*[(（]([^()（）]{{3,80}})[)）]"
)


def bracket_parts(paragraph: Paragraph) -> Iterator[Hit]:
    """A breakdown written in brackets after a count names all of it, unless it says it is a
    part ("其中", "含"): parts of the count's own counter that do not add up to it."""
    text = paragraph.clean
    for m in _BRACKETED.finditer(text):
        inner = m[4]
        if re.search(r"其中|含|包括|以上|以下|不足|约", inner):
            continue
        parts = [p for p in _COUNT_PART.finditer(inner) if p[2] == m[3]]
        if len(parts) < 2 or len(_LEVELS.findall(inner)) >= 2:
            continue
        amount, whole = sum(int(p[1]) for p in parts), int(m[2])
        if amount == whole:
            continue
        listed = "＋".join(p[0] for p in parts)
        yield Hit(
            f"分项之和与总数不符：“{m[1]}{m[2]}{m[3]}”，括号内{listed}={amount}{m[3]}",
            str(paragraph.location),
            (quote(sentence_at(text, m.start()), 160),),
        )


# A funds block written line by line: "年度预算资金总额: 321.25", then "其中:中央补助 166.00",
# "市级资金 136.00", "本级资金(包括结转结余) 20.25" (the unit in the block's heading).
_LINE_TOTAL = re.compile(rf"(?:总额|合计|总计)\s*[)）]?\s*[:：]\s*({_NUM})$")
_FIRST_PART = re.compile(rf"^其中\s*[:：]\s*[^\d:：]{{2,24}}?\s+({_NUM})$")
_NEXT_PART = re.compile(rf"^[^\d:：]{{2,24}}?\s+({_NUM})$")


def line_parts(paragraphs: tuple[Paragraph, ...]) -> Iterator[Hit]:
    """A total on its line and its parts on the lines under it, each a label and a figure."""
    for k, paragraph in enumerate(paragraphs):
        total = _LINE_TOTAL.search(paragraph.clean)
        if total is None or k + 1 >= len(paragraphs):
            continue
        first = _FIRST_PART.match(paragraphs[k + 1].clean)
        if first is None:
            continue
        parts = [first[1]]
        for line in paragraphs[k + 2 :]:
            part = _NEXT_PART.match(line.clean)
            if part is None:
                break
            parts.append(part[1])
        amount = sum((Decimal(p) for p in parts), Decimal(0))
        if len(parts) < 2 or amount == Decimal(total[1]):
            continue
        yield Hit(
            f"分项之和与总额不符：{'＋'.join(parts)}={number(amount)}，总额写{total[1]}",
            str(paragraph.location),
            tuple(quote(p.clean, 60) for p in paragraphs[k : k + 1 + len(parts)]),
        )


def prose_sums(paragraphs: tuple[Paragraph, ...]) -> Iterator[Hit]:
    for paragraph in paragraphs:
        yield from plus_sums(paragraph)
        yield from count_parts(paragraph)
        yield from bracket_parts(paragraph)
    yield from line_parts(paragraphs)
