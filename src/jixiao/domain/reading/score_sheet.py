"""The scores a report or project file states: 分值 and 得分 per row, the totals, the grade.

The checker compares what is stated with what the rules give (points in a qualitative band,
weights summing to 100, the grade of the total); it never scores anything itself here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.targets import Grade


@dataclass(frozen=True, slots=True)
class SheetRow:
    level1: str
    name: str
    points: Decimal | None
    score: Decimal | None
    grade: Grade | None  # a qualitative row's grade, when it states one
    location: str


@dataclass(frozen=True, slots=True)
class Stated:
    """A figure or word the report states, with the quote and the place."""

    value: str
    quote: str
    location: str


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    rows: tuple[SheetRow, ...] = ()
    weights: tuple[tuple[str, Decimal], ...] = ()  # block weights as written, with 预算执行率
    weights_location: str = ""
    execution_points: Decimal | None = None
    execution_score: Decimal | None = None
    execution_location: str = ""
    points_totals: tuple[Stated, ...] = ()
    score_totals: tuple[Stated, ...] = ()
    grades: tuple[Stated, ...] = ()
