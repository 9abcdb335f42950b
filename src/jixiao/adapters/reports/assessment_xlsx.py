"""The monthly 运维考核表 as Excel: one row per month (or the year's twelve and their
total), each deduction with the rule it applies, and signature lines for 甲方 and 乙方."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter

from jixiao.domain.assessment import MonthAssessment, sum_months
from jixiao.domain.funds import Contract
from jixiao.domain.presentation import DASH, hours, rate_text

FONT = "仿宋_GB2312"
HEADERS = (
    "月份",
    "原始在线率",
    "修正在线率",
    "免责小时",
    "工单数",
    "及时响应",
    "及时修复",
    "超时修复",
    "平均修复小时",
    "当月费用（元）",
    "扣款（元）",
    "应付（元）",
)
WIDTHS = (11, 10, 10, 9, 7, 8, 8, 8, 10, 14, 12, 14)


def write_assessment_xlsx(
    project: str, contract: Contract, months: list[MonthAssessment], out: Path
) -> None:
    workbook = xlsxwriter.Workbook(str(out))
    try:
        sheet = workbook.add_worksheet("运维考核表")
        base: dict[str, Any] = {
            "font_name": FONT,
            "font_size": 10.5,
            "border": 1,
            "text_wrap": True,
            "valign": "vcenter",
            "align": "center",
        }
        cell = workbook.add_format(base)
        money = workbook.add_format({**base, "num_format": "#,##0.00"})
        label = workbook.add_format({**base, "bold": True})
        left = workbook.add_format({**base, "align": "left"})
        plain = workbook.add_format({"font_name": FONT, "font_size": 11})
        title = workbook.add_format(
            {"font_name": "方正小标宋简体", "font_size": 18, "align": "center"}
        )
        last = len(HEADERS) - 1
        period = months[0].label if len(months) == 1 else f"{months[0].label}至{months[-1].label}"
        sheet.merge_range(0, 0, 0, last, "运维考核表", title)
        sheet.merge_range(
            1, 0, 1, last, f"项目：{project}　合同：{contract.name}　考核期：{period}", plain
        )
        sheet.merge_range(2, 0, 2, last, f"承接单位（乙方）：{contract.contractor or DASH}", plain)
        row = 3
        for text in rule_lines(contract):
            sheet.merge_range(row, 0, row, last, text, left)
            row += 1
        for column, header in enumerate(HEADERS):
            sheet.write(row, column, header, label)
        row += 1
        for m in months:
            mttr = m.mttr_hours
            values: list[Any] = [
                m.label,
                rate_text(m.raw_rate),
                rate_text(m.corrected_rate),
                hours(m.exempted_s),
                m.tickets,
                m.responded_on_time,
                m.repaired_on_time,
                m.late_repairs,
                DASH if mttr is None else f"{float(mttr):.1f}",
            ]
            for column, value in enumerate(values):
                sheet.write(row, column, value, cell)
            for column, amount in ((9, m.fee), (10, m.deduction), (11, m.payable)):
                sheet.write_number(row, column, float(amount), money)
            row += 1
        if len(months) > 1:
            totals = sum_months(months)
            sheet.write(row, 0, "合计", label)
            for column in range(1, 9):
                sheet.write(row, column, "", cell)
            sheet.write(row, 4, totals.tickets, cell)
            sheet.write(row, 7, totals.late_repairs, cell)
            for column, amount in ((9, totals.fee), (10, totals.deduction), (11, totals.payable)):
                sheet.write_number(row, column, float(amount), money)
            row += 1
        details = [
            f"{m.label}：{d.reason}；规则：{d.rule}；扣{d.amount}元"
            for m in months
            for d in m.deductions
            if d.amount
        ] or ["各月均未扣款"]
        sheet.merge_range(row, 0, row, last, "扣款明细：" + "；".join(details), left)
        sheet.set_row(row, 15 * (1 + len(details) // 2))
        row += 2
        half = len(HEADERS) // 2
        sheet.merge_range(row, 0, row, half - 1, "甲方（采购人）签字（盖章）：", plain)
        sheet.merge_range(row, half, row, last, "乙方（承接单位）签字（盖章）：", plain)
        sheet.merge_range(row + 2, 0, row + 2, half - 1, "日期：　　年　　月　　日", plain)
        sheet.merge_range(row + 2, half, row + 2, last, "日期：　　年　　月　　日", plain)
        for column, width in enumerate(WIDTHS):
            sheet.set_column(column, column, width)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
    finally:
        workbook.close()


def rule_lines(contract: Contract) -> list[str]:
    """The scope and rules in words, one line each (the Word 考核表 prints them too)."""
    rules = contract.assessment
    if rules is None:
        return []
    scope = f"分组“{rules.group}”" if rules.group else "全部设备"
    out = [f"考核范围：{scope}"]
    if rules.online is not None:
        out.append(f"在线率：{rules.online.describe()}")
    if rules.repair is not None:
        out.append(f"故障修复：{rules.repair.describe()}")
    if rules.cap is not None:
        out.append(f"扣款上限：当月费用的{rules.cap.normalize():f}%")
    return out
