"""Rows of a glued 自评表 whose columns are 指标值, 实际值, then 分值 and 得分 (or 得分 alone):
"更新设备50件50件2020" is 更新设备 | 50件 | 50件 | 20 | 20, "保证专款专用专款专用专款专用10" is
保证专款专用 | 专款专用 | 专款专用 | 10. Read only in the shapes that leave no doubt
(`values_last_parses`); what reads more than one way is left out by the caller with a note.
Forms with no 分值 or 得分 at all (年度指标值 | 全年完成值 | 未完成原因) give rows that end at
their actual: "库存数量真实率100%100%" (`values_only_parses`)."""

from __future__ import annotations

import re

from jixiao.domain.quantities import FIGURE_UNITS
from jixiao.domain.reading.glued_sheet import GluedRow, split_points_score
from jixiao.domain.targets import COMPARATOR_WORDS

MORE_UNITS: tuple[str, ...] = (
    "人次", "万人次", "平方米", "立方米", "亩", "公顷", "吨", "千米", "册", "场", "期", "份",
    "篇", "种", "头", "只", "株", "棵", "所", "间", "宗", "例", "批", "次/年", "元/人",
    "厘米", "万粒", "粒", "万亩", "千克", "公斤",
)  # fmt: skip
"""Units a figure ends with in forms, beyond those running text uses (FIGURE_UNITS)."""

FORM_UNITS = tuple(sorted({*FIGURE_UNITS, *MORE_UNITS}, key=len, reverse=True))
"""Every unit a form's figure may end with, longest first (for an alternation)."""
_UNITS = "|".join(map(re.escape, FORM_UNITS))
_COMPARATORS = "|".join(map(re.escape, COMPARATOR_WORDS))
# A figure with its unit ("5亿元", "≥95%"): a unit makes its end certain.
FIGURE_WITH_UNIT = re.compile(rf"(?:{_COMPARATORS})?\d+(?:\.\d+)?(?:{_UNITS})")
_FIGURE = FIGURE_WITH_UNIT
_TAIL = re.compile(r"\d+(?:\.\d+)?")
_NEXT_NAME = re.compile(r"[\u4e00-\u9fff“\"(（]")
_UNIT_START = re.compile(rf"(?:{_UNITS})")
_MAX_CELL = 40
_ENDS_COMPARING = re.compile(rf"(?:{_COMPARATORS})$")  # "≥" starts the target, never ends a name


def values_last_parses(piece: str, with_points: bool) -> list[tuple[GluedRow, str]]:
    """Every way `piece` can start with one row: a name, its target and actual, then its
    分值 and 得分 glued (`with_points`: cut the one way `split_points_score` allows) or its
    得分 alone, followed by the next name or nothing. Target and actual are either written
    alike ("50件50件", "合格合格") or two figures with units ("5亿元6.47亿元"); a name may end
    with the figure it states ("每年财政补助1000万元" before "1000万元1000万元")."""
    out: list[tuple[GluedRow, str]] = []
    for name, rest in _names(piece):
        for target, actual, tail in _values(rest):
            for points, score, remainder in _ending(tail, with_points):
                source = piece[: len(piece) - len(remainder)]
                row = GluedRow(name, target, actual, points, score, source)
                out.append((row, remainder))
    return out


def _names(piece: str) -> list[tuple[str, str]]:
    """(name, what follows) for each place the name can end: inside its words, or after a
    figure it states."""
    head = re.match(r"[^\d]+", piece)
    if head is None:
        return _figure_named(piece)
    names = [(piece[:j], piece[j:]) for j in range(2, head.end() + 1)]
    at = head.end()
    while (figure := _FIGURE.match(piece, at)) is not None and figure.start() == at:
        at = figure.end()
        names.append((piece[:at], piece[at:]))
    return [
        (n, r)
        for n, r in names
        if len(re.findall(r"[\u4e00-\u9fff]", n)) >= 2 and not _ENDS_COMPARING.search(n)
    ]


def _figure_named(piece: str) -> list[tuple[str, str]]:
    """A row whose name, target and actual are one figure with its unit, written three times
    ("1年1年1年10": a 时效 row named by its term): that figure is the name. No other row is
    named by a figure."""
    figure = _FIGURE.match(piece)
    if figure is None or not piece.startswith(figure.group() * 3):
        return []
    return [(figure.group(), piece[figure.end() :])]


def _values(rest: str) -> list[tuple[str, str, str]]:
    """(target, actual, what follows) for the two shapes that leave no doubt."""
    out = [
        (rest[:k], rest[:k], rest[2 * k :])
        for k in range(1, min(_MAX_CELL, len(rest) // 2) + 1)
        if rest[:k] == rest[k : 2 * k] and not re.fullmatch(r"[\d.]+", rest[:k])
    ]
    first = _FIGURE.match(rest)
    second = _FIGURE.match(rest, first.end()) if first is not None else None
    if first is not None and second is not None and first.group() != second.group():
        out.append((first.group(), second.group(), rest[second.end() :]))
    return out


def _ending(tail: str, with_points: bool) -> list[tuple[str, str, str]]:
    """(分值, 得分, what follows): the figures that end a row, followed by the next name (not
    by a unit: "6.47亿元" is a figure, not a 得分) or by nothing."""
    m = _TAIL.match(tail)
    if m is None:
        return []
    remainder = tail[m.end() :]
    if remainder and (not _NEXT_NAME.match(remainder) or _UNIT_START.match(remainder)):
        return []
    digits = m.group()
    if with_points:
        cut = split_points_score(digits)
        return [(cut[0], cut[1], remainder)] if cut else []
    if (digits.startswith("0") and not digits.startswith("0.")) or float(digits) > 100:
        return []
    return [("", digits, remainder)]


_TARGET_FIGURE = re.compile(
    rf"(?:{_COMPARATORS})?\d+(?:\.\d+)?(?:{_UNITS})(?:及以上|以上|及以下|以下)?"
)


def target_points_parses(piece: str) -> list[tuple[GluedRow, str]]:
    """Every way `piece` can start with one row of a form whose columns after the name are
    目标值 and 分值 only: "资金支出率95%10" (a figure with its unit, then the 分值), "享受资助人数
    210010" (a bare target and the 分值 glued: cut where the 分值 is at most 100 and neither
    starts with a zero), "规章制度建立与否20" (no target); then the next name or nothing."""
    head = re.match(r"[^\d]+", piece)
    if head is None or len(re.findall(r"[\u4e00-\u9fff]", head.group())) < 2:
        return []
    name = _ENDS_COMPARING.sub("", head.group())
    rest = piece[len(name) :]
    out: list[tuple[GluedRow, str]] = []
    figure = _TARGET_FIGURE.match(rest)
    starts = [("", rest)] + ([(figure.group(), rest[figure.end() :])] if figure else [])
    for target, tail in starts:
        m = _TAIL.match(tail)
        if m is None:
            continue
        remainder = tail[m.end() :]
        if remainder and (not _NEXT_NAME.match(remainder) or _UNIT_START.match(remainder)):
            continue
        for glued_target, points in _target_and_points(m.group(), bare=not target):
            row_target = target or glued_target
            source = piece[: len(piece) - len(remainder)]
            out.append((GluedRow(name, row_target, "", points, "", source), remainder))
    return out


def _target_and_points(digits: str, bare: bool) -> list[tuple[str, str]]:
    """(target, 分值) of the digits that end a row: the 分值 alone, or (when no target with a
    unit came before) a bare target glued to it; no part starts with a zero, the 分值 is more
    than 0 and at most 100."""
    cuts = [("", digits)] + (
        [(digits[:k], digits[k:]) for k in range(1, len(digits))] if bare else []
    )
    return [
        (target, points)
        for target, points in cuts
        if re.fullmatch(r"[1-9]\d*(?:\.\d+)?", points)
        and float(points) <= 100
        and (not target or re.fullmatch(r"(?:0|[1-9]\d*)(?:\.\d+)?", target))
    ]


_MIN_SHARED = 4


def without_explanations(names: list[str]) -> list[str]:
    """Names run together with a 指标说明 cell after them ("资金支出率达到目标值"): the ending of
    at least four characters that most rows (two at least) end with, the longest of those,
    is that column's text repeated down the rows, and is cut off (a name keeps two
    characters at least)."""
    out = []
    for name in names:
        shared = [
            (sum(other.endswith(name[k:]) for other in names), len(name) - k)
            for k in range(2, len(name) - _MIN_SHARED + 1)
        ]
        rows, length = max(shared, default=(0, 0))
        out.append(name[:-length] if rows >= 2 else name)
    return out


def values_only_parses(piece: str) -> list[tuple[GluedRow, str]]:
    """Every way `piece` can start with one row of a form without 分值 or 得分: a name (which
    may state figures: "5000吨稻谷、500吨成品粮储备到位率"), then its target and actual written
    alike ("100%100%", "高高", "00") or two figures with units, then the next name (not a
    unit or a figure) or nothing."""
    out: list[tuple[GluedRow, str]] = []
    for name, rest in _names_stating_figures(piece):
        for target, actual, tail in _alike_or_figures(rest):
            if tail and (not _NEXT_NAME.match(tail) or _UNIT_START.match(tail)):
                continue
            source = piece[: len(piece) - len(tail)]
            out.append((GluedRow(name, target, actual, "", "", source), tail))
        if (unmet := _unmet(rest)) is not None:
            target, actual, source_end = unmet
            source = piece[: len(name) + source_end]
            out.append((GluedRow(name, target, actual, "", "", source), ""))
    return out


# An actual saying the target was not met or there is nothing to report.
_UNMET = re.compile(r"无|否|未完成|未达到|未实现|不适用")


def _unmet(rest: str) -> tuple[str, str, int] | None:
    """(target, actual, where the actual ends) of a row ending the piece with a figure target
    and an actual in words saying it was not met ("100%无"), then nothing or its 未完成原因
    ("没有轮换、动用库存"): words with no figure that no row reads. Taken only so, as a word
    such as "无" may also start the next name ("无人机…")."""
    target = _FIGURE.match(rest)
    if target is None:
        return None
    actual = _UNMET.match(rest, target.end())
    if actual is None:
        return None
    note = rest[actual.end() :]
    if note and (re.search(r"\d", note) or values_only_parses(note)):
        return None
    return target.group(), actual.group(), actual.end()


_NAME_PART = re.compile(rf"{_FIGURE.pattern}|[^\d]+")
_MAX_NAME = 60


def _names_stating_figures(piece: str) -> list[tuple[str, str]]:
    """(name, what follows) for each place a name can end: inside its words, or after a
    figure with its unit that it states; a name starts with words or such a figure, and never
    holds two figures one after the other."""
    out: list[tuple[str, str]] = []
    at = 0
    figure_before = False
    while at < min(len(piece), _MAX_NAME) and (part := _NAME_PART.match(piece, at)):
        figure = part.group()[0].isdigit() or part.group()[0] in _COMPARATOR_STARTS
        if figure and figure_before:
            break  # two figures running on ("100%100%") are a row's values, no name's words
        # a figure the name states ends where its unit does; words may end anywhere
        ends = [part.end()] if figure else list(range(at + 1, part.end() + 1))
        out += [(piece[:j], piece[j:]) for j in ends]
        at, figure_before = part.end(), figure
    return [
        (n, r)
        for n, r in out
        if len(re.findall(r"[\u4e00-\u9fff]", n)) >= 2 and not _ENDS_COMPARING.search(n)
    ]


_COMPARATOR_STARTS = {word[0] for word in COMPARATOR_WORDS}


def _over_full(figure: str) -> bool:
    """A rate above 100% ("290%")."""
    rate = re.fullmatch(r"\D*(\d+(?:\.\d+)?)%", figure)
    return rate is not None and float(rate[1]) > 100


def _alike_or_figures(rest: str) -> list[tuple[str, str, str]]:
    """(target, actual, what follows): written alike (bare figures too, as nothing but the
    next name may follow them here) or two figures with units, neither a rate above 100%
    ("市民满意度调查290%100%": its first digit may be the name's, or a "≥" misread)."""
    out = [
        (rest[:k], rest[:k], rest[2 * k :])
        for k in range(1, min(_MAX_CELL, len(rest) // 2) + 1)
        if rest[:k] == rest[k : 2 * k]
    ]
    first = _FIGURE.match(rest)
    second = _FIGURE.match(rest, first.end()) if first is not None else None
    if (
        first is not None
        and second is not None
        and first.group() != second.group()
        and not any(_over_full(f.group()) for f in (first, second))
    ):
        out.append((first.group(), second.group(), rest[second.end() :]))
    return out
