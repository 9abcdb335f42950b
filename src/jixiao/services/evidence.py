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
from jixiao.services.measures import MEASURES, Binding, EvidenceError, parse_period
from jixiao.services.web_ports import WebRepos

__all__ = ["EvidenceError", "has_evidence_refs", "parse_period", "resolve_evidence"]


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
        measure = MEASURES.get(ref.measure)
        if measure is None:
            known = "、".join(f"{m.name}（{m.label}）" for m in MEASURES.values())
            raise EvidenceError(f"未知的证据度量“{ref.measure}”；可用：{known}")
        params = dict(ref.params)
        unknown = sorted(set(params) - measure.params)
        if unknown:
            raise EvidenceError(
                f"{measure.label}证据不认识参数“{'、'.join(unknown)}”；"
                f"可用：{'、'.join(sorted(measure.params))}"
            )
        actual = measure.measure(Binding(indicator, params, project, repos, zone))
    except DomainError as error:
        return dataclasses.replace(indicator, actual=dataclasses.replace(ref, problem=str(error)))
    return dataclasses.replace(indicator, actual=actual)
