"""Boilerplate shared word for word with other reports of the run, and conversion debris.

Two files whose whole texts are the same (or nearly: a .txt and a .docx of one report read a
little differently) are one report uploaded twice: that is said once, as a note, instead of
listing every paragraph as copied from itself."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.domain.checks.base import Context, Hit, Rule, quote
from jixiao.domain.checks.lost_text import LOST_TEXT
from jixiao.domain.checks.template_left import template_left
from jixiao.domain.findings import Severity
from jixiao.domain.reading.facts import ReportFacts
from jixiao.domain.reading.mirror import PINYIN_DEBRIS, READING  # "項(xiàng)目": a mirrored page
from jixiao.domain.reading.text import DEBRIS, Location, Paragraph

MIN_PARAGRAPH = 15  # characters: shorter lines are labels every template shares
MIN_SENTENCE = 25  # a sentence this long is not shared by chance
MIN_CLAUSE = 18
# Reported only when this much is shared: a few identical short lines are a shared template's
# labels ("未设置三级指标。"), not copied prose.
MIN_SHARED_CHARS = 150
MIN_LONG_UNITS = 2  # or this many shared units of LONG_UNIT characters each
LONG_UNIT = 40
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[（(][一二三四五六七八九十\d]{1,3}[）)])\s*")


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", _NUMBERING.sub("", text))


def _units(facts: ReportFacts) -> list[tuple[str, str, Location]]:
    """(normalised text, quote, location) of every long paragraph and long sentence. A table's
    row written as a line ("…明确规定;某一经济社会发展规划 |") is left out as the tables are: a
    score sheet's criteria are the common framework's words, shared by every unit using it."""
    out: list[tuple[str, str, Location]] = []
    for p in facts.document.paragraphs:
        if p.is_heading or "|" in p.text or "\t" in p.text:
            continue
        text = _normal(p.clean)
        if len(text) >= MIN_PARAGRAPH:
            out.append((text, p.clean, p.location))
        pieces = re.findall(r"[^。！？]+[。！？]?", p.clean)
        clauses = [c for s in pieces for c in re.split(r"[，；,;]", s)]
        for piece, least in [(s, MIN_SENTENCE) for s in pieces] + [
            (c, MIN_CLAUSE) for c in clauses
        ]:
            normal = _normal(piece)
            if len(normal) >= least and normal != text:
                out.append((normal, piece.strip(), p.location))
    return out


SHINGLE = 8  # characters: pieces of the whole text compared between two reports
SAME_REPORT = 0.9  # this share of the pieces in common, both ways: the same report


def _shingles(facts: ReportFacts) -> frozenset[str]:
    """The whole text (paragraphs and table cells in reading order, whitespace dropped) cut
    into overlapping pieces: how the text reads, whatever the file kind laid it out as."""
    parts = [
        b.clean if isinstance(b, Paragraph) else "".join(c for row in b.rows for c in row)
        for b in facts.document.blocks
    ]
    text = re.sub(r"\s+", "", "".join(parts))
    return frozenset(text[i : i + SHINGLE] for i in range(max(0, len(text) - SHINGLE + 1)))


def _similarity(a: ReportFacts, b: ReportFacts) -> float:
    """The share of pieces in common, of the report with more of them (0 to 1)."""
    mine, theirs = _shingles(a), _shingles(b)
    if not mine or not theirs:
        return 0.0
    return len(mine & theirs) / max(len(mine), len(theirs))


def _same_report(a: ReportFacts, b: ReportFacts) -> bool:
    return _similarity(a, b) >= SAME_REPORT


def same_report(context: Context) -> Iterator[Hit]:
    for other in context.others:
        share = _similarity(context.facts, other)
        if share >= SAME_REPORT:
            yield Hit(
                f"与《{other.document.name}》全文相同（{int(share * 100)}%的文字一致），"
                "应是同一份报告的两个文件（如 .txt 与 .docx）；未将两者相互作为套话或复制比对",
                "全文",
            )


def shared_boilerplate(context: Context) -> Iterator[Hit]:
    mine = _units(context.facts)
    for other in context.others:
        if _same_report(context.facts, other):  # the same report in two formats: same-report
            continue
        theirs = {text for text, _, _ in _units(other)}
        shared: list[tuple[str, str, Location]] = []
        covered: list[str] = []
        for text, original, location in mine:
            if text in theirs and not any(text in c for c in covered):
                shared.append((text, original, location))
                covered.append(text)
        chars = sum(len(t) for t, _, _ in shared)
        long_units = sum(1 for t, _, _ in shared if len(t) >= LONG_UNIT)
        if chars < MIN_SHARED_CHARS and long_units < MIN_LONG_UNITS:
            continue
        yield Hit(
            f"有{len(shared)}处文字（约{chars}字）与《{other.document.name}》一字不差，"
            f"属套话或复制，需按本项目实际情况填写",
            str(shared[0][2]),
            tuple(f"{loc}：{quote(q, 60)}" for _, q, loc in shared),
        )
    yield from template_left(context)


# Debris the reader keeps in the text: a document's properties printed as text ("False False
# False", a GUID), and dates whose 年 and 月 were lost ("于202182日至2021810日").
PROPERTY_DEBRIS = re.compile(r"\b(?:False|True)(?:\s+(?:False|True)){2,}\b|\b[0-9A-F]{32}\b")
DATE_DEBRIS = re.compile(r"(?<![\d.年月/-])20\d{4,6}日")
# Character recognition of a scan: 元 read as 兀, 1 and 0 as I, l, O among Chinese and figures
# ("IO指标", "第O份", with a stray capital after it: "标O0B年"), ≥ as $ beside a figure
# ("290$290%"), and a run of lower-case letters wedged between Chinese characters, which no
# word of a report is ("数量tot扁2200篇", "主管部n重庆市": a character misread as letters).
OCR_DEBRIS = re.compile(
    r"万兀|(?<![A-Za-z0-9])(?:[IlO]+\d+[A-Z]?|[IlO]+|\d+[IlO]+)(?=[\u4e00-\u9fff%])|\d\$|\$\d"
    r"|(?<=[\u4e00-\u9fff])[a-z]{1,4}(?=[\u4e00-\u9fff])"
)


# A converter's reading after a character it lost ("?(xiàng)目概況"), and what a mirror
# inserts into a page it republishes: a commercial hotline ("殡葬服务联系电话 4008341834"),
# gambling words in place of a place name ("中共球探足球比分:委办公室").
LOST_CHARACTER = re.compile(
    rf"[?？\ufffd](?:{READING}|[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）])"
)
MIRROR_SPAM = re.compile(
    r"(?<!\d)400[\s-]?\d{3}[\s-]?\d{4}(?!\d)|足球比分|比分直播|博彩|娱乐城|百家乐|六合彩|时时彩"
    # a betting brand pasted over a place name: "优米体育足球公安局", "XX体育官网", "app下载"
    r"|[\u4e00-\u9fffA-Za-z]{2,3}体育(?:足球|官网|官方|app|APP|下载|平台|入口|登录|网页版|注册)"
    r"|(?:app|APP)下载|官方网站入口"
    # betting and adult-video advertising a mirror pastes at a page's top or into its text:
    # words no report uses for its own work ("有哪些信誉好的足球投注网站", "成人国产免费在线视频";
    # not 投注站 or 彩票, which 公益金 reports name, nor 赌博 or 色情, which police reports fight)
    r"|足球投注|投注(?:网站|平台|网址)|(?:在线|网上)投注|下注|真人视讯|电子游艺|彩金|(?:开户|注册)送"
    r"|免费在线视频|国产(?:免费|精品|在线)|精品国产|无码|一区二区|成人(?:视频|影院|网站|电影|影片)"
    r"|午夜(?:影院|福利|剧场)|福利视频"
)
# A document number whose year lost its brackets and ran into the number: "沧市财监【20215号"
# for 【2021】5号, "湘财绩〔20207号" for 〔2020〕7号, "藏民函202117号" for 藏民函〔2021〕17号.
BROKEN_DOCUMENT_NUMBER = re.compile(
    r"[〔【\[]\s*(?:19|20)\d{2}\d{1,4}\s*[号號]|(?<=[发函字办])(?:19|20)\d{2}\d{1,3}(?=[号號])"
)
# A paragraph's number run into the year it opens with: "12018年市政府办印发…" for "1.2018年…".
NUMBER_ON_YEAR = re.compile(r"^\s*[1-9](?:19|20)\d{2}(?=年)")
# A web page's markup left in the text ("下?lián)?span>補助"), and a pasted passage's own
# numbering left beside the new one ("(5)五是狠抓政治建警"): the paste was not cleaned.
MARKUP = re.compile(
    r"<\s*/?\s*(?:span|div|br|font|strong|td|tr|table|img|p)\b[^<>\n]{0,80}>"
    r"|(?<![A-Za-z<])/?(?:span|div|font|strong)>"
)
# A republishing site's own service line: its hotline is the site's, not pasted into the report.
SITE_SERVICE = re.compile(r"咨询热线|客服热线|客服电话|电话支持|会员开放|开通会员")
DOUBLE_NUMBERING = re.compile(r"[(（]\d{1,2}[)）]\s*[一二三四五六七八九十]{1,3}是")
# One clause pasted three times running: "及时拨付项目资金,履行项目资金保障;" ×3.
TRIPLED = re.compile(r"([\u4e00-\u9fff][^。；;]{7,}?)[;；,，]\s*\1[;；,，]\s*\1")
# Word's check boxes in the Wingdings font, converted as the letters of their codes: "£" an
# empty box, "R" a ticked one ("1、部门预算项目 £ 2、区直专项 £ 3、上级转移支付项目 R"). A pound
# sign has no place in a Chinese report; the run of options is quoted to its ticked box.
WINGDINGS_BOXES = re.compile(r"£(?:[^£\n]{0,30}£)*(?:[^£\n]{0,30}?\sR(?=[\s|]|$))?")
SHORT_LINE = 40  # characters: a line this short (a title, a heading) is quoted whole
_CLAUSE_END = "，,。；;：:！？!"  # not "?": a converter writes each character it lost as one
CLAUSE_WIDTH = 20


def _in_link(text: str, m: re.Match[str]) -> bool:
    return any(u.start() <= m.start() < u.end() for u in re.finditer(r"https?://\S+", text))


def _around(text: str, m: re.Match[str], width: int = 12) -> str:
    return text[max(0, m.start() - width) : m.end() + width].strip()


def _fragment(text: str, m: re.Match[str]) -> str:
    """What a reviewer points at: a short line whole, else the clause around the debris (up
    to CLAUSE_WIDTH characters either side)."""
    if len(text.strip()) <= SHORT_LINE:
        return text.strip()
    start = max(0, m.start() - CLAUSE_WIDTH)
    before = max(text.rfind(c, start, m.start()) for c in _CLAUSE_END)
    end = min(len(text), m.end() + CLAUSE_WIDTH)
    stops = [i for c in _CLAUSE_END if (i := text.find(c, m.end(), end)) != -1]
    return text[max(start, before + 1) : min(stops) if stops else end].strip()


def _unopened_quotes(text: str) -> Iterator[str]:
    """A closing ” with no opening “ before it in its sentence ("…标准。:救援响应效率”量化为"):
    the start of the quotation was lost in a paste or a conversion."""
    for sentence in re.split(r"[。！？!?]", text):
        depth = 0
        for i, c in enumerate(sentence):
            depth += (c == "“") - (c == "”")
            if depth < 0:
                yield sentence[max(0, i - 10) : i + 6].strip()
                break


def conversion_debris(context: Context) -> Iterator[Hit]:
    document = context.facts.document
    found: list[str] = []
    first: str | None = None
    for p in document.paragraphs:
        for m in DEBRIS.finditer(p.text):
            found.append(f"{p.location}：{m[0]}")
            first = first or str(p.location)
        for m in PROPERTY_DEBRIS.finditer(p.clean):
            if _in_link(p.clean, m):
                continue  # a file's id in a web address is its name, not debris
            found.append(f"{p.location}：{m[0]}")
            first = first or str(p.location)
        for m in DATE_DEBRIS.finditer(p.clean):
            found.append(f"{p.location}：{_around(p.clean, m)}")
            first = first or str(p.location)
        for spot in _unopened_quotes(p.clean):
            found.append(f"{p.location}：{spot}")
            first = first or str(p.location)
        for m in OCR_DEBRIS.finditer(p.clean):
            found.append(f"{p.location}：{_around(p.clean, m, 8)}")
            first = first or str(p.location)
        for pattern in (
            PINYIN_DEBRIS,
            LOST_CHARACTER,
            MIRROR_SPAM,
            BROKEN_DOCUMENT_NUMBER,
            NUMBER_ON_YEAR,
            MARKUP,
            DOUBLE_NUMBERING,
            TRIPLED,
            WINGDINGS_BOXES,
            *LOST_TEXT,
        ):
            for m in pattern.finditer(p.text):
                if pattern is MIRROR_SPAM and len(p.text.strip()) <= len(m[0]) + 2:
                    continue  # the mirror site's own banner ("竞彩足球比分"), not the report
                if pattern is MIRROR_SPAM and SITE_SERVICE.search(p.text):
                    continue  # the site's own service line ("咨询热线: 400-…"), not the report
                found.append(f"{p.location}：{_fragment(p.text, m)}")
                first = first or str(p.location)
    for table in document.tables:
        for r, row in enumerate(table.rows):
            pinyin = {
                _fragment(c, m)
                for c in row
                for pattern in (PINYIN_DEBRIS, *LOST_TEXT)
                for m in pattern.finditer(c)
            }
            for text in {m[0] for cell in row for m in DEBRIS.finditer(cell)} | pinyin:
                found.append(f"{table.row_location(r)}：{text}")
                first = first or str(table.row_location(r))
    if found and first is not None:
        shown = found[0].split("：", 1)[-1]
        yield Hit(
            f"文中有{len(found)}处格式转换残留（书签、域代码、文档属性、缺字的日期、扫描识别错字、"
            f"注音残片、镜像网站插入的广告等），如“{shown}”，提交前应删除",
            first,
            tuple(found),
        )


RULES = (
    Rule(
        "shared-boilerplate",
        Severity.WARNING,
        "段落与同批检查的其他报告一字不差（套话、复制），或仍是模板的填表提示语",
        shared_boilerplate,
    ),
    Rule(
        "same-report",
        Severity.INFO,
        "同批检查的两个文件全文相同：同一份报告的不同格式，不算套话",
        same_report,
    ),
    Rule(
        "conversion-debris",
        Severity.WARNING,
        "格式转换残留：[bookmark: …]、域代码、“错误！未定义书签”等",
        conversion_debris,
    ),
)
