"""The 自评表 side of an import: which layout names the rows go under, which 分值 and weights
can be kept, and the published scores; and the last guard, that `evaluate` accepts the file.

A real 自评表 is often not consistent with the 10号 rules (分值 that do not add up to the block
weight, a 二级 name of its own, 成本指标 as a 一级 block in a 2020 table). What the rules cannot
take is left out with a comment saying why; the unit's own 得分 are always kept
(`published_score`, `published:`) so `evaluate` can show where they differ from ours.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from jixiao.domain.errors import DomainError
from jixiao.domain.evaluation import evaluate
from jixiao.domain.indicators import EXECUTION, Layout, level1_name, level2_name, settle_weights
from jixiao.domain.presentation import number
from jixiao.domain.reading.facts import ReportFacts
from jixiao.domain.reading.indicators import IndicatorFact
from jixiao.domain.reading.tables import number as cell_number
from jixiao.domain.targets import Target, actual_from_value, parse_target

from .commented_yaml import Entry, render

PLACEHOLDER_NAME = "（请填写项目名称）"

# When a row's 二级指标 is missing or is not a layout name: the one its name points to.
_LEVEL2_HINTS: tuple[tuple[str, str], ...] = (
    ("满意", "服务对象满意度指标"),
    ("及时|时间|时限|期限|按时|进度|周期", "时效指标"),
    ("成本|费用|单价|标准|资金|元", "成本指标"),
    ("率|合格|质量|达标|验收|完好", "质量指标"),
    ("经济|收入|增收|节约", "经济效益指标"),
    ("生态|环境|绿化|污染", "生态效益指标"),
    ("持续|长效|长期", "可持续影响指标"),
    ("数|量|个|次|人|台|套|面积|户|场", "数量指标"),
    ("", "社会效益指标"),
)


def loads_as_target(raw: Any) -> Target | None:
    try:
        return parse_target(raw)
    except DomainError:
        return None


def loads_as_actual(value: Any, raw_target: Any) -> bool:
    target = loads_as_target(raw_target)
    try:
        actual_from_value(value, target)
    except DomainError:
        return False
    return True


def _level2_for(layout: Layout, level1: str, written: str, name: str) -> str | None:
    allowed = layout.blocks[level1]
    if len(allowed) == 1:
        return allowed[0]
    written = written.removesuffix("等")
    try:
        return level2_name(layout, level1, written)
    except DomainError:
        pass
    for pattern, level2 in _LEVEL2_HINTS:
        if level2 in allowed and re.search(pattern, name + written):
            return level2
    return allowed[0] if allowed else None


def _level1_for(layout: Layout, written: str, level2: str) -> str | None:
    for candidate in (written, written.removesuffix("等")):
        if candidate:
            try:
                return level1_name(layout, candidate)
            except DomainError:
                continue
    short = level2.removesuffix("等").removesuffix("指标")
    for block, members in layout.blocks.items():
        if short and any(short in m for m in members):
            return block
    if written == "成本指标" and "产出指标" in layout.blocks:
        return "产出指标"  # a 2021 成本 block in a 2020 layout: 10号 puts 成本 under 产出
    return None


class SheetPlan:
    """Layout names per row, the 分值 that settle, the weights, and the published scores."""

    def __init__(self, facts: ReportFacts, layout: Layout) -> None:
        self.layout = layout
        self.levels: dict[int, tuple[str, str]] = {}
        for fact in facts.indicators:
            level1 = _level1_for(layout, fact.level1, fact.level2)
            if level1 is None:
                continue
            level2 = fact.level2 if fact.level1 == level1 else ""
            if fact.level1 == "成本指标" and level1 != "成本指标":
                level2 = "成本指标"
            chosen = _level2_for(layout, level1, level2, fact.name)
            if chosen is not None:
                self.levels[id(fact)] = (level1, chosen)
        kept = [f for f in facts.indicators if id(f) in self.levels]
        self.weights, self.weights_note = self._weights(facts, kept)
        self.points = self._points(kept)
        total = next(
            (
                (value, s.location)
                for s in facts.sheet.score_totals
                if (value := cell_number(s.value)) is not None
            ),
            (None, ""),
        )
        self.published_total: tuple[Decimal | None, str] = total
        row = facts.funds.total if facts.funds else None
        self.published_execution: tuple[Decimal | None, str] = (
            (row.score, str(row.location)) if row is not None else (None, "")
        )

    def _block_points(self, kept: list[IndicatorFact]) -> dict[str, list[Decimal | None]]:
        blocks: dict[str, list[Decimal | None]] = {}
        for fact in kept:
            blocks.setdefault(self.levels[id(fact)][0], []).append(fact.points)
        return blocks

    def _weights(
        self, facts: ReportFacts, kept: list[IndicatorFact]
    ) -> tuple[dict[str, Decimal] | None, str]:
        stated = dict(facts.sheet.weights)
        if EXECUTION in stated and _settles(self.layout, stated):
            return stated, facts.sheet.weights_location
        blocks = self._block_points(kept)
        execution = facts.funds.total.points if facts.funds and facts.funds.total else None
        if set(blocks) == set(self.layout.blocks) and all(
            p is not None for ps in blocks.values() for p in ps
        ):
            derived = {
                b: sum((p or Decimal(0) for p in ps), Decimal(0)) for b, ps in blocks.items()
            }
            derived[EXECUTION] = execution if execution is not None else Decimal(10)
            defaults = self.layout.default_weights
            if _settles(self.layout, derived) and derived != defaults:
                return derived, "报告自评表各一级指标分值合计（及预算执行率分值）"
        return None, ""

    def _points(self, kept: list[IndicatorFact]) -> dict[int, tuple[Decimal | None, str]]:
        weights = self.weights or self.layout.default_weights or {}
        out: dict[int, tuple[Decimal | None, str]] = {}
        for block, points in self._block_points(kept).items():
            members = [f for f in kept if self.levels[id(f)][0] == block]
            given = [p for p in points if p is not None]
            weight = weights.get(block)
            if not given:
                continue
            total = sum(given, Decimal(0))
            if len(given) == len(points) and total == weight:
                out.update({id(f): (f.points, "") for f in members})
                continue
            why = (
                f"“{block}”有{len(points) - len(given)}行没写分值"
                if len(given) != len(points)
                else f"“{block}”分值合计{number(total)}，不等于权重{number(weight)}"
            )
            for fact in members:
                shown = "未写" if fact.points is None else number(fact.points)
                out[id(fact)] = (None, f"报告分值{shown}；{why}，按权重平分（请核对）")
        return out


def _settles(layout: Layout, weights: dict[str, Decimal]) -> bool:
    try:
        settle_weights(layout, weights)
    except DomainError:
        return False
    return True


# Keys a problem cannot be removed from: the nearest removable thing is nulled or dropped.
_NULLABLE = {"target", "actual", "points", "published_score", "initial_budget", "budget"}
_ROUNDS = 20


def accepted(entries: list[Entry], skipped: list[str]) -> list[Entry]:
    """`entries`, with what the project-file loader or `evaluate` refuses left out (each
    named in `skipped`): an import always loads."""
    from jixiao.adapters.projectfile.convert import to_project
    from jixiao.adapters.projectfile.schema import validate
    from jixiao.adapters.projectfile.yamlsource import load_yaml

    for _ in range(_ROUNDS):
        try:
            structure = validate(load_yaml(render(entries, []), "import.yaml").data)
            if isinstance(structure, list):
                problems = structure
            else:
                project, problems = to_project(structure)
                if project is not None:
                    evaluate(project)
                    return entries
        except DomainError as error:
            problems = [(("indicators",), str(error))]
        path, message = problems[0]
        if not _drop(entries, tuple(path), message, skipped):
            break
    skipped.append("绩效指标与评分设置无法通过校验，均未导入")
    return [e for e in entries if e.key not in ("scoring", "indicators", "published")] + [
        Entry("indicators", items=[])
    ]


def _drop(entries: list[Entry], path: tuple[Any, ...], message: str, skipped: list[str]) -> bool:
    """Null or remove what `path` names; False when nothing could be changed."""
    where = ".".join(str(p) for p in path)
    if path[:1] == ("scoring",) or path == ("indicators",):
        changed = False
        for entry in list(entries):
            if entry.key == "scoring":
                entries.remove(entry)
                changed = True
            if entry.key == "indicators" and entry.items:
                for item in entry.items:
                    for field in item:
                        if field.key == "points" and field.value is not None:
                            field.value, changed = None, True
                            field.comment = f"分值未导入：{message}"
        if changed:
            skipped.append(f"分值与权重：{message}，未导入（按权重平分）")
        return changed
    parent: list[Entry] | None = entries
    for i, key in enumerate(path):
        if parent is None:
            return False
        found = next((e for e in parent if e.key == key), None) if isinstance(key, str) else None
        if found is None:
            return False
        entry = found
        rest = path[i + 1 :]
        if rest and isinstance(rest[0], int) and entry.items is not None:
            index = rest[0]
            if index >= len(entry.items):
                return False
            item = entry.items[index]
            named = next((f for f in item if len(rest) > 1 and f.key == rest[1]), None)
            if named is not None and named.key in _NULLABLE and named.value is not None:
                named.value, named.comment = None, f"未导入：{message}"
                return True
            del entry.items[index]
            skipped.append(f"{where}：{message}，整项未导入")
            return True
        if not rest:
            if entry.key in _NULLABLE and entry.value is not None:
                entry.value, entry.comment = None, f"未导入：{message}"
                return True
            if parent is entries or entry.key in ("name", "year", "initial_budget"):
                return False
            parent.remove(entry)
            skipped.append(f"{where}：{message}，未导入")
            return True
        parent = entry.children
    return False
