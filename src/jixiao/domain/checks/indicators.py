"""Indicators that cannot be evaluated, or whose claims have nothing behind them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.domain.checks.base import Context, Hit, Rule, named, quote
from jixiao.domain.checks.claims import (
    full_payment_contradicted,
    leftover_denied,
)
from jixiao.domain.checks.funds_text import cost_above_spending, deviation_denied
from jixiao.domain.checks.overshoot import short_of_full_marks
from jixiao.domain.checks.prose_items import account_paragraphs, in_account
from jixiao.domain.checks.unsupported import declares_targets_only, unsupported_claims
from jixiao.domain.errors import UnitMismatch
from jixiao.domain.findings import Severity
from jixiao.domain.presentation import number, rate_text
from jixiao.domain.reading.indicators import IndicatorFact
from jixiao.domain.reading.text import Paragraph, compact
from jixiao.domain.targets import Comparator, Measured

# 产出 indicators must be measurable (数量/质量/时效/成本); 效益 and 满意度 may be 定性.
QUANTIFIED_BLOCKS = ("产出指标", "成本指标")


# Header words of an indicator table: two of them mean the report has one, read or not.
_TABLE_WORDS = re.compile(
    r"三级指标|二级指标|年度指标值|实际完成值|全年实际值|实际值|指标值|完成值|绩效指标表|绩效自评表"
    r"|数量指标|质量指标|时效指标|成本指标"
)
# A text that says it was shortened: what is left out may hold the indicators.
EXCERPT = re.compile(r"[（(]\s*略\s*[）)]|此处(?:省略|略)|以下(?:省略|略)|内容(?:见|详见)附件")
# How a whole text may end: a sentence's or a bracket's close, or a sign-off (a date to its
# month or day, a unit); "5、省安排2016年" breaks off, a dated sign-off names the month.
_ENDED = re.compile(
    r"(?:[。！？；.!?;）)”」》\]]|[月日]|局|院|委|会|中心|办|所|室|部|队|站|馆|厅|处|科|公司|\d)$"
)


def _cut_off(context: Context) -> str | None:
    """The last words of a text that breaks off mid-sentence ("总体目标:对", "二、部门(单位"):
    the rest of the report, its indicators perhaps, is not in the copy."""
    paragraphs = [p.clean for p in context.facts.document.paragraphs if p.clean.strip()]
    if (
        not paragraphs
        or context.facts.document.blocks[-1:] != (context.facts.document.paragraphs[-1:])
    ):
        return None
    last = paragraphs[-1].strip()
    return None if _ENDED.search(last) else last[-12:]


def _table_words(context: Context) -> set[str]:
    document = context.facts.document
    texts = [p.clean for p in document.paragraphs]
    texts += [cell for table in document.tables for row in table.rows for cell in row]
    return {m[0] for text in texts for m in _TABLE_WORDS.finditer(re.sub(r"\s+", "", text))}


def _noted_tables(context: Context) -> set[int]:
    """Tables the reader could not read whole (reading notes): a value missing from one of
    their rows may be the one the reader could not place."""
    return {t.number for t in context.facts.document.tables if t.notes}


def _noted_row(context: Context, fact: IndicatorFact) -> bool:
    """A row a reading note names: its cells were split by inference, not read."""
    name = compact(fact.name)
    return any(
        name in compact(note)
        for t in context.facts.document.tables
        if t.number == fact.table
        for note in t.notes
    )


def _read_whole(context: Context) -> list[IndicatorFact]:
    """The indicators whose absences can be trusted: not from a table with reading notes."""
    noted = _noted_tables(context)
    return [f for f in context.facts.indicators if not (f.from_table and f.table in noted)]


# The heading of the section where a report states its performance: "四、项目绩效情况",
# "(二)绩效目标完成情况分析", "四、预算支出绩效情况" (run into its text in a Word mirror).
# A heading is numbered or opens its line or sentence; "(二)绩效目标情况" states goals, not
# results.
_PERFORMANCE = re.compile(
    r"(?:^|(?<=[。；;])|[一二三四五六七八九十]{1,2}\s*[、.．]|[（(][一二三四五六七八九十]{1,2}[)）])\s*"
    r"[\u4e00-\u9fff]{0,8}?(?:绩效|绩效(?:目标|指标)(?:完成|实现))情况(?:分析)?"
)
# A table of contents line: the heading and its page ("(五)绩效指标完成情况分析。17").
_CONTENTS_PAGE = re.compile(r"^\s*[。.．…·\s]*\d{1,3}\s*$")
_NEXT_SECTION = re.compile(r"[一二三四五六七八九十]{1,2}、")
# What a section that states its indicators in prose says: an indicator's words, a rate, or
# at least two counted results ("送戏下乡197场,开展培训214期").
_PROSE_INDICATOR = re.compile(r"指标|满意度")
# A rate of something done ("在线率为96%"); the money's own rates (执行率100%) state no result.
_RATE = re.compile(r"\d+(?:\.\d+)?\s*[%％]")
_MONEY_RATE_BEFORE = re.compile(r"(?:执行|支付|到位|拨付)率\s*(?:为|达到?|是)?\s*$")
_COUNTED = re.compile(
    r"\d+(?:\.\d+)?\s*(?:个|场|次|期|册次|册|人次|名|家|户|台|套|件|所|公里|千米|处|项|篇|批|份|路)"
)
SECTION_WINDOW = 400  # characters of a performance section read for its indicators


def _performance_section(context: Context) -> tuple[str, str, str, bool] | None:
    """(heading, its text, location, whether the section ends in the text) of the report's
    performance section, or None when it has none (a 决算 page, a contents page only)."""
    paragraphs = context.facts.document.paragraphs
    for k, p in enumerate(paragraphs):
        for m in _PERFORMANCE.finditer(p.clean):
            after = p.clean[m.end() :]
            if _CONTENTS_PAGE.match(after):
                continue
            body = after + "".join(q.clean for q in paragraphs[k + 1 :])
            ends = _NEXT_SECTION.search(body)
            complete = ends is not None and ends.start() <= SECTION_WINDOW
            body = body[: ends.start()] if ends else body
            return m[0].strip(), body[:SECTION_WINDOW], str(p.location), complete
    return None


def no_indicators(context: Context) -> Iterator[Hit]:
    """A report whose performance section states no indicator: no table, no indicator words,
    no rate, not two counted results, only words ("较好地", "保证了学校的正常运转"). Quiet
    when the report has no such section (a 决算 page; a section the excerpt left out) or when
    the text is shortened or breaks off before the section ends; indicators that are there but
    could not be read are table-unreadable."""
    if context.facts.indicators or _table_words(context):
        return
    section = _performance_section(context)
    if section is None:
        return
    heading, body, location, complete = section
    rates = [m for m in _RATE.finditer(body) if not _MONEY_RATE_BEFORE.search(body[: m.start()])]
    if _PROSE_INDICATOR.search(body) or rates or len(_COUNTED.findall(body)) >= 2:
        return
    text = context.facts.document.text
    if EXCERPT.search(body) or (
        not complete and (EXCERPT.search(text) or _cut_off(context) is not None)
    ):
        return
    said = body.strip(" ，,。：:")[:30]
    yield Hit(
        f"“{heading}”没有任何绩效指标（产出、效益、满意度指标），只有文字描述"
        f"{f'（“{said}”）' if said else ''}，无法按指标评价；自评表应列出年度指标值与实际完成值",
        location,
        (quote(f"{heading}{body}", 80),),
    )


def table_unreadable(context: Context) -> Iterator[Hit]:
    for table in context.facts.document.tables:
        if table.notes:
            shown = "；".join(table.notes[:3]) + ("……" if len(table.notes) > 3 else "")
            yield Hit(
                f"自评表有{len(table.notes)}处未能读出（{shown}），"
                "这张表的缺项（指标值、实际完成值）未检查",
                str(table.location),
                tuple(quote(n, 60) for n in table.notes[:3]),
            )
    if context.facts.indicators:
        return
    words = _table_words(context)
    if not words and (cut := EXCERPT.search(context.facts.document.text)):
        yield Hit(
            f"文本有删节（“{cut[0]}”），未见绩效指标：指标可能在删去的部分，未检查指标",
            "全文",
            (cut[0],),
        )
    elif not words and (end := _cut_off(context)):
        yield Hit(
            f"文本在句中中断（止于“{end}”），未见绩效指标：指标可能在缺失的部分，未检查指标",
            "全文",
            (end,),
        )
    elif words:
        yield Hit(
            "报告写有绩效指标（" + "、".join(sorted(words)) + "），但未能读出任何指标行："
            "表格可能被截断或版式无法识别，指标未检查",
            "全文",
            tuple(sorted(words)),
        )


# A 产出 target in words where a figure is due: a rate or count with no number ("满足在线率",
# or an indicator named "…点位数" with "全面维护"), or a 时效 that never ends ("长期维护更新"). Words that are the requirement
# itself ("合规", "严格执行相关制度规定", "专款专用") are a 定性 target, not a missing one.
_MEASURABLE = re.compile(r"率|数量|次数|个数|人数|户数|面积|长度|时长")
_MEASURED_NAME = re.compile(r"(?:率|数|量)$")
_ENDLESS = re.compile(r"长期|持续|常态|不定期|随时")


# An "actual" that opens with a comparator after a target in words: the row's cells are one
# column off (an 指标解释 column the header did not name), the target is in the actual's place.
_SHIFTED = re.compile(r"^\s*(?:[≥≤><=≧≦＞＜＝]|不低于|不高于|不少于|不超过)")


# A target written as an outcome ("已完成"): the past tense says what happened, not what was
# to be done, so there is no target to measure against (a 区域自评表's 指标值 column).
_OUTCOME_AS_TARGET = re.compile(r"^(?:已|均已|都已)(?:完成|达标|达成|落实|实现)$")


# A target that names only a direction ("逐步提高", "有所提升"): with an actual that repeats it
# word for word, neither says from where or by how much.
_DIRECTION = re.compile(
    r"^(?:逐步|逐年|不断|持续|稳步|有所|进一步)?(?:提高|提升|增强|改善|增加|加强)$"
)


def _direction_repeated(fact: IndicatorFact) -> bool:
    target = re.sub(r"\s+", "", fact.target_raw or "")
    actual = re.sub(r"\s+", "", fact.actual_raw or "")
    return bool(_DIRECTION.match(target)) and actual == target


def _wants_figure(fact: IndicatorFact) -> bool:
    target = fact.target_raw or ""
    return bool(_MEASURABLE.search(target) or _MEASURED_NAME.search(fact.name)) or (
        fact.level2.startswith("时效") and bool(_ENDLESS.search(target))
    )


# A target stated with its figure somewhere in the report ("计划送戏200场", "目标值≥95%").
_TARGET_STATED = re.compile(
    r"(?:目标|计划|预期|预计|力争|任务|不低于|不少于|达到)[^。；;，,]{0,12}?\d|[≥≤>＞]=?\s*\d"
)
_RESULT = re.compile(rf"([\u4e00-\u9fff]{{2,12}}?){_COUNTED.pattern}")


def results_without_targets(context: Context) -> Iterator[Hit]:
    """A report with no indicator table whose performance section counts what was done
    ("送戏下乡197场,开展各类文化队伍培训214期") while no target is stated anywhere: the counts
    cannot be judged complete or not."""
    if context.facts.indicators or _table_words(context):
        return
    section = _performance_section(context)
    if section is None:
        return
    heading, body, location, _complete = section
    results = [m[0] for m in _RESULT.finditer(body)]
    text = context.facts.document.text.replace(heading, "")  # "绩效目标完成情况:一是2020年"
    if len(results) < 2 or _TARGET_STATED.search(text):
        return
    yield Hit(
        f"“{heading}”列出{len(results)}项完成数（{'、'.join(results[:4])}等），"
        "却没有任何年初目标值（指标值），无法判断是否完成",
        location,
        tuple(results),
    )


def missing_targets(context: Context) -> Iterator[Hit]:
    yield from results_without_targets(context)
    accounts = account_paragraphs(context)
    facts = [f for f in _read_whole(context) if not in_account(f, accounts)]
    with_actuals = any(f.actual_raw is not None for f in facts)
    for fact in facts:
        target = fact.target
        if fact.scored_only or re.search(r"决策|过程|管理|实施", fact.level1):
            continue  # a 决策/过程 criterion of an evaluation framework is scored, not targeted
        if target is None and re.search(r"\d", fact.target_raw or ""):
            continue  # a figure the parser does not know ("25TB", "═100%"): not a missing one
        if (
            with_actuals
            and not fact.target_raw
            and fact.actual_raw is None
            and fact.level1 not in QUANTIFIED_BLOCKS
        ):
            # a row left blank in a table of actuals: one defect, indicator-no-actual's; but an
            # 产出/成本 indicator must state a measurable target, its absence is a defect too
            continue
        if target is None:
            said = f"写的是“{fact.target_raw}”，无法识别" if fact.target_raw else "没有写明数值"
            yield Hit(
                f"{named(fact.name)}（{fact.level2 or fact.level1}）没有可衡量的指标值：{said}",
                str(fact.location),
                (quote(fact.name_as_written),),
            )
        elif target.comparator is Comparator.QUALITATIVE and _direction_repeated(fact):
            yield Hit(
                f"{named(fact.name)}（{fact.level2 or fact.level1}）的指标值只写方向“{fact.target_raw}”，"
                "没有基数和幅度，实际完成值也照抄这几个字，无从衡量",
                str(fact.location),
                (quote(f"{fact.name_as_written}：{fact.target_raw}／{fact.actual_raw}"),),
            )
        elif target.comparator is Comparator.QUALITATIVE and _OUTCOME_AS_TARGET.match(
            re.sub(r"\s+", "", fact.target_raw or "")
        ):
            yield Hit(
                f"{named(fact.name)}（{fact.level2 or fact.level1}）的指标值只写“{fact.target_raw}”，"
                "是完成情况而不是目标，没有可衡量的指标值",
                str(fact.location),
                (quote(f"{fact.name_as_written}：{fact.target_raw}"),),
            )
        elif (
            target.comparator is Comparator.QUALITATIVE
            and fact.level1 in QUANTIFIED_BLOCKS
            and _wants_figure(fact)
            and not _SHIFTED.match(fact.actual_raw or "")
        ):
            yield Hit(
                f"{named(fact.name)}是{fact.level2 or fact.level1}，应有可衡量的数值或时限，"
                f"却只写了“{target.statement}”",
                str(fact.location),
                (quote(f"{fact.name_as_written}：{fact.target_raw}"),),
            )


def _row_as_written(fact: IndicatorFact) -> str:
    """The row's name, target, 分值 and 得分, apart by spaces ("足额保障率 =100% 22.5")."""
    cells = [fact.name, fact.target_raw or ""]
    cells += [number(v) for v in (fact.points, fact.score) if v is not None]
    return " ".join(c for c in cells if c)


def _cut_by_the_excerpt(context: Context, fact: IndicatorFact) -> bool:
    """A "|"-separated row the text ends in before the row's closing "|" ("质量指标 | 医疗救助
    合规率 | 100" and no more): the copy stops inside the row, its actual may be in what it
    left out. A row written whole with its actual cell empty is still missing its actual."""
    document = context.facts.document
    last = document.blocks[-1] if document.blocks else None
    if not isinstance(last, Paragraph) or fact is not context.facts.indicators[-1]:
        return False
    text = last.clean.strip()
    name = re.sub(r"\s+", "", fact.name)
    if "|" in text:
        return not text.endswith("|") and bool(name) and name in compact(text)
    # cells one per line, each closed by "|": the text ends in one of the row's cells left open
    before = document.blocks[-2] if len(document.blocks) >= 2 else None
    cells = {name, compact(fact.target_raw or "")} - {""}
    return (
        isinstance(before, Paragraph)
        and before.clean.strip().endswith("|")
        and compact(text) in cells
    )


# A prose indicator that reports its own completion ("数量指标:…4次,指标完成率100%"): an
# account of the result, not an indicator left without one.
_COMPLETION_STATED = re.compile(
    r"完成率\s*(?:为|达到?)?\s*\d+(?:\.\d+)?\s*[%％]|实际[\u4e00-\u9fff]{0,8}?\d"
)  # "…,指标完成率100%", "应补助人数9人,实际补助人数9人"


def missing_actuals(context: Context) -> Iterator[Hit]:
    if declares_targets_only(context.facts.document.text):
        return  # a 绩效目标申报表 states targets; its actuals come at the year's end
    accounts = account_paragraphs(context)
    facts = [
        f
        for f in _read_whole(context)
        if not f.scored_only  # a scorecard has no actuals
        and not (not f.from_table and _COMPLETION_STATED.search(f.name))
        and not in_account(f, accounts)
    ]
    lacking = [f for f in facts if f.actual_raw is None and not _cut_by_the_excerpt(context, f)]
    if not lacking:
        return
    if len(lacking) == len(facts):
        yield Hit(
            f"{len(facts)}个绩效指标都没有实际完成值，无法判断是否完成",
            str(facts[0].location),
            tuple(quote(_row_as_written(f), 60) for f in facts),
        )
        return
    blocks: dict[str, list[IndicatorFact]] = {}
    for fact in lacking:
        blocks.setdefault(fact.level1 or "（未分级）", []).append(fact)
    for level1, members in blocks.items():
        names = "、".join(named(quote(f.name, 24)) for f in members)
        yield Hit(
            f"{level1}{len(members)}个指标没有实际完成值：{names}",
            str(members[0].location),
            tuple(
                quote(f"{f.name_as_written}：{f.target_raw or '（无指标值）'}", 60) for f in members
            ),
        )


def _core(name: str) -> str | None:
    """The measured word an indicator ends in: "租赁视频服务在线率" -> "在线率"."""
    m = re.search(r"([\u4e00-\u9fff]{2}(?:率|度))$", name)
    return m[1] if m else None


def contradicted_actuals(context: Context) -> Iterator[Hit]:
    yield from full_payment_contradicted(context)
    yield from leftover_denied(context)
    yield from deviation_denied(context)
    yield from cost_above_spending(context)
    facts = context.facts
    for fact in facts.indicators:
        if fact.other_targets:
            yield Hit(
                f"{named(fact.name)}的年度指标值前后不一：{fact.target_raw}与"
                f"{'、'.join(fact.other_targets)}",
                str(fact.location),
                (f"{fact.location}：{fact.target_raw}",),
            )
        core = _core(fact.name)
        if core is None or not isinstance(fact.actual, Measured) or fact.target is None:
            continue
        if fact.actual.quantity.unit.symbol != "%":
            continue
        actual = fact.actual.quantity.value
        target = fact.target.quantity.value if fact.target.quantity else None
        for rate in facts.mentions.rates:
            if (
                rate.at.paragraph < 0
                or rate.negated
                or not rate.subject.endswith(core)
                or rate.value in (actual, target)
                or re.search(r"目标|指标值|不低于|确保|力争", rate.at.clause)
            ):
                continue
            yield Hit(
                f"{named(fact.name)}实际完成值为{fact.actual_raw}，正文却写“{rate.raw}”",
                str(rate.at.location),
                (quote(rate.at.sentence), f"{fact.actual_location}：{fact.actual_raw}"),
            )


_LOWER_BETTER = re.compile(
    r"控制率|调整率|结余率|结转|变动率|差错|投诉|事故|故障|发生率|超支|偏差|损失|流失|空置"
)


def missed_targets(context: Context) -> Iterator[Hit]:
    """A measured actual below its ≥ target, or above its ≤ ceiling ("≤5300元/户", actual
    5830元/户), that the report leaves unscored (info) or scores in full (warning); a row
    scored below its points has been dealt with. Quiet on a table read with notes (a score the
    reader could not place may be the deduction) unless the row itself, not named by a note, is
    read scored in full; and quiet when the units differ."""
    noted = _noted_tables(context)
    for fact in context.facts.indicators:
        target, actual = fact.target, fact.actual
        scored_full = (
            fact.score is not None and fact.points is not None and fact.score >= fact.points
        )
        in_noted_table = fact.from_table and fact.table in noted
        if in_noted_table and not (scored_full and not _noted_row(context, fact)):
            continue  # an unplaced score of a noted table may be this row's deduction
        if (
            target is None
            or target.quantity is None
            or target.comparator not in (Comparator.AT_LEAST, Comparator.AT_MOST)
            or not isinstance(actual, Measured)
            or target.quantity.value <= 0
        ):
            continue
        try:
            value = actual.quantity.in_unit_of(target.quantity).value
        except UnitMismatch:
            continue
        ceiling = target.comparator is Comparator.AT_MOST
        if (value <= target.quantity.value) if ceiling else (value >= target.quantity.value):
            continue
        if "未写比较符" in (target.assumption or "") and _LOWER_BETTER.search(fact.name):
            continue  # "预算调整率 3%": no comparator written, and less is the aim
        full = fact.score is not None and fact.points is not None and fact.score >= fact.points
        if fact.score is not None and not full:
            continue
        ratio = rate_text(value / target.quantity.value)
        said = f"却得满分{number(fact.score)}分" if full and fact.score else "不能得满分"
        missed = f"超过上限（为上限的{ratio}）" if ceiling else f"未达到指标值（完成率{ratio}）"
        yield Hit(
            f"{named(fact.name)}年度指标值{fact.target_raw}，实际{fact.actual_raw}，{missed}，{said}",
            str(fact.actual_location or fact.location),
            (
                f"指标值{fact.target_raw}，实际{fact.actual_raw}，完成情况{fact.completion_raw or '未写'}",
            ),
            Severity.WARNING if full else None,
        )


def missed_targets_anywhere(context: Context) -> Iterator[Hit]:
    yield from missed_targets(context)
    yield from short_of_full_marks(context)


RULES = (
    Rule("no-indicators", Severity.ERROR, "报告没有设置任何绩效指标", no_indicators),
    Rule(
        "table-unreadable",
        Severity.INFO,
        "有绩效指标表，但未能读出指标行（表格被截断或版式无法识别）",
        table_unreadable,
    ),
    Rule(
        "indicator-no-target",
        Severity.WARNING,
        "指标没有可衡量的指标值（产出指标只有文字描述）",
        missing_targets,
    ),
    Rule("indicator-no-actual", Severity.WARNING, "指标没有实际完成值", missing_actuals),
    Rule(
        "actual-contradicts-text",
        Severity.WARNING,
        "指标的实际完成值或指标值与正文、另一张表所写不一致",
        contradicted_actuals,
    ),
    Rule(
        "target-missed",
        Severity.INFO,
        "实际完成值低于年度指标值（或正文所写完成率不足100%），该指标不能得满分",
        missed_targets_anywhere,
    ),
    Rule(
        "unsupported-claim",
        Severity.WARNING,
        "“满意度100%”“在线率100%”等说法没有调查或监测依据",
        unsupported_claims,
    ),
)
