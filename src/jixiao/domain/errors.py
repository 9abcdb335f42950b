"""Errors the domain raises for bad input; each carries a Chinese message for the user.

The adapters attach the file, line and field; the domain only says what is wrong with a value
and what would be valid.
"""

from __future__ import annotations


class DomainError(ValueError):
    """A value the user gave cannot be used; `str(error)` is the Chinese message."""


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
