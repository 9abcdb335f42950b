"""Claims a report makes without the evidence a reviewer asks for (unsupported-claim).

A 满意度 figure, in the 自评表's rows or in the prose, with no survey anywhere in the report
(问卷, 回访, 样本数); a monitored rate (在线率, 完好率…) of 100% stated with no data source (监测,
统计, 抽查…) beside it. Rates that stand in a table row, beside the counts or amounts they come from, or in a
goal's statement are not claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.domain.checks.base import Context, Hit, named, quote
from jixiao.domain.checks.claims import satisfaction_raised_unmeasured
from jixiao.domain.reading.indicators import IndicatorFact
from jixiao.domain.reading.mentions import RateKind
from jixiao.domain.reading.mirror import plain_form
from jixiao.domain.reading.text import compact
from jixiao.domain.targets import COMPARATOR_WORDS, Measured

SURVEY = re.compile(
    r"问卷|满意度调查|满意度测评|调查表|回访|抽样调查|受访|有效样本|调查对象"
    r"|发放[^。]{0,8}份|收回[^。]{0,8}份"
)
MEASUREMENT = re.compile(r"监测|统计|巡检|平台|记录|抽查|考核|检测|测评|台账|日志|工单")
# Rates a monitoring system measures (a video network's 在线率, a device's 完好率, a line's
# 可用率): 100% of one needs its source. Other rates of 100% ("办案准确率", "验收合格率",
# "执行率") are not taken for claims: no reviewer of the 177 real reports counted one as a defect,
# and in the development files each was a false alarm.
MONITORED = re.compile(
    r"在线率|完好率|可用率|运行率|上线率|联网率|接通率|修复率|故障处理率|录像完整率|录像保存率"
)


def _as_written(raw: str, sentence: str) -> str:
    """A claim with the figure written right after it: a form run into one line gives the
    target then the actual ("演出人员满意度100%100%")."""
    at = sentence.find(raw)
    if at < 0:
        return raw
    after = re.match(r"\s*\d+(?:\.\d+)?\s*[%％]", sentence[at + len(raw) :])
    return raw + (after[0] if after else "")


_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*(?:%|件|人次|人|户|个|次|台|套|路|处|份|家|起)")


def _row_like(sentence: str, rows: tuple[str, ...] = ()) -> bool:
    """A table row flattened into a line: cells split by "|" or runs of figures ("100% 100% 12.5");
    a line opening with an indicator the table was read with ("指标8.培训人员覆盖率 100% 100%");
    or a whole 自评表 run into one line (an OCR'd form: its header words, 三级指标 and 实际完成值,
    among its figures)."""
    squeezed = re.sub(r"\s+", "", sentence)
    return (
        bool(_LEVEL_FIRST.match(squeezed))
        or len(set(_LEVEL_LABELS.findall(squeezed))) >= 2
        or "|" in sentence
        or "\t" in sentence
        or bool(re.search(r"(?:\d+(?:\.\d+)?%?\s+){3}\d", sentence))
        or (bool(rows) and squeezed.startswith(rows))
        or len(set(_HEADER_WORDS.findall(squeezed))) >= 2
    )


# A line that opens with an indicator's level ("成本指标资助标准达标率100%20") is a row of a
# 指标表; one that names two levels ("时效指标…成本指标…") is a form run into one line.
_LEVEL_LABELS = re.compile(
    r"(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|满意度)指标"
)
_LEVEL_FIRST = re.compile(rf"^(?:[一二三四五六七八九十\d]{{1,2}}[、.．]?)?{_LEVEL_LABELS.pattern}")
_HEADER_WORDS = re.compile(r"三级指标|二级指标|年度指标值|实际完成值|全年实际值|指标值")
_AMOUNT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*[万萬]?元")
# A goal as the report states it ("目标3:提高监管人员专业水平,培训率达100%"): a target, not a claim.
_GOAL = re.compile(
    r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）、.．]\s*)?(?:年度|总体|绩效|预期)?目标\s*\d*\s*[:：]"
)


def _counted(sentence: str) -> bool:
    """A rate stated beside the counts it comes from ("上报151307件，受理147380件…立案率100%"), or
    beside the amounts it is computed from ("预算10万元,实际支出10万元,执行率100%")."""
    return len(_FIGURE.findall(sentence)) >= 3 or len(_AMOUNT.findall(sentence)) >= 2


def _copied_target(fact: IndicatorFact) -> bool:
    """An actual that is the target copied with its comparator ("≥95%" | "≥95%"): it states no
    result, so it claims nothing (actual-repeats-target's finding)."""
    actual, target = compact(fact.actual_raw or ""), compact(fact.target_raw or "")
    return actual.startswith(COMPARATOR_WORDS) and actual == target


# A 绩效目标申报表 (or 目标表) with no word of a result: every figure in it is a target.
_DECLARATION = re.compile(r"绩效目标(?:申报)?表|目标申报表")
_RESULT_WORDS = re.compile(r"自评|实际完成|完成值|实际值|完成情况")


def declares_targets_only(text: str) -> bool:
    """A target declaration: its title names one within its first lines, and no result is said."""
    return bool(_DECLARATION.search(text[:600])) and not _RESULT_WORDS.search(text)


def unsupported_claims(context: Context) -> Iterator[Hit]:
    facts = context.facts
    text = facts.document.text
    if declares_targets_only(text):
        return  # "社会满意度 100%" in a 申报表 is the target set, not a result claimed
    surveyed = bool(SURVEY.search(text))
    claims = [r for r in facts.mentions.rates if r.kind is RateKind.SATISFACTION and not r.negated]
    if not claims and not any("满意" in f.name and f.from_table for f in facts.indicators):
        yield from satisfaction_raised_unmeasured(context, surveyed)
    seen: set[str] = set()
    if not surveyed:
        rows = [
            f
            for f in facts.indicators
            if f.actual_raw
            and ("满意" in f.name or f.level1.startswith("满意度"))
            and not _copied_target(f)
        ]
        if rows:  # the 自评表's own 满意度 rows, one finding for the table
            yield Hit(
                f"{'、'.join(named(f.name) for f in rows)}填了实际完成值，"
                "报告却没有满意度调查（问卷、回访、样本数）",
                str(rows[0].actual_location or rows[0].location),
                tuple(f"{f.name} {f.target_raw or '—'} {f.actual_raw}" for f in rows),
            )
        hedges = [s for s in re.split(r"[。；]", text) if "基本满意" in s]
        in_rows = {f.actual.quantity.value for f in rows if isinstance(f.actual, Measured)}
        for claim in claims:
            if claim.raw in seen or claim.at.paragraph < 0 or claim.value in in_rows:
                continue  # a figure the table's 满意度 row states is that row's finding
            seen.add(claim.raw)
            evidence = [_as_written(claim.raw, claim.at.sentence), quote(claim.at.sentence)]
            evidence += [f"同一报告又写：{quote(h)}" for h in hedges]
            yield Hit(
                f"“{claim.raw}”没有依据：报告没有满意度调查（问卷、回访、样本数）",
                str(claim.at.location),
                tuple(evidence),
            )
    rows_read = tuple(
        re.sub(r"\s+", "", f.name_as_written) for f in facts.indicators if len(f.name) >= 4
    )
    for claim in facts.mentions.rates:
        if (
            _row_like(claim.at.sentence, rows_read)
            or _counted(claim.at.sentence)
            or _GOAL.match(claim.at.sentence)
        ):
            continue
        if (
            claim.kind is RateKind.MEASURED
            and MONITORED.search(plain_form(claim.subject))
            and claim.value >= 100
            and not claim.negated
            and claim.at.paragraph >= 0
            and claim.raw not in seen
            and not MEASUREMENT.search(claim.at.sentence)
        ):
            seen.add(claim.raw)
            yield Hit(
                f"“{claim.raw}”没有说明依据（监测、统计或抽查的数据来源）",
                str(claim.at.location),
                (quote(claim.at.sentence),),
            )
