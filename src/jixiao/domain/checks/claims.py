"""A claim that all the money was paid, and a figure elsewhere in the text that says otherwise.

"资金2179万元目前已全部拨付" in one sentence and "项目资金共2179万元,…已完成拨付2113.63万元" in
another cannot both be true: the same total is said to be paid in full and paid in part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.domain.checks.base import Context, Hit, named, quote, sentence_at
from jixiao.domain.presentation import number
from jixiao.domain.reading.mentions import AmountMention, RateKind, Role
from jixiao.domain.reading.text import compact
from jixiao.domain.targets import Measured

_ALL_PAID = re.compile(
    r"^[^。；;，,]{0,8}?(?:已经?|均已|目前已)?全部(?:拨付|到位|支付|兑付|下达|拨付到位)"
)
_PAYING = (Role.PAID, Role.ALLOCATED)


def full_payment_contradicted(context: Context) -> Iterator[Hit]:
    amounts = [m for m in context.facts.mentions.amounts if m.yuan and m.at.paragraph >= 0]
    for claimed in amounts:
        paragraph = context.facts.document.paragraphs[claimed.at.paragraph].clean
        after = paragraph[claimed.at.start + len(claimed.raw) :]
        if not _ALL_PAID.match(after):
            continue
        partial = _partial(claimed, amounts)
        if partial is None:
            continue
        yield Hit(
            f"“{claimed.raw}”称已全部拨付，另处却写这{claimed.raw}只拨付了{partial.raw}",
            str(claimed.at.location),
            (quote(claimed.at.sentence), f"{partial.at.location}：{quote(partial.at.sentence)}"),
        )
        return


def _partial(claimed: AmountMention, amounts: list[AmountMention]) -> AmountMention | None:
    """A payment less than the claimed total, in another sentence that restates the total."""
    for other in amounts:
        if (
            other.at.sentence != claimed.at.sentence
            and other.role in _PAYING
            and other.yuan is not None
            and claimed.yuan is not None
            and 0 < other.yuan < claimed.yuan
            and any(
                m.yuan == claimed.yuan and m.at.sentence == other.at.sentence and m is not other
                for m in amounts
            )
        ):
            return other
    return None


# Satisfaction said to have risen, with no figure: "提升了群众安全感和满意度", "有效提高了满意度".
# The rise must be stated as done (了, or 有效/明显/显著…): "3、增强人民群众满意度" in a list of
# goals, or "核心绩效目标:…,提升群众满意度", is an aim, not a claim.
_SATISFACTION_RAISED = re.compile(
    r"(?:(?:有效|明显|显著|大幅|切实|不断)(?:地)?(?:提升|提高|增强)了?|(?:提升|提高|增强|赢得|获得|得到)了)"
    r"[^。；;，,\n\d%]{0,10}满意度(?![^。；;，,]{0,6}\d)"
)
# The same, the satisfaction named first: "群众满意度大大得到了提升", "满意度明显提高".
_SATISFACTION_ROSE = re.compile(
    r"满意度[^。；;，,\n\d%]{0,6}(?:得到了|有了|明显|显著|大大|大幅)[^。；;，,\n\d%]{0,4}"
    r"(?:提升|提高|增强)"
    # or said to be high, with no figure: "学生和家长的满意度较高", "群众满意度普遍很高"
    r"|满意度[^。；;，,\n\d%]{0,4}(?:较高|很高|非常高)(?![^。；;，,]{0,6}\d)"
    # or a rise said to be achieved: "初步实现了“…群众安全感满意度提升”的双赢目标"
    r"|(?:实现|取得)了[^。；;\n\d%]{0,30}满意度(?:的)?(?:提升|提高)"
)
_AIM = re.compile(r"目标\s*\d*\s*[:：]|预期|旨在|为了|以便")


def satisfaction_raised_unmeasured(context: Context, surveyed: bool) -> Iterator[Hit]:
    """A report with no survey that says satisfaction rose: nothing measured it. One finding,
    quoting the first such sentence and listing every one."""
    if surveyed:
        return
    said: list[tuple[str, str, str]] = []  # (words, location, quote)
    for paragraph in context.facts.document.paragraphs:
        text = paragraph.clean
        for pattern in (_SATISFACTION_RAISED, _SATISFACTION_ROSE):
            for m in pattern.finditer(text):
                if not _AIM.search(text[: m.start()]):
                    said.append((m[0], str(paragraph.location), sentence_at(text, m.start())))
    if said:
        yield Hit(
            f"“{said[0][0]}”没有依据：报告没有满意度调查（问卷、回访、样本数），也没有满意度数字",
            said[0][1],
            tuple(dict.fromkeys(f"{where}：{quote(q)}" for _, where, q in said)),
        )


# An indicator row measuring the money's execution ("预算完成率", "预算执行率") and one measuring
# what was left of it ("结转结余率").
_EXECUTION_ROW = re.compile(r"(?:预算|资金|经费)(?:执行|完成|支出)率|^执行率")
_LEFTOVER_ROW = re.compile(r"结转结余率|结余率|结转率")
_SPENT_IN_PART = Decimal(98)  # per cent: below this, money was clearly left unspent


def _execution_rate(context: Context) -> tuple[Decimal, str] | None:
    """The share of the budget spent, as the report states it: the funds block's 执行率, else
    an indicator row's measured actual, else the text's 执行率."""
    facts = context.facts
    if facts.funds and facts.funds.total and facts.funds.total.rate is not None:
        return facts.funds.total.rate, facts.funds.total.quote
    for fact in facts.indicators:
        actual = fact.actual
        if (
            _EXECUTION_ROW.search(compact(fact.name))
            and isinstance(actual, Measured)
            and actual.quantity.unit.symbol == "%"
        ):
            return actual.quantity.value, f"{fact.name} {fact.actual_raw}"
    for rate in facts.mentions.rates:
        if rate.kind is RateKind.EXECUTION and not rate.negated:
            return rate.value, quote(rate.at.sentence)
    return None


def leftover_denied(context: Context) -> Iterator[Hit]:
    """A 结转结余率 of 0 (nothing left over) while the report's own 执行率 says part of the money
    was not spent: the two cannot both be true."""
    leftovers = [
        f
        for f in context.facts.indicators
        if _LEFTOVER_ROW.search(compact(f.name))
        and isinstance(f.actual, Measured)
        and f.actual.quantity.value == 0
    ]
    if not leftovers or (stated := _execution_rate(context)) is None:
        return
    rate, said = stated
    if rate >= _SPENT_IN_PART:
        return
    for fact in leftovers:
        yield Hit(
            f"{named(fact.name)}实际完成值为{fact.actual_raw}（没有结转结余），报告自己却写执行率"
            f"{number(rate)}%：未执行的{number(Decimal(100) - rate)}%资金应是结转结余",
            str(fact.actual_location or fact.location),
            (f"{fact.location}：{fact.name} {fact.actual_raw}", said),
        )
