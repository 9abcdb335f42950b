"""`jixiao availability`: online rate (在线率) over whole days, both methods, with breakdowns."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jixiao.cli.app import app, console
from jixiao.cli.store import day, open_app, open_services, rate_number
from jixiao.domain.errors import DomainError, InputError, Problem
from jixiao.domain.presentation import hours, moment, rate_text
from jixiao.services.device_views import Dimension, Period
from jixiao.services.measures.online import parse_times
from jixiao.services.monitoring import (
    METHOD_LABELS,
    AvailabilityQuery,
    AvailabilityReport,
    Breakdown,
    Method,
    RateRow,
)
from jixiao.services.tickets import availability as compute
from jixiao.services.web_errors import Refused


@app.command()
def availability(
    start: Annotated[str, typer.Option("--from", help="开始日期（含），如 2021-01-01")],
    end: Annotated[str, typer.Option("--to", help="结束日期（含），如 2021-12-31")],
    group: Annotated[
        str | None, typer.Option("--group", help="分组，如 地网；不给则为全部设备")
    ] = None,
    method: Annotated[
        Method, typer.Option("--method", help="time：按时长加权；sample：定时抽检")
    ] = Method.TIME,
    sample_at: Annotated[
        str, typer.Option("--sample-at", help="抽检时刻，如 10:00 或 10:00,15:00")
    ] = "10:00",
    by: Annotated[
        Breakdown | None, typer.Option("--by", help="分项：day/month/device/group/area")
    ] = None,
    outages: Annotated[int, typer.Option("--outages", help="列出最长的N次离线", min=0)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    area: Annotated[str | None, typer.Option("--area", help="区域；只算该区域的设备")] = None,
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx", help="另存在线率统计表 Excel（与网页导出相同；需 --by day 或 month）"
        ),
    ] = None,
    split: Annotated[
        Dimension, typer.Option("--split", help="Excel 中分列：group 按分组，area 按区域")
    ] = Dimension.GROUP,
) -> None:
    """计算在线率：按时长加权或定时抽检，剔除维护窗口和未在役时间；日期按 Asia/Shanghai 整日计。"""
    first, last = day("--from", start), day("--to", end)
    if last < first:
        raise InputError([Problem("命令行", "结束日期早于开始日期", None, "--to")])
    if xlsx is not None and by not in (Breakdown.DAY, Breakdown.MONTH):
        raise InputError(
            [Problem("命令行", "导出 Excel 须按日或按月分项：--by day 或 month", None, "--by")]
        )
    try:
        times = parse_times(sample_at)
    except DomainError as error:
        raise InputError([Problem("命令行", str(error), None, "--sample-at")]) from error
    services = open_services()
    query = AvailabilityQuery(first, last, method, group, times, by, outages, area)
    report = compute(services.store, query, services.zone)
    if xlsx is not None:
        _export(first, last, by, method, split, group if split is Dimension.GROUP else area, xlsx)
    if as_json:
        typer.echo(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2))
    else:
        _print(report)


def _export(
    first: dt.date,
    last: dt.date,
    by: Breakdown | None,
    method: Method,
    split: Dimension,
    name: str | None,
    out: Path,
) -> None:
    """The 在线率统计表 the web's 导出 Excel writes for the same choices."""
    application = open_app()
    period = Period.DAY if by is Breakdown.DAY else Period.MONTH
    try:
        matrix = application.rate_table(
            first,
            last,
            period=period,
            method=method,
            dimension=split,
            names=None if name is None else [name],
        )
    except Refused as error:
        raise InputError([Problem("命令行", str(error), None, "--from")]) from error
    application.write_rates(matrix, {"xlsx": out})
    typer.echo(f"已写出 {out}", err=True)


def _row(row: RateRow, method: Method) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": row.key,
        "devices": row.devices,
        "online_rate": rate_number(row.rate),
    }
    if method is Method.TIME:
        out |= {"online_seconds": row.online_s, "expected_seconds": row.expected_s}
    else:
        out |= {"samples": row.samples, "online": row.online, "counted": row.counted}
    return out


def report_to_dict(report: AvailabilityReport) -> dict[str, Any]:
    q, total = report.query, report.total
    return {
        "method": q.method.value,
        "from": q.first.isoformat(),
        "to": q.last.isoformat(),
        "group": q.group,
        "devices": total.devices,
        "online_rate": rate_number(total.rate),
        "corrected_online_rate": rate_number(report.corrected_rate),
        "exempted_seconds": report.exempted_s,
        **{
            k: v
            for k, v in _row(total, q.method).items()
            if k not in ("key", "devices", "online_rate")
        },
        "sample_at": [t.strftime("%H:%M") for t in q.sample_at]
        if q.method is Method.SAMPLE
        else [],
        "excluded": {
            "maintenance_seconds": report.maintenance_s,
            "out_of_life_seconds": report.out_of_life_s,
        },
        "by": q.by.value if q.by else None,
        "rows": [_row(r, q.method) for r in report.rows],
        "outages": [
            {
                "device_id": o.device_id,
                "name": o.name,
                "start": o.start.isoformat(),
                "end": o.end.isoformat(),
                "seconds": o.seconds,
                "maintenance_seconds": o.maintenance_s,
                "ongoing": o.ongoing,
            }
            for o in report.outages
        ],
        "citation": report.citation(),
        "store": report.store,
    }


def _print(report: AvailabilityReport) -> None:
    out, q = console(), report.query
    out.print(report.citation())
    out.print(report.corrected_citation())
    if report.rows:
        table = Table(title=f"在线率（{METHOD_LABELS[q.method]}）")
        table.add_column(
            {"day": "日期", "month": "月份", "device": "设备", "group": "分组", "area": "区域"}[
                q.by.value if q.by else "day"
            ]
        )
        table.add_column("设备数", justify="right")
        if q.method is Method.TIME:
            table.add_column("在线小时", justify="right")
            table.add_column("应在线小时", justify="right")
        else:
            table.add_column("抽检次数", justify="right")
            table.add_column("在线台次/应在线台次", justify="right")
        table.add_column("在线率", justify="right")
        for r in report.rows:
            middle = (
                (hours(r.online_s), hours(r.expected_s))
                if q.method is Method.TIME
                else (str(r.samples), f"{r.online}/{r.counted}")
            )
            table.add_row(r.key, str(r.devices), *middle, rate_text(r.rate))
        out.print(table)
    if report.outages:
        table = Table(title=f"最长的{len(report.outages)}次离线")
        for name in ("设备编码", "名称", "开始", "结束", "小时", "其中维护小时"):
            table.add_column(name)
        for o in report.outages:
            table.add_row(
                o.device_id,
                o.name,
                moment(o.start, seconds=True),
                moment(o.end, seconds=True) + ("（仍离线）" if o.ongoing else ""),
                hours(o.seconds),
                hours(o.maintenance_s),
            )
        out.print(table)
