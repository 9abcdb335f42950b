"""A report's facts as a project file (YAML, version 1), each field commented with its source.

Best effort and never a guess: what the report does not state is left out and listed at the
top of the file; where a value is inferred (the allocation taken as the budget when no budget
is named, a payment dated only by the report's year) the comment says so. The result loads
with `jixiao evaluate` when the report states enough; otherwise the loader names what is missing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from typing import Any

from jixiao.domain.checks.amounts import unit_slips
from jixiao.domain.checks.dates import milestones
from jixiao.domain.checks.figures import Figure, allocated, budget, is_part
from jixiao.domain.indicators import layout_named
from jixiao.domain.money import MONEY_UNITS
from jixiao.domain.periods import Precision
from jixiao.domain.presentation import money, plain_number
from jixiao.domain.reading.facts import Fact, ReportFacts
from jixiao.domain.reading.indicators import IndicatorFact
from jixiao.domain.reading.mentions import AmountMention, DateMention, Role
from jixiao.domain.reading.tables import Column
from jixiao.domain.reading.text import Location
from jixiao.domain.targets import Comparator, Dated, Graded, Measured, actual_to_value
from jixiao.services.file_ports import Imported

from .commented_yaml import Entry, render
from .report_sheet import PLACEHOLDER_NAME, SheetPlan, accepted, loads_as_actual, loads_as_target

_TERM = re.compile(r"分\s*(\d+)\s*(个月|月|年)\s*(?:付清|支付|付款|偿还)")
_DEADLINE_NOTE = re.compile(r"[（(]截[止至][^）)]*[）)]")
_COMPARATORS = str.maketrans({"═": "=", "＝": "=", "＞": ">", "＜": "<"})  # as typed in tables
_AMOUNT_IN = re.compile(rf"\d\s*(?:{'|'.join(u for u in MONEY_UNITS if u.endswith('元'))})")


def _cut(text: str, limit: int = 36) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def source(location: Location | str, quote: str = "") -> str:
    place = location.place if isinstance(location, Location) else location
    return f"{place}：“{_cut(quote)}”" if quote else place


Contracts = dict[Decimal, tuple[list[Entry], set[int]]]


class _Builder:
    def __init__(self, facts: ReportFacts, placeholder_year: int) -> None:
        self.facts = facts
        self.placeholder_year = placeholder_year
        self.missing: list[str] = []
        self.skipped: list[str] = []
        self.usable = self._usable()
        # 成本指标 as a 一级 block is the 101号 layout, which has no default weights: it is
        # taken only when the table's own 分值 give them; else 成本 goes under 产出 (10号).
        self.layout_name, self.layout = "mof-2020", layout_named("mof-2020")
        self.sheet = SheetPlan(facts, self.layout)
        if any(i.level1 == "成本指标" for i in facts.indicators):
            plan = SheetPlan(facts, layout_named("mof-2021"))
            if plan.weights is not None:
                self.layout_name, self.layout, self.sheet = "mof-2021", plan.layout, plan

    def _usable(self) -> list[AmountMention]:
        slipped = unit_slips(self.facts.mentions.amounts)
        for mention, _ in slipped:
            note = f"{mention.at.location.place}“{mention.raw}”：单位可疑（疑为万元），未导入"
            if note not in self.skipped:
                self.skipped.append(note)
        bad = {id(m) for m, _ in slipped}
        return [
            m
            for m in self.facts.mentions.amounts
            if m.yuan is not None and id(m) not in bad and m.at.paragraph >= 0
        ]  # parts of a total ("其中…") stay: payments() decides whether to list them

    def fact(self, key: str, fact: Fact | None, label: str, convert: Any = str) -> Entry | None:
        if fact is None:
            self.missing.append(f"{key}（{label}）：报告中未找到")
            return None
        return Entry(key.rsplit(".", 1)[-1], convert(fact.value), source(fact.location, fact.quote))

    def project(self) -> Entry:
        f = self.facts
        name = self.fact("project.name", f.name, "项目名称") or Entry(
            "name", PLACEHOLDER_NAME, "占位：报告中未找到项目名称，请填写"
        )
        children = [name, self.fact("project.department", f.department, "主管部门")]
        implementer = self.fact("project.implementer", f.implementer, "实施单位")
        if implementer is not None and f.implementer is f.department:
            implementer.comment = "报告只写了一个单位，主管部门与实施单位均取此值"
        year = self.fact("project.year", f.year, "年度", int) or Entry(
            "year", self.placeholder_year, "占位：报告中未找到年度，按上一年填写，请核对"
        )
        children += [implementer, year]
        layout = self.layout_name
        note = (
            "成本指标为一级指标：财预〔2021〕101号"
            if layout == "mof-2021"
            else "财预〔2020〕10号（默认）"
        )
        children.append(Entry("layout", layout, note))
        return Entry("project", children=[c for c in children if c is not None])

    def scoring(self) -> Entry | None:
        if self.sheet.weights is None:
            return None
        flow = {k: plain_number(v) for k, v in self.sheet.weights.items()}
        return Entry("scoring", children=[Entry("weights", flow, self.sheet.weights_note)])

    def funds(self) -> Entry:
        f = self.facts
        children: list[Entry] = []
        initial = budget(f, initial=True)
        full = budget(f)
        if initial is not None:
            children.append(self._amount("initial_budget", initial))
        elif (given := allocated(f)) is not None:
            entry = self._amount("initial_budget", given)
            entry.comment = f"报告未写预算数，按下达金额填写（推定，请核对）；{entry.comment}"
            children.append(entry)
        else:
            self.missing.append("funds.initial_budget（年初预算数）：报告没有写预算数或下达金额")
            children.append(
                Entry(
                    "initial_budget",
                    None,
                    "报告没有写预算数或下达金额：请填写（不填则预算执行率按0分计）",
                )
            )
        if full is not None and initial is not None and full.value != initial.value:
            children.append(self._amount("budget", full))
        row = f.funds.total if f.funds else None
        if row is not None and Column.EXECUTED in row.amounts:
            executed = Figure(
                row.amounts[Column.EXECUTED], (row.quote,), str(row.location), row.location.place
            )
            children.append(self._amount("executed", executed))
        elif stated := [m for m in self.usable if m.role_word == "执行数"]:
            children.append(
                Entry("executed", money(stated[0].yuan or Decimal(0)), self._from(stated[0]))
            )
        if f.funds and f.funds.sources:
            sources = {
                s.label: money(s.amounts[Column.BUDGET])
                for s in f.funds.sources
                if Column.BUDGET in s.amounts
            }
            if sources:
                children.append(Entry("sources", sources, str(f.funds.sources[0].location)))
        contracts = self.contracts()
        payments = self.payments(contracts)
        children += [e for e in (self.allocations(), payments) if e is not None]
        if payments is None and not any(c.key == "executed" for c in children):
            self.missing.append("funds.payments（支付）：报告没有写出可用的当年支付金额和日期")
        if contracts:
            children.append(Entry("contracts", items=[c for c, _ in contracts.values()]))
        return Entry("funds", children=children)

    def _amount(self, key: str, figure: Figure) -> Entry:
        return Entry(
            key, money(figure.value), source(figure.place or figure.location, figure.quotes[0])
        )

    def _from(self, mention: AmountMention) -> str:
        return source(mention.at.location, mention.at.sentence)

    def _date_before(self, mention: AmountMention) -> DateMention | None:
        """The date an amount's own clause gives, else one from an earlier clause of the
        sentence that is about no other event ("2021年6月由…文，下达…50万元")."""
        text = self.facts.document.paragraphs[mention.at.paragraph].clean
        dates = [
            d
            for d in self.facts.mentions.dates
            if d.at.paragraph == mention.at.paragraph
            and d.at.sentence == mention.at.sentence
            and d.at.start < mention.at.start
        ]
        same_clause = [
            d for d in dates if not re.search(r"[，,；;]", text[d.at.start : mention.at.start])
        ]
        quiet = [
            d
            for d in dates
            if not milestones(d) and not _AMOUNT_IN.search(d.after) and d not in same_clause
        ]
        for group in (same_clause, quiet):
            precise = [d for d in group if d.date.precision is not Precision.YEAR]
            if precise or group:
                return (precise or group)[0]
        return None

    def allocations(self) -> Entry | None:
        by_value: dict[Decimal, list[AmountMention]] = {}
        for m in self.usable:
            if m.role is Role.ALLOCATED and m.yuan is not None:
                by_value.setdefault(m.yuan, []).append(m)
        items: list[list[Entry]] = []
        for value, mentions in by_value.items():
            dates = [d for m in mentions if (d := self._date_before(m)) is not None]
            docs = [
                d
                for m in mentions
                for d in self.facts.mentions.documents
                if d.at.paragraph == m.at.paragraph
            ]
            if dates:
                date, date_note = dates[0].raw, source(dates[0].at.location, dates[0].at.sentence)
            elif docs:
                date, date_note = (
                    f"{docs[0].year}年",
                    f"报告未写下达日期，取文号年份：{docs[0].raw}",
                )
            else:
                self.skipped.append(f"下达{money(value)}：报告未写日期和文号，未导入")
                continue
            entry = [
                Entry("date", date, date_note),
                Entry("amount", money(value), self._from(mentions[0])),
            ]
            if docs:
                entry.append(
                    Entry("document", docs[0].raw, source(docs[0].at.location, docs[0].at.sentence))
                )
            items.append(entry)
        return Entry("allocations", items=items) if items else None

    def payments(self, contracts: Contracts) -> Entry | None:
        """The year's payments: a stated 全年 total's listed parts when they add up to it (or
        the total alone), else every payment the text dates in the year, each value once."""
        year = self.facts.year_value
        paid = [
            m
            for m in self.usable
            if m.role is Role.PAID
            and not m.earlier
            and "累计" not in m.at.clause
            and m.role_word != "执行数"
            and (m.year == year or m.year is None)
        ]
        whole = [m for m in paid if "全年" in m.at.clause and not is_part(self.facts, m)]
        if len({m.yuan for m in whole}) == 1:
            parts = [m for m in self.parts_of(whole[0]) if m.yuan is not None]
            total = sum((m.yuan for m in parts if m.yuan is not None), Decimal(0))
            chosen = parts if len(parts) >= 2 and total == whole[0].yuan else whole[:1]
            return Entry(
                "payments", items=[self._payment(m, year, contracts, paid) for m in chosen]
            )
        paid = [m for m in paid if not is_part(self.facts, m)]
        times = Counter((m.yuan, m.at.paragraph) for m in paid)
        wanted: dict[Decimal, int] = {}
        for (value, _), n in times.items():
            if value is not None:
                wanted[value] = max(wanted.get(value, 0), n)
        items: list[list[Entry]] = []
        for m in paid:
            assert m.yuan is not None
            if wanted.get(m.yuan, 0) <= 0:
                continue
            wanted[m.yuan] -= 1
            items.append(self._payment(m, year, contracts, paid))
        return Entry("payments", items=items) if items else None

    def parts_of(self, total: AmountMention) -> list[AmountMention]:
        """The amounts listed after "其中" in the sentence of `total`."""
        return [
            m
            for m in self.facts.mentions.amounts
            if m.at.paragraph == total.at.paragraph
            and m.at.sentence == total.at.sentence
            and m.at.start > total.at.start
            and is_part(self.facts, m)
        ]

    def _payment(
        self, m: AmountMention, year: int | None, contracts: Contracts, paid: list[AmountMention]
    ) -> list[Entry]:
        assert m.yuan is not None
        day = self._date_before(m)
        if day is not None and day.date.precision is not Precision.YEAR:
            date: Any = day.raw
            note = source(day.at.location, day.at.sentence)
        elif m.year is not None:
            date, note = m.year, "报告只写了支付年份"
        else:
            date, note = year, "报告未写支付日期，按报告年度（推定）"
        entry = [
            Entry("date", date, note),
            Entry("amount", money(m.yuan), self._from(m)),
            Entry("memo", _cut(m.at.clause, 30)),
        ]
        # Linked to a contract when it, or an equal payment, is stated beside the contract.
        beside = {x.at.paragraph for x in paid if x.yuan == m.yuan} | {m.at.paragraph}
        for name_entries, paragraphs in contracts.values():
            if beside & paragraphs:
                entry.append(Entry("contract", name_entries[0].value, "与合同条款在同一段"))
                break
        return entry

    def contracts(self) -> Contracts:
        out: Contracts = {}
        for m in self.usable:
            if m.role is not Role.OBLIGATION or m.yuan is None or m.yuan in out:
                continue
            same = [x for x in self.usable if x.yuan == m.yuan and x.role is Role.OBLIGATION]
            paragraphs = {x.at.paragraph for x in same}
            entry = [
                Entry("name", self._contract_name(m, len(out) + 1)),
                Entry("total", money(m.yuan), self._from(m)),
            ]
            entry += self._schedule(paragraphs)
            earlier = {
                x.yuan
                for x in self.usable
                if x.role is Role.PAID and x.earlier and x.at.paragraph in paragraphs
            }
            if earlier:
                total = sum((v for v in earlier if v is not None), Decimal(0))
                entry.append(Entry("paid_before", money(total), "报告所写前期已付"))
            else:
                entry.append(Entry("paid_before", None, "报告未写以前年度已付金额：无法计算欠付"))
            out[m.yuan] = (entry, paragraphs)
        return out

    def _contract_name(self, m: AmountMention, n: int) -> str:
        before = m.at.clause[: m.at.clause.find(m.raw)]
        subject = re.split(
            r"审计金额|合同金额|合同总额|中标|总投资|共计|需要支付|需支付|应支付", before
        )[0]
        subject = re.sub(r"^(?:该项目|本项目|该|本)", "", subject).strip("，,为是 ")
        if not subject:  # "天网工程服务合同于2020年1月1日签订，合同金额为360万元"
            opening = re.match(r"^([\u4e00-\u9fff“”]{2,20}?)(?:于|在|自|，|,|\d)", m.at.sentence)
            subject = opening[1] if opening and not opening[1].startswith(("该", "本")) else ""
        return subject or m.role_word or f"合同{n}"

    def _schedule(self, paragraphs: set[int]) -> list[Entry]:
        for index in sorted(paragraphs):
            text = self.facts.document.paragraphs[index].clean
            term = _TERM.search(text)
            if term is None:
                continue
            months = int(term[1]) * (12 if term[2] == "年" else 1)
            starts = [
                d
                for d in self.facts.mentions.dates
                if d.at.paragraph == index and d.date.precision in (Precision.DAY, Precision.MONTH)
            ]
            if not starts:
                return [
                    Entry(
                        "months",
                        months,
                        source(self.facts.document.paragraphs[index].location, term[0]),
                    )
                ]
            start = starts[0]
            note = source(start.at.location, start.at.sentence)
            if start.date.precision is Precision.MONTH:
                note = f"只写到月，取月初（推定）；{note}"
            return [
                Entry("start", start.date.first, note),
                Entry("months", months, source(start.at.location, term[0])),
            ]
        return []

    def goals(self) -> Entry | None:
        if self.facts.goals is None:
            return None
        expected, achieved = self.facts.goals
        return Entry(
            "goals",
            children=[
                Entry("expected", expected.text, expected.location.place),
                Entry("achieved", achieved.text, achieved.location.place),
            ],
        )

    def indicators(self) -> Entry:
        if not self.facts.indicators:
            self.missing.append("indicators（绩效指标）：报告没有设置绩效指标")
        items = []
        for fact in self.facts.indicators:
            levels = self.sheet.levels.get(id(fact))
            if levels is None:
                self.skipped.append(
                    f"指标“{_cut(fact.name, 20)}”（{fact.location.place}）：一级/二级指标"
                    f"“{fact.level1 or '（空）'}/{fact.level2 or '（空）'}”不在"
                    f"{self.layout.description}的指标体系中，未导入"
                )
                continue
            items.append(self._indicator(fact, levels))
        return Entry("indicators", items=items)

    def published(self) -> Entry | None:
        children = [
            Entry("total", plain_number(value), note)
            for value, note in [self.sheet.published_total]
            if value is not None
        ] + [
            Entry("execution", plain_number(value), note)
            for value, note in [self.sheet.published_execution]
            if value is not None
        ]
        return Entry("published", children=children) if children else None

    def _indicator(self, fact: IndicatorFact, levels: tuple[str, str]) -> list[Entry]:
        entry = [
            Entry("level1", levels[0], source(fact.location)),
            Entry("level2", levels[1], "" if fact.level2 else "报告未写二级指标，按指标名推定"),
            Entry("name", fact.name),
        ]
        target = self._target(fact)
        entry.append(target)
        entry.append(self._actual(fact, target.value))
        points, why = self.sheet.points.get(id(fact), (None, ""))
        if points is not None:
            entry.append(Entry("points", plain_number(points)))
        elif why:
            entry.append(Entry("points", None, why))
        if fact.score is not None:
            entry.append(Entry("published_score", plain_number(fact.score), "报告自评得分"))
        if fact.note:
            entry.append(Entry("note", fact.note))
        return entry

    def _target(self, fact: IndicatorFact) -> Entry:
        target = fact.target
        if target is None:
            why = (
                f"报告写“{_cut(fact.target_raw or '', 20)}”，无法识别"
                if fact.target_raw
                else "报告没有写明数值"
            )
            return Entry("target", None, why)
        raw = _DEADLINE_NOTE.sub("", fact.target_raw or "").strip().translate(_COMPARATORS)
        if target.comparator is Comparator.QUALITATIVE and not raw.startswith("定性"):
            raw = f"定性:{target.statement}"
        if loads_as_target(raw) is None:
            return Entry("target", None, f"报告写“{_cut(fact.target_raw or '', 20)}”，无法识别")
        return Entry("target", raw, source(fact.location, fact.target_raw or ""))

    def _actual(self, fact: IndicatorFact, target: Any) -> Entry:
        where = fact.actual_location or fact.location
        actual = fact.actual
        if isinstance(actual, Graded | Measured | Dated):
            value = actual_to_value(actual)
            quote = actual.raw if isinstance(actual, Measured | Dated) else fact.actual_raw
            if target is not None and loads_as_actual(value, target):
                return Entry("actual", value, source(where, quote or ""))
            return Entry(
                "actual",
                None,
                f"报告写“{_cut(fact.actual_raw or '', 20)}”，与指标值不能对应，未导入",
            )
        if fact.actual_raw:
            return Entry(
                "actual", None, f"报告写“{_cut(fact.actual_raw, 20)}”，不是可核对的值，未导入"
            )
        return Entry("actual", None, "报告没有实际完成值")


def import_report(facts: ReportFacts, placeholder_year: int | None = None) -> Imported:
    """The project file for `facts`; `placeholder_year` fills a year the report never states
    (default: last year, the year a self-evaluation is usually about)."""
    year = placeholder_year or dt.date.today().year - 1
    builder = _Builder(facts, year)
    entries = [Entry("version", 1), builder.project()]
    if (scoring := builder.scoring()) is not None:
        entries.append(scoring)
    entries.append(builder.funds())
    if (goals := builder.goals()) is not None:
        entries.append(goals)
    entries.append(builder.indicators())
    if (published := builder.published()) is not None:
        entries.append(published)
    entries = accepted(entries, builder.skipped)
    header = [
        f"由 jixiao import 从《{facts.document.name}》提取（尽力而为，请逐项核对）。",
        "每个字段后的注释是它在报告中的出处；报告没有写的内容留空（null）或不写，并列在下面。",
    ]
    if builder.missing:
        header += ["", "未能读出（需人工补充）："] + [f"  - {m}" for m in builder.missing]
    if builder.skipped:
        header += ["", "未导入："] + [f"  - {s}" for s in builder.skipped]
    return Imported(render(entries, header), builder.missing, builder.skipped)
