"""The 年度总体目标's 实际完成情况 that writes the 预期目标 out a second time (figures and all).

A form's goals block pairs 预期目标 with 实际完成情况. When the account copies the goals ("目标1:
造林1.2万亩" under both, or "目标1:…" renumbered "1.…"), it says nothing about what was done,
whether the goals hold figures or not. Where the reader found the two cells, they are compared;
where it did not (a page flattened into lines, or into one line with the two columns' wrapped
pieces interleaved), the text after the "预期目标 … 实际完成情况" header up to the indicator
table is tested for being one text written twice: nearly every piece of it occurs twice.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from difflib import SequenceMatcher

from jixiao.domain.checks.base import Context, Hit, quote
from jixiao.domain.reading.text import Location, Table, compact

# Goal numbering, which a copy may change ("目标1:" → "1."), and punctuation.
_NUMBERING = re.compile(r"目标\s*\d+\s*[:：.．、]?|(?<![\d.])\d{1,2}\s*[.、．](?!\d)")
_PUNCTUATION = re.compile(r"[\s|｜,，。.;；:：、!！?？()（）“”\"']")
_HEADER = re.compile(r"预期目标")
_ACCOUNT = re.compile(r"实际完成情况")
# Where the goals block ends: the indicator table's header.
_STOP = re.compile(r"一级指标|二级指标|三级指标|年度指标值|绩效指标完成情况|(?:年度)?绩效指标")
SAME_CELLS = 0.9  # the two cells read apart: this alike, in order, is a copy
PIECE = 4  # characters: the pieces the block is cut into
TWICE = 0.8  # this share of the block's pieces occurring twice: one text written twice
LEAST = 16  # characters: a shorter block is a label or two, not goals
MOST = 3000


def _plain(text: str) -> str:
    return _PUNCTUATION.sub("", _NUMBERING.sub("", text))


def written_twice(text: str) -> bool:
    """Nearly every PIECE-character piece of `text` occurs at least twice, apart: the text is
    one text written out twice, whichever way the two copies are interleaved."""
    if len(text) < LEAST:
        return False
    pieces = [text[i : i + PIECE] for i in range(len(text) - PIECE + 1)]
    counts = Counter(pieces)
    return sum(1 for p in pieces if counts[p] >= 2) >= TWICE * len(pieces)


def _lines(context: Context) -> list[tuple[str, Location]]:
    document = context.facts.document
    lines: list[tuple[str, Location]] = []
    for block in document.blocks:
        if isinstance(block, Table):
            lines += [(" ".join(r), block.row_location(i)) for i, r in enumerate(block.rows)]
        else:
            lines.append((block.text, block.location))
    return lines


def _block_in_text(context: Context) -> tuple[str, Location] | None:
    """The text after the first "预期目标 … 实际完成情况" header, up to the indicator table."""
    lines = _lines(context)
    for k, (text, location) in enumerate(lines):
        head = _HEADER.search(text)
        if head is None:
            continue
        rest = "\n".join(t for t, _ in lines[k : k + 4])[head.end() :]
        account = _ACCOUNT.search(rest)
        if account is None or account.start() > 40:
            continue
        after = rest[account.end() :] + "\n" + "\n".join(t for t, _ in lines[k + 4 :])
        stop = _STOP.search(after)
        return after[: stop.start() if stop else MOST][:MOST], location
    return None


def goals_restated(context: Context) -> Iterator[Hit]:
    if context.facts.goals is not None:
        expected, achieved = (_plain(compact(c.text)) for c in context.facts.goals)
        alike = SequenceMatcher(None, expected, achieved, autojunk=False).ratio()
        if len(achieved) >= LEAST // 2 and alike >= SAME_CELLS:
            cell = context.facts.goals[1]
            yield Hit(
                "年度总体目标实际完成情况照抄了预期目标，没有写实际完成了什么，无法核实",
                str(cell.location),
                (quote(cell.text, 200),),
            )
        return
    found = _block_in_text(context)
    if found is None or not written_twice(_plain(found[0])):
        return
    yield Hit(
        "年度总体目标的实际完成情况把预期目标原样重抄一遍，没有写实际完成了什么，无法核实",
        str(found[1]),
        (quote(found[0], 200),),
    )
