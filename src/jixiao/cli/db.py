"""`jixiao db upgrade`: create or migrate the evidence store (every command also does it);
`jixiao db rebuild-rollups`: rebuild (or `--check`) the online rate's daily rollup;
`jixiao db check`: the store's integrity and its rollup; `jixiao db backup FILE`: a copy."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from jixiao.adapters.db.maintenance import backup as backup_store
from jixiao.adapters.db.maintenance import integrity_problems
from jixiao.cli.app import app
from jixiao.cli.store import open_services
from jixiao.domain.errors import InputError, Problem
from jixiao.services.rollup import check_rollup, rebuild_rollup

db_app = typer.Typer(help="证据库（数据库）维护", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade() -> None:
    """创建证据库或升级到最新结构（JIXIAO_DATABASE_URL，默认 JIXIAO_DATA_DIR 下的 SQLite）。"""
    services = open_services()
    before, after = services.revision
    where = services.store.describe()
    if before == after:
        typer.echo(f"证据库 {where} 已是最新结构（版本 {after}）。")
    else:
        typer.echo(f"证据库 {where} 已从{before or '空库'}升级到版本 {after}。")
    with services.store.read() as repos:
        built = repos.rollup.zone()
    if built != services.settings.zone.key:
        typer.echo(
            f"注意：在线率日汇总按时区 {built} 建立，与当前时区 {services.settings.zone.key} "
            "不符，在线率将逐条计算；请运行 jixiao db rebuild-rollups。"
        )


@db_app.command("rebuild-rollups")
def rebuild_rollups(
    check: Annotated[
        bool, typer.Option("--check", help="只核对日汇总与状态记录是否一致，不重建")
    ] = False,
) -> None:
    """重建在线率日汇总（按 JIXIAO_TIMEZONE 的自然日）：批量写入状态记录或更改时区之后运行。"""
    services = open_services()
    zone = services.settings.zone
    if check:
        problems = check_rollup(services.store, zone)
        if problems:
            for line in problems[:20]:
                typer.echo(line)
            typer.echo(
                f"日汇总与状态记录不一致（{len(problems)}处）；请运行 jixiao db rebuild-rollups。"
            )
            sys.exit(1)  # (a typer.Exit is swallowed by main's standalone_mode=False)
        typer.echo(f"日汇总与状态记录一致（时区 {zone.key}）。")
        return
    done = rebuild_rollup(services.store, zone)
    typer.echo(
        f"已重建在线率日汇总：{done.cohorts}个设备类，{done.rows}行，"
        f"时区 {done.zone}，用时{done.seconds:.1f}秒。"
    )


@db_app.command("check")
def check() -> None:
    """检查证据库：数据库文件是否完好（SQLite 逐页检查），在线率日汇总是否与状态记录一致。"""
    services = open_services()
    where = services.store.describe()
    damaged = integrity_problems(services.store.engine)
    if damaged:
        for line in damaged[:20]:
            typer.echo(line)
        typer.echo(
            f"证据库 {where} 已损坏（{len(damaged)}处）；请停止 jixiao serve，"
            "从 jixiao db backup 生成的备份恢复。"
        )
        sys.exit(1)
    typer.echo(f"证据库 {where} 完好。")
    zone = services.settings.zone
    problems = check_rollup(services.store, zone)
    if problems:
        for line in problems[:20]:
            typer.echo(line)
        typer.echo(
            f"日汇总与状态记录不一致（{len(problems)}处）；请运行 jixiao db rebuild-rollups。"
        )
        sys.exit(1)
    typer.echo(f"日汇总与状态记录一致（时区 {zone.key}）。")


@db_app.command("backup")
def backup(
    target: Annotated[Path, typer.Argument(help="备份文件（不能已存在）")],
) -> None:
    """备份证据库到 FILE，运行中也可以（SQLite 在线备份；PostgreSQL 用 pg_dump）。"""
    if target.exists():
        raise InputError([Problem(str(target), "文件已存在；请换一个文件名，以免覆盖")])
    if not target.parent.is_dir():
        raise InputError([Problem(str(target), "所在目录不存在")])
    services = open_services()
    how = backup_store(services.store.engine, target)
    typer.echo(f"已备份证据库 {services.store.describe()} 到 {target}（{how}）。")
