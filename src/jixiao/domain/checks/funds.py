"""Money spent above the budget with no word of why (超支 must be explained)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.domain.checks.base import Context, Hit, Rule, quote
from jixiao.domain.checks.figures import budget as stated_budget
from jixiao.domain.checks.figures import executed
from jixiao.domain.findings import Severity
from jixiao.domain.presentation import money, number
from jixiao.domain.reading.mentions import RateKind
from jixiao.domain.reading.tables import Column

HUNDRED = Decimal(100)
EXPLAINED = re.compile(r"超支|超出(?:年初|全年)?预算|超预算|追加|调增|垫付|自筹|超过预算")


# A budget and what was spent against it, in one clause run: "基本支出预算1304.3万,决算基本
# 支出1317.5万" (the spent figure after 决算/执行数/实际支出 within a few words).
_BUDGET_THEN_SPENT = re.compile(
    r"预算(?:数|为|是)?\s*(?P<budget>\d+(?:\.\d+)?)\s*(?P<u1>万元|万|元)[,，、]\s*"
    r"(?:决算|执行数|实际支出|实际执行)[\u4e00-\u9fff]{0,6}?(?:为|是)?\s*"
    r"(?P<spent>\d+(?:\.\d+)?)\s*(?P<u2>万元|万|元)"
)


# A budget stated in prose ("年初财政预算安排资金83万元") and the payments told after it, each
# with its verb ("支付了68万元的线路租费", "另外开支了28万元运行维护费").
_BUDGET_STATED = re.compile(r"预算(?:安排)?(?:资金|经费)?(?:为|是)?\s*(\d+(?:\.\d+)?)\s*万元")
_PAID = re.compile(r"(?:支付了?|开支了?|支出了?)\s*(\d+(?:\.\d+)?)\s*万元")


def _payments_above_budget(context: Context) -> Iterator[Hit]:
    """Two or more payments told one by one, in the budget's paragraph after it or in the next
    paragraph, that together exceed the one budget the paragraph states."""
    paragraphs = context.facts.document.paragraphs
    for k, paragraph in enumerate(paragraphs):
        stated = list(_BUDGET_STATED.finditer(paragraph.clean))
        if len(stated) != 1:
            continue
        at = stated[0]
        told = paragraph.clean[at.end() :]
        if k + 1 < len(paragraphs) and not paragraphs[k + 1].is_heading:
            told += "。" + paragraphs[k + 1].clean
        if _BUDGET_STATED.search(told):
            continue  # another budget: the payments may be against it
        paid = [Decimal(p) for p in _PAID.findall(told)]
        budget = Decimal(at[1])
        if len(paid) >= 2 and sum(paid) > budget:
            listed = "＋".join(f"{number(p)}万元" for p in paid)
            yield Hit(
                f"支出{listed}={number(sum(paid, Decimal(0)))}万元，超过预算{at[1]}万元，"
                "报告没有说明超支原因",
                str(paragraph.location),
                (quote(at[0] + "；" + told, 120),),
            )
            return


def _explained(context: Context) -> bool:
    return bool(EXPLAINED.search(context.facts.document.text)) or any(
        EXPLAINED.search(cell)
        for table in context.facts.document.tables
        for row in table.rows
        for cell in row
        if not cell.startswith(("偏差", "未完成原因"))
    )


def overspent(context: Context) -> Iterator[Hit]:
    facts = context.facts
    if _explained(context):
        return
    row = facts.funds.total if facts.funds else None
    if row is not None:
        a, b = row.amounts.get(Column.BUDGET), row.amounts.get(Column.EXECUTED)
        if a is not None and b is not None and a > 0 and b > a:
            yield Hit(
                f"全年执行数{money(b)}超过全年预算数{money(a)}（执行率"
                f"{number((b / a * HUNDRED).quantize(Decimal('0.01')))}%），报告没有说明超支原因",
                str(row.location),
                (row.quote,),
            )
            return
        if row.rate is not None and row.rate > HUNDRED:
            yield Hit(
                f"自评表执行率{number(row.rate)}%超过100%，报告没有说明超支原因",
                str(row.location),
                (row.quote,),
            )
            return
    for rate in facts.mentions.rates:
        if rate.kind is RateKind.EXECUTION and rate.value > HUNDRED and not rate.negated:
            yield Hit(
                f"“{rate.raw}”超过100%，报告没有说明超支原因",
                str(rate.at.location),
                (quote(rate.at.sentence),),
            )
            return
    paid, planned = (executed(facts), stated_budget(facts)) if row is None else (None, None)
    if paid is not None and planned is not None and paid.value > planned.value:
        # the report's own totals in prose: "总预算36,620万元" … "资金已使用36,948.11万元"
        yield Hit(
            f"支出{paid.wan}超过预算{planned.wan}，报告没有说明超支原因",
            paid.location,
            tuple(dict.fromkeys((*paid.quotes, *planned.quotes))),
        )
        return
    for paragraph in facts.document.paragraphs:
        for m in _BUDGET_THEN_SPENT.finditer(paragraph.clean):
            if m["u1"].rstrip("元") != m["u2"].rstrip("元"):
                continue  # "预算30万元，支出2.5元": other units, no comparison
            budget, spent = Decimal(m["budget"]), Decimal(m["spent"])
            if budget > 0 and spent > budget:
                yield Hit(
                    f"{m['spent']}{m['u2']}的支出超过预算{m['budget']}{m['u1']}，报告没有说明超支原因",
                    str(paragraph.location),
                    (quote(m[0], 120),),
                )
                return
    yield from _payments_above_budget(context)


RULES = (
    Rule(
        "overspent-unexplained",
        Severity.WARNING,
        "执行数超过预算数（执行率超过100%），没有说明原因",
        overspent,
    ),
)
