"""Resolve indicators bound to evidence (`actual: {measure: …}`) into measured actuals.

Each resolved actual carries a citation that the evaluation keeps. What cannot be resolved
stays an EvidenceRef with a Chinese `problem`, so the indicator scores 0 with an
`unresolved-evidence` finding instead of stopping the run. The measures themselves are in
services/measures/.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from jixiao.domain.errors import DomainError
from jixiao.domain.evaluation import Project
from jixiao.domain.indicators import Indicator
from jixiao.domain.targets import EvidenceRef
from jixiao.services.measures import MEASURES, Binding, EvidenceError, Measure, parse_period
from jixiao.services.web_ports import WebRepos

__all__ = [
    "EvidenceError",
    "binding_problems",
    "has_evidence_refs",
    "parse_period",
    "resolve_evidence",
    "unresolved",
]


def has_evidence_refs(project: Project) -> bool:
    return any(isinstance(i.actual, EvidenceRef) for i in project.indicators)


def resolve_evidence(project: Project, repos: WebRepos, zone: dt.tzinfo) -> Project:
    """The project with every `{measure: …}` actual measured from the store, where possible."""
    if not has_evidence_refs(project):
        return project
    indicators = tuple(_resolve(i, project, repos, zone) for i in project.indicators)
    return dataclasses.replace(project, indicators=indicators)


def _resolve(indicator: Indicator, project: Project, repos: WebRepos, zone: dt.tzinfo) -> Indicator:
    ref = indicator.actual
    if not isinstance(ref, EvidenceRef):
        return indicator
    try:
        measure = _measure_of(ref)
        actual = measure.measure(Binding(indicator, dict(ref.params), project, repos, zone))
    except DomainError as error:
        return dataclasses.replace(indicator, actual=dataclasses.replace(ref, problem=str(error)))
    return dataclasses.replace(indicator, actual=actual)


def _measure_of(ref: EvidenceRef) -> Measure:
    """The measure `ref` names, its parameters known to it; EvidenceError otherwise."""
    measure = MEASURES.get(ref.measure)
    if measure is None:
        known = "、".join(f"{m.name}（{m.label}）" for m in MEASURES.values())
        raise EvidenceError(f"未知的证据度量“{ref.measure}”；可用：{known}")
    unknown = sorted(set(dict(ref.params)) - measure.params)
    if unknown:
        raise EvidenceError(
            f"{measure.label}证据不认识参数“{'、'.join(unknown)}”；"
            f"可用：{'、'.join(sorted(measure.params))}"
        )
    return measure


def binding_problems(project: Project, known: Project | None = None) -> list[tuple[int, str]]:
    """(indicator index, why) for each binding that names no measure, a parameter the
    measure does not take or a period that cannot be read; bindings already in `known`
    (the project as stored) are left to the evaluation, which reports them as findings."""
    before = set() if known is None else {i.actual for i in known.indicators}
    problems = []
    for index, indicator in enumerate(project.indicators):
        ref = indicator.actual
        if not isinstance(ref, EvidenceRef) or ref in before:
            continue
        try:
            _measure_of(ref)
            if "period" in dict(ref.params):
                parse_period(dict(ref.params)["period"])
        except EvidenceError as error:
            problems.append((index, str(error)))
    return problems


def unresolved(project: Project, problem: str) -> Project:
    """The project with every binding left unmeasured for `problem` (scored 0, a finding)."""
    indicators = tuple(
        dataclasses.replace(i, actual=dataclasses.replace(i.actual, problem=problem))
        if isinstance(i.actual, EvidenceRef)
        else i
        for i in project.indicators
    )
    return dataclasses.replace(project, indicators=indicators)
