"""The year's cycle over the stored projects: each project's declaration, monitoring and
self-evaluation states; a department's projects of a year (主管部门); a project across years.

A department here is the 主管部门 its stored projects name; its 整体 indicators and basic
expenditure live in a department file (`jixiao department`), not in the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.declaration import check_declaration
from jixiao.domain.evaluation import Project
from jixiao.domain.findings import Finding, Severity
from jixiao.domain.midyear import DEFAULT_THRESHOLDS, Monitoring
from jixiao.services.midyear import monitor_project
from jixiao.services.projects import Evaluated, evaluate_alone
from jixiao.services.shared_selection import sharing_selections
from jixiao.services.web_ports import WebRepos

UNNAMED = "（未填主管部门）"


@dataclass(frozen=True, slots=True)
class ProjectYearState:
    """One stored project-year through its cycle."""

    item: Evaluated
    declaration: tuple[Finding, ...]
    monitoring: Monitoring
    stage: str  # 申报 (year not begun) / 执行中 (monitoring) / 自评 (year ended)

    @property
    def declaration_errors(self) -> int:
        return sum(1 for f in self.declaration if f.severity is Severity.ERROR)


@dataclass(frozen=True, slots=True)
class DepartmentLine:
    name: str
    year: int
    projects: int


@dataclass(frozen=True, slots=True)
class YearLine:
    key: int
    year: int
    total: Decimal
    grade: str
    execution_rate: Decimal | None


def _stored(repos: WebRepos) -> list[tuple[int, Project]]:
    """Every project but the archived (归档) ones."""
    out = []
    archived = repos.projects.archived()
    for key, _, _ in repos.projects.keyed():
        if key in archived:
            continue
        project = repos.projects.by_key(key)
        if project is not None:
            out.append((key, project))
    return out


def years(repos: WebRepos) -> list[int]:
    """Every year a stored project belongs to, newest first."""
    return sorted({year for _, _, year in repos.projects.keyed()}, reverse=True)


def departments(repos: WebRepos, year: int | None) -> list[DepartmentLine]:
    counts: dict[tuple[str, int], int] = {}
    for _, project in _stored(repos):
        if year is None or project.year == year:
            name = project.department or UNNAMED
            counts[(name, project.year)] = counts.get((name, project.year), 0) + 1
    return [
        DepartmentLine(name, y, n)
        for (name, y), n in sorted(counts.items(), key=lambda kv: (-kv[0][1], kv[0][0]))
    ]


def state_of(
    repos: WebRepos,
    zone: dt.tzinfo,
    key: int,
    project: Project,
    today: dt.date,
    thresholds: Sequence[tuple[int, Decimal]] = DEFAULT_THRESHOLDS,
    stored: Sequence[tuple[int, Project]] | None = None,
) -> ProjectYearState:
    """The project-year's states as of `today`: monitored to today while its year runs, to
    31 December once it has ended, and to 1 January before it has begun. The evaluation and
    the monitoring share their reads (sharing_selections): monitored to 31 December, the
    monitoring's evidence is the evaluation's, read once."""
    repos = sharing_selections(repos)
    first, last = dt.date(project.year, 1, 1), dt.date(project.year, 12, 31)
    as_of = min(max(today, first), last)
    stage = "申报" if today < first else ("执行中" if today <= last else "自评")
    previous = next(
        (
            p
            for _, p in (_stored(repos) if stored is None else stored)
            if p.name == project.name and p.year == project.year - 1
        ),
        None,
    )
    return ProjectYearState(
        evaluate_alone(repos, zone, key, project),
        tuple(check_declaration(project)),
        monitor_project(project, repos, zone, as_of, thresholds, previous),
        stage,
    )


def department_states(
    repos: WebRepos, zone: dt.tzinfo, name: str, year: int, today: dt.date
) -> list[ProjectYearState]:
    stored = _stored(repos)  # read once: each state also looks for its previous year
    repos = sharing_selections(repos)  # projects bound to one group or contract read it once
    return [
        state_of(repos, zone, key, project, today, stored=stored)
        for key, project in stored
        if (project.department or UNNAMED) == name and project.year == year
    ]


def across_years(
    repos: WebRepos, zone: dt.tzinfo, name: str, known: Evaluated | None = None
) -> list[YearLine]:
    """The stored project-years of the project called `name`, oldest first; `known` is one
    of them already evaluated in this read (the project page's own year), not scored twice."""
    lines = []
    for key, project in sorted(_stored(repos), key=lambda kp: kp[1].year):
        if project.name == name:
            if known is not None and known.key == key:
                e = known.evaluation
            else:
                e = evaluate_alone(repos, zone, key, project).evaluation
            lines.append(YearLine(key, project.year, e.total, e.grade, e.execution.rate))
    return lines
