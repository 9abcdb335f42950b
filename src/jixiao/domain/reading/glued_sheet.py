"""A 自评表 whose rows came out of the conversion with no separator between cells at all.

Scanned or badly converted tables give each row as one run of characters:
"财政供养人员控制率%定量指标100%92%100%22否" is 指标名称 | 计量单位 | 指标性质 | 年初指标值 |
全年完成值 | 得分系数 | 指标权重 | 指标得分 | 是否核心指标. Such a row is read from its right end,
where the cells have kinds that cannot be confused, using only what is known about the table:

- the header's words give the columns (指标权重/分值 then 指标得分/得分, an 得分系数 before
  them, a 是否核心指标 after them, a 计量单位 and a 指标性质 after the name);
- a row ends at its 是/否 when the table has a 是否核心指标 column, else at its 得分;
- 分值 and 得分 glued together ("1010", "107.6") are cut where the 分值 is at least the 得分,
  neither has a leading zero and both are at most 100 — and only when exactly one cut does;
- the 得分系数 is a percentage at most 100% ("0100%" is an actual 0 and a 系数 100%);
- what is left is the name, the unit the header announces, and the target and actual: figures
  cut where a figure ends, or a qualitative word written twice ("高高", "好好").

A row that cannot be cut exactly one way is left out with a reading note, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import permutations

from jixiao.domain.quantities import FIGURE_UNITS
from jixiao.domain.reading.text import RawTable

_NAME_HEADER = re.compile(r"指\s*标\s*名\s*称")
_CORE = "是否核心指标"
PAGE_MARK = re.compile(r"\n\s*\d{1,2}、")  # the page numbers of a converted document: "\n2、"
# Words a qualitative target or actual is written with ("高 | 高", "好 | 好").
_QUALITATIVE = (
    "较高",
    "较好",
    "良好",
    "合格",
    "达标",
    "完成",
    "优秀",
    "高",
    "好",
    "优",
    "良",
    "是",
)
_NATURES = ("定量指标", "定性指标", "定量", "定性")
_STRAY_LEVELS = re.compile(r"^(?:绩效指标|产出指标|效益指标|满意度指标|管理指标|履职效能)+")
_UNITS = ("%", "次", "份", "篇", "个", "人", "万元", "元", "天", "户", "项", "场", "期", "家", "所")
MIN_ROWS = 3
_HEADER_TAIL = 40  # header words the anchor stops short of ("(分)是否核心指标")


@dataclass(frozen=True, slots=True)
class GluedRow:
    name: str
    target: str
    actual: str
    points: str
    score: str
    source: str  # the row as written, for quoting


def split_points_score(glued: str) -> tuple[str, str] | None:
    """The 分值 and 得分 of "1010" (10, 10), "107.6" (10, 7.6), "22" (2, 2): the one cut where
    both are numbers ≤ 100 without a leading zero and the 分值 is at least the 得分."""
    cuts = []
    for i in range(1, len(glued)):
        points, score = glued[:i], glued[i:]
        if not all(re.fullmatch(r"(?:0|[1-9]\d*)(?:\.\d+)?", p) for p in (points, score)):
            continue
        if "." in points and not re.fullmatch(r"\d+\.\d", points):
            continue
        if float(points) <= 100 and float(score) <= float(points):
            cuts.append((points, score))
    return cuts[0] if len(cuts) == 1 else None


def is_glued_header(header: str) -> bool:
    """A header run written without separators that names the 部门整体 columns."""
    squeezed = re.sub(r"\s+", "", header)
    return bool(_NAME_HEADER.search(header)) and "得分" in squeezed and "计量单位" in squeezed


def read_glued_rows(body: str, header: str) -> tuple[list[GluedRow], list[str]]:
    """The rows of a glued table body under `header` (the header run, for its columns)."""
    squeezed = re.sub(r"\s+", "", header)
    core = _CORE in squeezed
    coefficient = "系数" in squeezed
    text = PAGE_MARK.sub("", body)
    text = re.sub(r"\s+", "", text)
    ending = r"(?P<tail>[0-9.]+)(?P<core>[是否])" if core else r"(?P<tail>[0-9.]+)"
    ratio = r"(?P<ratio>100|[1-9]?\d(?:\.\d+)?)%" if coefficient else r"(?P<ratio>)"
    row_end = re.compile(ratio + ending + (r"" if core else r"(?=[\u4e00-\u9fff“\"]|$)"))
    rows: list[GluedRow] = []
    notes: list[str] = []
    start = 0
    for m in row_end.finditer(text):
        left, source = text[start : m.start()], text[start : m.end()]
        start = m.end()
        cut = split_points_score(m["tail"])
        row = _row(left, cut, source) if cut is not None else None
        if row is None:
            notes.append(
                f"“{source}”一行无法唯一地切分为指标名称、指标值、完成值、分值与得分，未读取"
            )
            continue
        rows.append(row)
    return rows, notes


def _row(left: str, cut: tuple[str, str], source: str) -> GluedRow | None:
    left = _STRAY_LEVELS.sub("", left)
    first = _FIGURE_IN_ROW.search(left)
    if first is None:
        doubled = _doubled_word(left)
        name, values = doubled if doubled is not None else (left, [])
        return _finish(_strip_unit(_strip_nature(name), ""), values, cut, source)
    values = _FIGURE_IN_ROW.findall(left[first.start() :])
    if "".join(values) != left[first.start() :]:
        return None  # words between the figures: not a target and an actual
    head = _strip_nature(left[: first.start()])
    unit = _unit_of(values[-1])
    name = _strip_unit(head, unit)
    if (name == head or len(values) == 1) and unit:  # debris of the target after the unit cell
        k = _unit_cell(head, unit)
        if k is None:
            return _finish(head, values, cut, source)
        name, rest = _strip_nature(head[:k]), head[k + len(unit) :]
        values = [rest, *values] if rest.endswith(unit) else [rest + values[0], *values[1:]]
    return _finish(name, values, cut, source)


_LONG_UNITS = sorted((u for u in FIGURE_UNITS if len(u) > 1), key=len, reverse=True)
_FIGURE_IN_ROW = re.compile(
    rf"\d+(?:\.\d+)?(?:%|{'|'.join(map(re.escape, _LONG_UNITS))}|[\u4e00-\u9fff])?"
)
_MAX_DEBRIS = 4


def _finish(name: str, values: list[str], cut: tuple[str, str], source: str) -> GluedRow | None:
    """A row of a target and an actual (an adjusted target between them is passed over);
    None when the values are more than that."""
    if not name or len(values) > 3 or len(values) == 1:
        return None
    target = values[0] if values else ""
    actual = values[-1] if values else ""
    return GluedRow(name, target, actual, cut[0], cut[1], source)


def _unit_of(figure: str) -> str:
    return re.sub(r"^[\d.]+", "", figure)


def _strip_unit(head: str, unit: str) -> str:
    """The name without the 计量单位 cell at its end."""
    for candidate in sorted({unit, *_UNITS} - {""}, key=len, reverse=True):
        if head.endswith(candidate) and len(head) > len(candidate) + 1:
            return _strip_nature(head[: -len(candidate)])
    return head


def _unit_cell(head: str, unit: str) -> int | None:
    """Where the unit cell is in "组织宣传活动次数次到" (unit 次): the last occurrence after which
    only a little debris follows that holds the unit no more, or only at its end ("第O份")."""
    for k in range(len(head) - len(unit), 0, -1):
        rest = head[k + len(unit) :]
        inner = rest.removesuffix(unit)
        if head[k : k + len(unit)] == unit and 0 < len(rest) <= _MAX_DEBRIS and unit not in inner:
            return k
    return None


def _doubled_word(left: str) -> tuple[str, list[str]] | None:
    """ "资金使用合规性好好": the name and a qualitative word written twice (target, actual)."""
    for word in _QUALITATIVE:
        if left.endswith(word * 2) and len(left) > 2 * len(word):
            return left[: -2 * len(word)], [word, word]
    return None


def _strip_nature(name: str) -> str:
    """The 指标性质 cell after the name (or its unit), also when a scan shuffled its characters
    ("性标定指" for 定性指标)."""
    for nature in _NATURES:
        if name.endswith(nature):
            return name[: -len(nature)]
    tail = name[-4:]
    if len(name) > 4 and any("".join(p) == tail for n in _NATURES[:2] for p in permutations(n)):
        return name[:-4]
    return name


def read_glued_sheet(text: str, start: int, end: int) -> tuple[RawTable, list[str]] | None:
    """The 自评表 of `text` whose header is text[start:end], when its rows are glued runs."""
    core = re.search(r"是\s*否\s*核\s*心\s*指\s*标", text[start : end + _HEADER_TAIL])
    if core is not None:
        end = max(end, start + core.end())
    header = text[start:end]
    if not is_glued_header(header):
        return None
    rows, notes = read_glued_rows(text[end:], header)
    if len(rows) < MIN_ROWS:
        return None
    table_rows: list[tuple[str, ...]] = [
        ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    ]
    table_rows += [("", "", r.name, r.target, r.actual, r.points, r.score) for r in rows]
    places = ("", *(r.source for r in rows))  # a row without separators is shown as written
    table = RawTable(tuple(table_rows), "自评表（无分隔，由文字还原）", places, notes=tuple(notes))
    return table, notes
