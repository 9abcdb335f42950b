"""The project file as plain data for editing: export a Project, validate edited data back.

`DocumentCodec.from_document` runs the same checks as `jixiao evaluate FILE` (schema.py, then
convert.py); a value typed into a web form is read by `written` as it would be read from the
file, so "95%", "2021-11-30" and "{grade: 达成年度指标, points: 8}" mean what they mean there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from jixiao.domain.errors import Problem
from jixiao.domain.evaluation import Project
from jixiao.services.projects import ProjectInvalid

from .convert import to_project
from .export import project_to_document
from .schema import label, validate
from .yamlsource import dotted


class DocumentCodec:
    """services.projects.ProjectCodec over the project-file reader."""

    def to_document(self, project: Project) -> dict[str, Any]:
        return project_to_document(project)

    def from_document(self, document: dict[str, Any]) -> Project:
        structure = validate(document)
        if isinstance(structure, list):
            problems = structure
        else:
            project, problems = to_project(structure)
            if project is not None:
                return project
        raise ProjectInvalid(
            [
                Problem("项目", message, None, dotted(path) + label(path))
                for path, message in problems
            ]
        )


def written(text: str | None) -> Any:
    """A form value read as the same text in the project file (YAML) would be read.

    Empty is absent (None). Whatever YAML would make into something the file does not allow
    here (true/false, lists, a date with a time) is kept as the text, for the validator to name.
    """
    if text is None or not text.strip():
        return None
    text = text.strip()
    try:
        value = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):  # ValueError: a date that does not exist (2021-13-01)
        return text
    if isinstance(value, bool | list | dt.datetime) or value is None:
        return text
    if isinstance(value, str | int | float | dict | dt.date):
        return value
    return text


def as_written(value: Any) -> str:
    """A document value as a person would type it in a form (the inverse of `written`)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(
            yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False)
        ).strip()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
