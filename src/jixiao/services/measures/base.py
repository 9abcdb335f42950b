"""What a measure is: a named way to obtain an indicator's actual from stored evidence.

A measure gets the binding's parameters (checked against the ones it declares), the
indicator, the project and the open unit of work, and returns the actual it measured with
its citation (`Measured.evidence`), or raises EvidenceError saying in Chinese what is missing.
Every measure is listed once in services/measures/__init__.py (MEASURES).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from jixiao.domain.errors import DomainError
from jixiao.domain.evaluation import Project
from jixiao.domain.indicators import Indicator
from jixiao.domain.targets import Dated, Graded, Measured
from jixiao.services.web_ports import WebRepos

_RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s*(?:\.\.|~|～|至|到|—)\s*(\d{4}-\d{1,2}-\d{1,2})$")
PERIOD_FORMS = "2021、2021-03、2021-01-01..2021-06-30"
FIRST_YEAR, LAST_YEAR = 1970, 2100  # evidence is of devices in service: nothing before or after
_YEAR = re.compile(r"(?:^|[^\d-])(\d+)")  # the digits that start the text or follow a separator


class EvidenceError(DomainError):
    """Evidence that cannot be found or does not fit the indicator."""


@dataclass(frozen=True, slots=True)
class Binding:
    """One `{measure: …}` actual being measured: its parameters and where it stands."""

    indicator: Indicator
    params: Mapping[str, str]
    project: Project
    store: WebRepos | None  # None when scoring a file whose measures need no store
    zone: dt.tzinfo

    @property
    def repos(self) -> WebRepos:
        """The evidence store, for the measures that read it (Measure.uses_store)."""
        if self.store is None:
            raise EvidenceError("该证据需要证据库，但评价时未打开证据库")
        return self.store

    def period(self) -> tuple[dt.date, dt.date]:
        """The `period` parameter, or the project's year."""
        return parse_period(self.params.get("period", str(self.project.year)))


MeasuredActual = Measured | Dated | Graded


@dataclass(frozen=True, slots=True)
class Measure:
    name: str  # the binding's `measure:` word, e.g. online_rate
    label: str  # what people call it: 在线率
    params: frozenset[str]  # the parameters it takes
    measure: Callable[[Binding], MeasuredActual]
    uses_store: bool = True  # False: measured from the project file alone (its funds)


def check_period_years(text: str) -> None:
    """Refuse a period naming a year outside FIRST_YEAR–LAST_YEAR ("0001" would reach dates
    the calendar arithmetic of the evidence cannot represent)."""
    for year in _YEAR.findall(text.strip()):
        if not FIRST_YEAR <= int(year) <= LAST_YEAR:
            raise EvidenceError(
                f"期间“{text.strip()}”的年份{year}超出{FIRST_YEAR}–{LAST_YEAR}年；"
                f"应为如 {PERIOD_FORMS}"
            )


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """A whole year ("2021"), a month ("2021-03") or a range of days, both ends included,
    within FIRST_YEAR–LAST_YEAR."""
    text = text.strip()
    check_period_years(text)
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


_PARAM_WORDS = {
    "group": "分组",
    "period": "期间",
    "contract": "合同",
    "memo": "摘要",
    "amount": "金额",
    "survey": "调查",
    "sample_at": "抽检时刻",
}
_VALUE_WORDS = {
    ("distinct", "area"): "按区域计数",
    ("method", "time"): "按时长加权",
    ("method", "sample"): "定时抽检",
}


def describe_binding(measure: Measure, params: Sequence[tuple[str, str]]) -> str:
    """The binding as a reader of the report understands it: 在线率（分组：天网；期间：2021）.

    Reports go to the finance bureau as they are, so no `measure:`/`group=` words appear."""
    parts: list[str] = []
    for key, value in params:
        if (key, value) in _VALUE_WORDS:
            parts.append(_VALUE_WORDS[key, value])
        elif key == "repair_hours":
            parts.append(f"修复时限：{value}小时")
        else:
            parts.append(f"{_PARAM_WORDS.get(key, key)}：{value}")
    return f"{measure.label}（{'；'.join(parts)}）" if parts else measure.label
