"""What a report's sentences say in figures: amounts, dates, rates, durations, document numbers.

Each mention keeps the sentence it came from (the evidence a finding quotes) and where it is.
Amounts and dates are read by the domain's own parsers (parse_amount, parse_loose_date); this
module only finds them in running text and notes what each one is about (its role), from the
nearest keyword before it in the same clause ("下达…100万元" is an allocation).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from jixiao.domain.errors import DomainError
from jixiao.domain.money import MONEY_UNIT_PATTERN, parse_amount
from jixiao.domain.periods import LooseDate, parse_loose_date
from jixiao.domain.reading.text import Document, Location, compact

_SENTENCE_END = "。！？!?；;\n"
_CLAUSE_END = _SENTENCE_END + "，,：:"


class Role(StrEnum):
    """What an amount in the text is about."""

    INITIAL_BUDGET = "年初预算"
    BUDGET = "预算"
    ALLOCATED = "下达"
    PAID = "支付"
    OBLIGATION = "应付总额"  # a contract or construction cost: what must be paid in all
    ANNUAL = "每年应付"
    ARREARS = "欠付"
    SUM = "合计"
    OTHER = "其他"


# Keywords, matched nearest-first before the amount within its clause; the longest wins a tie.
ROLE_WORDS: tuple[tuple[str, Role], ...] = (
    ("年初预算", Role.INITIAL_BUDGET),
    ("全年预算", Role.BUDGET),
    ("调整后预算", Role.BUDGET),
    ("预算", Role.BUDGET),
    ("下达", Role.ALLOCATED),
    ("下拨", Role.ALLOCATED),
    ("批复", Role.ALLOCATED),
    ("到位", Role.ALLOCATED),
    ("拨付", Role.ALLOCATED),
    ("支付", Role.PAID),
    ("付款", Role.PAID),
    ("已付", Role.PAID),
    ("支出", Role.PAID),
    ("执行数", Role.PAID),
    ("已使用", Role.PAID),  # "资金已使用36,948.11万元"
    ("实际使用", Role.PAID),
    ("报销", Role.PAID),
    ("审计金额", Role.OBLIGATION),
    ("合同金额", Role.OBLIGATION),
    ("合同总额", Role.OBLIGATION),
    ("合同价", Role.OBLIGATION),
    ("中标金额", Role.OBLIGATION),
    ("中标价", Role.OBLIGATION),
    ("总投资", Role.OBLIGATION),
    ("建设费用", Role.OBLIGATION),
    ("结算金额", Role.OBLIGATION),
    ("决算金额", Role.OBLIGATION),
    ("需要支付", Role.OBLIGATION),
    ("需支付", Role.OBLIGATION),
    ("应支付", Role.OBLIGATION),
    ("应付", Role.OBLIGATION),
    ("每年需支付", Role.ANNUAL),
    ("每年需要支付", Role.ANNUAL),
    ("每年应支付", Role.ANNUAL),
    ("每年应付", Role.ANNUAL),
    ("每年支付", Role.ANNUAL),
    ("欠付", Role.ARREARS),
    ("尚欠", Role.ARREARS),
    ("拖欠", Role.ARREARS),
    ("未付", Role.ARREARS),
    ("合计", Role.SUM),
    ("共计", Role.SUM),
    ("总计", Role.SUM),
)
_EARLIER = re.compile(r"前期|以前年度|往年|此前|之前|上年|历年")
_NEGATION = re.compile(r"(不能|未能|未|没有|不足|低于|不到|难以|无法|尚未)[\u4e00-\u9fff]{0,4}$")

_AMOUNT = re.compile(rf"(?<![\d.])(?<!\d,)(\d+(?:,\d{{3}})*(?:\.\d+)?)\s*({MONEY_UNIT_PATTERN})")
_FULL_DATE = re.compile(
    r"(?<!\d)(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?"
    r"|第?([一二三四1-4])季度|([上下])半年)?(底|末)?"
)
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")
_MONTH_ONLY = re.compile(r"(?<![\d年.])(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?(底|末)?")
_RATE = re.compile(
    r"(?P<subject>[\u4e00-\u9fff]{0,8}?(?:率|度|支付完成|资金的|预算的|进度))\s*"
    r"(?:为|达到|达|是|均为|已达到?|约|:|：)?\s*(?P<value>\d+(?:\.\d+)?)\s*%"
)
_DOCUMENT = re.compile(
    r"([\u4e00-\u9fff]{2,12})\s*[【〔\[［(（]\s*(\d{4})\s*[】〕\]］)）]\s*(\d+)\s*号"
)
_DOC_CUT = re.compile(r".*(?:根据|依据|按照|通过|经过|下达|印发|由|经|据|以|按|月|日|年|的|和|及)")
_DURATION = re.compile(
    r"(?P<verb>运行|使用|运营|投用|运转|服务)了?\s*(?:(?P<years>\d+)\s*年)?\s*"
    r"(?:(?P<months>\d{1,2})\s*个?月)?"
)
_AS_OF_NOW = re.compile(r"截[止至]目前|截[止至]现在|至今|迄今|目前")


class RateKind(StrEnum):
    ALLOCATION = "到位率"
    EXECUTION = "执行率"
    SATISFACTION = "满意度"
    COMPLETION = "完成率"
    MEASURED = "其他比率"


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a figure was found: the sentence (quoted as evidence), its clause, its location."""

    sentence: str
    clause: str
    location: Location
    paragraph: int  # index of the paragraph in Document.paragraphs; -1 for a table cell
    start: int  # offset of the figure in the paragraph text


@dataclass(frozen=True, slots=True)
class AmountMention:
    raw: str
    number: Decimal
    unit: str
    yuan: Decimal | None  # None when the text is no valid amount ("64.638元": finer than 分)
    role: Role
    role_word: str  # the keyword the role was read from ("执行数", "下达"), or ""
    year: int | None  # a year written before it in the clause ("2021年支付100万元")
    earlier: bool  # said to be paid in earlier years ("前期只支付了60万元")
    at: Mention


@dataclass(frozen=True, slots=True)
class DateMention:
    raw: str
    date: LooseDate
    before: str  # clause text before the date
    after: str  # clause text after the date
    inferred_year: bool  # "截止12月": the year was taken from an earlier date
    at: Mention


@dataclass(frozen=True, slots=True)
class RateMention:
    raw: str
    subject: str
    kind: RateKind
    value: Decimal  # per cent
    negated: bool  # "不能达到100%"
    at: Mention


@dataclass(frozen=True, slots=True)
class DocumentNumber:
    raw: str
    issuer: str
    year: int
    number: int
    at: Mention


@dataclass(frozen=True, slots=True)
class DurationMention:
    raw: str
    months: int
    as_of_now: bool  # "截止目前…已运行…"
    at: Mention


@dataclass(frozen=True, slots=True)
class Mentions:
    amounts: tuple[AmountMention, ...]
    dates: tuple[DateMention, ...]
    rates: tuple[RateMention, ...]
    documents: tuple[DocumentNumber, ...]
    durations: tuple[DurationMention, ...]


def find_mentions(document: Document) -> Mentions:
    amounts: list[AmountMention] = []
    dates: list[DateMention] = []
    rates: list[RateMention] = []
    documents: list[DocumentNumber] = []
    durations: list[DurationMention] = []
    for index, text, location in _texts(document):
        amounts += _amounts(text, index, location)
        dates += _dates(text, index, location)
        rates += _rates(text, index, location)
        documents += _documents(text, index, location)
        durations += _durations(text, index, location)
    return Mentions(tuple(amounts), tuple(dates), tuple(rates), tuple(documents), tuple(durations))


def _texts(document: Document) -> Iterator[tuple[int, str, Location]]:
    for index, paragraph in enumerate(document.paragraphs):
        if not paragraph.is_heading:
            yield index, paragraph.clean, paragraph.location
    for table in document.tables:
        for r, row in enumerate(table.rows):
            seen: set[str] = set()
            for cell in row:
                text = cell.strip()
                if text and text not in seen:  # a merged cell repeats; read it once
                    seen.add(text)
                    yield -1, text, table.row_location(r)


def span_of(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    """The bounds of the sentence (or clause) around text[start:end]."""
    left = max((text.rfind(c, 0, start) for c in stops), default=-1) + 1
    rights = [i for c in stops if (i := text.find(c, end)) != -1]
    right = min(rights) + 1 if rights else len(text)
    return left, right


def _mention(text: str, start: int, end: int, index: int, location: Location) -> Mention:
    s0, s1 = span_of(text, start, end, _SENTENCE_END)
    c0, c1 = span_of(text, start, end, _CLAUSE_END)
    return Mention(text[s0:s1].strip(), text[c0:c1].strip(), location, index, start)


def role_before(prefix: str) -> tuple[Role, str]:
    """The role (and keyword) ending nearest the end of `prefix`; the longest on a tie."""
    best: tuple[int, int, Role, str] | None = None
    for word, role in ROLE_WORDS:
        at = prefix.rfind(word)
        if at == -1:
            continue
        key = (at + len(word), len(word), role, word)
        if best is None or key[:2] > best[:2]:
            best = key
    return (best[2], best[3]) if best else (Role.OTHER, "")


def _amounts(text: str, index: int, location: Location) -> list[AmountMention]:
    out: list[AmountMention] = []
    # 萬元 (a page in traditional characters) is 万元: folded in place, quoted as written
    for m in _AMOUNT.finditer(text.replace("萬", "万")):
        unit, following = m[2], text[m.end() : m.end() + 1]
        if not unit.endswith("元") and re.match(r"[\u4e00-\u9fff]", following):
            continue  # "10万人", "3亿次": a count, not money
        at = _mention(text, m.start(), m.end(), index, location)
        clause_start = span_of(text, m.start(), m.end(), _CLAUSE_END)[0]
        prefix = text[clause_start : m.start()]
        year = re.findall(r"(\d{4})\s*年", prefix)
        try:
            yuan: Decimal | None = parse_amount(m[0])
        except DomainError:
            yuan = None
        role, word = role_before(prefix)
        out.append(
            AmountMention(
                raw=text[m.start() : m.end()],
                number=Decimal(m[1].replace(",", "")),
                unit=unit,
                yuan=yuan,
                role=role,
                role_word=word,
                year=int(year[-1]) if year else None,
                earlier=bool(_EARLIER.search(prefix)),
                at=at,
            )
        )
    return out


def _date_of(raw: str) -> LooseDate | None:
    try:
        return parse_loose_date(raw)
    except DomainError:
        return None


def _dates(text: str, index: int, location: Location) -> list[DateMention]:
    found: list[tuple[int, int, str, LooseDate, bool]] = []
    for m in _FULL_DATE.finditer(text):
        if re.match(r"\s*(?:度|的|以来)", text[m.end() : m.end() + 2]) and not m[2]:
            continue  # "2021年度", "2021年的": the year as a period of account, not an event
        raw = re.sub(r"\s+", "", m[0])
        date = _date_of(raw)
        if date is not None:
            found.append((m.start(), m.end(), raw, date, False))
    for m in _ISO_DATE.finditer(text):
        date = _date_of(m[0])
        if date is not None:
            found.append((m.start(), m.end(), m[0], date, False))
    for m in _MONTH_ONLY.finditer(text):
        if any(s <= m.start() < e for s, e, *_ in found):
            continue
        earlier = [d for s, _e, _r, d, _i in found if s < m.start()]
        if not earlier:
            continue
        year = earlier[-1].first.year
        raw = f"{year}年{m[1]}月" + (f"{m[2]}日" if m[2] else "")
        date = _date_of(raw)
        if date is not None:
            found.append((m.start(), m.end(), m[0], date, True))
    out = []
    for start, end, raw, date, inferred in sorted(found, key=lambda f: f[0]):
        at = _mention(text, start, end, index, location)
        c0, c1 = span_of(text, start, end, _CLAUSE_END)
        out.append(
            DateMention(raw, date, text[c0:start], text[end:c1].rstrip("，,。；;：:"), inferred, at)
        )
    return out


def rate_kind(subject: str) -> RateKind:
    if "到位" in subject:
        return RateKind.ALLOCATION
    if "满意" in subject:
        return RateKind.SATISFACTION
    if any(w in subject for w in ("执行", "支付", "预算")):
        return RateKind.EXECUTION
    if "完成" in subject:
        return RateKind.COMPLETION
    return RateKind.MEASURED


def _rates(text: str, index: int, location: Location) -> list[RateMention]:
    out = []
    for m in _RATE.finditer(text):
        subject = m["subject"]
        c0 = span_of(text, m.start(), m.end(), _CLAUSE_END)[0]
        negated = bool(_NEGATION.search(text[c0 : m.start("value")]))
        at = _mention(text, m.start(), m.end(), index, location)
        out.append(RateMention(m[0], subject, rate_kind(subject), Decimal(m["value"]), negated, at))
    return out


def _documents(text: str, index: int, location: Location) -> list[DocumentNumber]:
    out = []
    for m in _DOCUMENT.finditer(text):
        issuer = _DOC_CUT.sub("", m[1]) or m[1]
        raw = issuer + text[m.start(1) + len(m[1]) : m.end()].strip()
        at = _mention(text, m.start(), m.end(), index, location)
        out.append(DocumentNumber(compact(raw), issuer, int(m[2]), int(m[3]), at))
    return out


def _durations(text: str, index: int, location: Location) -> list[DurationMention]:
    out = []
    for m in _DURATION.finditer(text):
        if not (m["years"] or m["months"]):
            continue
        months = int(m["years"] or 0) * 12 + int(m["months"] or 0)
        at = _mention(text, m.start(), m.end(), index, location)
        now = bool(_AS_OF_NOW.search(at.sentence[: at.sentence.find(m[0]) + 1]))
        out.append(DurationMention(m[0], months, now, at))
    return out
