"""A glued 部门整体 自评表 whose 指标权重 stands between 指标值 and 全年完成值.

Some forms order the columns 指标名称 | 计量单位 | 指标性质 | 指标值 | 指标权重(分) | 全年完成值 |
指标得分(分) | 说明, and a conversion without separators gives each row as one run:
"绿化覆盖率%95598" is 绿化覆盖率 | % | 95 | 5 | 98 | 5: the four figures run together, and
only what is known cuts them:

- every figure is a number written without a leading zero; the 权重 is above 0 and at most
  100, the 得分 at most the 权重, both with at most two decimals; a figure of a row whose unit
  is % is at most 100;
- a row is read when exactly one cut fits. When several do, the report may settle it: a
  自评总分 that is the 执行率得分 plus the whole indicator weight (100 less the 执行率权重, the
  rate, the 权重 and the 得分 found together in the funds row, the 得分 being the rate times the
  权重) says no indicator lost a point, so each row's 得分 is its 权重;
- anything still read more than one way is left out with a note, never guessed; a row
  settled by the 自评总分 gets a note too (its 得分 is inferred, not read), so the checks
  treat the table as one not read whole.

The target is the figure with the row's unit ("28万亩"); the 完成值 is written bare, as the
form writes it once in 计量单位.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.domain.reading.glued_sheet import MIN_ROWS, PAGE_MARK, GluedRow
from jixiao.domain.reading.text import RawTable
from jixiao.domain.reading.values_last import FORM_UNITS

_NATURES = ("定量指标", "定性指标", "定量", "定性")
_ROW = re.compile(r"(?P<head>[^\d.]+?)(?P<digits>\d[\d.]*)(?=[^\d.]|$)")
_FIGURE = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_AT_MOST_TWO_DECIMALS = re.compile(r"\d+(?:\.\d{1,2})?")
_HEADER_REST = re.compile(r"^(?:[(（]分[)）]|说明|备注|[(（]%[)）])+")
_TOTAL = re.compile(r"自评总分\s*[(（]?\s*分?\s*[)）]?\s*[:：]?\s*(\d+(?:\.\d+)?)")
_MAX_RATE_WEIGHT = 30
_RATE = re.compile(r"(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?")
_CENT = Decimal("0.01")

Cut = tuple[str, str, str, str]  # 指标值, 权重, 完成值, 得分


def _order(header: str) -> bool:
    """指标值, then 权重, then 完成值, then 得分, in the header (spaces removed)."""
    at = [header.find(w) for w in ("指标值", "权重", "完成值", "得分")]
    return all(a >= 0 for a in at) and at == sorted(at)


def read_weighted_glued_sheet(text: str, start: int, end: int) -> tuple[RawTable, list[str]] | None:
    """The 自评表 of `text` whose header is text[start:end], when its rows are glued runs in
    the column order 指标值, 权重, 完成值, 得分."""
    header = re.sub(r"\s+", "", text[start:end])
    if "指标名称" not in header or "计量单位" not in header or not _order(header):
        return None
    body = _HEADER_REST.sub("", re.sub(r"\s+", "", PAGE_MARK.sub("", text[end:])))
    full_marks = _full_marks(re.sub(r"\s+", "", text[:start]))
    rows: list[GluedRow] = []
    notes: list[str] = []
    for m in _ROW.finditer(body):
        name, unit = _name_and_unit(m["head"])
        cuts = _cuts(m["digits"], unit == "%")
        inferred = len(cuts) > 1 and full_marks
        if inferred:
            cuts = [c for c in cuts if Decimal(c[1]) == Decimal(c[3])]
        if not name or len(cuts) != 1:
            notes.append(
                f"“{m[0]}”一行无法唯一地切分为指标名称、指标值、权重、完成值与得分，未读取"
            )
            continue
        target, points, actual, score = cuts[0]
        if inferred:  # the 得分 is inferred, not read: a miss "scored in full" is not judged
            notes.append(
                f"“{m[0]}”一行的数字可有多种切分，按自评总分推定各项得满分，读作"
                f"{target}{unit}｜{points}｜{actual}｜{score}"
            )
        rows.append(GluedRow(name, target + unit, actual, points, score, m[0]))
    if len(rows) < MIN_ROWS:
        return None
    table_rows: list[tuple[str, ...]] = [
        ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    ]
    table_rows += [("", "", r.name, r.target, r.actual, r.points, r.score) for r in rows]
    places = ("", *(r.source for r in rows))
    table = RawTable(tuple(table_rows), "自评表（无分隔，由文字还原）", places, notes=tuple(notes))
    return table, notes


def _name_and_unit(head: str) -> tuple[str, str]:
    """The name and the 计量单位 cell after it (a 指标性质 cell after the unit passed over)."""
    for nature in _NATURES:
        head = head.removesuffix(nature)
    unit = next((u for u in FORM_UNITS if head.endswith(u) and len(head) > len(u) + 1), "")
    name = head[: len(head) - len(unit)]
    for nature in _NATURES:
        name = name.removesuffix(nature)
    return name, unit


def _cuts(digits: str, percent: bool) -> list[Cut]:
    """Every cut of four glued figures that fits the columns (see the module's docstring)."""
    out: list[Cut] = []
    n = len(digits)
    for i in range(1, n - 2):
        for j in range(i + 1, n - 1):
            for k in range(j + 1, n):
                cut = (digits[:i], digits[i:j], digits[j:k], digits[k:])
                if _fits(cut, percent):
                    out.append(cut)
    return out


def _fits(cut: Cut, percent: bool) -> bool:
    if not all(_FIGURE.fullmatch(f) for f in cut):
        return False
    target, points, actual, score = (Decimal(f) for f in cut)
    if not all(_AT_MOST_TWO_DECIMALS.fullmatch(f) for f in (cut[1], cut[3])):
        return False
    if not 0 < points <= 100 or score > points:
        return False
    return not percent or (target <= 100 and actual <= 100)


def _full_marks(before: str) -> bool:
    """Whether the funds block and the 自评总分 above the indicators say every indicator got
    its full 权重: 自评总分 = 执行率得分 + (100 − 执行率权重), with the rate, the 权重 and the
    得分 written together ("79.27107.93": 79.27%, 10, 7.93) and the 得分 the rate times the 权重."""
    total = _TOTAL.search(before)
    if total is None:
        return False
    stated = Decimal(total[1])
    for weight in range(1, _MAX_RATE_WEIGHT + 1):
        earned = stated - (100 - weight)
        if earned < 0:
            continue
        glued = f"{weight}{earned}"
        for hit in re.finditer(re.escape(glued) + r"(?![\d.])", before):
            for length in range(1, 7):
                rate = before[max(0, hit.start() - length) : hit.start()]
                if _RATE.fullmatch(rate) and abs(Decimal(rate) * weight / 100 - earned) <= _CENT:
                    return True
    return False
