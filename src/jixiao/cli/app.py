"""The `jixiao` Typer application and the options shared by every command."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

from jixiao import __version__

app = typer.Typer(
    name="jixiao",
    help="jixiao（绩效）：项目支出绩效自评——资金、指标、证据、自评表与自评报告。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def console() -> Console:
    """A terminal console; piped output gets a fixed width and no colour codes."""
    return Console() if sys.stdout.isatty() else Console(width=160, color_system=None)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"jixiao {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="显示版本号", callback=_show_version, is_eager=True)
    ] = False,
) -> None:
    """jixiao（绩效）：项目支出绩效自评。"""
