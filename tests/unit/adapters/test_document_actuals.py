"""Actuals citing documents survive the project file: read, dumped, read again."""

from __future__ import annotations

import pytest

from jixiao.adapters.projectfile import read_project
from jixiao.adapters.projectfile.export import dump_project
from jixiao.domain.errors import InputError
from jixiao.domain.targets import Grade, Graded, Measured

PROJECT = """\
version: 1
project: {name: 雪亮工程, year: 2021}
funds: {initial_budget: 10万元}
indicators:
  - {level1: 产出, level2: 质量, name: 等保, target: 100%, actual: {value: 100%, documents: [甲]}}
  - {level1: 效益, level2: 社会效益, name: 提升, target: "定性:全面提升",
     actual: ACTUAL}
  - {level1: 满意度, level2: 服务对象满意度, name: 满意度, target: "≥90%", actual: 95%}
"""


def test_documents_round_trip() -> None:
    text = PROJECT.replace("ACTUAL", "{grade: 部分达成, points: 20, documents: [甲, 乙]}")
    project = read_project(text, "p.yaml")
    first, second = project.indicators[0].actual, project.indicators[1].actual
    assert isinstance(first, Measured) and first.documents == ("甲",)
    assert isinstance(second, Graded) and second.grade is Grade.PARTLY
    assert second.documents == ("甲", "乙")
    assert read_project(dump_project(project), "again.yaml") == project


def test_an_empty_document_list_is_refused_at_its_place() -> None:
    with pytest.raises(InputError) as caught:
        read_project(PROJECT.replace("ACTUAL", "{grade: 达成, documents: []}"), "p.yaml")
    [problem] = caught.value.problems
    assert problem.field is not None and problem.field.startswith("indicators[1].actual.documents")
    assert "documents 应为证明材料标题的列表" in problem.message
