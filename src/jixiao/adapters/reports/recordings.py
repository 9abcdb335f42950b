"""The monthly 录像巡检报告 on the nine columns of the 自评表's grid, so the Word and Excel
writers that print the 自评表 print it the same way: the rates side by side by group and
month (在线率, 录像完整率, 图像完好率, 存储合规率), then every channel with its completeness,
missing hours, the days its storage must and does reach, and what was wrong with its answers."""

from __future__ import annotations

from pathlib import Path

from jixiao.adapters.reports.forms import write_form
from jixiao.adapters.reports.grid import Cell, Grid, Kind
from jixiao.domain.presentation import DASH, hours, rate_text
from jixiao.services.recordings import RateRow, RecordingReport

MAX_FINDINGS = 3  # per channel in the table; the rest are counted


def recordings_grid(report: RecordingReport) -> Grid:
    cells: list[Cell] = []
    row = 0

    def put(col: int, text: str, kind: Kind = Kind.TEXT, colspan: int = 1) -> None:
        cells.append(Cell(row, col, text, kind, 1, colspan))

    heads = ("月份", "分组", "通道数", "在线率", "录像完整率", "图像完好率", "存储合规率")
    for col, text in enumerate(heads):
        put(col, text, Kind.LABEL)
    put(7, "未应答通道日", Kind.LABEL)
    put(8, "未巡检通道日", Kind.LABEL)
    row += 1
    for r in [*report.rows, report.total]:
        kind = Kind.TOTAL if r is report.total else Kind.NUMBER
        for col, text in enumerate(_rates(r)):
            put(col, text, kind if col else Kind.LABEL)
        row += 1
    put(0, "说明", Kind.LABEL)
    put(1, "\n".join(_notes(report)), colspan=8)
    row += 1
    channel_heads = ("通道编码", "", "名称", "录像完整率", "缺失小时", "应存天数", "已存天数")
    for col, text in enumerate(channel_heads):
        if text:
            put(col, text, Kind.LABEL, colspan=2 if col == 0 else 1)
    put(7, "发现的问题", Kind.LABEL, colspan=2)
    row += 1
    for ch in report.channels:
        put(0, ch.device_id, colspan=2)  # text: twenty digits are no number
        put(2, ch.name)
        put(3, rate_text(ch.completeness.rate), Kind.NUMBER)
        put(4, hours(ch.missing_s), Kind.NUMBER)
        put(5, str(ch.required), Kind.NUMBER)
        put(6, DASH if ch.kept is None else str(ch.kept), Kind.NUMBER)
        shown = list(ch.findings[:MAX_FINDINGS])
        if len(ch.findings) > MAX_FINDINGS:
            shown.append(f"另有{len(ch.findings) - MAX_FINDINGS}条")
        put(7, "\n".join(shown) or "无", colspan=2)
        row += 1
    if not report.channels:
        put(0, "（没有可巡检的通道）", colspan=9)
        row += 1
    scope = f"分组“{report.group}”，" if report.group else ""
    subtitle = f"（{scope}{report.first.isoformat()}至{report.last.isoformat()}）"
    return Grid("录像巡检报告", subtitle, row, tuple(cells))


def _rates(r: RateRow) -> tuple[str, ...]:
    return (
        "全期" if r.group == "合计" else r.month,
        r.group,
        str(r.channels),
        rate_text(r.online),
        rate_text(r.completeness.rate),
        DASH,
        rate_text(r.storage.rate),
        str(r.unanswered),
        str(r.unscanned),
    )


def _notes(report: RecordingReport) -> list[str]:
    c = report.total.completeness
    return [
        f"录像完整率 = 录像时长 ÷ 应录像时长（合计录像{hours(c.recorded_s)}小时/应录像"
        f"{hours(c.expected_s)}小时）；维护时段与未在役时间不计入，与在线率相同。",
        "未应答：设备未答复录像查询的通道日，按无录像计；未巡检：当日未做录像巡检，不计入。",
        "存储合规率：最早录像距巡检日不少于规定天数的通道占比（一般30天，“重点”分组90天）。",
        report.quality_note,
        "数据来源：jixiao证据库的录像巡检记录（GB/T 28181 RecordInfo 录像文件检索）。",
    ]


def write_recordings(report: RecordingReport, outputs: dict[str, Path]) -> list[Path]:
    return write_form(recordings_grid(report), outputs)
