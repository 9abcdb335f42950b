"""Satisfaction (满意度) from a stored survey: (满意 + 比较满意) ÷ valid responses."""

from __future__ import annotations

import dataclasses

from jixiao.domain.presentation import rate_text
from jixiao.domain.surveys import citation, tally
from jixiao.domain.targets import Measured, parse_actual
from jixiao.services.measures.base import Binding, EvidenceError, Measure


def satisfaction(binding: Binding) -> Measured:
    target = binding.indicator.target
    if target is None or target.quantity is None:
        raise EvidenceError("满意度证据只能用于数值指标（如 ≥90%）")
    name = binding.params.get("survey")
    if not name:
        raise EvidenceError("满意度证据需要 survey（调查名称）")
    stored = binding.repos.surveys.get(name)
    if stored is None:
        known = "、".join(s.survey.name for s in binding.repos.surveys.all()) or "（无）"
        raise EvidenceError(f"没有名为“{name}”的满意度调查；已有：{known}")
    result = tally(stored.survey, binding.repos.surveys.responses(stored.key))
    if result.satisfaction is None:
        raise EvidenceError(f"调查“{name}”没有有效答卷（共{result.responses}份）")
    measured = parse_actual(rate_text(result.satisfaction), target)
    assert isinstance(measured, Measured)
    return dataclasses.replace(measured, evidence=citation(result))


SATISFACTION = Measure("satisfaction", "满意度", frozenset({"survey"}), satisfaction)
