"""Everything the checker and the importer read out of one report (报告事实).

Project name, unit, year and report date come from the title, the 自评表's labelled cells, the
signature; figures from report_mentions; indicators from report_indicators; the funds block and
the stated scores from the tables. What cannot be read stays None: the importer lists it and
the checks stay quiet about it rather than guess.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.reading.indicators import IndicatorFact, read_indicators
from jixiao.domain.reading.mentions import DateMention, Mentions, find_mentions
from jixiao.domain.reading.score_sheet import ScoreSheet, SheetRow, Stated
from jixiao.domain.reading.tables import (
    Cell,
    Column,
    FundsTable,
    funds_table,
    goals,
    labelled_value,
    level_label,
    number,
    sections,
)
from jixiao.domain.reading.text import Document, Location, Paragraph, compact
from jixiao.domain.targets import Graded

ORG_SUFFIX = re.compile(r"(?:局|厅|委|办|院|所|队|中心|政府|公司|处|科|站|委员会)$")
_TITLE_SUFFIX = re.compile(r"(?:资金)?(?:支出)?绩效(?:自评|自我评价|评价)(?:报告|表)?$")
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
_ALIAS = re.compile(r"简称\s*[“\"「]?([^”\"」）)，,。；;]{2,24}?)[”\"」]?[）)，,。；;]")
_WEIGHT = re.compile(
    r"(产出指标|效益指标|满意度指标|成本指标|预算执行率)\s*[（(]\s*(\d+(?:\.\d+)?)\s*分"
)
_SCORE_TOTAL = re.compile(
    r"(?:自评总分|自评得分|综合得分|总得分|最终得分)\s*(?:为|是|:|：)?\s*(\d+(?:\.\d+)?)\s*分"
)
_GRADE = re.compile(
    r"(?:评价|自评|绩效)等级\s*(?:为|是|:|：)?\s*[“\"「]?(优秀|良好|中等|优|良|中|差)(?![\u4e00-\u9fff])"
)
GRADE_WORDS = {"优秀": "优", "良好": "良", "中等": "中"}


@dataclass(frozen=True, slots=True)
class Fact:
    """A value read from the report, with the text it came from and where."""

    value: str
    quote: str
    location: Location


@dataclass(frozen=True, slots=True)
class ReportFacts:
    document: Document
    title: Fact | None
    name: Fact | None
    department: Fact | None
    implementer: Fact | None
    year: Fact | None
    report_date: DateMention | None
    aliases: tuple[str, ...]
    mentions: Mentions
    indicators: tuple[IndicatorFact, ...]
    funds: FundsTable | None
    sheet: ScoreSheet
    goals: tuple[Cell, Cell] | None

    @property
    def year_value(self) -> int | None:
        return int(self.year.value) if self.year else None

    @property
    def own_names(self) -> tuple[str, ...]:
        """How the report names its own project: the name and the aliases it defines."""
        names = [self.name.value] if self.name else []
        return tuple(n for n in (*names, *self.aliases) if n)


def read_facts(document: Document) -> ReportFacts:
    title = _title(document)
    mentions = find_mentions(document)
    department = _cell_fact(document, "主管部门") or _unit(document, title)
    implementer = _cell_fact(document, "实施单位") or department
    indicators = tuple(read_indicators(document))
    funds = funds_table(document)
    return ReportFacts(
        document=document,
        title=title,
        name=_cell_fact(document, "项目名称") or _name(title),
        department=department,
        implementer=implementer,
        year=_year(document, title),
        report_date=_report_date(document, mentions),
        aliases=tuple(dict.fromkeys(m[1].strip('“”"') for m in _ALIAS.finditer(document.text))),
        mentions=mentions,
        indicators=indicators,
        funds=funds,
        sheet=_sheet(document, indicators, funds),
        goals=goals(document),
    )


GENERIC_NAMES = {"该项目", "本项目", "项目", "此项目", "该工程", "本工程", "该资金", "本资金"}


def _aliases(document: Document) -> tuple[str, ...]:
    """Short names the report defines for its project: "（以下简称天网工程）"."""
    found = (m[1].strip('“”"') for m in _ALIAS.finditer(document.text))
    return tuple(dict.fromkeys(a for a in found if a not in GENERIC_NAMES))


def _head(document: Document) -> list[Paragraph]:
    """The paragraphs before the first heading: the unit, the title, the addressee."""
    head: list[Paragraph] = []
    for paragraph in document.paragraphs:
        if paragraph.is_heading or len(head) >= 8:
            break
        head.append(paragraph)
    return head


def _title(document: Document) -> Fact | None:
    for paragraph in _head(document) or document.paragraphs[:3]:
        text = re.sub(r"\s*[|｜]+[\s|｜]*", " ", paragraph.clean).strip()  # a web table's title row
        if len(text) <= 80 and ("报告" in text or "自评" in text or "评价" in text):
            return Fact(text, text, paragraph.location)
    return None


def _name(title: Fact | None) -> Fact | None:
    if title is None:
        return None
    name = _TITLE_SUFFIX.sub("", title.value.strip())
    name = re.sub(r"(?<!\d)\d{4}\s*年度?", "", name).strip()
    return Fact(name, title.quote, title.location) if name else None


def _cell_fact(document: Document, label: str) -> Fact | None:
    cell = labelled_value(document, label)
    return None if cell is None else Fact(cell.text, f"{label}：{cell.text}", cell.location)


def _unit(document: Document, title: Fact | None) -> Fact | None:
    """The signature near the end, else the unit above the title, else "填报单位：…"."""
    candidates = [
        p for p in document.paragraphs[-5:] if len(p.clean) <= 25 and ORG_SUFFIX.search(p.clean)
    ]
    for paragraph in document.paragraphs[:12]:
        if m := re.match(r"^(?:填报单位|单位名称|实施单位)\s*[:：]\s*(\S+)$", paragraph.clean):
            return Fact(m[1], paragraph.clean, paragraph.location)
    if not candidates:
        head = _head(document)
        candidates = [
            p
            for p in head
            if len(p.clean) <= 25
            and ORG_SUFFIX.search(p.clean)
            and (title is None or p.location != title.location)
        ]
    if not candidates:
        return None
    chosen = candidates[-1]
    text = re.sub(r"\s+", "", chosen.clean)
    return Fact(text, chosen.clean, chosen.location)


def _year(document: Document, title: Fact | None) -> Fact | None:
    if title and (m := _YEAR.search(title.value)):
        return Fact(m[1], title.quote, title.location)
    for paragraph in document.paragraphs[:12]:
        if m := re.search(r"(\d{4})\s*年度", paragraph.clean):
            return Fact(m[1], paragraph.clean, paragraph.location)
    counts = Counter(
        (m[1], p.location) for p in document.paragraphs for m in _YEAR.finditer(p.clean)
    )
    by_year = Counter({year: 0 for year, _ in counts})
    for (year, _), n in counts.items():
        by_year[year] += n
    if not by_year:
        return None
    year, _ = by_year.most_common(1)[0]
    first = next(loc for (y, loc) in counts if y == year)
    return Fact(year, f"正文中最常出现的年份（{by_year[year]}次）", first)


def _report_date(document: Document, mentions: Mentions) -> DateMention | None:
    """The signature date: a day-precise date that is (nearly) a paragraph of its own."""
    tail = {id(p) for p in document.paragraphs[-4:]}
    for mention in reversed(mentions.dates):
        index = mention.at.paragraph
        if index < 0 or id(document.paragraphs[index]) not in tail:
            continue
        if mention.date.first == mention.date.last and len(mention.at.sentence) <= 16:
            return mention
    return None


def _sheet(
    document: Document, indicators: tuple[IndicatorFact, ...], funds: FundsTable | None
) -> ScoreSheet:
    grades_at = {f.location: f.actual.grade for f in indicators if isinstance(f.actual, Graded)}
    rows: list[SheetRow] = []
    table_weights: dict[str, Decimal] = {}  # "产出指标（50分）" written in a 一级 cell
    table_weights_at = ""
    for section in sections(document, {Column.NAME}):
        if Column.POINTS not in section.header and Column.SCORE not in section.header:
            continue
        for row in section.rows:  # placeholder rows (an empty block's weight) count in totals
            block, weight = level_label(row.get(Column.LEVEL1) or "")
            if weight is not None and _WEIGHT.match(f"{block}（{weight}分"):
                table_weights.setdefault(block, weight)
                table_weights_at = table_weights_at or str(row.location)
            points = number(row.get(Column.POINTS) or "")
            score = number(row.get(Column.SCORE) or "")
            if points is None and score is None:
                continue
            rows.append(
                SheetRow(
                    compact(row.get(Column.LEVEL1) or ""),
                    row.get(Column.NAME) or "",
                    points,
                    score,
                    grades_at.get(row.location),
                    str(row.location),
                )
            )
    points_totals: list[Stated] = []
    score_totals: list[Stated] = []
    grades: list[Stated] = []
    for section in sections(document, {Column.NAME}):
        if section.total is None:
            continue
        total, where = section.total, str(section.total.location)
        quote = _as_written([c.text for c in total.cells.values()])
        if (p := number(total.get(Column.POINTS) or "")) is not None:
            points_totals.append(Stated(str(p), quote, where))
        if (s := number(total.get(Column.SCORE) or "")) is not None:
            score_totals.append(Stated(str(s), quote, where))
        row_text = "".join(dict.fromkeys(c.text for c in total.cells.values()))
        grades += [_grade(m, quote, where) for m in _GRADE.finditer(row_text)]
    weights: dict[str, Decimal] = dict(table_weights)
    weights_at = table_weights_at
    for paragraph in document.paragraphs:
        text, where = paragraph.clean, str(paragraph.location)
        for m in _WEIGHT.finditer(text):
            weights.setdefault(m[1], Decimal(m[2]))
            weights_at = weights_at or where
        score_totals += [
            Stated(m[1], _sentence(text, m), where) for m in _SCORE_TOTAL.finditer(text)
        ]
        grades += [_grade(m, _sentence(text, m), where) for m in _GRADE.finditer(text)]
    total_row = funds.total if funds else None
    return ScoreSheet(
        rows=tuple(rows),
        weights=tuple(weights.items()),
        weights_location=weights_at,
        execution_points=total_row.points if total_row else None,
        execution_score=total_row.score if total_row else None,
        execution_location=str(total_row.location) if total_row else "",
        points_totals=tuple(points_totals),
        score_totals=tuple(score_totals),
        grades=tuple(grades),
    )


def _as_written(cells: list[str]) -> str:
    """A row as the report writes it: its cells apart by spaces, a merged label once ("总分"
    spanning three columns), every figure kept ("总分 100 100")."""
    out: list[str] = []
    for cell in (c.strip() for c in cells):
        if cell and not (out and out[-1] == cell and not re.match(r"^[\d.%]+$", cell)):
            out.append(cell)
    return " ".join(out)


def _grade(match: re.Match[str], quote: str, where: str) -> Stated:
    return Stated(GRADE_WORDS.get(match[1], match[1]), quote, where)


def _sentence(text: str, match: re.Match[str]) -> str:
    left = max(text.rfind(c, 0, match.start()) for c in "。；;\n") + 1
    right = min((i for c in "。；;" if (i := text.find(c, match.end())) != -1), default=len(text))
    return text[left : right + 1].strip()
