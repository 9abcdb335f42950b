"""Scoring a project (use case): the one function every output scores a project through.

`jixiao evaluate`, `report` and `check`, the web page and the API all call `evaluate_project`,
so an indicator bound to evidence is measured (and cited) the same way in each of them.
"""

from __future__ import annotations

import datetime as dt

from jixiao.domain.evaluation import Evaluation, Project, evaluate
from jixiao.services.assessment import with_deductions
from jixiao.services.evidence import has_evidence_refs, reads_store, resolve_evidence
from jixiao.services.shared_selection import sharing_selections
from jixiao.services.web_ports import WebRepos


def needs_store(project: Project) -> bool:
    """Whether scoring `project` reads the evidence store: a measure of the store, a cited
    document, or an O&M contract assessed from the store (its deductions lower what falls
    due). A plain file never opens it, nor one bound only to its own payments and contracts;
    any other is scored with the store open in every output alike."""
    return reads_store(project) or any(c.assessment is not None for c in project.funds.contracts)


def evaluate_project(project: Project, repos: WebRepos | None, zone: dt.tzinfo) -> Evaluation:
    """The project scored by the 10号 rules, its `{measure: …}` actuals measured from `repos`.

    `repos` may be None only for a project that needs no store (see `needs_store`).
    """
    if needs_store(project) and repos is None:
        raise ValueError("a project bound to stored evidence is scored with the store open")
    if repos is not None:  # its measures read each group's devices once between them
        repos = sharing_selections(repos)
    if has_evidence_refs(project):
        project = resolve_evidence(project, repos, zone)
    if repos is not None and any(c.assessment is not None for c in project.funds.contracts):
        project = with_deductions(project, repos, zone)
    return evaluate(project)
