"""Read YAML keeping the line of every key and value, so errors can name the line.

PyYAML's composed node tree carries marks; we walk it once to map each path (keys and list
indexes) to its 1-based line, and refuse duplicate keys, which PyYAML would silently collapse.

Before anything is built, the parse events are counted with every alias expanded: a few
hundred bytes of nested aliases ("billion laughs") would otherwise become gigabytes of
objects, so a document that expands beyond MAX_NODES is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from jixiao.domain.errors import InputError, Problem

Path = tuple[str | int, ...]
MAX_NODES = 100_000  # values with aliases expanded; a real project file has a few hundred

_YAML_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现“键: 值”（常见原因：冒号后缺空格、缩进不对，或值中含“: ”需加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "含有制表符（Tab）；YAML 只能用空格缩进",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "did not find expected key": "缩进不对齐或缺少键",
    "expected <block end>, but found '-'": "列表项“- ”的缩进不对齐",
    "found undefined alias": "引用了未定义的别名",
}


@dataclass
class YamlDocument:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest ancestor present in the file."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


def load_yaml(text: str, file: str) -> YamlDocument:
    try:
        _refuse_expansion(text, file)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except InputError:
        raise
    except yaml.YAMLError as error:
        raise InputError([_syntax_problem(error, file)]) from error
    except ValueError as error:  # a timestamp YAML cannot build: 2021-13-01, 2021-02-30
        written, line = _impossible_date(text)
        message = f"日期“{written}”不存在；应为如 2021-03-01（月份1–12，日不超过当月天数）"
        raise InputError([Problem(file, message, line, "YAML")]) from error
    document = YamlDocument(data)
    problems: list[Problem] = []
    if root is not None:
        _walk(root, (), document.lines, problems, file)
    if problems:
        raise InputError(problems)
    return document


def _refuse_expansion(text: str, file: str) -> None:
    """Count the nodes the document would build, each alias as the size of what it names,
    from the parser's events alone (nothing is built); refuse beyond MAX_NODES."""
    total = 0
    opened: list[tuple[str | None, int]] = []  # (anchor, total when the collection opened)
    sizes: dict[str, int] = {}
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            total += sizes.get(str(event.anchor), 1)
        elif isinstance(event, yaml.ScalarEvent):
            total += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            total += 1
            opened.append((event.anchor, total - 1))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, before = opened.pop()
            if anchor is not None:
                sizes[anchor] = total - before
        if total > MAX_NODES:
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            message = (
                f"YAML 展开后超过{MAX_NODES:,}个值（别名“*”层层引用），拒绝读取；"
                "项目文件不需要别名，请把内容直接写出"
            )
            raise InputError([Problem(file, message, line, "YAML")])


_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")


def _impossible_date(text: str) -> tuple[str, int | None]:
    """The first written date that is not a day of the calendar, and its line."""
    for number, line in enumerate(text.splitlines(), start=1):
        for m in _DATE.finditer(line):
            try:
                dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return m[0], number
    return "", None


def _walk(
    node: yaml.Node, path: Path, lines: dict[Path, int], problems: list[Problem], file: str
) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(
                    Problem(
                        file,
                        f"字段“{key}”重复出现（第{seen[key]}行已有）；重复的值会被悄悄覆盖，请删除其一",
                        line,
                        _dotted((*path, key)),
                    )
                )
            seen[key] = line
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, problems, file)


def _syntax_problem(error: yaml.YAMLError, file: str) -> Problem:
    mark = getattr(error, "problem_mark", None)
    problem = str(getattr(error, "problem", "") or error)
    message = _YAML_PROBLEMS.get(problem, f"YAML 语法错误（{problem}）")
    line = mark.line + 1 if mark is not None else None
    column = f"第{mark.column + 1}列，" if mark is not None else ""
    return Problem(file, f"{column}{message}", line, "YAML")


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


dotted = _dotted
