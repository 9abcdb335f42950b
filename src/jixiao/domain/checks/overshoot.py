"""Figures of the narrative that its own counts or score contradict.

An overshoot stated in the narrative ("实际改造数超任务43%") against the task and the
actual count the same report states ("任务数为115户" … "实际完成…264户"): 264 is 129.6% above
115, not 43%.

Read only when the report states exactly one task count and one actual count in the same unit,
so the comparison is the report's own; the stated figure may be the excess ((实际 − 任务) ÷
任务) or the whole (实际 ÷ 任务): either is accepted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.domain.checks.base import Context, Hit, quote
from jixiao.domain.findings import Severity
from jixiao.domain.presentation import number, rate_text

_UNITS = "户|个|人|次|件|套|处|所|项|座|台|公里|千米|亩|场|期|册"
_TASK = re.compile(rf"(?:任务|计划)(?:数|量)?(?:为|是|共)?\s*(\d+(?:\.\d+)?)\s*({_UNITS})")
_DONE = re.compile(
    rf"实际(?:完成|改造|建设|实施|发放|培训|开展)?[\u4e00-\u9fff]{{0,12}}?(\d+(?:\.\d+)?)\s*({_UNITS})"
)
_OVER = re.compile(
    r"超(?:额完成|出|过)?(?:任务|计划|目标)(?:数)?(?:完成)?\s*(\d+(?:\.\d+)?)\s*[%％]"
)
_TOLERANCE = Decimal("0.5")  # percentage points: reports round to whole per cent
_HUNDRED = Decimal(100)


def stated_overshoots(context: Context) -> Iterator[Hit]:
    paragraphs = [p.clean for p in context.facts.document.paragraphs]
    text = "\n".join(paragraphs)
    tasks = {(Decimal(m[1]), m[2]) for m in _TASK.finditer(text)}
    done = {(Decimal(m[1]), m[2]) for m in _DONE.finditer(text)}
    if len(tasks) != 1 or len(done) != 1:
        return
    (task, unit), (actual, actual_unit) = next(iter(tasks)), next(iter(done))
    if unit != actual_unit or task <= 0 or actual <= task:
        return
    excess = (actual - task) / task * _HUNDRED
    whole = actual / task * _HUNDRED
    for paragraph in context.facts.document.paragraphs:
        for m in _OVER.finditer(paragraph.clean):
            said = Decimal(m[1])
            if min(abs(said - excess), abs(said - whole)) <= _TOLERANCE:
                continue
            yield Hit(
                f"“{m[0]}”与报告所写任务{number(task)}{unit}、实际{number(actual)}{unit}不符："
                f"超出（{number(actual)}−{number(task)}）÷{number(task)}="
                f"{rate_text(excess / _HUNDRED)}",
                str(paragraph.location),
                (quote(paragraph.clean[max(0, m.start() - 30) : m.end() + 10]),),
            )


_FULL_MARKS = re.compile(r"自评(?:得分|总分|分数)[^0-9。]{0,8}?(\d+(?:\.\d+)?)\s*分")


def short_of_full_marks(context: Context) -> Iterator[Hit]:
    """An indicator whose completion the narrative puts below 100% ("指标完成率99.14%") in a
    report that gives itself full marks (自评得分100分): the missed part was not deducted."""
    text = "\n".join(p.clean for p in context.facts.document.paragraphs)
    stated = _FULL_MARKS.search(text)
    if stated is None or Decimal(stated[1]) != _HUNDRED:
        return
    for rate in context.facts.mentions.rates:
        if (
            rate.at.paragraph < 0
            or rate.negated
            or not rate.subject.endswith("完成率")
            or rate.value >= _HUNDRED
        ):
            continue
        yield Hit(
            f"正文写“{rate.raw}”，未全部完成，自评得分却是满分{stated[1]}分",
            str(rate.at.location),
            (quote(rate.at.sentence), quote(stated[0])),
            Severity.WARNING,
        )


_PARENTHESES = re.compile(r"[(（][^()（）]*[)）]")
_COUNT_TOTAL = re.compile(r"共(?:计)?\s*(\d+)\s*个(项目|子项目|村|点位|站点|学校)?")
_COUNT_START = re.compile(r"年初(?:批复|安排|下达|申报)?(?:预算)?\s*(\d+)\s*个")
_COUNT_ADDED = re.compile(r"(?:年中|追加|调整)?(?:增加|新增|追加)\s*(\d+)\s*个")


def count_parts(context: Context) -> Iterator[Hit]:
    """A count stated in total ("实施项目共15个") against the parts the same sentence gives it
    (年初批复8个项目 + 年中增加8个项目 = 16). Parenthesised asides ("含…5个") are no parts."""
    for paragraph in context.facts.document.paragraphs:
        for sentence in re.split(r"[。；;]", paragraph.clean):
            plain = _PARENTHESES.sub("", sentence)
            total = _COUNT_TOTAL.search(plain)
            start = _COUNT_START.search(plain)
            added = [
                m for m in _COUNT_ADDED.finditer(plain) if m.start() > (start.end() if start else 0)
            ]
            if total is None or start is None or len(added) != 1:
                continue
            parts = int(start[1]) + int(added[0][1])
            if parts == int(total[1]):
                continue
            yield Hit(
                f"“{total[0]}”与所列{start[0]}、{added[0][0]}合计{parts}个不符",
                str(paragraph.location),
                (quote(sentence),),
            )
