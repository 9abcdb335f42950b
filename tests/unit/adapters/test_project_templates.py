"""The indicator library: every template makes a project that passes the project-file rules,
with targets, units and bindings the evidence measures accept."""

from __future__ import annotations

import pytest

from jixiao.adapters.projectfile.documents import DocumentCodec
from jixiao.adapters.projectfile.templates import load_templates
from jixiao.domain.targets import EvidenceRef
from jixiao.services.evidence import binding_problems
from jixiao.services.project_editing import NewProject, template_document

TEMPLATES = load_templates()


def test_the_library_holds_the_fields_templates() -> None:
    assert [t.title for t in TEMPLATES] == [
        "等保升级（网络安全等级保护）",
        "地网工程运维",
        "天网工程运维",
        "视频会议系统运维",
        "雪亮工程运维",
    ]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
@pytest.mark.parametrize("devices", [None, 710])
def test_every_template_makes_a_valid_project(template: object, devices: int | None) -> None:
    new = NewProject("某项目", 2022, initial_budget="100")
    document = template_document(template, new, devices)  # type: ignore[arg-type]
    project = DocumentCodec().from_document(document)
    assert binding_problems(project) == []
    assert len(project.indicators) >= 5
    assert all(i.target is not None for i in project.indicators if "数量" not in i.name)
    for indicator in project.indicators:
        if isinstance(indicator.actual, EvidenceRef) and "period" in dict(indicator.actual.params):
            assert dict(indicator.actual.params)["period"] == "2022"
    counted = [i for i in project.indicators if i.name.endswith("数量") and i.actual is not None]
    for indicator in counted:
        expected = None if devices is None else f"≥{devices}"
        assert (None if indicator.target is None else indicator.target.raw[:4]) == expected


def test_every_template_indicator_names_its_evidence() -> None:
    for template in TEMPLATES:
        assert template.description and template.expected
        assert all(item.get("evidence") for item in template.indicators), template.key
