"""The 自评报告 as Markdown: the rendered wording plus the 自评表 as a pipe table.

Markdown tables cannot merge cells, so a 一级/二级 name is written on the first row of its
group and left blank below, as the printed form reads.
"""

from __future__ import annotations

import html
from pathlib import Path

from jixiao.adapters.reports.grid import INDICATOR_HEADER
from jixiao.adapters.reports.narrative import BlockKind, render_blocks
from jixiao.adapters.reports.view import ReportView
from jixiao.domain.presentation import DASH


def _text(text: object) -> str:
    """Text from the data as Markdown shows it: HTML in it is written out, never rendered."""
    return html.escape(str(text), quote=False)


def _cell(text: str) -> str:
    return _text(text).replace("|", "\\|").replace("\n", " ") or " "


def table_markdown(view: ReportView) -> list[str]:
    lines = [
        f"## 附件：项目支出绩效自评表（{view.year}年度）",
        "",
        f"项目名称：{_text(view.name)}　主管部门：{_text(view.department or DASH)}"
        f"　实施单位：{_text(view.implementer or DASH)}",
        "",
        "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "|---|---|---|---|---|---|---|",
        f"| 年度资金总额 | {view.initial_budget} | {view.budget} | {view.executed or ' '} | "
        f"{view.execution_weight} | {view.execution_rate} | {view.execution_score} |",
    ]
    sources = dict(view.sources)
    for i, source in enumerate(("当年财政拨款", "上年结转资金", "其他资金")):
        label = ("其中：" if i == 0 else "") + source
        lines.append(f"| {label} |   | {sources.get(source, ' ')} |   | {DASH} | {DASH} | {DASH} |")
    lines += [
        "",
        "| 年度总体目标 | 预期目标 | 实际完成情况 |",
        "|---|---|---|",
        f"| | {_cell(view.expected_goal)} | {_cell(view.achieved_goal)} |",
        "",
    ]
    lines += ["| " + " | ".join(INDICATOR_HEADER) + " |", "|" + "---|" * len(INDICATOR_HEADER)]
    for block in view.blocks:
        if not block.rows:
            lines.append(
                f"| {_cell(block.name)} | {DASH} | （未设置三级指标） | | | {block.weight} | 0.00 | |"
            )
            continue
        previous = ""
        for i, row in enumerate(block.rows):
            level2 = row.level2 if row.level2 != previous else ""
            previous = row.level2
            cells = (
                block.name if i == 0 else "",
                level2,
                row.name,
                row.target or "（未设置）",
                row.actual or "（未提供）",
                row.points,
                row.score,
                row.note,
            )
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines.append(
        f"| **总分** | | | | | **{view.points_total}** | **{view.total}** | 自评等级：{view.grade} |"
    )
    return lines


def write_markdown(view: ReportView, out: Path, template: Path | None = None) -> None:
    prefixes = {BlockKind.TITLE: "# ", BlockKind.HEADING1: "## ", BlockKind.HEADING2: "### "}
    lines: list[str] = []
    for block in render_blocks(view, template):
        if block.kind is BlockKind.TABLE:
            lines += table_markdown(view)
        else:
            lines.append(prefixes.get(block.kind, "") + _text(block.text))
        lines.append("")
    out.write_text("\n".join(lines), encoding="utf-8")
