"""A spreadsheet's 自评表 whose header words came out among its first rows: the numbered
names and the figure groups read as two streams, each in its own order."""

from __future__ import annotations

from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.interleaved import read_interleaved_sheet
from jixiao.domain.reading.text import document_from_text

# the 数量指标 block's targets come out as a column before the rest of its rows' figures
SHEET = (
    "某县2023年度培训项目绩效自评表 一级指标 二级指标 年度 实际 指标值 完成值 "
    "数量指标 指标1:培训人次 指标2:发放手册 500人次 不少于200册 6次 三级指标 "
    "指标3:开展讲座 分值 得分 偏差原因分析及改进措施 520人次 10 10 250册 10 8 8次 10 10 "
    "质量指标 指标1:讲座合格 率 ≥90% 95% 20 20 总分 50 48"
)


def _rows(text: str) -> list[tuple[str, str, str, str, str]]:
    facts = read_facts(document_from_text("r.txt", text))
    return [
        (i.name, i.target_raw or "", i.actual_raw or "", str(i.points), str(i.score))
        for i in facts.indicators
    ]


def test_names_take_the_figure_groups_by_their_numbers() -> None:
    assert _rows(SHEET) == [
        ("培训人次", "500人次", "520人次", "10", "10"),
        ("发放手册", "不少于200册", "250册", "10", "8"),
        ("开展讲座", "6次", "8次", "10", "10"),
        ("讲座合格率", "≥90%", "95%", "20", "20"),
    ]


def test_a_lost_name_keeps_its_place_and_its_row_is_noted_not_read() -> None:
    text = SHEET.replace("指标2:发放手册 ", "")
    assert [r[0] for r in _rows(text)] == ["培训人次", "开展讲座", "讲座合格率"]
    notes = [n for _, n in document_from_text("r.txt", text).reading_notes]
    assert any("不少于200册｜250册｜10｜8" in n for n in notes)


def test_groups_that_do_not_fill_the_numbered_blocks_are_not_read_this_way() -> None:
    # a figure group short: the blocks' 3 + 1 rows get 3 groups and two stray figures
    short = SHEET.replace("8次 10 10 ", "")
    assert read_interleaved_sheet(short, short.index("三级指标")) is None


def test_a_header_whole_above_its_rows_is_left_to_the_ordinary_readers() -> None:
    text = (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
        "产出指标 数量指标 指标1:培训人次 500人次 520人次 10 10 总分 10 10"
    )
    assert read_interleaved_sheet(text, text.index("三级指标")) is None
