"""Use case: an O&M contract's monthly assessment (运维考核) from the evidence store.

For each month: the online rate of the contract's scope (raw, from the daily rollup or the
status changes, maintenance excluded), the time approved exemptions excuse (the corrected
rate), the scope's tickets opened in the month judged against the contract's SLA, and the
deductions of domain.assessment. A contract's deductions also lower what falls due, so
scoring a project with the store open counts a deduction as never owed, not as arrears.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from jixiao.domain.assessment import AssessmentRules, MonthAssessment, MonthFacts, assess_month
from jixiao.domain.availability import Span, day_start
from jixiao.domain.errors import DomainError
from jixiao.domain.evaluation import Project
from jixiao.domain.funds import Contract
from jixiao.domain.presentation import number
from jixiao.domain.tickets import Sla, TicketCounts
from jixiao.services.audit import record
from jixiao.services.monitoring import AvailabilityQuery, Breakdown, compute_availability
from jixiao.services.project_archive import refuse_if_archived
from jixiao.services.shared_selection import remembered
from jixiao.services.tickets import excused_in
from jixiao.services.web_errors import NotFound
from jixiao.services.web_ports import WebRepos


class AssessmentRefused(DomainError):
    """A contract that cannot be assessed (unknown, or without rules or a monthly schedule)."""


def assessed_contract(project: Project, name: str) -> tuple[Contract, AssessmentRules]:
    contracts = project.funds.contracts
    found = next((c for c in contracts if c.name == name), None)
    if found is None:
        known = "、".join(c.name for c in contracts) or "（无）"
        raise AssessmentRefused(f"项目中没有名为“{name}”的合同；已有：{known}")
    if found.assessment is None:
        raise AssessmentRefused(f"合同“{name}”没有运维考核规则（assessment）")
    return found, found.assessment


def edit_rules(
    repos: WebRepos,
    key: int,
    contract_name: str,
    rules: AssessmentRules,
    *,
    actor: str,
    now: int,
) -> Contract:
    """Replace the 考核办法 of a stored project's contract (the months assessed from then on
    use them; the project file is not touched). Audited with the rules before and after."""
    project = repos.projects.by_key(key)
    if project is None:
        raise NotFound(f"没有编号为{key}的项目")
    refuse_if_archived(repos, key)
    old = next((c for c in project.funds.contracts if c.name == contract_name), None)
    if old is None:
        raise AssessmentRefused(f"项目中没有名为“{contract_name}”的合同")
    new = dataclasses.replace(old, assessment=rules)
    contracts = tuple(new if c is old else c for c in project.funds.contracts)
    repos.projects.save(
        dataclasses.replace(project, funds=dataclasses.replace(project.funds, contracts=contracts))
    )
    record(
        repos,
        actor=actor,
        at=now,
        action="update",
        entity="assessment",
        target=f"{project.name}（{project.year}）— {contract_name}",
        before=rule_words(old.assessment),
        after=rule_words(rules),
    )
    return new


def rule_words(rules: AssessmentRules | None) -> dict[str, str]:
    """The rules as the audit log and the pages write them."""
    if rules is None:
        return {}
    out = {"考核范围": f"分组“{rules.group}”" if rules.group else "全部设备"}
    if rules.online is not None:
        out["在线率"] = rules.online.describe()
    if rules.repair is not None:
        out["故障修复"] = rules.repair.describe()
    if rules.cap is not None:
        out["扣款上限"] = f"当月费用的{number(rules.cap)}%"
    return out


# A month's reads from the store: online and expected seconds, excused seconds, tickets.
_Read = tuple[int, int, int, TicketCounts]


def assess_months(
    repos: WebRepos,
    contract: Contract,
    rules: AssessmentRules,
    months: Sequence[dt.date],
    zone: dt.tzinfo,
    *,
    as_of: int,
) -> list[MonthAssessment]:
    """Each month (its first day) of `months` assessed; tickets still open are judged at
    `as_of` (now, or the end of the period scored). Within one evaluation a month is read
    from the store once (the 考核扣款 measure and the deductions assess the same months)."""
    sla = None if rules.repair is None else rules.repair.sla
    by_month: dict[str, tuple[int, int]] = {}
    windows = dict(zip(months, month_windows(months, zone), strict=True))

    def seconds(month: dt.date) -> tuple[int, int]:
        """The month's online and expected seconds, every month's from one read of the
        daily sums (a month's row adds up its days, as a query of that month alone does)."""
        if not by_month:
            span = AvailabilityQuery(
                min(months), _month_last(max(months)), group=rules.group, by=Breakdown.MONTH
            )
            report = compute_availability(repos, span, zone)
            by_month.update({r.key: (r.online_s, r.expected_s) for r in report.rows})
        return by_month[month.strftime("%Y-%m")]

    counted: dict[Span, TicketCounts] = {}

    def tickets(window: Span) -> TicketCounts:
        """The month's ticket counts, every month's from one grouped query (read once here
        even when `repos` remembers nothing)."""
        if not counted:
            spans = list(dict.fromkeys(windows.values()))
            found = ticket_months(repos, rules.group, sla, spans, as_of)
            counted.update(zip(spans, found, strict=True))
        return counted[window]

    out = []
    for month in months:
        window = windows[month]

        def read(month: dt.date = month, window: Span = window) -> _Read:
            return (
                *seconds(month),
                excused_in(repos, rules.group, window, zone),
                tickets(window),
            )

        key = ("assessed month", rules.group, sla, window, zone, as_of)
        online_s, expected_s, excused, counts = remembered(repos, key, read)
        facts = MonthFacts(
            month, contract.month_fee(month), online_s, expected_s, excused, counts, as_of
        )
        out.append(assess_month(rules, facts))
    return out


def with_deductions(project: Project, repos: WebRepos, zone: dt.tzinfo) -> Project:
    """The project with each assessed contract's deductions in the project year (open tickets
    judged at the year's end). Earlier years are those years' own evaluations: their months
    may predate the evidence in the store, and a month without any status record would
    read as wholly offline. A contract whose scope has no devices is left as it is."""
    contracts = []
    year_end = dt.date(project.year, 12, 31)
    as_of = day_start(dt.date(project.year + 1, 1, 1), zone)
    for contract in project.funds.contracts:
        if contract.assessment is None or contract.start is None or contract.months is None:
            contracts.append(contract)
            continue
        months = contract_months(contract, dt.date(project.year, 1, 1), year_end)
        try:
            assessed = assess_months(
                repos, contract, contract.assessment, months, zone, as_of=as_of
            )
        except DomainError:
            contracts.append(contract)
            continue
        deductions = {m.month: m.deduction for m in assessed if m.deduction}
        contracts.append(dataclasses.replace(contract, deductions=deductions))
    funds = dataclasses.replace(project.funds, contracts=tuple(contracts))
    return dataclasses.replace(project, funds=funds)


def month_windows(months: Sequence[dt.date], zone: dt.tzinfo) -> list[Span]:
    """Each month's (its first day's) span, from its first midnight to the next month's."""
    return [
        Span(day_start(m, zone), day_start(_month_last(m) + dt.timedelta(days=1), zone))
        for m in months
    ]


def ticket_months(
    repos: WebRepos, group: str | None, sla: Sla | None, windows: Sequence[Span], as_of: int
) -> list[TicketCounts]:
    """The tickets opened in each window, counted by one grouped query and remembered for
    the evaluation: the 考核 and a 故障修复及时率 bound to the same contract read them once."""
    key = ("ticket months", group, sla, tuple(windows), as_of)
    return remembered(
        repos,
        key,
        lambda: repos.tickets.month_counts(windows, group=group, sla=sla, as_of=as_of),
    )


def contract_months(contract: Contract, first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the contract's months between `first` and `last`."""
    assert contract.start is not None and contract.months is not None
    start = contract.start.replace(day=1)
    out, month = [], first.replace(day=1)
    while month <= last:
        elapsed = (month.year - start.year) * 12 + month.month - start.month
        if 0 <= elapsed < contract.months:
            out.append(month)
        month = _month_last(month) + dt.timedelta(days=1)
    return out


def _month_last(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
