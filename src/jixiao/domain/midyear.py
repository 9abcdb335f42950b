"""Mid-year monitoring (绩效运行监控, "双监控"): budget execution and indicator progress to a date.

Execution to date counts the payments certainly made by then: a payment dated only to its
month or year is counted once that period has ended and listed as uncertain before, never
guessed. The province thresholds are data (`DEFAULT_THRESHOLDS`: 25 %, 40 %, 60 % and 80 % of
the year's budget by the ends of April, June, August and October, performance-cycle.md §2).
A forecast of the year is a straight line from the days elapsed, stated as such; a rate is
its own forecast. With last year's project-year at hand, execution is also forecast from last
year's profile: this year's payments to date scaled by the share of last year's payments made
by the same day. The likelihood of reaching a target is read from the share of the points
the forecast would earn under the same rules as the self-evaluation.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.evaluation import Project
from jixiao.domain.funds import Payment
from jixiao.domain.indicators import Indicator
from jixiao.domain.money import round_half_up
from jixiao.domain.presentation import money, rate_text
from jixiao.domain.quantities import Quantity
from jixiao.domain.scoring import score_share
from jixiao.domain.targets import Dated, Graded, Measured

DEFAULT_THRESHOLDS: tuple[tuple[int, Decimal], ...] = (
    (4, Decimal("0.25")),
    (6, Decimal("0.40")),
    (8, Decimal("0.60")),
    (10, Decimal("0.80")),
)
GAP_POINTS = Decimal(10)  # indicator progress and spending apart by more than this: a warning
STRAIGHT_LINE = "按已过天数直线外推"
RATE_AS_IS = "比率按截至日的值"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    month: int
    share: Decimal  # of the year's budget executed by the end of `month`

    @property
    def text(self) -> str:
        return f"{self.month}月底{rate_text(self.share)}"


@dataclass(frozen=True, slots=True)
class ExecutionToDate:
    budget: Decimal
    executed: Decimal  # payments certainly made on or before the date
    uncertain: tuple[Payment, ...]  # dated too loosely to say
    rate: Decimal | None
    forecast: Decimal | None  # the year's execution, straight line
    checkpoint: Checkpoint | None  # the latest threshold whose month has ended
    profile_forecast: Decimal | None = None  # the year's execution, from last year's profile
    profile_basis: str = ""  # how: last year's share paid by the same day


@dataclass(frozen=True, slots=True)
class IndicatorProgress:
    indicator: Indicator
    progress: Measured | Dated | Graded | None  # its value to date (measured or typed)
    completion: Decimal | None  # share of the target reached to date, capped at 1
    forecast: Measured | Dated | Graded | None
    method: str  # how the forecast was made
    likelihood: str  # 能 / 可能 / 难以 / 无法判断
    source: str  # 证据 (measured, with its citation) / 填报 (typed) / 无


@dataclass(frozen=True, slots=True)
class Monitoring:
    project: Project
    as_of: dt.date
    elapsed: Decimal  # share of the year gone by
    execution: ExecutionToDate
    indicators: tuple[IndicatorProgress, ...]
    warnings: tuple[str, ...]


def parse_thresholds(text: str) -> tuple[tuple[int, Decimal], ...]:
    """ "4:25,6:40,8:60,10:80" (month:percent)."""
    out = []
    for part in text.replace("，", ",").split(","):
        month_text, _, percent_text = part.strip().partition(":")
        try:
            month, percent = int(month_text), Decimal(percent_text)
        except ArithmeticError as error:  # decimal.InvalidOperation
            raise ValueError(part) from error
        if not percent.is_finite() or not 1 <= month <= 12 or not 0 <= percent <= 100:
            raise ValueError(part)
        out.append((month, percent / 100))
    return tuple(sorted(out))


def elapsed_share(year: int, as_of: dt.date) -> Decimal:
    """Days from 1 January to `as_of` (both counted) ÷ days in the year, within [0, 1]."""
    days = 366 if calendar.isleap(year) else 365
    gone = min(max(as_of, dt.date(year, 1, 1) - dt.timedelta(1)), dt.date(year, 12, 31))
    return Decimal((gone - dt.date(year, 1, 1)).days + 1) / days


def execution_to_date(
    project: Project, as_of: dt.date, thresholds: Sequence[tuple[int, Decimal]]
) -> ExecutionToDate:
    funds, year = project.funds, project.year
    made = [p for p in funds.payments if p.on.is_within_year(year) and p.on.last <= as_of]
    uncertain = tuple(
        p for p in funds.payments if p.on.is_within_year(year) and p.on.first <= as_of < p.on.last
    )
    executed = sum((p.amount for p in made), Decimal(0))
    rate = executed / funds.budget if funds.budget > 0 else None
    elapsed = elapsed_share(year, as_of)
    # an estimate: to the 100 元 (0.01万元), half-up
    forecast = round_half_up(executed / elapsed / 100, 0) * 100 if elapsed > 0 else None
    passed = [Checkpoint(m, s) for m, s in thresholds if _month_end(year, m) <= as_of]
    return ExecutionToDate(
        funds.budget, executed, uncertain, rate, forecast, passed[-1] if passed else None
    )


def with_profile(execution: ExecutionToDate, previous: Project, as_of: dt.date) -> ExecutionToDate:
    """`execution` with the forecast from `previous` (last year's project-year): this year's
    payments to date × last year's payments ÷ those made by the same day last year."""
    year = previous.year
    same_day = _same_day(as_of, year)
    paid = [p for p in previous.funds.payments if p.on.is_within_year(year)]
    total = sum((p.amount for p in paid), Decimal(0))
    by_then = sum((p.amount for p in paid if p.on.last <= same_day), Decimal(0))
    if total <= 0 or by_then <= 0:
        return dataclasses.replace(
            execution, profile_basis=f"{year}年同期没有可比的支付记录，无法按上年进度预测"
        )
    forecast = round_half_up(execution.executed * total / by_then / 100, 0) * 100
    basis = (
        f"按{year}年同期支付进度外推：{year}年截至{same_day.month}月{same_day.day}日支付"
        f"{money(by_then)}，占全年{money(total)}的{rate_text(by_then / total)}"
    )
    return dataclasses.replace(execution, profile_forecast=forecast, profile_basis=basis)


def _same_day(day: dt.date, year: int) -> dt.date:
    """The same month and day in `year` (28 February for a 29th in a common year)."""
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return day.replace(year=year)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def progress_of(
    project: Project,
    indicator: Indicator,
    to_date: Measured | Dated | Graded | None,
    elapsed: Decimal,
) -> tuple[Decimal | None, Measured | Dated | Graded | None, str]:
    """(completion to date, forecast of the year, how it was forecast)."""
    if to_date is None or indicator.target is None:
        return None, None, "无进度数据"
    if isinstance(to_date, Measured):
        if to_date.quantity.unit.dimension == "比率":
            forecast: Measured | Dated | Graded = to_date
            method = RATE_AS_IS
        elif elapsed > 0:
            value = round_half_up(to_date.quantity.value / elapsed, 2)
            quantity = Quantity(value, to_date.quantity.unit)
            forecast = Measured(quantity, str(quantity), evidence=to_date.evidence)
            method = STRAIGHT_LINE
        else:
            return None, None, "年度尚未开始"
    else:
        forecast, method = to_date, "已发生"
    try:
        done = score_share(indicator.target, to_date, Decimal(1), project.settings, project.year)
    except ValueError:
        return None, forecast, method
    return min(Decimal(1), done.share), forecast, method


def likelihood(
    project: Project, indicator: Indicator, forecast: Measured | Dated | Graded | None
) -> str:
    """能 when the forecast earns the full points, 可能 from 90 %, else 难以."""
    if forecast is None or indicator.target is None:
        return "无法判断"
    try:
        result = score_share(indicator.target, forecast, Decimal(1), project.settings, project.year)
    except ValueError:
        return "无法判断"
    if result.share >= 1:
        return "能"
    return "可能" if result.share >= Decimal("0.9") else "难以"


def warnings_of(execution: ExecutionToDate, indicators: Sequence[IndicatorProgress]) -> list[str]:
    out = []
    point = execution.checkpoint
    if point is not None and execution.rate is not None and execution.rate < point.share:
        out.append(
            f"预算执行进度预警：截至{point.month}月底应执行{rate_text(point.share)}，"
            f"实际执行{rate_text(execution.rate)}（已支付{money(execution.executed)}）"
        )
    if execution.uncertain:
        listed = "、".join(f"{p.on.raw} {money(p.amount)}" for p in execution.uncertain)
        out.append(f"以下支付日期不够精确，无法判断是否已发生，未计入执行数：{listed}")
    if execution.rate is not None:
        spent = execution.rate * 100
        for row in indicators:
            if row.completion is None:
                continue
            gap = row.completion * 100 - spent
            if abs(gap) > GAP_POINTS:
                out.append(
                    f"“{row.indicator.name}”完成进度{rate_text(row.completion)}与预算执行进度"
                    f"{rate_text(execution.rate)}相差{abs(gap).quantize(Decimal('0.01'))}个百分点"
                    f"（超过{GAP_POINTS}个百分点）：请说明原因或调整支付计划"
                )
    return out
