"""`{measure: satisfaction, survey: NAME}`: the rate of a stored survey, cited, and scored."""

from __future__ import annotations

from decimal import Decimal

from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.projectfile import read_project
from jixiao.domain.evaluation import evaluate
from jixiao.domain.surveys import Response, Survey
from jixiao.domain.targets import EvidenceRef, Measured
from jixiao.services.evidence import resolve_evidence
from tests.scenario import ZONE

PROJECT = """\
version: 1
project: {name: 地网工程, year: 2021}
funds: {initial_budget: 10万元, executed: 10万元}
indicators:
  - {level1: 产出, level2: 数量, name: 点位, target: 1个, actual: 1个}
  - {level1: 满意度, level2: 服务对象满意度, name: 满意度, target: "≥90%",
     actual: {measure: satisfaction, survey: SURVEY}}
"""


def test_satisfaction_is_measured_from_valid_answers(store: MemoryStore) -> None:
    # 27 满意 + 1 比较满意 of 30 valid (2 一般), plus 2 blank: 28/30 = 93.333…% → 93.33%.
    answers = [5] * 27 + [4] + [3, 3] + [None, None]
    with store.write() as repos:
        key = repos.surveys.add(Survey("群众满意度", ("是否满意",)))
        repos.surveys.add_responses(key, [Response((a,)) for a in answers])
    project = read_project(PROJECT.replace("SURVEY", "群众满意度"), "p.yaml")
    with store.read() as repos:
        resolved = resolve_evidence(project, repos, ZONE)
    actual = resolved.indicators[1].actual
    assert isinstance(actual, Measured)
    assert actual.quantity.value == Decimal("93.33")
    assert actual.evidence is not None
    assert actual.evidence.startswith(
        "满意度93.33%（满意及比较满意28人/有效答卷30份，共32份答卷，2份有空项或未作答，不计入）；"
        "95%置信水平下误差±8.93%；"
    )
    # 93.33 ≥ 90: full points of the 满意度 block (10).
    assert evaluate(resolved).indicators[1].score == Decimal(10)


def test_an_unknown_survey_is_unresolved(store: MemoryStore) -> None:
    project = read_project(PROJECT.replace("SURVEY", "别的调查"), "p.yaml")
    with store.read() as repos:
        actual = resolve_evidence(project, repos, ZONE).indicators[1].actual
    assert isinstance(actual, EvidenceRef)
    assert actual.problem == "没有名为“别的调查”的满意度调查；已有：（无）"
