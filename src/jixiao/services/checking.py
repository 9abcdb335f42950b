"""Checking (use case): every rule over every report, each seen beside the others of the run.

Reports are checked together because one rule (shared boilerplate) compares them; a project
file is checked alone: its evaluation's findings plus the scoring rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.domain.checks import check_report
from jixiao.domain.evaluation import Evaluation
from jixiao.domain.findings import Finding, Severity
from jixiao.domain.reading.facts import ReportFacts


def check_reports(reports: Sequence[ReportFacts]) -> list[list[Finding]]:
    """Findings for each report, in the order given."""
    return [check_report(r, [o for o in reports if o is not r]) for r in reports]


def check_project(evaluation: Evaluation | None, scoring: Sequence[Finding]) -> list[Finding]:
    """A project file's findings: the scoring rules', then its evaluation's (when it loaded)."""
    findings = list(scoring)
    if evaluation is None:
        findings.append(
            Finding(
                "not-evaluated",
                Severity.INFO,
                "计分设置有误（见上），未计算得分；改正后再运行检查或评价",
                "全文",
            )
        )
        return findings
    return findings + list(evaluation.findings)
