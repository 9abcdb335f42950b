"""The report checker's rules: a registry from stable rule id to Rule, one module per family.

`check_report` runs every rule over one report (with the other reports of the run, for the
boilerplate rule); `check_sheet` runs the scoring rules alone, for a project file.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.domain.checks import (
    amounts,
    arithmetic,
    boilerplate,
    copy_paste,
    dates,
    deadlines,
    funds,
    indicators,
    obligations,
    scoring,
    sheet_rows,
)
from jixiao.domain.checks.base import Context, Hit, Rule
from jixiao.domain.findings import Finding
from jixiao.domain.reading.facts import ReportFacts
from jixiao.domain.reading.score_sheet import ScoreSheet

RULES: dict[str, Rule] = {
    rule.id: rule
    for family in (
        dates,
        amounts,
        arithmetic,
        funds,
        indicators,
        deadlines,
        copy_paste,
        boilerplate,
        obligations,
        scoring,
        sheet_rows,
    )
    for rule in family.RULES
}

__all__ = ["RULES", "Context", "Hit", "Rule", "check_report", "check_sheet"]


def check_report(facts: ReportFacts, others: Sequence[ReportFacts] = ()) -> list[Finding]:
    context = Context(facts, tuple(others))
    return [finding for rule in RULES.values() for finding in rule.run(context)]


def check_sheet(sheet: ScoreSheet) -> list[Finding]:
    """The scoring rules (and the score arithmetic) over a sheet that is not a report."""
    findings: list[Finding] = []
    for rule_id, severity, _title, function in scoring.SHEET_RULES:
        findings += [
            Finding(rule_id, hit.severity or severity, hit.message, hit.location, hit.evidence)
            for hit in function(sheet)
        ]
    return findings
