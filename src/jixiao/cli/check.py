"""`jixiao check`: find what is wrong in reports (.txt .docx .pdf .xlsx .xls .html .htm .doc .wps) and project files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from jixiao.adapters.reports.evaluation_json import finding_to_dict
from jixiao.cli.app import app
from jixiao.cli.store import open_app
from jixiao.domain.errors import InputError
from jixiao.domain.findings import Finding, Severity
from jixiao.services.checking import CheckedFile

LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@app.command()
def check(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="报告（.txt .docx .pdf .xlsx .xls .html .htm .doc .wps）或项目文件（.yaml），可给多个",
            metavar="FILE...",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="输出机器可读的 JSON")] = False,
) -> None:
    """检查自评报告或项目文件：日期、金额、比率、指标、套话与复制等问题。"""
    files = list(dict.fromkeys(files))  # a file given twice is checked once, not against itself
    emit_checked(files, open_app().check_files(files), as_json)


def emit_checked(files: list[Path], results: list[CheckedFile], as_json: bool) -> None:
    """Print each readable file's findings (or the `check --json` object), then refuse the
    unreadable ones all at once (exit 2)."""
    read = [(path, r) for path, r in zip(files, results, strict=True) if not r.problems]
    if as_json:
        files_out = [
            {"file": str(path), "findings": [finding_to_dict(f) for f in r.findings]}
            for path, r in read
        ]
        typer.echo(json.dumps({"files": files_out}, ensure_ascii=False, indent=2))
    else:
        for path, r in read:
            print_findings(path, r.findings)
    problems = [p for r in results for p in r.problems]
    if problems:
        raise InputError(problems)


def print_findings(path: Path, findings: list[Finding]) -> None:
    if not findings:
        typer.echo(f"{path}：未发现问题。\n")
        return
    counts = "，".join(
        f"{LABELS[s]}{n}" for s in Severity if (n := sum(1 for f in findings if f.severity is s))
    )
    typer.echo(f"{path}：发现{len(findings)}个问题（{counts}）")
    for f in findings:
        typer.echo(f"  [{LABELS[f.severity]}] {f.rule}　{f.location}")
        typer.echo(f"      {f.message}")
        for quote in f.evidence[:8]:
            typer.echo(f"      ▸ {quote}")
        if len(f.evidence) > 8:
            typer.echo(f"      ▸ ……另有{len(f.evidence) - 8}处")
    typer.echo("")
