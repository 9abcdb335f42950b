"""`jixiao import`: an existing report -> a project file, each field commented with its source."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli.app import app
from jixiao.cli.store import open_app
from jixiao.domain.errors import InputError, Problem


@app.command(name="import")
def import_(
    report: Annotated[
        Path,
        typer.Argument(
            help="报告（.txt .docx .pdf .xlsx .xls .html .htm .doc .wps）", metavar="REPORT"
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="写出的项目文件（.yaml）；不给则输出到屏幕"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")] = False,
) -> None:
    """从已有的自评报告提取项目文件（尽力而为：读不出的留空并列出，绝不猜测）。"""
    application = open_app()
    if report.suffix.lower() in application.files.projects.suffixes:
        raise InputError(
            [
                Problem(
                    str(report),
                    "这已经是项目文件；请给出报告（.txt .docx .pdf .xlsx .xls .html .htm .doc .wps）",
                )
            ]
        )
    if out is not None:
        if out.suffix.lower() not in application.files.projects.suffixes:
            raise InputError([Problem(str(out), "输出文件扩展名应为 .yaml")])
        if out.exists() and not force:
            raise InputError([Problem(str(out), "文件已存在；如需覆盖请加 --force")])
    imported = application.import_report(report)
    if out is None:
        typer.echo(imported.text, nl=False)
    else:
        out.write_text(imported.text, encoding="utf-8")
        typer.echo(f"已写入 {out}", err=True)
    for item in imported.missing:
        typer.echo(f"未能读出：{item}", err=True)
    for item in imported.skipped:
        typer.echo(f"未导入：{item}", err=True)
