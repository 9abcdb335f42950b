"""The online rate (在线率) of a group of devices over a period, from the status history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from jixiao.domain.presentation import rate_text
from jixiao.domain.targets import Measured, parse_actual
from jixiao.services.measures.base import Binding, EvidenceError, Measure
from jixiao.services.monitoring import AvailabilityQuery, Method, compute_availability


def online_rate(binding: Binding) -> Measured:
    indicator, params = binding.indicator, binding.params
    if indicator.target is None or indicator.target.quantity is None:
        raise EvidenceError("在线率证据只能用于数值指标（如 ≥95%）")
    first, last = binding.period()
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
    report = compute_availability(binding.repos, query, binding.zone)
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


def parse_times(text: str) -> tuple[dt.time, ...]:
    """Inspection times: "10:00" or "10:00,15:30"."""
    times = []
    for part in re.split(r"[,，、\s]+", text.strip()):
        m = re.fullmatch(r"(\d{1,2})[:：](\d{2})", part)
        if m is None or int(m[1]) > 23 or int(m[2]) > 59:
            raise EvidenceError(f"无法识别的抽检时刻“{part}”；应为如 10:00 或 10:00,15:30")
        times.append(dt.time(int(m[1]), int(m[2])))
    return tuple(sorted(set(times)))


ONLINE_RATE = Measure(
    "online_rate", "在线率", frozenset({"group", "period", "method", "sample_at"}), online_rate
)
