"""The 自评表 as terminal tables (rich): funds, contracts, indicators, total and findings."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from jixiao.domain.evaluation import Evaluation
from jixiao.domain.findings import Severity
from jixiao.domain.presentation import DASH, rate_text, score_text, wan
from jixiao.domain.scoring import FLAG_LABELS

_SEVERITY_STYLE = {
    Severity.ERROR: ("错误", "bold red"),
    Severity.WARNING: ("警告", "yellow"),
    Severity.INFO: ("提示", "cyan"),
}


def render(evaluation: Evaluation, console: Console) -> None:
    p = evaluation.project
    title = Text(f"项目支出绩效自评表（{p.year}年度）", style="bold")
    header = Table.grid(padding=(0, 2))
    header.add_row("项目名称", p.name)
    header.add_row("主管部门", p.department or DASH, "实施单位", p.implementer or DASH)
    console.print(Panel(Group(title, header), expand=False))
    console.print(_funds_table(evaluation))
    if evaluation.contracts:
        console.print(_contracts_table(evaluation))
    if p.expected_goal or p.achieved_goal:
        goals = Table(title="年度总体目标", show_lines=True)
        goals.add_column("预期目标", ratio=1)
        goals.add_column("实际完成情况", ratio=1)
        goals.add_row(p.expected_goal or DASH, p.achieved_goal or DASH)
        console.print(goals)
    console.print(_indicator_table(evaluation))
    console.print(_findings(evaluation))


def _funds_table(evaluation: Evaluation) -> Table:
    p, ex, funds = evaluation.project, evaluation.execution, evaluation.project.funds
    table = Table(title="项目资金（万元）")
    for name in ("", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"):
        table.add_column(name, justify="right" if name else "left")
    table.add_row(
        "年度资金总额",
        wan(funds.initial_budget),
        wan(funds.budget),
        wan(ex.executed),
        score_text(ex.weight),
        rate_text(ex.rate),
        score_text(ex.score),
    )
    for i, source in enumerate(("当年财政拨款", "上年结转资金", "其他资金")):
        table.add_row(
            ("其中：" if i == 0 else "") + source,
            "",
            wan(funds.sources.get(source)),
            "",
            DASH,
            DASH,
            DASH,
        )
    for a in funds.allocations:
        table.add_row(f"下达 {a.on.raw}", "", wan(a.amount), "", "", a.document or "（无文号）", "")
    table.caption = f"{p.year}年支付合计 {wan(funds.paid_in_year(p.year))} 万元"
    return table


def _contracts_table(evaluation: Evaluation) -> Table:
    table = Table(title=f"多年合同（截至{evaluation.project.year}年末，万元）")
    for name in ("合同", "总额", "期限", "应付累计", "已付累计", "欠付", "本年应付", "本年已付"):
        table.add_column(name, justify="left" if name == "合同" else "right")
    for s in evaluation.contracts:
        k = s.contract
        term = (
            f"{k.start.isoformat() if k.start else ''}起{k.months}个月"
            if k.months
            else (k.due.raw if k.due else "未填")
        )
        arrears = s.arrears
        table.add_row(
            k.name,
            wan(k.total),
            term,
            wan(s.due),
            wan(s.paid),
            Text(wan(arrears), style="bold red" if arrears else ""),
            wan(s.due_in_year),
            wan(s.paid_in_year),
        )
    return table


def _indicator_table(evaluation: Evaluation) -> Table:
    table = Table(title="绩效指标", show_lines=True)
    for name in (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "计分说明",
        "偏差原因分析及改进措施",
    ):
        table.add_column(
            name, justify="right" if name in ("分值", "得分") else "left", overflow="fold"
        )
    last1 = last2 = ""
    for row in evaluation.indicators:
        ind = row.indicator
        flags = "、".join(FLAG_LABELS[f] for f in row.flags)
        working = row.working + (f"\n[{flags}]" if flags else "")
        table.add_row(
            ind.level1 if ind.level1 != last1 else "",
            ind.level2 if (ind.level1, ind.level2) != (last1, last2) else "",
            ind.name,
            str(ind.target) if ind.target else Text("（缺）", style="red"),
            str(ind.actual) if ind.actual else Text("（缺）", style="red"),
            score_text(ind.points),
            Text(score_text(row.score), style="red" if row.score < ind.points else "green"),
            working,
            ind.note,
        )
        last1, last2 = ind.level1, ind.level2
    ex = evaluation.execution
    table.add_row(
        "预算执行率",
        "",
        "",
        "",
        rate_text(ex.rate),
        score_text(ex.weight),
        score_text(ex.score),
        "",
        "",
    )
    table.add_row(
        Text("总分", style="bold"),
        "",
        "",
        "",
        "",
        score_text(evaluation.points_total),
        Text(score_text(evaluation.total), style="bold"),
        Text(f"等级：{evaluation.grade}", style="bold"),
        "",
    )
    return table


def _findings(evaluation: Evaluation) -> Table | Text:
    if not evaluation.findings:
        return Text("未发现问题。", style="green")
    table = Table(title=f"发现的问题（{len(evaluation.findings)}项）", show_header=True)
    table.add_column("级别")
    table.add_column("位置")
    table.add_column("说明", overflow="fold")
    table.add_column("规则")
    for f in evaluation.findings:
        label, style = _SEVERITY_STYLE[f.severity]
        table.add_row(Text(label, style=style), f.location, f.message, f.rule)
    return table
