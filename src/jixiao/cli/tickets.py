"""`jixiao tickets sync|import|list|approve|withdraw`: work orders (工单) and exemptions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jixiao.cli.app import app, console
from jixiao.cli.store import CLI_ACTOR, open_app
from jixiao.config import load_settings
from jixiao.domain.availability import from_seconds
from jixiao.domain.presentation import DASH, hours, moment
from jixiao.domain.tickets import Ticket

tickets_app = typer.Typer(help="运维工单：派单、导入、列表、免责审批", no_args_is_help=True)
app.add_typer(tickets_app, name="tickets")


@tickets_app.command("sync")
def sync(
    threshold: Annotated[
        int | None,
        typer.Option(
            "--threshold",
            help="离线超过多少分钟开工单；默认 JIXIAO_TICKET_THRESHOLD_MINUTES（30）",
            min=1,
        ),
    ] = None,
) -> None:
    """按状态记录为每次超过阈值的离线开工单，设备恢复在线时关闭；可重复运行。"""
    minutes = threshold if threshold is not None else load_settings().ticket_threshold_minutes
    result = open_app().sync_tickets(threshold_minutes=minutes, actor=CLI_ACTOR)
    typer.echo(
        f"新开工单{result.opened}张，已恢复关闭{result.closed}张（离线超过{minutes}分钟派单）。"
    )


@tickets_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="工单表 .csv 或 .xlsx")],
) -> None:
    """导入其他系统导出的工单（列名中英文均可）；全部成功或全部不导入。"""
    rows, added, replaced = open_app().import_tickets(file, actor=CLI_ACTOR)
    typer.echo(f"已导入{rows}行工单：新增{added}张，更新{replaced}张。")


@tickets_app.command("list")
def list_(
    open_only: Annotated[bool, typer.Option("--open", help="只列未关闭的工单")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """列出工单：报修、响应、修复时间，原因，免责及审批。"""
    application = open_app()
    found = application.list_tickets(open_only=open_only)
    if as_json:
        items = [ticket_to_dict(t, application.zone) for t in found]
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"工单（{len(found)}张）")
    for name in ("编号", "设备编码", "报修", "响应", "修复/恢复", "时长(小时)", "原因", "免责"):
        table.add_column(name)
    for t in found:
        restored = t.restored
        table.add_row(
            str(t.id),
            t.device_id,
            moment(from_seconds(t.opened, application.zone)),
            _at(t.responded, application.zone),
            _at(restored, application.zone) if restored is not None else "未修复",
            DASH if (s := t.repair_s()) is None else hours(s),
            t.cause,
            _exemption(t),
        )
    console().print(table)


@tickets_app.command("approve")
def approve(ticket_id: Annotated[int, typer.Argument(help="工单编号")]) -> None:
    """批准工单的免责申请（审批人记为 cli，写入审计日志）。"""
    ticket = open_app().set_approval(ticket_id, approve=True, actor=CLI_ACTOR)
    typer.echo(f"已批准工单{ticket.id}的免责申请（{_exemption(ticket)}）。")


@tickets_app.command("withdraw")
def withdraw(ticket_id: Annotated[int, typer.Argument(help="工单编号")]) -> None:
    """撤回工单免责申请的批准；申请保留，不再计入修正在线率。"""
    ticket = open_app().set_approval(ticket_id, approve=False, actor=CLI_ACTOR)
    typer.echo(f"已撤回工单{ticket.id}的免责批准。")


def _at(at: int | None, zone: Any) -> str:
    return DASH if at is None else moment(from_seconds(at, zone))


def _exemption(t: Ticket) -> str:
    e = t.exemption
    if e is None:
        return ""
    state = f"已批准（{e.approved_by}）" if e.approved else "待审批"
    return f"{e.category.value} {hours(e.span.length)}小时 {state}"


def ticket_to_dict(t: Ticket, zone: Any) -> dict[str, Any]:
    def iso(at: int | None) -> str | None:
        return None if at is None else from_seconds(at, zone).isoformat()

    e = t.exemption
    return {
        "id": t.id,
        "device_id": t.device_id,
        "opened": iso(t.opened),
        "responded": iso(t.responded),
        "arrived": iso(t.arrived),
        "repaired": iso(t.repaired),
        "verified": iso(t.verified),
        "closed": t.closed,
        "repair_seconds": t.repair_s(),
        "cause": t.cause,
        "assignee": t.assignee,
        "notes": t.notes,
        "source": t.source.value,
        "exemption": None
        if e is None
        else {
            "category": e.category.value,
            "from": iso(e.span.start),
            "to": iso(e.span.end),
            "reason": e.reason,
            "approved_by": e.approved_by,
            "approved_at": iso(e.approved_at),
        },
    }
