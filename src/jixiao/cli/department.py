"""`jixiao department evaluate|report`: the department's 整体 self-evaluation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jixiao.adapters.reports.evaluation_json import finding_to_dict
from jixiao.cli.app import app, console
from jixiao.cli.store import open_app
from jixiao.domain.department import DepartmentEvaluation, Spending, execution_text
from jixiao.domain.errors import InputError, Problem
from jixiao.domain.presentation import DASH, percent, score_text

department_app = typer.Typer(help="部门整体支出绩效自评", no_args_is_help=True)
app.add_typer(department_app, name="department")
FileArg = Annotated[Path, typer.Argument(help="部门文件（YAML）", metavar="FILE")]


@department_app.command("evaluate")
def evaluate(
    file: FileArg,
    as_json: Annotated[bool, typer.Option("--json", help="输出机器可读的 JSON")] = False,
) -> None:
    """汇总部门的基本支出与各项目：执行率、各项目得分（引用，不平均）、部门整体指标得分与问题。"""
    result = open_app().evaluate_department(file)
    if as_json:
        typer.echo(json.dumps(_json(result), ensure_ascii=False, indent=2))
        return
    _print(result)


@department_app.command("report")
def report(
    file: FileArg,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="md、docx、pdf，可用逗号分隔多个")
    ] = "docx",
    out: Annotated[Path, typer.Option("--output", "-o", help="输出目录")] = Path("."),
) -> None:
    """生成部门整体支出绩效自评报告（Markdown、Word、PDF）。"""
    application = open_app()
    known = application.files.departments.formats
    formats = [f.strip().lower() for f in fmt.split(",") if f.strip()]
    if not formats or any(f not in known for f in formats):
        raise InputError([Problem("--format", f"未知的格式“{fmt}”；可选：{'、'.join(known)}")])
    if out.exists() and not out.is_dir():
        raise InputError([Problem(str(out), "-o 应为目录")])
    result = application.evaluate_department(file)
    outputs = {f: out / f"{file.stem}.{f}" for f in formats}
    for path in application.write_department(result, outputs):
        typer.echo(f"已生成 {path}")


def _spending(s: Spending) -> dict[str, Any]:
    return {
        "budget": float(s.budget),
        "executed": None if s.executed is None else float(s.executed),
        "rate": None if s.rate is None else float(percent(s.rate) / 100),
    }


def _json(e: DepartmentEvaluation) -> dict[str, Any]:
    return {
        "department": {"name": e.department.name, "year": e.department.year},
        "basic": _spending(e.basic),
        "projects_spending": _spending(e.project_spending),
        "overall": _spending(e.overall),
        "projects": [
            {
                "name": p.project.name,
                "year": p.project.year,
                "total": float(p.total),
                "grade": p.grade,
            }
            for p in e.projects
        ],
        "indicators": [
            {
                "level1": s.indicator.level1,
                "level2": s.indicator.level2,
                "name": s.indicator.name,
                "points": float(s.indicator.points),
                "score": float(s.score),
            }
            for s in e.indicators
        ],
        "total": float(e.total),
        "grade": e.grade,
        "findings": [finding_to_dict(f) for f in e.findings],
    }


def _print(e: DepartmentEvaluation) -> None:
    out = console()
    out.print(f"[b]{e.department.name}{e.department.year}年度部门整体支出绩效自评[/b]")
    if e.department.basic_budget is None:
        out.print("基本支出：（未提供）")
    else:
        out.print(f"基本支出：{execution_text(e.basic)}")
    out.print(f"项目支出：{execution_text(e.project_spending)}")
    out.print(f"合计：{execution_text(e.overall)}")
    table = Table(title="项目自评得分（引用）")
    for name in ("项目", "年度", "得分", "等级"):
        table.add_column(name)
    for p in e.projects:
        table.add_row(p.project.name, str(p.project.year), score_text(p.total), p.grade)
    out.print(table)
    whole = Table(title="部门整体指标")
    for name in ("一级", "二级", "三级指标", "指标值", "实际完成值", "分值", "得分"):
        whole.add_column(name)
    for row in e.indicators:
        whole.add_row(
            row.indicator.level1,
            row.indicator.level2,
            row.indicator.name,
            DASH if row.indicator.target is None else str(row.indicator.target),
            DASH if row.indicator.actual is None else str(row.indicator.actual),
            score_text(row.indicator.points),
            score_text(row.score),
        )
    out.print(whole)
    out.print(f"部门整体得分 {score_text(e.total)}（{e.grade}）")
    for f in e.findings:
        out.print(f"  ▸ {f.location}：{f.message}")
