"""What a check rule is: an id, a severity, a title, and a function from a report to hits.

Rules are data plus one small function each. A function yields Hits (message, location,
evidence); the registry turns them into Findings carrying the rule's id and severity, so a
rule cannot misspell its own id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from jixiao.domain.findings import Finding, Severity
from jixiao.domain.reading.facts import ReportFacts
from jixiao.domain.reading.indicators import IndicatorFact
from jixiao.domain.reading.text import compact


@dataclass(frozen=True, slots=True)
class Hit:
    message: str
    location: str
    evidence: tuple[str, ...] = ()
    severity: Severity | None = None  # None: the rule's own


@dataclass(frozen=True, slots=True)
class Context:
    """The report under check and the other reports of the same run."""

    facts: ReportFacts
    others: tuple[ReportFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    title: str  # what the rule looks for, one Chinese line (docs/checks.md)
    check: Callable[[Context], Iterable[Hit]]

    def run(self, context: Context) -> list[Finding]:
        return [
            Finding(self.id, hit.severity or self.severity, hit.message, hit.location, hit.evidence)
            for hit in self.check(context)
        ]


def quote(text: str, limit: int = 90) -> str:
    """Evidence as the report writes it, cut to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def named(text: str) -> str:
    """A name in Chinese quotes, its own quotes turned single: “‘雪亮工程’网络安全升级”."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def sentence_at(text: str, at: int) -> str:
    """The sentence (to its 。 or ；) around position `at` of a paragraph's text."""
    start = max(text.rfind(c, 0, at) for c in "。；;") + 1
    ends = [i for c in "。；;" if (i := text.find(c, at)) != -1]
    return text[start : min(ends) + 1 if ends else len(text)]


def is_cost(fact: IndicatorFact) -> bool:
    """A 成本指标 row: under a 成本 二级 (the 10号 layout) or a 成本 一级 (the 101号 layout)."""
    return compact(fact.level2).startswith("成本") or compact(fact.level1).startswith("成本")
