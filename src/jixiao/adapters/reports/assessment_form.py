"""The monthly 运维考核表 as Word: the same content as the Excel one (assessment_xlsx.py) laid
on the nine columns of the 自评表's grid, so the Word writer that prints the 自评表, the 申报表
and the 监控表 prints it too (docx_writer.write_grid_docx: the reference document's styles).

Rows: the project, contract, contractor and the rules; one row per month (or the year's
twelve and their total) with the rates, the tickets, the fee, the deduction, the payable
amount and each deduction's reason; then signature cells for 甲方 and 乙方.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.adapters.reports.assessment_xlsx import rule_lines
from jixiao.adapters.reports.docx_writer import write_grid_docx
from jixiao.adapters.reports.grid import Cell, Grid, Kind
from jixiao.domain.assessment import MonthAssessment, sum_months
from jixiao.domain.funds import Contract
from jixiao.domain.presentation import DASH, hours, number, rate_text

HEADER = (
    "月份",
    "原始在线率",
    "修正在线率",
    "工单及修复",
    "免责小时",
    "当月费用（元）",
    "扣款（元）",
    "应付（元）",
    "扣款依据",
)
# Relative widths (characters): a fee such as 3890890.75 or a rate such as 99.52% stays on one
# line; the tickets and the deduction's reasons take the room left, across an A4 page.
WIDTHS = (11, 8, 8, 26, 7, 12, 9, 12, 28)
SIGNATURES = ("甲方（采购人）签字（盖章）：", "乙方（承接单位）签字（盖章）：")
DATE_LINE = "日期：　　年　　月　　日"


def period_label(months: list[MonthAssessment]) -> str:
    return months[0].label if len(months) == 1 else f"{months[0].label}至{months[-1].label}"


def assessment_grid(project: str, contract: Contract, months: list[MonthAssessment]) -> Grid:
    cells: list[Cell] = []
    row = 0

    def line(label: str, text: str) -> None:
        nonlocal row
        cells.append(Cell(row, 0, label, Kind.LABEL))
        cells.append(Cell(row, 1, text, Kind.TEXT, colspan=8))
        row += 1

    line("项目名称", project)
    line("合同名称", contract.name)
    line("承接单位（乙方）", contract.contractor or DASH)
    line("考核规则", "\n".join(rule_lines(contract)) or DASH)
    for col, text in enumerate(HEADER):
        cells.append(Cell(row, col, text, Kind.LABEL))
    row += 1
    for m in months:
        tickets = f"{m.tickets}张"
        if m.tickets:
            mttr = DASH if m.mttr_hours is None else f"{float(m.mttr_hours):.1f}小时"
            tickets += (
                f"，及时响应{m.responded_on_time}、及时修复{m.repaired_on_time}、"
                f"超时修复{m.late_repairs}；平均修复{mttr}"
            )
        reasons = [f"{d.reason}，扣{number(d.amount)}元" for d in m.deductions if d.amount]
        values = (
            (m.label, Kind.LABEL),
            (rate_text(m.raw_rate), Kind.NUMBER),
            (rate_text(m.corrected_rate), Kind.NUMBER),
            (tickets, Kind.TEXT),
            (hours(m.exempted_s), Kind.NUMBER),
            (number(m.fee), Kind.NUMBER),
            (number(m.deduction), Kind.NUMBER),
            (number(m.payable), Kind.NUMBER),
            ("；".join(reasons) or "未扣款", Kind.TEXT),
        )
        cells.extend(Cell(row, col, text, kind) for col, (text, kind) in enumerate(values))
        row += 1
    if len(months) > 1:
        t = sum_months(months)
        totals = (
            ("合计", Kind.TOTAL),
            ("", Kind.NUMBER),
            ("", Kind.NUMBER),
            (f"{t.tickets}张，超时修复{t.late_repairs}", Kind.TEXT),
            ("", Kind.NUMBER),
            (number(t.fee), Kind.TOTAL),
            (number(t.deduction), Kind.TOTAL),
            (number(t.payable), Kind.TOTAL),
            ("", Kind.TEXT),
        )
        cells.extend(Cell(row, col, text, kind) for col, (text, kind) in enumerate(totals))
        row += 1
    cells.append(Cell(row, 0, f"{SIGNATURES[0]}\n\n{DATE_LINE}", Kind.TEXT, colspan=4))
    cells.append(Cell(row, 4, f"{SIGNATURES[1]}\n\n{DATE_LINE}", Kind.TEXT, colspan=5))
    row += 1
    subtitle = f"（考核期：{period_label(months)}）"
    return Grid("运维考核表", subtitle, row, tuple(cells), WIDTHS, landscape=True)


def write_assessment_docx(
    project: str, contract: Contract, months: list[MonthAssessment], out: Path
) -> None:
    write_grid_docx(assessment_grid(project, contract, months), out)
