"""`jixiao report`: the 自评报告 (with its 自评表) as Word, Excel, PDF or Markdown."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jixiao.cli.app import app
from jixiao.cli.store import open_app
from jixiao.domain.errors import InputError, Problem
from jixiao.services.file_ports import ReportJob


@app.command()
def report(
    files: Annotated[
        list[Path], typer.Argument(help="项目文件（YAML），可给多个", metavar="FILE...")
    ],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="docx、xlsx、pdf 或 md")] = None,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="输出文件；多个项目或 --all 时为目录")
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="写出全部格式（docx、xlsx、pdf、md）")
    ] = False,
    template: Annotated[
        Path | None, typer.Option(help="自评报告措辞模板（Jinja2），默认用内置模板")
    ] = None,
    reference: Annotated[
        Path | None, typer.Option(help="Word 样式参考文档（.docx），默认用内置样式")
    ] = None,
) -> None:
    """生成自评报告与自评表（Word、Excel、PDF、Markdown）。"""
    application = open_app()
    known = application.files.reports.formats
    if fmt is None and not every and out is not None and out.suffix.lower()[1:] in known:
        fmt = out.suffix.lower()[1:]  # -o report.pdf says the format
    formats = _formats(fmt, every, known)
    for option, path in (("--template", template), ("--reference", reference)):
        if path is not None and not path.is_file():
            raise InputError([Problem(str(path), f"{option} 指定的文件不存在")])
    evaluations = [application.evaluate_file(f) for f in files]
    single = len(files) == 1 and len(formats) == 1
    if single and out is not None and out.suffix.lower() != f".{formats[0]}":
        raise InputError([Problem(str(out), f"输出文件扩展名应为 .{formats[0]}")])
    directory = Path(".") if out is None or single else out
    if not single and directory.exists() and not directory.is_dir():
        raise InputError([Problem(str(directory), "多个项目或 --all 时，-o 应为目录")])
    jobs = [
        ReportJob(
            e,
            {
                f: (out if single and out is not None else directory / f"{src.stem}.{f}")
                for f in formats
            },
        )
        for e, src in zip(evaluations, files, strict=True)
    ]
    total = sum(len(job.outputs) for job in jobs)
    stderr = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=total < 3 or not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task("生成报告", total=total)
        written = application.write_reports(
            jobs,
            template=template,
            reference=reference,
            advance=lambda name: progress.update(task, advance=1, description=f"已写 {name}"),
        )
    for path in written:
        typer.echo(f"已生成 {path}")


def _formats(fmt: str | None, every: bool, known: tuple[str, ...]) -> list[str]:
    if every:
        return list(known)
    if fmt is None:
        raise InputError(
            [
                Problem(
                    "--format",
                    f"请用 --format 指定格式（{'、'.join(known)}），或用 --all 写出全部格式，"
                    "或给出带扩展名的 -o 文件（如 -o 自评报告.pdf）",
                )
            ]
        )
    chosen = [f.strip().lower() for f in fmt.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in known]
    if unknown or not chosen:
        raise InputError([Problem("--format", f"未知的格式“{fmt}”；可选：{'、'.join(known)}")])
    return chosen
