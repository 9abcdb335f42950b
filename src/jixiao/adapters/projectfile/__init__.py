"""The project file (YAML, version 1): read, validate with line numbers, build the domain Project."""

from __future__ import annotations

from pathlib import Path

from jixiao.domain.errors import InputError, Problem
from jixiao.domain.evaluation import Project

from .convert import to_project
from .schema import label, validate
from .yamlsource import dotted, load_yaml

__all__ = ["load_project", "project_text", "read_project"]
MAX_PROJECT_BYTES = 2 * 1024 * 1024  # a project file is a few kilobytes


def load_project(path: Path) -> Project:
    """Read and validate a project file; raise InputError listing every problem with its line."""
    return read_project(project_text(path), str(path))


def project_text(path: Path) -> str:
    """A project file's text (UTF-8, else GB18030); InputError when it cannot be read."""
    name = str(path)
    if not path.exists():
        raise InputError(
            [Problem(name, "文件不存在；请检查路径（项目文件为 .yaml，如 examples/ 下的文件）")]
        )
    if path.is_dir():
        raise InputError([Problem(name, "这是一个目录，不是项目文件")])
    if path.stat().st_size > MAX_PROJECT_BYTES:
        limit = MAX_PROJECT_BYTES // 1024 // 1024
        raise InputError([Problem(name, f"项目文件过大；不能超过{limit} MB")])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as error:
            raise InputError(
                [Problem(name, "文件编码无法识别；请保存为 UTF-8 编码的文本（YAML）")]
            ) from error
    return text


def read_project(text: str, file: str = "<文本>") -> Project:
    document = load_yaml(text, file)
    structure = validate(document.data)
    if isinstance(structure, list):
        problems = structure
    else:
        project, problems = to_project(structure)
        if project is not None:
            return project
    raise InputError(
        [
            Problem(file, message, document.line_of(path), dotted(path) + label(path))
            for path, message in sorted(problems, key=lambda p: document.line_of(p[0]) or 0)
        ]
    )
