"""Opening the evidence store from a command; refused rows and bad options as InputError."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

from jixiao import bootstrap
from jixiao.adapters.importers.status_csv import parse_time
from jixiao.adapters.problems import InputError, Problem
from jixiao.config import Settings, load_settings
from jixiao.domain.devices import DeviceError
from jixiao.services.inventory import RowsRejected


def open_services(settings: Settings | None = None) -> bootstrap.Services:
    """The store (created and migrated on first use) named by `settings`, by default the
    JIXIAO_* variables'."""
    return bootstrap.build(settings or load_settings())


def rejected(file: Path | str, error: RowsRejected, labels: dict[str, str]) -> InputError:
    return InputError(
        [
            Problem(str(file), p.message, p.line, f"{p.field}（{labels.get(p.field, p.field)}）")
            for p in error.problems
        ]
    )


def moment(option: str, written: str, zone: dt.tzinfo) -> dt.datetime:
    try:
        return parse_time(written, zone)
    except DeviceError as error:
        raise InputError([Problem("命令行", str(error), None, option)]) from error


def day(option: str, written: str) -> dt.date:
    try:
        return dt.date.fromisoformat(written.strip())
    except ValueError as error:
        raise InputError(
            [Problem("命令行", f"无法识别的日期“{written}”；应为如 2021-01-01", None, option)]
        ) from error


def rate_number(rate: Fraction | None) -> float | None:
    return None if rate is None else round(float(rate), 6)
