"""Corrections from the command line: delete what was entered by mistake (with a reason),
edit a maintenance window, list what is deleted and restore it (`jixiao devices delete|restore`,
`jixiao maintenance list|edit|delete|restore`, `jixiao status delete|restore`, `jixiao deleted`).

The command line is the administrator's (it opens the store directly), so it may restore.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from jixiao.cli.app import app, console
from jixiao.cli.devices import devices_app
from jixiao.cli.maintenance import maintenance_app
from jixiao.cli.status import status_app
from jixiao.cli.store import CLI_ACTOR, moment, open_app
from jixiao.domain.availability import from_seconds
from jixiao.services.corrections import ENTITY_WORDS
from jixiao.services.web_errors import NotFound
from jixiao.services.web_ports import Deletion

Reason = Annotated[str, typer.Option("--reason", help="删除原因（必填），如 演示数据误入")]


def _deleted(entity: str, target: str) -> int:
    """The pending deletion of `target`, by the id people know it by."""
    for deletion in open_app().deleted():
        if deletion.entity == entity and deletion.target == target:
            return deletion.id
    raise NotFound(f"已删除记录中没有{ENTITY_WORDS[entity]}{target}（用 jixiao deleted 查看）")


def _done(deletion: Deletion, verb: str) -> None:
    typer.echo(f"已{verb}{deletion.label}（删除记录 #{deletion.id}，原因：{deletion.reason}）")


@devices_app.command("delete")
def delete_device(
    device_id: Annotated[str, typer.Argument(help="设备编码（20位）")], reason: Reason
) -> None:
    """删除误录入的设备（软删除：不再计入在线率与各项统计，管理员可恢复）。"""
    _done(open_app().delete_device(device_id, reason=reason, actor=CLI_ACTOR), "删除")


@devices_app.command("restore")
def restore_device(device_id: Annotated[str, typer.Argument(help="设备编码（20位）")]) -> None:
    """恢复已删除的设备。"""
    application = open_app()
    restored = application.restore_deleted(_deleted("device", device_id), actor=CLI_ACTOR)
    _done(restored, "恢复")


@maintenance_app.command("list")
def list_windows() -> None:
    """列出维护窗口（不含已删除的）。"""
    application = open_app()
    windows = application.maintenance_windows()
    ids = application.device_ids()
    table = Table(title=f"维护窗口（{len(windows)}个）")
    for name in ("编号", "对象", "开始", "结束", "原因"):
        table.add_column(name)
    for w in windows:
        who = f"设备{ids.get(w.device_key, '')}" if w.device_key is not None else f"分组{w.group}"
        start, end = (from_seconds(s, application.zone) for s in (w.span.start, w.span.end))
        table.add_row(str(w.id), who, f"{start:%Y-%m-%d %H:%M}", f"{end:%Y-%m-%d %H:%M}", w.reason)
    console().print(table)


@maintenance_app.command("edit")
def edit_window(
    window_id: Annotated[int, typer.Argument(help="维护窗口编号（jixiao maintenance list）")],
    start: Annotated[str | None, typer.Option("--from", help="新的开始时间")] = None,
    end: Annotated[str | None, typer.Option("--to", help="新的结束时间（不含）")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="新的维护原因")] = None,
) -> None:
    """更正维护窗口的起止时间或原因。"""
    application = open_app()
    zone = application.zone
    application.edit_maintenance(
        window_id,
        start=None if start is None else moment("--from", start, zone),
        end=None if end is None else moment("--to", end, zone),
        reason=reason,
        actor=CLI_ACTOR,
    )
    typer.echo(f"已更正维护窗口 #{window_id}。")


@maintenance_app.command("delete")
def delete_window(
    window_id: Annotated[int, typer.Argument(help="维护窗口编号（jixiao maintenance list）")],
    reason: Reason,
) -> None:
    """删除误登记的维护窗口（其时段重新计入在线率，管理员可恢复）。"""
    _done(open_app().delete_maintenance(window_id, reason=reason, actor=CLI_ACTOR), "删除")


@maintenance_app.command("restore")
def restore_window(window_id: Annotated[int, typer.Argument(help="维护窗口编号")]) -> None:
    """恢复已删除的维护窗口。"""
    application = open_app()
    restored = application.restore_deleted(_deleted("maintenance", str(window_id)), actor=CLI_ACTOR)
    _done(restored, "恢复")


@status_app.command("delete")
def delete_status(
    device_id: Annotated[str, typer.Argument(help="设备编码（20位）")],
    at: Annotated[str, typer.Option("--at", help="该条状态记录的时间，如 2021-03-01 08:00:00")],
    reason: Reason,
) -> None:
    """删除一条误录入的状态记录（管理员可恢复）。"""
    application = open_app()
    when = moment("--at", at, application.zone)
    _done(application.delete_status(device_id, when, reason=reason, actor=CLI_ACTOR), "删除")


@app.command("deleted")
def deleted(
    restore: Annotated[int | None, typer.Option("--restore", help="恢复该编号的删除记录")] = None,
) -> None:
    """列出已删除（更正）的设备、维护窗口与状态记录：谁、何时、为何删除；--restore 编号 恢复。"""
    application = open_app()
    if restore is not None:
        _done(application.restore_deleted(restore, actor=CLI_ACTOR), "恢复")
        return
    found = application.deleted()
    table = Table(title=f"已删除（{len(found)}条）")
    for name in ("编号", "类别", "内容", "原因", "删除人", "删除时间"):
        table.add_column(name)
    for d in found:
        when = from_seconds(d.at, application.zone)
        table.add_row(
            str(d.id),
            ENTITY_WORDS[d.entity],
            d.label,
            d.reason,
            d.actor,
            f"{when:%Y-%m-%d %H:%M}",
        )
    console().print(table)
