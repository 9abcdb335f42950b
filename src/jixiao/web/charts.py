"""ECharts options as plain dicts, built on the server; static/app.js only draws them."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from jixiao.domain.presentation import percent
from jixiao.services.device_views import DeviceHistory, RateMatrix

_PALETTE = ["#1f5fa8", "#2e9e6b", "#d9822b", "#8e44ad", "#c0392b", "#16a2b8", "#7f8c8d"]


def _percent(rate: Fraction | None) -> float | None:
    """The chart's point: the percentage the tables print (rounded down), as ECharts wants it."""
    return None if rate is None else float(percent(rate))


def _rate_axis(values: list[float | None]) -> dict[str, Any]:
    known = [v for v in values if v is not None]
    low = min(known, default=0)
    return {
        "type": "value",
        "min": max(0, int(low // 5 * 5) - 5) if known else 0,
        "max": 100,
        "axisLabel": {"formatter": "{value}%"},
    }


def trend_chart(trend: list[tuple[str, Fraction | None]], target: float) -> dict[str, Any]:
    """The overview's line: the online rate (在线率, time-weighted) of each of the last 30
    days, with the target; the share online now (当前在线) is a separate figure."""
    values = [_percent(rate) for _, rate in trend]
    return {
        "animation": False,
        "color": _PALETTE,
        "tooltip": {"trigger": "axis", "valueFormatter": "percent"},
        "grid": {"left": 48, "right": 24, "top": 30, "bottom": 30},
        "xAxis": {"type": "category", "data": [key[5:] for key, _ in trend]},
        "yAxis": _rate_axis([*values, target]),
        "series": [
            {
                "name": "在线率",
                "type": "line",
                "data": values,
                "smooth": False,
                "areaStyle": {"opacity": 0.12},
                "markLine": {
                    "symbol": "none",
                    "label": {"formatter": f"目标 {target:g}%", "position": "insideEndTop"},
                    "lineStyle": {"type": "dashed", "color": "#c0392b"},
                    "data": [{"yAxis": target}],
                },
            }
        ],
    }


def rates_chart(matrix: RateMatrix) -> dict[str, Any]:
    """One line per group (and 全部) over the days or months of the period."""
    data = {name: [_percent(r) for r in rates] for name, rates in matrix.series.items()}
    kind = "line" if matrix.period.value == "day" else "bar"
    return {
        "animation": False,
        "color": _PALETTE,
        "tooltip": {"trigger": "axis", "valueFormatter": "percent"},
        "legend": {"top": 0},
        "grid": {"left": 48, "right": 24, "top": 36, "bottom": 30},
        "xAxis": {"type": "category", "data": matrix.keys},
        "yAxis": _rate_axis([v for values in data.values() for v in values]),
        "series": [{"name": n, "type": kind, "data": v} for n, v in data.items()],
    }


def timeline_chart(history: DeviceHistory, now: dt.datetime) -> dict[str, Any]:
    """A device's status as a step line (1 在线, 0 离线) from its first shown change to now."""
    points = [
        [e.at.strftime("%Y-%m-%d %H:%M:%S"), 1 if e.online else 0]
        for e in reversed(history.entries)
    ]
    if points:
        points.append([now.strftime("%Y-%m-%d %H:%M:%S"), points[-1][1]])
    return {
        "animation": False,
        "color": ["#1f5fa8"],
        "tooltip": {"trigger": "axis", "valueFormatter": "status"},
        "grid": {"left": 56, "right": 24, "top": 20, "bottom": 60},
        "xAxis": {"type": "time"},
        "yAxis": {
            "type": "value",
            "min": 0,
            "max": 1,
            "interval": 1,
            "axisLabel": {"formatter": "status"},
        },
        "dataZoom": [{"type": "inside"}, {"type": "slider", "height": 18, "bottom": 10}],
        "series": [
            {
                "name": "状态",
                "type": "line",
                "step": "end",
                "symbol": "circle",
                "symbolSize": 5,
                "areaStyle": {"opacity": 0.15},
                "data": points,
            }
        ],
    }
