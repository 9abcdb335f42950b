"""Checking (use case): every rule over every report, each seen beside the others of the run.

Reports are checked together because one rule (shared boilerplate) compares them; a project
file is checked alone: its evaluation's findings plus the scoring rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from jixiao.domain.checks import check_report
from jixiao.domain.declaration import check_declaration
from jixiao.domain.errors import InputError, Problem
from jixiao.domain.evaluation import Evaluation, Project
from jixiao.domain.findings import Finding, Severity
from jixiao.domain.reading.facts import ReportFacts, read_facts
from jixiao.domain.review import ProjectReview, review_report
from jixiao.services.file_ports import Advance, Files, FormFiles, no_progress


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


@dataclass
class CheckedFile:
    """One checked file: its findings, or the problems that kept it from being read."""

    name: str
    project: bool = False  # a project file (else a report)
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def check_files(
    paths: Sequence[Path],
    files: Files,
    score: Callable[[Project], Evaluation],
    advance: Advance = no_progress,
) -> list[CheckedFile]:
    """Check reports and project files together; a project file is scored by `score` (so a
    binding to evidence is measured, as `evaluate` measures it). A file that cannot be read
    gets its problems, and the others are still checked."""
    results = [CheckedFile(p.name, p.suffix.lower() in files.projects.suffixes) for p in paths]
    reports: list[tuple[int, ReportFacts]] = []
    for index, (result, path) in enumerate(zip(results, paths, strict=True)):
        try:
            if result.project:
                checked = files.projects.check(path)
                evaluation = score(checked.project) if checked.project else None
                result.findings = check_project(evaluation, checked.findings)
            else:
                reports.append((index, read_facts(files.reports.read(path))))
        except InputError as error:
            result.problems = error.problems
        advance(f"已读取 {path.name}")
    for (index, _), findings in zip(reports, check_reports([f for _, f in reports]), strict=True):
        results[index].findings = findings
    return results


def check_declarations(
    paths: Sequence[Path], files: Files, advance: Advance = no_progress
) -> list[CheckedFile]:
    """Target declarations (project files for a coming year) through the declaration rules
    and the scoring rules; nothing is scored (no actual exists yet)."""
    results = [CheckedFile(p.name, project=True) for p in paths]
    for result, path in zip(results, paths, strict=True):
        try:
            checked = files.projects.check(path)
            result.findings = list(checked.findings)
            project = checked.project or checked.unweighted
            if project is not None:
                result.findings += check_declaration(project)
        except InputError as error:
            result.problems = error.problems
        advance(f"已读取 {path.name}")
    return results


@dataclass
class ReviewedFile:
    """One report under 复核: the review of its 自评表, or the problems that kept it unread."""

    name: str
    review: ProjectReview | None = None
    problems: list[Problem] = field(default_factory=list)


def review_files(
    paths: Sequence[Path], files: Files, advance: Advance = no_progress
) -> list[ReviewedFile]:
    """Rescore each report's 自评表 by the 复核口径 (domain/review.py). Project files are not
    reports: their scoring is `evaluate`'s, so they are refused here with that advice."""
    results = [ReviewedFile(p.name) for p in paths]
    for result, path in zip(results, paths, strict=True):
        if path.suffix.lower() in files.projects.suffixes:
            result.problems = [
                Problem(str(path), "复核只适用于自评报告；项目文件请用 jixiao evaluate 计分")
            ]
            continue
        try:
            result.review = review_report(read_facts(files.reports.read(path)))
        except InputError as error:
            result.problems = error.problems
        advance(f"已复核 {path.name}")
    return results


# Exports of a check run (审核意见): the findings, errors first.

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
T = TypeVar("T")


def by_severity(found: Sequence[tuple[T, Finding]]) -> list[tuple[T, Finding]]:
    """(file, finding) pairs ordered errors first, then warnings, then notes; within one
    severity in the order found (stable)."""
    return sorted(found, key=lambda pair: SEVERITY_ORDER[pair[1].severity])


def export_findings(
    results: Sequence[CheckedFile], forms: FormFiles, outputs: dict[str, Path], checked_on: str
) -> list[Path]:
    """The 审核意见 of a check run as Word and/or Excel (outputs: format -> path)."""
    return forms.findings(results, outputs, checked_on)
