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
from jixiao.services.measures import (
    MEASURES,
    Binding,
    EvidenceError,
    Measure,
    describe_binding,
    parse_period,
)
from jixiao.services.web_ports import WebRepos

__all__ = [
    "EvidenceError",
    "binding_problems",
    "has_evidence_refs",
    "parse_period",
    "reads_store",
    "resolve_evidence",
    "unresolved",
]


def has_evidence_refs(project: Project) -> bool:
    """Whether some actual is bound to a measure or cites documents."""
    return any(
        isinstance(i.actual, EvidenceRef) or (i.actual is not None and i.actual.documents)
        for i in project.indicators
    )


def reads_store(project: Project) -> bool:
    """Whether resolving the project's evidence reads the store: a measure of the store (or
    an unknown one, to report it the same way), or documents cited. Measures of the file's
    own funds do not."""
    for indicator in project.indicators:
        actual = indicator.actual
        if isinstance(actual, EvidenceRef):
            measure = MEASURES.get(actual.measure)
            if measure is None or measure.uses_store:
                return True
        elif actual is not None and actual.documents:
            return True
    return False


def resolve_evidence(project: Project, repos: WebRepos | None, zone: dt.tzinfo) -> Project:
    """The project with every `{measure: …}` actual measured from the store, where possible."""
    if not has_evidence_refs(project):
        return project
    indicators = tuple(_resolve(i, project, repos, zone) for i in project.indicators)
    return dataclasses.replace(project, indicators=indicators)


def _resolve(
    indicator: Indicator, project: Project, repos: WebRepos | None, zone: dt.tzinfo
) -> Indicator:
    ref = indicator.actual
    if ref is None:
        return indicator
    if not isinstance(ref, EvidenceRef):
        if not ref.documents:
            return indicator
        assert repos is not None, "documents are cited with the store open (reads_store)"
        return _cite_documents(indicator, ref, project, repos)
    try:
        measure = _measure_of(ref)
    except DomainError as error:
        return dataclasses.replace(indicator, actual=dataclasses.replace(ref, problem=str(error)))
    binding = describe_binding(measure, ref.params)
    try:
        actual = measure.measure(Binding(indicator, dict(ref.params), project, repos, zone))
    except DomainError as error:
        unresolved = dataclasses.replace(ref, problem=str(error), label=binding)
        return dataclasses.replace(indicator, actual=unresolved)
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
        # the words go into the documents sent to the finance bureau: no command lines here
        # (docs/evidence.md and the project page say how a document is attached)
        problem = f"项目“{project.name}”尚未附上名为{titles}的证明材料"
        ref = EvidenceRef(
            "documents", (("documents", "、".join(actual.documents)),), problem, f"证明材料{titles}"
        )
        return dataclasses.replace(indicator, actual=ref)
    cited = "；".join(d.citation() for d in found if d is not None)
    evidence = f"{actual.evidence}；{cited}" if actual.evidence else f"证明材料：{cited}"
    return dataclasses.replace(indicator, actual=dataclasses.replace(actual, evidence=evidence))


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
