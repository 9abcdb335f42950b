"""The 绩效目标申报表 and the 绩效运行监控表 on the nine columns of the 自评表's grid, so the
Word and Excel writers that print the 自评表 print them the same way."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jixiao.adapters.reports.docx_writer import write_grid_docx
from jixiao.adapters.reports.grid import Cell, Grid, Kind
from jixiao.adapters.reports.xlsx_writer import write_grid_xlsx
from jixiao.domain.declaration import SHORT
from jixiao.domain.evaluation import Project
from jixiao.domain.findings import Finding, Severity
from jixiao.domain.indicators import Indicator
from jixiao.domain.midyear import Monitoring
from jixiao.domain.presentation import DASH, rate_text, wan
from jixiao.domain.targets import EvidenceRef
from jixiao.services.measures import MEASURES, describe_binding

FORMATS = ("docx", "xlsx")


class _Cells:
    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.row = 0

    def put(
        self, col: int, text: str, kind: Kind = Kind.TEXT, rowspan: int = 1, colspan: int = 1
    ) -> None:
        self.cells.append(Cell(self.row, col, text, kind, rowspan, colspan))

    def merged(self, indicators: Sequence[Indicator], i: int) -> None:
        """一级 and 二级 once per run of equal labels, merged down it, as the 自评表 prints."""
        for col, label in ((1, "level1"), (2, "level2")):
            value = getattr(indicators[i], label)
            same_block = col == 1 or indicators[i - 1].level1 == indicators[i].level1
            if i > 0 and getattr(indicators[i - 1], label) == value and same_block:
                continue
            span = 1
            while (
                i + span < len(indicators)
                and getattr(indicators[i + span], label) == value
                and (col == 1 or indicators[i + span].level1 == indicators[i].level1)
            ):
                span += 1
            self.put(col, value, Kind.LABEL, rowspan=span)

    def head(self, project: Project) -> None:
        self.put(0, "项目名称", Kind.LABEL)
        self.put(1, project.name, colspan=8)
        self.row += 1
        self.put(0, "主管部门", Kind.LABEL)
        self.put(1, project.department, colspan=3)
        self.put(4, "实施单位", Kind.LABEL, colspan=2)
        self.put(6, project.implementer, colspan=3)
        self.row += 1


def _source(project: Project, index: int) -> str:
    actual = project.indicators[index].actual
    if isinstance(actual, EvidenceRef):
        # in words a finance bureau reads (在线率（分组：天网；期间：2021）), never `measure=`
        measure = MEASURES.get(actual.measure)
        if measure is None:
            return "证据库（未知的证据类别）"
        return f"证据库：{describe_binding(measure, actual.params)}"
    return "（未指定）"


def declaration_grid(project: Project, findings: Sequence[Finding]) -> Grid:
    """The 申报表: the project, its funds and goal, each indicator with its target, the
    evidence it will be measured from, and what the declaration check says of it."""
    c = _Cells()
    c.head(project)
    c.put(0, "年度资金总额（万元）", Kind.LABEL)
    c.put(1, wan(project.funds.budget), Kind.NUMBER, colspan=2)
    c.put(3, "其中：财政拨款", Kind.LABEL, colspan=2)
    sources = project.funds.sources
    c.put(5, wan(sources["当年财政拨款"]) if "当年财政拨款" in sources else DASH, Kind.NUMBER)
    c.put(6, "其他资金", Kind.LABEL)
    c.put(7, wan(sources["其他资金"]) if "其他资金" in sources else DASH, Kind.NUMBER, colspan=2)
    c.row += 1
    c.put(0, "年度总体目标", Kind.LABEL)
    c.put(1, project.expected_goal or "（未填写）", colspan=8)
    c.row += 1
    rows = project.indicators
    c.put(0, "绩效指标", Kind.LABEL, rowspan=1 + max(1, len(rows)))
    for col, text in enumerate(("一级指标", "二级指标", "三级指标", "指标值", "证据来源"), 1):
        c.put(col, text, Kind.LABEL, colspan=2 if col == 5 else 1)
    c.put(7, "检查意见", Kind.LABEL, colspan=2)
    c.row += 1
    by_place: dict[str, list[Finding]] = {}
    for f in findings:
        by_place.setdefault(f.location, []).append(f)
    for i, indicator in enumerate(rows):
        place = f"{indicator.level1}/{indicator.level2}/{indicator.name}"
        notes = "；".join(
            ("【错误】" if f.severity is Severity.ERROR else "") + SHORT.get(f.rule, f.message)
            for f in by_place.get(place, [])
        )
        c.merged(rows, i)
        c.put(3, indicator.name)
        c.put(4, "（未设置）" if indicator.target is None else str(indicator.target))
        c.put(5, _source(project, i), colspan=2)
        c.put(7, notes or "无", colspan=2)
        c.row += 1
    if not rows:
        c.put(1, "（未设置三级指标）", colspan=8)
        c.row += 1
    return Grid("项目支出绩效目标申报表", f"（{project.year}年度）", c.row, tuple(c.cells))


def monitoring_grid(m: Monitoring) -> Grid:
    """The 监控表: execution to the date against its threshold, each indicator's progress,
    forecast and likelihood, then the warnings and the deviation notes the unit wrote."""
    c, e, project = _Cells(), m.execution, m.project
    c.head(project)
    c.put(0, "预算执行（万元）", Kind.LABEL, rowspan=2)
    for col, text in enumerate(("全年预算数", "截至监控日已支付", "执行率", "进度要求"), 1):
        c.put(col * 2 - 1, text, Kind.LABEL, colspan=2)
    c.row += 1
    c.put(1, wan(e.budget), Kind.NUMBER, colspan=2)
    c.put(3, wan(e.executed), Kind.NUMBER, colspan=2)
    c.put(5, rate_text(e.rate), Kind.NUMBER, colspan=2)
    c.put(7, DASH if e.checkpoint is None else e.checkpoint.text, Kind.NUMBER, colspan=2)
    c.row += 1
    c.put(0, "全年执行预测", Kind.LABEL)
    straight = DASH if e.forecast is None else f"{wan(e.forecast)}万元"
    profile = ""
    if e.profile_basis:
        found = "" if e.profile_forecast is None else f"，约{wan(e.profile_forecast)}万元"
        profile = f"；{e.profile_basis}{found}"
    c.put(1, f"按已过天数直线外推约{straight}{profile}", colspan=8)
    c.row += 1
    rows = m.indicators
    c.put(0, "绩效指标", Kind.LABEL, rowspan=1 + len(rows))
    heads = (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "截至目前",
        "完成进度",
        "全年预测",
        "完成可能性",
    )
    for col, text in enumerate(heads, 1):
        c.put(col, text, Kind.LABEL)
    c.row += 1
    for index, r in enumerate(rows):
        c.merged([x.indicator for x in rows], index)
        c.put(3, r.indicator.name)
        c.put(4, DASH if r.indicator.target is None else str(r.indicator.target))
        c.put(5, DASH if r.progress is None else str(r.progress))
        c.put(6, rate_text(r.completion), Kind.NUMBER)
        c.put(7, DASH if r.forecast is None else f"{r.forecast}（{r.method}）")
        c.put(8, r.likelihood, Kind.NUMBER)
        c.row += 1
    c.put(0, "预警", Kind.LABEL)
    c.put(1, "\n".join(m.warnings) or "无预警", colspan=8)
    c.row += 1
    notes = [f"{r.indicator.name}：{r.indicator.note}" for r in rows if r.indicator.note]
    c.put(0, "偏差原因及纠偏措施", Kind.LABEL)
    c.put(1, "\n".join(notes) or "（由单位填写：各项偏差的原因和纠正措施）", colspan=8)
    c.row += 1
    subtitle = f"（{project.year}年度，截至{m.as_of.isoformat()}；全年预测{STRAIGHT}）"
    return Grid("项目支出绩效运行监控表", subtitle, c.row, tuple(c.cells))


STRAIGHT = "比率按截至日的值，其他按已过天数直线外推"


def write_form(grid: Grid, outputs: dict[str, Path]) -> list[Path]:
    written = []
    for fmt, out in outputs.items():
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "docx":
            write_grid_docx(grid, out)
        else:
            write_grid_xlsx(grid, out, grid.title[-3:])
        written.append(out)
    return written
