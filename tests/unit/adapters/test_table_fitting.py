"""How the writers size the 自评表: lines each cell wraps to, and the Word table's font."""

from __future__ import annotations

from jixiao.adapters.reports.docx_writer import TABLE_POINTS, table_font
from jixiao.adapters.reports.grid import Cell, Grid, Kind, lines_needed, row_lines


def test_cjk_wraps_by_character_and_latin_runs_move_whole() -> None:
    # 10 wide, 9 usable after the padding: a CJK character is 2.
    assert lines_needed("一二三四", 10) == 1  # 8
    assert lines_needed("一二三四五", 10) == 2  # 10 > 9
    assert lines_needed("一二三四 abcdefgh", 10) == 2  # 9 used; the 8-letter run moves whole
    assert lines_needed("x" * 30, 10) == 4  # longer than a line: broken, 30 / 9 → 4
    assert lines_needed("", 5) == 1 and lines_needed("a\nb", 5) == 2


def test_a_sha256_after_text_starts_a_new_line() -> None:
    sha = "e" * 64
    # 证明材料 (8) then the digest (64) in a 66-wide cell: 8 + 64 > 65, so the digest moves.
    assert lines_needed("证明材料" + sha, 66) == 2


def test_merged_cells_share_their_lines_out_over_their_rows() -> None:
    cells = (
        Cell(0, 0, "一二三四五六七八九十", Kind.LABEL, rowspan=2),  # 5 usable: 2 per line → 5 lines
        Cell(0, 1, "a"),
        Cell(1, 1, "b"),
    )
    assert row_lines(Grid("t", "s", 2, cells), [6, 6]) == [2.5, 2.5]


def _grid(rows: int, text: str) -> Grid:
    cells = tuple(Cell(r, 8, text) for r in range(rows))
    return Grid("项目支出绩效自评表", "（2023年度）", rows, cells)


def test_a_short_table_keeps_the_standard_size_and_fits() -> None:
    assert table_font(_grid(20, "正常")) == (TABLE_POINTS[0], True)


def test_a_longer_table_goes_to_the_smaller_size_when_that_fits() -> None:
    # 40 one-line rows: 40 × (10.5 pt × 1.5 + 0.6 mm) ≈ 246 mm at 五号, ≈ 214 mm at 小五: too
    # long at both. 34 rows: ≈ 209 mm and ≈ 182 mm: 小五 fits.
    assert table_font(_grid(34, "正常")) == (TABLE_POINTS[1], True)
    assert table_font(_grid(40, "正常")) == (TABLE_POINTS[1], False)
