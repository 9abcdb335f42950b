"""自评表 rows with no separator between cells (a scan's text layer, a converted .docx): each
row read from its right end by the kinds of its cells."""

from __future__ import annotations

import pytest

from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.glued_sheet import split_points_score
from jixiao.domain.reading.text import document_from_text

HEADER = (
    "指标名称计量单位指标性质年初指标值调整指标值全年完成值得分系数(%)指标权重(分)"
    "指标得分(分)是否核心指标"
)


def _rows(text: str) -> list[tuple[str, str, str, str, str]]:
    facts = read_facts(document_from_text("r.txt", text))
    return [
        (i.name, i.target_raw or "", i.actual_raw or "", str(i.points), str(i.score))
        for i in facts.indicators
    ]


@pytest.mark.parametrize(
    ("glued", "cut"),
    [("22", ("2", "2")), ("1010", ("10", "10")), ("107.6", ("10", "7.6")), ("1510", ("15", "10"))],
)
def test_points_and_score_glued_are_cut_the_one_way_that_fits(
    glued: str, cut: tuple[str, str]
) -> None:
    assert split_points_score(glued) == cut


def test_points_and_score_that_no_cut_fits_are_not_guessed() -> None:
    assert split_points_score("59") is None  # 5|9: a 得分 above its 分值
    assert split_points_score("1090") is None  # 10|90 above; 109|0 above 100; 1|090 a zero
    assert split_points_score("1005") == ("100", "5")  # 10|05 has a leading zero


def test_a_department_sheet_with_every_cell_glued_is_read_row_by_row() -> None:
    text = (
        "某区某中心部门整体绩效自评表\n自评总分(分)95\n"
        + HEADER
        + "网络安全事件处置率%定量指标100%98%100%44否"
        + "设备巡检次数次12次12次100%66是"
        + "制度执行情况好好100%33否"
        + "“三公”经费控制率%100%22否\n2、"
        + "运维服务响应时长小时定量指标2小时3小时80%108是"
    )
    assert _rows(text) == [
        ("网络安全事件处置率", "100%", "98%", "4", "4"),
        ("设备巡检次数", "12次", "12次", "6", "6"),
        ("制度执行情况", "好", "好", "3", "3"),
        ("“三公”经费控制率", "", "", "2", "2"),
        ("运维服务响应时长", "2小时", "3小时", "10", "8"),
    ]


def test_a_scanned_target_with_debris_before_its_figure_stays_with_the_target() -> None:
    text = (
        HEADER
        + "组织宣传活动次数次到0次43次100%1010是"
        + "制作宣传品数量份第O份20份100%55否"
        + "预算调整率%3%0100%22否"
    )
    assert _rows(text) == [
        ("组织宣传活动次数", "到0次", "43次", "10", "10"),
        ("制作宣传品数量", "第O份", "20份", "5", "5"),
        ("预算调整率", "3%", "0", "2", "2"),
    ]


def test_a_shuffled_nature_cell_is_not_read_into_the_name() -> None:
    text = (
        HEADER
        + "管理制度健全性性标定指高高100%33否资产管理安全好好100%22否党员培训次数次4次4次100%55是"
    )
    assert [r[0] for r in _rows(text)] == ["管理制度健全性", "资产管理安全", "党员培训次数"]


def test_a_row_with_words_between_its_figures_is_left_out_with_a_note() -> None:
    text = (
        HEADER
        + "设备巡检次数次12次按计划12次100%66是"
        + "制度执行情况好好100%33否"
        + "网络安全事件处置率%100%98%100%44否"
        + "资产管理安全好好100%22否"
    )
    facts = read_facts(document_from_text("r.txt", text))
    assert [i.name for i in facts.indicators] == [
        "制度执行情况",
        "网络安全事件处置率",
        "资产管理安全",
    ]


def test_a_spaced_table_with_the_same_header_is_not_read_as_glued() -> None:
    text = (
        "指标名称 | 计量单位 | 年初指标值 | 全年完成值 | 指标权重 | 指标得分\n"
        "产出指标 | 数量指标 | 设备巡检次数 | 次 | 12次 | 12次 | 6 | 6 |\n"
    )
    assert all("|" not in r[0] for r in _rows(text))


POINTS_FIRST = (
    "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因分析及改进措施"
    "产出指标(50分)数量指标指标1维护监控点位20500个500个20"
    "指标2巡检次数1012次12次10"
    "质量指标设备完好率8一98%8完成时间52023年12月完成2023年12月完成4"
    "效益指标(30分)社会效益指标群众安全感提升30明显提升明显提升27"
    "满意度指标(10分)服务对象满意度指标群众满意度10一满意度调查9……总分10098"
)


def test_points_before_the_values_each_row_cut_the_one_way_that_reads() -> None:
    """Written alike (500个500个), a dash for no target (一98%), no target and an actual in
    words (一满意度调查: the dash, then words)."""
    assert _rows(POINTS_FIRST) == [
        ("维护监控点位", "500个", "500个", "20", "20"),
        ("巡检次数", "12次", "12次", "10", "10"),
        ("设备完好率", "一", "98%", "8", "8"),
        ("完成时间", "2023年12月完成", "2023年12月完成", "5", "4"),
        ("群众安全感提升", "明显提升", "明显提升", "30", "27"),
        ("群众满意度", "一", "满意度调查", "10", "9"),
    ]


def test_a_shuffled_header_cell_still_names_the_points_column() -> None:
    shuffled = POINTS_FIRST.replace("三级指标分值", "三级指标考值参分")
    assert ("巡检次数", "12次", "12次", "10", "10") in _rows(shuffled)


def test_a_points_first_row_with_different_bare_figures_is_not_guessed() -> None:
    """ "8550万粒540万粒8": 8 | 550万粒 or 85 | 50万粒, nothing tells."""
    text = POINTS_FIRST.replace("巡检次数1012次12次10", "种薯发放量8550万粒540万粒8")
    document = document_from_text("r.txt", text)
    assert "种薯发放量" not in [i.name for i in read_facts(document).indicators]
    assert any("种薯发放量" in note for _, note in document.reading_notes)


def test_the_total_glued_to_its_label_is_cut_into_points_and_score() -> None:
    document = document_from_text("r.txt", POINTS_FIRST)
    (sheet,) = [t for t in document.tables if any(r[0] == "总分" for r in t.rows)]
    assert sheet.rows[-1][-2:] == ("100", "98")
    assert "总分10098" in str(sheet.row_location(len(sheet.rows) - 1))


EXCERPT = """公益性讲座知晓率 | = | 100 | % | 100 | 5 | 5 |
| |||
可持续影响指标 | 图书馆管理机制健全性 | 定性 | 好坏 |
| 好坏 | 5 | 5 |
满意度指标 | 服务对象满意度指标 | 读者满意度 | ≥ | 95 | % | 96 | 5 | 4 |
| |
活动参与人员满意度 | ≥ | 95 | % | 95 | 5 | 5 |
合计 | 100 | 99 |
评价结论 | 通过免费开放,吸引了更多公众走进图书馆。 |
"""


def test_an_excerpt_starting_after_the_header_is_read_by_its_rows_shape_and_says_so() -> None:
    # real: 225 (the stored text starts in the middle of the first table)
    document = document_from_text("r.txt", EXCERPT)
    assert _rows(EXCERPT) == [
        ("公益性讲座知晓率", "=100%", "100", "5", "5"),
        ("图书馆管理机制健全性", "好坏", "好坏", "5", "5"),
        ("读者满意度", "≥95%", "96", "5", "4"),
        ("活动参与人员满意度", "≥95%", "95", "5", "5"),
    ]
    assert any("表头不在文中" in note for _, note in document.reading_notes)


def test_rows_without_the_shape_are_no_excerpt() -> None:
    """Two bare numbers where the second exceeds the first are no 分值 and 得分."""
    text = EXCERPT.replace("| 5 | 5 |", "| 5 | 50 |").replace("| 5 | 4 |", "| 5 | 40 |")
    assert _rows(text) == []


def test_an_excerpt_whose_score_column_is_unfilled_reads_the_one_number_as_points() -> None:
    """The same form with no 得分 written: one bare number after each actual, and a 合计 of one
    figure under them; the numbers are the 分值. With a 合计 of two figures the rows would lack
    their 得分, and nothing is read."""
    text = "\n".join(
        [
            "警示标志设置及时率 | = | 100 | % | 100 | 5 |",
            "| |||",
            "成本指标 | 隐患排查成本 | = | 6 | 万元 | 6 | 5 |",
            "效益指标 | 社会效益指标 | 环境美化率 | ≥ | 90 | % | 93 | 10 |",
            "| |",
            "群众满意度 | ≥ | 95 | % | 96 | 10 |",
            "合计 | 100 |",
        ]
    )
    assert _rows(text) == [
        ("警示标志设置及时率", "=100%", "100", "5", "None"),
        ("隐患排查成本", "=6万元", "6", "5", "None"),
        ("环境美化率", "≥90%", "93", "10", "None"),
        ("群众满意度", "≥95%", "96", "10", "None"),
    ]
    assert _rows(text.replace("合计 | 100 |", "合计 | 100 | 98 |")) == []


def test_an_excerpt_of_the_form_left_unfilled_reads_targets_and_points() -> None:
    """The form before its actuals are written: a name, a 指标性质 and target cell, one bare
    number (the 分值), the other cells empty, over a 合计 of one figure. The 指标性质 stays in
    front of its target ("定性较好"). Numbers beyond the 合计 are no 分值: nothing is read."""
    text = "\n".join(
        [
            "宣传册发放及时率 | = | 100 | % | 10 | |||||",
            "成本指标 | 宣传册印制成本 | ≤ | 2000 | 元 | 10 | |||||",
            "效益指标 | 社会效益指标 | 政策知晓率 | ≥ | 80 | % | 20 | ||||",
            "可持续影响指标 | 宣传机制健全性 | 定性 | 较好 | 10 | ||||",
            "合计 | 100 | |||||||",
        ]
    )
    assert _rows(text) == [
        ("宣传册发放及时率", "=100%", "", "10", "None"),
        ("宣传册印制成本", "≤2000元", "", "10", "None"),
        ("政策知晓率", "≥80%", "", "20", "None"),
        ("宣传机制健全性", "定性较好", "", "10", "None"),
    ]
    document = document_from_text("r.txt", text)
    assert any("表头不在文中" in note for _, note in document.reading_notes)
    assert _rows(text.replace("合计 | 100 |", "合计 | 40 |")) == []


VALUES_LAST = (
    "绩效指标一级指标二级指标三级指标年度 指标值实际 完成值分 值得 分偏差原因分析 及改进措施"
    "产出指标数量指标更新老化设备50件50件2020添置新剧目设备100件100件2020质量指标设备质量"
    "\n2、等合格合格2020指标2:时效指标指标1:指标2:"
    "效益指标经济效益 指标完成院区建设,收入达到5亿元5亿元6.47亿元2018"
    "满意度指标服务对象满意度指标演出人员满意度≥95%98%1010指标2:总分10098"
)


def test_values_before_points_and_score_each_row_cut_the_one_way_that_reads() -> None:
    """指标值 | 实际值 | 分值 | 得分 glued: written alike (50件50件, 合格合格) or two figures with
    units (≥95%98%); a name may state its figure (达到5亿元 before 5亿元6.47亿元); a page
    number inside a row ("\\n2、") and empty 指标N slots are passed over."""
    assert _rows(VALUES_LAST) == [
        ("更新老化设备", "50件", "50件", "20", "20"),
        ("添置新剧目设备", "100件", "100件", "20", "20"),
        ("设备质量等", "合格", "合格", "20", "20"),
        ("完成院区建设,收入达到5亿元", "5亿元", "6.47亿元", "20", "18"),
        ("演出人员满意度", "≥95%", "98%", "10", "10"),
    ]


def test_values_before_the_score_alone_when_the_header_has_no_points() -> None:
    text = (
        "一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分产出指标数量指标"
        "成本控制不超过预算不超过预算10质量指标保证建设补助专款专用专款专用专款专用10"
        "时效指标完成时间2023年12月2023年12月9"
    )
    assert _rows(text) == [
        ("成本控制", "不超过预算", "不超过预算", "None", "10"),
        ("保证建设补助专款专用", "专款专用", "专款专用", "None", "10"),
        ("完成时间", "2023年12月", "2023年12月", "None", "9"),
    ]


def test_a_values_last_row_that_reads_two_ways_is_not_guessed() -> None:
    """ "6.47亿元": a figure, so no 得分 "6.47" after "5亿元5亿元" (the one reading left is
    taken); "好好好好10" reads as 好好|好好 or as a name ending 好好 and 好|好: left out."""
    text = VALUES_LAST.replace("演出人员满意度≥95%98%1010", "演出效果好好好好1010")
    document = document_from_text("r.txt", text)
    assert "演出效果" not in " ".join(i.name for i in read_facts(document).indicators)
    assert any("演出效果" in note for _, note in document.reading_notes)


TARGET_POINTS = """某县2019年度高中助学金项目绩效评价指标表
评价指标评价内容指标名称指标说明目标值分值备注
产出数量指标受助学生人数210010
资金支出率达到目标值95%10
质量指标建档立卡学生覆盖率100%10
资助对象满意度达到目标值95%以上10
时效指标及时发放率达到目标值≥98%20
总分

100
"""


def test_a_form_of_target_and_points_glued_one_row_a_line() -> None:
    """目标值 | 分值 glued on each line: a figure with its unit, then the 分值; a bare target
    glued to its 分值 cut the one way that leaves a 分值 of 1 to 100 (2100 | 10); the 指标说明
    text most rows end with ("达到目标值") is that column's, not the name's."""
    assert _rows(TARGET_POINTS) == [
        ("受助学生人数", "2100", "", "10", "None"),
        ("资金支出率", "95%", "", "10", "None"),
        ("建档立卡学生覆盖率", "100%", "", "10", "None"),
        ("资助对象满意度", "95%以上", "", "10", "None"),
        ("及时发放率", "≥98%", "", "20", "None"),
    ]
    facts = read_facts(document_from_text("r.txt", TARGET_POINTS))
    assert [t.value for t in facts.sheet.points_totals] == ["100"]


def test_a_points_first_row_without_points_and_score_ending_its_block() -> None:
    """ "繁育基地8000亩8535.5亩" before the next level: two figures with units, no 分值 or 得分
    (8|000亩 cannot be, 8000 is no 分值); a row's 是 before an actual in words is its target."""
    text = POINTS_FIRST.replace(
        "质量指标设备完好率", "指标3繁育基地8000亩8535.5亩质量指标设备完好率"
    ).replace("群众安全感提升30明显提升明显提升27", "群众安全感提升30是基本达到27")
    rows = _rows(text)
    assert ("繁育基地", "8000亩", "8535.5亩", "None", "None") in rows
    assert ("群众安全感提升", "是", "基本达到", "30", "27") in rows
