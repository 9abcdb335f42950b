"""The glued 部门整体 form whose 指标权重 stands between 指标值 and 全年完成值: rows as runs
of characters, the four figures cut only where one cut fits or the report's totals settle it."""

from __future__ import annotations

from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.text import document_from_text

SHEET = (
    "某区2023年度部门整体绩效自评表\n"
    "自评总分(分)96.5年初预算数全年预算数全年执行数执行率执行率权重执行率得分"
    "年度总金额100.00100.0065.0065106.5\n"
    "绩效指标指标名称计量单位指标性质指标值指标权重(分)全年完成值指标得分(分)说明"
    "道路保洁覆盖率%98159915群众满意度%90109510设施完好率%95109810公厕保洁座数座50105010\n"
)


def _rows(text: str) -> list[tuple[str, str, str, str, str]]:
    facts = read_facts(document_from_text("r.txt", text))
    return [
        (i.name, i.target_raw or "", i.actual_raw or "", str(i.points), str(i.score))
        for i in facts.indicators
    ]


def test_each_row_cut_the_one_way_that_fits_the_columns() -> None:
    # "公厕保洁座数座50105010" is 50|10|50|10, 50|10|501|0 or 5010|50|1|0: with 96.5 = 6.5
    # (65% of the 执行率权重 10) + 90, no indicator lost a point, and only 50|10|50|10 is left
    assert _rows(SHEET) == [
        ("道路保洁覆盖率", "98%", "99", "15", "15"),
        ("群众满意度", "90%", "95", "10", "10"),
        ("设施完好率", "95%", "98", "10", "10"),
        ("公厕保洁座数", "50座", "50", "10", "10"),
    ]
    notes = [n for _, n in document_from_text("r.txt", SHEET).reading_notes]
    assert any("按自评总分推定各项得满分" in n for n in notes)


def test_without_totals_that_settle_it_an_ambiguous_row_is_left_out() -> None:
    names = [r[0] for r in _rows(SHEET.replace("96.5", "95.5"))]
    assert names == ["道路保洁覆盖率", "群众满意度", "设施完好率"]
