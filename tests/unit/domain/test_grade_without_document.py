"""The `grade-without-document` finding: a 达成 grade citing nothing fires; cited, or a lower
grade, stays quiet."""

from __future__ import annotations

import dataclasses

from jixiao.adapters.projectfile import read_project
from jixiao.domain.evaluation import evaluate
from jixiao.domain.targets import Graded

PROJECT = """\
version: 1
project: {name: 雪亮工程, year: 2021}
funds: {initial_budget: 10万元, executed: 10万元}
indicators:
  - {level1: 产出, level2: 质量, name: 等保, target: 100%, actual: 100%}
  - {level1: 效益, level2: 社会效益, name: 提升网络安全等级, target: "定性:全面提升", actual: ACTUAL}
  - {level1: 满意度, level2: 服务对象满意度, name: 满意度, target: "≥90%", actual: 95%}
"""


def _rules(actual: str) -> list[str]:
    return [f.rule for f in evaluate(read_project(PROJECT.replace("ACTUAL", actual), "p")).findings]


def test_an_achieved_grade_without_documents_fires() -> None:
    evaluation = evaluate(read_project(PROJECT.replace("ACTUAL", "达成"), "p.yaml"))
    [finding] = [f for f in evaluation.findings if f.rule == "grade-without-document"]
    assert finding.location == "效益指标/社会效益指标/提升网络安全等级"
    assert finding.message == (
        "定性指标评为“达成年度指标”，但未引用任何证明材料（documents）；"
        "复核时没有资料证明的指标按0分计，失30分"
    )


def test_a_cited_document_or_a_lower_grade_is_quiet() -> None:
    assert "grade-without-document" not in _rules("{grade: 部分达成, points: 20}")
    project = read_project(PROJECT.replace("ACTUAL", "达成"), "p.yaml")
    graded = project.indicators[1].actual
    assert isinstance(graded, Graded)
    cited = dataclasses.replace(graded, documents=("等保二级测评报告",))
    indicators = (
        project.indicators[0],
        dataclasses.replace(project.indicators[1], actual=cited),
        project.indicators[2],
    )
    rules = [f.rule for f in evaluate(dataclasses.replace(project, indicators=indicators)).findings]
    assert "grade-without-document" not in rules
