"""A project file for `jixiao check`: its stated scoring as a ScoreSheet, and its Project.

The scoring rules (weights summing to 100, qualitative points inside their band) also stop a
project file from loading; `check` reports them as findings instead of refusing the file, and
refuses it (InputError) only for problems those findings do not explain.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from jixiao.domain.checks import check_sheet
from jixiao.domain.errors import DomainError, InputError, Problem
from jixiao.domain.evaluation import Project
from jixiao.domain.indicators import EXECUTION, LAYOUTS, level1_name, split_equally
from jixiao.domain.reading.score_sheet import ScoreSheet, SheetRow
from jixiao.domain.targets import parse_grade
from jixiao.services.file_ports import ProjectCheck

from . import project_text, read_project
from .documents import DocumentCodec
from .yamlsource import YamlDocument, load_yaml

# Load problems a scoring finding already explains, by the field they name.
_EXPLAINED = {
    "weights-not-100": re.compile(r"^scoring\.weights"),
    "score-out-of-band": re.compile(r"^indicators\[\d+\]\.actual\.points"),
}


def check_project_file(path: Path) -> ProjectCheck:
    name = str(path)
    text = project_text(path)
    document = load_yaml(text, name)
    findings = tuple(check_sheet(score_sheet(document)))
    try:
        return ProjectCheck(read_project(text, name), findings)
    except InputError as error:
        rules = {f.rule for f in findings}
        left = [p for p in error.problems if not _explained(p, rules)]
        if left:
            raise InputError(left) from error
        return ProjectCheck(None, findings, _unweighted(document))


def _unweighted(document: YamlDocument) -> Project | None:
    """The project with its stated weights set aside (the layout's defaults instead)."""
    data = copy.deepcopy(document.data)
    if not isinstance(data, dict) or not isinstance(data.get("scoring"), dict):
        return None
    data["scoring"].pop("weights", None)
    try:
        return DocumentCodec().from_document(data)
    except InputError:
        return None


def _explained(problem: Problem, rules: set[str]) -> bool:
    return any(
        rule in rules and pattern.match(problem.field) for rule, pattern in _EXPLAINED.items()
    )


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _mapping(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def score_sheet(document: YamlDocument) -> ScoreSheet:
    """The weights and qualitative rows a project file states, read leniently (no errors)."""
    data = _mapping(document.data)
    layout = LAYOUTS.get(str(_mapping(data.get("project")).get("layout", "mof-2020")))
    layout = layout or LAYOUTS["mof-2020"]
    given = _mapping(_mapping(data.get("scoring")).get("weights")) or None
    weights: dict[str, Decimal] = {}
    if given is not None:
        weights = {str(k): w for k, raw in given.items() if (w := _decimal(raw)) is not None}
    elif layout.default_weights is not None:
        weights = dict(layout.default_weights)
    raw_items = data.get("indicators")
    items: list[Any] = raw_items if isinstance(raw_items, list) else []
    rows = _rows(document, items, layout, weights)
    line = document.line_of(("scoring", "weights"))
    where = f"scoring.weights（第{line}行）" if given is not None and line else "默认权重"
    return ScoreSheet(
        rows=rows,
        weights=tuple(weights.items()),
        weights_location=where,
        execution_points=weights.get(EXECUTION),
    )


def _rows(
    document: YamlDocument, items: list[Any], layout: Any, weights: dict[str, Decimal]
) -> tuple[SheetRow, ...]:
    blocks: dict[str, list[int]] = {}
    level1s: list[str | None] = []
    for i, item in enumerate(items):
        level1 = None
        if isinstance(item, dict):
            try:
                level1 = level1_name(layout, str(item.get("level1", "")).strip())
            except DomainError:
                level1 = None
        level1s.append(level1)
        if level1 is not None:
            blocks.setdefault(level1, []).append(i)
    points: dict[int, Decimal] = {}
    for level1, members in blocks.items():
        given = [_decimal(items[i].get("points")) for i in members]
        if all(p is None for p in given) and level1 in weights:
            points |= dict(zip(members, split_equally(weights[level1], len(members)), strict=True))
        else:
            points |= {i: p for i, p in zip(members, given, strict=True) if p is not None}
    rows = []
    for i, item in enumerate(items):
        actual = item.get("actual") if isinstance(item, dict) else None
        if not isinstance(actual, dict) or "grade" not in actual or level1s[i] is None:
            continue
        try:
            grade = parse_grade(str(actual["grade"])).grade
        except DomainError:
            continue
        line = document.line_of(("indicators", i))
        rows.append(
            SheetRow(
                str(level1s[i]),
                str(item.get("name", "")),
                points.get(i),
                _decimal(actual.get("points")),
                grade,
                f"indicators[{i}]（第{line}行）",
            )
        )
    return tuple(rows)
