"""The Word, Excel and Markdown 自评报告 read back: layout, merged cells, every score, total."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from jixiao.adapters.projectfile import load_project
from jixiao.adapters.reports.docx_writer import write_docx
from jixiao.adapters.reports.markdown_writer import write_markdown
from jixiao.adapters.reports.view import build_view
from jixiao.adapters.reports.xlsx_writer import write_xlsx
from jixiao.domain.evaluation import evaluate
from tests.conftest import CONFERENCE, SKYNET, WORKED, YANCHI

WORKED_SCORES = {
    "维护视频监控点位数": "9.83",
    "视频点位在线率": "10.00",
    "故障修复及时率": "9.78",
    "故障平均响应时间": "8.00",
    "运维总成本": "10.00",
    "视频监控辅助破案数": "15.00",
    "系统长效稳定运行": "10.50",
    "群众满意度": "10.00",
}


def _view(path: Path):  # type: ignore[no-untyped-def]
    return build_view(evaluate(load_project(path)))


@pytest.fixture(scope="module")
def worked_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "worked.docx"
    write_docx(_view(WORKED), out)
    return out


def _self_evaluation_table(path: Path):  # type: ignore[no-untyped-def]
    document = Document(str(path))
    (table,) = document.tables
    return document, table


def test_docx_table_has_the_mof_header_rows(worked_docx: Path) -> None:
    _, table = _self_evaluation_table(worked_docx)
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    assert texts[0][0] == "项目名称" and texts[0][1] == "2023年天网工程运维经费"
    assert texts[1][0] == "主管部门" and "实施单位" in texts[1]
    assert texts[2][3:] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert texts[3][1:] == [
        "年度资金总额",
        "年度资金总额",
        "200",
        "180",
        "171",
        "10.00",
        "95%",
        "9.50",
    ]
    header = next(row for row in texts if "偏差原因分析及改进措施" in row)
    assert header[1:] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]


def test_docx_indicator_rows_carry_every_score_and_the_total(worked_docx: Path) -> None:
    _, table = _self_evaluation_table(worked_docx)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    scores = {row[3]: row[7] for row in rows if row[3] in WORKED_SCORES}
    assert scores == WORKED_SCORES
    total = rows[-1]
    assert total[0] == "总分"
    assert (total[6], total[7]) == ("100.00", "92.61")
    assert total[8] == "自评等级：优"


def test_docx_merges_level1_and_level2_cells_over_their_rows(worked_docx: Path) -> None:
    _, table = _self_evaluation_table(worked_docx)
    rows = list(table.rows)
    names = [row.cells[3].text for row in rows]
    first, last = names.index("维护视频监控点位数"), names.index("运维总成本")
    level1_cells = {rows[i].cells[1]._tc for i in range(first, last + 1)}
    assert len(level1_cells) == 1  # one merged 产出指标 cell over its five rows
    assert rows[first].cells[1].text == "产出指标"
    quality = [names.index("视频点位在线率"), names.index("故障修复及时率")]
    assert rows[quality[0]].cells[2]._tc is rows[quality[1]].cells[2]._tc
    assert rows[quality[0]].cells[2].text == "质量指标"
    assert rows[first].cells[2]._tc is not rows[quality[0]].cells[2]._tc  # 数量 ≠ 质量


def test_docx_uses_official_fonts_with_the_east_asian_attribute(worked_docx: Path) -> None:
    document, _ = _self_evaluation_table(worked_docx)

    def east_asian(style: str) -> str | None:
        fonts = document.styles[style].element.rPr.find(qn("w:rFonts"))
        return None if fonts is None else fonts.get(qn("w:eastAsia"))

    assert east_asian("Normal") == "仿宋_GB2312"
    assert east_asian("Title") == "方正小标宋简体"
    assert east_asian("Heading 1") == "黑体"
    assert east_asian("Heading 2") == "楷体_GB2312"
    assert east_asian("Table Text") == "仿宋_GB2312"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and 'w:fldCharType="begin"' in footer_xml


def test_docx_narrative_follows_the_report_outline(worked_docx: Path) -> None:
    document, _ = _self_evaluation_table(worked_docx)
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading 1")
    ]
    assert headings == [
        "一、项目概况",
        "二、项目资金申报及使用情况",
        "三、绩效目标完成情况",
        "四、偏离绩效目标的原因和改进措施",
        "五、评价结论",
        "六、主要经验及做法",  # the 10号 outline's closing sections
        "七、存在的问题及原因分析",
        "八、下一步改进措施",
        "九、结果应用建议",
        "附件2：证据清单",  # the evidence annex (issue 13), after the 自评表 (附件1)
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "附件：1. 2023年度项目支出绩效自评表" in text
    assert "联系人：【请填写】" in text
    signature = [p for p in document.paragraphs if p.text == "某县公安局（盖章）"]
    assert len(signature) == 1 and signature[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert "总分92.61分，评价等级为“优”" in text
    assert "预算执行率95%，得9.5分（分值10分）" in text


def test_report_explains_every_lost_or_flagged_indicator_and_never_says_none(
    tmp_path: Path,
) -> None:
    out = tmp_path / "worked.md"
    write_markdown(_view(WORKED), out)
    section = (
        out.read_text(encoding="utf-8")
        .split("## 四、偏离绩效目标的原因和改进措施")[1]
        .split("## 五")[0]
    )
    for name in (
        "维护视频监控点位数",
        "故障修复及时率",
        "故障平均响应时间",
        "视频监控辅助破案数",
        "系统长效稳定运行",
    ):
        assert name in section
    assert "预算执行" in section  # 95 % execution lost 0.5
    assert "未发现偏离" not in section
    for name in ("视频点位在线率", "运维总成本", "群众满意度"):  # met, not flagged
        assert name not in section


def test_report_states_contract_arrears_plainly(tmp_path: Path) -> None:
    out = tmp_path / "skynet.md"
    write_markdown(_view(SKYNET), out)
    text = out.read_text(encoding="utf-8")
    assert "按合同应付1168.2万元，累计已付160万元，欠付1008.2万元" in text
    assert "2021年应付389.4万元，当年支付100万元" in text
    assert "盐边财政【2021】8号下达资金100万元" in text


def test_report_without_indicators_says_each_block_is_empty(tmp_path: Path) -> None:
    out = tmp_path / "conference.md"
    write_markdown(_view(CONFERENCE), out)
    text = out.read_text(encoding="utf-8")
    assert "该项目未设置任何三级绩效指标" in text
    assert text.count("未设置三级指标，该部分") == 6  # three blocks, in 三 and in 四
    assert "未录入付款计划，无法计算应付与欠付" in text


def test_markdown_table_lists_every_indicator_row_with_score(tmp_path: Path) -> None:
    out = tmp_path / "worked.md"
    write_markdown(_view(WORKED), out)
    lines = out.read_text(encoding="utf-8").splitlines()
    for name, score in WORKED_SCORES.items():
        row = next(line for line in lines if line.startswith("|") and f"| {name} |" in line)
        assert f"| {score} |" in row
    assert any("**92.61**" in line and "自评等级：优" in line for line in lines)


def test_xlsx_has_merged_ranges_numbers_and_a_print_area(tmp_path: Path) -> None:
    out = tmp_path / "worked.xlsx"
    write_xlsx(_view(WORKED), out)
    sheet = openpyxl.load_workbook(out)["自评表"]
    assert sheet["A1"].value == "项目支出绩效自评表"
    assert sheet["A2"].value == "（2023年度）"
    rows = {sheet.cell(row=r, column=4).value: r for r in range(1, sheet.max_row + 1)}
    for name, score in WORKED_SCORES.items():
        cell = sheet.cell(row=rows[name], column=8)
        assert cell.value == pytest.approx(float(score))
        assert cell.number_format == "0.00"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    first, last = rows["维护视频监控点位数"], rows["运维总成本"]
    assert f"B{first}:B{last}" in merged  # 产出指标 over its five rows
    assert f"C{rows['视频点位在线率']}:C{rows['故障修复及时率']}" in merged  # 质量指标
    total_row = sheet.max_row
    assert sheet.cell(row=total_row, column=1).value == "总分"
    assert sheet.cell(row=total_row, column=8).value == pytest.approx(92.61)
    assert sheet.print_area == f"'自评表'!$A$1:$I${sheet.max_row}"
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["G"].width


@pytest.mark.parametrize("path", [SKYNET, CONFERENCE, YANCHI])
def test_every_seed_example_writes_all_three_formats(tmp_path: Path, path: Path) -> None:
    view = _view(path)
    write_docx(view, tmp_path / "a.docx")
    write_xlsx(view, tmp_path / "a.xlsx")
    write_markdown(view, tmp_path / "a.md")
    _, table = _self_evaluation_table(tmp_path / "a.docx")
    assert table.rows[-1].cells[7].text == view.total
    assert table.rows[-1].cells[6].text == "100.00"  # 分值 sums every block, empty ones too
    assert view.total in (tmp_path / "a.md").read_text(encoding="utf-8")


def test_mof_2021_layout_puts_cost_in_its_own_level1_block(tmp_path: Path) -> None:
    text = WORKED.read_text(encoding="utf-8")
    text = text.replace("layout: mof-2020", "layout: mof-2021")
    text = text.replace(
        "weights: {产出指标: 50, 效益指标: 30, 满意度指标: 10, 预算执行率: 10}",
        "weights: {产出指标: 40, 成本指标: 10, 效益指标: 30, 满意度指标: 10, 预算执行率: 10}",
    )
    text = text.replace(
        "level1: 产出指标, level2: 成本指标, name: 运维总成本",
        "level1: 成本指标, level2: 经济成本指标, name: 运维总成本",
    )
    project = tmp_path / "mof2021.yaml"
    project.write_text(text, encoding="utf-8")
    view = _view(project)
    assert [b.name for b in view.blocks] == ["产出指标", "成本指标", "效益指标", "满意度指标"]
    write_docx(view, tmp_path / "mof2021.docx")
    _, table = _self_evaluation_table(tmp_path / "mof2021.docx")
    cost = next(row for row in table.rows if row.cells[3].text == "运维总成本")
    assert (cost.cells[1].text, cost.cells[2].text, cost.cells[7].text) == (
        "成本指标",
        "经济成本指标",
        "10.00",
    )
    assert view.total == "92.61"  # same rows, same points: the same total


EVIL = '=HYPERLINK("http://evil.example/x","点击")'


def _named(name: str, indicator: str = "维护视频监控点位数"):  # type: ignore[no-untyped-def]
    project = load_project(WORKED)
    first = dataclasses.replace(project.indicators[0], name=indicator)
    named = dataclasses.replace(project, name=name, indicators=(first, *project.indicators[1:]))
    return build_view(evaluate(named))


def test_xlsx_never_receives_a_formula_from_the_data(tmp_path: Path) -> None:
    out = tmp_path / "evil.xlsx"
    write_xlsx(_named(EVIL, "@SUM(1+1)"), out)
    sheet = openpyxl.load_workbook(out)["自评表"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'" + EVIL in texts and "'@SUM(1+1)" in texts


def test_markdown_writes_html_from_the_data_as_text(tmp_path: Path) -> None:
    out = tmp_path / "evil.md"
    write_markdown(_named('<img src=x onerror="alert(1)">'), out)
    text = out.read_text(encoding="utf-8")
    assert "<img" not in text and '&lt;img src=x onerror="alert(1)"&gt;' in text
