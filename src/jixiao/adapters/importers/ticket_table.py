"""Work orders exported from another O&M system (.csv or .xlsx), English or Chinese headers.

Each row is one ticket; times without an offset are in the store's zone. Cells are checked
here (ids, times); whether the times agree and whether tickets overlap is the use case's
(services.tickets), so every problem names its row and nothing is stored while one remains.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jixiao.adapters.importers.status_csv import parse_time
from jixiao.adapters.importers.table_rows import read_table, text
from jixiao.domain.availability import Span, to_seconds
from jixiao.domain.devices import DeviceError, GbId
from jixiao.domain.errors import DomainError, InputError, Problem
from jixiao.domain.tickets import Exemption, Ticket, TicketSource, exemption_category
from jixiao.services.inventory import Numbered

ALIASES: dict[str, tuple[str, ...]] = {
    "device_id": ("设备编码", "国标编码", "设备ID"),
    "opened": ("报修时间", "故障时间", "派单时间"),
    "responded": ("响应时间",),
    "arrived": ("到场时间",),
    "repaired": ("修复时间", "恢复时间"),
    "cause": ("故障原因", "原因"),
    "assignee": ("处理人", "维修人员"),
    "notes": ("备注",),
    "exempt_from": ("免责开始",),
    "exempt_to": ("免责结束",),
    "exempt_reason": ("免责原因",),
    "approved_by": ("审批人",),
}
TIMES = ("opened", "responded", "arrived", "repaired", "exempt_from", "exempt_to")


def column(name: str) -> str:
    """A field as problems name it: "repaired（修复时间）"."""
    return f"{name}（{ALIASES[name][0]}）" if name in ALIASES else name


def read_ticket_table(path: Path, zone: dt.tzinfo) -> list[Numbered[Ticket]]:
    name, rows = read_table(path, ALIASES, ("device_id", "opened"))
    out: list[Numbered[Ticket]] = []
    problems: list[Problem] = []
    for row in rows:
        cells, before = row.cells, len(problems)

        def problem(field: str, message: str, line: int = row.line) -> None:
            problems.append(Problem(name, message, line, column(field)))

        device_id = text(cells.get("device_id"))
        try:
            device_id = GbId.parse(device_id).value
        except DeviceError as error:
            problem("device_id", str(error))
        times: dict[str, int | None] = {}
        for field in TIMES:
            written = text(cells.get(field))
            try:
                times[field] = to_seconds(parse_time(written, zone)) if written else None
            except DomainError as error:
                problem(field, str(error))
        if times.get("opened") is None and len(problems) == before:
            problem("opened", "报修时间不能为空")
        exemption = None
        start, end = times.get("exempt_from"), times.get("exempt_to")
        reason, approver = text(cells.get("exempt_reason")), text(cells.get("approved_by"))
        if (start is None) != (end is None):
            problem("exempt_to" if end is None else "exempt_from", "免责开始和免责结束应同时填写")
        elif start is not None and end is not None:
            if end <= start:
                problem("exempt_to", "免责结束时间应晚于免责开始时间")
            elif not reason:
                problem("exempt_reason", "请写明免责原因，如 停电、道路施工、不可抗力、业主原因")
            else:
                category = exemption_category(reason)
                exemption = Exemption(category, Span(start, end), reason, approver or None)
        elif approver or reason:
            problem("exempt_from", "写了免责原因或审批人，但没有免责时段")
        opened = times.get("opened")
        if len(problems) == before and opened is not None:
            out.append(
                Numbered(
                    row.line,
                    Ticket(
                        device_id,
                        opened,
                        responded=times["responded"],
                        arrived=times["arrived"],
                        repaired=times["repaired"],
                        cause=text(cells.get("cause")),
                        notes=text(cells.get("notes")),
                        assignee=text(cells.get("assignee")),
                        source=TicketSource.IMPORT,
                        exemption=exemption,
                    ),
                )
            )
    if problems:
        raise InputError(problems)
    if not out:
        raise InputError([Problem(name, "表中没有工单")])
    return out
