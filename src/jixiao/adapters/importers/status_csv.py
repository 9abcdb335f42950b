"""A status history exported from another platform (CSV: device_id, time, status, cause)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from jixiao.adapters.importers.table_rows import read_table, text
from jixiao.domain.devices import STATUS_FORMS, DeviceError, GbId, parse_status
from jixiao.domain.errors import InputError, Problem
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import StatusRow

ALIASES: dict[str, tuple[str, ...]] = {
    "device_id": ("设备编码", "国标编码", "设备ID"),
    "time": ("时间", "发生时间", "状态时间"),
    "status": ("状态",),
    "cause": ("原因", "备注"),
}
TIME_FORMS = "2021-03-01 10:00:00、2021/3/1 10:00、2021-03-01T10:00:00+08:00"
_LOOSE = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$"
)


def parse_time(written: str, zone: dt.tzinfo) -> dt.datetime:
    """A moment; one written without an offset is in `zone` (Asia/Shanghai by default)."""
    written = written.strip()
    try:
        moment = dt.datetime.fromisoformat(written)
    except ValueError:
        m = _LOOSE.match(written)
        if m is None:
            raise DeviceError(f"无法识别的时间“{written}”；应为如 {TIME_FORMS}") from None
        try:
            year, month, day, hour, minute, second = (int(g or 0) for g in m.groups())
            moment = dt.datetime(year, month, day, hour, minute, second)
        except ValueError:
            raise DeviceError(f"时间“{written}”不存在") from None
    if isinstance(moment, dt.datetime) and moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def read_status_csv(path: Path, zone: dt.tzinfo) -> tuple[str, list[Numbered[StatusRow]]]:
    name, rows = read_table(path, ALIASES, ("device_id", "time", "status"))
    out: list[Numbered[StatusRow]] = []
    problems: list[Problem] = []
    for row in rows:
        cells, before = row.cells, len(problems)

        def problem(field: str, message: str, line: int = row.line) -> None:
            problems.append(Problem(name, message, line, f"{field}（{ALIASES[field][0]}）"))

        device_id = text(cells.get("device_id"))
        try:
            device_id = GbId.parse(device_id).value
        except DeviceError as error:
            problem("device_id", str(error))
        moment = None
        try:
            moment = parse_time(text(cells.get("time")), zone)
        except DeviceError as error:
            problem("time", str(error))
        online = None
        try:
            online = parse_status(text(cells.get("status")))
        except DeviceError:
            problem("status", f"无法识别的状态“{text(cells.get('status'))}”；应为 {STATUS_FORMS}")
        if len(problems) == before and moment is not None and online is not None:
            out.append(
                Numbered(row.line, StatusRow(device_id, moment, online, text(cells.get("cause"))))
            )
    if problems:
        raise InputError(problems)
    if not out:
        raise InputError([Problem(name, "表中没有状态记录")])
    return name, out
