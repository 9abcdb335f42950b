"""The 运维 exports on the nine columns of the 自评表's grid, so the Word and Excel writers that
print the 自评表 print them the same way (widths and row heights fitted): the online rates
(在线率统计表) one row per day or month and group or area, and the offline list (离线设备清单)
with since when, for how long and the last cause."""

from __future__ import annotations

from pathlib import Path

from jixiao.adapters.reports.docx_writer import write_grid_docx
from jixiao.adapters.reports.grid import Cell, Grid, Kind
from jixiao.adapters.reports.xlsx_writer import write_grid_xlsx
from jixiao.domain.presentation import DASH, duration, hours, moment, rate_text
from jixiao.domain.status import STATUS_LABELS
from jixiao.services.device_views import ALL, DIMENSION_LABELS, Period, RateMatrix
from jixiao.services.monitoring import METHOD_LABELS, Method, RateRow
from jixiao.services.om_lists import OfflineList


class _Cells:
    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.row = 0

    def put(self, col: int, text: str, kind: Kind = Kind.TEXT, colspan: int = 1) -> None:
        self.cells.append(Cell(self.row, col, text, kind, 1, colspan))


def rates_grid(m: RateMatrix) -> Grid:
    """期间 | 分组或区域 | 设备数 | 在线小时 | 应在线小时 | 在线率 (sampled: 抽检次数,
    在线台次, 应在线台次), the whole period's row first for each name."""
    out = _Cells()
    timed = m.method is Method.TIME
    heads = (
        (0, "日期" if m.period is Period.DAY else "月份", 1),
        (1, DIMENSION_LABELS[m.dimension], 3),
        (4, "设备数", 1),
        (5, "在线小时" if timed else "在线台次", 1),
        (6, "应在线小时" if timed else "应在线台次", 1),
        (7, "在线率", 2),
    )
    for col, text, span in heads:
        out.put(col, text, Kind.LABEL, span)
    out.row += 1
    for name in m.series:
        _rate_line(out, "全期", name, m.total_rows[name], timed, Kind.TOTAL)
        for key, row in zip(m.keys, m.rows[name], strict=True):
            _rate_line(out, key, name, row, timed, Kind.NUMBER)
    method = METHOD_LABELS[m.method]
    out.put(0, "说明", Kind.LABEL)
    out.put(
        1,
        f"在线率 = 在线时长 ÷ 应在线时长（{method}），剔除维护窗口和未在役时间；"
        f"“{ALL}”为全部设备；设备数为期间内应在线的设备。"
        "数据来源：jixiao证据库的设备状态变化记录。",
        colspan=8,
    )
    out.row += 1
    by = DIMENSION_LABELS[m.dimension]
    subtitle = f"（按{by}，{m.first.isoformat()}至{m.last.isoformat()}，{method}）"
    return Grid("在线率统计表", subtitle, out.row, tuple(out.cells))


def _rate_line(out: _Cells, key: str, name: str, r: RateRow, timed: bool, kind: Kind) -> None:
    out.put(0, key, Kind.LABEL if kind is Kind.TOTAL else Kind.TEXT)
    out.put(1, name, colspan=3)
    out.put(4, str(r.devices), kind)
    out.put(5, hours(r.online_s) if timed else str(r.online), kind)
    out.put(6, hours(r.expected_s) if timed else str(r.counted), kind)
    out.put(7, rate_text(r.rate), kind, 2)
    out.row += 1


def offline_grid(found: OfflineList) -> Grid:
    """设备编码 | 名称 | 区域 | 分组 | 离线起始 | 离线时长 | 最后原因, longest offline first."""
    out = _Cells()
    heads = (
        (0, "设备编码", 2),
        (2, "名称", 1),
        (3, "区域 / 分组", 1),
        (4, "离线起始", 1),
        (5, "离线时长", 1),
        (6, "状态", 1),
        (7, "最后原因", 2),
    )
    for col, text, span in heads:
        out.put(col, text, Kind.LABEL, span)
    out.row += 1
    for r in found.rows:
        out.put(0, r.device_id, colspan=2)  # text: twenty digits are no number
        out.put(2, r.name)
        out.put(3, "\n".join(x for x in (r.area, "、".join(r.groups)) if x) or DASH)
        out.put(4, moment(r.since), Kind.NUMBER)  # "—" when it never reported (状态 says so)
        out.put(5, DASH if r.seconds is None else duration(r.seconds), Kind.NUMBER)
        out.put(6, STATUS_LABELS[r.status], Kind.NUMBER)
        out.put(7, r.cause or DASH, colspan=2)
        out.row += 1
    if not found.rows:
        out.put(0, "所有在役设备均在线。", colspan=9)
        out.row += 1
    scope = found.filter.described()
    subtitle = (
        f"（截至{moment(found.as_of)}，{scope + '，' if scope else ''}共{found.total}台；"
        "离线时长算至截至时刻）"
    )
    return Grid("离线设备清单", subtitle, out.row, tuple(out.cells))


def write_rates(matrix: RateMatrix, outputs: dict[str, Path]) -> list[Path]:
    return _write(rates_grid(matrix), outputs, "在线率")


def write_offline(found: OfflineList, outputs: dict[str, Path]) -> list[Path]:
    return _write(offline_grid(found), outputs, "离线清单")


def _write(grid: Grid, outputs: dict[str, Path], sheet: str) -> list[Path]:
    for fmt, out in outputs.items():
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "docx":
            write_grid_docx(grid, out)
        else:
            write_grid_xlsx(grid, out, sheet)
    return list(outputs.values())
