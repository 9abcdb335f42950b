"""Dates that disagree: one event given two dates, and durations the dates do not allow."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from jixiao.domain.checks.base import Context, Hit, Rule, quote
from jixiao.domain.findings import Severity
from jixiao.domain.periods import Precision, year_end
from jixiao.domain.reading.mentions import DateMention

# One-off milestones: a project is accepted, goes live, is completed once.
MILESTONES = (
    "终验",
    "初验",
    "验收",
    "上线",
    "建成",
    "竣工",
    "完工",
    "投入使用",
    "投用",
    "交付",
    "开通",
    "签订",
    "开工",
)
_SPAN = re.compile(r"(?:历时|共计?|用时|耗时|为期)\s*(\d+)\s*(个月|天|日|年)")
_LEAD = re.compile(r"(?:于|在|自|从)$")


def milestones(mention: DateMention) -> frozenset[str]:
    """The milestone words right after a date ("于2019年1月1日通过终验正式上线运行")."""
    head = mention.after[:14]
    return frozenset(w for w in MILESTONES if w in head)


def _subject(mention: DateMention) -> str:
    return _LEAD.sub("", mention.before.strip()).strip()


def _same_subject(a: DateMention, b: DateMention) -> bool:
    """Compatible subjects: one empty, or one names the other ("…（以下简称天网工程）" / "天网工程")."""
    x, y = _subject(a), _subject(b)
    return not x or not y or x in y or y in x


def _overlap(a: DateMention, b: DateMention) -> bool:
    return a.date.first <= b.date.last and b.date.first <= a.date.last


def event_date_conflicts(context: Context) -> Iterator[Hit]:
    dated = [
        d
        for d in context.facts.mentions.dates
        if d.date.precision in (Precision.DAY, Precision.MONTH) and milestones(d)
    ]
    reported: set[frozenset[str]] = set()
    for i, a in enumerate(dated):
        for b in dated[i + 1 :]:
            words = milestones(a) & milestones(b)
            if not words or words in reported or _overlap(a, b) or not _same_subject(a, b):
                continue
            reported.add(words)
            same = [d for d in dated if milestones(d) & words]
            dates = list(dict.fromkeys(d.raw for d in same))
            evidence = tuple(
                dict.fromkeys(f"{d.at.location}：{quote(d.at.sentence)}" for d in same)
            )
            yield Hit(
                f"同一事件（{'、'.join(sorted(words))}）写了不同日期：{'、'.join(dates)}",
                str(a.at.location),
                evidence,
            )


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (2019-01-01 -> 2021-12-31: 35)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    return months - (1 if end.day < start.day else 0)


def _add_months(start: dt.date, months: int) -> str:
    total = start.year * 12 + start.month - 1 + months
    return f"{total // 12}年{total % 12 + 1}月"


def _span(months: int) -> str:
    years, rest = divmod(months, 12)
    return (f"{years}年" if years else "") + (f"{rest}个月" if rest or not years else "")


def duration_mismatches(context: Context) -> Iterator[Hit]:
    facts = context.facts
    year = facts.year_value
    signed = facts.report_date.date.last if facts.report_date else None
    seen: set[tuple[str, int]] = set()
    for duration in facts.mentions.durations:
        if not duration.as_of_now or (duration.raw, duration.months) in seen:
            continue
        start = _start_of(context, duration.at.paragraph, duration.at.start)
        if start is None or (signed is None and year is None):
            continue
        seen.add((duration.raw, duration.months))
        begin = start.date.first
        if signed is not None:
            as_of, said = signed, f"落款日期{signed.year}年{signed.month}月{signed.day}日"
            expected = months_between(begin, as_of)
            wrong = abs(expected - duration.months) > 1
        else:
            assert year is not None
            as_of, said = year_end(year), f"本报告评价的{year}年底"
            expected = months_between(begin, as_of + dt.timedelta(days=1))
            wrong = duration.months < expected - 1
        if wrong:
            yield Hit(
                f"运行时长与日期不符：自{start.raw}起至{said}约{_span(expected)}，"
                f"文中写“{duration.raw}”（只到{_add_months(begin, duration.months)}）",
                str(duration.at.location),
                (quote(duration.at.sentence),),
            )
    yield from _stated_spans(context)


def _start_of(context: Context, paragraph: int, before: int) -> DateMention | None:
    """The nearest milestone date before a duration in the same paragraph."""
    candidates = [
        d
        for d in context.facts.mentions.dates
        if d.at.paragraph == paragraph
        and d.at.start < before
        and d.date.precision in (Precision.DAY, Precision.MONTH)
        and (milestones(d) or re.search(r"运行|使用", d.after[:14]))
    ]
    return candidates[-1] if candidates else None


def _stated_spans(context: Context) -> Iterator[Hit]:
    """ "2021年3月1日至2021年5月31日，历时5个月": the span the two dates give vs the one stated."""
    by_sentence: dict[tuple[int, str], list[DateMention]] = {}
    for d in context.facts.mentions.dates:
        if d.date.precision in (Precision.DAY, Precision.MONTH) and d.at.paragraph >= 0:
            by_sentence.setdefault((d.at.paragraph, d.at.sentence), []).append(d)
    for (_, sentence), dates in by_sentence.items():
        m = _SPAN.search(sentence)
        if len(dates) < 2 or m is None:
            continue
        first, last = dates[0].date, dates[-1].date
        amount, unit = int(m[1]), m[2]
        if unit in ("天", "日"):
            actual = (last.last - first.first).days + 1
            wrong = abs(actual - amount) > 1
            shown = f"{actual}天"
        else:
            actual = months_between(first.first, last.last + dt.timedelta(days=1))
            wrong = abs(actual - amount * (12 if unit == "年" else 1)) > 1
            shown = _span(actual)
        if wrong:
            yield Hit(
                f"时长与起止日期不符：{dates[0].raw}至{dates[-1].raw}约{shown}，文中写“{m[0]}”",
                str(dates[0].at.location),
                (quote(sentence),),
            )


RULES = (
    Rule(
        "event-date-conflict",
        Severity.WARNING,
        "同一事件（验收、上线、建成等）在不同地方写了不同日期",
        event_date_conflicts,
    ),
    Rule(
        "duration-mismatch",
        Severity.WARNING,
        "“已运行N年M月”“历时N个月”等时长与其起止日期不符",
        duration_mismatches,
    ),
)
