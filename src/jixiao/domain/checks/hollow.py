"""Accounts of indicator completion in prose that give nothing to check.

A report without a 自评表 often accounts for its indicators under headings of their blocks
("1.产出指标完成情况分析。…2.效益指标完成情况分析。…"). When every such account of the 产出,
效益 and 管理 blocks is words without a single figure ("已验收合格。", "高质量完成各项目"),
nothing the report claims can be checked: the actuals are missing, as an actual column that
only repeats its targets. A 满意度 account is left to the satisfaction rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.domain.checks.base import Context, Hit, quote

_ACCOUNT = re.compile(r"(产出|效益|管理类?|成本)指标完成情况(?:分析)?\s*[。:：]?")
# Where an account ends: another block's account, or the next numbered section or item.
_NEXT = re.compile(
    r"(?:产出|效益|满意度|管理类?|成本)指标完成情况"
    r"|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\n\s*\d{1,2}\s*[.、．]"
)
_TRAILING_NUMBER = re.compile(r"\s*\d{1,2}\s*[.、．]?\s*$")  # the next item's number: "…各项目。4"
_MIN_ACCOUNT = 6


def hollow_accounts(context: Context) -> Iterator[Hit]:
    """One finding when the report read no indicator with an actual and every 产出/效益/管理
    account it gives in prose states no figure."""
    if any(f.actual_raw for f in context.facts.indicators):
        return  # the table's actuals are what the other rules judge
    text = "\n".join(p.clean for p in context.facts.document.paragraphs)
    accounts: list[tuple[str, str]] = []
    for m in _ACCOUNT.finditer(text):
        following = _NEXT.search(text, m.end())
        body = text[m.end() : following.start() if following else len(text)]
        body = _TRAILING_NUMBER.sub("", body.strip())
        if following is None and not body.endswith(("。", "；", ";", "！")):
            # The text stops inside this account: judge its whole sentences only, if any.
            body = body[: max(body.rfind(c) for c in "。；;！") + 1]
            if not body:
                return  # not one sentence whole: its figures may be in what is lost
        if len(body) >= _MIN_ACCOUNT:
            accounts.append((m[1], body))
    if not accounts or any(re.search(r"\d", body) for _, body in accounts):
        return
    blocks = "、".join(dict.fromkeys(f"{block}指标" for block, _ in accounts))
    yield Hit(
        f"{blocks}的完成情况只有文字（如“{quote(accounts[0][1], 24)}”），没有一个实际完成数，无法核实",
        "全文",
        tuple(quote(f"{block}指标完成情况：{body}", 120) for block, body in accounts),
    )
