"""`jixiao probe run|set|source`: active probes of devices (docs/probes.md)."""

from __future__ import annotations

import asyncio
import json
import signal
from dataclasses import replace
from typing import Annotated

import typer
from rich.table import Table

from jixiao.cli.app import app, console
from jixiao.cli.store import CLI_ACTOR, open_app
from jixiao.config import load_settings
from jixiao.domain.probes import SOURCE_LABELS, parse_source
from jixiao.services import probing
from jixiao.services.web_ports import ProbeConfig

probe_app = typer.Typer(help="主动探测（ICMP/TCP/RTSP/ONVIF/HTTP）", no_args_is_help=True)
app.add_typer(probe_app, name="probe")


@probe_app.command("run")
def run(
    once: Annotated[bool, typer.Option("--once", help="只探测一轮，打印结果后退出")] = False,
    group: Annotated[str | None, typer.Option("--group", help="只探测该分组的设备")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（与 --once 同用）")] = False,
) -> None:
    """探测设置了探测方式的设备，状态变化写入状态历史（原因如 probe:rtsp 401）；
    不加 --once 时按各设备的间隔持续探测，Ctrl+C 停止。"""
    from jixiao.adapters.probes.rounds import keep_probing, probe_round

    settings = load_settings()
    application = open_app()
    if once:
        report = asyncio.run(
            probe_round(application, group=group, concurrency=settings.probe_concurrency)
        )
        if as_json:
            items = [
                {
                    "device_id": line.device_id,
                    "method": line.method,
                    "ok": line.ok,
                    "cause": line.cause,
                    "latency_ms": line.latency_ms,
                    "error": line.message or None,
                }
                for line in report.lines
            ]
            changes = [
                {
                    "device_id": report.ids.get(c.key),
                    "online": c.online,
                    "cause": c.cause,
                    "at": c.at,
                }
                for c in report.changes
            ]
            typer.echo(
                json.dumps({"results": items, "changes": changes}, ensure_ascii=False, indent=2)
            )
            return
        table = Table(title=f"探测结果（{len(report.lines)}台，状态变化{len(report.changes)}条）")
        for name in ("设备编码", "方式", "结果", "原因", "耗时（毫秒）"):
            table.add_column(name)
        for line in sorted(report.lines, key=lambda x: x.device_id):
            table.add_row(
                line.device_id,
                line.method,
                "成功" if line.ok else "失败",
                line.message or line.cause,
                "" if line.latency_ms is None else f"{line.latency_ms:.1f}",
            )
        console().print(table)
        return
    if group is not None:
        raise typer.BadParameter("--group 只能与 --once 同用；持续探测覆盖全部设备")
    if not application.has_probes():
        typer.echo("没有设备设置探测方式（点位表的“探测方式”列，或 jixiao probe set）。")
        return
    typer.echo("开始持续探测；Ctrl+C 停止。")

    async def forever() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await keep_probing(
            application, stop, concurrency=settings.probe_concurrency, on_change=typer.echo
        )

    asyncio.run(forever())


@probe_app.command("set")
def set_(
    method: Annotated[
        str, typer.Argument(help="探测方式：icmp、tcp、rtsp、onvif、http；off 为取消")
    ],
    device: Annotated[str | None, typer.Option("--device", help="设备编码")] = None,
    group: Annotated[
        str | None, typer.Option("--group", help="分组（作为组内设备的默认值）")
    ] = None,
    target: Annotated[
        str, typer.Option("--target", help="探测地址：主机:端口 或 URL；不填用设备 IP")
    ] = "",
    interval: Annotated[int | None, typer.Option("--interval", help="探测间隔（秒）")] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", help="单次超时（秒）")] = None,
    retries: Annotated[int | None, typer.Option("--retries", help="每轮重试次数")] = None,
    username: Annotated[str, typer.Option("--username", help="RTSP/ONVIF/HTTP 用户名")] = "",
    password: Annotated[
        bool, typer.Option("--password", help="提示输入密码（加密保存，不回显）")
    ] = False,
    expect: Annotated[int | None, typer.Option("--expect", help="HTTP 期望状态码")] = None,
) -> None:
    """为一台设备（--device）或一个分组（--group）设置探测；密码加密保存。"""
    if (device is None) == (group is None):
        raise typer.BadParameter("请指定 --device 或 --group 之一")
    secret = typer.prompt("密码", hide_input=True) if password else None
    config = None
    if method.strip().lower() != "off":
        config = ProbeConfig(
            method.strip().lower(), target, interval, timeout, retries, username, "", expect
        )
    open_app().set_probe(config, password=secret, device_id=device, group=group, actor=CLI_ACTOR)
    where = f"设备{device}" if device else f"分组“{group}”"
    typer.echo(f"已取消{where}的探测。" if config is None else f"已设置{where}的探测：{method}。")


@probe_app.command("source")
def source(
    device: Annotated[str, typer.Argument(help="设备编码")],
    value: Annotated[str, typer.Argument(help="gb28181、probe 或 both")],
) -> None:
    """设置设备的状态来源：gb28181（只用信令）、probe（只用探测）、both（任一离线即离线）。"""
    chosen = parse_source(value)
    application = open_app()
    with application.reading() as repos:
        current = probing.stored(repos, device_id=device) or ProbeConfig()
    application.set_probe(replace(current, source=chosen.value), device_id=device, actor=CLI_ACTOR)
    typer.echo(f"设备{device}的状态来源：{SOURCE_LABELS[chosen]}。")
