"""The cells of a flattened 自评表: its header words and level vocabularies, the tokens a
stream of cells splits into, and the placing of a row's values in the header's columns by
their kind (flat_sheet.py reads the rows with them; flat_funds.py and interleaved.py use them
too)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from jixiao.domain.reading.values_last import FORM_UNITS
from jixiao.domain.targets import COMPARATOR_WORDS

TARGET, ACTUAL, POINTS, SCORE, NOTE = (
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
COMPLETION, WEIGHTED = "完成情况", "折算得分"
# Columns some forms add around the values: a 指标性质/指标方向 cell before the target ("正向",
# "反向"), a 计量单位 cell after the actual ("次", "%"). They hold no value of their own: the
# direction is passed over, the unit belongs to the target's figure.
NATURE, UNIT = "指标方向", "计量单位"
_FORM_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (NATURE, ("指标性质", "指标方向")),
    (UNIT, ("计量单位", "度量单位")),
)
_DIRECTION = re.compile(r"^(?:正向|反向|逆向|中性|正向指标|反向指标)$")
# Header words per column, longest first where one contains another. A weighted form splits
# its 自评得分 into 单项指标得分 | 权重占比(%) | 单项指标折算得分: the 权重占比 is the row's 分值
# (its share of 100), wherever a 指标分值 cell stands above the rows.
_HEADER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (ACTUAL, ("实际完成值", "全年实际值", "实际完成", "实际值", "完成值", "实施进度")),
    (TARGET, ("年度指标值", "指标值", "目标值")),
    (WEIGHTED, ("折算得分",)),
    (POINTS, ("权重占比", "分值", "权重")),
    (SCORE, ("得分", "自评分")),
    (NOTE, ("偏差原因", "未完成原因", "原因分析", "改进措施")),
    (COMPLETION, ("单项指标完成情况",)),
)
_LEVEL1 = re.compile(
    r"^(产出指标|效益指标|满意度指标|成本指标|项目决策|项目管理|项目产出|项目效益)"
    r"([（(]\d+(?:\.\d+)?分?[）)])?$"
)
_LEVEL2 = re.compile(
    r"^(?:(数量|质量|时效|成本|服务对象满意度|满意度|经济成本|社会成本|生态环境成本)指标"
    r"|(经济效益|社会效益|生态效益|环境效益|可持续影响)(?:指标)?)等?$"
)
_STOP = (
    "总分", "合计", "总计", "其他需要说明", "注:", "注：", "说明:", "说明：", "填报人",
    "联系电话", "填报日期", "单位负责人", "财务负责人", "项目负责人",
)  # fmt: skip
_COMPARATOR = "|".join(map(re.escape, COMPARATOR_WORDS)) + "|═|＝|＞|＜|≧|≦|﹦|﹤|﹥"
_BARE = re.compile(r"^\d+(?:\.\d+)?分?$")
_NUMBER = re.compile(r"^[-—–]?\d[\d,]*(?:\.\d+)?%?$|^[—–-]$")
# A unit cell, with the words some forms explain it by ("%(百分比)", "个(个数)").
_UNIT_ONLY = re.compile(
    rf"^(?:%|％|{'|'.join(map(re.escape, FORM_UNITS))})"
    r"(?:[(（][\u4e00-\u9fff]{1,6}[)）])?$"
)
# Words an actual written as text uses ("达成预期指标", "已完成", "效果显著"); a text cell
# after a figure target without them is the next row's name.
_ACTUAL_WORDS = re.compile(
    r"完成|达成|达到|实现|已|良好|优|合格|满意|显著|明显|提升|有效|正常|按时|及时|全部|是|否|无"
    r"|(?:建设|实施|施工|推进|进行)中"
)
_COMPARATOR_ONLY = re.compile(rf"^(?:{_COMPARATOR})$")
_NOTE_WORDS = re.compile(r"原因|由于|因为|未完成|偏差|改进|措施|无偏差|。")
_SEPARATORS = re.compile(r"[|｜\t\n]+|\s+")
_MAX_LEVEL_PARTS = 8


@dataclass
class _Row:
    level1: str
    level2: str
    name: str
    values: list[str] = field(default_factory=list)
    note: str = ""
    explanation: str = ""  # a 指标解释 cell: no value, shown where the row is placed


# How some forms number their rows ("指标1.", "指标2:"): a cell numbered so starts a row.
ROW_NUMBER = re.compile(r"^指标\s*\d+\s*[.．、:：]")
_CELL_LINE = re.compile(r"^[^|｜]*[|｜]\s*$")


def tokens(text: str, units_apart: bool = False) -> list[str]:
    """The cells of a flattened table: split at `|`, tabs, line breaks and spaces; then the
    pieces of one cell the flattening split (a level name one character per cell, a
    comparator or unit on its own) joined back; with `units_apart` (a form with a 计量单位
    column) a unit alone is a cell of its own.

    When the text is one cell per line ("cell |"), a line holding only "|" is an empty cell
    and is kept as "" (it tells which column the next value is in)."""
    lines = [line for line in text.split("\n") if line.strip()]
    per_line = sum(1 for line in lines if _CELL_LINE.match(line.strip()))
    if lines and per_line * 10 >= len(lines) * 7:
        raw = []
        for line in lines:
            cells = [c.strip() for c in re.split(r"[|｜]", line.strip())[:-1]] or [line.strip()]
            for cell in cells:
                raw += [t for t in cell.split() if t] or [""]
    else:
        raw = [t for t in _SEPARATORS.split(text) if t]
    raw = [atom for token in raw for atom in unglue(token)]
    out: list[str] = []
    i = 0
    while i < len(raw):
        joined = _level_run(raw, i)
        if joined is not None:
            text_, i = joined
            out.append(text_)
            continue
        token = raw[i]
        if _COMPARATOR_ONLY.match(token) and i + 1 < len(raw) and raw[i + 1]:
            token, i = token + raw[i + 1], i + 1  # "≧ | 735 | 人次" -> "≧735人次"
        glue = not units_apart and bool(out) and bool(re.search(r"\d$", out[-1]))
        if token and glue and _UNIT_ONLY.match(token):
            out[-1] += token
        else:
            out.append(token)
        i += 1
    return out


_LEVEL_WORDS = (
    "服务对象满意度指标", "可持续影响指标", "经济效益指标", "社会效益指标", "生态效益指标",
    "满意度指标", "产出指标", "效益指标", "成本指标", "数量指标", "质量指标", "时效指标",
)  # fmt: skip
_LEVEL_ALT = "|".join(_LEVEL_WORDS)
_GLUED = re.compile(
    rf"(?P<level>(?:{_LEVEL_ALT})(?:[（(]\d+(?:\.\d+)?分?[）)])?)"
    rf"|(?P<name>指标\d+[:：]?.+?(?=(?:{_LEVEL_ALT})|(?:{_COMPARATOR})|\d|$))"
    rf"|(?P<figure>(?:{_COMPARATOR})?\d+(?:\.\d+)?(?:%|{'|'.join(map(re.escape, FORM_UNITS))})?)"
    rf"|(?P<text>.+?(?=(?:{_LEVEL_ALT})|(?:{_COMPARATOR})|\d|$))"
)
_GLUED_MIN = 60  # no cell is this long with figures in it: several cells the flattening glued


def unglue(token: str) -> list[str]:
    """Cells glued without any separator ("安装坡面水标尺10≥266米≥266米10"), cut where a level
    name, a figure or a comparator starts; a short cell is left as it is."""
    if (
        len(token) < _GLUED_MIN
        or token.endswith(("。", "；"))  # a sentence (a 计算方法 note), not cells run together
        or not re.search(r"\d", token)
        or not re.search(r"[\u4e00-\u9fff]", token)
    ):
        return [token]
    return [m.group() for m in _GLUED.finditer(token) if m.group()]


def split_points(values: list[str], columns: Sequence[str]) -> list[str] | None:
    """A 分值 glued to the target after it ("20100%": 20 and 100%), when exactly one cut gives
    a 分值 ≤ 100 and a figure, neither with a leading zero; None when no or several cuts do."""
    if (
        POINTS not in columns
        or TARGET not in columns
        or columns.index(POINTS) > columns.index(TARGET)
    ):
        return None
    for k, value in enumerate(values):
        digits = re.match(r"^\d+", value)
        if digits is None or _BARE.match(value):
            continue
        cuts = [
            (value[:i], value[i:])
            for i in range(1, min(4, len(digits[0])))
            if (value[0] != "0" or i == 1)
            and int(value[:i]) <= 100
            and not value[i:].startswith("0")
        ]
        if len(cuts) == 1:
            return [*values[:k], *cuts[0], *values[k + 1 :]]
        return None
    return None


def _level_run(raw: Sequence[str], i: int) -> tuple[str, int] | None:
    """A level name split over cells ("产 出 指 标 (50分)", "社会效益 指标"), joined."""
    best: tuple[str, int] | None = None
    text = ""
    for j in range(i, min(len(raw), i + _MAX_LEVEL_PARTS)):
        text += raw[j]
        if _LEVEL1.match(text) or _LEVEL2.match(text):
            best = (text, j + 1)
    return best  # the longest run that is a level name (a single cell included)


def header_order(window: str, words: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    """The columns named in `window` (spaces removed), in the order they appear."""
    compact = re.sub(r"\s+|\|", "", window)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for column, variants in words:
        for variant in variants:
            start = compact.find(variant)
            while start != -1 and any(a <= start < b for a, b in taken):
                start = compact.find(variant, start + 1)
            if start != -1:
                found.append((start, column))
                taken.append((start, start + len(variant)))
                break
    return [column for _, column in sorted(found)]


def _kind_fits(column: str, value: str) -> bool:
    if not value:
        return True  # an empty cell kept by the flattening fits any column
    bare = bool(_BARE.match(value))
    if column in (POINTS, SCORE, WEIGHTED, "分值", "得分"):
        return bare and float(value.removesuffix("分")) <= 100
    if column == NOTE:
        return not bare
    if column == NATURE:
        return bool(_DIRECTION.match(value))
    if column == UNIT:
        return bool(_UNIT_ONLY.match(value))
    if column == "执行率":
        return bool(re.match(r"^\d+(?:\.\d+)?%$", value)) or bare
    if column in ("年初预算数", "全年预算数", "全年执行数"):
        return bool(_NUMBER.match(value)) and not value.endswith("%")
    return True


def place(
    values: Sequence[str], columns: Sequence[str], ties: bool = False
) -> dict[str, str] | None:
    """The best placement of `values`, in order, into `columns` (a column may stay empty);
    None when no placement fits every value, or when two fit equally well (unless `ties`:
    then the first best)."""
    if len(values) > len(columns):
        return None
    best: list[tuple[int, dict[str, str]]] = []
    for chosen in combinations(range(len(columns)), len(values)):
        if not all(_kind_fits(columns[c], v) for c, v in zip(chosen, values, strict=True)):
            continue
        score = sum(_preference(columns[c], v) for c, v in zip(chosen, values, strict=True))
        last = max(chosen, default=-1)
        score -= sum(  # a cell dropped inside a row is rarer than one dropped at its end
            4 if c < last else 1
            for c in range(len(columns))
            if c not in chosen and columns[c] not in (NOTE, NATURE, UNIT)
        )
        placed = {columns[c]: v for c, v in zip(chosen, values, strict=True)}
        if _points_then_score(placed):
            score += 2  # "10 10", "10 7": a 分值 and the 得分 it bounds, side by side
        best.append((score, placed))
    if not best:
        return None
    best.sort(key=lambda b: -b[0])
    if not ties and len(best) > 1 and best[0][0] == best[1][0] and best[0][1] != best[1][1]:
        return None
    return best[0][1]


def _points_then_score(placed: dict[str, str]) -> bool:
    points, score = placed.get(POINTS, ""), placed.get(SCORE, "")
    if not (_BARE.match(points) and _BARE.match(score)):
        return False
    return float(points.removesuffix("分")) >= float(score.removesuffix("分"))


def _preference(column: str, value: str) -> int:
    if not value:
        return 0
    bare = bool(_BARE.match(value))
    if column in (POINTS, SCORE, WEIGHTED, "分值", "得分"):
        return 3
    if column in (TARGET, ACTUAL):
        return 1 if bare else 2
    if column in (NATURE, UNIT):
        return 3  # a word only these columns take
    if column == "执行率":
        return 3 if value.endswith("%") else 0
    if column == "年初预算数":
        return 0  # the column most often left empty
    return 1


LEVEL1, LEVEL2 = _LEVEL1, _LEVEL2  # the level vocabularies, public
