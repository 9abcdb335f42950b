"""A claim that all the money was paid, and a figure elsewhere in the text that says otherwise.

"资金2179万元目前已全部拨付" in one sentence and "项目资金共2179万元,…已完成拨付2113.63万元" in
another cannot both be true: the same total is said to be paid in full and paid in part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.domain.checks.base import Context, Hit, quote
from jixiao.domain.reading.mentions import AmountMention, Role

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


# Satisfaction said to have risen, with no figure: "提升了群众安全感和满意度".
_SATISFACTION_RAISED = re.compile(
    r"(?:提升|提高|增强|赢得|获得|得到)了?[^。；;，,\n\d%]{0,10}满意度(?![^。；;，,]{0,6}\d)"
)


def satisfaction_raised_unmeasured(context: Context, surveyed: bool) -> Iterator[Hit]:
    """A report with no survey that says satisfaction rose: nothing measured it."""
    if surveyed:
        return
    for paragraph in context.facts.document.paragraphs:
        m = _SATISFACTION_RAISED.search(paragraph.clean)
        if m is not None:
            yield Hit(
                f"“{m[0]}”没有依据：报告没有满意度调查（问卷、回访、样本数），也没有满意度数字",
                str(paragraph.location),
                (quote(paragraph.clean),),
            )
            return
