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
