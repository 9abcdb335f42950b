"""The 部门整体支出绩效自评报告 and its 表, as Markdown, Word and PDF.

One list of blocks (headings, paragraphs, tables) is written to both Markdown and Word, in
the styles of the same reference document as the projects' reports; the PDF is LibreOffice's
rendering of the Word file.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from jixiao.adapters.reports.docx_writer import DEFAULT_REFERENCE, TEXT_WIDTH_MM
from jixiao.adapters.reports.pdf import convert_to_pdf
from jixiao.domain.department import DepartmentEvaluation, Spending
from jixiao.domain.presentation import DASH, money, rate_text, score_text, wan
from jixiao.domain.targets import EvidenceRef

FORMATS = ("md", "docx", "pdf")


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # title, h1, p, table
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def _money(spending: Spending | None, executed: bool = False) -> str:
    if spending is None:
        return "（未提供）"
    if executed:
        return DASH if spending.executed is None else wan(spending.executed)
    return wan(spending.budget)


def blocks(e: DepartmentEvaluation) -> list[Block]:
    d = e.department
    out = [
        Block("title", f"{d.name}{d.year}年度部门整体支出绩效自评报告"),
        Block("h1", "一、部门基本情况与预算执行"),
        Block(
            "p",
            f"{d.year}年度，{d.name}全年预算{money(e.overall.budget)}，其中基本支出"
            f"{'（未提供）' if d.basic_budget is None else money(e.basic.budget)}、项目支出"
            f"{money(e.project_spending.budget)}；全年执行"
            f"{DASH if e.overall.executed is None else money(e.overall.executed)}，"
            f"执行率{rate_text(e.overall.rate)}。执行数按各项目的支付记录与基本支出执行数汇总计算，"
            "不取平均。",
        ),
        Block(
            "table",
            rows=(
                ("支出", "全年预算数（万元）", "全年执行数（万元）", "执行率"),
                *(
                    (label, _money(s), _money(s, True), DASH if s is None else rate_text(s.rate))
                    for label, s in (
                        ("基本支出", None if d.basic_budget is None else e.basic),
                        ("项目支出", e.project_spending),
                        ("合计", e.overall),
                    )
                ),
            ),
        ),
        Block("h1", "二、项目支出绩效自评情况"),
        Block(
            "p",
            f"纳入部门整体自评的项目共{len(e.projects)}个；各项目得分引自其项目支出绩效自评表，"
            "不折算、不平均。",
        ),
        Block(
            "table",
            rows=(
                ("项目", "年度", "全年预算数（万元）", "执行率", "自评得分", "等级", "主要问题"),
                *(
                    (
                        p.project.name,
                        str(p.project.year),
                        wan(p.project.funds.budget),
                        rate_text(p.execution.rate),
                        score_text(p.total),
                        p.grade,
                        f"{sum(1 for f in p.findings if f.severity.value == 'error')}个错误、"
                        f"{sum(1 for f in p.findings if f.severity.value == 'warning')}个警告",
                    )
                    for p in e.projects
                ),
            ),
        ),
        Block("h1", "三、部门整体绩效指标完成情况"),
    ]
    if e.indicators:
        out.append(
            Block(
                "table",
                rows=(
                    ("一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分"),
                    *(
                        (
                            s.indicator.level1,
                            s.indicator.level2,
                            s.indicator.name,
                            DASH if s.indicator.target is None else str(s.indicator.target),
                            _actual(s.indicator.actual),
                            score_text(s.indicator.points),
                            score_text(s.score),
                        )
                        for s in e.indicators
                    ),
                    ("总分", "", "", "", "", "100.00", score_text(e.total)),
                ),
            )
        )
        out.append(Block("p", f"部门整体自评得分{score_text(e.total)}分，等级为“{e.grade}”。"))
    else:
        out.append(Block("p", "（未设部门整体指标，请补充。）"))
    out.append(Block("h1", "四、存在的问题"))
    if e.findings:
        out += [Block("p", f"{i}. {f.location}：{f.message}") for i, f in enumerate(e.findings, 1)]
    else:
        out.append(Block("p", "未发现问题。"))
    out.append(Block("h1", "五、下一步改进措施"))
    out.append(Block("p", "（请填写。）"))
    return out


def _actual(actual: object) -> str:
    if actual is None or isinstance(actual, EvidenceRef):
        return "（未提供）"
    return str(actual)


def write_markdown(e: DepartmentEvaluation, out: Path) -> None:
    lines: list[str] = []
    for b in blocks(e):
        if b.kind == "title":
            lines += [f"# {b.text}", ""]
        elif b.kind == "h1":
            lines += [f"## {b.text}", ""]
        elif b.kind == "p":
            lines += [b.text, ""]
        else:
            header, *rows = b.rows
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(c.replace("|", "｜") for c in r) + " |" for r in rows]
            lines.append("")
    out.write_text("\n".join(lines), encoding="utf-8")


def write_docx(e: DepartmentEvaluation, out: Path) -> None:
    document = Document(str(DEFAULT_REFERENCE))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    styles = {"title": "Title", "h1": "Heading 1", "p": "Normal"}
    for b in blocks(e):
        if b.kind != "table":
            document.add_paragraph(b.text, style=styles[b.kind])
            continue
        table = document.add_table(rows=len(b.rows), cols=len(b.rows[0]))
        table.style = document.styles["Table Grid"]
        table.autofit = False
        widths = _widths(b.rows)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the grid LibreOffice reads
        for r, row in enumerate(b.rows):
            table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                cell.width = widths[c]
                paragraph = cell.paragraphs[0]
                paragraph.style = document.styles["Table Text"]
                run = paragraph.add_run(text)
                run.bold = r == 0 or row[0] in ("合计", "总分")
        document.add_paragraph("", style="Normal")
    document.save(str(out))


def _widths(rows: tuple[tuple[str, ...], ...]) -> list[Mm]:
    """Column widths over the text width, by the longest text of each (within 4 to 14 chars),
    so names wrap less than figures."""
    chars = [min(14, max(4, max(len(r[c]) for r in rows))) for c in range(len(rows[0]))]
    return [Mm(TEXT_WIDTH_MM * n / sum(chars)) for n in chars]


def write_department(e: DepartmentEvaluation, outputs: dict[str, Path]) -> list[Path]:
    written = []
    for fmt, out in outputs.items():
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "md":
            write_markdown(e, out)
        elif fmt == "docx":
            write_docx(e, out)
        else:
            with tempfile.TemporaryDirectory(prefix="jixiao-department-") as scratch:
                source = Path(scratch) / "department.docx"
                write_docx(e, source)
                [pdf] = convert_to_pdf([source], Path(scratch) / "pdf")
                pdf.replace(out)
        written.append(out)
    return written
