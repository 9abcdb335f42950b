"""A glued 自评表 of 年度指标值 | 全年完成值 | 未完成原因 only (no 分值, no 得分): each row is a
name and its two values run together, the spaces left being a narrow cell's line breaks."""

from __future__ import annotations

from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.text import document_from_text
from jixiao.domain.reading.values_last import values_only_parses

HEAD = (
    "2020年度县级专项资金绩效目标自评表专项资金名称县级粮食储备绩 效 指 标一级 指标二级 "
    "指标三级指标年度指标 值全年 完成值未完成原因和 改进措施"
)
BODY = (
    "产 出 指 标数量 指标3000吨稻谷、300吨成 品粮储备到位率100%100%库存数量真实率100%100%"
    "质量 指标储备粮管理专户管 理率100%100%库存粮食明显变 质比例00时效 指标贷款付息及时 "
    "率100%100%效益 指标社会 效益 指标粮食安全事件 发生数0起0起可持 续影 响指标设备维护及 "
    "安全性高高"
)


def _rows(text: str) -> list[tuple[str, str, str]]:
    facts = read_facts(document_from_text("r.txt", text))
    return [(i.name, i.target_raw or "", i.actual_raw or "") for i in facts.indicators]


def test_rows_of_a_name_and_two_values_run_together_are_read() -> None:
    """A name may state figures ("3000吨稻谷、300吨成品粮…"), values written alike may be bare
    ("00") or words ("高高"); the wraps inside cells are dropped."""
    assert _rows(HEAD + BODY + "说明无") == [
        ("3000吨稻谷、300吨成品粮储备到位率", "100%", "100%"),
        ("库存数量真实率", "100%", "100%"),
        ("储备粮管理专户管理率", "100%", "100%"),
        ("库存粮食明显变质比例", "0", "0"),
        ("贷款付息及时率", "100%", "100%"),
        ("粮食安全事件发生数", "0起", "0起"),
        ("设备维护及安全性", "高", "高"),
    ]


def test_a_name_never_runs_over_two_values_and_a_rate_above_full_is_not_cut() -> None:
    """ "…率100%100%库存…率100%100%": the first row ends at its values, whatever follows;
    "市民满意度调查290%100%" reads as 290% or as "…调查2" and 90%: not read."""
    parses = values_only_parses("到位率100%100%库存数量真实率100%100%")
    assert [(r.name, r.target, r.actual) for r, _ in parses] == [("到位率", "100%", "100%")]
    assert values_only_parses("市民满意度调查290%100%") == []


def test_the_same_header_over_spaced_cells_is_not_read_as_glued() -> None:
    """Cells apart by spaces, one value each: the stream reader reads them, not this one."""
    spaced = (
        "2020年度县级专项资金绩效目标自评表 一级指标 二级指标 三级指标 年度指标值 全年完成值 "
        "未完成原因和改进措施 产出指标 数量指标 库存数量真实率 100% 98% 轮换未完成 "
        "质量指标 专户管理率 100% 100% 时效指标 付息及时率 100% 100%"
    )
    assert _rows(spaced) == [
        ("库存数量真实率", "100%", "98%"),
        ("专户管理率", "100%", "100%"),
        ("付息及时率", "100%", "100%"),
    ]
