"""The scorecard (绩效评价指标评分表) flattened one cell per line, as web pages copy it: levels
with their own 分值 columns, or their points inside the cell ("决策依据 (4分)")."""

from __future__ import annotations

from jixiao.domain.checks import check_report
from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.text import document_from_text

# blank line between cells; every level with a 分值 column; each merged level cell once
OWN_POINTS = "\n\n".join(
    """某项目绩效自评表
二、绩效评价指标评分
一级指标
分值
二级指标
分值
三级指标
分值
得分
项目决策
20
项目目标
4
目标内容
4
4
决策过程
16
决策依据
6
5
决策程序
10
10
项目管理
30
资金到位
30
到位率
20
20
到位时效
10
8
合计
50
47
三、评价结论""".splitlines()
)

# '|' after each cell, a lone '|' an empty cell; the points inside the level cells; 自评分
# before two text columns and an empty 得分
IN_NAMES = """计分表
一级 指标 |
二级 指标 |
三级 指标 |
自评分 |
具体指标 |
评价标准 |
得分 |
项 目 决 策 (15分) |
决策 过程 (8分) |
决策 依据 (4分) |
4 |
有关法律法规的明确规定 |
符合法律法规(1分) 符合发展规划(1分) 针对实际问题(2分) |
|
决策 程序 (4分) |
3 |
项目符合申报条件 |
符合申报条件(2分) 程序合规(2分) |
|
||
资金 分配 (7分) |
分配 办法 (7分) |
6 |
有资金管理办法 |
有办法(3分) 因素合理(4分) |
|
"""


def _rows(text: str) -> list[tuple[str, str, str, str, str]]:
    facts = read_facts(document_from_text("r.txt", text))
    return [(i.level1, i.level2, i.name, str(i.points), str(i.score)) for i in facts.indicators]


def test_levels_with_their_own_points_read_as_rows_with_the_levels_carried_down() -> None:
    assert _rows(OWN_POINTS) == [
        ("项目决策", "项目目标", "目标内容", "4", "4"),
        ("项目决策", "决策过程", "决策依据", "6", "5"),
        ("项目决策", "决策过程", "决策程序", "10", "10"),
        ("项目管理", "资金到位", "到位率", "20", "20"),
        ("项目管理", "资金到位", "到位时效", "10", "8"),
    ]


def test_points_inside_the_level_cells_and_the_first_score_column() -> None:
    assert _rows(IN_NAMES) == [
        ("项目决策", "决策过程", "决策 依据 (4分)", "4", "4"),
        ("项目决策", "决策过程", "决策 程序 (4分)", "4", "3"),
        ("项目决策", "资金分配", "分配 办法 (7分)", "7", "6"),
    ]


def test_a_scorecard_has_no_targets_so_none_is_reported_missing() -> None:
    facts = read_facts(document_from_text("r.txt", OWN_POINTS))
    rules = {f.rule for f in check_report(facts)}
    assert not rules & {"indicator-no-target", "indicator-no-actual", "table-unreadable"}


def test_a_row_whose_score_was_dropped_ends_the_table_rather_than_shifting_a_level() -> None:
    # 决策依据's 得分 is missing: 决策依据 6 决策程序 10 10 would read as a 二级 block
    # "决策依据" (6) holding "决策程序" (10 > 6) if guessed; the reader stops instead
    text = OWN_POINTS.replace("决策依据\n\n6\n\n5", "决策依据\n\n6")
    assert _rows(text) == [("项目决策", "项目目标", "目标内容", "4", "4")]
    (table,) = [t for t in read_facts(document_from_text("r.txt", text)).document.tables]
    assert "之后的行未读取" in table.notes[0]


def test_the_2020_score_sheet_header_is_not_a_scorecard() -> None:
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    text = "\n".join([*header, "产出指标", "数量指标", "点位数量", "≥500个", "520个", "30", "30"])
    assert _rows(text) == [("产出指标", "数量指标", "点位数量", "30", "30")]
