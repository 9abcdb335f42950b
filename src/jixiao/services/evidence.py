"""Resolve indicators bound to evidence (`actual: {measure: …}`) into measured actuals.

Each resolved actual carries a citation (devices, period, method, excluded time, store) that
the evaluation keeps. What cannot be resolved stays an EvidenceRef with a Chinese `problem`,
so the indicator scores 0 with an `unresolved-evidence` finding instead of stopping the run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from jixiao.domain.errors import DomainError
from jixiao.domain.evaluation import Project
from jixiao.domain.indicators import Indicator
from jixiao.domain.presentation import rate_text
from jixiao.domain.targets import EvidenceRef, Measured, parse_actual
from jixiao.services.monitoring import AvailabilityQuery, Method, compute_availability
from jixiao.services.ports import Repos

MEASURES = {"online_rate": "在线率"}
_ONLINE_RATE_PARAMS = {"group", "period", "method", "sample_at"}
_RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s*(?:\.\.|~|～|至|到|—)\s*(\d{4}-\d{1,2}-\d{1,2})$")
PERIOD_FORMS = "2021、2021-03、2021-01-01..2021-06-30"


class EvidenceError(DomainError):
    """Evidence that cannot be found or does not fit the indicator."""


def has_evidence_refs(project: Project) -> bool:
    return any(isinstance(i.actual, EvidenceRef) for i in project.indicators)


def resolve_evidence(project: Project, repos: Repos, zone: dt.tzinfo) -> Project:
    """The project with every `{measure: …}` actual measured from the store, where possible."""
    if not has_evidence_refs(project):
        return project
    indicators = tuple(_resolve(i, project, repos, zone) for i in project.indicators)
    return dataclasses.replace(project, indicators=indicators)


def _resolve(indicator: Indicator, project: Project, repos: Repos, zone: dt.tzinfo) -> Indicator:
    ref = indicator.actual
    if not isinstance(ref, EvidenceRef):
        return indicator
    try:
        actual: Measured | EvidenceRef = _online_rate(indicator, ref, project, repos, zone)
    except DomainError as error:
        actual = dataclasses.replace(ref, problem=str(error))
    return dataclasses.replace(indicator, actual=actual)


def _online_rate(
    indicator: Indicator,
    ref: EvidenceRef,
    project: Project,
    repos: Repos,
    zone: dt.tzinfo,
) -> Measured:
    if ref.measure not in MEASURES:
        known = "、".join(f"{k}（{v}）" for k, v in MEASURES.items())
        raise EvidenceError(f"未知的证据度量“{ref.measure}”；可用：{known}")
    params = dict(ref.params)
    unknown = sorted(set(params) - _ONLINE_RATE_PARAMS)
    if unknown:
        raise EvidenceError(
            f"在线率证据不认识参数“{'、'.join(unknown)}”；可用：group、period、method、sample_at"
        )
    if indicator.target is None or indicator.target.quantity is None:
        raise EvidenceError("在线率证据只能用于数值指标（如 ≥95%）")
    first, last = parse_period(params.get("period", str(project.year)))
    method_text = params.get("method", Method.TIME.value)
    if method_text not in {m.value for m in Method}:
        raise EvidenceError(
            f"未知的计算方法“{method_text}”；应为 time（按时长加权）或 sample（定时抽检）"
        )
    query = AvailabilityQuery(
        first,
        last,
        Method(method_text),
        params.get("group"),
        parse_times(params.get("sample_at", "10:00")),
    )
    report = compute_availability(repos, query, zone)
    if report.total.rate is None:
        who = f"分组“{query.group}”" if query.group else "设备清单"
        raise EvidenceError(
            f"{who}在{first.isoformat()}至{last.isoformat()}没有应在线时间（设备未启用、已停用或全部在维护）"
        )
    # Rounded once, down, to the printed precision: the actual that is scored is the figure
    # the citation quotes (report.citation() writes the rate with the same rate_text).
    measured = parse_actual(rate_text(report.total.rate), indicator.target)
    assert isinstance(measured, Measured)
    return dataclasses.replace(measured, evidence=report.citation())


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """A whole year ("2021"), a month ("2021-03") or a range of days, both ends included."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            first = dt.date(int(m[1]), int(m[2]), 1)
            following = (first + dt.timedelta(days=32)).replace(day=1)
            return first, following - dt.timedelta(days=1)
        if m := _RANGE.match(text):
            first, last = dt.date.fromisoformat(_iso(m[1])), dt.date.fromisoformat(_iso(m[2]))
            if last >= first:
                return first, last
    except ValueError:
        pass
    raise EvidenceError(f"无法识别的期间“{text}”；应为如 {PERIOD_FORMS}（起止日期都包含在内）")


def _iso(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def parse_times(text: str) -> tuple[dt.time, ...]:
    """Inspection times: "10:00" or "10:00,15:30"."""
    times = []
    for part in re.split(r"[,，、\s]+", text.strip()):
        m = re.fullmatch(r"(\d{1,2})[:：](\d{2})", part)
        if m is None or int(m[1]) > 23 or int(m[2]) > 59:
            raise EvidenceError(f"无法识别的抽检时刻“{part}”；应为如 10:00 或 10:00,15:30")
        times.append(dt.time(int(m[1]), int(m[2])))
    return tuple(sorted(set(times)))
