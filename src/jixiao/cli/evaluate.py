"""`jixiao evaluate`: score project files and print the 自评表 or its JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from jixiao.adapters.reports.evaluation_json import evaluation_to_dict
from jixiao.cli.app import app, console
from jixiao.cli.render import render
from jixiao.cli.store import open_app


@app.command()
def evaluate(
    files: Annotated[
        list[Path], typer.Argument(help="项目文件（YAML），可给多个", metavar="FILE...")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="输出机器可读的 JSON")] = False,
) -> None:
    """按财预〔2020〕10号规则为项目打分，输出自评表（总分与等级）。"""
    application = open_app()
    evaluations = [application.evaluate_file(f) for f in files]
    if as_json:
        objects = [evaluation_to_dict(e) for e in evaluations]
        typer.echo(
            json.dumps(objects[0] if len(objects) == 1 else objects, ensure_ascii=False, indent=2)
        )
        return
    out = console()
    for i, evaluation in enumerate(evaluations):
        if len(files) > 1:
            out.rule(f"{files[i]}")
        render(evaluation, out)
