"""`jixiao sip serve|password|passwords` and `jixiao simulate devices`: GB/T 28181 access."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import datetime as dt
import json
import os
import secrets
import signal
import string
import time
from pathlib import Path
from typing import Annotated

import typer

from jixiao import bootstrap
from jixiao.adapters.gb28181.guard import KINDS
from jixiao.adapters.gb28181.inspection import keep_scanning
from jixiao.adapters.gb28181.server import EVENTS_FILE, SipServer, run_sip_server
from jixiao.adapters.gb28181.simulator import Fleet, FleetConfig
from jixiao.cli.app import app
from jixiao.cli.listening import check_sip_port, sip_port_error
from jixiao.cli.store import open_services
from jixiao.config import load_settings
from jixiao.domain.errors import InputError, Problem
from jixiao.services.presence import generate_passwords, set_password

sip_app = typer.Typer(help="GB/T 28181 设备接入（SIP 信令）", no_args_is_help=True)
app.add_typer(sip_app, name="sip")
simulate_app = typer.Typer(help="模拟设备（测试与压测用）", no_args_is_help=True)
app.add_typer(simulate_app, name="simulate")


def _until_signalled(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


@sip_app.command("serve")
def serve() -> None:
    """只运行 GB/T 28181 上级平台：接受注册与心跳，查询目录，把每次状态变化写入证据库。"""
    settings = load_settings()
    check_sip_port(settings)  # before the store is created or migrated
    services = open_services(settings)
    if settings.sip_password is None:
        typer.echo(
            "警告：未设置 JIXIAO_SIP_PASSWORD，未单独设置密码的设备注册时不做鉴权。", err=True
        )

    stop = asyncio.Event()
    scanning: list[asyncio.Task[None]] = []

    def ready(server: SipServer) -> None:
        typer.echo(
            f"GB/T 28181 平台 {settings.sip_id} 已启动：{server.host}:{server.port}（UDP/TCP），"
            f"已恢复{len(server.platform.sessions)}台设备。按 Ctrl+C 停止。"
        )
        application = bootstrap.application(settings, services=services)
        scanning.append(asyncio.create_task(keep_scanning(server, application, settings, stop)))

    async def main() -> None:
        _until_signalled(stop)
        await run_sip_server(settings, services.store, stop, ready=ready)
        await asyncio.gather(*scanning, return_exceptions=True)

    try:
        asyncio.run(main())
    except OSError as error:  # taken since the check, or the address is not this host's
        raise sip_port_error(settings, error) from error
    typer.echo("平台已停止，状态已写入证据库。")


@sip_app.command("events")
def events(
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """国标接入的安全事件：被拒绝的伪造来源、错误密码、限流与连接上限（由运行中的平台每5秒更新）。"""
    settings = load_settings()
    path = settings.data_dir / EVENTS_FILE
    try:
        snapshot = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        snapshot = None
    if as_json:
        typer.echo(json.dumps(snapshot or {"counts": {}, "recent": []}, ensure_ascii=False))
        return
    if snapshot is None:
        typer.echo(f"尚无安全事件记录（{path} 不存在；平台运行时每5秒更新）。")
        return
    updated = dt.datetime.fromtimestamp(float(snapshot["updated"]), settings.zone)
    typer.echo(
        f"更新于 {updated:%Y-%m-%d %H:%M:%S}；当前 TCP 连接 {snapshot['tcp_connections']} 个"
    )
    counts: dict[str, int] = snapshot["counts"]
    if not counts:
        typer.echo("自平台启动以来没有安全事件。")
    for kind, count in sorted(counts.items(), key=lambda item: -item[1]):
        typer.echo(f"{count:>8}  {KINDS.get(kind, kind)}（{kind}）")
    for event in snapshot["recent"][-10:]:
        at = dt.datetime.fromtimestamp(float(event["at"]), settings.zone)
        device = f" 设备{event['device_id']}" if event["device_id"] else ""
        typer.echo(f"  {at:%H:%M:%S} {event['kind']}{device} 来源 {event['source']}")


@sip_app.command("password")
def password(
    device_id: Annotated[str, typer.Argument(help="设备编码（20位）")],
    clear: Annotated[
        bool, typer.Option("--clear", help="删除该设备的单独密码，改用全局密码")
    ] = False,
    value: Annotated[
        str | None, typer.Option("--password", help="新密码；省略时交互输入", hide_input=True)
    ] = None,
    generate: Annotated[bool, typer.Option("--generate", help="生成随机密码并显示一次")] = False,
) -> None:
    """设置某台设备的注册密码（覆盖 JIXIAO_SIP_PASSWORD）。"""
    if generate:
        value = new_password()
    elif not clear and value is None:
        value = typer.prompt("新密码", hide_input=True, confirmation_prompt=True)
    if not set_password(open_services().store, device_id, None if clear else value):
        raise InputError([Problem("命令行", f"设备{device_id}不在设备清单中", None, "DEVICE_ID")])
    typer.echo(f"已{'删除' if clear else '设置'}设备{device_id}的注册密码。")
    if generate:
        typer.echo(f"新密码：{value}（只显示这一次，请配置到设备上）")


@sip_app.command("passwords")
def passwords(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="写出设备编码和新密码的 CSV 文件（不得已存在）")
    ],
    replace: Annotated[
        bool, typer.Option("--replace", help="已有单独密码的设备也换新密码")
    ] = False,
) -> None:
    """给每台自行注册的设备（不含 NVR 下的通道）生成单独的随机注册密码，写入 CSV 交给安装人员。"""
    if output.exists():
        raise InputError(
            [Problem(str(output), "文件已存在；为免覆盖已发出的密码，请换一个文件名", None, "-o")]
        )
    if not output.parent.is_dir():
        raise InputError([Problem(str(output), "所在目录不存在", None, "-o")])
    changed = generate_passwords(open_services().store, new_password, replace=replace)
    descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8-sig", newline="") as sink:
        writer = csv.writer(sink)
        writer.writerow(["设备编码", "注册密码"])
        writer.writerows(changed)
    typer.echo(
        f"已为{len(changed)}台设备生成单独的注册密码，写入 {output}（仅本人可读）；"
        "请配置到设备上后妥善保管或删除该文件。"
    )


def new_password(length: int = 16) -> str:
    """Letters and digits only: what every camera's web page accepts in its SIP password."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _address(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise InputError(
            [
                Problem(
                    "命令行",
                    f"平台地址“{text}”应写成 主机:端口，如 127.0.0.1:5060",
                    None,
                    "--platform",
                )
            ]
        )
    return host, int(port)


@simulate_app.command("devices")
def simulate_devices(
    count: Annotated[int, typer.Argument(help="设备台数", min=1, max=900_000)],
    platform: Annotated[
        str, typer.Option("--platform", help="平台地址 主机:端口")
    ] = "127.0.0.1:5060",
    channels: Annotated[
        int, typer.Option("--channels", help="每台设备的通道数", min=0, max=64)
    ] = 2,
    transport: Annotated[str, typer.Option("--transport", help="udp 或 tcp")] = "udp",
    interval: Annotated[float, typer.Option("--interval", help="心跳间隔（秒）", min=0.1)] = 60.0,
    duration: Annotated[float, typer.Option("--duration", help="运行时长（秒）", min=1)] = 60.0,
    drop: Annotated[
        float, typer.Option("--drop", help="中途掉线的设备比例（0–1）", min=0, max=1)
    ] = 0.0,
    drop_after: Annotated[
        float, typer.Option("--drop-after", help="开始后多少秒掉线", min=0)
    ] = 10.0,
    platform_id: Annotated[
        str | None, typer.Option("--platform-id", help="平台编码（默认 JIXIAO_SIP_ID）")
    ] = None,
    password: Annotated[
        str | None, typer.Option("--password", help="注册密码（默认 JIXIAO_SIP_PASSWORD）")
    ] = None,
    first: Annotated[int, typer.Option("--first", help="第一台设备的序号", min=0)] = 0,
    rate: Annotated[float, typer.Option("--rate", help="每秒注册台数", min=1)] = 2000.0,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON 统计")] = False,
) -> None:
    """模拟 N 台国标设备（NVR 带摄像机通道）：注册、保活、应答目录查询，可让一部分设备掉线。"""
    if transport not in ("udp", "tcp"):
        raise InputError(
            [Problem("命令行", f"传输方式“{transport}”应为 udp 或 tcp", None, "--transport")]
        )
    host, port = _address(platform)
    settings = load_settings()
    secret = (
        password
        if password is not None
        else (settings.sip_password.get_secret_value() if settings.sip_password else None)
    )
    config = FleetConfig(
        host,
        port,
        count,
        platform_id or settings.sip_id,
        channels,
        secret,
        transport,
        interval,
        first=first,
        register_rate=rate,
    )

    async def main() -> dict[str, object]:
        stop = asyncio.Event()
        _until_signalled(stop)
        fleet = Fleet(config)
        await fleet.start()
        started, dropped = time.monotonic(), 0
        try:
            while not stop.is_set() and time.monotonic() - started < duration:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 0.5)
                if drop and not dropped and time.monotonic() - started >= drop_after:
                    dropped = len(fleet.drop(drop))
                    if not as_json:
                        typer.echo(f"已让{dropped}台设备掉线。")
        finally:
            await fleet.stop()
        s = fleet.stats
        return {
            "devices": count,
            "registered": s.registered,
            "register_failures": s.register_failures,
            "keepalives": s.keepalives,
            "keepalive_ok": s.keepalive_ok,
            "keepalive_rejected": s.keepalive_rejected,
            "catalog_queries": s.catalogs,
            "dropped": dropped,
        }

    result = asyncio.run(main())
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    typer.echo(
        f"模拟{count}台设备：已注册{result['registered']}台，注册失败{result['register_failures']}次；"
        f"心跳{result['keepalives']}次，收到200 OK {result['keepalive_ok']}次，被拒{result['keepalive_rejected']}次；"
        f"应答目录查询{result['catalog_queries']}次；掉线{result['dropped']}台。"
    )
