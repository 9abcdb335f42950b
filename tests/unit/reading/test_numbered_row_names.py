"""A 自评表 whose rows are a 合计 row numbered "一、" over its numbered parts, flattened into
text: the numbered name is a row when figures follow it, a heading of the prose otherwise; a
name holding a level label ("社会效益效益指标") is noted unread, with the figures it pushed out."""

from __future__ import annotations

from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.text import document_from_text

NUMBERED = """某县2022年度项目支出绩效自评表
项目名称 | 某县耕地质量提升项目 | |||||
年度绩效目标 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | |||
产出指标 | 数量指标 | 一、示范片建设 | ≧3000亩 | 3000亩 | 10.0 | ||||
1、绿肥种植 | ≧1000亩 | 1000亩 | 5.0 | ||||||
2、有机肥替代 | ≧2000亩 | 2000亩 | 5.0 | ||||||
二、土壤检测 | ≧40个 | 52个 | 10.0 | ||||||
质量指标 | 检测合格率 | ≧95% | 98% | 10.0 | |||||
"""

PROSE_AFTER = """某县2022年度项目支出绩效自评表
一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | |||
产出指标 | 数量指标 | 检测样品数 | ≧40个 | 52个 | 10.0 | ||||
质量指标 | 检测合格率 | ≧95% | 98% | 10.0 | |||||
二、项目资金使用情况
项目资金全部用于土壤检测 按规定拨付到位 没有挪用
"""


def _rows(text: str) -> list[tuple[str, str, str, str]]:
    facts = read_facts(document_from_text("r.txt", text))
    return [
        (i.name, i.target_raw or "", i.actual_raw or "", str(i.score)) for i in facts.indicators
    ]


def test_a_numbered_name_followed_by_figures_is_a_row_not_a_heading() -> None:
    assert _rows(NUMBERED) == [
        ("一、示范片建设", "≧3000亩", "3000亩", "10.0"),
        ("绿肥种植", "≧1000亩", "1000亩", "5.0"),
        ("有机肥替代", "≧2000亩", "2000亩", "5.0"),
        ("二、土壤检测", "≧40个", "52个", "10.0"),
        ("检测合格率", "≧95%", "98%", "10.0"),
    ]


def test_a_numbered_heading_followed_by_words_still_ends_the_table() -> None:
    assert _rows(PROSE_AFTER) == [
        ("检测样品数", "≧40个", "52个", "10.0"),
        ("检测合格率", "≧95%", "98%", "10.0"),
    ]


LEVEL_IN_NAME = """某县2022年度项目支出绩效自评表
一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | |||
产出指标 | 数量指标 | 检测样品数 | ≧40个 | 52个 | 10.0 | ||||
效益指标 | 社会效益效益指标 | 受益农户数 | 800户 | 800户 | 5.0 | ||||
"""

NAMED_AFTER = """某县2022年度项目支出绩效自评表
一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | |||
产出指标 | 数量指标 | 检测样品数 | ≧40个 | 52个 | 10.0 | ||||
效益指标 | 社会效益效益指标 | 受益农户数 | 800户 | 800户 | 5.0 | ||||
满意度指标 | 服务对象满意度指标 | 农户满意度 | ≧90% | 95% | 10.0 | ||||
"""


def test_a_level_label_in_a_name_is_noted_with_the_figures_it_pushed_out() -> None:
    facts = read_facts(document_from_text("r.txt", LEVEL_IN_NAME))
    assert _rows(LEVEL_IN_NAME) == [("检测样品数", "≧40个", "52个", "10.0")]
    notes = " ".join(n for t in facts.document.tables for n in t.notes)
    assert "社会效益效益指标" in notes and "“800户”起的数值" in notes


def test_a_named_row_after_the_noted_one_is_read() -> None:
    assert _rows(NAMED_AFTER) == [
        ("检测样品数", "≧40个", "52个", "10.0"),
        ("农户满意度", "≧90%", "95%", "10.0"),
    ]
