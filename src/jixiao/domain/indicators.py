"""The indicator tree (一级/二级/三级指标) of a layout, block weights and each indicator's points.

Two layouts: mof-2020 (财预〔2020〕10号: 成本 is a 二级 under 产出) and mof-2021 (财预〔2021〕101号:
成本指标 is its own 一级 block, so its weight must be given). Budget execution (预算执行率) is
scored apart from the tree but carries a weight of its own; all weights sum to 100.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.errors import IndicatorError, WeightError
from jixiao.domain.money import round_half_up
from jixiao.domain.presentation import number
from jixiao.domain.targets import Actual, Target

EXECUTION = "预算执行率"
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    description: str
    blocks: Mapping[str, tuple[str, ...]]
    default_weights: Mapping[str, Decimal] | None


LAYOUTS: dict[str, Layout] = {
    "mof-2020": Layout(
        "mof-2020",
        "财预〔2020〕10号",
        {
            "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
            "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
            "满意度指标": ("服务对象满意度指标",),
        },
        {
            "产出指标": Decimal(50),
            "效益指标": Decimal(30),
            "满意度指标": Decimal(10),
            EXECUTION: Decimal(10),
        },
    ),
    "mof-2021": Layout(
        "mof-2021",
        "财预〔2021〕101号",
        {
            "产出指标": ("数量指标", "质量指标", "时效指标"),
            "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
            # 可持续影响 is kept: local 2021+ tables still print it; the 101号 body was not verified.
            "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
            "满意度指标": ("服务对象满意度指标",),
        },
        None,
    ),
}


@dataclass(frozen=True, slots=True)
class Indicator:
    """A 三级指标 with its place in the tree, target, actual and points (分值)."""

    level1: str
    level2: str
    name: str
    target: Target | None
    actual: Actual | None
    points: Decimal
    note: str = ""
    published_score: Decimal | None = None  # the 得分 the unit's own 自评表 gave the row


@dataclass(frozen=True, slots=True)
class IndicatorDraft:
    """An indicator as written, before points are settled (points may be omitted)."""

    level1: str
    level2: str
    name: str
    target: Target | None
    actual: Actual | None
    points: Decimal | None
    note: str = ""
    published_score: Decimal | None = None


def layout_named(name: str) -> Layout:
    if name not in LAYOUTS:
        raise IndicatorError(f"未知的指标体系“{name}”；可选：{'、'.join(LAYOUTS)}")
    return LAYOUTS[name]


def level1_name(layout: Layout, written: str) -> str:
    """The layout's 一级指标 name for `written`; "产出" and "服务对象满意度指标" are accepted."""
    candidates = {written, written + "指标", written.removeprefix("服务对象")}
    for name in layout.blocks:
        if name in candidates:
            return name
    valid = "、".join(layout.blocks)
    raise IndicatorError(f"未知的一级指标“{written}”；{layout.description}的一级指标为：{valid}")


def level2_name(layout: Layout, level1: str, written: str) -> str:
    """The layout's 二级指标 name under `level1` for `written` ("数量" -> "数量指标")."""
    allowed = layout.blocks[level1]
    for name in allowed:
        short = name.removeprefix("服务对象")
        if written in (name, name.removesuffix("指标"), short, short.removesuffix("指标")):
            return name
    raise IndicatorError(
        f"“{written}”不是“{level1}”下的二级指标；{layout.description}中“{level1}”的二级指标为："
        f"{'、'.join(allowed)}"
    )


def settle_weights(layout: Layout, given: Mapping[str, Decimal] | None) -> dict[str, Decimal]:
    """Block weights: given ones, else the layout's defaults; they must cover every block and sum to 100."""
    expected = [*layout.blocks, EXECUTION]
    if given is None:
        if layout.default_weights is None:
            raise WeightError(
                f"{layout.name}（{layout.description}）没有默认权重，请在 scoring.weights 中给出："
                f"{'、'.join(expected)}，合计100"
            )
        return dict(layout.default_weights)
    unknown = [k for k in given if k not in expected]
    if unknown:
        raise WeightError(
            f"未知的权重项“{'、'.join(unknown)}”；{layout.name}的权重项为：{'、'.join(expected)}"
        )
    missing = [k for k in expected if k not in given]
    if missing:
        raise WeightError(
            f"缺少权重项“{'、'.join(missing)}”；{layout.name}的权重项为：{'、'.join(expected)}"
        )
    total = sum(given.values(), Decimal(0))
    if total != HUNDRED:
        gap = HUNDRED - total
        detail = "、".join(f"{k}{number(v)}" for k, v in given.items())
        raise WeightError(
            f"权重合计为{number(total)}，应为100（{'少' if gap > 0 else '多'}"
            f"{number(abs(gap))}）：{detail}"
        )
    return {k: given[k] for k in expected}


def split_equally(weight: Decimal, count: int) -> list[Decimal]:
    """A block weight over `count` indicators: each rounded to 0.01, the remainder on the last.

    Rounding is half-up (50/7 -> 7.14 ×6 + 7.16); where rounding up would leave the last share
    negative (1 point over 40 indicators), the shares are rounded down instead.
    """
    if count <= 0:
        return []
    share = round_half_up(weight / count, 2)
    if share * (count - 1) > weight:
        share = (weight / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    shares = [share] * count
    shares[-1] = weight - share * (count - 1)
    return shares


def settle_points(
    drafts: Sequence[IndicatorDraft], weights: Mapping[str, Decimal]
) -> list[Indicator]:
    """Give every indicator its points.

    A block where every indicator omits its points gets the block weight split equally; a
    block that gives points must give them all and they must add up to the block weight.
    """
    points: list[Decimal | None] = [d.points for d in drafts]
    for level1 in {d.level1 for d in drafts}:
        members = [i for i, d in enumerate(drafts) if d.level1 == level1]
        given = [drafts[i].points for i in members if drafts[i].points is not None]
        weight = weights[level1]
        if not given:
            for i, share in zip(members, split_equally(weight, len(members)), strict=True):
                points[i] = share
            continue
        if len(given) != len(members):
            raise IndicatorError(
                f"“{level1}”中{len(given)}个指标写了分值、{len(members) - len(given)}个没写；"
                f"要么都写，要么都不写（不写则平分{number(weight)}分）"
            )
        total = sum((p for p in given if p is not None), Decimal(0))
        if total != weight:
            gap = weight - total
            raise IndicatorError(
                f"“{level1}”各三级指标分值合计{number(total)}，应为权重{number(weight)}"
                f"（{'少' if gap > 0 else '多'}{number(abs(gap))}）"
            )
    return [
        Indicator(d.level1, d.level2, d.name, d.target, d.actual, p, d.note, d.published_score)
        for d, p in zip(drafts, points, strict=True)
        if p is not None
    ]
