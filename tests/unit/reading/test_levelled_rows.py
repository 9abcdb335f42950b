"""An excerpt without its header whose every row writes its 一级 and 二级 cells:
"| 项目完成指标 | 质量指标 | name | 指标值 | 实际值 | ||||" (levelled_rows.py)."""

from __future__ import annotations

from pathlib import Path

from jixiao.adapters.readers import read_report
from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.levelled_rows import NOTE
from jixiao.domain.reading.text import document_from_text


def _excerpt(rows: list[list[str]]) -> str:
    lines = ["|   " + "\n        | \n     ".join(row) + "\n        | \n  ||||" for row in rows]
    return "\n".join(lines) + "\n\n2.部门绩效评价结果。\n本部门按要求开展自评。\n"


ROWS = [
    ["项目完成指标", "数量指标", "培训人次", "≥200人次", "230人次"],
    ["项目完成指标", "时效指标", "2021年", "2021年", "2021年"],
    ["效益指标", "社会效益指标", "群众安全意识", "有所提高", "明显提高"],
    ["", "满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "95%"],
]


def _rows(text: str) -> list[tuple[str, str, str, str | None, str | None]]:
    facts = read_facts(document_from_text("r.txt", text))
    return [(i.level1, i.level2, i.name, i.target_raw, i.actual_raw) for i in facts.indicators]


def test_rows_writing_their_levels_read_as_target_then_actual_with_a_note() -> None:
    """Three cells of the same words under level cells of their own are three cells: the 时效
    row is read, not taken for one cell merged across the row."""
    text = _excerpt(ROWS)
    assert [r[2:] for r in _rows(text)] == [
        ("培训人次", "≥200人次", "230人次"),
        ("2021年", "2021年", "2021年"),
        ("群众安全意识", "有所提高", "明显提高"),
        ("参训人员满意度", "≥90%", "95%"),
    ]
    notes = [n for _, n in read_facts(document_from_text("r.txt", text)).document.reading_notes]
    assert NOTE in notes


def test_a_row_with_a_bare_number_is_another_form_and_is_noted_not_read() -> None:
    """ "… | 230人次 | 10 |": a 分值 after the values is another form; that row is left out with
    a note, the rows of the shape are read."""
    rows = [*ROWS[:1], [*ROWS[1], "10"], *ROWS[2:]]
    text = _excerpt(rows)
    assert [r[2] for r in _rows(text)] == ["培训人次", "群众安全意识", "参训人员满意度"]
    notes = [n for _, n in read_facts(document_from_text("r.txt", text)).document.reading_notes]
    assert any("“2021年”一行不是该形状" in n for n in notes)


def test_fewer_than_three_rows_or_rows_with_scores_are_not_this_shape() -> None:
    assert _rows(_excerpt(ROWS[:2])) == []
    scored = [[*row, "10", "10"] for row in ROWS]
    assert not any(r[3] == "≥200人次" and r[4] == "230人次" for r in _rows(_excerpt(scored)))


def test_a_cell_merged_across_a_grid_row_is_still_no_indicator(tmp_path: Path) -> None:
    """An HTML table whose 预算执行率 cell spans the 三级, 指标值 and 实际值 columns repeats
    it in each: that row is one merged cell, not an indicator."""
    header = "".join(
        f"<td>{w}</td>" for w in ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值")
    )
    rows = [
        "<td>产出指标</td><td>数量指标</td><td>培训人次</td><td>≥200人次</td><td>230人次</td>",
        '<td>执行</td><td>资金</td><td colspan="3">预算执行率</td>',
    ]
    page = "".join(f"<tr>{r}</tr>" for r in (header, *rows))
    path = tmp_path / "r.html"
    path.write_text(
        f'<html><head><meta charset="utf-8"></head><body><table>{page}</table></body></html>',
        encoding="utf-8",
    )
    facts = read_facts(read_report(path))
    assert [i.name for i in facts.indicators] == ["培训人次"]
