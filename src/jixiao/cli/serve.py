"""`jixiao serve`: the web app, and with --sip the GB/T 28181 access server, on one store."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import TYPE_CHECKING, Annotated

import typer

from jixiao.cli.app import app
from jixiao.cli.listening import bind_web, check_sip_port, reason
from jixiao.config import Settings, load_settings, variable_problem
from jixiao.domain.errors import InputError
from jixiao.services.application import Application
from jixiao.services.ports import Store

if TYPE_CHECKING:
    import uvicorn


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="监听地址；局域网访问用 0.0.0.0")
    ] = "127.0.0.1",
    port: Annotated[
        int | None,
        typer.Option("--port", help="端口；不给则用 JIXIAO_PORT，默认 8000", min=1, max=65535),
    ] = None,
    sip: Annotated[
        bool | None,
        typer.Option(
            "--sip/--no-sip",
            help="GB/T 28181 接入服务（SIP，JIXIAO_SIP_HOST:JIXIAO_SIP_PORT）；"
            "默认启动，端口被占用时只提示；--sip：必须启动；--no-sip：不启动",
            show_default=False,
        ),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="打开演示数据库（数据目录下 demo/，首次启动时载入示例，页面标有“演示数据”），"
            "与真实数据分开",
        ),
    ] = False,
    demo_if_empty: Annotated[
        bool,
        typer.Option(
            "--demo-if-empty",
            help="真实数据库为空（没有项目、没有设备）时打开演示数据库（make run 用）",
        ),
    ] = False,
) -> None:
    """启动网页端（中文界面与 /api）；首次启动时创建管理员；--demo：演示数据库（载入示例）。"""
    # Imported here: the other commands should not pay for loading the web stack.
    import uvicorn

    from jixiao.web.app import create_app
    from jixiao.web.jobs import SHUTDOWN_WAIT_S

    settings = load_settings()
    real = settings.url
    port = settings.port if port is None else port
    # The ports first: nothing (store, first administrator, one-time password) is created
    # for a server that cannot start.
    listeners = bind_web(host, port)
    try:
        if sip:
            check_sip_port(settings)
        empty = not settings.demo and not demo and _real_store_empty(settings)
        if demo or (demo_if_empty and empty):
            settings = settings.as_demo()
        web = create_app(settings)
    except BaseException:
        for listener in listeners:
            listener.close()
        raise
    first = web.state.context.first_start
    if first.one_time_password:
        # Printed once, to this terminal only (never logged): the admin must change it.
        typer.echo(
            f"已创建管理员 admin，一次性密码：{first.one_time_password}\n"
            "（首次登录后须修改；也可用环境变量 JIXIAO_ADMIN_PASSWORD 预先指定）"
        )
    if first.loaded:
        typer.echo(f"已载入示例：{'、'.join(first.loaded)}")
    if settings.demo:
        typer.echo(
            f"演示数据库：{settings.url.removeprefix('sqlite:///')}（示例数据，页面标有“演示数据”）"
            + (f"；真实数据库 {_shown_url(real)} 为空" if empty else "")
            + "\n使用真实数据：jixiao serve（不加 --demo），再导入项目文件与点位表"
            "（网页“项目”“设备”页，或 jixiao project import、jixiao devices import）"
        )
    elif empty:
        typer.echo(
            "数据库为空：请导入项目文件与点位表（网页“项目”“设备”页）；"
            "先看示例：jixiao serve --demo（演示数据库，与真实数据分开）"
        )
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    typer.echo(f"网页端：http://{shown}:{port}/   接口文档：http://{shown}:{port}/api/openapi.json")
    # SIGTERM: open connections get SHUTDOWN_WAIT_S to finish, then running jobs as long.
    config = uvicorn.Config(
        web,
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        timeout_graceful_shutdown=int(SHUTDOWN_WAIT_S),
    )
    server = uvicorn.Server(config)
    store = web.state.context.services.store
    asyncio.run(
        _serve_keeping_tickets(server, listeners, settings, store, sip, web.state.context.app)
    )


def _real_store_empty(settings: Settings) -> bool:
    """No project and no device in the store `settings` name (opened, created if new)."""
    from jixiao import bootstrap
    from jixiao.web.startup import is_empty

    return is_empty(bootstrap.application(settings))


def _shown_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return (
        url.removeprefix("sqlite:///")
        if url.startswith("sqlite")
        else make_url(url).render_as_string(hide_password=True)
    )


SYNC_EVERY_S = 60
SYNC_ACTOR = "工单同步"  # who the audit log names for tickets opened while serving


async def keep_tickets(
    application: Application, minutes: int, every_s: float = SYNC_EVERY_S
) -> None:
    """Tickets kept in step with the status history while serving: a full sync at start, then
    every `every_s` the devices changed since or offline (services.tickets.sync_tickets)."""
    since: int | None = None
    while True:
        started = application.now()
        try:
            await asyncio.to_thread(
                application.sync_tickets, threshold_minutes=minutes, actor=SYNC_ACTOR, since=since
            )
            since = started
        except Exception as error:  # a failed round is retried whole; serving goes on
            typer.echo(f"提示：工单同步失败（{error}），稍后重试", err=True)
        await asyncio.sleep(every_s)


PROBE_CHECK_S = 60


async def probe_while_serving(
    application: Application,
    settings: Settings,
    stop: asyncio.Event,
    check_s: float = PROBE_CHECK_S,
    spread_s: float | None = None,
) -> None:
    """Active probes beside the web app (adapters/probes/rounds.keep_probing), off while no
    device has a probe: the store is asked every `check_s` until one does."""
    from jixiao.adapters.probes.rounds import keep_probing

    while not stop.is_set():
        try:
            wanted = await asyncio.to_thread(application.has_probes)
        except Exception as error:  # the store failed: asked again later
            typer.echo(f"提示：读取探测设置失败（{error}），稍后重试", err=True)
            wanted = False
        if wanted:
            typer.echo("主动探测：已启动")
            await keep_probing(
                application,
                stop,
                concurrency=settings.probe_concurrency,
                on_change=lambda line: typer.echo(f"探测：{line}"),
                spread_s=spread_s,
            )
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=check_s)


async def _serve_keeping_tickets(
    server: uvicorn.Server,
    listeners: list[socket.socket],
    settings: Settings,
    store: Store,
    sip: bool | None,
    application: Application,
) -> None:
    keeper = asyncio.create_task(keep_tickets(application, settings.ticket_threshold_minutes))
    stop_probing = asyncio.Event()
    prober = asyncio.create_task(probe_while_serving(application, settings, stop_probing))
    try:
        await _serve(server, listeners, settings, store, sip, application)
    finally:
        keeper.cancel()
        stop_probing.set()
        try:
            await asyncio.wait_for(prober, timeout=5)
        except (TimeoutError, asyncio.CancelledError):
            prober.cancel()
        except Exception as error:  # probing failed on its own: serving has ended anyway
            typer.echo(f"提示：主动探测已停止（{error}）", err=True)


async def _serve(
    server: uvicorn.Server,
    listeners: list[socket.socket],
    settings: Settings,
    store: Store,
    sip: bool | None,
    application: Application | None = None,
) -> None:
    """uvicorn, and the GB/T 28181 server in the same loop. The web app is the bureau's daily
    tool: when SIP cannot start by default it is reported and the web app goes on; asked for
    explicitly (--sip), a SIP failure ends both."""
    if sip is False:
        await server.serve(sockets=listeners)
        return
    from jixiao.adapters.gb28181.inspection import keep_scanning
    from jixiao.adapters.gb28181.server import SipServer, run_sip_server

    stop = asyncio.Event()
    scanning: list[asyncio.Task[None]] = []

    def ready(sip_server: SipServer) -> None:
        typer.echo(f"GB/T 28181 接入服务：{sip_server.host}:{sip_server.port}（UDP/TCP）")
        if application is not None:  # the nightly 录像巡检 and `jixiao recordings scan`
            task = keep_scanning(sip_server, application, settings, stop)
            scanning.append(asyncio.create_task(task))

    web = asyncio.create_task(server.serve(sockets=listeners))
    access = asyncio.create_task(run_sip_server(settings, store, stop, ready=ready))
    await asyncio.wait({web, access}, return_when=asyncio.FIRST_COMPLETED)
    failure = access.exception() if access.done() else None
    where = f"{settings.sip_host}:{settings.sip_port}"
    why = reason(failure) if isinstance(failure, OSError) else failure
    if failure is not None and sip is None and not web.done():
        typer.echo(f"提示：GB/T 28181 接入服务未能启动（{where}：{why}）；网页端照常运行", err=True)
        await web
        return
    server.should_exit = True  # either ended: the other follows
    stop.set()
    await asyncio.gather(web, access, *scanning, return_exceptions=True)
    if failure is not None:
        raise InputError(
            [
                variable_problem(
                    "JIXIAO_SIP_HOST/JIXIAO_SIP_PORT",
                    f"GB/T 28181 接入服务无法在 {where} 上运行：{why}",
                )
            ]
        ) from failure
