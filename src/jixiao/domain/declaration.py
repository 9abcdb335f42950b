"""The checks of a target declaration (绩效目标申报表) before the year starts.

What a finance bureau's review (and, a year later, the 复核 of the self-evaluation) punishes
can be caught when the targets are written: an indicator that cannot be measured, a cost
written as a floor, a 数量指标 that is really a payment rate, the same indicator in two
blocks, an indicator with no named source of evidence. Each rule has a stable id, listed in
docs/checks.md; the weights and qualitative bands are checked by the scoring rules as for any
project file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.domain.evaluation import Project
from jixiao.domain.findings import Finding, Severity
from jixiao.domain.indicators import Indicator
from jixiao.domain.targets import Comparator, EvidenceRef

# Words that make a name a rate of money, not a count of things (review-rules: 资金支付率 as a
# 数量指标 is a classic defect).
_MONEY_RATE = re.compile(r"(支付|执行|到位|拨付|使用)(率|进度)")
_COST = "成本指标"
_QUANTITY = "数量指标"
_TIMELINESS = "时效指标"
_SATISFACTION = "满意度指标"


# Each rule in a few words, for the 申报表's 检查意见 column (the full message is check's).
SHORT = {
    "target-none": "没有三级指标",
    "target-missing": "缺少指标值",
    "target-no-unit": "缺少计量单位",
    "target-ambiguous": "未写比较方向",
    "target-qualitative": "定性指标，宜量化",
    "cost-not-ceiling": "成本指标应为上限（≤）",
    "level2-mismatch": "与二级指标不符",
    "indicator-in-two-levels": "与另一一级指标下的指标重复",
    "target-no-evidence-source": "未指定证据来源",
}


def check_declaration(project: Project) -> list[Finding]:
    """Every problem of the declared targets, in the order of the indicators."""
    findings: list[Finding] = []
    for indicator in project.indicators:
        findings += _indicator(indicator)
    findings += _duplicates(project)
    if not project.indicators:
        findings.append(
            Finding("target-none", Severity.ERROR, "申报表没有任何三级指标", "绩效指标")
        )
    return findings


def _where(indicator: Indicator) -> str:
    return f"{indicator.level1}/{indicator.level2}/{indicator.name}"


def _indicator(indicator: Indicator) -> Iterator[Finding]:
    where, target = _where(indicator), indicator.target
    if target is None:
        yield Finding(
            "target-missing",
            Severity.ERROR,
            "没有年度指标值；应写明比较方向、数值和单位（如 ≥95%、≤180万元）或完成时限（如 2022年11月底前）",
            where,
        )
        return
    if target.comparator is Comparator.QUALITATIVE:
        # 满意度 without survey figures is given 0 in review (review-rules.md): never qualitative
        severity = Severity.ERROR if indicator.level1 == _SATISFACTION else Severity.WARNING
        yield Finding(
            "target-qualitative",
            severity,
            f"“{target.statement}”是定性指标，年终只能按档次评分；能量化的请写成数值（如 ≥95%），"
            "不能量化的请在偏差说明中写明评价标准和证据",
            where,
            (target.raw,),
        )
    elif target.quantity is not None:
        if target.assumption:
            yield Finding(
                "target-ambiguous",
                Severity.WARNING,
                f"“{target.raw}”：{target.assumption}；请在申报时写明比较方向（≥、≤ 或 =）",
                where,
                (target.raw,),
            )
        if not target.quantity.unit.symbol:
            yield Finding(
                "target-no-unit",
                Severity.ERROR,
                f"“{target.raw}”没有计量单位；请写明单位（%、个、路、万元、小时……）",
                where,
                (target.raw,),
            )
    yield from _direction(indicator)
    if not isinstance(indicator.actual, EvidenceRef):
        yield Finding(
            "target-no-evidence-source",
            Severity.WARNING,
            "没有指定证据来源：年终复核对无佐证材料的指标计0分；请绑定证据"
            "（actual: {measure: …}，如在线率、支付金额、满意度调查）",
            where,
        )


def _direction(indicator: Indicator) -> Iterator[Finding]:
    """The comparator and the kind of number must fit the 二级指标."""
    where, target = _where(indicator), indicator.target
    assert target is not None
    if indicator.level2 == _COST and target.comparator is Comparator.AT_LEAST:
        yield Finding(
            "cost-not-ceiling",
            Severity.ERROR,
            f"成本指标应为上限（≤），不应写“{target.raw}”：花得越多得分越高不合理",
            where,
            (target.raw,),
        )
    if indicator.level2 == _QUANTITY and (
        _MONEY_RATE.search(indicator.name)
        or (target.quantity is not None and target.quantity.unit.dimension == "金额")
    ):
        yield Finding(
            "level2-mismatch",
            Severity.ERROR,
            f"“{indicator.name}”是资金指标，不是数量指标：数量指标应计产出的数量（点位、台、次……）；"
            "资金支付进度请放在时效指标，金额请放在成本指标",
            where,
        )
    if (
        indicator.level2 == _TIMELINESS
        and target.comparator is not Comparator.DEADLINE
        and (target.quantity is None or target.quantity.unit.dimension not in _TIME_DIMENSIONS)
    ):
        yield Finding(
            "level2-mismatch",
            Severity.WARNING,
            f"时效指标“{indicator.name}”应写完成时限（如 2022年11月底前）或时长（如 ≤24小时），"
            f"而不是“{target.raw}”",
            where,
        )


_TIME_DIMENSIONS = frozenset({"时长", "月数", "工作日"})


def _duplicates(project: Project) -> Iterator[Finding]:
    """The same indicator in two blocks is counted twice by a careless reviewer and once by a
    careful one: either way it must not be declared twice."""
    seen: dict[str, Indicator] = {}
    for indicator in project.indicators:
        key = re.sub(r"[\s“”\"'（）()]", "", indicator.name)
        first = seen.get(key)
        if first is None:
            seen[key] = indicator
            continue
        if first.level1 != indicator.level1:
            yield Finding(
                "indicator-in-two-levels",
                Severity.ERROR,
                f"同一指标“{indicator.name}”同时列在“{first.level1}”和“{indicator.level1}”下；"
                "请只保留一处",
                _where(indicator),
            )
