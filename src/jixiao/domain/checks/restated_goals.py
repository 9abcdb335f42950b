"""The 年度总体目标's 实际完成情况 that says nothing of what was done (actual-repeats-target).

A form's goals block pairs 预期目标 with 实际完成情况. When the account copies the goals
("目标1:造林1.2万亩" under both, or "目标1:…" renumbered "1.…"), it says nothing about what was
done, whether the goals hold figures or not. Where the reader found the two cells, they are
compared; where it did not (a page flattened into lines, or into one line with the two
columns' wrapped pieces interleaved), the text after the "预期目标 … 实际完成情况" header up to
the indicator table is tested for being one text written twice: nearly every piece of it
occurs twice. An account with no figure that only claims completion or restates the goal as
done is _goal_repeated's.
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


_GOAL_CLAIM = re.compile(r"^(?:已|均已|全部)?(?:完成|达到|达成|实现)")
_GOAL_ALIKE = 0.7  # share of the actual's characters that restate the expected goal, in order
_GOAL_CLAIM_MAX = 20  # "已完成，目标已达到。": a claim, not an account of what was done


_GOAL_NUMBERS = re.compile(r"目标\d+[:：.．、]")


# A clause claiming the goal met: "项目实施情况已达到了规划预期效果", "均已完成".
_CLAIM_CLAUSE = re.compile(
    r"达到了?[^，,。；;]{0,6}?(?:预期|规划|预定)[^，,。；;]{0,4}?(?:效果|目标|要求)"
    r"|(?:已|均已|全部|圆满|顺利)完成"
)


def _claim_and_restatement(expected: str, achieved: str) -> bool:
    """An account made of a claim ("已达到了规划预期效果") and clauses taken from the expected
    goal ("保障食堂运行和人员稳定"), and nothing else."""
    clauses = [c for c in re.split(r"[,，;；。]", achieved) if c]
    claims = [c for c in clauses if _CLAIM_CLAUSE.search(c)]
    restated = [c for c in clauses if c not in claims and c in expected]
    return bool(claims) and len(claims) + len(restated) == len(clauses)


def _goal_repeated(context: Context) -> Iterator[Hit]:
    """The 年度总体目标's 实际完成情况 with no figure at all that only claims completion ("已
    完成，目标已达到") or restates the expected goal in the past tense ("有效打击…" → "有效的打
    击了…"): nothing in it can be checked."""
    if context.facts.goals is None:
        return
    expected, achieved = (compact(c.text) for c in context.facts.goals)
    if not achieved or re.search(r"\d", _GOAL_NUMBERS.sub("", achieved)):
        return  # figures other than the goals' own numbers ("目标1:") can be checked
    alike = SequenceMatcher(None, expected, achieved, autojunk=False)
    shared = sum(block.size for block in alike.get_matching_blocks())
    if expected and shared >= _GOAL_ALIKE * len(achieved):
        what = f"只把预期目标改写成已完成（{shared}/{len(achieved)}字相同）"
    elif len(achieved) <= _GOAL_CLAIM_MAX and _GOAL_CLAIM.match(achieved):
        what = "只写了完成"
    elif _claim_and_restatement(expected, achieved):
        what = "只写了达到预期，其余照抄预期目标"
    else:
        return
    cell = context.facts.goals[1]
    yield Hit(
        f"年度总体目标实际完成情况{what}，没有任何完成数字，无法核实",
        str(cell.location),
        (quote(cell.text, 80),),
    )


def goals_restated(context: Context) -> Iterator[Hit]:
    """The goals' account restated as done or a claim (_goal_repeated), else copied."""
    if (restated := next(_goal_repeated(context), None)) is not None:
        yield restated
        return
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
