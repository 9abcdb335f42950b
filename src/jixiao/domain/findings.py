"""Findings: what an evaluation or a check found that a person must look at.

The same shape serves `evaluate` and the report checker: a stable kebab-case rule id, a
severity, a Chinese message, the quoted evidence and where it was found.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    location: str = ""
    evidence: tuple[str, ...] = ()
