"""Multi-year obligations: the report's own contract terms imply more due than was paid.

"审计金额3894万元…分120月付清", accepted 2019-01-01, "前期只支付了60万元", "2021年支付100万元":
the schedule (domain.funds.Contract) puts 1168.2万元 due by the end of 2021, so 1008.2万元 is in
arrears, while the report says "到位率100%". A cost with no schedule is taken as due once the
work is finished ("2021年2月建成…共计需要支付113.5585万元"). Reports that state the arrears
themselves, or state no payment at all ("项目批复总投资61.8万元…2021年7月完成资金拨付和项目验收"),
are not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.checks.base import Context, Hit, Rule, quote
from jixiao.domain.checks.dates import milestones
from jixiao.domain.checks.figures import budget_or_allocated, counted
from jixiao.domain.findings import Severity
from jixiao.domain.funds import Contract
from jixiao.domain.periods import Precision, year_end
from jixiao.domain.presentation import money, rate_text
from jixiao.domain.reading.facts import ReportFacts
from jixiao.domain.reading.mentions import AmountMention, DateMention, RateKind, Role

_TERM = re.compile(r"分\s*(\d+)\s*(个月|月|年)\s*(?:付清|支付|付款|偿还)")
_DISCLOSED = re.compile(r"欠付|尚欠|拖欠|欠款|未付|尚未支付|未支付")
FINISHED = ("建成", "完工", "竣工", "验收", "终验", "投入使用", "交付")


@dataclass(frozen=True, slots=True)
class Terms:
    """What the report says about one obligation, in its own words."""

    total: AmountMention
    months: int | None
    start: DateMention | None
    finished: DateMention | None
    paid_before: Decimal
    paid_in_year: Decimal
    quotes: tuple[str, ...]


def _terms(facts: ReportFacts, total: AmountMention, year: int) -> Terms:
    mentions = facts.mentions
    same = [m for m in mentions.amounts if m.yuan == total.yuan and m.role is Role.OBLIGATION]
    paragraphs = {m.at.paragraph for m in same}
    months, term_paragraph = None, None
    for index in sorted(paragraphs):
        if m := _TERM.search(facts.document.paragraphs[index].clean):
            months = int(m[1]) * (12 if m[2] == "年" else 1)
            term_paragraph = index
            break
    dated = [d for d in mentions.dates if milestones(d) and d.at.paragraph >= 0]
    precise = [d for d in dated if d.date.precision is not Precision.YEAR]
    local = [d for d in precise if d.at.paragraph == term_paragraph]
    # Elsewhere in the report only when every milestone date agrees: never pick one of two.
    agreed = precise if len({d.date for d in precise}) == 1 else []
    start = next(iter(local or agreed), None)
    done = [d for d in dated if any(w in d.after[:14] for w in FINISHED)]
    finished = min(done, key=lambda d: d.date.last) if done else None
    paid = [
        m
        for m in mentions.amounts
        if m.role is Role.PAID and m.yuan is not None and m.at.paragraph in paragraphs
    ]
    before = counted(m for m in paid if m.earlier)
    in_year = counted(m for m in paid if not m.earlier and m.year == year)
    quotes = [total.at.sentence, *(m.at.sentence for m in paid)]
    if start is not None:
        quotes.insert(0, start.at.sentence)
    return Terms(
        total,
        months,
        start,
        finished,
        before.value if before else Decimal(0),
        in_year.value if in_year else Decimal(0),
        tuple(dict.fromkeys(quotes)),
    )


def _due(terms: Terms, year: int) -> tuple[Decimal, str] | None:
    """What the terms put due by the end of `year`, and how that was read."""
    assert terms.total.yuan is not None
    end = year_end(year)
    if terms.months is not None and terms.start is not None:
        begin = terms.start.date.first
        contract = Contract("合同", terms.total.yuan, begin, terms.months)
        due = contract.due_by(end)
        count = contract.instalments_due_by(end)
        how = (
            f"{terms.total.raw}自{terms.start.raw}起分{terms.months}个月付清，"
            f"至{year}年底已到期{count}期"
        )
        return (due, how) if due is not None else None
    if terms.months is None and terms.finished is not None and terms.finished.date.last <= end:
        how = f"项目已于{terms.finished.raw}{_word(terms.finished)}，共需支付{terms.total.raw}"
        return terms.total.yuan, how
    return None


def _word(mention: DateMention) -> str:
    return next((w for w in FINISHED if w in mention.after[:14]), "完成")


def arrears(context: Context) -> Iterator[Hit]:
    facts = context.facts
    year = facts.year_value
    if year is None or _DISCLOSED.search(facts.document.text):
        return
    totals: dict[Decimal, AmountMention] = {}
    for m in facts.mentions.amounts:
        if m.role is Role.OBLIGATION and m.yuan is not None and m.at.paragraph >= 0:
            totals.setdefault(m.yuan, m)
    claims = list(
        dict.fromkeys(
            r.raw
            for r in facts.mentions.rates
            if r.kind in (RateKind.ALLOCATION, RateKind.EXECUTION)
            and r.value >= 100
            and not r.negated
        )
    )
    for total in totals.values():
        terms = _terms(facts, total, year)
        due = _due(terms, year)
        if due is None:
            continue
        amount, how = due
        paid = terms.paid_before + terms.paid_in_year
        owed = amount - paid
        if owed <= 0 or paid == 0:
            continue  # nothing paid is stated: the report is silent on payments, not in arrears
        parts = []
        if terms.paid_before:
            parts.append(f"前期{money(terms.paid_before)}")
        if terms.paid_in_year:
            parts.append(f"{year}年{money(terms.paid_in_year)}")
        message = (
            f"按报告所写条款（{how}），截至{year}年底应付{money(amount)}，报告所写已付"
            f"{money(paid)}（{'＋'.join(parts) or '未写以前年度支付'}），欠付{money(owed)}"
        )
        message += _annual(facts, year)
        if claims:
            message += f"；报告却称“{'”“'.join(claims)}”，未反映欠付"
        yield Hit(
            message,
            str(total.at.location),
            tuple(quote(q, 120) for q in terms.quotes),
            None if claims else Severity.WARNING,
        )


def _annual(facts: ReportFacts, year: int) -> str:
    annual = [m for m in facts.mentions.amounts if m.role is Role.ANNUAL and m.yuan is not None]
    funded = budget_or_allocated(facts)
    if not annual or funded is None or annual[0].yuan is None or funded.value >= annual[0].yuan:
        return ""
    return (
        f"；每年应付{annual[0].raw}，{year}年只安排{funded.wan}"
        f"（{rate_text(funded.value / annual[0].yuan)}）"
    )


RULES = (
    Rule(
        "obligation-arrears",
        Severity.ERROR,
        "按报告自己写的合同条款应付未付（欠付），报告却称资金到位、支付完成100%",
        arrears,
    ),
)
