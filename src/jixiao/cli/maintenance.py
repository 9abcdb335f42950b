"""`jixiao maintenance add`: approved downtime, excluded from the online rate."""

from __future__ import annotations

from typing import Annotated

import typer

from jixiao.cli.app import app
from jixiao.cli.store import CLI_ACTOR, moment, open_app
from jixiao.domain.availability import AvailabilityError
from jixiao.domain.errors import InputError, Problem

maintenance_app = typer.Typer(help="维护窗口（经批准的停机，不计入在线率）", no_args_is_help=True)
app.add_typer(maintenance_app, name="maintenance")


@maintenance_app.command("add")
def add(
    start: Annotated[str, typer.Option("--from", help="开始时间，如 2021-03-01 08:00")],
    end: Annotated[str, typer.Option("--to", help="结束时间（不含），如 2021-03-01 18:00")],
    reason: Annotated[str, typer.Option("--reason", help="维护原因")],
    device: Annotated[str | None, typer.Option("--device", help="设备编码（20位）")] = None,
    group: Annotated[str | None, typer.Option("--group", help="分组，如 天网")] = None,
) -> None:
    """登记一台设备或一个分组的维护窗口。"""
    if (device is None) == (group is None):
        raise InputError(
            [
                Problem(
                    "命令行",
                    "请给出 --device 设备编码 或 --group 分组，二者选一",
                    None,
                    "--device/--group",
                )
            ]
        )
    application = open_app()
    first, last = moment("--from", start, application.zone), moment("--to", end, application.zone)
    if last <= first:
        raise InputError([Problem("命令行", "结束时间应晚于开始时间", None, "--to")])
    try:
        window_id = application.add_maintenance(
            first, last, reason, device_id=device, group=group, actor=CLI_ACTOR
        )
    except AvailabilityError as error:
        raise InputError([Problem("命令行", str(error), None, "--from/--to")]) from error
    who = f"设备{device}" if device else f"分组“{group}”"
    typer.echo(
        f"已登记维护窗口 #{window_id}：{who}，{first:%Y-%m-%d %H:%M}至{last:%Y-%m-%d %H:%M}，{reason}"
    )
