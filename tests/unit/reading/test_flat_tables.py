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
