"""The 证据清单 annex of every report: per indicator where its actual comes from, or what
evidence it lacks, and the share of the indicators' points resting on evidence (证据覆盖率).

An indicator rests on evidence when its actual was measured from the store (a binding) or
cites attached documents that were found; a typed-in actual does not, however true it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.evaluation import Evaluation, IndicatorScore
from jixiao.domain.presentation import rate_text, score_prose
from jixiao.domain.quantities import NO_UNIT
from jixiao.domain.targets import Comparator, EvidenceRef

SATISFACTION_BLOCK = "满意度指标"


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    level2: str
    name: str
    points: str
    backed: bool
    source: str  # the measure and its parameters, or "证明材料", or "无证据"
    citation: str  # what the evidence says (sample, SHA-256…) or what is missing
    needed: str  # for an indicator without evidence: what would back it


@dataclass(frozen=True, slots=True)
class EvidenceAnnex:
    lines: tuple[EvidenceLine, ...]
    backed_points: str
    points: str
    coverage: str  # 证据覆盖率, rounded down like every rate
    backed: int


def build_annex(evaluation: Evaluation) -> EvidenceAnnex:
    lines = [_line(row) for row in evaluation.indicators]
    total = sum((r.indicator.points for r in evaluation.indicators), Decimal(0))
    backed = sum(
        (
            r.indicator.points
            for r, line in zip(evaluation.indicators, lines, strict=True)
            if line.backed
        ),
        Decimal(0),
    )
    return EvidenceAnnex(
        tuple(lines),
        score_prose(backed),
        score_prose(total),
        rate_text(None if total == 0 else backed / total),
        sum(1 for line in lines if line.backed),
    )


def _line(row: IndicatorScore) -> EvidenceLine:
    ind, actual = row.indicator, row.indicator.actual
    points = score_prose(ind.points)
    if isinstance(actual, EvidenceRef):
        problem = actual.problem or "证据尚未取得"
        return EvidenceLine(
            ind.level2, ind.name, points, False, "证据未取得", problem, _needed(row)
        )
    if actual is not None and actual.evidence:
        if actual.binding:
            source, citation = f"度量：{actual.binding}", actual.evidence
        else:  # the citation names each document: title, kind, issuer, date, SHA-256
            source, citation = "证明材料", actual.evidence.removeprefix("证明材料：")
        return EvidenceLine(ind.level2, ind.name, points, True, source, citation, "")
    typed = "手工填写的实际完成值，无佐证" if actual is not None else "没有实际完成值"
    return EvidenceLine(ind.level2, ind.name, points, False, "无证据", typed, _needed(row))


def _needed(row: IndicatorScore) -> str:
    """What evidence would back the indicator, from its block, name and target.

    Said as a reviewer would ask for it: the annex goes to the finance bureau as it is, so it
    names records and documents, never the project file's keys or the program's commands."""
    ind, target = row.indicator, row.indicator.target
    if ind.level1 == SATISFACTION_BLOCK or "满意" in ind.name:
        return "满意度调查的答卷统计（调查对象、样本量、结果）"
    if target is None:
        return "先填写可衡量的年度指标值，再提供佐证"
    if target.comparator is Comparator.QUALITATIVE:
        return "验收报告、会议纪要、照片等证明材料"
    if target.comparator is Comparator.DEADLINE:
        return "付款或完成日期的凭证（支付记录、验收报告等）"
    if "在线" in ind.name:
        return "点位表与设备在线状态记录"
    if any(word in ind.name for word in _TICKET_WORDS):
        return "运维工单记录（报修、响应、修复时间）"
    unit = target.quantity.unit if target.quantity is not None else NO_UNIT
    if unit.symbol in ("元", "万元", "亿元"):
        return "支付记录与付款凭证"
    if unit.symbol in ("年", "月", "个月"):
        return "合同及其服务期限"
    if any(word in ind.name for word in _DEVICE_WORDS):
        return "点位表或验收报告"
    if unit is not NO_UNIT and unit.symbol != "%":
        return "统计台账或验收报告"
    return "检测、验收报告等证明材料"


_TICKET_WORDS = ("修复", "响应", "故障", "工单", "维修")
_DEVICE_WORDS = ("点位", "设备", "摄像", "监控", "终端", "探头")
