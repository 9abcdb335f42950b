"""The numbered scorecard (序号 | 一级 | 二级 | 三级 | 指标说明 | 分值 | 评分) one cell per line
between "|" marks, as a web page copies it."""

from __future__ import annotations

from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.text import document_from_text

HEADER = ["序号", "一级指标", "二级指标", "三级指标", "指标说明", "指标", "乡级", "县级", ""]
SECOND = ["分值", "评分", "评分", ""]
ROWS = [
    ["1", "投入(20)", "目标设定", "目标明确", "目标清晰具体的,得3分", "3", "3", "", ""],
    ["2", "计划安排", "按时编制计划的,得2分", "2", "1", "", ""],
    ["3", "产出(80)", "完成情况", "完工率", "全部完工的,得5分", "5", "5", "", ""],
    ["验收合格的,另得2分", "2", "2", "", ""],
    ["4", "完工及时性", "按期完工的,得4分;逾期扣", "4", "4", "", ""],
]


def _text(rows: list[list[str]]) -> str:
    cells = [c for row in [HEADER, SECOND, *rows] for c in row]
    return "某乡2022年度奖补项目绩效自评表\n|\n" + "\n|\n".join(cells) + "\n|\n"


def _rows(text: str) -> list[tuple[str, str, str, str, str]]:
    facts = read_facts(document_from_text("r.txt", text))
    return [(i.level1, i.level2, i.name, str(i.points), str(i.score)) for i in facts.indicators]


def test_numbered_rows_take_levels_from_the_right_and_a_second_rule_is_a_row_of_its_own() -> None:
    # the last row is cut inside its 说明 ("逾期扣"): it has no figures and is not read
    text = _text(ROWS)
    cut = text[: text.index("逾期扣") + 3]
    assert _rows(cut) == [
        ("投入", "目标设定", "目标明确", "3", "3"),
        ("投入", "目标设定", "计划安排", "2", "1"),
        ("产出", "完成情况", "完工率", "5", "5"),
        ("产出", "完成情况", "验收合格的,另得2分", "2", "2"),
    ]
    assert [r[2] for r in _rows(text)][-1] == "完工及时性"
    # where a row is placed, its 说明 is shown: the rule a finding on its score is read against
    facts = read_facts(document_from_text("r.txt", text))
    assert "计划安排：按时编制计划的,得2分" in facts.indicators[1].location.place


def test_without_the_serial_column_the_shape_is_not_read_as_numbered() -> None:
    """No 序号 in the header: the numbers in the rows are no serials, and this reader stays
    out (the cells do not read as any other table either)."""
    header = HEADER[1:]
    rows = [r[1:] if r[0].isdigit() else r for r in ROWS]
    cells = [c for row in [header, SECOND, *rows] for c in row]
    text = "某乡奖补项目绩效自评表\n|\n" + "\n|\n".join(cells) + "\n|\n"
    assert _rows(text) == []


POINTS_FIRST = [
    "序号",
    "一级 指标",
    "二级 指标",
    "三级 指标",
    "指标分值",
    "指标解释",
    "评分标准",
    "自评得分",
]
POINTS_FIRST_ROWS = [
    [
        "1",
        "规划 (10分)",
        "基础信息 (4分)",
        "信息 完整性",
        "4",
        "信息是否完整",
        "完整的(4分)",
        "3",
        "",
    ],
    ["2", "工作计划 (6分)", "计划明确性", "6", "计划是否明确", "明确可操作(6分)", "6", "", ""],
    ["3", "执行 (20分)", "预算执行 (20分)", "预算执行率", "20", "执行数/预算数", "达100%(20分)"],
]


def _points_first(rows: list[list[str]], header: list[str] = POINTS_FIRST) -> str:
    cells = [c for row in [header, *rows] for c in row]
    return "某局2023年度部门整体支出绩效自评表\n单位 | |\n" + " |\n".join(cells) + " |\n"


def test_points_before_the_rules_and_the_score_after_them_are_read_and_a_cut_row_is_noted() -> None:
    """序号 | 一级 | 二级 | 三级 | 指标分值 | 指标解释 | 评分标准 | 自评得分: the 分值 first, the
    得分 after the two rule columns (whose "(4分)" is no figure of the row); the last row is
    cut before its 得分, so it is not read, and the reading says so."""
    text = _points_first(POINTS_FIRST_ROWS)
    text = text[: text.rindex(" |\n")]  # the copy stops inside the last rule
    assert _rows(text) == [
        ("规划", "基础信息", "信息 完整性", "4", "3"),
        ("规划", "工作计划", "计划明确性", "6", "6"),
    ]
    facts = read_facts(document_from_text("r.txt", text))
    notes = [n for _, n in facts.document.reading_notes]
    assert any("预算执行率" in n and "未读取" in n for n in notes)
    assert "信息 完整性：完整的(4分)" in facts.indicators[0].location.place


def test_a_points_first_header_over_rows_of_another_shape_is_noted_not_guessed() -> None:
    """The same header over a row with one rule cell fewer than the header says, so a figure
    stands where a rule should: the row is not read (neither as this form nor cell by cell
    as a flat table) and the reading says so."""
    rows = [
        ["1", "规划 (10分)", "基础信息 (4分)", "信息 完整性", "4", "完整的(4分)", "3", "好", ""]
    ]
    facts = read_facts(document_from_text("r.txt", _points_first(rows)))
    assert facts.indicators == ()
    notes = [n for _, n in facts.document.reading_notes]
    assert any("第1行（信息 完整性）" in n and "对不上" in n for n in notes)


def test_rules_before_the_points_still_read_as_the_explained_form() -> None:
    """指标说明 before 分值 and 评分 (the form above): the points-first reading stays out, so
    a row's first figure is its 分值 and the second its 评分, as before."""
    header = ["序号", "一级指标", "二级指标", "三级指标", "评分标准", "分值", "得分", ""]
    rows = [["1", "规划", "基础信息", "信息完整性", "完整的(4分)", "4", "3", ""]]
    cells = [c for row in [header, *rows] for c in row]
    text = "某局绩效自评表\n|\n" + "\n|\n".join(cells) + "\n|\n"
    assert _rows(text) == [("规划", "基础信息", "信息完整性", "4", "3")]
