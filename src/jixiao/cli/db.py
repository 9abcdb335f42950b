"""`jixiao db upgrade`: create or migrate the evidence store (every command also does it)."""

from __future__ import annotations

import typer

from jixiao.cli.app import app
from jixiao.cli.store import open_services

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
