"""`jixiao devices import|list|template|export`: the device inventory (点位表)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from jixiao.cli.app import app, console
from jixiao.cli.store import CLI_ACTOR, open_app, open_services
from jixiao.domain.availability import from_seconds
from jixiao.domain.status import STATUS_LABELS
from jixiao.services.presence import device_statuses

devices_app = typer.Typer(help="设备清单（点位表）", no_args_is_help=True)
app.add_typer(devices_app, name="devices")


@devices_app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="点位表（.xlsx 或 .csv）")]) -> None:
    """导入点位表：列名可用英文或中文；有任何一行出错则全部不导入；按设备编码更新已有设备。"""
    count, added, updated = open_app().import_devices(file, actor=CLI_ACTOR)
    typer.echo(f"已导入{count}台设备：新增{added}台，更新{updated}台。")


@devices_app.command("list")
def list_(
    group: Annotated[str | None, typer.Option("--group", help="只列出该分组的设备")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """列出设备清单，含当前状态（在线/离线/从未上报/停用）与最后心跳时间。"""
    services = open_services()
    zone = services.zone
    rows = device_statuses(services.store, dt.datetime.now(dt.UTC), zone, group)

    def when(seconds: int | None) -> str | None:
        return None if seconds is None else from_seconds(seconds, zone).isoformat()

    if as_json:
        items = [
            {
                "device_id": r.stored.device.device_id.value,
                "kind": r.stored.device.kind.value,
                "kind_word": r.stored.device.kind_word,
                "name": r.stored.device.name,
                "groups": list(r.stored.device.groups),
                "area": r.stored.device.area,
                "commissioned": r.stored.device.commissioned
                and r.stored.device.commissioned.isoformat(),
                "decommissioned": r.stored.device.decommissioned
                and r.stored.device.decommissioned.isoformat(),
                "status": r.status.value,
                "status_since": when(r.since),
                "last_seen": when(r.last_seen),
            }
            for r in rows
        ]
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"设备清单（{len(rows)}台）")
    for name in (
        "设备编码",
        "名称",
        "类型",
        "分组",
        "区域",
        "启用日期",
        "停用日期",
        "状态",
        "最后心跳",
    ):
        table.add_column(name)
    for r in rows:
        d = r.stored.device
        seen = when(r.last_seen)
        table.add_row(
            d.device_id.value,
            d.name,
            d.kind_shown,
            "；".join(d.groups),
            d.area,
            d.commissioned.isoformat() if d.commissioned else "",
            d.decommissioned.isoformat() if d.decommissioned else "",
            STATUS_LABELS[r.status],
            seen[:19].replace("T", " ") if seen else "",
        )
    console().print(table)


@devices_app.command("template")
def template(
    file: Annotated[Path, typer.Argument(help="写出的模板（.xlsx）")] = Path("点位表模板.xlsx"),
) -> None:
    """写出点位表模板：表头即可导入的列，一行示例，“类型”表列出可用的类型写法（枪机、球机、NVR…）。"""
    written = open_app().write_device_template(file)
    typer.echo(f"已写出点位表模板：{written}")


@devices_app.command("export")
def export(
    file: Annotated[Path, typer.Argument(help="写出的点位表（.xlsx）")],
    group: Annotated[str | None, typer.Option("--group", help="只导出该分组的设备")] = None,
) -> None:
    """导出点位表：与模板同列，类型保留导入时的写法（如“枪机”），可改后重新导入。"""
    written, count = open_app().export_devices(file, group=group)
    typer.echo(f"已导出{count}台设备：{written}")
