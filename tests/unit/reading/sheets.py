"""A corpus-like 自评表 (one table: name, funds rows, 年度总体目标, indicator rows, 总分) and its
writers for each container, so the readers are tested on the layout real reports use."""

from __future__ import annotations

from pathlib import Path

# (row, column, rows, columns, text): the table as printed, merged cells once.
WIDTH = 9
SHEET: list[tuple[int, int, int, int, str]] = [
    (0, 0, 1, 9, "项目支出绩效自评表"),
    (1, 0, 1, 2, "项目名称"),
    (1, 2, 1, 7, "天网工程运维项目"),
    (2, 0, 1, 2, "主管部门"),
    (2, 2, 1, 3, "某县公安局"),
    (2, 5, 1, 2, "实施单位"),
    (2, 7, 1, 2, "某县公安局"),
    (3, 0, 3, 2, "项目资金（万元）"),
    (3, 2, 1, 2, ""),
    (3, 4, 1, 1, "全年预算数"),
    (3, 5, 1, 1, "全年执行数"),
    (3, 6, 1, 1, "分值"),
    (3, 7, 1, 1, "执行率"),
    (3, 8, 1, 1, "得分"),
    (4, 2, 1, 2, "年度资金总额"),
    (4, 4, 1, 1, "120"),
    (4, 5, 1, 1, "118.5"),
    (4, 6, 1, 1, "10"),
    (4, 7, 1, 1, "98.75%"),
    (4, 8, 1, 1, "9.88"),
    (5, 2, 1, 2, "其中：财政拨款"),
    (5, 4, 1, 1, "120"),
    (5, 5, 1, 1, "118.5"),
    (6, 0, 1, 2, "年度总体目标"),
    (6, 2, 1, 7, "完成全县500个监控点位运维，在线率不低于95%。"),
    (7, 0, 1, 1, "一级指标"),
    (7, 1, 1, 1, "二级指标"),
    (7, 2, 1, 2, "三级指标"),
    (7, 4, 1, 1, "年度指标值"),
    (7, 5, 1, 1, "实际完成值"),
    (7, 6, 1, 1, "分值"),
    (7, 7, 1, 1, "得分"),
    (7, 8, 1, 1, "偏差原因分析及改进措施"),
    (8, 0, 3, 1, "产\n出\n指\n标\n（50分）"),
    (8, 1, 2, 1, "数量指标"),
    (8, 2, 1, 2, "监控点位运维数量"),
    (8, 4, 1, 1, "≥500个"),
    (8, 5, 1, 1, "520个"),
    (8, 6, 1, 1, "25"),
    (8, 7, 1, 1, "25"),
    (9, 2, 1, 2, "新增点位数量"),
    (9, 4, 1, 1, "≥20个"),
    (9, 5, 1, 1, "20个"),
    (9, 6, 1, 1, "10"),
    (9, 7, 1, 1, "10"),
    (10, 1, 1, 1, "质量指标"),
    (10, 2, 1, 2, "视频监控在线率"),
    (10, 4, 1, 1, "≥95%"),
    (10, 5, 1, 1, "90%"),
    (10, 6, 1, 1, "15"),
    (10, 7, 1, 1, "15"),
    (10, 8, 1, 1, "部分点位线路老化"),
    (11, 0, 1, 1, "效益指标（30分）"),
    (11, 1, 1, 1, "社会效益指标"),
    (11, 2, 1, 2, "案件破获率提升"),
    (11, 4, 1, 1, "有所提升"),
    (11, 5, 1, 1, "明显提升"),
    (11, 6, 1, 1, "30"),
    (11, 7, 1, 1, "28"),
    (12, 0, 1, 1, "满意度指标（10分）"),
    (12, 1, 1, 1, "服务对象满意度指标"),
    (12, 2, 1, 2, "群众满意度"),
    (12, 4, 1, 1, "≥90%"),
    (12, 5, 1, 1, "95%"),
    (12, 6, 1, 1, "10"),
    (12, 7, 1, 1, "10"),
    (13, 0, 1, 6, "总分"),
    (13, 6, 1, 1, "100"),
    (13, 7, 1, 1, "97.88"),
    (14, 0, 1, 9, "填报人：张三    联系电话：12345678    填报日期：2024年3月1日"),
]

# What a reader must get: (level1, level2, name, target, actual, points, published score)
ROWS = [
    ("产出指标", "数量指标", "监控点位运维数量", "≥500个", "520个", "25", "25"),
    ("产出指标", "数量指标", "新增点位数量", "≥20个", "20个", "10", "10"),
    ("产出指标", "质量指标", "视频监控在线率", "≥95%", "90%", "15", "15"),
    ("效益指标", "社会效益指标", "案件破获率提升", "有所提升", "明显提升", "30", "28"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10", "10"),
]


def write_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "自评表"
    for row, column, rows, columns, text in SHEET:
        cell = sheet.cell(row + 1, column + 1)
        if text.endswith("%") and text[:-1].replace(".", "").isdigit() and row == 4:
            cell.value = float(text[:-1]) / 100  # a percent stored as a number, as Excel does
            cell.number_format = "0.00%"
        else:
            cell.value = text or None
        if rows > 1 or columns > 1:
            sheet.merge_cells(
                start_row=row + 1,
                start_column=column + 1,
                end_row=row + rows,
                end_column=column + columns,
            )
    book.save(path)
    return path


def write_html(path: Path, encoding: str = "utf-8") -> Path:
    by_row: dict[int, list[str]] = {}
    for row, _column, rows, columns, text in SHEET:
        body = text.replace("\n", "<br>")
        by_row.setdefault(row, []).append(f'<td rowspan="{rows}" colspan="{columns}">{body}</td>')
    trs = "\n".join(f"<tr>{''.join(cells)}</tr>" for _, cells in sorted(by_row.items()))
    page = (
        f'<html><head><meta charset="{encoding}"><title>自评表</title></head><body>'
        "<h1>2023年度天网工程运维项目绩效自评报告</h1><p>某县公安局</p>"
        f"<table><tbody>{trs}</tbody></table><p>附件：自评表</p></body></html>"
    )
    path.write_bytes(page.encode(encoding))
    return path


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("2023年度天网工程运维项目绩效自评报告")
    table = document.add_table(rows=15, cols=WIDTH)
    table.style = "Table Grid"  # ruled, as printed 自评表 are
    for row, column, rows, columns, text in SHEET:
        cell = table.cell(row, column)
        if rows > 1 or columns > 1:
            cell = cell.merge(table.cell(row + rows - 1, column + columns - 1))
        cell.text = text
    document.add_paragraph("某县公安局")
    document.save(str(path))
    return path
