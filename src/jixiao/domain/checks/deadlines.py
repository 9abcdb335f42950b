"""A deadline indicator marked met while the report's own text dates the work later."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.domain.checks.base import Context, Hit, Rule, named, quote
from jixiao.domain.findings import Severity
from jixiao.domain.reading.indicators import IndicatorFact
from jixiao.domain.targets import Comparator, Dated

# The work a deadline is about, as the indicator names it and the text reports it.
EVENTS = (
    "支付",
    "付款",
    "验收",
    "完工",
    "建成",
    "安装",
    "上线",
    "交付",
    "采购",
    "招标",
    "签订",
    "部署",
    "开通",
    "整改",
    "测评",
    "检测",
)
_MET = re.compile(r"如期|按时|按期|准时|已完成|完成|达成|100\s*%")


def marked_met(fact: IndicatorFact) -> bool:
    """The table says the deadline was kept: a date by it, "如期完成", or 100%."""
    if isinstance(fact.actual, Dated) and fact.target and fact.target.deadline:
        return fact.actual.on <= fact.target.deadline.last
    said = f"{fact.actual_raw or ''} {fact.completion_raw or ''}"
    return bool(_MET.search(said))


def deadline_contradictions(context: Context) -> Iterator[Hit]:
    for fact in context.facts.indicators:
        target = fact.target
        if target is None or target.comparator is not Comparator.DEADLINE:
            continue
        assert target.deadline is not None
        events = [e for e in EVENTS if e in fact.name]
        if not events or not marked_met(fact):
            continue
        deadline = target.deadline.last
        later = [
            d
            for d in context.facts.mentions.dates
            if d.at.paragraph >= 0
            and d.date.first > deadline
            and any(e in d.before + d.after for e in events)
            # the same year's work, or a clause that says the work was finished then
            and (d.date.first.year == deadline.year or "完成" in d.before + d.after)
        ]
        if not later:
            continue
        first = later[0]
        said = fact.actual_raw or fact.completion_raw
        yield Hit(
            f"{named(fact.name)}指标值为{target.deadline.raw}（{deadline.isoformat()}前），表中写"
            f"“{said}”，但正文所述{events[0]}时间为{first.raw}"
            + ("（年份按上下文推定）" if first.inferred_year else ""),
            str(fact.actual_location or fact.location),
            (
                f"{fact.actual_location or fact.location}：指标值{fact.target_raw}，"
                f"实际“{fact.actual_raw}”，完成情况“{fact.completion_raw or '未写'}”",
                *(f"{d.at.location}：{quote(d.at.sentence)}" for d in later),
            ),
        )


RULES = (
    Rule(
        "deadline-contradicted",
        Severity.ERROR,
        "时效指标写“如期完成”，正文却写明完成时间晚于期限",
        deadline_contradictions,
    ),
)
