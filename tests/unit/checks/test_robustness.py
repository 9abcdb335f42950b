"""Whatever text a report holds, reading and checking it never crashes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.domain.checks import check_report
from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.text import document_from_text
from tests.unit.checks.reports import CLEAN

# The characters the parsers care about, so random text often looks like a figure or a table.
PIECES = [
    *"0123456789.%，。；：、（）()【】〔〕“”\t\n -≥≤",
    "年", "月", "日", "万元", "元", "亿元", "号", "率", "满意度", "到位率100%", "执行率",
    "一、", "（一）", "1.", "指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
    "分值", "得分", "总分", "产出指标", "数量指标", "效益指标", "如期完成", "其中", "合计",
    "支付", "下达", "预算", "审计金额", "分120月付清", "通过终验", "上线运行", "已运行",
    "截止目前", "县公安局", "工作经费", "以下简称", "[bookmark: _GoBack]", "自评等级：优",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=200))
def test_random_reports_are_read_and_checked_without_error(pieces: list[str]) -> None:
    text = "".join(pieces)
    facts = read_facts(document_from_text("random.txt", text))
    for finding in check_report(facts, [facts]):
        assert finding.rule and finding.message


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=len(CLEAN)), st.integers(min_value=0, max_value=400))
def test_the_clean_report_cut_anywhere_is_read_and_checked(start: int, length: int) -> None:
    facts = read_facts(document_from_text("cut.txt", CLEAN[start : start + length]))
    check_report(facts)
