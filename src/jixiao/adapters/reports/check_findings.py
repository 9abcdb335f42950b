"""The 审核意见 of a check run on the nine columns of the 自评表's grid, so the Word and
Excel writers that print the 自评表 print it the same way: what was checked and how much was
found in each file, then every finding grouped by severity (错误 first, then 警告, 提示),
with its file, rule, place, message and the quoted text."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jixiao.adapters.reports.forms import write_form
from jixiao.adapters.reports.grid import Cell, Grid, Kind
from jixiao.domain.findings import Severity
from jixiao.services.checking import CheckedFile, by_severity

SEVERITY_WORDS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
SEVERITY_NOTES = {
    Severity.ERROR: "与报告其他部分、计算或规定不符，须改正",
    Severity.WARNING: "可能有误或不完整，须核实",
    Severity.INFO: "供参考",
}
NUMERALS = "一二三"
MAX_QUOTES = 3  # per finding in the table; the rest are counted
MAX_QUOTE = 120  # characters of one quote


def findings_grid(results: Sequence[CheckedFile], checked_on: str = "") -> Grid:
    cells: list[Cell] = []
    row = 0

    def put(col: int, text: str, kind: Kind = Kind.TEXT, colspan: int = 1) -> None:
        cells.append(Cell(row, col, text, kind, 1, colspan))

    for col, text, span in ((0, "文件", 4), (4, "错误", 2), (6, "警告", 1), (7, "提示", 2)):
        put(col, text, Kind.LABEL, span)
    row += 1
    totals = dict.fromkeys(Severity, 0)
    for result in results:
        put(0, result.name, colspan=4)
        if result.problems:
            put(4, "无法读取：" + "；".join(p.message for p in result.problems), colspan=5)
        else:
            counts = {s: sum(1 for f in result.findings if f.severity is s) for s in Severity}
            for severity, (col, span) in zip(Severity, ((4, 2), (6, 1), (7, 2)), strict=True):
                put(col, str(counts[severity]), Kind.NUMBER, span)
                totals[severity] += counts[severity]
        row += 1
    put(0, "合计", Kind.TOTAL, 4)
    for severity, (col, span) in zip(Severity, ((4, 2), (6, 1), (7, 2)), strict=True):
        put(col, str(totals[severity]), Kind.TOTAL, span)
    row += 1
    listed = [(r.name, f) for r in results for f in r.findings]
    for number, severity in enumerate(Severity):
        found = [(name, f) for name, f in by_severity(listed) if f.severity is severity]
        title = f"{NUMERALS[number]}、{SEVERITY_WORDS[severity]}（{len(found)}项）"
        put(0, f"{title}：{SEVERITY_NOTES[severity]}", Kind.LABEL, 9)
        row += 1
        if not found:
            put(0, "无", colspan=9)
            row += 1
            continue
        heads = ((0, "序号 / 文件", 1), (1, "规则 / 位置", 2), (3, "问题", 3), (6, "原文", 3))
        for col, text, span in heads:
            put(col, text, Kind.LABEL, span)
        row += 1
        for index, (name, f) in enumerate(found, 1):
            put(0, f"{index}. {name}")
            put(1, f"{f.rule}\n{f.location}" if f.location else f.rule, colspan=2)
            put(3, f.message, colspan=3)
            put(6, _quotes(f.evidence), colspan=3)
            row += 1
    files = f"共检查{len(results)}个文件" + (f"，{checked_on}" if checked_on else "")
    return Grid("报告检查审核意见", f"（{files}）", row, tuple(cells))


def _quotes(evidence: Sequence[str]) -> str:
    """The first quotes, each cut to a few lines; how many more there are."""
    shown = [q if len(q) <= MAX_QUOTE else q[:MAX_QUOTE] + "……" for q in evidence[:MAX_QUOTES]]
    if len(evidence) > MAX_QUOTES:
        shown.append(f"……另有{len(evidence) - MAX_QUOTES}处")
    return "\n".join(shown) or "—"


def write_findings(
    results: Sequence[CheckedFile], outputs: dict[str, Path], checked_on: str = ""
) -> list[Path]:
    return write_form(findings_grid(results, checked_on), outputs)
