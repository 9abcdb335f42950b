"""A form's instructions left where the answer belongs (模板提示语未删).

A 自评表's answer cells come printed with what to write and how long: "对照年度目标,说明相关
任务目标的完成情况(100字以内)". A cell that still holds such an instruction, and nothing else,
was never filled in. The form's footnotes ("1.预算执行率=预算执行数/调整后预算数,…需说明原因
(100字以内)") are numbered and carry formulas: they belong to the form and are passed over.
Reported under shared-boilerplate: template words standing for the report's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.domain.checks.base import Context, Hit, quote
from jixiao.domain.reading.text import Location

# An instruction: a verb asking for content, then the length cap the form sets, closing the cell.
_INSTRUCTION = re.compile(
    r"^(?![\d一二三四五六七八九十]+[.、．])[^=＝]{0,80}?(?:说明|分析|提出|填写|简述|概述|列明)"
    r"[^=＝]{0,80}?[（(]\s*\d+\s*字(?:以内|左右)\s*[）)][。.]?$"
)


def _pieces(context: Context) -> Iterator[tuple[str, Location]]:
    """Every cell of the report: a table's cells, and a paragraph's text cut at "|" (a web
    page's table copied as text keeps its cells apart so)."""
    document = context.facts.document
    for p in document.paragraphs:
        for piece in re.split(r"[|｜]", p.text):
            yield piece.strip(), p.location
    for table in document.tables:
        for r, row in enumerate(table.rows):
            for cell in row:
                yield cell.strip(), table.row_location(r)


def template_left(context: Context) -> Iterator[Hit]:
    found = [(text, where) for text, where in _pieces(context) if _INSTRUCTION.match(text)]
    if not found:
        return
    yield Hit(
        f"有{len(found)}处仍是表格模板的填表提示语（如“{quote(found[0][0], 40)}”），"
        "没有填写本项目的实际内容",
        str(found[0][1]),
        tuple(f"{where}：{quote(text, 80)}" for text, where in found),
    )
