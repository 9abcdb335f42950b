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
from jixiao.domain.targets import Dated, EvidenceRef, Graded, Measured
from jixiao.services.measures import MEASURES, Binding, EvidenceError, parse_period
from jixiao.services.web_ports import WebRepos

__all__ = ["EvidenceError", "has_evidence_refs", "parse_period", "resolve_evidence"]


def has_evidence_refs(project: Project) -> bool:
    """Whether some actual is measured from the store or cites stored documents."""
    return any(
        isinstance(i.actual, EvidenceRef) or (i.actual is not None and i.actual.documents)
        for i in project.indicators
    )


def resolve_evidence(project: Project, repos: WebRepos, zone: dt.tzinfo) -> Project:
    """The project with every `{measure: …}` actual measured from the store, where possible."""
    if not has_evidence_refs(project):
        return project
    indicators = tuple(_resolve(i, project, repos, zone) for i in project.indicators)
    return dataclasses.replace(project, indicators=indicators)


def _resolve(indicator: Indicator, project: Project, repos: WebRepos, zone: dt.tzinfo) -> Indicator:
    ref = indicator.actual
    if ref is None:
        return indicator
    if not isinstance(ref, EvidenceRef):
        return _cite_documents(indicator, ref, project, repos) if ref.documents else indicator
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
    written = "，".join(f"{k}={v}" for k, v in ref.params)
    binding = f"{measure.label}（{ref.measure}{'：' + written if written else ''}）"
    return dataclasses.replace(indicator, actual=dataclasses.replace(actual, binding=binding))


def _cite_documents(
    indicator: Indicator, actual: Measured | Dated | Graded, project: Project, repos: WebRepos
) -> Indicator:
    """The actual with its documents' citations; a title not attached to the project makes
    it unresolved (0 points, as a reviewer gives an indicator whose material is missing)."""
    found = [repos.documents.get(project.name, title) for title in actual.documents]
    missing = [t for t, d in zip(actual.documents, found, strict=True) if d is None]
    if missing:
        titles = "、".join(f"《{t}》" for t in missing)
        problem = (
            f"项目“{project.name}”没有名为{titles}的证明材料；"
            f"请先用 jixiao attach 文件 --project 项目名称 --kind 类别 --title 标题 附上"
        )
        ref = EvidenceRef("documents", (("documents", "、".join(actual.documents)),), problem)
        return dataclasses.replace(indicator, actual=ref)
    cited = "；".join(d.citation() for d in found if d is not None)
    evidence = f"{actual.evidence}；{cited}" if actual.evidence else f"证明材料：{cited}"
    return dataclasses.replace(indicator, actual=dataclasses.replace(actual, evidence=evidence))
