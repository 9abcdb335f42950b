"""The 自评报告 wording: the editable Jinja2 template rendered into a list of blocks.

The template (templates/report.md.j2, or a bureau's own copy) writes a small Markdown subset;
`render_blocks` turns it into headings, paragraphs and the table's place, which the Markdown
and Word writers each lay out in their own way.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

import jinja2

from jixiao.adapters.reports.view import ReportView
from jixiao.domain.presentation import number

TEMPLATES = Path(__file__).parent / "templates"
DEFAULT_TEMPLATE = TEMPLATES / "report.md.j2"
TABLE_MARK = "[[自评表]]"
_CN = "零一二三四五六七八九十"


class BlockKind(StrEnum):
    TITLE = "title"
    HEADING1 = "heading1"
    HEADING2 = "heading2"
    PARAGRAPH = "paragraph"
    RIGHT = "right"  # a line set to the right: the 落款 (unit, seal, date)
    TABLE = "table"


@dataclass(frozen=True, slots=True)
class TextBlock:
    kind: BlockKind
    text: str = ""


def _cn(number: int) -> str:
    """1 -> 一 … 10 -> 十, 11 -> 十一 (section numbers)."""
    if number <= 10:
        return _CN[number]
    tens, ones = divmod(number, 10)
    return (_CN[tens] if tens > 1 else "") + "十" + (_CN[ones] if ones else "")


def _trim0(text: str) -> str:
    """ "10.00" -> "10", "9.50" -> "9.5" for prose."""
    try:
        return number(Decimal(text))
    except ArithmeticError:
        return text


def render_text(view: ReportView, template: Path | None = None) -> str:
    path = (template or DEFAULT_TEMPLATE).resolve()
    return _compiled(path, path.stat().st_mtime_ns).render(r=view)


@functools.lru_cache(maxsize=8)
def _compiled(path: Path, mtime_ns: int) -> jinja2.Template:
    """Compiling costs ~40 ms; a batch reuses it. `mtime_ns` makes an edited template recompile."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(path.parent),
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,  # keep line ends after tags: each sentence stays its own line
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # plain text for Markdown and Word, never HTML
    )
    environment.filters["cn"] = _cn
    environment.filters["trim0"] = _trim0
    return environment.get_template(path.name)


def render_blocks(view: ReportView, template: Path | None = None) -> list[TextBlock]:
    blocks: list[TextBlock] = []
    for raw in render_text(view, template).splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == TABLE_MARK:
            blocks.append(TextBlock(BlockKind.TABLE))
        elif line.startswith(">> "):
            blocks.append(TextBlock(BlockKind.RIGHT, line[3:].strip()))
        elif line.startswith("### "):
            blocks.append(TextBlock(BlockKind.HEADING2, line[4:].strip()))
        elif line.startswith("## "):
            blocks.append(TextBlock(BlockKind.HEADING1, line[3:].strip()))
        elif line.startswith("# "):
            blocks.append(TextBlock(BlockKind.TITLE, line[2:].strip()))
        else:
            blocks.append(TextBlock(BlockKind.PARAGRAPH, line))
    return blocks
