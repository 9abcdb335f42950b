"""`jixiao status import|offline`: status history and the devices offline now."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from jixiao.cli.app import app, console
from jixiao.cli.store import CLI_ACTOR, open_app
from jixiao.domain.presentation import duration
from jixiao.services.om_lists import OfflineFilter

status_app = typer.Typer(help="设备在线状态记录", no_args_is_help=True)
app.add_typer(status_app, name="status")


@status_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="状态记录 CSV：device_id,time,status,cause")],
) -> None:
    """导入其他平台导出的状态记录；状态可写 ON/OFF、ONLINE/OFFLINE、在线/离线；全部成功或全部不导入。"""
    result = open_app().import_status(file, actor=CLI_ACTOR)
    typer.echo(f"已导入{result.added}条状态记录（重复{result.duplicates}条已跳过）。")


@status_app.command("offline")
def offline(
    group: Annotated[str | None, typer.Option("--group", help="只看该分组")] = None,
    area: Annotated[str | None, typer.Option("--area", help="只看该区域")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="另存离线设备清单 Excel（与网页导出相同）")
    ] = None,
) -> None:
    """当前离线的在役设备（按最后一条状态；从未上报的也算离线）：离线起始、时长和最后原因。"""
    application = open_app()
    found = application.offline_list(OfflineFilter(group=group, area=area), everything=True)
    if xlsx is not None:
        application.write_offline(found, {"xlsx": xlsx})
    if as_json:
        items = [
            {
                "device_id": o.device_id,
                "name": o.name,
                "area": o.area,
                "since": o.since and o.since.isoformat(),
                "seconds": o.seconds,
                "cause": o.cause,
            }
            for o in found.rows
        ]
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"当前离线设备（{found.total}台）")
    for name in ("设备编码", "名称", "区域", "离线起始", "离线时长", "最后原因"):
        table.add_column(name)
    for o in found.rows:
        since = o.since.strftime("%Y-%m-%d %H:%M:%S") if o.since else "从未上报"
        lasted = "—" if o.seconds is None else duration(o.seconds)
        table.add_row(o.device_id, o.name, o.area, since, lasted, o.cause or "—")
    console().print(table)
    if xlsx is not None:
        typer.echo(f"已写出 {xlsx}")
