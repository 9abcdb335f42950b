"""Every measure an indicator's actual can be bound to (`actual: {measure: NAME, …}`).

One line per measure; each lives in its own module of this package (docs/evidence.md).
"""

from __future__ import annotations

from jixiao.services.measures.base import (
    Binding,
    EvidenceError,
    Measure,
    check_period_years,
    describe_binding,
    parse_period,
)
from jixiao.services.measures.om import OM_MEASURES
from jixiao.services.measures.online import ONLINE_RATE
from jixiao.services.measures.recordings import RECORDING_MEASURES
from jixiao.services.measures.stored import (
    DEVICE_COUNT,
    PAID_AMOUNT,
    PAYMENT_COMPLETED_ON,
    SERVICE_MONTHS,
)
from jixiao.services.measures.survey import SATISFACTION

MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        ONLINE_RATE,
        DEVICE_COUNT,
        PAID_AMOUNT,
        PAYMENT_COMPLETED_ON,
        SERVICE_MONTHS,
        SATISFACTION,
        *OM_MEASURES,
        *RECORDING_MEASURES,
    )
}

__all__ = [
    "MEASURES",
    "Binding",
    "EvidenceError",
    "Measure",
    "check_period_years",
    "describe_binding",
    "parse_period",
]
