"""The 证据清单 annex: which indicators rest on evidence, what the others need, the coverage."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.projectfile import read_project
from jixiao.adapters.reports.evidence_annex import build_annex
from jixiao.adapters.reports.narrative import render_text
from jixiao.adapters.reports.view import build_view
from jixiao.adapters.reports.xlsx_writer import write_xlsx
from jixiao.domain.documents import Document
from jixiao.domain.evaluation import evaluate
from jixiao.services.evidence import resolve_evidence
from tests.scenario import ZONE

SHA = "b" * 64
PROJECT = """\
version: 1
project: {name: 雪亮工程, year: 2021}
funds:
  initial_budget: 33.8万元
  payments: [{date: 2021-06-30, amount: 33.8万元, memo: 雪亮工程网络安全升级}]
indicators:
  - {level1: 产出, level2: 成本, name: 升级资金, target: 33.8万元, points: 20,
     actual: {measure: paid_amount, memo: 雪亮}}
  - {level1: 产出, level2: 质量, name: 等保二级, target: 100%, points: 20,
     actual: {value: 100%, documents: [等保二级测评报告]}}
  - {level1: 产出, level2: 数量, name: 小区, target: 16个小区, actual: 16个小区, points: 10}
  - {level1: 效益, level2: 社会效益, name: 提升, target: "定性:全面提升"}
  - {level1: 满意度, level2: 服务对象满意度, name: 满意度, target: "≥90%", actual: 95%}
"""


def test_the_annex_separates_evidence_from_typed_values(store: MemoryStore, tmp_path: Path) -> None:
    with store.write() as repos:
        repos.documents.add(
            Document("雪亮工程", "等保二级测评报告", "等保测评报告", SHA, 10, "pdf")
        )
    project = read_project(PROJECT, "p.yaml")
    with store.read() as repos:
        evaluation = evaluate(resolve_evidence(project, repos, ZONE))
    annex = build_annex(evaluation)
    # Backed: 20 (paid_amount) + 20 (document) of 20+20+10+30+10 = 90 points → 44.44%.
    assert (annex.backed_points, annex.points, annex.coverage, annex.backed) == (
        "40", "90", "44.44%", 2,
    )  # fmt: skip
    paid, cited, typed, missing, survey = annex.lines
    assert paid.source == "度量：支付金额（摘要：雪亮）"
    assert paid.citation.startswith("2021年摘要含“雪亮”的付款1笔，合计33.8万元")
    assert cited.source == "证明材料"
    assert cited.citation == f"《等保二级测评报告》（等保测评报告；SHA-256 {SHA}）"
    assert (typed.backed, typed.source, typed.citation) == (
        False, "无证据", "手工填写的实际完成值，无佐证",
    )  # fmt: skip
    assert typed.needed == "统计台账或验收报告"
    assert missing.citation == "没有实际完成值"
    assert missing.needed == "验收报告、会议纪要、照片等证明材料"
    assert survey.needed == "满意度调查的答卷统计（调查对象、样本量、结果）"
    # The annex goes to the finance bureau as it is: no file keys, no commands.
    for line in annex.lines:
        for text in (line.source, line.citation, line.needed):
            assert not any(word in text for word in ("measure", "{", "=", "jixiao")), text
    view = build_view(evaluation)
    write_xlsx(view, tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx")["证据清单"]
    assert sheet["B5"].value == "等保二级" and sheet["D5"].value == "证明材料"
    text = render_text(view)
    assert "## 附件2：证据清单" in text
    assert "证据覆盖率44.44%：三级指标总分值90分中，40分的实际完成值有证据支撑" in text
