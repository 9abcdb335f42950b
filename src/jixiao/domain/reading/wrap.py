"""Lines of a laid-out page (PDF text) joined back into paragraphs.

A page wraps a paragraph at its width; a new paragraph starts after a line that ends a
sentence (。！？；：) or at a numbered heading (一、 （一） 1.). Page numbers ("- 3 -") go.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ENDS = ("。", "！", "？", "；", "：", ":", "!", "?", ";")
_STARTS = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]"
    r"|\d{1,2}\s*[、.．](?!\d))"
)
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–]\s*\d+\s*[-—–]|\d+|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
_SHORT = 16  # a short line that ends no sentence is a title or heading of its own


def join_wrapped(lines: Iterable[str]) -> list[str]:
    paragraphs: list[str] = []
    open_ = False
    for raw in lines:
        line = raw.strip()
        if not line or _PAGE_NUMBER.match(line):
            continue
        if open_ and paragraphs and not _STARTS.match(line):
            previous = paragraphs[-1]
            words = re.match(r"[A-Za-z]", previous[-1:]) and re.match(r"[A-Za-z]", line[:1])
            glue = " " if words else ""  # only English words are spaced; "5" + "0万元" is 50万元
            paragraphs[-1] = previous + glue + line
        else:
            paragraphs.append(line)
        last = paragraphs[-1]
        open_ = not last.endswith(_ENDS) and len(line) > _SHORT
    return paragraphs
