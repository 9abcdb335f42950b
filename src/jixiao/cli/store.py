"""Opening the evidence store from a command; refused rows and bad options as InputError."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from jixiao import bootstrap
from jixiao.adapters.importers.status_csv import parse_time
from jixiao.config import Settings, load_settings
from jixiao.domain.devices import DeviceError
from jixiao.domain.errors import InputError, Problem
from jixiao.services.application import Application


def open_services(settings: Settings | None = None) -> bootstrap.Services:
    """The store (created and migrated on first use) named by `settings`, by default the
    JIXIAO_* variables'."""
    return bootstrap.build(settings or load_settings())


def open_app() -> Application:
    """The application on the JIXIAO_* settings; the store opens when a use case needs it."""
    return bootstrap.application(load_settings())


CLI_ACTOR = "cli"  # who the audit log names for a change made from the command line


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
