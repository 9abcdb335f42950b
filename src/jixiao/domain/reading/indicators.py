"""A report's performance indicators (绩效指标), from its tables or, failing those, its text.

Tables come first: the 绩效指标 table gives 年度指标值, a second 对比表 may add 实际完成值 and
完成情况; rows of the same 三级指标 are merged. Reports without a table often list indicators
in a sentence ("1.数量指标：对已建成的710路监控进行维护。2.质量指标：…"); each item becomes an
indicator whose target is the figure it states, or none when it states none. Nothing is
invented: a value that cannot be read stays None and its raw text is kept for the finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from jixiao.domain.errors import DomainError
from jixiao.domain.indicators import LAYOUTS, level1_name, level2_name
from jixiao.domain.quantities import FIGURE_UNITS
from jixiao.domain.reading.tables import (
    Column,
    Section,
    TableRow,
    level_label,
    number,
    sections,
)
from jixiao.domain.reading.text import Document, Location, compact
from jixiao.domain.targets import (
    COMPARATOR_WORDS,
    Actual,
    Comparator,
    Target,
    parse_actual,
    parse_grade,
    parse_target,
)

_NAME_PREFIX = re.compile(r"^(?:指标\s*\d+\s*[.．、:：]|\d+\s*[.．、])\s*")
# A template's numbered slot with nothing written in it ("指标1", "指标2").
_PLACEHOLDER = re.compile(r"^(?:指标\s*\d*|三级指标)\s*[:：]?\s*$")
_FIGURE = re.compile(r"\d\s*[%％]|\d\s*[\u4e00-\u9fff]|[≥≤><=]")
_DEADLINE_NOTE = re.compile(r"[（(]截[止至][^）)]*[）)]")
# The words a form explains its unit by, after the unit: "%(百分比)", "个(个数)".
_UNIT_NOTE = re.compile(r"(?<=[%\u4e00-\u9fff])\s*[（(][\u4e00-\u9fff]{1,6}[）)]$")
# Comparators as some tables type them: a box-drawing "═", full-width "＝ ＞ ＜".
_COMPARATOR_FORMS = str.maketrans(
    {"═": "=", "＝": "=", "＞": ">", "＜": "<", "﹦": "=", "﹥": ">", "﹤": "<"}
)
# An indicator item in prose: "2.质量指标：…", "(3)满意度指标(服务对象满意度指标):…", and, when
# numbered, a heading closed by a full stop: "4.成本指标。项目投资56万元…".
_TEXT_ITEM = re.compile(
    r"(?:(?<!\d)(?P<number>\d{1,2})\s*[.、．]\s*)?"
    r"(?P<kind>数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度)指标"
    r"\s*(?:[(（][^()（）]{1,12}[)）])?\s*(?:[：:]|(?(number)。|(?!)))"
)
_QUANTITY = re.compile(
    rf"(?P<cmp>{'|'.join(map(re.escape, COMPARATOR_WORDS))})?\s*"
    r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*"
    rf"(?P<unit>{'|'.join(map(re.escape, FIGURE_UNITS))})"
)


@dataclass(frozen=True, slots=True)
class IndicatorFact:
    level1: str
    level2: str
    name: str
    target_raw: str | None
    target: Target | None
    actual_raw: str | None
    actual: Actual | None
    completion_raw: str | None
    points: Decimal | None
    score: Decimal | None
    note: str
    location: Location
    actual_location: Location | None
    from_table: bool
    table: int = 0  # the table it was read from (0: the text)
    has_actual_column: bool = False
    other_targets: tuple[str, ...] = ()
    scored_only: bool = False  # a scorecard's criterion (scorecard.py): 分值 and 得分, no target
    written: str = ""  # the name as the table writes it, numbering kept ("指标4.不合格产品处置率")

    @property
    def name_as_written(self) -> str:
        return self.written or self.name

    @property
    def where(self) -> str:
        return f"{self.level1}/{self.level2}/{self.name}"


def read_target(raw: str | None) -> Target | None:
    """A target as the report writes it; words with no figure ("全面提升") are 定性."""
    if raw is None:
        return None
    text = _DEADLINE_NOTE.sub("", raw).strip().translate(_COMPARATOR_FORMS)
    if re.search(r"\d", text):
        text = _UNIT_NOTE.sub("", text)
    try:
        return parse_target(text)
    except DomainError:
        pass
    if re.search(r"\d", text) or not text:
        return None
    try:
        return parse_target(f"定性:{text}")
    except DomainError:  # pragma: no cover - any non-empty text is a qualitative statement
        return None


def read_actual(raw: str | None, target: Target | None, score: Decimal | None) -> Actual | None:
    """An actual for `target`; a claim such as "如期完成" is no value and gives None."""
    if raw is None or target is None:
        return None
    try:
        if target.comparator is Comparator.QUALITATIVE:
            return parse_grade(raw, score)
        return parse_actual(raw, target)
    except DomainError:
        return None


def _levels(level1: str, level2: str) -> tuple[str, str]:
    """Layout names for what the table says; unknown words are kept as written."""
    for layout in LAYOUTS.values():
        try:
            one = level1_name(layout, level1) if level1 else _level1_of(layout, level2)
            return one, level2_name(layout, one, level2) if level2 else ""
        except DomainError:
            continue
    return level1, level2


def _level1_of(layout: object, level2: str) -> str:
    for name, members in LAYOUTS["mof-2020"].blocks.items():
        if any(level2 in (m, m.removesuffix("指标"), m.removeprefix("服务对象")) for m in members):
            return name
    raise DomainError(level2)


def _section_facts(section: Section) -> list[IndicatorFact]:
    facts: list[IndicatorFact] = []
    level1 = level2 = ""
    has_actual = Column.ACTUAL in section.header
    scorecard = (
        not has_actual
        and Column.TARGET not in section.header
        and {Column.POINTS, Column.SCORE} <= set(section.header)
    )
    for row in section.rows:
        name_raw = row.get(Column.NAME) or ""
        name = _NAME_PREFIX.sub("", re.sub(r"\s*\n\s*", "", name_raw).strip())
        level1 = level_label(row.get(Column.LEVEL1) or "")[0] or level1
        new2 = level_label(row.get(Column.LEVEL2) or "")[0]
        level2 = new2 or (level2 if row.get(Column.LEVEL1) is None else "")
        target_raw = row.get(Column.TARGET)
        if not name or name.startswith(("（", "(")):
            continue
        if not target_raw and not has_actual and not (scorecard and row.get(Column.POINTS)):
            continue
        if target_raw == name_raw.strip() and _merged_across(row, target_raw, section):
            continue  # one cell merged across the row ("预算执行率" spanning every column)
        if _PLACEHOLDER.match(name) and not _FIGURE.search(target_raw or ""):
            continue  # a template's row left blank: "指标1 | 指标2 | | |"
        one, two = _levels(level1, level2)
        score = number(row.get(Column.SCORE) or "")
        target = read_target(target_raw)
        actual_raw = row.get(Column.ACTUAL)
        facts.append(
            IndicatorFact(
                level1=one,
                level2=two,
                name=name.strip(),
                target_raw=target_raw,
                target=target,
                actual_raw=actual_raw,
                actual=read_actual(actual_raw, target, score),
                completion_raw=row.get(Column.COMPLETION),
                points=number(row.get(Column.POINTS) or ""),
                score=score,
                note=row.get(Column.NOTE) or "",
                location=row.location,
                actual_location=row.location if actual_raw else None,
                from_table=True,
                table=section.table.number,
                has_actual_column=has_actual,
                scored_only=scorecard,
                written=re.sub(r"\s*\n\s*", "", name_raw).strip(),
            )
        )
    return facts


def _merged_across(row: TableRow, target_raw: str, section: Section) -> bool:
    """Whether a row whose name and target read the same is one cell merged across it: so when
    its actual is empty too, or repeats them in a table read from a grid (which repeats a
    merged cell in every column it covers), or in a text table whose level cells repeat them
    as well or are empty ("预算执行率 | 预算执行率 | … "). Under level cells of their own
    ("项目完成指标 | 时效指标 | 2020年 | 2020年 | 2020年") the same words are three cells."""
    actual = row.get(Column.ACTUAL)
    if actual is None or section.table.grid is not None:
        return actual in (None, target_raw)
    levels = [row.get(Column.LEVEL1), row.get(Column.LEVEL2)]
    return actual == target_raw and all(level in (None, target_raw) for level in levels)


def _merge(facts: list[IndicatorFact]) -> list[IndicatorFact]:
    """Rows of the same 三级指标 from several tables become one, the first table's place kept."""
    merged: dict[tuple[str, str, int], IndicatorFact] = {}
    for fact in facts:
        key = next(
            (
                k
                for k, old in merged.items()
                if k[0] == compact(fact.name)
                and old.table != fact.table
                and (k[1] == fact.level1 or not k[1] or not fact.level1)
            ),
            None,
        )
        if key is None:
            merged[(compact(fact.name), fact.level1, len(merged))] = fact
            continue
        old = merged[key]
        others = old.other_targets
        if (
            fact.target_raw
            and old.target_raw
            and compact(fact.target_raw) != compact(old.target_raw)
        ):
            others = (*others, fact.target_raw)
        merged[key] = replace(
            old,
            target_raw=old.target_raw or fact.target_raw,
            target=old.target or fact.target,
            actual_raw=old.actual_raw or fact.actual_raw,
            actual=old.actual or fact.actual,
            completion_raw=old.completion_raw or fact.completion_raw,
            points=old.points if old.points is not None else fact.points,
            score=old.score if old.score is not None else fact.score,
            note=old.note or fact.note,
            actual_location=old.actual_location or fact.actual_location,
            has_actual_column=old.has_actual_column or fact.has_actual_column,
            other_targets=others,
        )
    return list(merged.values())


def text_indicators(document: Document) -> list[IndicatorFact]:
    """Indicators listed in a sentence: "1.数量指标：…。2.质量指标：…"; two items at least. An
    item whose heading stands on a line of its own ("(1)数量指标:") is the next line."""
    facts: list[IndicatorFact] = []
    paragraphs = document.paragraphs
    for k, paragraph in enumerate(paragraphs):
        text = paragraph.clean
        matches = list(_TEXT_ITEM.finditer(text))
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            item = text[m.end() : end].strip()
            if not item and i + 1 == len(matches) and k + 1 < len(paragraphs):
                following = paragraphs[k + 1].clean.strip()
                item = "" if _TEXT_ITEM.search(following) else following
            name = re.split(r"[。；;]", item)[0].strip() or item
            if not name:
                continue  # a heading with nothing under it names no indicator
            target_raw = _figure(item)
            target = read_target(target_raw)
            try:
                one, two = _levels("", m["kind"] + "指标")
            except DomainError:  # pragma: no cover - every listed word is a layout 二级
                continue
            facts.append(
                IndicatorFact(
                    one, two, name, target_raw, target, None, None, None, None, None, "",
                    paragraph.location, None, from_table=False,
                )
            )  # fmt: skip
    return facts if len(facts) >= 2 else []


def _figure(item: str) -> str | None:
    """The figure an item states: one with a comparator, else the last one; years are dates."""
    found = [
        m
        for m in _QUANTITY.finditer(item)
        if not (m["unit"] == "年" and len(m["num"]) == 4)
        and item[max(0, m.start() - 1) : m.start()] != "分"
    ]
    if not found:
        return None
    chosen = next((m for m in found if m["cmp"]), found[-1])
    return re.sub(r"\s+", "", chosen[0])


def read_indicators(document: Document) -> list[IndicatorFact]:
    facts = [
        f
        for section in sections(document, {Column.NAME, Column.TARGET})
        if Column.NAME in section.header or Column.TARGET in section.header
        for f in _section_facts(section)
    ]
    return _merge(facts) if facts else text_indicators(document)
