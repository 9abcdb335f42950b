"""The department file (YAML, version 1): a department-year, its projects and 整体 indicators.

```yaml
version: 1
department: {name: 某县公安局, year: 2021}
basic: {budget: 1200万元, executed: 1150万元}     # 基本支出 (optional)
projects: [yanbian-2021-tianwang-om.yaml, …]        # project files, relative to this file
indicators:                                         # 部门整体指标, points summing to 100
  - {level1: 履职效能, level2: 重点工作完成, name: 天网系统在线率, target: ≥95%, actual: 96%, points: 20}
```
Every problem is reported at once with its line, as for a project file.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from jixiao.adapters.projectfile import project_text
from jixiao.adapters.projectfile.schema import translate
from jixiao.adapters.projectfile.yamlsource import dotted, load_yaml
from jixiao.domain.department import FRAMEWORK, Department, WholeIndicator
from jixiao.domain.errors import DomainError, InputError, Problem
from jixiao.domain.money import parse_amount
from jixiao.domain.scoring import ScoringSettings
from jixiao.domain.targets import actual_from_value, parse_target

Amount = str | int | float

LABELS = {
    "department": "部门",
    "name": "名称",
    "year": "年度",
    "basic": "基本支出",
    "budget": "全年预算数",
    "executed": "全年执行数",
    "projects": "项目",
    "indicators": "部门整体指标",
    "level1": "一级指标",
    "level2": "二级指标",
    "target": "指标值",
    "actual": "实际完成值",
    "points": "分值",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DepartmentIn(_Model):
    name: str
    year: int


class BasicIn(_Model):
    budget: Amount
    executed: Amount | None = None


class IndicatorIn(_Model):
    level1: str
    level2: str
    name: str
    target: str | int | float | None = None
    actual: Any = None
    points: Decimal


class DepartmentFileIn(_Model):
    version: int
    department: DepartmentIn
    basic: BasicIn | None = None
    projects: list[str] = []
    indicators: list[IndicatorIn] = []


def load_department(path: Path) -> tuple[Department, list[Path]]:
    """The department and its project files (resolved next to the department file)."""
    name = str(path)
    document = load_yaml(project_text(path), name)
    problems: list[Problem] = []

    def problem(where: tuple[str | int, ...], message: str) -> None:
        last = next((p for p in reversed(where) if isinstance(p, str)), "")
        field = dotted(where) + (f"（{LABELS[last]}）" if last in LABELS else "")
        problems.append(Problem(name, message, document.line_of(where), field))

    try:
        data = DepartmentFileIn.model_validate(document.data)
    except ValidationError as error:
        for detail in error.errors():
            problem(tuple(p for p in detail["loc"] if isinstance(p, str | int)), translate(detail))
        raise InputError(problems) from error
    indicators = []
    for i, item in enumerate(data.indicators):
        where: tuple[str | int, ...] = ("indicators", i)
        if item.level1 not in FRAMEWORK:
            problem(
                (*where, "level1"),
                f"“{item.level1}”不是部门整体指标的一级指标；应为：{'、'.join(FRAMEWORK)}",
            )
            continue
        try:
            target = None if item.target is None else parse_target(str(item.target))
            actual = None if item.actual is None else actual_from_value(item.actual, target)
        except DomainError as error:
            problem(where, str(error))
            continue
        indicators.append(
            WholeIndicator(item.level1, item.level2, item.name, target, actual, item.points)
        )
    budget: Decimal | None = None
    executed: Decimal | None = None
    if data.basic is not None:
        try:
            budget = parse_amount(data.basic.budget)
            executed = None if data.basic.executed is None else parse_amount(data.basic.executed)
        except DomainError as error:
            problem(("basic",), str(error))
    files = [path.parent / p for p in data.projects]
    for i, file in enumerate(files):
        if not file.is_file():
            problem(("projects", i), f"项目文件 {file} 不存在；路径相对于部门文件所在目录")
    if problems:
        raise InputError(problems)
    department = Department(
        data.department.name,
        data.department.year,
        budget,
        executed,
        tuple(indicators),
        ScoringSettings(weights={}),
    )
    return department, files
