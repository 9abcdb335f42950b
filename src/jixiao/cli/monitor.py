"""`jixiao monitor`: mid-year monitoring (绩效运行监控) of a project file at a date."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jixiao.cli.app import app, console
from jixiao.cli.store import day, open_app
from jixiao.cli.targets import form_outputs
from jixiao.domain.errors import InputError, Problem
from jixiao.domain.midyear import DEFAULT_THRESHOLDS, Monitoring, parse_thresholds
from jixiao.domain.presentation import DASH, money, percent, rate_text

DEFAULT_TEXT = ",".join(f"{m}:{(s * 100).normalize():f}" for m, s in DEFAULT_THRESHOLDS)


@app.command()
def monitor(
    file: Annotated[Path, typer.Argument(help="项目文件（YAML）", metavar="FILE")],
    as_of: Annotated[str, typer.Option("--as-of", help="监控截止日，如 2022-07-31")],
    thresholds: Annotated[
        str,
        typer.Option(
            help="执行进度要求（月:百分比，逗号分隔），默认四月底25%、六月底40%、八月底60%、十月底80%"
        ),
    ] = DEFAULT_TEXT,
    as_json: Annotated[bool, typer.Option("--json", help="输出机器可读的 JSON")] = False,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="另存监控表：docx、xlsx，可用逗号分隔")
    ] = None,
    out: Annotated[Path, typer.Option("--output", "-o", help="监控表的输出目录")] = Path("."),
    last_year: Annotated[
        Path | None,
        typer.Option("--last-year", help="上一年度的项目文件：另按上年同期支付进度预测全年执行"),
    ] = None,
) -> None:
    """绩效运行监控（双监控）：截至某日的预算执行进度、各指标完成进度与全年预测、预警。"""
    date = day("--as-of", as_of)
    try:
        table = parse_thresholds(thresholds)
    except ValueError as error:
        raise InputError(
            [
                Problem(
                    "命令行",
                    f"无法识别的执行进度要求“{thresholds}”；应为如 {DEFAULT_TEXT}",
                    None,
                    "--thresholds",
                )
            ]
        ) from error
    application = open_app()
    outputs = None
    if fmt is not None:
        outputs = form_outputs(file, fmt, out, application.files.forms.formats, "监控表")
    result = application.monitor(file, date, table, last_year)
    if outputs is not None:
        for path in application.write_monitoring(result, outputs):
            typer.echo(f"已生成 {path}", err=True)
    if as_json:
        typer.echo(json.dumps(_json(result), ensure_ascii=False, indent=2))
        return
    _print(result)


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _json(m: Monitoring) -> dict[str, Any]:
    e = m.execution
    return {
        "project": m.project.name,
        "year": m.project.year,
        "as_of": m.as_of.isoformat(),
        "elapsed": _num(m.elapsed.quantize(Decimal("0.0001"))),
        "budget": _num(e.budget),
        "executed": _num(e.executed),
        "execution_rate": None if e.rate is None else float(percent(e.rate) / 100),
        "execution_forecast": _num(e.forecast),
        "execution_forecast_profile": _num(e.profile_forecast),
        "profile_basis": e.profile_basis or None,
        "checkpoint": None
        if e.checkpoint is None
        else {"month": e.checkpoint.month, "share": _num(e.checkpoint.share)},
        "uncertain_payments": [{"date": p.on.raw, "amount": _num(p.amount)} for p in e.uncertain],
        "indicators": [
            {
                "level1": r.indicator.level1,
                "level2": r.indicator.level2,
                "name": r.indicator.name,
                "target": None if r.indicator.target is None else str(r.indicator.target),
                "progress": None if r.progress is None else str(r.progress),
                "completion": None if r.completion is None else float(percent(r.completion) / 100),
                "forecast": None if r.forecast is None else str(r.forecast),
                "method": r.method,
                "likelihood": r.likelihood,
                "source": r.source,
                "evidence": getattr(r.progress, "evidence", None),
            }
            for r in m.indicators
        ],
        "warnings": list(m.warnings),
    }


def _print(m: Monitoring) -> None:
    out, e = console(), m.execution
    out.print(
        f"[b]{m.project.name}（{m.project.year}年度）绩效运行监控[/b]　截至{m.as_of.isoformat()}，"
        f"全年已过{rate_text(m.elapsed)}"
    )
    out.print(
        f"预算执行：全年预算{money(e.budget)}，已支付{money(e.executed)}，执行率{rate_text(e.rate)}；"
        f"按直线外推全年约{DASH if e.forecast is None else money(e.forecast)}"
        + (f"；进度要求 {e.checkpoint.text}" if e.checkpoint else "")
    )
    if e.profile_basis:
        forecast = "" if e.profile_forecast is None else f"，全年约{money(e.profile_forecast)}"
        out.print(f"{e.profile_basis}{forecast}")
    table = Table(title="指标完成进度")
    for name in (
        "一级",
        "二级",
        "三级指标",
        "年度指标值",
        "截至目前",
        "完成进度",
        "全年预测",
        "预测方法",
        "完成可能性",
        "来源",
    ):
        table.add_column(name)
    for r in m.indicators:
        table.add_row(
            r.indicator.level1,
            r.indicator.level2,
            r.indicator.name,
            DASH if r.indicator.target is None else str(r.indicator.target),
            DASH if r.progress is None else str(r.progress),
            rate_text(r.completion),
            DASH if r.forecast is None else str(r.forecast),
            r.method,
            r.likelihood,
            r.source,
        )
    out.print(table)
    if m.warnings:
        out.print("[b]预警[/b]")
        for w in m.warnings:
            out.print(f"  ▸ {w}")
    else:
        out.print("无预警。")
