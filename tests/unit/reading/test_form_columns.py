"""自评表 layouts with columns beside the values that hold no value of their own, and other
layouts the flattening of a form leaves: each read back as its careful reader reads it."""

from __future__ import annotations

from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.text import document_from_text


def _rows(text: str) -> list[tuple[str, ...]]:
    facts = read_facts(document_from_text("r.txt", text))
    return [
        (
            i.level2,
            i.name,
            i.target_raw or "",
            i.actual_raw or "",
            str(i.points),
            str(i.score),
        )
        for i in facts.indicators
    ]


def _cells(*cells: str) -> str:
    return "".join(f"{c} |\n" if c else "|\n" for c in cells)


# 指标性质 (正向/反向) and 指标方向 (the comparator) before the target, 计量单位 after the
# actual; one cell a line, each closed by "|".
DIRECTION_AND_UNIT = (
    "某镇农业服务中心项目支出绩效自评表\n"
    + _cells(
        "绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标方向", "年度指标值",
        "实际完成值", "计量单位", "分值", "得分", "偏差原因分析及改进措施", "", "", "",
        "数量指标", "指标1:培训农户人数", "正向", "大于等于", "300", "320", "人", "10", "10",
        "", "", "指标2:病虫害发生面积", "反向", "小于等于", "50", "45", "亩", "10", "9", "",
        "", "质量指标", "指标1:培训合格率", "正向", "等于", "95", "96", "%", "20", "20", "",
    )
    + "合计 |\n100 |\n"
)  # fmt: skip


def test_direction_and_unit_columns_beside_the_values_are_read_apart() -> None:
    assert _rows(DIRECTION_AND_UNIT) == [
        ("数量指标", "培训农户人数", "大于等于300人", "320", "10", "10"),
        ("数量指标", "病虫害发生面积", "小于等于50亩", "45", "10", "9"),
        ("质量指标", "培训合格率", "等于95%", "96", "20", "20"),
    ]


DIRECTION_AND_UNIT_ROWS = """某镇农业服务中心项目支出绩效自评表
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标方向 | 年度指标值 | 实际完成值 | 计量单位 | 分值 | 得分 | 偏差原因分析及改进措施 |
产出指标 | 数量指标 | 培训农户人数 | 正向 | 大于等于 | 300 | 320 | 人 | 10 | 10 | |
| | 病虫害发生面积 | 反向 | 小于等于 | 50 | 45 | 亩 | 10 | 9 | 防治及时 |
| 质量指标 | 培训合格率 | 正向 | 等于 | 95 | 96 | % | 20 | 20 | |
合计 | 100 |
"""


def test_direction_and_unit_columns_in_rows_one_a_line() -> None:
    assert _rows(DIRECTION_AND_UNIT_ROWS) == _rows(DIRECTION_AND_UNIT)


# The unit between the target and the actual (指标值 | 度量单位 | 完成值): the unit is glued to
# the target as before, the actual keeps its own.
UNIT_BEFORE_ACTUAL = (
    "某区档案馆项目支出绩效自评表\n"
    + _cells(
        "绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
        "完成值", "权重",
        "得分", "未完成原因分析", "产出指标", "数量指标", "档案数字化数量", "≥", "2000", "件",
        "2100件", "50", "50", "", "效益指标", "社会效益指标", "档案查阅及时率", "=", "100", "%",
        "100%", "40", "40", "",
    )
    + "合计 |\n90 |\n"
)  # fmt: skip


def test_a_unit_column_before_the_actual_stays_with_the_target() -> None:
    assert _rows(UNIT_BEFORE_ACTUAL) == [
        ("数量指标", "档案数字化数量", "≥2000件", "2100件", "50", "50"),
        ("社会效益指标", "档案查阅及时率", "=100%", "100%", "40", "40"),
    ]


# A PDF text layer writing the figure columns as one block before the names: the first name's
# first line in the header, its wrapped end after the figures, the levels among the names.
FIGURES_FIRST = (
    "某区文化馆项目支出绩效自评表 项目名称 公共文化服务 年初预算数 全年预算数 全年执行数 分值 "
    "执行率 得分 年度资金总额 80 80 80 10 100% 10 "
    "一级指标 二级指标 数量指标 三级指标 开展公益性文化 年度 指标值 实际 完成值 分值 得分 "
    ">=12场 15场 30 30 =100% 100% 20 18 及时 及时 20 20 >=90% 95% 20 20 100 98 "
    "活动场次 产出指标 质量指标 绩 效 指 标 时效指标 满意度指标 服务对象满意度指标 "
    "活动验收合格率 活动开展及时性 群众满意度 总分 -1-"
)


def test_figures_written_before_the_names_are_paired_with_them_in_order() -> None:
    assert _rows(FIGURES_FIRST) == [
        ("数量指标", "开展公益性文化活动场次", ">=12场", "15场", "30", "30"),
        ("质量指标", "活动验收合格率", "=100%", "100%", "20", "18"),
        ("时效指标", "活动开展及时性", "及时", "及时", "20", "20"),
        ("服务对象满意度指标", "群众满意度", ">=90%", "95%", "20", "20"),
    ]


def test_figures_first_are_not_read_when_the_points_do_not_add_up() -> None:
    from jixiao.domain.reading.figures_first import read_figures_first_sheet

    text = FIGURES_FIRST.replace("100 98 活动场次", "80 78 活动场次")
    assert read_figures_first_sheet(text, text.find("三级指标")) is None
    assert read_figures_first_sheet(FIGURES_FIRST, FIGURES_FIRST.find("三级指标")) is not None


def test_a_figures_first_row_is_shown_with_its_figures_as_written() -> None:
    facts = read_facts(document_from_text("r.txt", FIGURES_FIRST))
    where = str(facts.indicators[-1].location)
    assert "群众满意度" in where and ">=90% 95% 20 20" in where


# A glued form (no separators) whose 二级 labels are written short ("成本", "时效") right
# after the figures of the row before.
SHORT_LABELS = (
    "2022年度财政项目绩效自评表单位名称:某县人民医院项目名称设备购置补助\n"
    "一级指标二级指标三级指标年初目标值 (A)实际完成值 (B)得分产出 指标数量指标"
    "购置设备台数20台20台10质量指标设备验收合格率100%100%10"
    "成本每台设备购置费5万元5万元10时效设备到位时间2022年6月2022年6月10"
    "效益 指标社会效益群众就医等候时间缩短明显缩短明显缩短10\n"
)


def test_short_level_labels_after_a_row_open_their_block() -> None:
    rows = _rows(SHORT_LABELS)
    assert ("成本指标", "每台设备购置费", "5万元", "5万元", "None", "10") in rows
    assert ("时效指标", "设备到位时间", "2022年6月", "2022年6月", "None", "10") in rows


def test_a_name_starting_with_a_label_word_stays_whole_where_labels_are_whole() -> None:
    whole = SHORT_LABELS.replace("成本每台", "成本指标每台").replace("10时效设备", "10时效指标设备")
    text = whole.replace(
        "设备验收合格率100%100%10", "设备验收合格率100%100%10质量抽检合格率95%95%10"
    )
    rows = _rows(text)
    assert any(r[1] == "质量抽检合格率" for r in rows)


# A glued form of 年度指标值 | 全年完成值 | 未完成原因 (no 分值 or 得分), one row's actual in
# words saying the target was not met, its reason after it.
UNMET = (
    "2021年度县级专项资金绩效目标自评表专项资金名称县级农机补贴\n"
    "绩效指标一级指标二级指标三级指标年度指标值全年完成值未完成原因和改进措施"
    "产出指标数量指标补贴农机台数300台300台农机作业覆盖率90%90%"
    "质量指标农机年检合格率100%100%效益指标经济效益指标农户增收补贴兑付率100%无当年未申报兑付"
    "满意度指标服务对象满意度指标购机农户满意度95%95%说明无\n"
)


def test_a_word_actual_saying_the_target_was_not_met_ends_its_row() -> None:
    rows = _rows(UNMET)
    assert ("经济效益指标", "农户增收补贴兑付率", "100%", "", "None", "None") in rows
    assert [r[1] for r in rows] == [
        "补贴农机台数", "农机作业覆盖率", "农机年检合格率", "农户增收补贴兑付率", "购机农户满意度",
    ]  # fmt: skip


def test_a_word_actual_is_not_taken_when_a_row_follows_it() -> None:
    from jixiao.domain.reading.values_last import values_only_parses

    parses = values_only_parses("补贴兑付率100%无人机作业面积50亩50亩")
    assert all(row.actual != "无" for row, _ in parses)
    assert len(values_only_parses("补贴兑付率100%无当年未申报兑付")) == 1


def test_a_row_named_by_its_figure_written_three_times_is_read() -> None:
    from jixiao.domain.reading.values_last import values_last_parses

    text = SHORT_LABELS.replace("设备到位时间2022年6月2022年6月10", "2年2年2年10")
    assert ("时效指标", "2年", "2年", "2年", "None", "10") in _rows(text)
    assert values_last_parses("2年2年10", with_points=False) == []  # twice: no name in it
