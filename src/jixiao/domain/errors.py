"""Errors the domain raises for bad input; each carries a Chinese message for the user.

The adapters attach the file, line and field; the domain only says what is wrong with a value
and what would be valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class DomainError(ValueError):
    """The root of our errors about what the user gave; `str(error)` is the Chinese message.

    Every entry point maps it to "bad input" (CLI exit 2, web 4xx); anything else is a fault.
    """


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with one piece of input: the file (or 命令行/环境变量/表单), the line or row,
    the field, and a Chinese message saying what would be valid. The one shape of every input
    problem, whether it comes from a project file, a table import, a form or a setting."""

    file: str
    message: str
    line: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = self.file + (f" 第{self.line}行" if self.line else "")
        return f"{where}：{self.field + '：' if self.field else ''}{self.message}"


class InputError(DomainError):
    """One or more problems with what the user gave, all reported at once; nothing was stored."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class AmountError(DomainError):
    """An amount of money (金额) that cannot be read."""


class TargetError(DomainError):
    """A target (年度指标值) or actual value (实际完成值) that cannot be read."""


class UnitMismatch(DomainError):
    """Target and actual are in units that cannot be compared (% vs 个)."""


class IndicatorError(DomainError):
    """An indicator tree that breaks the layout: unknown level names, points that do not add up."""


class WeightError(DomainError):
    """Block weights (一级指标权重) that do not sum to 100."""


class GradeError(DomainError):
    """A qualitative grade (定性档次) or its points outside the band the rules allow."""


class FundsError(DomainError):
    """Funds (资金) that cannot be evaluated: a zero budget, a contract with no term."""
