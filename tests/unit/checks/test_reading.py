"""The report text model: sections, flattened tables, wrapped lines, and the facts read."""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.flat_tables import find_tables
from jixiao.domain.reading.tables import Column
from jixiao.domain.reading.text import RawParagraph, RawTable, build_document, document_from_text
from jixiao.domain.reading.wrap import join_wrapped
from tests.unit.checks.reports import CLEAN, facts_of


def test_paragraphs_know_their_section_and_line() -> None:
    document = document_from_text(
        "r.txt", "标题\n一、项目概况\n（一）基本情况\n正文一句。\n二、绩效"
    )
    body = document.paragraphs[3]
    assert str(body.location) == "一、项目概况 （一）基本情况，第4行"
    assert document.paragraphs[4].location.section == "二、绩效"


def test_numbered_body_paragraphs_are_not_headings() -> None:
    document = document_from_text(
        "r.txt", "1.天网工程于2018年12月28日通过终验正式上线运行，弥补了空白。"
    )
    assert not document.paragraphs[0].is_heading


def test_tab_separated_rows_become_a_table() -> None:
    lines = ["说明", "一级\t二级\t三级", "产出\t数量\t点位", "结尾"]
    ((start, end, rows, row_lines),) = find_tables(lines)
    assert (start, end, row_lines) == (1, 3, (1, 2))
    assert rows == (("一级", "二级", "三级"), ("产出", "数量", "点位"))


def test_a_lone_trailing_tab_is_not_a_table() -> None:
    assert find_tables(["该项目申报、执行均按规定程序执行。\t", "下一段"]) == []


def test_word_tables_keep_merged_cells_in_every_row() -> None:
    rows = (
        ("一级指标", "二级指标", "三级指标", "年度指标值"),
        ("产出指标", "数量指标", "点位数", "≥700路"),
        ("产出指标", "质量指标", "在线率", "≥95%"),
    )
    document = build_document(
        "r.docx", [RawParagraph("标题", "第1段"), RawTable(rows, "第1个表格")]
    )
    facts = read_facts(document)
    assert [(i.level1, i.name) for i in facts.indicators] == [
        ("产出指标", "点位数"),
        ("产出指标", "在线率"),
    ]


def test_wrapped_page_lines_are_joined_and_page_numbers_dropped() -> None:
    lines = [
        "一、项目概况",
        "天网工程于2019年1月1日通过终验正式上线运行，截止目前，",
        "已正常运行2年10月。",
        "- 1 -",
        "二、资金",
    ]
    assert join_wrapped(lines) == [
        "一、项目概况",
        "天网工程于2019年1月1日通过终验正式上线运行，截止目前，已正常运行2年10月。",
        "二、资金",
    ]


def test_the_clean_report_reads_its_name_unit_year_date_and_funds() -> None:
    facts = facts_of(CLEAN)
    assert facts.name is not None and facts.name.value == "天网工程运维经费"
    assert facts.department is not None and facts.department.value == "某县公安局"
    assert facts.year_value == 2021
    assert facts.report_date is not None and facts.report_date.raw == "2022年3月15日"
    assert facts.funds is not None and facts.funds.total is not None
    assert facts.funds.total.amounts[Column.BUDGET] == Decimal(2_000_000)
    assert [s.label for s in facts.funds.sources] == ["当年财政拨款", "上年结转资金"]
    assert len(facts.indicators) == 6
    assert facts.sheet.weights[-1] == ("预算执行率", Decimal(10))


def test_a_figure_wrapped_across_lines_is_joined_without_a_space() -> None:
    assert join_wrapped(["全年预算数为了说明问题而写得很长很长的一句话5", "0万元。"]) == [
        "全年预算数为了说明问题而写得很长很长的一句话50万元。"
    ]
