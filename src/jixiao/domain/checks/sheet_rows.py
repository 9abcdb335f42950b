"""The 自评表's indicator rows read as a reviewer reads them: a met target scored below its
points, actuals that only repeat the targets, weights that ignore the 10号 split, the same
indicator twice, an indicator under the wrong 二级, a cost written as a floor.

Every rule works on the IndicatorFacts the reader gives; a row whose target, actual or points
could not be read is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal

from jixiao.domain.checks.base import Context, Hit, Rule, is_cost, named, quote
from jixiao.domain.checks.hollow import hollow_accounts
from jixiao.domain.checks.prose_items import targets_as_account
from jixiao.domain.checks.restated_goals import goals_restated
from jixiao.domain.errors import DomainError
from jixiao.domain.findings import Severity
from jixiao.domain.presentation import number
from jixiao.domain.reading.indicators import IndicatorFact
from jixiao.domain.reading.mirror import as_written, plain_form
from jixiao.domain.reading.text import compact
from jixiao.domain.scoring import ScoringSettings, score_share
from jixiao.domain.targets import COMPARATOR_WORDS, Comparator, Dated, Measured

HUNDRED = Decimal(100)
OUTPUT, BENEFIT, SATISFACTION, COST = "产出指标", "效益指标", "满意度指标", "成本指标"
EXECUTION = "预算执行率"
# 财预〔2020〕10号: 产出 50 (成本 included), 效益 30, 满意度 10, and 预算执行率 10.
STANDARD_WEIGHTS = {OUTPUT: Decimal(50), BENEFIT: Decimal(30), SATISFACTION: Decimal(10)}
STANDARD_EXECUTION = Decimal(10)
_SETTINGS = ScoringSettings(weights={})

# An actual that is a claim, not a value: "达标", "已完成100%".
CLAIM = re.compile(
    r"^(?:已?(?:全部)?完成(?:100%)?|已?完成(?:目标|任务|年度目标)?|已?达标|已?达到(?:目标|预期|要求)?"
    r"|按期完成|如期完成|达到预期目标|完成年度目标|已?达成(?:预期|年度)?(?:指标|目标)?)$"
)
_ANY_WEIGHT = re.compile(r"[\u4e00-\u9fff]{2,8}[（(]\d+(?:\.\d+)?分[）)]")
_STAR = re.compile(r"^[★☆*※\s]+|[\s“”\"'（）()]")
_WEIGHT_CELL = re.compile(
    r"(产出|效益|满意度|成本|预算执行)(?:指标|率|情况)?(?:[（(]万元[）)])?[（(](\d+(?:\.\d+)?)分[）)]"
)
# 三级 names that are not what their 二级 measures (review rule 三级指标与二级指标定义不匹配).
_MONEY_RATE = re.compile(r"(?:资金|预算|经费)?(?:支付|执行|到位|拨付)(?:率|进度)|资金支付|预算执行")
_MONEY_NAME = re.compile(r"成本|费用|资金|金额|经费|投资")
_BUDGET_MANAGEMENT = re.compile(r"预算执行率|结余率|结转结余|科目调整|预算调整|三公经费|支付进度")
_COST_WORDS = re.compile(r"成本|费用|经费|单价|价格|标准|节约|控制|元|支出|投入")
# A 效益 block a cost does not belong to: cost goes to 成本指标 (or, as a saving, 经济效益).
_NOT_COST_BLOCKS = re.compile(r"^(?:社会效益|生态效益|环境效益|可持续影响)")
# What an 经济效益 indicator measures, and the words of the other 二级 that give one away.
_ECONOMIC_WORDS = re.compile(
    r"收入|增收|产值|经济|节约|节省|成本|费用|资金|价格|利润|税|投资|收益|销售|产量|创收|就业|元"
)
_OTHER_KIND_WORDS = re.compile(r"安全|合格|完好|达标|及时|满意|知晓|覆盖|在线|完工")
# People the project pays or employs: their satisfaction is not the 服务对象's. 干部 alone is not
# one of them: "企业军转干部" are a veterans' bureau's 服务对象.
_OWN_STAFF = re.compile(r"聘用人员|工作人员|在职人员|职工|员工|机关干部|本单位")


def key(name: str) -> str:
    """A name as compared: no stars, quotes, brackets or spaces."""
    return _STAR.sub("", compact(name))


def block(fact: IndicatorFact) -> str:
    """The 一级 a row counts under for weights: 成本指标 is part of 产出 (10号's 50 points)."""
    level1 = compact(fact.level1)
    if level1.startswith("成本"):
        return OUTPUT
    for name in (OUTPUT, BENEFIT, SATISFACTION):
        if level1.startswith(name[:2]):
            return name
    return level1


def met(fact: IndicatorFact, year: int | None) -> bool | None:
    """Whether the actual meets the target by the 10号 rules; None when that cannot be read."""
    target, actual = fact.target, fact.actual
    if target is None or not isinstance(actual, Measured | Dated):
        return None
    if isinstance(actual, Dated) and year is None:
        year = actual.on.year
    try:
        share = score_share(target, actual, Decimal(1), _SETTINGS, year or 0)
    except DomainError:
        return None
    return share.share >= 1


def _row(fact: IndicatorFact) -> str:
    """The row's cells as the table writes them: name, target, actual, points, score."""
    cells = (
        fact.name_as_written,
        fact.target_raw,
        fact.actual_raw,
        number(fact.points),
        number(fact.score),
    )
    return " ".join(c if c is not None else "—" for c in cells)


def _worded_alike(fact: IndicatorFact) -> bool:
    """A target in words and an actual that says the same words: met by the report's own
    account ("改善学校的办学条件" | "改善学校的办学条件")."""
    target, actual = compact(fact.target_raw or ""), compact(fact.actual_raw or "")
    return len(target) >= 4 and target == actual and not re.search(r"\d", target)


def deducted_though_met(context: Context) -> Iterator[Hit]:
    year = context.facts.year_value
    for fact in context.facts.indicators:
        if fact.points is None or fact.score is None or fact.score >= fact.points:
            continue
        if not (
            _worded_alike(fact) or (isinstance(fact.actual, Measured | Dated) and met(fact, year))
        ):
            continue
        yield Hit(
            f"{named(fact.name)}年度指标值{fact.target_raw}，实际{fact.actual_raw}，已达到指标值，"
            f"却只得{number(fact.score)}分（分值{number(fact.points)}）；扣分须写明原因",
            str(fact.actual_location or fact.location),
            (_row(fact),),
        )


def _plain(text: str) -> str:
    text = compact(text).replace("≧", "≥").replace("≦", "≤").replace("═", "=")
    for word in COMPARATOR_WORDS:
        text = text.removeprefix(word)
    return text


def _with_comparator(fact: IndicatorFact) -> bool:
    actual = compact(fact.actual_raw or "").replace("≧", "≥").replace("≦", "≤")
    return actual.startswith(COMPARATOR_WORDS) and _plain(actual) == _plain(fact.target_raw or "")


# A count of things (a 数量指标's "22.8" 平方米, "2" 套) with no comparator and no rate: the
# plan met to the unit is what a count delivered as planned looks like, not a copied target —
# unless the table's rates and words repeat their targets too (then the counts are copies).
_COUNT = re.compile(r"^\d+(?:\.\d+)?[^\d%]{0,4}$")


def _built_as_planned(fact: IndicatorFact) -> bool:
    target = compact(fact.target_raw or "")
    return (
        fact.level2.startswith("数量")
        and not target.startswith(COMPARATOR_WORDS)
        and bool(_COUNT.match(target))
    )


NOTED_READ = 4  # rows read for each row left out


def actual_repeats_target(context: Context) -> Iterator[Hit]:
    """Actuals that only repeat the targets or claim "达标" (every row, or nearly every row
    when some copy the comparator too, "≥95%", which no measurement gives): one finding for
    the table; else each actual that copies its target with the comparator. A table read
    with notes (rows the reader left out) is not judged as a whole, unless it read at least
    NOTED_READ rows for each note: what it read is then most of the table."""
    read_rows = Counter(f.table for f in context.facts.indicators if f.from_table)
    noted = {
        t.number
        for t in context.facts.document.tables
        if t.notes and read_rows[t.number] < NOTED_READ * len(t.notes)
    }
    read = [f for f in context.facts.indicators if not (f.from_table and f.table in noted)]
    rows = [f for f in read if f.actual_raw and f.target_raw]
    copied = [f for f in rows if _with_comparator(f)]
    repeats = [f for f in rows if _plain(f.actual_raw or "") == _plain(f.target_raw or "")]
    if all(_built_as_planned(f) for f in repeats):
        repeats = []  # only counts met to the unit: believable; copied when rates repeat too
    claims = [f for f in rows if CLAIM.match(compact(f.actual_raw or ""))]
    hollow = len({id(f) for f in repeats + claims})
    # 定性 rows (no figure in the target) whose actuals are all one claim ("达成预期指标")
    worded = [f for f in rows if not re.search(r"\d", f.target_raw or "")]
    worded_claims = {compact(f.actual_raw or "") for f in worded if f in claims}
    if claims and len(claims) == len(rows):
        what, listed = "只写“完成”“达标”之类", rows
    elif len(rows) >= 3 and (hollow == len(rows) or (copied and hollow >= 0.8 * len(rows))):
        what, listed = "照抄年度指标值或只写“完成”", rows
    elif len(worded) >= 3 and len(worded_claims) == 1 and all(f in claims for f in worded):
        what, listed = f"（定性指标）一律写“{worded[0].actual_raw}”", worded
    else:
        listed = []
    goal = next(goals_restated(context), None)
    if listed:
        # the goals repeated as well: one finding for the form, the goals' account first
        also = f"；{goal.message.removesuffix('，无法核实')}" if goal else ""
        yield Hit(
            f"{len(rows)}个指标中{len(listed) if listed is worded else hollow}个的实际完成值{what}，"
            f"没有写出实际完成的情况或数值{also}，无法核实",
            str(listed[0].actual_location or listed[0].location),
            (*(goal.evidence if goal else ()), *(quote(_row(f), 80) for f in listed)),
        )
        return
    for fact in copied:
        yield Hit(
            f"{named(fact.name)}的实际完成值“{fact.actual_raw}”照抄了指标值，不是实际完成的数值",
            str(fact.actual_location or fact.location),
            (_row(fact),),
        )
    yield from targets_as_account(context)
    if goal is not None:
        yield goal
    yield from hollow_accounts(context)


def _stated_weights(context: Context) -> tuple[dict[str, Decimal], list[str]]:
    """Block weights the report states ("产出指标（50分）", "预算执行情况(20分)") in its text or
    table cells, with the words as written."""
    found: dict[str, Decimal] = {}
    quotes: list[str] = []
    for label, weight in context.facts.sheet.weights:
        found.setdefault(compact(label), weight)
    texts = [p.clean for p in context.facts.document.paragraphs]
    texts += [c for t in context.facts.document.tables for r in t.rows for c in r]
    for text in texts:
        quotes += [m[0] for m in _ANY_WEIGHT.finditer(compact(text))]
        for m in _WEIGHT_CELL.finditer(compact(text)):
            name = EXECUTION if m[1].startswith("预算执行") else m[1] + "指标"
            found.setdefault(name, Decimal(m[2]))
            quotes.append(m[0])
    if COST in found:
        found[OUTPUT] = found.get(OUTPUT, Decimal(0)) + found.pop(COST)
    return found, list(dict.fromkeys(quotes))


_FRAMEWORK = re.compile(r"决策指标|过程指标|决策[（(]\d+分|过程[（(]\d+分|项目决策|项目过程")


def other_framework(context: Context) -> bool:
    """An evaluation scored on 决策/过程/产出/效益 (a 部门 or third-party framework), whose
    weights the 10号 自评 split does not govern."""
    document = context.facts.document
    texts = [p.clean for p in document.paragraphs]
    texts += [c for t in document.tables for r in t.rows for c in r]
    return any(_FRAMEWORK.search(compact(t)) for t in texts)


def stated_execution(context: Context) -> Decimal | None:
    """The 预算执行率 weight the report states ("预算执行情况（万元）（20分）"), if it does."""
    return _stated_weights(context)[0].get(EXECUTION)


def _row_weights(facts: Sequence[IndicatorFact]) -> dict[str, list[IndicatorFact]]:
    blocks: dict[str, list[IndicatorFact]] = {}
    for fact in facts:
        if fact.points is not None:
            blocks.setdefault(block(fact), []).append(fact)
    return blocks


_BLOCK_LEVEL2 = {
    OUTPUT: ("数量", "质量", "时效", "成本"),
    BENEFIT: ("经济", "社会", "生态", "环境", "可持续"),
    SATISFACTION: ("满意", "服务对象"),
}


def _of_block(fact: IndicatorFact, name: str) -> bool:
    """The row's 二级 is one of its 一级 block's: a row read under the wrong 一级 ("经济效益指标"
    under 成本) makes the block's sum no evidence of its weight."""
    return fact.level2.startswith(_BLOCK_LEVEL2[name])


# The 预算执行 weight a form states: its 得分 formula "(20分*执行率)" or its block's heading
# "预算执行情况(万元)(20分)" (read on the text's plain form, so a mirrored page counts too).
_EXECUTION_WEIGHT = re.compile(
    r"[（(](\d+(?:\.\d+)?)分[*×xX＊][^()（）]{0,4}?执行率[）)]"
    r"|预算执行(?:情况|率)(?:[（(]万元[）)])?[（(](\d+(?:\.\d+)?)分[）)]"
)
# 财预〔2020〕10号 (February 2020) gives 预算执行率 its 10 points from the 2020 reports on.
TEN_FROM_YEAR = 2020


def _execution_weight(context: Context) -> tuple[Decimal, tuple[str, ...]] | None:
    """The 预算执行 weight the form states, with each statement as the report writes it; None
    when it states none, or two different ones."""
    document = context.facts.document
    texts = [p.clean for p in document.paragraphs]
    texts += [c for t in document.tables for r in t.rows for c in r]
    weights: set[Decimal] = set()
    formulas: list[str] = []
    headings: list[str] = []
    blocks: list[str] = []  # where the other points went: "产出指标(60分)"
    for text in texts:
        written = compact(text)
        plain = plain_form(written)
        for m in _EXECUTION_WEIGHT.finditer(plain):
            weights.add(Decimal(m[1] or m[2]))
            (formulas if m[1] else headings).append(as_written(m[0], written)[0])
        for m in _WEIGHT_CELL.finditer(plain):
            if m[1] in ("产出", "效益", "满意度"):
                blocks.append(as_written(m[0], written)[0])
    if len(weights) != 1:
        return None
    return weights.pop(), tuple(dict.fromkeys(formulas + headings + blocks))  # formula first


def execution_weighted_otherwise(context: Context) -> Iterator[Hit]:
    """A form (of a year 10号 governs) that weights 预算执行 other than 10 points: the old
    provincial forms' "预算执行情况（20分）…得分（20分*执行率）" with 绩效目标 80."""
    year = context.facts.year_value
    stated = _execution_weight(context)
    if year is None or year < TEN_FROM_YEAR or stated is None:
        return
    weight, quotes = stated
    if weight == STANDARD_EXECUTION:
        return
    yield Hit(
        f"预算执行率按{number(weight)}分计（{quotes[0]}），绩效指标只余{number(HUNDRED - weight)}分；"
        "10号文为预算执行率10分、产出50、效益30、满意度10",
        _execution_location(context, quotes[0]),
        quotes,
    )


def _execution_location(context: Context, written: str) -> str:
    document = context.facts.document
    for paragraph in document.paragraphs:
        if written in compact(paragraph.clean):
            return str(paragraph.location)
    return "自评表"


def _blocks_left_out(context: Context, blocks: dict[str, list[IndicatorFact]]) -> Iterator[Hit]:
    """A 10号 一级 block with no indicator at all ("效益指标" with no row: 0 of its 30 points) in
    a table read whole: to its 总分 row, with no row the reader left out."""
    facts = context.facts
    noted = any(t.notes for t in facts.document.tables)
    missing = [b for b in STANDARD_WEIGHTS if b not in blocks]
    if not missing or noted or not facts.sheet.points_totals or len(blocks) < 2:
        return
    if not all(f.from_table for members in blocks.values() for f in members):
        return
    listed = "、".join(
        f"{b}{number(sum((f.points or Decimal(0) for f in m), Decimal(0)))}分"
        for b, m in blocks.items()
    )
    total = facts.sheet.points_totals[0]
    yield Hit(
        f"自评表没有{'、'.join(missing)}（0分），各行分值为{listed}，"
        "不合10号文的产出50、效益30、满意度10、预算执行率10",
        total.location,
        (total.quote, *(_row(m[0]) for m in blocks.values())),
    )


def weights_wrong(context: Context) -> Iterator[Hit]:
    """一级 weights against 产出50/效益30/满意度10 + 预算执行率10, as stated or as the rows add
    up. Weights that do not add up to 100 are weights-not-100's (one finding per defect)."""
    facts = context.facts
    if other_framework(context):
        return
    if otherwise := list(execution_weighted_otherwise(context)):
        yield from otherwise
        return
    execution = facts.funds.total.points if facts.funds and facts.funds.total else None
    stated, quotes = _stated_weights(context)
    stated_execution = stated.pop(EXECUTION, None)
    if all(b in stated for b in STANDARD_WEIGHTS):
        total = sum(stated.values(), stated_execution or execution or STANDARD_EXECUTION)
        if stated_execution not in (None, STANDARD_EXECUTION) and total == HUNDRED:
            return  # another province's template, stated as such ("预算执行情况（20分）")
        in_sheet = {compact(k) for k, _ in facts.sheet.weights}
        if total != HUNDRED and all(b in in_sheet for b in STANDARD_WEIGHTS):
            return  # weights-not-100 says it
        if any(stated[b] != w for b, w in STANDARD_WEIGHTS.items()):
            listed = "、".join(f"{b}{number(w)}分" for b, w in stated.items())
            yield Hit(
                f"一级指标权重为{listed}（合计{number(total)}分，含预算执行率），"
                "不合10号文的产出50、效益30、满意度10、预算执行率10",
                facts.sheet.weights_location or "自评表",
                tuple(quotes) or (listed,),
            )
        return
    if stated:
        return  # some blocks' weights stated, the others not read: nothing to compare
    blocks = _row_weights(facts.indicators)
    if not blocks or not set(blocks) <= set(STANDARD_WEIGHTS):
        return
    hits = list(_row_sums_wrong(context, blocks, execution, quotes))
    yield from hits or _blocks_left_out(context, blocks)


def _row_sums_wrong(
    context: Context,
    blocks: dict[str, list[IndicatorFact]],
    execution: Decimal | None,
    quotes: list[str],
) -> Iterator[Hit]:
    """The rows' 分值 per 一级 against 10号, when the table is whole enough to sum."""
    facts = context.facts
    sums = {
        b: sum((f.points for f in m if f.points is not None), Decimal(0)) for b, m in blocks.items()
    }
    rows_total = sum(sums.values(), Decimal(0))
    assumed = ""
    if execution is None and rows_total == HUNDRED - STANDARD_EXECUTION:
        # the rows leave the 10 points 10号 gives 预算执行率, whose 分值 was not read
        execution, assumed = STANDARD_EXECUTION, "（预算执行率分值未读出，按余下的10分计）"
    total = rows_total + (execution or 0)
    complete = set(blocks) == set(STANDARD_WEIGHTS) or any(
        Decimal(s.value) == total for s in facts.sheet.points_totals
    )
    # a block whose rows already exceed its weight (a table cut after its 产出 rows, 60 of 50):
    # no other block, and no 分值 of 预算执行率 (read, misread or not read), can make that right
    over = any(
        sums[b] > STANDARD_WEIGHTS[b] and all(_of_block(f, b) for f in blocks[b])
        for b in sums
        if b in STANDARD_WEIGHTS
    )
    if not over and (not complete or execution is None or total != HUNDRED):
        return  # a total other than 100 is weights-not-100's finding
    if sums == STANDARD_WEIGHTS and execution == STANDARD_EXECUTION:
        return
    listed = "、".join(f"{b}{number(v)}分" for b, v in sums.items())
    of_execution = (
        f"、预算执行率{number(execution)}分（共{number(total)}分）" if execution is not None else ""
    )
    evidence = [
        f"{b}{number(sums[b])}分："
        + "、".join(f"{f.name_as_written}{number(f.points)}" for f in members)
        for b, members in blocks.items()
    ]
    yield Hit(
        f"各行分值合计为{listed}{of_execution}，"
        f"不合10号文的产出50、效益30、满意度10、预算执行率10{assumed}",
        str(next(iter(blocks.values()))[0].location),
        tuple(quote(e, 400) for e in evidence)
        + tuple(quotes)
        + tuple(s.quote for s in facts.sheet.points_totals),
    )


def _counted_figure(fact: IndicatorFact) -> str | None:
    """The target as compared when it is a count of something ("≥360天", "≥1000人"): a
    figure with a unit that is not a rate; None for rates, bare numbers and words."""
    target = fact.target
    if target is None or target.quantity is None:
        return None
    if target.quantity.unit.dimension in ("比率", "无单位"):
        return None
    return compact(fact.target_raw or "")


def _same_figure_twice(facts: Sequence[IndicatorFact]) -> Iterator[Hit]:
    """The one counted target ("≥360天") set under two 一级 blocks with the one actual: the 产出
    counted again as an 效益 (review: 产出指标、效益指标重复设置)."""
    seen: dict[str, IndicatorFact] = {}
    for fact in facts:
        figure = _counted_figure(fact)
        if figure is None or not fact.actual_raw:
            continue
        first = seen.setdefault(figure, fact)
        if first is fact or block(first) == block(fact) or key(first.name) == key(fact.name):
            continue  # one name twice is the finding below
        if compact(first.actual_raw or "") != compact(fact.actual_raw):
            continue
        yield Hit(
            f"{named(fact.name)}（{fact.level1}）与{named(first.name)}（{first.level1}）"
            f"指标值同为“{fact.target_raw}”、实际同为“{fact.actual_raw}”，是同一指标设了两次，"
            "复核只计一次",
            str(fact.location),
            (_row(first), _row(fact)),
        )


def duplicated(context: Context) -> Iterator[Hit]:
    yield from _same_figure_twice(context.facts.indicators)
    seen: dict[str, IndicatorFact] = {}
    for fact in context.facts.indicators:
        name = key(fact.name)
        if not re.search(r"[\u4e00-\u9fff]{2}", name) or name.startswith("其中"):
            continue
        first = seen.setdefault(name, fact)
        if first is fact:
            continue
        where = (
            f"同时列在{first.level1 or '（未分级）'}和{fact.level1 or '（未分级）'}下"
            if block(first) != block(fact)
            else f"在{fact.level2 or fact.level1 or '表中'}下列了两次"
        )
        yield Hit(
            f"同一指标{named(fact.name)}{where}，复核只计一次",
            str(fact.location),
            (_row(first), _row(fact)),
            Severity.ERROR if block(first) != block(fact) else None,
        )


# A 二级 written with its 一级 before it: "产出数量指标" is the 数量指标.
_LEVEL1_PREFIX = re.compile(r"^(?:产出|效益)(?=数量|质量|时效|成本|经济|社会|生态|环境|可持续)")


def misplaced_reason(fact: IndicatorFact) -> str | None:
    level2 = _LEVEL1_PREFIX.sub("", compact(fact.level2))
    name = compact(fact.name)
    percent = (
        fact.target is not None
        and fact.target.quantity is not None
        and (fact.target.quantity.unit.symbol == "%")
    )
    quantity = fact.target.quantity if fact.target is not None else None
    if level2.startswith("数量") and _MONEY_RATE.search(name):
        return "是资金支付（执行）进度，不是产出的数量；应放在时效指标或预算执行率"
    if level2.startswith("数量") and (
        _MONEY_NAME.search(name) or (quantity is not None and quantity.unit.dimension == "金额")
    ):
        return "是资金（成本），不是产出的数量；金额应放在成本指标"
    if (level2.startswith("数量") or block(fact) == BENEFIT) and _BUDGET_MANAGEMENT.search(name):
        return "是预算管理事项，不是产出的数量或效益"
    if (
        name.endswith("率")
        and quantity is not None
        and quantity.unit.dimension not in ("比率", "无单位", "时长", "月数", "工作日")
    ):
        return f"名为比率，指标值却是{quantity.unit.symbol}计的数量"
    if re.search(r"满意(?:度|率)", name) and block(fact) != SATISFACTION and fact.level1:
        return f"是满意度，却列在{fact.level1}下；满意度应列在满意度指标下"
    if _NOT_COST_BLOCKS.match(level2) and "成本" in name:
        return "是成本，与所在的效益无关；成本应列在成本指标下"
    if (
        level2.startswith("经济效益")
        and _OTHER_KIND_WORDS.search(name)
        and not _ECONOMIC_WORDS.search(name)
    ):
        return "说的不是经济效益（收入、产值、节约的资金等），与所在二级指标不符"
    if re.search(r"满意(?:度|率)", name) and _OWN_STAFF.search(name):
        return "是本单位或项目用工人员的满意度，不是服务对象满意度"
    if (level2.startswith("成本") or compact(fact.level1).startswith("成本")) and (
        (percent or name.endswith("率")) and not _COST_WORDS.search(name.replace("标准达标", ""))
    ):
        return "是比率，不是成本；成本指标应写金额上限（如 ≤X万元、≤X元/人）"
    return None


def misplaced(context: Context) -> Iterator[Hit]:
    for fact in context.facts.indicators:
        if not fact.from_table:
            continue  # a sentence of prose under a block's name is an account, not a row placed
        if (why := misplaced_reason(fact)) is not None:
            yield Hit(
                f"{named(fact.name)}（{fact.level2 or fact.level1}）{why}",
                str(fact.location),
                (f"{fact.level2 or fact.level1} {_row(fact)}",),  # the row with its 二级 cell
            )


def cost_floor(context: Context) -> Iterator[Hit]:
    for fact in context.facts.indicators:
        target = fact.target
        floor_in_name = bool(re.search(r"≥|不低于|不少于|以上", fact.name))
        if not is_cost(fact) or target is None or target.comparator is not Comparator.AT_LEAST:
            continue
        if "未写比较符" in (target.assumption or "") and not floor_in_name:
            continue  # no comparator written anywhere: read as ≥ by default, not a floor
        yield Hit(
            f"成本指标{named(fact.name)}写成“{fact.target_raw}”（下限）：成本应为上限（≤），"
            "花得越多得分越高不合理",
            str(fact.location),
            (_row(fact),),
        )


RULES = (
    Rule(
        "deducted-though-met",
        Severity.WARNING,
        "实际完成值已达到指标值，却扣了分",
        deducted_though_met,
    ),
    Rule(
        "actual-repeats-target",
        Severity.WARNING,
        "实际完成值只是照抄指标值，或每行都只写“完成”“达标”",
        actual_repeats_target,
    ),
    Rule(
        "weights-wrong",
        Severity.WARNING,
        "一级指标权重不是产出50、效益30、满意度10加预算执行率10",
        weights_wrong,
    ),
    Rule(
        "indicator-duplicated", Severity.WARNING, "同一指标列了两次或列在两个一级指标下", duplicated
    ),
    Rule("indicator-misplaced", Severity.WARNING, "三级指标与所在二级指标不符", misplaced),
    Rule("cost-target-floor", Severity.ERROR, "成本指标写成下限（≥）", cost_floor),
)
