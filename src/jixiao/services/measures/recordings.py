"""录像完整率 and storage compliance (存储合规率) of a group's channels over a period, from the
stored 录像巡检 (services/recordings.py)."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from jixiao.domain.presentation import rate_text
from jixiao.domain.targets import Measured, parse_actual
from jixiao.services.measures.base import Binding, EvidenceError, Measure
from jixiao.services.recordings import RecordingReport, recording_report


def _report(binding: Binding, what: str) -> RecordingReport:
    indicator = binding.indicator
    if indicator.target is None or indicator.target.quantity is None:
        raise EvidenceError(f"{what}证据只能用于数值指标（如 ≥95%）")
    first, last = binding.period()
    return recording_report(
        binding.repos, first, last, binding.zone, group=binding.params.get("group"), channels=False
    )


def _measured(binding: Binding, rate: Fraction, citation: str) -> Measured:
    assert binding.indicator.target is not None
    # rounded once, down: the actual scored is the figure the citation quotes
    measured = parse_actual(rate_text(rate), binding.indicator.target)
    assert isinstance(measured, Measured)
    return dataclasses.replace(measured, evidence=citation)


def _who(binding: Binding) -> str:
    group = binding.params.get("group")
    return f"分组“{group}”" if group else "设备清单"


def recording_rate(binding: Binding) -> Measured:
    report = _report(binding, "录像完整率")
    rate = report.total.completeness.rate
    if rate is None:
        raise EvidenceError(
            f"{_who(binding)}在{report.first.isoformat()}至{report.last.isoformat()}"
            "没有录像巡检记录（平台每晚的录像巡检，或手动巡检）"
        )
    return _measured(binding, rate, report.citation())


def storage_compliance(binding: Binding) -> Measured:
    report = _report(binding, "存储合规率")
    rate = report.total.storage.rate
    if rate is None:
        raise EvidenceError(
            f"{_who(binding)}截至{report.last.isoformat()}没有录像巡检记录，无法判断录像存储天数"
        )
    return _measured(binding, rate, report.citation("存储合规率"))


RECORDING_RATE = Measure(
    "recording_rate", "录像完整率", frozenset({"group", "period"}), recording_rate
)
STORAGE_COMPLIANCE = Measure(
    "storage_compliance", "存储合规率", frozenset({"group", "period"}), storage_compliance
)
RECORDING_MEASURES = (RECORDING_RATE, STORAGE_COMPLIANCE)
