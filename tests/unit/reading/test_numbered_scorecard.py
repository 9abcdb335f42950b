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
