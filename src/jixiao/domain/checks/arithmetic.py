"""Sums and rates that do not add up: parts vs total, 到位率, 执行率 = B/A, completion, scores."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from jixiao.domain.checks.base import Context, Hit, Rule, named, quote
from jixiao.domain.checks.figures import Figure, allocated, budget, budget_or_allocated, executed
from jixiao.domain.checks.funds_text import rates_of_nothing
from jixiao.domain.checks.overshoot import count_parts, stated_overshoots
from jixiao.domain.checks.sums import prose_sums
from jixiao.domain.findings import Severity
from jixiao.domain.money import round_half_up
from jixiao.domain.presentation import money, number, rate_text
from jixiao.domain.reading.mentions import AmountMention, RateKind, RateMention, Role
from jixiao.domain.reading.score_sheet import ScoreSheet
from jixiao.domain.reading.tables import Column, FundsRow
from jixiao.domain.targets import Comparator, Measured

HUNDRED = Decimal(100)
ZERO = Decimal(0)
RATE_TOLERANCE = Decimal("0.5")  # percentage points: reports round rates to whole per cent
SCORE_TOLERANCE = Decimal("0.01")


def _claims(context: Context, kind: RateKind) -> list[RateMention]:
    seen: set[tuple[str, Decimal]] = set()
    out = []
    for rate in context.facts.mentions.rates:
        if rate.kind is kind and not rate.negated and (rate.subject, rate.value) not in seen:
            seen.add((rate.subject, rate.value))
            out.append(rate)
    return out


def _rate_hit(claim: RateMention, actual: Decimal, what: str, parts: list[Figure]) -> Hit | None:
    if abs(claim.value - actual) <= RATE_TOLERANCE:
        return None
    evidence = [quote(claim.at.sentence)] + [f"{p.location}：{quote(p.quotes[0])}" for p in parts]
    return Hit(
        f"“{claim.raw}”与报告自己的数字不符：{what}，应为{rate_text(actual / HUNDRED)}",
        str(claim.at.location),
        tuple(dict.fromkeys(evidence)),
    )


def allocation_rates(context: Context) -> Iterator[Hit]:
    a, given = budget(context.facts), allocated(context.facts)
    if a is None or given is None or a.value <= 0:
        return
    for claim in _claims(context, RateKind.ALLOCATION):
        what = f"下达{given.wan}÷预算{a.wan}"
        if hit := _rate_hit(claim, given.value / a.value * HUNDRED, what, [given, a]):
            yield hit


def execution_rates(context: Context) -> Iterator[Hit]:
    facts = context.facts
    b = executed(facts)
    row = facts.funds.total if facts.funds else None
    if row is not None and row.rate is not None and (funds := facts.funds) is not None:
        yield from _rate_against_sources(row, funds.sources)
    if b is not None and row is not None and row.rate is not None:
        a = budget(facts)
        if a is not None and a.value > 0:
            what = f"全年执行数{b.wan}÷全年预算数{a.wan}"
            actual = b.value / a.value * HUNDRED
            if abs(row.rate - actual) > RATE_TOLERANCE:
                yield Hit(
                    f"自评表执行率{number(row.rate)}%与{what}={rate_text(actual / HUNDRED)}不符",
                    str(row.location),
                    (row.quote,),
                )
    for source in facts.funds.sources if facts.funds else ():
        rate = _row_rate(source)
        if (
            source.rate is not None
            and rate is not None
            and abs(source.rate - rate) > RATE_TOLERANCE
        ):
            yield Hit(
                f"{source.label}执行率写{number(source.rate)}%，其全年执行数÷全年预算数="
                f"{rate_text(rate / HUNDRED)}",
                str(source.location),
                (source.quote,),
            )
    yield from rates_of_nothing(context)
    if b is None:
        return
    for claim in _claims(context, RateKind.EXECUTION):
        a = budget(facts, initial=True) if "年初" in claim.subject else budget_or_allocated(facts)
        if a is None or a.value <= 0 or _own_amounts(context, claim):
            continue
        what = f"支付（执行）{b.wan}÷{'预算' if budget(facts) else '下达'}{a.wan}"
        if hit := _rate_hit(claim, b.value / a.value * HUNDRED, what, [b, a]):
            yield hit


def _own_amounts(context: Context, claim: RateMention) -> bool:
    """A rate that its own sentence's amounts give ("下达衔接资金300万元,…实际已支付289.15万元,
    支付完成率为96.38%"): the rate of one fund or one project of several, not of the report's
    whole budget."""
    here = [
        m
        for m in context.facts.mentions.amounts
        if m.at.sentence == claim.at.sentence and m.at.paragraph == claim.at.paragraph and m.yuan
    ]
    bases = [m.yuan for m in here if m.role in _BASES and m.yuan]
    paid = [m.yuan for m in here if m.role is Role.PAID and m.yuan is not None]
    return any(
        abs(p / base * HUNDRED - claim.value) <= RATE_TOLERANCE for p in paid for base in bases
    )


_BASES = (Role.BUDGET, Role.INITIAL_BUDGET, Role.ALLOCATED)


def _rate_against_sources(row: FundsRow, sources: Sequence[FundsRow]) -> Iterator[Hit]:
    """年度资金总额 left empty or 0 while its source rows carry the money ("年度资金总额: 0 0 0 10
    0 0", "其中:本年财政拨款 90 89.974 89.974"): its 执行率 is checked against the sources."""
    if row.amounts.get(Column.BUDGET) or row.amounts.get(Column.EXECUTED):
        return
    a = sum((s.amounts[Column.BUDGET] for s in sources if Column.BUDGET in s.amounts), ZERO)
    b = sum((s.amounts[Column.EXECUTED] for s in sources if Column.EXECUTED in s.amounts), ZERO)
    if a <= 0 or row.rate is None:
        return
    actual = b / a * HUNDRED
    if abs(row.rate - actual) > RATE_TOLERANCE:
        yield Hit(
            f"自评表执行率{number(row.rate)}%与各资金来源全年执行数{money(b)}÷全年预算数"
            f"{money(a)}={rate_text(actual / HUNDRED)}不符",
            str(row.location),
            (row.written, *(s.written for s in sources), row.quote),
        )


def _row_rate(row: FundsRow) -> Decimal | None:
    """A funds row's own B ÷ A in per cent, when both are there."""
    a, b = row.amounts.get(Column.BUDGET), row.amounts.get(Column.EXECUTED)
    if a is None or b is None or a <= 0:
        return None
    return b / a * HUNDRED


def completion_rates(context: Context) -> Iterator[Hit]:
    """完成情况 = 实际 ÷ 指标值 for ≥ and = targets; a capped 100% for overshoot is accepted."""
    for fact in context.facts.indicators:
        target, actual, claimed = fact.target, fact.actual, fact.completion_raw
        if (
            claimed is None
            or target is None
            or target.quantity is None
            or target.comparator not in (Comparator.AT_LEAST, Comparator.EQUAL)
            or not isinstance(actual, Measured)
            or target.quantity.value <= 0
        ):
            continue
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%\s*", claimed)
        if m is None:
            continue
        said = Decimal(m[1])
        ratio = actual.quantity.value / target.quantity.value * HUNDRED
        if abs(said - ratio) <= RATE_TOLERANCE or (ratio >= HUNDRED and said == HUNDRED):
            continue
        yield Hit(
            f"{named(fact.name)}完成情况写{claimed}，但实际{fact.actual_raw}÷指标值{fact.target_raw}"
            f"={rate_text(ratio / HUNDRED)}",
            str(fact.actual_location or fact.location),
            (f"指标值{fact.target_raw}，实际{fact.actual_raw}，完成情况{claimed}",),
        )


def parts_and_counts(context: Context) -> Iterator[Hit]:
    yield from parts_sums(context)
    yield from count_parts(context)


def completions(context: Context) -> Iterator[Hit]:
    yield from completion_rates(context)
    yield from stated_overshoots(context)


_NEXT_ITEM = re.compile(r"[；;]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．]")


# "其中" naming one part of the total and then listing that part's own items: "部門預算總計
# 100.46萬元,其中項目資金兩項:A 34.5萬元,B 5.8萬元".
_SUBSET = re.compile(
    r"^[^，,；;]*[，,]\s*其中\s*[\u4e00-\u9fff]{2,8}?(?:[两兩二三四五六七八九十\d]{1,2}[项項个個笔筆])\s*[:：]"
)


def _parts_in(context: Context) -> Iterator[tuple[AmountMention, list[AmountMention], str]]:
    """(total, parts, kind) for "A，其中B、C" and "B、C，合计A" in one sentence (to 。), and
    "A。其中：B；C。" where the next sentence lists A's parts."""
    amounts = [m for m in context.facts.mentions.amounts if m.yuan is not None]
    by_paragraph: dict[int, list[AmountMention]] = {}
    for m in amounts:
        if m.at.paragraph >= 0:
            by_paragraph.setdefault(m.at.paragraph, []).append(m)
    for index, items in by_paragraph.items():
        text = context.facts.document.paragraphs[index].clean
        for i, m in enumerate(items):
            end = text.find("。", m.at.start)
            end = len(text) if end == -1 else end
            start = text.rfind("。", 0, m.at.start) + 1
            if m.role is Role.SUM:
                # the list starts after the sentence's last colon ("待支付前期费：A、B…，合计C")
                colon = max(text.rfind("：", start, m.at.start), text.rfind(":", start, m.at.start))
                start = max(start, colon + 1)
                parts = [p for p in items[:i] if p.at.start >= start and p.role is not Role.SUM]
                if len(parts) >= 2 and _listed_together(text, [*parts, m]):
                    yield m, parts, "合计"
                    continue
                if not re.match(r"^[^，,；;]*[，,]\s*其中", text[m.at.start : end]):
                    continue
                # "…专项资金共计1586万元,其中:A43.8万元;B43万元;C1500万元": the 共计 opens the
                # list that follows it; read it as "其中" below
            after = text[m.at.start : end]
            if item := _NEXT_ITEM.search(after):
                # "…30万元，其中A10万元；2、B项目资金427.36万元": a new numbered item is a new
                # total, not one of the parts
                end, after = m.at.start + item.start(), after[: item.start()]
            if re.match(r"^[^，,；;]*[，,]\s*其中", after):
                if _SUBSET.match(after):
                    continue  # "总计100.46万元,其中项目资金两项:A、B": the parts of a part
                parts = _until_next_total(text, [p for p in items[i + 1 :] if p.at.start < end])
            elif so := re.match(r"^[^，,；;。]*。\s*其中\s*[:：]", text[m.at.start :]):
                # "共完成预算资金89.97万元。其中：30万元用于…；29.99万元用于…。"
                stop = text.find("。", m.at.start + so.end())
                stop = len(text) if stop == -1 else stop
                parts = [p for p in items[i + 1 :] if p.at.start < stop]
            else:
                continue
            if len(parts) >= 2 or any(p.yuan > m.yuan for p in parts):  # type: ignore[operator]
                yield m, parts, "其中"


# Between listed parts a label may carry a month ("3月支付30万元，6月支付30万元"), not a
# dated event, a rate or another amount.
_OTHER_FIGURE = re.compile(r"\d{4}\s*年|\d\s*日|\d\s*[%％]|\d\s*(?:亿元|万元|元)")


def _listed_together(text: str, mentions: Sequence[AmountMention]) -> bool:
    """Parts and their 合计 written as one list ("A10万元、B20万元，合计30万元"): no other
    figure (a date, a rate) and no "其中" between them. "批复资金179.744万元,于2021年9月24日
    招标,…合同总价178.6万元,…已支付95%的项目款,共计169.67万元" names three amounts of one
    project, not two parts of a third."""
    for before, after in itertools.pairwise(mentions):
        gap = text[before.at.start + len(before.raw) : after.at.start]
        if _OTHER_FIGURE.search(gap) or "其中" in gap:
            return False
    return True


def _until_next_total(text: str, parts: list[AmountMention]) -> list[AmountMention]:
    """The parts after "其中" up to the next total: an amount with its own 合计/共计 ("全年预算
    经费73.19万元,其中上年结转15.19万元,全年支出合计43.73万元") or its own "，其中" ("全年
    实际收入…，其中…；全年实际支出1595.59万元，其中…") starts another sum."""
    kept: list[AmountMention] = []
    for p in parts:
        tail = text[p.at.start + len(p.raw) : p.at.start + len(p.raw) + 4]
        if p.role is Role.SUM or re.match(r"^\s*[，,]\s*其中", tail):
            break
        kept.append(p)
    return kept


def _a_prefix_adds_up(total: Decimal, parts: Sequence[AmountMention]) -> bool:
    """The first two or more parts make the total exactly: the list ended there and the
    sentence (run on without its 。) went on to other figures."""
    running = Decimal(0)
    for n, p in enumerate(parts, 1):
        running += p.yuan or Decimal(0)
        if n >= 2 and running == total:
            return True
    return False


# Digits grouped by a comma that is no thousands separator: "677,00元", "1,35,000元".
_MISGROUPED = re.compile(r"\d,(?:\d{1,2}|\d{4,})(?![\d,])")


# An amount per unit ("工资30000元每年每人", "补贴36.66元/月"): a rate, not a part of a sum.
_PER_UNIT = re.compile(r"^\s*(?:[/／每](?:人|户|名|个|亩|平方米|次|台|套|年|月|日|天|生)){1,2}")


def _per_unit(context: Context, mention: AmountMention) -> bool:
    text = context.facts.document.paragraphs[mention.at.paragraph].clean
    return bool(_PER_UNIT.match(text[mention.at.start + len(mention.raw) :]))


def parts_sums(context: Context) -> Iterator[Hit]:
    seen: set[tuple[Decimal | None, tuple[Decimal | None, ...]]] = set()
    for total, parts, kind in _parts_in(context):
        if any(_per_unit(context, p) for p in parts):
            continue  # a rate per person or per month among the parts: no sum of them
        key = (total.yuan, tuple(p.yuan for p in parts))
        amount = sum((p.yuan for p in parts if p.yuan is not None), Decimal(0))
        if key in seen or total.yuan is None or amount == total.yuan:
            continue
        if _a_prefix_adds_up(total.yuan, parts):
            continue
        sentence = total.at.sentence
        if _MISGROUPED.search(sentence):
            continue  # a figure with broken thousands ("677,00元") is no part we can read
        seen.add(key)
        listed = "＋".join(p.raw for p in parts)
        sentences = dict.fromkeys([total.at.sentence, *(p.at.sentence for p in parts)])
        yield Hit(
            f"分项之和与总额不符：{listed}={money(amount)}，{kind}写{total.raw}",
            str(total.at.location),
            tuple(quote(s, 160) for s in sentences),  # the total's sentence, then the parts'
        )
    yield from prose_sums(context.facts.document.paragraphs)
    funds = context.facts.funds
    if funds is None or funds.total is None or not funds.sources:
        return
    wrong: list[str] = []
    for column in (Column.INITIAL_BUDGET, Column.BUDGET, Column.EXECUTED):
        given = [s.amounts[column] for s in funds.sources if column in s.amounts]
        if len(given) < len(funds.sources) or column not in funds.total.amounts:
            continue  # a source row read without this column: its cells may have shifted
        amount, stated = sum(given, Decimal(0)), funds.total.amounts[column]
        if amount != stated:
            wrong.append(
                f"{column.value}：各资金来源合计{money(amount)}，年度资金总额写{money(stated)}"
            )
    if wrong:  # one finding for the block: one defect, however many columns repeat it
        yield Hit(
            "；".join(wrong),
            str(funds.total.location),
            (funds.total.written, *(s.written for s in funds.sources), funds.total.quote),
        )


def sheet_scores(sheet: ScoreSheet, execution: bool = True) -> Iterator[Hit]:
    """得分 above 分值, and (unless the funds row's own check says it) the 预算执行率 score
    above its points."""
    for row in sheet.rows:
        if row.points is not None and row.score is not None and row.score > row.points:
            yield Hit(
                f"{named(row.name)}得分{number(row.score)}超过分值{number(row.points)}",
                row.location,
                (f"分值{number(row.points)}，得分{number(row.score)}",),
            )
    points, score = sheet.execution_points, sheet.execution_score
    if execution and points is not None and score is not None and score > points:
        yield Hit(
            f"预算执行率得分{number(score)}超过分值{number(points)}",
            sheet.execution_location,
        )


def score_mismatches(context: Context) -> Iterator[Hit]:
    row = context.facts.funds.total if context.facts.funds else None
    if row is None or row.points is None or row.score is None:
        yield from sheet_scores(context.facts.sheet)
        yield from _execution_row_scores(context)
        return
    rate, said = row.rate, f"执行率{number(row.rate)}%"
    if rate is None and (rate := _row_rate(row)) is not None:
        said = f"执行率（全年执行数÷全年预算数）{rate_text(rate / HUNDRED)}"
    # a score above its points is a score not points × rate: the funds row's finding, once
    yield from sheet_scores(context.facts.sheet, execution=rate is None)
    if rate is None:
        return
    expected = round_half_up(row.points * min(rate, HUNDRED) / HUNDRED, 2)
    if abs(expected - row.score) > SCORE_TOLERANCE:
        yield Hit(
            f"预算执行率得分{number(row.score)}与分值{number(row.points)}×{said}"
            f"={number(expected)}不符",
            str(row.location),
            tuple(dict.fromkeys(q for q in (row.written, row.quote) if q)),  # the row as written
        )


def _execution_row_scores(context: Context) -> Iterator[Hit]:
    """A 预算执行率 scored as an indicator row (the 决策/过程/产出/效益 frameworks put it under
    项目管理): its 得分 against 分值 × the 执行率 its actual states."""
    for fact in context.facts.indicators:
        stated = re.fullmatch(r"(\d+(?:\.\d+)?)[%％]", re.sub(r"\s+", "", fact.actual_raw or ""))
        if (
            not fact.name.endswith("预算执行率")
            or stated is None
            or fact.points is None
            or fact.score is None
        ):
            continue
        rate = min(Decimal(stated[1]), HUNDRED)
        expected = round_half_up(fact.points * rate / HUNDRED, 2)
        if abs(expected - fact.score) > SCORE_TOLERANCE:
            yield Hit(
                f"预算执行率得分{number(fact.score)}与分值{number(fact.points)}×执行率"
                f"{fact.actual_raw}={number(expected)}不符",
                str(fact.actual_location or fact.location),
                (f"{fact.name} {fact.actual_raw} {number(fact.points)} {number(fact.score)}",),
            )


def sheet_totals(sheet: ScoreSheet) -> Iterator[Hit]:
    """Stated 总分 (分值 and 得分) against the rows' sums plus 预算执行率."""
    for stated, field, extra in (
        (sheet.points_totals, "points", sheet.execution_points),
        (sheet.score_totals, "score", sheet.execution_score),
    ):
        values = [getattr(r, field) for r in sheet.rows]
        if not stated or not values or None in values or extra is None:
            continue
        total = sum(values, Decimal(0)) + extra
        label = "分值" if field == "points" else "得分"
        for s in stated:
            if abs(Decimal(s.value) - total) > SCORE_TOLERANCE:
                yield Hit(
                    f"总{label}写{s.value}，各指标{label}与预算执行率{label}合计为{number(total)}",
                    s.location,
                    (s.quote,),
                )


def total_mismatches(context: Context) -> Iterator[Hit]:
    yield from sheet_totals(context.facts.sheet)


RULES = (
    Rule(
        "parts-sum-mismatch",
        Severity.WARNING,
        "分项金额之和与总额不符（“其中…”“合计…”，资金来源与年度资金总额；年初与年中的项目数）",
        parts_and_counts,
    ),
    Rule(
        "allocation-rate-mismatch",
        Severity.WARNING,
        "所写到位率与下达金额÷预算数不符",
        allocation_rates,
    ),
    Rule(
        "execution-rate-mismatch",
        Severity.WARNING,
        "所写执行率（支付率）与全年执行数B÷全年预算数A不符",
        execution_rates,
    ),
    Rule(
        "completion-mismatch",
        Severity.WARNING,
        "指标的完成情况与实际完成值÷年度指标值不符（正文的“超任务N%”与所写任务数、实际数不符）",
        completions,
    ),
    Rule(
        "score-mismatch",
        Severity.ERROR,
        "得分超过分值，或预算执行率得分与执行率不符",
        score_mismatches,
    ),
    Rule("total-mismatch", Severity.ERROR, "总分与各行分值、得分之和不符", total_mismatches),
)
