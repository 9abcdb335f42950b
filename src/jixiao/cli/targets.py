"""`jixiao targets check`: a target declaration (绩效目标申报) checked before the year starts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli.app import app
from jixiao.cli.check import emit_checked
from jixiao.cli.store import open_app
from jixiao.domain.errors import InputError, Problem

targets_app = typer.Typer(help="绩效目标申报", no_args_is_help=True)
app.add_typer(targets_app, name="targets")


@targets_app.command("report")
def report(
    file: Annotated[Path, typer.Argument(help="申报的项目文件（YAML）", metavar="FILE")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="docx、xlsx，可用逗号分隔")
    ] = "docx,xlsx",
    out: Annotated[Path, typer.Option("--output", "-o", help="输出目录")] = Path("."),
) -> None:
    """生成绩效目标申报表（Word、Excel），每个指标旁附检查意见。"""
    application = open_app()
    outputs = form_outputs(file, fmt, out, application.files.forms.formats, "申报表")
    for path in application.write_declaration(file, outputs):
        typer.echo(f"已生成 {path}")


def form_outputs(
    file: Path, fmt: str, out: Path, known: tuple[str, ...], suffix: str
) -> dict[str, Path]:
    """Where each asked format goes: OUT/<stem>-<suffix>.<format>; bad input named."""
    formats = [f.strip().lower() for f in fmt.split(",") if f.strip()]
    if not formats or any(f not in known for f in formats):
        raise InputError([Problem("--format", f"未知的格式“{fmt}”；可选：{'、'.join(known)}")])
    if out.exists() and not out.is_dir():
        raise InputError([Problem(str(out), "-o 应为目录")])
    return {f: out / f"{file.stem}-{suffix}.{f}" for f in formats}


@targets_app.command("check")
def check(
    files: Annotated[
        list[Path], typer.Argument(help="申报的项目文件（YAML），可给多个", metavar="FILE...")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="输出机器可读的 JSON")] = False,
) -> None:
    """检查绩效目标：可衡量、方向正确、指标归类恰当、不重复、有证据来源、权重合计100。"""
    files = list(dict.fromkeys(files))
    emit_checked(files, open_app().check_targets(files), as_json)
