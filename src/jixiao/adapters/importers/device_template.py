"""The 点位表 as the importer reads it, written: the template to fill in (the accepted columns,
an example row, a sheet of the accepted 类型 words) and the stored devices exported back, each
with the 类型 word its own table used."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.adapters.importers.device_table import ALIASES
from jixiao.domain.devices import KIND_LABELS, Device, accepted_kind_words

COLUMNS = tuple(names[0] for names in ALIASES.values())  # the template's header row
KINDS_SHEET = "类型"
EXAMPLE = {
    "设备编码": "51042200001320000001",
    "名称": "示例：桐子林镇政府路口（导入前请删除本行）",
    "类型": "枪机",
    "分组": "天网;盐边天网",
    "区域": "桐子林镇",
    "地址": "政府路与攀枝花大道交叉口",
    "IP": "10.51.1.11",
    "端口": 5060,
    "厂商": "海康威视",
    "型号": "DS-2CD3T46",
    "启用日期": "2021-01-01",
}
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def write_device_table(path: Path, devices: Sequence[Device] | None = None) -> Path:
    """The template (`devices` None: one example row) or the devices as a 点位表."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "点位表"
    _header(sheet, COLUMNS)
    rows = [EXAMPLE] if devices is None else [_row(d) for d in devices]
    for row in rows:
        sheet.append([row.get(column, "") for column in COLUMNS])
    for cell in sheet["A"]:  # 20-digit ids as text: Excel would round a number
        cell.number_format = "@"
    for index, column in enumerate(COLUMNS, start=1):
        width = 24 if column in ("设备编码", "名称", "地址") else 12
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.freeze_panes = "A2"
    kinds = book.create_sheet(KINDS_SHEET)
    _header(kinds, ("类型（点位表里的写法）", "归为"))
    for word, kind in accepted_kind_words().items():
        kinds.append([word, KIND_LABELS[kind]])
    kinds.column_dimensions["A"].width = 26
    kinds.column_dimensions["B"].width = 12
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _header(sheet: Worksheet, names: Sequence[str]) -> None:
    sheet.append(list(names))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL


def _row(d: Device) -> dict[str, object]:
    return {
        "设备编码": d.device_id.value,
        "名称": d.name,
        "类型": d.kind_written,
        "分组": ";".join(d.groups),
        "区域": d.area,
        "地址": d.address,
        "IP": d.ip,
        "端口": d.port if d.port is not None else "",
        "厂商": d.vendor,
        "型号": d.model,
        "启用日期": d.commissioned.isoformat() if d.commissioned else "",
        "停用日期": d.decommissioned.isoformat() if d.decommissioned else "",
    }
