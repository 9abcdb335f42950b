"""YAML with a comment on each field: the importer says where every value came from.

PyYAML cannot write comments, so the layout is written here and only scalars go through
yaml.safe_dump (which quotes whatever needs quoting). The result is read back by the project
file loader like any hand-written file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass
class Entry:
    """One key: a scalar (or flow mapping), a nested mapping, or a list of mappings."""

    key: str
    value: Any = None
    comment: str = ""
    children: list[Entry] | None = None
    items: list[list[Entry]] | None = field(default=None)


def scalar(value: Any) -> str:
    """A value as one YAML token: 盐边县公安局, "≥95%", 2021, {grade: 达成, points: 8}."""
    dumped = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, width=1_000_000, sort_keys=False
    )
    text: str = dumped.strip()
    return text.removesuffix("...").strip()


def _comment(text: str) -> str:
    text = " ".join(text.split())
    return f"  # {text}" if text else ""


def render(entries: list[Entry], header: list[str]) -> str:
    lines = [f"# {h}" if h else "#" for h in header]
    _emit(entries, 0, lines, first_prefix="")
    return "\n".join(lines) + "\n"


def _emit(entries: list[Entry], indent: int, lines: list[str], first_prefix: str) -> None:
    pad = " " * indent
    for i, entry in enumerate(entries):
        lead = (first_prefix if i == 0 and first_prefix else pad) + entry.key + ":"
        if entry.children is not None:
            lines.append(lead + _comment(entry.comment))
            _emit(entry.children, indent + 2, lines, "")
        elif entry.items is not None:
            lines.append(lead + (" []" if not entry.items else "") + _comment(entry.comment))
            for item in entry.items:
                _emit(item, indent + 4, lines, " " * (indent + 2) + "- ")
        else:
            value = "null" if entry.value is None else scalar(entry.value)
            lines.append(f"{lead} {value}{_comment(entry.comment)}")
