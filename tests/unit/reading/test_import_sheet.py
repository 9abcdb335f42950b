"""`jixiao import` on a 自评表: the file always loads, and the unit's own scores are kept
beside ours so that `evaluate` shows where they differ."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.adapters.importers import import_report
from jixiao.adapters.projectfile import read_project
from jixiao.adapters.readers import read_report
from jixiao.domain.evaluation import evaluate
from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.text import document_from_text

from .sheets import write_xlsx


def _imported(text: str) -> str:
    return import_report(read_facts(document_from_text("r.txt", text)), 2023).text


def test_published_scores_are_kept_and_evaluate_names_each_difference(tmp_path: Path) -> None:
    facts = read_facts(read_report(write_xlsx(tmp_path / "自评表.xlsx")))
    text = import_report(facts, 2023).text
    assert "published_score: 15  # 报告自评得分" in text
    assert "total: 97.88" in text
    evaluation = evaluate(read_project(text, "x.yaml"))
    assert evaluation.project.published_total == Decimal("97.88")
    differs = {f.location: f.message for f in evaluation.findings if f.rule.startswith("self-")}
    # 15 × 90 ÷ 95 = 14.2105… -> 14.21; the unit gave the full 15 although 90% < 95%
    assert differs["产出指标/质量指标/视频监控在线率"].startswith("单位自评15分，按规则计14.21分")
    # 预算执行率 9.875 -> 9.88 + 25 + 10 + 14.21 + 0 (no gradable actual) + 10 = 69.09
    assert differs["总分"] == "单位自评总分97.88分，按规则计算总分69.09分"
    assert "产出指标/数量指标/监控点位运维数量" not in differs  # 25 = 25: no line


SHEET = """绩效自评表
一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分
产出指标\t数量指标\t设备维护数量\t≥100台\t100台\t30\t30
产出指标\t质量指标\t设备完好率\t≥95%\t96%\t30\t30
效益指标\t社会效益指标\t服务群众人次\t≥1000人次\t1200人次\t20\t20
满意度指标\t服务对象满意度指标等\t群众满意度\t≥90%\t92%\t20\t20
"""


def test_a_sheet_without_name_or_budget_still_loads_with_placeholders() -> None:
    text = _imported(SHEET)
    assert "name: （请填写项目名称）  # 占位：报告中未找到项目名称，请填写" in text
    assert "initial_budget: null  # 报告没有写预算数或下达金额：请填写" in text
    evaluation = evaluate(read_project(text, "x.yaml"))
    assert "missing-budget" in [f.rule for f in evaluation.findings]
    assert [i.level2 for i in evaluation.project.indicators][-1] == "服务对象满意度指标"


def test_points_that_do_not_add_up_to_the_weights_are_left_to_the_rules() -> None:
    """产出 30+30, 效益 20, 满意度 20 and 执行率 10 make 110: the table's own 分值 give no
    weights, and under the 10号 ones (50/30/10/10) no block adds up."""
    text = _imported(SHEET)
    assert (
        "points: null  # 报告分值30；“产出指标”分值合计60，不等于权重50，按权重平分（请核对）"
        in text
    )
    evaluation = evaluate(read_project(text, "x.yaml"))
    assert [i.points for i in evaluation.project.indicators] == [25, 25, 30, 10]
