"""`jixiao assess`: an O&M contract's monthly assessment (运维考核表), a month or a year."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jixiao.cli.app import app, console
from jixiao.cli.store import open_app, rate_number
from jixiao.domain.assessment import MonthAssessment, sum_months
from jixiao.domain.errors import InputError, Problem
from jixiao.domain.funds import Contract
from jixiao.domain.presentation import DASH, hours, rate_text, wan, yuan


@app.command()
def assess(
    file: Annotated[Path, typer.Argument(help="项目文件（YAML），合同中写有 assessment 考核规则")],
    contract: Annotated[str, typer.Option("--contract", help="合同名称")],
    month: Annotated[str | None, typer.Option("--month", help="考核月份，如 2024-03")] = None,
    year: Annotated[int | None, typer.Option("--year", help="考核年度：十二个月及全年合计")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="另存考核表为 Excel（含甲乙双方签字栏）")
    ] = None,
    docx: Annotated[
        Path | None, typer.Option("--docx", help="另存考核表为 Word（含甲乙双方签字栏）")
    ] = None,
) -> None:
    """运维考核表：原始与修正在线率、工单及时响应与修复、平均修复时长、各项扣款、当月应付。"""
    months = _months(month, year)
    application = open_app()
    project, found, assessed = application.assess(file, contract, months)
    for out, suffix in ((xlsx, ".xlsx"), (docx, ".docx")):
        if out is not None:
            written = application.write_assessment(
                project, found, assessed, out.with_suffix(suffix)
            )
            typer.echo(f"已写出考核表：{written}", err=as_json)
    if as_json:
        typer.echo(json.dumps(to_dict(found, assessed, year), ensure_ascii=False, indent=2))
        return
    _print(found, assessed, year)


def _months(month: str | None, year: int | None) -> list[dt.date]:
    if (month is None) == (year is None):
        raise InputError(
            [
                Problem(
                    "命令行",
                    "请给出 --month（如 2024-03）或 --year（如 2024）其中之一",
                    None,
                    "--month",
                )
            ]
        )
    if year is not None:
        return [dt.date(year, m, 1) for m in range(1, 13)]
    assert month is not None
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", month)
    if m is None or not 1 <= int(m[2]) <= 12:
        raise InputError(
            [Problem("命令行", f"无法识别的月份“{month}”；应为如 2024-03", None, "--month")]
        )
    return [dt.date(int(m[1]), int(m[2]), 1)]


def _money(value: Any) -> dict[str, Any] | None:
    return None if value is None else {"yuan": float(value), "wan": wan(value)}


def month_to_dict(m: MonthAssessment) -> dict[str, Any]:
    mttr = m.mttr_hours
    return {
        "month": m.month.strftime("%Y-%m"),
        "raw_online_rate": rate_number(m.raw_rate),
        "corrected_online_rate": rate_number(m.corrected_rate),
        "online_seconds": m.online_s,
        "expected_seconds": m.expected_s,
        "exempted_seconds": m.exempted_s,
        "tickets": m.tickets,
        "closed": m.closed,
        "responded_on_time": m.responded_on_time,
        "late_responses": m.late_responses,
        "repaired_on_time": m.repaired_on_time,
        "late_repairs": m.late_repairs,
        "mean_repair_hours": None if mttr is None else round(float(mttr), 4),
        "deductions": [
            {"rule": d.rule, "reason": d.reason, "amount": _money(d.amount)} for d in m.deductions
        ],
        "fee": _money(m.fee),
        "cap": _money(m.cap),
        "deduction": _money(m.deduction),
        "payable": _money(m.payable),
    }


def to_dict(contract: Contract, months: list[MonthAssessment], year: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {"contract": contract.name, "contractor": contract.contractor}
    rules = contract.assessment
    out["rules"] = {
        "group": rules.group if rules else None,
        "online_rate": rules.online.describe() if rules and rules.online else None,
        "repair": rules.repair.describe() if rules and rules.repair else None,
        "cap_percent": float(rules.cap) if rules and rules.cap is not None else None,
    }
    if year is None:
        return out | month_to_dict(months[0])
    totals = sum_months(months)
    return out | {
        "year": year,
        "months": [month_to_dict(m) for m in months],
        "tickets": totals.tickets,
        "late_repairs": totals.late_repairs,
        "fee": _money(totals.fee),
        "deduction": _money(totals.deduction),
        "payable": _money(totals.payable),
    }


def _print(contract: Contract, months: list[MonthAssessment], year: int | None) -> None:
    out = console()
    who = f"（承接单位：{contract.contractor}）" if contract.contractor else ""
    rules = contract.assessment
    out.print(f"合同“{contract.name}”{who}运维考核" + (f"：{year}年" if year else ""))
    if rules is not None:
        scope = f"分组“{rules.group}”" if rules.group else "全部设备"
        out.print(f"考核范围：{scope}")
        if rules.online:
            out.print(f"在线率：{rules.online.describe()}")
        if rules.repair:
            out.print(f"故障修复：{rules.repair.describe()}")
        if rules.cap is not None:
            out.print(f"扣款上限：当月费用的{rules.cap.normalize():f}%")
    table = Table(title="运维考核表")
    for name in (
        "月份",
        "原始在线率",
        "修正在线率",
        "免责小时",
        "工单",
        "及时响应",
        "及时修复",
        "超时修复",
        "平均修复小时",
        "当月费用(元)",
        "扣款(元)",
        "应付(元)",
    ):
        table.add_column(name, justify="right")
    for m in months:
        mttr = m.mttr_hours
        table.add_row(
            m.label,
            rate_text(m.raw_rate),
            rate_text(m.corrected_rate),
            hours(m.exempted_s),
            str(m.tickets),
            str(m.responded_on_time),
            str(m.repaired_on_time),
            str(m.late_repairs),
            DASH if mttr is None else f"{float(mttr):.1f}",
            yuan(m.fee),
            yuan(m.deduction),
            yuan(m.payable),
        )
    out.print(table)
    for m in months:
        for d in m.deductions:
            if d.amount:
                out.print(f"{m.label}：{d.reason}。规则：{d.rule}；扣{yuan(d.amount)}")
        if m.cap is not None and m.deduction < sum(d.amount for d in m.deductions):
            out.print(f"{m.label}：扣款合计超过上限，按上限{yuan(m.cap)}扣")
    if year is not None:
        totals = sum_months(months)
        out.print(
            f"全年：费用{yuan(totals.fee)}，扣款{yuan(totals.deduction)}，"
            f"应付{yuan(totals.payable)}；工单{totals.tickets}张，超时修复{totals.late_repairs}张"
        )
