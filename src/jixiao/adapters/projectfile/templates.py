"""The indicator library read from the package (jixiao/project_templates/*.yaml).

Each file is a project file's indicators and goals under a `template:` header (title,
description, the device group its bindings name); each indicator also says, in `evidence`,
what proves it. tests/unit/adapters/test_project_templates.py makes a project from every
template and validates it as a project file.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from jixiao.services.file_ports import ProjectTemplate

PACKAGE = "jixiao.project_templates"


@cache
def _read() -> tuple[ProjectTemplate, ...]:
    found = []
    for entry in resources.files(PACKAGE).iterdir():
        if not entry.name.endswith(".yaml"):
            continue
        data: dict[str, Any] = yaml.safe_load(entry.read_text(encoding="utf-8"))
        head = data["template"]
        found.append(
            ProjectTemplate(
                key=entry.name.removesuffix(".yaml"),
                title=str(head["title"]),
                description=str(head.get("description", "")),
                group=str(head.get("group") or ""),
                layout=str(data.get("layout", "mof-2020")),
                expected=str(data.get("goals", {}).get("expected", "")),
                indicators=tuple(dict(i) for i in data["indicators"]),
            )
        )
    return tuple(sorted(found, key=lambda t: t.key))


def load_templates() -> list[ProjectTemplate]:
    return list(_read())
