"""A clean hand-made report, and one broken variant per rule: the checker's test fixtures.

CLEAN is a complete, consistent report (text, a funds table and an indicator table, both as
tab-separated lines, as a report pasted from Word reads). Each variant breaks exactly what one
rule looks for, by a small edit of CLEAN.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.domain.checks import RULES, Context
from jixiao.domain.findings import Finding
from jixiao.domain.reading.facts import ReportFacts, read_facts
from jixiao.domain.reading.text import document_from_text

T = "\t"

CLEAN = "\n".join(
    [
        "某县公安局",
        "2021年天网工程运维经费绩效自评报告",
        "一、项目概况",
        "（一）项目基本情况",
        "天网工程于2019年3月1日通过终验正式上线运行，截至目前已正常运行3年。",
        "天网工程服务合同于2020年1月1日签订，合同金额为360万元，按照合同约定分36个月付清。"
        "以前年度已支付120万元，2021年支付120万元。",
        "（二）项目绩效目标",
        "2021年全年预算资金200万元，其中当年财政拨款150万元、上年结转资金50万元。",
        "指标权重为产出指标（50分）、效益指标（30分）、满意度指标（10分）、预算执行率（10分）。",
        "二、项目资金申报及使用情况",
        "2021年3月，某县财政局以某财预【2021】15号文下达资金200万元，资金到位率100%。",
        "2021年全年支付200万元，其中合同服务费120万元、设备维修80万元，预算执行率100%。",
        "2021年12月20日支付完成全年服务费。",
        "项目资金表",
        T.join(
            ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
        ),
        T.join(["年度资金总额", "200", "200", "200", "10", "100%", "10"]),
        T.join(["其中：当年财政拨款", "150", "150", "150", "—", "—", "—"]),
        T.join(["上年结转资金", "50", "50", "50", "—", "—", "—"]),
        "三、项目绩效情况",
        "经平台统计，全年视频点位平均在线率为96%。",
        "经发放满意度调查问卷200份，收回有效问卷186份，群众满意度为93%。",
        "绩效指标表",
        T.join(
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "完成情况",
                "分值",
                "得分",
            ]
        ),
        T.join(
            ["产出指标", "数量指标", "维护视频监控点位数", "≥700路", "710路", "100%", "15", "15"]
        ),
        T.join(["产出指标", "质量指标", "视频点位在线率", "≥95%", "96%", "100%", "15", "15"]),
        T.join(["产出指标", "时效指标", "故障修复时限", "≤24小时", "12小时", "100%", "10", "10"]),
        T.join(
            [
                "产出指标",
                "时效指标",
                "服务费支付完成时间",
                "2021年12月底前",
                "2021年12月20日",
                "100%",
                "10",
                "10",
            ]
        ),
        T.join(
            [
                "效益指标",
                "可持续影响指标",
                "系统长效稳定运行",
                "定性:长效运行",
                "达成年度指标",
                "达成",
                "30",
                "27",
            ]
        ),
        T.join(
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", "100%", "10", "10"]
        ),
        T.join(["总分", "", "", "", "", "", "100", "97"]),
        "四、评价结论",
        "该项目自评总分97分，自评等级为优。",
        "某县公安局",
        "2022年3月15日",
    ]
)

# Long paragraphs that another report of the same run also contains, word for word.
BOILERPLATE = "\n".join(
    [
        "我单位严格执行《行政事业单位财务管理制度》，严格按照上级要求上报专项资金使用计划，"
        "并在实施过程中做到资金专项专用，所有支出严格按照财务会计管理规定执行。",
        "加强财务人员培训，熟练掌握预算编制和预算执行等各项政策，严格遵守各项财经纪律，"
        "不断提高业务能力，不断提高绩效目标管理水平，确保资金对应绩效目标执行。",
    ]
)
OTHER_WITH_BOILERPLATE = "某县公安局\n视频会议系统升级改造经费绩效自评报告\n" + BOILERPLATE
OTHER_UNRELATED = "某县公安局\n视频会议系统升级改造经费绩效自评报告\n视频会议系统于2021年2月建成。"


def edit(old: str, new: str, text: str = CLEAN) -> str:
    assert old in text, f"fixture text not found: {old}"
    return text.replace(old, new)


def row(*cells: str) -> str:
    return T.join(cells)


# rule id -> (the broken report, the other reports of the run)
BROKEN: dict[str, tuple[str, tuple[str, ...]]] = {
    "event-date-conflict": (
        edit("三、项目绩效情况", "天网工程于2019年5月10日通过终验正式上线运行。\n三、项目绩效情况"),
        (),
    ),
    "duration-mismatch": (edit("已正常运行3年", "已正常运行1年6个月"), ()),
    "amount-unit-slip": (edit("设备维修80万元", "设备维修80.125元"), ()),
    "parts-sum-mismatch": (edit("上年结转资金50万元。", "上年结转资金40万元。"), ()),
    "allocation-rate-mismatch": (edit("下达资金200万元", "下达资金150万元"), ()),
    "execution-rate-mismatch": (edit("预算执行率100%。", "预算执行率90%。"), ()),
    "completion-mismatch": (
        edit(row("≥95%", "96%", "100%"), row("≥95%", "96%", "90%")),
        (),
    ),
    "score-mismatch": (edit(row("10", "100%", "10"), row("10", "100%", "12")), ()),
    "total-mismatch": (edit(row("100", "97"), row("100", "95")), ()),
    "no-indicators": (
        CLEAN[: CLEAN.index("三、项目绩效情况")]
        + "三、项目绩效情况\n项目运行良好，群众反映较好。\n四、评价结论\n该项目完成良好。",
        (),
    ),
    "indicator-no-target": (edit("≥700路", "全面维护"), ()),
    "indicator-no-actual": (edit(row("≥700路", "710路"), row("≥700路", "—")), ()),
    "actual-contradicts-text": (edit("平均在线率为96%", "平均在线率为98%"), ()),
    "target-missed": (edit(row("≥95%", "96%", "100%"), row("≥95%", "93%", "100%")), ()),
    "unsupported-claim": (edit("经发放满意度调查问卷200份，收回有效问卷186份，", ""), ()),
    "deadline-contradicted": (
        edit(row("2021年12月底前", "2021年12月20日"), row("2021年11月底前", "如期完成")),
        (),
    ),
    "foreign-project": (
        edit(
            "四、评价结论",
            "某县公安局政法队伍教育整顿工作经费在当期完成了项目的总体实施。\n四、评价结论",
        ),
        (),
    ),
    "foreign-unit": (
        edit("四、评价结论", "盐池县公安局严格按照财经纪律执行。\n四、评价结论"),
        (),
    ),
    "shared-boilerplate": (CLEAN + "\n" + BOILERPLATE, (OTHER_WITH_BOILERPLATE,)),
    "same-report": (CLEAN, (CLEAN + "\n",)),  # one report uploaded twice (.txt and .docx)
    "conversion-debris": (edit("四、评价结论\n", "四、评价结论\n[bookmark: _GoBack]"), ()),
    "obligation-arrears": (edit("以前年度已支付120万元", "以前年度已支付60万元"), ()),
    "weights-not-100": (edit("满意度指标（10分）", "满意度指标（20分）"), ()),
    "score-out-of-band": (
        edit(row("达成", "30", "27"), row("达成", "30", "20"))
        .replace(row("100", "97"), row("100", "90"))
        .replace("自评总分97分", "自评总分90分"),
        (),
    ),
    "grade-mismatch": (edit("自评等级为优", "自评等级为良"), ()),
    "overspent-unexplained": (
        edit(
            row("年度资金总额", "200", "200", "200", "10", "100%", "10"),
            row("年度资金总额", "200", "200", "212", "10", "106%", "10"),
        )
        .replace(row("150", "150", "150"), row("150", "150", "162"))
        .replace(
            "全年支付200万元，其中合同服务费120万元、设备维修80万元，预算执行率100%",
            "全年支付212万元，其中合同服务费120万元、设备维修92万元，预算执行率106%",
        ),
        (),
    ),
    "table-unreadable": (
        # the indicator table cut after its header, as a web page's excerpt ends
        CLEAN[: CLEAN.index("完成情况\t分值\t得分") + len("完成情况\t分值\t得分")] + "\n……",
        (),
    ),
    "deducted-though-met": (
        edit(row("710路", "100%", "15", "15"), row("710路", "100%", "15", "12"))
        .replace(row("100", "97"), row("100", "94"))
        .replace("自评总分97分", "自评总分94分"),
        (),
    ),
    "actual-repeats-target": (edit(row("≥700路", "710路"), row("≥700路", "≥700路")), ()),
    "weights-wrong": (
        edit("产出指标（50分）、效益指标（30分）", "产出指标（60分）、效益指标（20分）"),
        (),
    ),
    "indicator-duplicated": (edit("系统长效稳定运行", "视频点位在线率"), ()),
    "indicator-misplaced": (edit("维护视频监控点位数", "资金支付率"), ()),
    "cost-target-floor": (
        edit(
            row("时效指标", "故障修复时限", "≤24小时", "12小时"),
            row("成本指标", "运维服务成本", "≥100万元", "100万元"),
        ),
        (),
    ),
}


def facts_of(text: str, name: str = "report.txt") -> ReportFacts:
    return read_facts(document_from_text(name, text))


def run(rule: str, text: str, others: Sequence[str] = ()) -> list[Finding]:
    """The findings of one rule on a report given as text."""
    other_facts = tuple(facts_of(o, f"other{i}.txt") for i, o in enumerate(others))
    return RULES[rule].run(Context(facts_of(text), other_facts))


def funds(*rows: tuple[str, ...]) -> str:
    """A 自评表's funds block, tab-separated, under its header."""
    header = (
        "项目资金（万元）",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    )
    return "\n".join(T.join(r) for r in (header, *rows))
