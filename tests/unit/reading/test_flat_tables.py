"""A web page's table copied one row per line, each cell closed by "|" (flat_tables.py)."""

from __future__ import annotations

from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.flat_tables import find_tables
from jixiao.domain.reading.text import document_from_text

CLOSED = """某县2021年项目绩效自评情况
一级指标 | 二级指标 | 指标名称 | 目标值 | 完成值 |
产出指标 | 产出数量 | 培训人数 | 500名 | 480名 |
| | 验收学校数 | 5所 | 5所 |
| 产出时效 | 培训完成及时 | 2021.1.1-12.31 | 2021.1.1-12.31 |
效益指标 | 社会效益 | 参训学员就业率 | 60%及以上 | 53% |
| 满意度 | 学员满意度 | 95%及以上 | 88%及以上 |
以上为自评情况。
"""


def test_rows_closing_the_same_number_of_cells_are_a_table_with_empty_merged_cells() -> None:
    """The levels the vocabulary does not know ("产出数量", "产出时效") are read by their
    place: a merged level cell left empty takes the row above's, as the page shows it."""
    ((start, end, rows, _),) = find_tables(CLOSED.splitlines())
    assert (start, end) == (1, 7)
    assert rows[2] == ("", "", "验收学校数", "5所", "5所")
    facts = read_facts(document_from_text("r.txt", CLOSED))
    read = [(i.level2, i.name, i.target_raw, i.actual_raw) for i in facts.indicators]
    assert read == [
        ("产出数量", "培训人数", "500名", "480名"),
        ("产出数量", "验收学校数", "5所", "5所"),
        ("产出时效", "培训完成及时", "2021.1.1-12.31", "2021.1.1-12.31"),
        ("社会效益指标", "参训学员就业率", "60%及以上", "53%"),
        ("满意度", "学员满意度", "95%及以上", "88%及以上"),
    ]


def test_rows_padded_at_their_end_or_too_few_are_no_table_of_places() -> None:
    """Rows that dropped their merged cells and were padded with empty ones at the end
    ("验收学校数 | 5所 | 5所 | ||") keep no column by place; two closed lines are no table."""
    padded = [
        "一级指标 | 二级指标 | 指标名称 | 目标值 | 完成值 |",
        "产出指标 | 产出数量 | 培训人数 | 500名 | 480名 |",
        "验收学校数 | 5所 | 5所 | ||",
        "产出时效 | 培训完成及时 | 当年 | 当年 | |",
    ]
    assert find_tables(padded) == []
    assert find_tables(CLOSED.splitlines()[:3]) == []


def _flat(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row]


def _paragraphs(cells: list[str]) -> list[str]:
    """Cells one a paragraph with a blank line between two; an empty cell a line of spaces."""
    return [line for cell in cells for line in (cell or " ", "")]


HEADER = ["一级", "二级", "三级", "年度数值", "备注"]
TARGET_ROWS = [
    ["产出值", "数量值", "在校学生人数", "<=600人", ""],
    ["质量值", "办学条件改善", "=100%", ""],
    ["效益值", "社会效益值", "教学质量提高", "有效", ""],
    ["满意度值", "学生满意度", ">=90%", ""],
]


def test_cells_one_a_paragraph_with_the_empty_note_closing_each_row() -> None:
    """Levels the vocabulary does not know ("产出值", "数量值") are read by their place: a
    row's cells take the header's last columns, the empty 备注 closing it."""
    lines = [
        "某小学项目支出目标申报表",
        "",
        *_paragraphs(HEADER + _flat(TARGET_ROWS)),
        "联系我们",
    ]
    ((start, _end, rows, _),) = find_tables(lines)
    assert start == 2
    assert rows[2] == ("质量值", "办学条件改善", "=100%", "")
    facts = read_facts(document_from_text("r.txt", "\n".join(lines)))
    read = [(i.level1, i.level2, i.name, i.target_raw) for i in facts.indicators]
    assert read == [
        ("产出值", "数量值", "在校学生人数", "<=600人"),
        ("产出值", "质量值", "办学条件改善", "=100%"),
        ("效益值", "社会效益值", "教学质量提高", "有效"),
        ("效益值", "满意度值", "学生满意度", ">=90%"),
    ]


def test_paragraph_cells_without_an_empty_note_or_a_value_column_are_no_table() -> None:
    """The 备注 filled on a row (so no empty cell closes it), or a header with no value
    column: the places of the cells are not known, nothing is taken as a table."""
    filled = [["产出值", "数量值", "在校学生人数", "<=600人", "按期"], *TARGET_ROWS[1:]]
    assert find_tables(_paragraphs(HEADER + _flat(filled))) == []
    no_value = ["一级", "二级", "三级", "备注"]
    rows = [["产出值", "数量值", "在校学生人数", ""], ["质量值", "办学条件改善", ""]] * 2
    assert find_tables(_paragraphs(no_value + _flat(rows))) == []
