"""The 自评表 rules on tables shaped as published 自评表 are (one row per line, tab-separated
cells, as a table copied out of a spreadsheet): each fires on its defect and stays quiet
on the same table without it."""

from __future__ import annotations

from tests.unit.checks.reports import run

T = "\t"
HEADER = T.join(
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"]
)
FUNDS = "\n".join(
    [
        T.join(
            ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
        ),
        T.join(["年度资金总额", "38.76", "38.76", "38.76", "10", "100%", "10"]),
        T.join(["其中：当年财政拨款", "38.76", "38.76", "38.76", "—", "—", "—"]),
    ]
)
ROWS = (
    ("产出指标", "数量指标", "学生受资助人数", "≥735人次", "741人次", "20", "20"),
    ("产出指标", "质量指标", "营养改善计划覆盖率", "≥100%", "100%", "10", "10"),
    ("产出指标", "时效指标", "资金到位及时率", "≥100%", "100%", "10", "10"),
    ("产出指标", "成本指标", "生均补助标准", "≤800元", "800元", "10", "10"),
    ("效益指标", "社会效益指标", "政策知晓率", "≥95%", "98%", "30", "30"),
    ("满意度指标", "服务对象满意度指标", "学生满意度", "≥90%", "96.5%", "10", "10"),
)


def report(rows: tuple[tuple[str, ...], ...] = ROWS, total: str = "100") -> str:
    """A 自评表 as a county school publishes it: funds block, a blank line, indicator rows."""
    scores = sum(float(r[6]) for r in rows) + 10
    return "\n".join(
        [
            "2022年度义务教育营养改善计划专项资金绩效自评表",
            FUNDS,
            "",
            HEADER,
            *(T.join([*r, ""]) for r in rows),
            T.join(["总分", "", "", "", "", total, f"{scores:g}", ""]),
            "经发放调查问卷300份，收回有效问卷289份，学生满意度96.5%。",
        ]
    )


def replaced(index: int, row: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(row if i == index else r for i, r in enumerate(ROWS))


def test_the_reference_table_raises_none_of_the_sheet_rules() -> None:
    for rule in (
        "deducted-though-met",
        "target-missed",
        "actual-repeats-target",
        "weights-wrong",
        "weights-not-100",
        "indicator-duplicated",
        "indicator-misplaced",
        "cost-target-floor",
        "score-mismatch",
        "total-mismatch",
    ):
        assert run(rule, report()) == [], rule


def test_points_deducted_although_the_target_was_met() -> None:
    rows = replaced(2, ("产出指标", "时效指标", "资金到位及时率", "≥100%", "100%", "10", "7"))
    (finding,) = run("deducted-though-met", report(rows))
    assert "资金到位及时率" in finding.message and "7分" in finding.message


def test_a_missed_target_scored_below_its_points_is_not_deducted_though_met() -> None:
    rows = replaced(4, ("效益指标", "社会效益指标", "政策知晓率", "=100%", "98%", "30", "29"))
    assert run("deducted-though-met", report(rows)) == []


def test_full_points_although_the_actual_misses_the_target() -> None:
    rows = replaced(4, ("效益指标", "社会效益指标", "政策知晓率", "≥95%", "90%", "30", "30"))
    (finding,) = run("target-missed", report(rows))
    assert finding.severity == "warning" and "政策知晓率" in finding.message
    assert "满分" in finding.message


def test_actuals_that_only_repeat_the_targets() -> None:
    rows = tuple((*r[:4], r[3].lstrip("≥≤"), *r[5:]) for r in ROWS)
    (finding,) = run("actual-repeats-target", report(rows))
    assert "6个指标" in finding.message
    assert any("学生满意度" in e for e in finding.evidence)


def test_done_for_every_row_is_no_actual() -> None:
    rows = tuple((*r[:4], "已完成", *r[5:]) for r in ROWS)
    (finding,) = run("actual-repeats-target", report(rows))
    assert "完成" in finding.message


def test_an_actual_copying_the_comparator_is_flagged_alone() -> None:
    rows = replaced(4, ("效益指标", "社会效益指标", "政策知晓率", "≥95%", "≥95%", "30", "30"))
    (finding,) = run("actual-repeats-target", report(rows))
    assert "政策知晓率" in finding.message


def test_weights_seventy_twenty_ten_are_wrong() -> None:
    rows = (
        ("产出指标", "数量指标", "学生受资助人数", "≥735人次", "735人次", "40", "40"),
        ("产出指标", "质量指标", "营养改善计划覆盖率", "≥100%", "100%", "30", "30"),
        ("效益指标", "社会效益指标", "政策知晓率", "≥95%", "98%", "10", "10"),
        ("满意度指标", "服务对象满意度指标", "学生满意度", "≥90%", "96.5%", "10", "10"),
    )
    (finding,) = run("weights-wrong", report(rows))
    assert "产出指标70分" in finding.message and "效益指标10分" in finding.message


def test_weights_stated_in_the_level_cells() -> None:
    rows = tuple(
        (f"{r[0]}（{w}分）", *r[1:]) for r, w in zip(ROWS, (50, 50, 50, 50, 20, 20), strict=True)
    )
    (finding,) = run("weights-wrong", report(rows))
    assert "满意度指标20分" in finding.message
    fine = tuple(
        (f"{r[0]}（{w}分）", *r[1:]) for r, w in zip(ROWS, (50, 50, 50, 50, 30, 10), strict=True)
    )
    assert run("weights-wrong", report(fine)) == []


def test_the_same_indicator_in_two_blocks() -> None:
    rows = replaced(
        4, ("效益指标", "社会效益指标", "学生受资助人数", "≥735人次", "735人次", "30", "30")
    )
    (finding,) = run("indicator-duplicated", report(rows))
    assert finding.severity == "error" and "学生受资助人数" in finding.message


def test_a_payment_rate_as_a_quantity_and_a_rate_as_a_cost() -> None:
    rows = replaced(0, ("产出指标", "数量指标", "资金支付率", "≥100%", "100%", "20", "20"))
    (finding,) = run("indicator-misplaced", report(rows))
    assert "资金支付率" in finding.message
    rows = replaced(3, ("产出指标", "成本指标", "生均补助标准达标率", "=100%", "100%", "10", "10"))
    (finding,) = run("indicator-misplaced", report(rows))
    assert "生均补助标准达标率" in finding.message


def test_satisfaction_outside_its_block() -> None:
    rows = replaced(4, ("效益指标", "社会效益指标", "家长满意度", "≥95%", "98%", "30", "30"))
    (finding,) = run("indicator-misplaced", report(rows))
    assert "家长满意度" in finding.message


def test_a_cost_written_as_a_floor() -> None:
    rows = replaced(3, ("产出指标", "成本指标", "生均补助标准", "≥800元", "800元", "10", "10"))
    (finding,) = run("cost-target-floor", report(rows))
    assert "生均补助标准" in finding.message and "≥800元" in finding.message


def test_one_row_claiming_done_has_no_actual() -> None:
    rows = (("产出指标", "成本指标", "成本控制数", "≤30万元", "完成", "90", "90"),)
    (finding,) = run("actual-repeats-target", report(rows))
    assert "成本控制数" in finding.evidence[0]


def test_every_qualitative_row_graded_with_one_phrase() -> None:
    worded = (
        (
            "产出指标",
            "质量指标",
            "经费支出合规性",
            "严格执行相关制度规定",
            "达成预期指标",
            "5",
            "5",
        ),
        ("产出指标", "时效指标", "提交报告及时性", "在计划时间内完成", "达成预期指标", "5", "5"),
        (
            "效益指标",
            "社会效益指标",
            "对基建市场公平的影响",
            "效果明显",
            "达成预期指标",
            "30",
            "30",
        ),
    )
    (finding,) = run("actual-repeats-target", report(ROWS[:2] + worded))
    assert "达成预期指标" in finding.message and len(finding.evidence) == 3
    varied = (*worded[:2], (*worded[2][:4], "带动公平竞争，投诉0起", *worded[2][5:]))
    assert run("actual-repeats-target", report(ROWS[:2] + varied)) == []


def test_money_and_budget_management_outside_their_place() -> None:
    rows = replaced(
        0, ("产出指标", "数量指标", "工程资金金额", "≥43.2万元", "37.24万元", "20", "20")
    )
    (finding,) = run("indicator-misplaced", report(rows))
    assert "工程资金金额" in finding.message
    rows = replaced(4, ("效益指标", "经济效益指标", "结余率", "≤5%", "3%", "30", "30"))
    (finding,) = run("indicator-misplaced", report(rows))
    assert "预算管理" in finding.message


def test_a_rate_whose_figures_are_counts() -> None:
    rows = replaced(
        1, ("产出指标", "质量指标", "家庭医生签约率", "≥24694人", "22584人", "10", "10")
    )
    (finding,) = run("indicator-misplaced", report(rows))
    assert "家庭医生签约率" in finding.message and "人" in finding.message


def test_a_floor_written_in_the_name_of_a_cost() -> None:
    rows = replaced(3, ("产出指标", "成本指标", "投入资金(≥万元)", "1500", "1500", "10", "10"))
    (finding,) = run("cost-target-floor", report(rows))
    assert "投入资金" in finding.message
    rows = replaced(3, ("产出指标", "成本指标", "投入资金(万元)", "1500", "1500", "10", "10"))
    assert run("cost-target-floor", report(rows)) == []


def test_satisfaction_rows_filled_in_without_a_survey() -> None:
    unsurveyed = report().replace("经发放调查问卷300份，收回有效问卷289份，", "")
    (finding,) = run("unsupported-claim", unsurveyed)
    assert "学生满意度" in finding.message and "学生满意度 ≥90% 96.5%" in finding.evidence
    assert run("unsupported-claim", report()) == []


def test_row_weights_when_the_execution_points_were_not_read() -> None:
    rows = (
        ("产出指标", "数量指标", "学生受资助人数", "≥735人次", "741人次", "40", "40"),
        ("效益指标", "社会效益指标", "政策知晓率", "≥95%", "98%", "30", "30"),
        ("满意度指标", "服务对象满意度指标", "学生满意度", "≥90%", "96.5%", "20", "20"),
    )
    no_funds = report(rows).replace(FUNDS + "\n", "")
    (finding,) = run("weights-wrong", no_funds)
    assert "满意度指标20分" in finding.message and "按余下的10分计" in finding.message


def test_points_deducted_from_a_worded_target_the_actual_repeats() -> None:
    # real: 216 ("改善学校的办学条件" | "改善学校的办学条件", 15 points, 13 scored)
    rows = replaced(
        4,
        (
            "效益指标",
            "社会效益指标",
            "办学条件",
            "改善学校的办学条件",
            "改善学校的办学条件",
            "30",
            "27",
        ),
    )
    (finding,) = run("deducted-though-met", report(rows))
    assert "办学条件" in finding.message and "27分" in finding.message


def test_a_worded_actual_that_differs_from_its_target_is_not_deducted_though_met() -> None:
    rows = replaced(
        4, ("效益指标", "社会效益指标", "办学条件", "改善学校的办学条件", "部分改善", "30", "27")
    )
    assert run("deducted-though-met", report(rows)) == []


def test_an_execution_rate_row_scored_below_points_times_its_rate() -> None:
    # real: 216 (预算执行率 under 项目管理: 10 points, 100%, 9 scored)
    text = "\n".join(
        [
            "2021年度项目支出绩效自评表",
            HEADER,
            T.join(["项目管理", "投入管理", "预算执行率", "—", "100%", "10", "9", ""]),
            *(T.join([*r, ""]) for r in ROWS),
        ]
    )
    (finding,) = run("score-mismatch", text)
    assert "预算执行率得分9" in finding.message and "=10" in finding.message
    assert run("score-mismatch", text.replace("100%\t10\t9", "90%\t10\t9")) == []


GLUED_REPEATS = (
    "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及改进措施"
    "产出指标(40分)数量指标指标1免费发放原原种8550万粒550万粒8指标2企业自行采购8200万粒200万粒8"
    "成本指标指标1种薯采购价格不高于市场价8是是8经济效益指标指标1亩均增收85%5%8"
)


def test_a_table_whose_every_actual_repeats_its_target_is_one_finding() -> None:
    # real: 215 (a scanned 自评表, 分值 before the values)
    (finding,) = run("actual-repeats-target", GLUED_REPEATS)
    assert "4个指标中4个" in finding.message


def test_a_table_read_with_rows_left_out_is_not_judged_whole() -> None:
    text = GLUED_REPEATS.replace(
        "指标2企业自行采购", "指标3繁育基地8000亩8535.5亩指标2企业自行采购"
    )
    assert run("actual-repeats-target", text) == []


def test_a_cost_listed_under_an_ecological_benefit_is_misplaced() -> None:
    # real: 203 (对控制基建项目成本影响程度, 生态效益指标)
    rows = replaced(
        4,
        (
            "效益指标",
            "生态效益指标",
            "对控制基建项目成本影响程度",
            "效果明显",
            "达成预期指标",
            "30",
            "30",
        ),
    )
    (finding,) = run("indicator-misplaced", report(rows))
    assert "对控制基建项目成本影响程度" in finding.message
    saving = replaced(4, ("效益指标", "经济效益指标", "降低运维成本", "≥5%", "6%", "30", "30"))
    assert run("indicator-misplaced", report(saving)) == []


def test_a_safety_rate_is_no_economic_benefit() -> None:
    # real: 205 (指标1安全率, 经济效益指标)
    rows = replaced(4, ("效益指标", "经济效益指标", "安全率", "100%", "100%", "30", "30"))
    (finding,) = run("indicator-misplaced", report(rows))
    assert "经济效益" in finding.message
    income = replaced(
        4, ("效益指标", "经济效益指标", "带动农户增收达标率", "≥90%", "95%", "30", "30")
    )
    assert run("indicator-misplaced", report(income)) == []


def test_the_satisfaction_of_the_projects_own_staff_is_not_the_service_users() -> None:
    # real: 225 (聘用人员满意度 under 服务对象满意度指标)
    rows = replaced(
        5, ("满意度指标", "服务对象满意度指标", "聘用人员满意度", "≥95%", "96%", "10", "10")
    )
    (finding,) = run("indicator-misplaced", report(rows))
    assert "聘用人员满意度" in finding.message
    assert run("indicator-misplaced", report()) == []  # 学生满意度: the people served
    veterans = replaced(
        5, ("满意度指标", "服务对象满意度指标", "企业军转干部满意率", "≥95%", "100%", "10", "10")
    )
    assert run("indicator-misplaced", report(veterans)) == []  # a veterans' bureau's 服务对象


HEAD = "某县公安局\n2021年禁毒经费绩效自评报告\n"
GOALS = "年度总体目标完成情况 预期目标 实际完成情况\n{expected} {achieved}\n"


def test_a_goal_restated_as_done_without_a_figure_is_reported() -> None:
    expected = "有效打击毒品犯罪，遏制毒品蔓延，进一步增强全民禁毒意识"
    restated = "有效的打击了毒品犯罪，遏制了毒品蔓延，进一步增强了全民禁毒意识"
    text = HEAD + GOALS.format(expected=expected, achieved=restated)
    (finding,) = run("actual-repeats-target", text)
    assert "只把预期目标改写成已完成" in finding.message
    assert "有效的打击了毒品犯罪" in finding.evidence[0]
    # the same account with figures in it can be checked
    counted = "破获毒品案件32起，抓获嫌疑人41名，缴获毒品1.2千克，禁毒宣传覆盖8万人次"
    assert (
        run("actual-repeats-target", HEAD + GOALS.format(expected=expected, achieved=counted)) == []
    )


def test_a_labelled_goal_that_only_says_done_is_reported() -> None:
    (finding,) = run("actual-repeats-target", HEAD + "当年年度目标完成情况:已完成,目标已达到。\n")
    assert "只写了完成" in finding.message
    long_account = "完成全县视频监控点位的日常巡检、故障维修和软件升级，保障系统稳定运行"
    assert run("actual-repeats-target", HEAD + f"年度目标完成情况：{long_account}\n") == []


def test_counts_delivered_as_planned_are_no_copied_targets() -> None:
    """A 数量指标 table of things built ("22.8" 平方米, "2" 套): each count meeting its plan to the
    unit is what a delivered plan looks like. Rates repeating their targets beside them make
    the counts copies too."""
    counts = (
        ("产出指标", "数量指标", "公猪舍(平方米)", "22.8", "22.8", "10", "10"),
        ("产出指标", "数量指标", "隔离舍(平方米)", "54", "54", "10", "10"),
        ("产出指标", "数量指标", "产床(套)", "2", "2", "10", "10"),
    )
    assert run("actual-repeats-target", report(counts)) == []
    rates = (
        ("产出指标", "质量指标", "验收合格率", "100%", "100%", "10", "10"),
        ("效益指标", "社会效益指标", "知晓率", "90%", "90%", "10", "10"),
    )
    (finding,) = run("actual-repeats-target", report(counts + rates))
    assert "5个指标中5个" in finding.message


def test_goals_one_cell_per_line_repeated_word_for_word_are_reported_with_the_table() -> None:
    """A 区域绩效自评表 copied one cell per line: "预期目标", "目标实际完成情况", then each
    numbered goal followed by its account, here the goal again; the indicator actuals repeat
    their targets too: one finding for the form, the goals' account first."""
    goals = [
        "预期目标", "目标实际完成情况", "20",
        "目标1:深入开展食品风险隐患排查整治。", "目标1:深入开展食品风险隐患排查整治。",
        "目标2:加大违法行为打击力度。", "目标2:加大违法行为打击力度。",
    ]  # fmt: skip
    rows = tuple((*r[:4], r[3].lstrip("≥≤"), *r[5:]) for r in ROWS)
    text = "\n\n".join(goals) + "\n\n" + report(rows)
    (finding,) = run("actual-repeats-target", text)
    assert "年度总体目标实际完成情况" in finding.message and "6个指标中6个" in finding.message
    assert "深入开展食品风险隐患排查整治" in finding.evidence[0]
    accounted = [
        *goals[:4],
        "目标1:排查隐患320处，整改316处。",
        *goals[5:6],
        "目标2:查办案件41起。",
    ]
    assert (
        "年度总体目标"
        not in run("actual-repeats-target", "\n\n".join(accounted) + "\n\n" + report(rows))[
            0
        ].message
    )


def test_a_goal_account_of_a_claim_and_the_goals_own_words_is_reported() -> None:
    """ "项目实施情况已达到了规划预期效果,保障食堂运行和人员稳定。": a claim, then a clause
    of the expected goal; nothing of its own."""
    expected = "保障食堂运行和人员稳定,确保监区业务活动有序开展"
    claimed = "项目实施情况已达到了规划预期效果,保障食堂运行和人员稳定。"
    (finding,) = run(
        "actual-repeats-target", HEAD + GOALS.format(expected=expected, achieved=claimed)
    )
    assert "达到预期" in finding.message
    own = "项目实施情况已达到了规划预期效果,全年保障就餐人员稳定在编。"
    assert run("actual-repeats-target", HEAD + GOALS.format(expected=expected, achieved=own)) == []


def test_accounts_of_the_blocks_in_prose_without_a_figure_are_reported() -> None:
    """A report without a 自评表 accounts for its 产出/效益/管理 indicators in words only."""
    hollow = HEAD + (
        "(一)绩效目标完成情况分析。1 产出指标完成情况分析。保障了全区网络正常运行,均达到安全标准。"
        "2 .效益指标完成情况分析。电子化办公质量提高。3 .管理类指标完成情况分析。实施进度按计划进行,"
        "高质量完成各项目。4 .满意度指标完成情况分析。满意度达95%以上。\n"
    )
    (finding,) = run("actual-repeats-target", hollow)
    assert "产出指标、效益指标、管理类指标" in finding.message
    assert any("高质量完成各项目" in e for e in finding.evidence)
    counted = hollow.replace("保障了全区网络正常运行", "维护网站12个、网络设备86台")
    assert run("actual-repeats-target", counted) == []
    cut = HEAD + "1.产出指标完成情况。\n产出指标下的数量指标目标:完成召开领导小组会议次数"
    assert run("actual-repeats-target", cut) == []  # the text stops inside the account
    said = HEAD + "1.产出指标完成情况\n已验收合格。按照“智于管理”的理念,以新一代信息技术为支撑,以"
    (finding,) = run("actual-repeats-target", said)  # one whole sentence, and no figure in it
    assert "已验收合格" in finding.message


def test_an_output_block_whose_rows_exceed_fifty_is_wrong_before_the_table_ends() -> None:
    """A table cut after its 产出 rows: 40 + 10 + 10 already exceed the 50 an 产出 block has,
    whatever the blocks the excerpt lost. A row whose 二级 is no 产出 one (read under the wrong
    一级) is no evidence of the block's weight."""
    rows = (
        ("产出指标", "数量指标", "指标1:新建中心村数量", "≥4个", "4个", "40", "40"),
        ("产出指标", "质量指标", "指标1:验收通过率", "100%", "100%", "10", "10"),
        ("产出指标", "时效指标", "指标2:完成改造验收时间", "12月底前", "12月底前", "10", "10"),
    )
    (finding,) = run("weights-wrong", report(rows))
    assert "产出指标60分" in finding.message
    assert any("指标2:完成改造验收时间" in e for e in finding.evidence)
    misread = (*rows[:2], ("产出指标", "经济效益指标", "增收", "≥5%", "6%", "10", "10"))
    assert run("weights-wrong", report(misread)) == []


def test_an_output_block_over_fifty_is_wrong_when_the_funds_block_was_not_read() -> None:
    """902's shape: the funds block unread (no 分值 of 预算执行率 known), the 产出 rows 60 of 50."""
    rows = (
        ("产出指标", "数量指标", "指标1:受理件数", "≥4000件", "4200件", "20", "20"),
        ("产出指标", "数量指标", "指标2:办结件数", "≥3900件", "4100件", "20", "20"),
        ("产出指标", "质量指标", "指标1:办结率", "100%", "100%", "10", "10"),
        ("产出指标", "时效指标", "指标1:按时办结率", "100%", "100%", "10", "10"),
        ("效益指标", "社会效益指标", "指标1:群众办事时间缩短", "≥10%", "12%", "10", "10"),
    )
    unread = report(rows).replace(FUNDS, "")
    (finding,) = run("weights-wrong", unread)
    assert "产出指标60分" in finding.message and "预算执行率" not in finding.message.split("，")[0]
    # the funds row's 分值 written as 100 (902: "年度资金总额 150万 150万 125.25万 100 83.5% 98")
    funds_100 = report(rows).replace(
        T.join(["38.76", "10", "100%", "10"]), T.join(["38.76", "100", "100%", "98"])
    )
    assert "100" in funds_100 and funds_100 != report(rows)
    assert any("产出指标60分" in f.message for f in run("weights-wrong", funds_100))
    fifty = (rows[0], *rows[2:])  # 产出 40 of 50: what the lost rows hold may make it right
    quiet = run("weights-wrong", report(fifty).replace(FUNDS, ""))
    assert not any("各行分值合计" in f.message for f in quiet)


def test_a_cost_actual_above_all_that_was_spent_contradicts_the_funds_block() -> None:
    """902's kind: the 成本指标's actual is the budget (150万) while the block spent 125.25万."""
    cost = ("产出指标", "成本指标", "运行维护费", "≤40万元", "30万元", "10", "10")
    rows = (*(r for r in ROWS if "成本" not in r[1]), cost)
    assert not any("运行维护费" in f.message for f in run("actual-contradicts-text", report(rows)))
    above = (*rows[:-1], (*cost[:4], "45万元", *cost[5:]))  # the block spent 38.76万
    (finding,) = [f for f in run("actual-contradicts-text", report(above)) if "成本" in f.message]
    assert "45万元" in finding.message and "38.76万元" in finding.message
    per_head = (*rows[:-1], (*cost[:3], "≤1000元/人", "1200元/人", *cost[5:]))
    assert not any(
        "成本指标" in f.message for f in run("actual-contradicts-text", report(per_head))
    )


# The 湖北-style form of 303/317: 预算执行 20 points, 绩效目标 80, one cell per line.
TWENTY_POINT_FORM = "\n".join(
    [
        "{year}年度财政项目绩效自评表",
        "预算执行情况(万元)",
        "(20分)",
        "预算数(A)",
        "执行数(B)",
        "执行率(B/A)",
        "得分",
        "(20分*执行率)",
        "年度财政资金总额",
        "50",
        "10",
        "20",
        "4",
        "年度绩效目标",
        "(80分)",
    ]
)


def test_an_execution_weighted_twenty_points_is_wrong_after_10hao() -> None:
    (finding,) = run("weights-wrong", TWENTY_POINT_FORM.format(year=2022))
    assert "预算执行率按20分计" in finding.message and "(20分*执行率)" in finding.message
    assert finding.evidence[0] == "(20分*执行率)"
    blocks = TWENTY_POINT_FORM.format(year=2022) + "\n产出指标(60分)\n效益指标(10分)"
    (finding,) = run("weights-wrong", blocks)
    assert finding.evidence[-2:] == ("产出指标(60分)", "效益指标(10分)")  # where the 80 went


def test_a_mirrored_form_is_quoted_as_the_page_writes_it() -> None:
    text = "2020年度项目支出绩效自评表\n預(yù)算執(zhí)行情況(萬元)(20分)預(yù)算數(shù)(A)得分(20分*執(zhí)行率)"
    (finding,) = run("weights-wrong", text)
    assert "(20分*執(zhí)行率)" in finding.evidence


def test_ten_points_for_execution_or_a_year_before_10hao_is_quiet() -> None:
    ten = TWENTY_POINT_FORM.format(year=2022).replace("20分", "10分").replace("(80分)", "(90分)")
    assert run("weights-wrong", ten) == []
    assert run("weights-wrong", TWENTY_POINT_FORM.format(year=2019)) == []


def test_one_counted_figure_set_as_an_output_and_as_a_benefit() -> None:
    # 209: 时效 "2022年全年 ≥360天" and 可持续影响 "≥360天服务读者 ≥360天"
    rows = (
        *ROWS[:2],
        ("产出指标", "时效指标", "2022年全年", "≥360天", "≥360天", "10", "10"),
        *ROWS[3:5],
        ("效益指标", "可持续影响指标", "≥360天服务读者", "≥360天", "≥360天", "0", "0"),
        ROWS[5],
    )
    (finding,) = run("indicator-duplicated", report(rows))
    assert "≥360天服务读者" in finding.message and "2022年全年" in finding.message


def test_one_rate_in_two_blocks_or_one_figure_in_one_block_is_no_duplicate() -> None:
    # 100% under 产出 and 效益 is two measures that both reached 100%
    rows = replaced(4, ("效益指标", "社会效益指标", "政策知晓率", "≥100%", "100%", "30", "30"))
    assert run("indicator-duplicated", report(rows)) == []
    rows = replaced(
        1, ("产出指标", "数量指标", "受资助学生人数", "≥735人次", "741人次", "10", "10")
    )
    assert run("indicator-duplicated", report(rows)) == []


def test_a_payment_rate_under_a_level2_written_with_its_level1() -> None:
    # 414: "产出数量指标 | 资金支出率 | 95%"
    rows = replaced(0, ("产出指标", "产出数量指标", "资金支出率", "≥95%", "96%", "20", "20"))
    (finding,) = run("indicator-misplaced", report(rows))
    assert "资金支出率" in finding.message
    rows = replaced(
        0, ("产出指标", "产出数量指标", "学生受资助人数", "≥735人次", "741人次", "20", "20")
    )
    assert run("indicator-misplaced", report(rows)) == []


def test_a_benefit_block_with_no_indicator_at_all() -> None:
    # 412: 产出 and 满意度 rows, no 效益 row, a 总分 row ending the table
    rows = (
        ("产出指标", "数量指标", "学生受资助人数", "≥735人次", "741人次", "30", "30"),
        ("产出指标", "质量指标", "营养改善计划覆盖率", "≥100%", "100%", "20", "20"),
        ("满意度指标", "服务对象满意度指标", "学生满意度", "≥90%", "96.5%", "10", "10"),
    )
    (finding,) = run("weights-wrong", report(rows))
    assert "没有效益指标" in finding.message and "总分" in finding.evidence[0]
    assert run("weights-wrong", report()) == []


def test_a_rows_evidence_quotes_its_name_as_the_table_writes_it() -> None:
    """The row quoted with its numbering ("指标2:家庭医生签约率"), as a reviewer finds it in
    the table; the message names the indicator without it."""
    rows = (
        *ROWS[:1],
        ("产出指标", "数量指标", "指标2:家庭医生签约率", "24694人", "22584人", "10", "10"),
        *ROWS[1:],
    )
    (finding,) = run("indicator-misplaced", report(rows))
    assert "“家庭医生签约率”" in finding.message
    assert finding.evidence == ("数量指标 指标2:家庭医生签约率 24694人 22584人 10 10",)
