"""Mid-year monitoring (use case): a project's execution and indicator progress to a date.

Indicators bound to evidence are measured over the year up to the date (their `period`
narrowed to 1 January … the date), so the same measure that scores the year at its end
reports the progress during it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from jixiao.domain.evaluation import Project
from jixiao.domain.midyear import (
    IndicatorProgress,
    Monitoring,
    elapsed_share,
    execution_to_date,
    likelihood,
    progress_of,
    warnings_of,
    with_profile,
)
from jixiao.domain.targets import EvidenceRef
from jixiao.services.evidence import resolve_evidence
from jixiao.services.measures import MEASURES
from jixiao.services.web_ports import WebRepos


def to_date(project: Project, as_of: dt.date) -> Project:
    """The project as it stood on `as_of`: each binding over the whole year narrowed to
    1 January … `as_of`, and only the year's payments certainly made by then (so a measure of
    the file's own payments measures them to date too)."""
    year, indicators = project.year, []
    for indicator in project.indicators:
        ref = indicator.actual
        measure = MEASURES.get(ref.measure) if isinstance(ref, EvidenceRef) else None
        if isinstance(ref, EvidenceRef) and measure is not None and "period" in measure.params:
            params = dict(ref.params)
            if params.get("period", str(year)) == str(year):
                params["period"] = f"{year}-01-01..{min(as_of, dt.date(year, 12, 31))}"
                ref = dataclasses.replace(ref, params=tuple(params.items()))
                indicator = dataclasses.replace(indicator, actual=ref)
        indicators.append(indicator)
    payments = tuple(
        p for p in project.funds.payments if not p.on.is_within_year(year) or p.on.last <= as_of
    )
    funds = dataclasses.replace(project.funds, payments=payments)
    return dataclasses.replace(project, indicators=tuple(indicators), funds=funds)


def monitor_project(
    project: Project,
    repos: WebRepos | None,
    zone: dt.tzinfo,
    as_of: dt.date,
    thresholds: Sequence[tuple[int, Decimal]],
    previous: Project | None = None,
) -> Monitoring:
    """`previous`: last year's project-year, for the forecast from its payment profile."""
    elapsed = elapsed_share(project.year, as_of)
    execution = execution_to_date(project, as_of, thresholds)
    if previous is not None:
        execution = with_profile(execution, previous, as_of)
    narrowed = to_date(project, as_of)
    if repos is not None:
        narrowed = resolve_evidence(narrowed, repos, zone)
    rows = []
    for indicator in narrowed.indicators:
        actual = indicator.actual
        if isinstance(actual, EvidenceRef):
            progress, source = None, f"证据未能取得：{actual.problem or '需接入证据库'}"
        elif actual is None:
            progress, source = None, "无"
        else:
            progress = actual
            source = "证据" if getattr(actual, "evidence", None) else "填报"
        completion, forecast, method = progress_of(project, indicator, progress, elapsed)
        rows.append(
            IndicatorProgress(
                indicator,
                progress,
                completion,
                forecast,
                method,
                likelihood(project, indicator, forecast),
                source,
            )
        )
    return Monitoring(
        project, as_of, elapsed, execution, tuple(rows), tuple(warnings_of(execution, rows))
    )
