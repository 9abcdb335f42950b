"""`jixiao project import|export|list`: project-years kept in the evidence store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli.app import app
from jixiao.cli.store import CLI_ACTOR, open_app
from jixiao.domain.errors import InputError, Problem

project_app = typer.Typer(help="项目（存入证据库的项目文件）", no_args_is_help=True)
app.add_typer(project_app, name="project")


@project_app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="项目文件（YAML）")]) -> None:
    """导入项目文件；同名同年度的项目被替换。"""
    project, _, replaced = open_app().import_project_file(file, actor=CLI_ACTOR)
    verb = "已替换" if replaced else "已导入"
    typer.echo(
        f"{verb}项目“{project.name}”（{project.year}年度），{len(project.indicators)}个指标。"
    )


@project_app.command("next")
def next_(
    file: Annotated[Path, typer.Argument(help="本年度的项目文件（YAML）")],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="写入的文件；不给则输出到屏幕")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")] = False,
) -> None:
    """从本年度项目文件生成下一年度的项目文件：指标、目标、证据绑定和多年合同延续，本年的实际值与支付不带入。"""
    application = open_app()
    if out is not None and out.exists() and not force:
        raise InputError([Problem(str(out), "文件已存在；如需覆盖请加 --force")])
    project, text = application.next_year(file)
    if out is None:
        typer.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    typer.echo(
        f"已生成“{project.name}”{project.year}年度项目文件 {out}："
        f"{len(project.indicators)}个指标、{len(project.funds.contracts)}个合同；"
        "请填写本年度预算与资金下达。"
    )


@project_app.command("export")
def export(
    name: Annotated[str, typer.Argument(help="项目名称")],
    year: Annotated[int | None, typer.Option("--year", help="年度（同名多个年度时必填）")] = None,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="写入的文件；不给则输出到屏幕")
    ] = None,
) -> None:
    """把证据库中的项目导出为项目文件（与导入的格式相同）。"""
    application = open_app()
    found = application.find_projects(name, year)
    known = application.project_names()
    if not found:
        listed = "；".join(f"{n}（{y}）" for n, y in known) or "（证据库中还没有项目）"
        raise InputError(
            [
                Problem(
                    "命令行",
                    f"没有项目“{name}”{f'（{year}年度）' if year else ''}；已有：{listed}",
                    None,
                    "NAME",
                )
            ]
        )
    if len(found) > 1:
        years = "、".join(str(p.year) for p in found)
        raise InputError(
            [
                Problem(
                    "命令行", f"项目“{name}”有多个年度（{years}），请用 --year 指定", None, "--year"
                )
            ]
        )
    text = application.files.projects.dump(found[0])
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"已写入 {out}")


@project_app.command("list")
def list_() -> None:
    """列出证据库中的项目。"""
    names = open_app().project_names()
    for name, year in names:
        typer.echo(f"{year}\t{name}")
    if not names:
        typer.echo("证据库中还没有项目；用 jixiao project import FILE.yaml 导入。")
