"""`jixiao check`: find what is wrong in reports (.txt .docx .pdf .xlsx .xls .html .htm .doc .wps) and project files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from jixiao.adapters.reports.evaluation_json import finding_to_dict
from jixiao.cli.app import app
from jixiao.cli.store import open_app
from jixiao.domain.errors import InputError, Problem
from jixiao.domain.findings import Finding, Severity
from jixiao.domain.presentation import score_prose
from jixiao.domain.review import ProjectReview, ReviewLine
from jixiao.services.checking import CheckedFile, ReviewedFile

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
    review: Annotated[
        bool,
        typer.Option(
            "--review", help="按财政复核口径重新计分，列出单位自评总分、复核总分和每项扣分"
        ),
    ] = False,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="另将检查结果导出为 Excel（.xlsx）")
    ] = None,
    docx: Annotated[
        Path | None,
        typer.Option(
            "--docx", help="另将检查结果导出为 Word 审核意见（.docx，按错误、警告、提示排列）"
        ),
    ] = None,
) -> None:
    """检查自评报告或项目文件：日期、金额、比率、指标、套话与复制等问题。"""
    files = list(dict.fromkeys(files))  # a file given twice is checked once, not against itself
    if review:
        emit_reviewed(files, open_app().review_files(files), as_json)
        return
    application = open_app()
    results = application.check_files(files)
    outputs = {fmt: path for fmt, path in (("xlsx", xlsx), ("docx", docx)) if path is not None}
    for fmt, path in outputs.items():
        if path.suffix.lower() != f".{fmt}":
            raise InputError(
                [Problem("命令行", f"--{fmt} 的文件名应以 .{fmt} 结尾", None, f"--{fmt}")]
            )
    written = application.export_findings(results, outputs) if outputs else []
    emit_checked(files, results, as_json)
    for path in written:
        typer.echo(f"已导出检查结果：{path}", err=as_json)


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


def _score(value: Decimal | None) -> str:
    return "未写" if value is None else score_prose(value)


def _score_json(value: Decimal | None) -> str | None:
    return None if value is None else score_prose(value)


def review_to_dict(path: Path, review: ProjectReview) -> dict[str, Any]:
    return {
        "file": str(path),
        "project": review.project,
        "unit_total": _score_json(review.unit_total),
        "review_total": _score_json(review.review_total),
        "notes": list(review.notes),
        "lines": [
            {
                "indicator": line.indicator,
                "level1": line.level1,
                "points": _score_json(line.points),
                "unit_score": _score_json(line.unit_score),
                "review_score": _score_json(line.review_score),
                "changed": line.changed,
                "reason": line.reason,
                "rule": line.rule,
                "location": line.location,
            }
            for line in review.lines
        ],
    }


def emit_reviewed(files: list[Path], results: list[ReviewedFile], as_json: bool) -> None:
    """Print each report's 复核 (or the JSON object), then refuse unreadable files (exit 2)."""
    read = [(p, r.review) for p, r in zip(files, results, strict=True) if r.review is not None]
    if as_json:
        out = [review_to_dict(path, review) for path, review in read]
        typer.echo(json.dumps({"files": out}, ensure_ascii=False, indent=2))
    else:
        for path, review in read:
            print_review(path, review)
    problems = [p for r in results for p in r.problems]
    if problems:
        raise InputError(problems)


def print_review(path: Path, review: ProjectReview) -> None:
    typer.echo(f"{path}：{review.project}")
    typer.echo(
        f"  单位自评总分：{_score(review.unit_total)}　复核总分：{_score(review.review_total)}"
    )
    for note in review.notes:
        typer.echo(f"  说明：{note}")
    changed = review.deductions
    if not changed:
        typer.echo("  复核未调整任何得分。\n" if review.lines else "")
        return
    typer.echo(f"  调整{len(changed)}项：")
    for line in changed:
        typer.echo(f"  · {_line(line)}")
    typer.echo("")


def _line(line: ReviewLine) -> str:
    said = f"{line.indicator}（{line.level1}，分值{score_prose(line.points)}）：自评{_score(line.unit_score)}→复核{score_prose(line.review_score)}"
    reason = f"；{line.reason}" if line.reason else ""
    return f"{said}{reason}；依据：{line.rule}　{line.location}"
